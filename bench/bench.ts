import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderSynthetic } from './synthetic';

/**
 * `npm run bench`: wall time, peak memory (max RSS of any node process involved) and
 * objects per second for (a) the reference stack through `npm run synth`'s path,
 * (b) the same app through `cdk8s synth` as cdk8s.yaml configures it (ts-node, transpile-only:
 * the type-checking mode cannot load the ESM-only lezer grammars; `npm test` type-checks), (c) synthetic clusters of 10, 100 and 1000 ObservedServices.
 */
interface Measure { label: string; ms: number; maxRssMb: number; objects: number }

const root = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
const usage = path.join(tmp, 'usage.cjs');
fs.writeFileSync(usage, "process.on('exit', () => process.stderr.write('BENCH_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n'));\n");

function run(label: string, command: string, args: string[], objects: number, env: Record<string, string> = {}): Measure {
  const start = performance.now();
  const res = spawnSync(command, args, {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', NODE_OPTIONS: `--require ${usage}`, ...env },
  });
  const ms = performance.now() - start;
  if (res.status !== 0) throw new Error(`${label} failed:\n${res.stdout}\n${res.stderr}`);
  const rss = [...res.stderr.matchAll(/BENCH_MAXRSS_KB=(\d+)/g)].map((m) => Number(m[1]));
  return { label, ms, maxRssMb: Math.max(...rss) / 1024, objects };
}

function countObjects(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.yaml') && e.name !== 'kustomization.yaml') n++;
    }
  };
  walk(dir);
  return n;
}

function main(): void {
  const synthArg = process.argv.indexOf('--synthetic');
  if (synthArg > 0) {
    // Child mode: one synthetic size per process, so peak memory is per size.
    const start = performance.now();
    const { objects } = renderSynthetic(Number(process.argv[synthArg + 1]));
    process.stdout.write(JSON.stringify({ objects, ms: performance.now() - start }));
    return;
  }
  const out = path.join(tmp, 'dist');
  const rows: Measure[] = [];
  run('warm-up', 'node', ['build/main.js'], 0, { CDK8S_OUTDIR: out });
  const objects = countObjects(out);
  rows.push(run('(a) npm run synth: bundle + render + write', 'sh', ['-c', 'node scripts/compile.mjs && node build/main.js'], objects, { CDK8S_OUTDIR: out }));
  rows.push(run('(a) render + write only (node build/main.js)', 'node', ['build/main.js'], objects, { CDK8S_OUTDIR: out }));
  rows.push(run('(b) cdk8s synth (ts-node, cdk8s.yaml)', 'npx', ['cdk8s', 'synth', '--output', out], objects));
  const synthetic: (Measure & { renderMs: number })[] = [];
  for (const n of [10, 100, 1000]) {
    const start = performance.now();
    const res = spawnSync('node', [__filename, '--synthetic', String(n)], {
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: `--require ${usage}` },
    });
    if (res.status !== 0) throw new Error(res.stderr);
    const child = JSON.parse(res.stdout) as { objects: number; ms: number };
    const rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(res.stderr)![1]) / 1024;
    synthetic.push({ label: `(c) ${n} ObservedServices (in memory)`, ms: performance.now() - start, maxRssMb: rss, objects: child.objects, renderMs: child.ms });
  }
  rows.push(...synthetic);

  const fmt = (m: Measure) => `${m.label.padEnd(48)} ${m.ms.toFixed(0).padStart(8)} ms ${m.maxRssMb.toFixed(0).padStart(7)} MiB ${String(m.objects).padStart(7)} objects ${(m.objects / (m.ms / 1000)).toFixed(0).padStart(8)} objects/s`;
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0].model}, node ${process.version}`);
  console.log(rows.map(fmt).join('\n'));
  const [a, , b] = [rows[0], rows[1], rows[2]];
  const [, s100, s1000] = synthetic;
  console.log(`\nratio (b)/(a): ${(b.ms / a.ms).toFixed(1)}x faster through npm run synth`);
  console.log(`growth 100 -> 1000 services: ${(s1000.renderMs / s100.renderMs).toFixed(1)}x render time for 10x services`);
  console.log('targets:');
  console.log(`  reference stack < 1 s wall:      ${a.ms < 1000 ? 'met' : 'MISSED'} (${a.ms.toFixed(0)} ms)`);
  console.log(`  >= 5x faster than (b):           ${b.ms / a.ms >= 5 ? 'met' : 'MISSED'} (${(b.ms / a.ms).toFixed(1)}x)`);
  console.log(`  1000 services < 10 s:            ${s1000.ms < 10_000 ? 'met' : 'MISSED'} (${s1000.ms.toFixed(0)} ms)`);
  console.log(`  1000 services < 1 GiB peak:      ${s1000.maxRssMb < 1024 ? 'met' : 'MISSED'} (${s1000.maxRssMb.toFixed(0)} MiB)`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main();
