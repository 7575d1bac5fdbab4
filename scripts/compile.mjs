// Bundles the app's entry points to plain JavaScript in build/ (esbuild, no type-check), so
// `npm run synth` starts in milliseconds. Type-checking is `npm run build` / `npm test`.
import { build } from 'esbuild';
import { existsSync } from 'fs';

const entries = ['main.ts', 'bench/bench.ts', 'tools/diff.ts'].filter((f) => existsSync(f));
await build({
  entryPoints: entries,
  outdir: 'build',
  outbase: '.',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
