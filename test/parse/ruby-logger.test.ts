import t from 'tap';
import { parseRubyLogger } from '../../src/parse/ruby-logger.js';
import { Severity } from '../../src/model/severity.js';

// Logger::Formatter: `%.1s, [%s #%d] %5s -- %s: %s`.
void t.test('severity, time and pid come off; the progname is the logger and opens the message, as the packs read it', async (t) => {
  const l = parseRubyLogger('E, [2022-07-20T15:03:42.585844 #473] ERROR -- : adding listener failed addr=0.0.0.0:3000 (in use)');
  t.same([l?.format, l?.severityNumber, l?.levelText, l?.pid, l?.logger, l?.message, l?.timeMs],
    ['ruby-logger', Severity.ERROR, 'ERROR', 473, undefined, '-- : adding listener failed addr=0.0.0.0:3000 (in use)', Date.UTC(2022, 6, 20, 15, 3, 42) + 585.844]);
  const w = parseRubyLogger('W, [2023-01-02T03:04:05.000006 #12]  WARN -- sidekiq: Terminating 1 busy threads');
  t.same([w?.severityNumber, w?.logger, w?.message], [Severity.WARN, 'sidekiq', '-- sidekiq: Terminating 1 busy threads']);
  t.equal(parseRubyLogger('A, [2023-01-02T03:04:05.000006 #12]   ANY -- : unknown severity')?.severityNumber, Severity.ERROR);
  t.equal(parseRubyLogger('I, [2013-02-19T12:00:00.123456#4567]  INFO -- : before logger 1.4')?.pid, 4567);
});

void t.test('look-alikes stay out', async (t) => {
  t.equal(parseRubyLogger('I, [2022-07-20T15:03:30.774434 #473]  WARN -- : initial and level disagree'), undefined);
  t.equal(parseRubyLogger('I, [2022-07-20T15:03:30.774434 #473]  INFO no dashes'), undefined);
  t.equal(parseRubyLogger('I, [not a time at all, friends #1] INFO -- : x'), undefined);
});
