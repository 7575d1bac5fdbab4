import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderSynthetic } from './synthetic';

/**
 * `npm run bench`: wall time, peak memory (the largest max RSS of the node processes involved,
 * from process.resourceUsage() at exit) and objects per second, side by side:
 * (a) the reference stack through `npm run synth` (esbuild bundle + node), plus its in-process
 *     render time;
 * (b) the same app through `cdk8s synth` the way a cdk8s project runs it by default: ts-node
 *     WITH type-checking (`cdk8s init` writes `app: npx ts-node main.ts`). tsconfig.json sets
 *     ts-node to transpile-only, so `--type-check` restores the default; `module: nodenext`
 *     lets the type-checker see the packages' subpath exports and require() the ESM-only grammars;
 * (b') `cdk8s synth` exactly as this repo's cdk8s.yaml configures it (ts-node transpile-only),
 *     shown so the ratio is not flattered by type-checking alone;
 * (c) synthetic clusters of 10, 100 and 1000 ObservedServices with alerts and dashboards, each
 *     size rendered to files in memory in its own child process, so peak memory is per size.
 */
interface Measure { label: string; ms: number; maxRssMb: number; objects: number; renderMs?: number; failed?: string }

const root = path.resolve(__dirname, '..', '..');
// Made by main() only: the synthetic runs load this file again in child processes.
let tmp = '';
let usage = '';
const TYPE_CHECKING_APP = `npx ts-node --type-check -O '{"module":"nodenext","moduleResolution":"nodenext"}' main.ts`;

function spawn(label: string, command: string, args: string[], env: Record<string, string> = {}) {
  const start = performance.now();
  const res = spawnSync(command, args, {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', NODE_OPTIONS: `--require ${usage}`, ...env },
  });
  const ms = performance.now() - start;
  if (res.status !== 0) throw new Error(`${label} failed:\n${res.stdout}\n${res.stderr}`);
  const rss = [...res.stderr.matchAll(/BENCH_MAXRSS_KB=(\d+)/g)].map((m) => Number(m[1]));
  return { ms, maxRssMb: Math.max(...rss) / 1024, stdout: res.stdout };
}

/** One measured run; a failing one is reported in its row (with the first error line) and the bench goes on. */
function run(label: string, command: string, args: string[], objects: number, env: Record<string, string> = {}): Measure & { stdout?: string } {
  try {
    const { ms, maxRssMb, stdout } = spawn(label, command, args, env);
    const rendered = /rendered \d+ files in (\d+) ms/.exec(stdout);
    return { label, ms, maxRssMb, objects, renderMs: rendered ? Number(rendered[1]) : undefined, stdout };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const reason = /error TS\d+:.*|Error:.*/.exec(text.split('\n').slice(1).join('\n'))?.[0] ?? text.split('\n')[0];
    return { label, ms: NaN, maxRssMb: NaN, objects, failed: reason };
  }
}

/** Kubernetes objects in a rendered tree: one per YAML file, kustomization.yaml aside. */
function countObjects(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.yaml') && e.name !== 'kustomization.yaml') n++;
  }
  return n;
}

/** The first file that differs between two trees (undefined: byte-identical), or the bench compares different work. */
function firstDifference(a: string, b: string): string | undefined {
  const files = (d: string) => fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(d, f)).isFile());
  const all = [...new Set([...files(a), ...files(b)])].sort();
  const read = (d: string, f: string) => (fs.existsSync(path.join(d, f)) ? fs.readFileSync(path.join(d, f)) : undefined);
  return all.find((f) => { const x = read(a, f); const y = read(b, f); return !x || !y || !x.equals(y); });
}

function childMode(count: number): void {
  const start = performance.now();
  const { objects } = renderSynthetic(count);
  process.stdout.write(JSON.stringify({ objects, ms: performance.now() - start }));
}

function main(): void {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  usage = path.join(tmp, 'usage.cjs');
  fs.writeFileSync(usage, "process.on('exit', () => process.stderr.write('BENCH_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n'));\n");
  try {
    measure();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function measure(): void {
  const out = (name: string) => path.join(tmp, name);
  spawn('warm-up', 'node', ['build/main.js'], { CDK8S_OUTDIR: out('a') });
  const objects = countObjects(out('a'));
  const a = run('(a) npm run synth: compile + render + write', 'sh', ['-c', 'node scripts/compile.mjs && node build/main.js'], objects, { CDK8S_OUTDIR: out('a') });
  const aNode = run('(a) node build/main.js (render + write)', 'node', ['build/main.js'], objects, { CDK8S_OUTDIR: out('a') });
  const b = run('(b) cdk8s synth, ts-node type-checking', 'npx', ['cdk8s', 'synth', '--app', TYPE_CHECKING_APP, '--output', out('b')], objects);
  const b2 = run("(b') cdk8s synth, cdk8s.yaml (transpile-only)", 'npx', ['cdk8s', 'synth', '--output', out('b2')], objects);
  const difference = [b, b2].map((m, i) => (m.failed ? undefined : firstDifference(out('a'), out(['b', 'b2'][i])))).find(Boolean);

  const synthetic: Measure[] = [];
  for (const n of [10, 100, 1000]) {
    const m = run(`(c) ${n} ObservedServices, in memory`, 'node', [__filename, '--synthetic', String(n)], 0);
    const child = m.stdout ? JSON.parse(m.stdout) as { objects: number; ms: number } : undefined;
    synthetic.push({ ...m, objects: child?.objects ?? 0, renderMs: child?.ms });
  }
  const rows = [a, aNode, b, b2, ...synthetic];

  const header = `${'run'.padEnd(46)} ${'wall ms'.padStart(8)} ${'render ms'.padStart(9)} ${'peak MiB'.padStart(8)} ${'objects'.padStart(7)} ${'objects/s'.padStart(9)}`;
  const fmt = (m: Measure) => m.failed ? `${m.label.padEnd(46)} FAILED: ${m.failed}` : [
    m.label.padEnd(46), m.ms.toFixed(0).padStart(8), (m.renderMs === undefined ? '-' : m.renderMs.toFixed(0)).padStart(9),
    m.maxRssMb.toFixed(0).padStart(8), String(m.objects).padStart(7), (m.objects / (m.ms / 1000)).toFixed(0).padStart(9),
  ].join(' ');
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0].model}, node ${process.version}`);
  console.log(header);
  console.log('-'.repeat(header.length));
  console.log(rows.map(fmt).join('\n'));
  console.log('render ms: time inside the process, from start of rendering to the last file (written to disk for a/b, in memory for c)');
  console.log(`(a), (b) and (b') wrote byte-identical trees: ${difference ? `NO, first difference ${difference} (did a source file change during the run?)` : 'yes'}`);

  const [, s100, s1000] = synthetic;
  const perService = (m: Measure, n: number) => (m.renderMs! / n).toFixed(2);
  console.log(`\nratio a/b:  ${(a.ms / b.ms).toFixed(3)} (npm run synth is ${(b.ms / a.ms).toFixed(1)}x faster than cdk8s synth with type-checking ts-node)`);
  console.log(`ratio a/b': ${(a.ms / b2.ms).toFixed(3)} (${(b2.ms / a.ms).toFixed(1)}x faster than cdk8s synth with transpile-only ts-node)`);
  console.log(`growth 100 -> 1000 services: ${(s1000.renderMs! / s100.renderMs!).toFixed(1)}x render time, ${(s1000.ms / s100.ms).toFixed(1)}x wall time for 10x services`
    + ` (${perService(s100, 100)} -> ${perService(s1000, 1000)} ms per service)`);
  const target = (what: string, value: number, ok: (v: number) => boolean, unit: string) =>
    console.log(`  ${what.padEnd(38)} ${Number.isNaN(value) ? 'not measured' : `${ok(value) ? 'met   ' : 'MISSED'} ${value.toFixed(unit === 'x' ? 1 : 0)}${unit}`}`);
  console.log('targets:');
  target('reference stack < 1 s wall', a.ms, (v) => v < 1000, ' ms');
  target('>= 5x faster than (b)', b.ms / a.ms, (v) => v >= 5, 'x');
  target('1000 services < 10 s', s1000.ms, (v) => v < 10_000, ' ms');
  target('1000 services linear (<= 11x of 100)', s1000.renderMs! / s100.renderMs!, (v) => v <= 11, 'x');
  target('1000 services < 1 GiB peak', s1000.maxRssMb, (v) => v < 1024, ' MiB');
}

const synthArg = process.argv.indexOf('--synthetic');
if (synthArg > 0) childMode(Number(process.argv[synthArg + 1]));
else main();
