// Loaded with `node --import` into a benchmarked child: on exit, writes its resource usage (CPU
// seconds of all its threads, peak RSS in KiB) as JSON to LOGSIFT_BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.LOGSIFT_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ user: u.userCPUTime / 1e6, system: u.systemCPUTime / 1e6, maxRSS: u.maxRSS }));
  });
}
