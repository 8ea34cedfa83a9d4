import t from 'tap';
import { parseLog4jThreadLevel } from '../../src/parse/log4j-thread-level.js';
import { Severity } from '../../src/model/severity.js';

const REF = Date.UTC(2024, 0, 2, 12, 0, 0);

// Minecraft's `[%d{HH:mm:ss}] [%t/%level]: %msg`, Forge's `[%d{ddMMMyyyy HH:mm:ss.SSS}] [%t/%level] [%c{2.}/%marker]: %msg`.
void t.test('thread and level share a bracket; the clock alone takes the reference day', async (t) => {
  const l = parseLog4jThreadLevel("[10:28:06] [Server thread/WARN]: Can't keep up! Is the server overloaded? Running 2034ms or 40 ticks behind", REF);
  t.same([l?.format, l?.severityNumber, l?.thread, l?.timeMs, l?.message],
    ['log4j-thread-level', Severity.WARN, 'Server thread', Date.UTC(2024, 0, 2, 10, 28, 6), "Can't keep up! Is the server overloaded? Running 2034ms or 40 ticks behind"]);
  const forge = parseLog4jThreadLevel('[02Jan2024 03:04:05.678] [main/ERROR] [net.minecraftforge.fml.loading.ModSorter/LOADING]: Missing or unsupported mandatory dependencies', REF);
  t.same([forge?.severityNumber, forge?.logger, forge?.timeMs, forge?.message],
    [Severity.ERROR, 'net.minecraftforge.fml.loading.ModSorter', Date.UTC(2024, 0, 2, 3, 4, 5, 678), 'Missing or unsupported mandatory dependencies']);
  t.equal(parseLog4jThreadLevel('[2024/01/02 03:04:05] [User Authenticator #1/INFO]: UUID of player Steve is 069a79f4', REF)?.thread, 'User Authenticator #1');
});

void t.test('look-alikes stay out', async (t) => {
  t.equal(parseLog4jThreadLevel('[10:28:06] [Server thread/Banana]: x', REF), undefined);
  t.equal(parseLog4jThreadLevel('[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker', REF), undefined);
  t.equal(parseLog4jThreadLevel('[99:28:06] [main/INFO]: bad clock', REF), undefined);
});
