import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { referenceCluster, tempDir } from './support/reference';
import { TOOLS, toolPath } from './support/tools';

// The runner and the collector scripts exactly as rendered into the ConfigMap, run with /bin/sh.
const scripts: Record<string, string> = parse(referenceCluster().files.get('node-exporter/configmap-textfile-collectors.yaml')!).data;

interface Run { dir: string; out: string; exited: Promise<number>; kill(): void }

/** Writes the given collector scripts next to the rendered runner and starts it. */
function start(collectors: Record<string, string>, specs: string[], env: Record<string, string> = {}): Run {
  const dir = tempDir('textfile-');
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(dir, 'runner.sh'), scripts['runner.sh']);
  for (const [name, script] of Object.entries(collectors)) fs.writeFileSync(path.join(dir, `${name}.sh`), script);
  const child = spawn('/bin/sh', [path.join(dir, 'runner.sh'), ...specs], {
    env: { PATH: process.env.PATH, TEXTFILE_DIR: out, SCRIPTS_DIR: dir, ...env },
    // No pipes: a collector's `sleep` outlives a killed runner by up to its interval.
    stdio: 'ignore',
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { dir, out, exited, kill: () => child.kill('SIGTERM') };
}
const once = (collectors: Record<string, string>, specs: string[], env: Record<string, string> = {}) => start(collectors, specs, { RUN_ONCE: '1', ...env });
const read = (run: Run, file: string) => fs.readFileSync(path.join(run.out, file), 'utf8');
const temporaries = (run: Run) => fs.readdirSync(run.out).filter((f) => /\.prom\.\d+$/.test(f));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** promtool's own parser and linter over a written file. */
function promtoolCheckMetrics(text: string): string {
  const result = spawnSync(toolPath(TOOLS.promtool), ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return result.status === 0 ? 'ok' : `${result.stdout}${result.stderr}`;
}

describe('textfile-collector runner (real /bin/sh)', () => {
  test('writes each collector output and its own status, and leaves no temporary files', async () => {
    const run = once({ good: 'echo "# TYPE demo_value gauge"\necho "demo_value 42"\n', bad: 'echo partial\nexit 3\n' }, ['good:60', 'bad:120']);
    expect(await run.exited).toBe(0);
    expect(read(run, 'good.prom')).toBe('# TYPE demo_value gauge\ndemo_value 42\n');
    const status = read(run, 'collector_good.prom');
    expect(status).toContain('node_textfile_collector_success{collector="good"} 1');
    expect(status).toContain('node_textfile_collector_interval_seconds{collector="good"} 60');
    expect(status).toMatch(/node_textfile_collector_last_run_timestamp_seconds\{collector="good"\} \d{10}\n/);
    expect(status).toMatch(/node_textfile_collector_duration_seconds\{collector="good"\} \d+\n/);
    expect(promtoolCheckMetrics(status)).toBe('ok');
    // A failing script never replaces its metrics with partial output.
    expect(fs.existsSync(path.join(run.out, 'bad.prom'))).toBe(false);
    expect(read(run, 'collector_bad.prom')).toContain('node_textfile_collector_success{collector="bad"} 0');
    expect(temporaries(run)).toEqual([]);
  });

  test('replaces a file atomically: node-exporter sees the old content or the new, never a half-written file', async () => {
    const slow = 'echo "# TYPE demo_value gauge"\nsleep 1\necho "demo_value 2"\n';
    const run = once({ slow }, ['slow:60']);
    fs.writeFileSync(path.join(run.out, 'slow.prom'), 'demo_value 1\n');
    const seen = new Set<string>();
    let sawTemporary = false;
    let done = false;
    run.exited.then(() => { done = true; }, () => { done = true; });
    while (!done) {
      if (fs.existsSync(path.join(run.out, 'slow.prom'))) seen.add(read(run, 'slow.prom'));
      if (temporaries(run).some((f) => f.startsWith('.slow.prom.'))) sawTemporary = true;
      await sleep(20);
    }
    expect(await run.exited).toBe(0);
    seen.add(read(run, 'slow.prom'));
    expect([...seen].sort()).toEqual(['# TYPE demo_value gauge\ndemo_value 2\n', 'demo_value 1\n']);
    // The output was written next to the target (same filesystem, so the rename is atomic).
    expect(sawTemporary).toBe(true);
    expect(temporaries(run)).toEqual([]);
  });

  test('a failing run keeps the previous metrics and reports the failure', async () => {
    const run = once({ flaky: 'echo "demo_value 9"\nexit 1\n' }, ['flaky:60']);
    fs.writeFileSync(path.join(run.out, 'flaky.prom'), 'demo_value 1\n');
    expect(await run.exited).toBe(0);
    expect(read(run, 'flaky.prom')).toBe('demo_value 1\n');
    expect(read(run, 'collector_flaky.prom')).toContain('node_textfile_collector_success{collector="flaky"} 0');
  });

  test('runs each collector again after its interval, and stops cleanly on SIGTERM', async () => {
    const run = start({ tick: 'echo x >> "$TEXTFILE_DIR/../ticks"\necho "demo_ticks 1"\n' }, ['tick:1']);
    await sleep(2600);
    run.kill();
    expect(await run.exited).toBe(0);
    const ticks = fs.readFileSync(path.join(run.dir, 'ticks'), 'utf8').trim().split('\n').length;
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(ticks).toBeLessThanOrEqual(4);
    expect(read(run, 'tick.prom')).toBe('demo_ticks 1\n');
    // The loops went with the runner: no tick after it stopped.
    await sleep(1500);
    expect(fs.readFileSync(path.join(run.dir, 'ticks'), 'utf8').trim().split('\n')).toHaveLength(ticks);
  });

  test('a run that outlasts its interval is stopped and counts as failed', async () => {
    const started = Date.now();
    const run = once({ hung: 'sleep 30\necho "demo_value 1"\n' }, ['hung:1']);
    expect(await run.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fs.existsSync(path.join(run.out, 'hung.prom'))).toBe(false);
    expect(read(run, 'collector_hung.prom')).toContain('node_textfile_collector_success{collector="hung"} 0');
  });
});

describe('the rendered collectors, run against a fake host', () => {
  const host = tempDir('fake-host-');
  const at = (p: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(host, p)), { recursive: true });
    fs.writeFileSync(path.join(host, p), content);
  };
  at('root/run/reboot-required', '*** System restart required ***\n');
  at('root/var/log/syslog', 'x'.repeat(64 * 1024));
  at('proc/sys/kernel/tainted', '4096\n');
  at('proc/1/stat', '1 (systemd) S 0 1 1 0 -1 4194560\n');
  at('proc/42/stat', '42 (my worker) Z 1 42 42 0 -1 4227084\n');
  at('proc/43/stat', '43 (a) b) R 1 43 43 0 -1 4227084\n');
  at('sys/fs/ext4/sda1/errors_count', '3\n');
  at('sys/fs/ext4/mmcblk0p2/errors_count', '0\n');
  const hostEnv = { HOST_ROOT: path.join(host, 'root'), HOST_PROC: path.join(host, 'proc'), HOST_SYS: path.join(host, 'sys') };
  const collectors = Object.fromEntries(Object.entries(scripts).filter(([f]) => f !== 'runner.sh').map(([f, s]) => [f.replace(/\.sh$/, ''), s]));
  let run: Run;
  beforeAll(async () => {
    run = once(collectors, Object.keys(collectors).map((n) => `${n}:300`), hostEnv);
    expect(await run.exited).toBe(0);
  });

  test('every collector succeeds and writes output promtool accepts', () => {
    for (const name of Object.keys(collectors)) {
      expect([name, read(run, `collector_${name}.prom`)]).toEqual([name, expect.stringContaining(`node_textfile_collector_success{collector="${name}"} 1`)]);
      expect([name, promtoolCheckMetrics(read(run, `${name}.prom`))]).toEqual([name, 'ok']);
    }
  });

  test('they read the host', () => {
    expect(read(run, 'reboot_required.prom')).toContain('node_reboot_required 1\n');
    expect(read(run, 'kernel_taint.prom')).toContain('node_kernel_tainted 4096\n');
    expect(read(run, 'filesystem_errors.prom')).toContain('node_ext4_filesystem_errors{device="sda1"} 3\n');
    expect(read(run, 'filesystem_errors.prom')).toContain('node_ext4_filesystem_errors{device="mmcblk0p2"} 0\n');
    expect(read(run, 'zombie_processes.prom')).toContain('node_zombie_processes 1\n');
    const logBytes = Number(/node_var_log_bytes (\d+)/.exec(read(run, 'var_log_size.prom'))![1]);
    expect(logBytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(logBytes % 1024).toBe(0);
  });

  test('a host without the file a collector needs makes it fail rather than print a bad sample', async () => {
    const bare = once({ kernel_taint: collectors.kernel_taint }, ['kernel_taint:300'], { HOST_PROC: path.join(host, 'missing') });
    expect(await bare.exited).toBe(0);
    expect(fs.existsSync(path.join(bare.out, 'kernel_taint.prom'))).toBe(false);
    expect(read(bare, 'collector_kernel_taint.prom')).toContain('node_textfile_collector_success{collector="kernel_taint"} 0');
  });
});
