import t from 'tap';
import { parsePhpDisplay } from '../../src/parse/php-display.js';
import { Severity } from '../../src/model/severity.js';

// php_error_cb: logged `PHP %s:  %s in %s on line %d`, displayed `%s: %s in %s on line %d`.
void t.test("PHP's errors without a stamp: the type is the level, the line is the message", async (t) => {
  const logged = parsePhpDisplay('PHP Fatal error:  Out of memory (allocated 149422080) (tried to allocate 20480 bytes) in /srv/app/vendor/a.php on line 62');
  t.same([logged?.format, logged?.severityNumber, logged?.levelText, logged?.message.slice(0, 22)], ['php', Severity.ERROR, 'Fatal error', 'PHP Fatal error:  Out ']);
  t.equal(parsePhpDisplay('PHP Warning:  Undefined variable $x in /srv/a.php on line 5')?.severityNumber, Severity.WARN);
  t.equal(parsePhpDisplay('Fatal error: Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/a.php on line 12')?.severityNumber, Severity.ERROR);
  t.equal(parsePhpDisplay("Fatal error: Uncaught Exception: boom in /var/www/a.php:3")?.severityNumber, Severity.ERROR);
  t.equal(parsePhpDisplay('Deprecated: Function create_function() is deprecated in /var/www/b.php on line 7')?.severityNumber, Severity.INFO);
});

void t.test('a displayed type needs the ` on line N` PHP ends it with', async (t) => {
  t.equal(parsePhpDisplay('Warning: the config file is missing, using defaults'), undefined);
  t.equal(parsePhpDisplay('PHP Warning: one space is not the logged form'), undefined);
  t.equal(parsePhpDisplay('Fatal error: something in the end'), undefined);
});
