// The mechanism behind issue 8.3: stdout to a pipe completes writes synchronously, so write()
// returns false and 'drain' fires on the next tick. The old tag command listened for the drain
// only when its next batch arrived, after it had fired, and waited forever with nothing keeping
// the process alive. The writer listens at write time and holds the event loop while writes pend.
import { Writable } from 'node:stream';
import t from 'tap';
import { OutputError, OutputWriter } from '../../src/cli/output-writer.js';

/**
 * A stream like stdout on a pipe: the OS takes each write at once, but the completion is reported
 * on the next tick, so past 16 bytes write() says false and 'drain' follows a tick later.
 */
function syncStream(fail?: NodeJS.ErrnoException) {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, cb) {
      if (fail) return process.nextTick(cb, fail);
      chunks.push(chunk.toString());
      process.nextTick(cb);
    },
  });
  stream.on('error', () => undefined);
  return { stream, chunks };
}

t.test('a drain that fired before the producer asked is not missed', async (t) => {
  const { stream, chunks } = syncStream();
  const out = new OutputWriter(stream);
  out.write('a line longer than the high-water mark\n');
  t.equal(out.blocked, true, 'write() said false: the producer should wait');
  await new Promise((r) => setImmediate(r)); // the drain fires now, before anyone asks
  const resumed = await Promise.race([
    new Promise<boolean>((r) => out.whenWritable(() => r(true))),
    new Promise<boolean>((r) => setTimeout(() => r(false), 2000)),
  ]);
  t.equal(resumed, true, 'the producer resumes');
  await out.finish();
  t.same(chunks, ['a line longer than the high-water mark\n']);
});

t.test('finish waits for every pending write, and a referenced timer keeps the process up meanwhile', async (t) => {
  const chunks: string[] = [];
  const slow = new Writable({
    write(chunk: Buffer, _enc, cb) {
      setTimeout(() => {
        chunks.push(chunk.toString());
        cb();
      }, 20);
    },
  });
  const out = new OutputWriter(slow);
  for (let i = 0; i < 5; i++) out.write(`line ${i}\n`);
  t.ok(process.getActiveResourcesInfo().includes('Timeout'), 'a timer is active while writes pend');
  await out.finish();
  t.equal(chunks.length, 5);
});

t.test('a failed stream fails finish, and the producer is released', async (t) => {
  const err = Object.assign(new Error('no space'), { code: 'ENOSPC' });
  const { stream } = syncStream(err);
  const out = new OutputWriter(stream);
  out.write('x\n');
  const first = await out.finish().then(() => undefined, (x: unknown) => x);
  t.ok(first instanceof OutputError, 'finish rejects with an OutputError');
  t.ok(out.failed);
  t.equal(out.blocked, false, 'a failed output does not hold the producer forever');
  const e = (await out.finish().catch((x: unknown) => x)) as OutputError;
  t.equal(e.readerClosed, false);
  t.match(e.message, /ENOSPC/);
});

t.test('EPIPE is a reader that stopped', async (t) => {
  const { stream } = syncStream(Object.assign(new Error('broken pipe'), { code: 'EPIPE' }));
  const out = new OutputWriter(stream);
  out.write('x\n');
  const e = (await out.finish().catch((x: unknown) => x)) as OutputError;
  t.equal(e.readerClosed, true);
});
