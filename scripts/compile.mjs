// Compiles the app's entry points to plain JavaScript in build/ with esbuild (no type-check;
// `npm run build` and `npm test` type-check), so `npm run synth` starts in milliseconds.
// Everything is bundled into one file per entry point: loading one file is faster than
// resolving hundreds of modules. Skipped entirely when no input changed since the last build.
import { build } from 'esbuild';
import { existsSync, readFileSync, statSync, writeFileSync } from 'fs';

const entries = ['main.ts', 'bench/bench.ts', 'tools/diff.ts', 'tools/validate.ts'].filter((f) => existsSync(f));
const stamp = 'build/.inputs.json';

function upToDate() {
  if (!existsSync(stamp)) return false;
  const { built, inputs, entryPoints } = JSON.parse(readFileSync(stamp, 'utf8'));
  if (JSON.stringify(entryPoints) !== JSON.stringify(entries)) return false;
  return inputs.every((file) => existsSync(file) && statSync(file).mtimeMs <= built);
}

if (!upToDate()) {
  const started = Date.now();
  const result = await build({
    entryPoints: entries,
    outdir: 'build',
    outbase: '.',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).concat(['package-lock.json', 'scripts/compile.mjs']);
  writeFileSync(stamp, JSON.stringify({ built: started, inputs, entryPoints: entries }));
}
