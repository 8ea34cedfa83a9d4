import t from 'tap';
import { buildConfig } from '../../src/config/load-config.js';
import { affordableWorkers, capSettings, memorySplit, standaloneCap } from '../../src/runtime/memory-split.js';
import { mainHeapBytes, workerHeapBytes, workerHeapLimits } from '../../src/runtime/heap-limits.js';

const MiB = 1024 * 1024;
const defaults = capSettings(buildConfig({}));

t.test('the default config: the three caps are auto and one request may take 16 MiB received or inflated', async (t) => {
  t.same(defaults, { queueBytes: 'auto', receivingBytes: 'auto', inflateBytes: 'auto', bodyLimit: 16 * MiB, maxDecompressedBytes: 16 * MiB });
});

t.test('512 MiB and 2 workers: the caps are derived from what the heaps leave, and every part at its worst fits', async (t) => {
  const s = memorySplit(512 * MiB, 2, defaults);
  t.same(
    { queue: s.queueBytes / MiB, receiving: s.receivingBytes / MiB, inflate: s.inflateBytes / MiB },
    { queue: 24, receiving: 32, inflate: 16 },
  );
  t.same(
    Object.fromEntries(Object.entries(s.parts).map(([k, v]) => [k, v / MiB])),
    { node: 76, mainHeap: 172, workerHeaps: 176, inFlight: 16, queue: 24, receiving: 32, inflating: 16 },
  );
  t.ok(s.total <= 512 * MiB, `worst case ${s.total / MiB} MiB of 512`);
  t.equal(s.total, Object.values(s.parts).reduce((a, b) => a + b, 0), 'the total is the sum of the parts');
});

t.test('the 616 MiB of the fixed 64 MiB caps no longer happen: the same caps set explicitly are kept and counted', async (t) => {
  // What serve4 left: the three caps at 64 MiB and one request up to 32 MiB received, 64 inflated.
  const old = { queueBytes: 64 * MiB, receivingBytes: 64 * MiB, inflateBytes: 64 * MiB, bodyLimit: 32 * MiB, maxDecompressedBytes: 64 * MiB };
  const s = memorySplit(512 * MiB, 2, old);
  t.same([s.queueBytes, s.receivingBytes, s.inflateBytes], [64 * MiB, 64 * MiB, 64 * MiB], 'explicit values are kept');
  t.equal(s.total / MiB, 76 + 172 + 176 + 16 + 64 * 3, 'and counted, past the budget');
  t.ok(s.total > 512 * MiB);
});

t.test('an explicit cap is kept and the auto ones share what it leaves', async (t) => {
  const s = memorySplit(512 * MiB, 2, { ...defaults, queueBytes: 20 * MiB });
  t.equal(s.queueBytes, 20 * MiB);
  t.equal(s.receivingBytes, 32 * MiB, 'two of the largest bodies');
  t.equal(s.inflateBytes, 20 * MiB, 'the queue\'s room goes to the others');
  t.ok(s.total <= 512 * MiB);
  const r = memorySplit(512 * MiB, 1, { ...defaults, receivingBytes: 32 * MiB, inflateBytes: 32 * MiB });
  t.same([r.receivingBytes, r.inflateBytes, r.queueBytes], [32 * MiB, 32 * MiB, 64 * MiB], 'the DaemonSet\'s 32/32 kept; its queue is at the 64 MiB ceiling');
});

t.test('a cap never falls below what one request takes alone, nor grows past 64 MiB', async (t) => {
  const big = memorySplit(4096 * MiB, 2, defaults);
  t.same([big.queueBytes, big.receivingBytes, big.inflateBytes], [64 * MiB, 64 * MiB, 64 * MiB]);
  const tight = memorySplit(256 * MiB, 1, defaults);
  t.same([tight.queueBytes, tight.receivingBytes, tight.inflateBytes], [16 * MiB, 32 * MiB, 16 * MiB], 'at the floors: one request, two for the receiving budget');
  t.ok(tight.total > 256 * MiB, 'and the total says it does not fit (the service warns)');
  const large = memorySplit(512 * MiB, 1, { ...defaults, bodyLimit: 24 * MiB, maxDecompressedBytes: 40 * MiB });
  t.ok(large.receivingBytes >= 48 * MiB && large.inflateBytes >= 40 * MiB && large.queueBytes >= 40 * MiB, 'floors follow the request limits');
  t.ok(large.total <= 512 * MiB);
});

t.test('auto workers stop at what the budget affords; with them the default config fits every budget from 384 MiB', async (t) => {
  t.equal(affordableWorkers(512 * MiB, 2, defaults), 2);
  t.equal(affordableWorkers(512 * MiB, 8, defaults), 2, 'a third worker would not fit 512 MiB');
  t.equal(affordableWorkers(384 * MiB, 2, defaults), 1);
  t.equal(affordableWorkers(1024 * MiB, 4, defaults), 4);
  t.equal(affordableWorkers(200 * MiB, 4, defaults), 1, 'never fewer than one');
  for (const mib of [384, 448, 512, 640, 768, 1024, 1536, 2048, 4096]) {
    for (const cpus of [1, 2, 3, 4, 8]) {
      const workers = affordableWorkers(mib * MiB, cpus, defaults);
      const s = memorySplit(mib * MiB, workers, defaults);
      t.ok(s.total <= mib * MiB, `${mib} MiB, ${cpus} CPUs: ${workers} workers, worst case ${s.total / MiB} MiB`);
    }
  }
});

t.test('the parts are the heap limits V8 really sets', async (t) => {
  t.equal(mainHeapBytes(512 * MiB), 172 * MiB, '--max-old-space-size=160 --max-semi-space-size=4: heap_size_limit 172 MiB');
  t.equal(workerHeapBytes(workerHeapLimits(2, 512 * MiB)), 88 * MiB, 'resourceLimits 64 + 16: heap_size_limit 88 MiB');
  t.equal(workerHeapBytes({ maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 }), 76 * MiB);
  t.equal(workerHeapBytes({ maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 32 }), 112 * MiB);
});

t.test('components built without the service take the ceiling for auto, and explicit values as they are', async (t) => {
  t.equal(standaloneCap('auto'), 64 * MiB);
  t.equal(standaloneCap(4096), 4096);
});

t.test('whenever the fixed parts and the floors fit, the derived caps fit too, and never fall below their floors', async (t) => {
  let checked = 0;
  for (const budget of [384, 512, 700, 1024, 3000]) {
    for (const workers of [0, 1, 2, 4]) {
      for (const bodyLimit of [1, 8, 16, 24, 40]) {
        for (const maxDecompressed of [1, 16, 40, 64]) {
          for (const queue of ['auto', 8] as const) {
            const s = { ...defaults, queueBytes: queue === 'auto' ? queue : queue * MiB, bodyLimit: bodyLimit * MiB, maxDecompressedBytes: maxDecompressed * MiB };
            const split = memorySplit(budget * MiB, workers, s);
            const p = split.parts;
            const floors = p.node + p.mainHeap + p.workerHeaps + p.inFlight + (queue === 'auto' ? Math.max(16, bodyLimit, maxDecompressed) : Math.max(8, bodyLimit, maxDecompressed)) * MiB + 2 * bodyLimit * MiB + maxDecompressed * MiB;
            if (split.receivingBytes < 2 * bodyLimit * MiB || split.inflateBytes < maxDecompressed * MiB) t.fail(`below a floor: ${JSON.stringify({ budget, workers, bodyLimit, maxDecompressed })}`);
            if (floors <= budget * MiB && split.total > budget * MiB) t.fail(`${JSON.stringify({ budget, workers, bodyLimit, maxDecompressed, queue })}: ${split.total / MiB} MiB`);
            checked++;
          }
        }
      }
    }
  }
  t.equal(checked, 5 * 4 * 5 * 4 * 2);
});
