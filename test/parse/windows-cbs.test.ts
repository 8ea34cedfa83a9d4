import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// CBS.log / DISM.log (%windir%\Logs\CBS): `date time, Level<pad> Component<pad> msg`.
void t.test('time, level and component are the header', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07, Info                  CBS    Starting TrustedInstaller initialization.'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 9, levelText: 'Info', message: 'Starting TrustedInstaller initialization.',
    format: 'windows-cbs', logger: 'CBS',
  });
  const err = parseAppLine('2023-03-15 09:42:07, Error                 CSI    00000001 (F) STATUS_OBJECT_NAME_NOT_FOUND #12345# from Windows::Rtl::SystemImplementation::DirectFileSystemProvider::SysCreateFile');
  t.same([err.severityNumber, err.logger, err.message.slice(0, 12)], [17, 'CSI', '00000001 (F)']);
  t.equal(parseAppLine('2023-03-15 09:42:07, Warning               DISM   DISM Provider Store: PID=100 Failed to load the provider').severityNumber, 13);
});
