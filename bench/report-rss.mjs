// Loaded with `node --import` into a benchmarked child: writes its peak RSS (KiB) on exit.
import { writeFileSync } from 'node:fs';

const file = process.env.LOGSIFT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
