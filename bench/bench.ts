import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clusters } from '../config';
import { renderSynthetic } from './synthetic';
import { CommandSpec, commandLine, programArgs, Values } from '../tools/command-line';

/**
 * `npm run bench [-- --rounds N] [--cdk8s]`: how fast synth is, against stated targets.
 *
 * Every run is a fresh process, measured for wall time and CPU time (user + system of the
 * process and everything it started, from the shell's `times`): on a machine shared with other
 * work, wall time grows with the load while CPU time stays comparable. Each figure is the median
 * of its rounds; progress is printed as the runs go.
 *
 * - the reference cluster (the first in config/, `--cluster <name>`) through `npm run synth`
 *   with no source change (npm, the freshness check, render, nothing to write), and through
 *   `node build/main.js`, both into a scratch folder; then every configured cluster the same way;
 * - synthetic clusters of 1000 and 5000 ObservedServices (monitor, alerts with promtool cases,
 *   dashboard), rendered component by component to files in memory, each size in its own
 *   process, so its peak memory (max RSS) is its own;
 * - with `--cdk8s`, once, the same app through `npx cdk8s synth` (ts-node), checked to write the
 *   same tree.
 */
const root = path.resolve(__dirname, '..', '..');
const self = path.join(root, 'build', 'bench', 'bench.js');

interface Run { wallMs: number; cpuMs: number; stdout: string }

/** Runs `command` through sh, timing it; its stdout is kept, a failure throws with its output. */
function measure(command: string, env: Record<string, string> = {}): Run {
  const start = performance.now();
  const res = spawnSync('/bin/sh', ['-c', `${command} >"$BENCH_OUT" 2>&1; status=$?; times; exit $status`], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
  });
  const wallMs = performance.now() - start;
  const out = env.BENCH_OUT && fs.existsSync(env.BENCH_OUT) ? fs.readFileSync(env.BENCH_OUT, 'utf8') : '';
  if (res.status !== 0) throw new Error(`${command} failed (exit ${res.status}):\n${out}${res.stderr}`);
  // `times`: the shell's own user and system time, then its children's.
  const seconds = [...res.stdout.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length < 4) throw new Error(`no times from the shell: ${res.stdout}`);
  return { wallMs, cpuMs: (seconds[0] + seconds[1] + seconds[2] + seconds[3]) * 1000, stdout: out };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Row { label: string; rounds: number; cpuMs: number; wallMs: number; renderCpuMs?: number; peakMiB?: number; objects: number }

/** What a synthetic child prints: its own render figures. */
interface SyntheticReport { objects: number; files: number; renderCpuMs: number; renderWallMs: number; maxRssMiB: number }

function childMode(count: number): void {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { objects, files } = renderSynthetic(count);
  const used = process.cpuUsage(cpu);
  const report: SyntheticReport = {
    objects, files, renderCpuMs: (used.user + used.system) / 1000, renderWallMs: performance.now() - start,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(report));
}

/** Kubernetes objects in a rendered tree: one per YAML file, kustomization.yaml aside. */
function countObjects(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.yaml') && e.name !== 'kustomization.yaml') n++;
  }
  return n;
}

/** The first file that differs between two trees (undefined: byte-identical). */
function firstDifference(a: string, b: string): string | undefined {
  const files = (d: string) => fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(d, f)).isFile());
  const all = [...new Set([...files(a), ...files(b)])].sort();
  const read = (d: string, f: string) => (fs.existsSync(path.join(d, f)) ? fs.readFileSync(path.join(d, f)) : undefined);
  return all.find((f) => { const x = read(a, f); const y = read(b, f); return !x || !y || !x.equals(y); });
}

const BENCH_COMMAND: CommandSpec = {
  command: 'npm run bench --',
  summary: 'Measures synth (the first configured cluster, every cluster, synthetic clusters of 1000 and 5000 ObservedServices) against its stated targets.',
  options: {
    rounds: { type: 'string', value: 'N', description: 'runs per figure, the median reported (default 5; fewer for the slow ones)' },
    cdk8s: { type: 'boolean', description: 'also time the same app through npx cdk8s synth, once' },
    synthetic: { type: 'string', value: 'COUNT', description: 'render one synthetic cluster of COUNT services (the bench\'s own child process)', hidden: true },
  },
};

function main(values: Values): void {
  const rounds = values.rounds === undefined ? 5 : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`npm run bench: --rounds ${JSON.stringify(values.rounds)} is not a whole number of at least 1`);
    process.exit(2);
  }
  // The synthetic clusters take seconds each: fewer rounds, so the bench stays under a minute on a busy machine.
  const roundsOf = (count: number) => Math.max(1, Math.min(rounds, count > 1000 ? 2 : 3));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const outdir = path.join(tmp, 'dist');
  const log = path.join(tmp, 'out.log');
  const allRounds = Math.min(rounds, 3);
  const plan: [string, number][] = [['warm-up', 1], ['npm run synth', rounds], ['node build/main.js', rounds],
    ['all: npm run synth', allRounds], ['all: node main.js', allRounds], ['1000 services', roundsOf(1000)], ['5000 services', roundsOf(5000)]];
  if (values.cdk8s === true) plan.push(['cdk8s synth', 1]);
  const total = plan.reduce((n, [, r]) => n + r, 0);
  let done = 0;
  const progress = (what: string, run: Run, extra = '') => {
    done++;
    process.stderr.write(`[${String(done).padStart(2)}/${total}] ${what.padEnd(20)} ${(run.cpuMs / 1000).toFixed(2)} s CPU  ${(run.wallMs / 1000).toFixed(2)} s wall${extra}\n`);
  };
  const loadBefore = os.loadavg()[0];
  try {
    // The first run writes the tree the others find unchanged, and V8's code cache if missing.
    progress('warm-up', measure('node build/main.js', { CDK8S_OUTDIR: outdir, BENCH_OUT: log }));
    const referenceName = clusters[0].name;
    const only = ` -- --cluster ${referenceName}`;
    const reference = (label: string, command: string, n = rounds, objects = countObjects(path.join(outdir, referenceName))): Row => {
      const runs: Run[] = [];
      for (let i = 0; i < n; i++) {
        const run = measure(command, { CDK8S_OUTDIR: outdir, BENCH_OUT: log });
        progress(label, run);
        runs.push(run);
      }
      return { label, rounds: n, cpuMs: median(runs.map((r) => r.cpuMs)), wallMs: median(runs.map((r) => r.wallMs)), objects };
    };
    const synth = reference('npm run synth', `npm run --silent synth${only}`);
    const node = reference('node build/main.js', `node build/main.js${only.replace(' --', '')}`);
    const synthAll = reference('all: npm run synth', 'npm run --silent synth', allRounds, countObjects(outdir));
    const nodeAll = reference('all: node main.js', 'node build/main.js', allRounds, countObjects(outdir));
    const synthetic = (count: number): Row => {
      const runs: (Run & SyntheticReport)[] = [];
      for (let i = 0; i < roundsOf(count); i++) {
        // Without the query results kept between runs: every round checks its queries anew.
        const run = measure(`node ${JSON.stringify(self)} --synthetic ${count}`, { BENCH_OUT: log, STACK_QUERY_CACHE: '' });
        const report = JSON.parse(run.stdout) as SyntheticReport;
        progress(`${count} services`, run, `  (render ${(report.renderCpuMs / 1000).toFixed(2)} s CPU, ${report.maxRssMiB.toFixed(0)} MiB)`);
        runs.push({ ...run, ...report });
      }
      return {
        label: `${count} services`, rounds: roundsOf(count), cpuMs: median(runs.map((r) => r.cpuMs)), wallMs: median(runs.map((r) => r.wallMs)),
        renderCpuMs: median(runs.map((r) => r.renderCpuMs)), peakMiB: Math.max(...runs.map((r) => r.maxRssMiB)), objects: runs[0].objects,
      };
    };
    const s1000 = synthetic(1000);
    const s5000 = synthetic(5000);
    let cdk8s: string | undefined;
    if (values.cdk8s === true) {
      const out = path.join(tmp, 'cdk8s');
      const run = measure(`npx cdk8s synth --output ${JSON.stringify(out)}`, { BENCH_OUT: log });
      progress('cdk8s synth', run);
      const difference = firstDifference(outdir, out);
      cdk8s = `npx cdk8s synth (ts-node, cdk8s.yaml): ${(run.cpuMs / 1000).toFixed(2)} s CPU, ${(run.wallMs / 1000).toFixed(2)} s wall; `
        + `same tree as npm run synth: ${difference ? `NO, first difference ${difference}` : 'yes'}`;
    }
    report([synth, node, synthAll, nodeAll, s1000, s5000], referenceName, loadBefore, cdk8s);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function report(rows: Row[], referenceName: string, loadBefore: number, cdk8s: string | undefined): void {
  const [synth, node, , , s1000, s5000] = rows;
  const s = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));
  console.log(`\nmachine: ${os.cpus().length} x ${os.cpus()[0].model}, node ${process.version}, load average ${loadBefore.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end`);
  const header = `${'run'.padEnd(44)} ${'rounds'.padStart(6)} ${'CPU s'.padStart(6)} ${'wall s'.padStart(6)} ${'render CPU s'.padStart(12)} ${'peak MiB'.padStart(8)} ${'objects'.padStart(7)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  const labels = [`${referenceName}: npm run synth, no change`, `${referenceName}: node build/main.js`,
    `all ${clusters.length} clusters: npm run synth, no change`, `all ${clusters.length} clusters: node build/main.js`,
    '1000 services, rendered in memory', '5000 services, rendered in memory'];
  rows.forEach((r, i) => console.log([labels[i].padEnd(44), String(r.rounds).padStart(6), s(r.cpuMs).padStart(6), s(r.wallMs).padStart(6),
    s(r.renderCpuMs).padStart(12), (r.peakMiB === undefined ? '-' : r.peakMiB.toFixed(0)).padStart(8), String(r.objects).padStart(7)].join(' ')));
  console.log('medians; CPU: user + system of every process of the run; render CPU: inside the process, from building the constructs to the last file');
  if (cdk8s) console.log(cdk8s);
  const target = (what: string, limit: string, value: string, ok: boolean) =>
    console.log(`  ${ok ? 'met   ' : 'MISSED'} ${what.padEnd(44)} ${limit.padEnd(12)} measured ${value}`);
  console.log('\ntargets:');
  target(`${referenceName}, npm run synth, no source change`, '<= 0.80 s CPU', `${s(synth.cpuMs)} s CPU (${s(synth.wallMs)} s wall)`, synth.cpuMs <= 800);
  target(`${referenceName}, node build/main.js`, '<= 0.45 s wall', `${s(node.wallMs)} s wall (${s(node.cpuMs)} s CPU)`, node.wallMs <= 450);
  target('1000 services', '<= 1.30 s CPU', `${s(s1000.cpuMs)} s CPU (${s(s1000.wallMs)} s wall)`, s1000.cpuMs <= 1300);
  target('5000 services', '<= 6.00 s CPU', `${s(s5000.cpuMs)} s CPU (${s(s5000.wallMs)} s wall)`, s5000.cpuMs <= 6000);
  target('5000 services peak memory', '< 400 MiB', `${s5000.peakMiB!.toFixed(0)} MiB`, s5000.peakMiB! < 400);
  const ratio = s5000.renderCpuMs! / s1000.renderCpuMs!;
  target('5000 vs 1000 services, render CPU', '<= 5.2x', `${ratio.toFixed(2)}x (whole process: ${(s5000.cpuMs / s1000.cpuMs).toFixed(2)}x)`, ratio <= 5.2);
  if (os.loadavg()[0] > os.cpus().length) console.log(`\nnote: load average above ${os.cpus().length} (the CPU count): wall times include waiting for a CPU; CPU times are the comparable figures`);
}

const { values } = commandLine(BENCH_COMMAND, programArgs());
if (values.synthetic !== undefined) childMode(Number(values.synthetic));
else main(values);
