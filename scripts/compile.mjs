// Compiles the app's entry points to plain JavaScript in build/ with esbuild (no type-check;
// `npm run build` and `npm test` type-check), so `npm run synth` starts in milliseconds.
// Everything is bundled into one file per entry point: loading one file is faster than
// resolving hundreds of modules. Skipped when no input changed since the last build, judged
// by a content hash of the project's own inputs (package-lock.json stands for node_modules),
// so the check costs a few milliseconds and esbuild is only loaded when it has work to do.
//
// `node scripts/compile.mjs build/main.js` then runs that bundle in this same process (its
// exported `cli()`), which spares `npm run synth` a second Node.js start.
import { createHash } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { resolve } from 'path';

const entries = ['main.ts', 'bench/bench.ts', 'tools/diff.ts'].filter((f) => existsSync(f));
const stamp = 'build/.inputs.json';
const fixedInputs = ['package-lock.json', 'scripts/compile.mjs'];

/** One hash over the entry points, Node's version and every input's path and content; undefined when one is gone. */
function hashOf(inputs) {
  const hash = createHash('sha1').update(`${process.version}\0${entries.join(',')}\0`);
  for (const file of inputs) {
    if (!existsSync(file)) return undefined;
    hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function upToDate() {
  if (!existsSync(stamp) || !entries.every((e) => existsSync(`build/${e.replace(/\.ts$/, '.js')}`))) return false;
  try {
    const { hash, inputs } = JSON.parse(readFileSync(stamp, 'utf8'));
    return typeof hash === 'string' && Array.isArray(inputs) && hashOf(inputs) === hash;
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const { build } = await import('esbuild');
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
  // Packages change only through package-lock.json: hash the project's own files, not node_modules.
  const own = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  const inputs = [...new Set([...own, ...fixedInputs])].sort();
  writeFileSync(stamp, JSON.stringify({ hash: hashOf(inputs), inputs }));
}

const run = process.argv[2];
if (run) createRequire(import.meta.url)(resolve(run)).cli();
