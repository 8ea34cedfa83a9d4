import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// ngx_log_error_core (src/core/ngx_log.c): `%4d/%02d/%02d %02d:%02d:%02d [level] pid#tid: *conn msg`.
void t.test('time, level, pid#tid and the connection number are the header', async (t) => {
  t.same(parseAppLine('2023/03/15 09:42:07 [error] 31#31: *1234 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "example.com"'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 17, levelText: 'error',
    message: 'connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "example.com"',
    format: 'nginx-error', thread: '31', pid: 31,
  });
  const notice = parseAppLine('2023/03/15 09:42:07 [notice] 1#1: start worker processes');
  t.same([notice.severityNumber, notice.message], [10, 'start worker processes']);
  t.equal(parseAppLine('2023/03/15 09:42:07 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)').severityNumber, 21);
});

void t.test('not nginx', async (t) => {
  t.not(parseAppLine('2023/03/15 09:42:07 [error] no pid here').format, 'nginx-error');
});
