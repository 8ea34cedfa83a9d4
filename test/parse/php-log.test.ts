import t from 'tap';
import { parsePhpLog } from '../../src/parse/php-log.js';
import { Severity } from '../../src/model/severity.js';

// PHP's error_log (`[d-M-Y H:i:s e] PHP <type>:  msg`) and FPM's zlog (`[%d-%b-%Y %H:%M:%S] LEVEL: msg`).
void t.test("PHP's errors: the type is the level, the message is kept whole", async (t) => {
  const fatal = parsePhpLog('[15-Mar-2023 09:42:07 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/index.php:3');
  t.same([fatal?.format, fatal?.timeMs, fatal?.severityNumber, fatal?.message.slice(0, 23)], ['php', Date.UTC(2023, 2, 15, 9, 42, 7), Severity.ERROR, 'PHP Fatal error:  Uncau']);
  t.equal(parsePhpLog('[15-Mar-2023 09:42:07 UTC] PHP Warning:  Undefined variable $x in /var/www/a.php on line 5')?.severityNumber, Severity.WARN);
  const berlin = parsePhpLog('[15-Mar-2023 09:42:07 Europe/Berlin] PHP Notice:  Undefined index: id in /var/www/a.php on line 9');
  t.same([berlin?.severityNumber, berlin?.timeMs], [Severity.INFO, undefined], 'a named zone keeps the transport time');
});

void t.test("FPM's own lines: the level word, then the message", async (t) => {
  const l = parsePhpLog('[15-Mar-2023 09:42:07] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it');
  t.same([l?.severityNumber, l?.levelText, l?.message], [Severity.WARN, 'WARNING', '[pool www] server reached pm.max_children setting (5), consider raising it']);
  t.equal(parsePhpLog('[15-Mar-2023 09:42:07.123456] NOTICE: fpm is running, pid 1')?.severityNumber, Severity.INFO + 1);
  t.equal(parsePhpLog('[15-Mar-2023 09:42:07]  [pool www] pid 7'), undefined, 'the slow log has no level');
  t.equal(parsePhpLog('[15-Mar-2023 09:42:07] PHP Banana:  x'), undefined);
});
