import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Build step (`npm run build` runs it after tsc and the precompile step): bundles the CLI and the
 * pipeline worker thread with esbuild, so that a command starts by reading a handful of files
 * instead of resolving, reading and linking ~300 ES modules one by one (most of start-up).
 *
 * The bundle replaces tsc's dist/cli/main.js, so the `bin` entry, the image's ENTRYPOINT and
 * the tests that spawn dist/cli/main.js run it unchanged; the rest of dist/ stays tsc's output
 * for the tests that import modules. Every file it writes sits in dist/cli/, two levels below the
 * package, as the modules it replaces did, because the code resolves files from `import.meta.url`:
 * `../../config/rules/`, `../../package.json`, `../generated/*` and the worker script
 * `./pipeline-worker.js` (worker-pool.ts). Code-splitting keeps every dynamic `import()` lazy
 * (serve, the HTML report, the worker pool are chunks loaded only by the commands that use
 * them). node_modules stays external: packages load as installed, with their licences and
 * native parts, and the production image keeps its dependency layout.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = join(root, 'dist', 'cli');
// A chunk's name is its content's hash: the previous build's chunks would stay beside the new ones.
for (const f of readdirSync(outdir)) if (f.startsWith('chunk-')) rmSync(join(outdir, f));

const result = await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/cli/main.ts',
    'pipeline-worker': 'src/pipeline/workers/pipeline-worker.ts',
  },
  outdir,
  // No subdirectory: a chunk's import.meta.url must resolve like the entries' does.
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
if (result.errors.length > 0) process.exit(1);
