import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// tornado.log.LogFormatter as Jupyter Server 2.x configures it (serverapp.py _default_log_format).
void t.test('Jupyter Server: level letter, date, time and app name are the header', async (t) => {
  const line = parseAppLine('[I 2023-07-05 07:30:38.660 ServerApp] AsyncIOLoopKernelRestarter: restarting kernel (1/5), new random ports');
  t.same([line.format, line.severityNumber, line.levelText, line.logger, line.message, line.timeMs], [
    'tornado', 9, 'I', 'ServerApp', 'AsyncIOLoopKernelRestarter: restarting kernel (1/5), new random ports', Date.UTC(2023, 6, 5, 7, 30, 38, 660),
  ]);
  t.equal(parseAppLine('[W 2023-07-05 07:30:38.660 ServerApp] kernel 205e197b restarted').severityNumber, 13);
  t.equal(parseAppLine('[E 2023-07-05 07:30:38.660 ServerApp] kernel 205e197b restarted failed!').severityNumber, 17);
  t.equal(parseAppLine('[C 2023-07-05 07:30:38.660 ServerApp] received signal 15, stopping').severityNumber, 21);
});

void t.test('JupyterHub and tornado defaults add module:lineno; tornado writes a yymmdd date', async (t) => {
  const hub = parseAppLine('[I 2024-03-26 14:27:45.836 JupyterHub app:3245] JupyterHub is now running at http://0.0.0.0:9999/');
  t.same([hub.format, hub.logger, hub.message], ['tornado', 'JupyterHub', 'JupyterHub is now running at http://0.0.0.0:9999/']);
  const web = parseAppLine('[W 230705 07:30:38 web:2239] 404 GET /favicon.ico (::1) 1.23ms');
  t.same([web.format, web.logger, web.message, web.timeMs], ['tornado', 'web', '404 GET /favicon.ico (::1) 1.23ms', Date.UTC(2023, 6, 5, 7, 30, 38)]);
});

void t.test('the classic Notebook has no date: the reference time gives the day', async (t) => {
  const ref = Date.UTC(2018, 2, 1, 15, 40, 0);
  const line = parseAppLine('[I 15:38:04.197 NotebookApp] The Jupyter Notebook is running at:', ref);
  t.same([line.format, line.logger, line.message, line.timeMs], ['tornado', 'NotebookApp', 'The Jupyter Notebook is running at:', Date.UTC(2018, 2, 1, 15, 38, 4, 197)]);
  // 23:59 read at 00:01 is yesterday's
  t.equal(parseAppLine('[I 23:59:00.000 NotebookApp] x', Date.UTC(2018, 2, 2, 0, 1)).timeMs, Date.UTC(2018, 2, 1, 23, 59));
});

void t.test('other bracketed headers are not taken', async (t) => {
  for (const line of [
    '[2023-03-15 09:42:37 +0900] [1] [INFO] Starting gunicorn 20.1.0',
    '[ N 2023-01-09 08:21:45.5811 710/T8 age/Cor/CoreMain.cpp:1146 ]: Passenger core online',
    '[I am a sentence] with brackets',
    '[X 2023-07-05 07:30:38.660 ServerApp] unknown level letter',
    '[I 2023-07-05 07:30:38.660 ServerApp no-lineno] text',
    '[I 2023-13-05 07:30:38.660 ServerApp] month 13',
  ]) {
    t.not(parseAppLine(line).format, 'tornado', line);
  }
});
