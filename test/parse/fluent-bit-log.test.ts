import t from 'tap';
import { parseFluentBitLog } from '../../src/parse/fluent-bit-log.js';
import { Severity } from '../../src/model/severity.js';

// flb_log_construct: `[%Y/%m/%d %H:%M:%S] [%5s] ` then the message, often `[plugin:name:instance] ...`.
void t.test('the padded level comes off; the plugin instance is the logger and stays in the message', async (t) => {
  const l = parseFluentBitLog('[2023/07/25 05:26:44] [error] [output:http:http.0] HTTP status=503 URI=/');
  t.same([l?.format, l?.severityNumber, l?.levelText, l?.logger, l?.message, l?.timeMs],
    ['fluent-bit', Severity.ERROR, 'error', 'output:http:http.0', '[output:http:http.0] HTTP status=503 URI=/', Date.UTC(2023, 6, 25, 5, 26, 44)]);
  t.equal(parseFluentBitLog('[2021/05/25 15:49:24] [ warn] [engine] failed to flush chunk')?.severityNumber, Severity.WARN);
  const info = parseFluentBitLog('[2021/05/25 15:49:24] [ info] switching to the next log file');
  t.same([info?.severityNumber, info?.logger, info?.message], [Severity.INFO, undefined, 'switching to the next log file']);
});

void t.test('look-alikes stay out', async (t) => {
  t.equal(parseFluentBitLog('[2021/05/25 15:49:24] [INFO ] not padded the Fluent Bit way'), undefined);
  t.equal(parseFluentBitLog('[2021/05/25 15:49:24] engine started'), undefined);
});
