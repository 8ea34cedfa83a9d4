import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// httpd 2.2's fixed error log prefix and 2.4's default ErrorLogFormat (server/log.c).
void t.test('2.2: [time] [level] msg, the client kept in the message', async (t) => {
  t.same(parseAppLine('[Wed Mar 15 09:42:07 2023] [error] [client 10.0.0.1] File does not exist: /var/www/html/favicon.ico'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 17, levelText: 'error',
    message: '[client 10.0.0.1] File does not exist: /var/www/html/favicon.ico', format: 'apache-error',
  });
  t.equal(parseAppLine('[Sun Mar  5 09:42:07 2023] [notice] caught SIGTERM, shutting down').severityNumber, 10);
});

void t.test('2.4: [time.usec] [module:level] [pid N:tid M] msg', async (t) => {
  t.same(parseAppLine('[Wed Mar 15 09:42:07.123456 2023] [proxy_http:error] [pid 123:tid 140001] (111)Connection refused: AH01102: error reading status line from remote server 127.0.0.1:8080'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123) + 0.456, severityNumber: 17, levelText: 'error',
    message: '(111)Connection refused: AH01102: error reading status line from remote server 127.0.0.1:8080', format: 'apache-error',
    thread: '140001', pid: 123,
  });
  const notice = parseAppLine('[Wed Mar 15 09:42:07.123456 2023] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.57 (Unix) configured -- resuming normal operations');
  t.same([notice.severityNumber, notice.pid, notice.message], [10, 1, 'AH00163: Apache/2.4.57 (Unix) configured -- resuming normal operations']);
  t.equal(parseAppLine('[Wed Mar 15 09:42:07.123456 2023] [core:trace3] [pid 7] request.c(301): cached').severityNumber, 1);
});

void t.test('bracketed lines that are not httpd error logs', async (t) => {
  t.not(parseAppLine('[Wed Mar 15 09:42:07 2023] [whatever] x').format, 'apache-error');
  t.not(parseAppLine('[Foo Mar 15 09:42:07 2023] [error] x').format, 'apache-error');
});
