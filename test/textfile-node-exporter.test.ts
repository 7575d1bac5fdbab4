import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { freePort, httpGet, start, Started, stop, waitFor } from './support/processes';
import { referenceCluster, tempDir } from './support/reference';
import { TOOLS, toolPath, toolVersion } from './support/tools';

/**
 * The rendered runner and collector scripts, run once under busybox sh (the sidecar's image is
 * busybox: only its applets on PATH) against this machine's /proc and /sys, then scraped by a
 * real node-exporter's textfile collector: every file must be accepted and the metrics the
 * stack's alerts and dashboards read from the collectors must be there.
 */
const files = referenceCluster().files;
const scripts: Record<string, string> = parse(files.get('node-exporter/configmap-textfile-collectors.yaml')!).data;
const collectors = Object.keys(scripts).filter((f) => f !== 'runner.sh').map((f) => f.replace(/\.sh$/, ''));

let exporter: Started | undefined;
let metrics = '';

/** A folder of busybox applet links: the PATH the sidecar's scripts see. */
function busyboxPath(dir: string): string {
  const busybox = toolPath(TOOLS.busybox);
  const applets = spawnSync(busybox, ['--list'], { encoding: 'utf8' }).stdout.trim().split('\n');
  fs.mkdirSync(dir);
  for (const applet of applets) fs.symlinkSync(busybox, path.join(dir, applet));
  return dir;
}

beforeAll(async () => {
  const dir = tempDir('textfile-host-');
  const out = path.join(dir, 'textfile');
  fs.mkdirSync(out);
  for (const [name, script] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), script);
  const bin = busyboxPath(path.join(dir, 'bin'));
  const runner = spawn(path.join(bin, 'sh'), [path.join(dir, 'runner.sh'), ...collectors.map((c) => `${c}:300`)], {
    env: { PATH: bin, TEXTFILE_DIR: out, SCRIPTS_DIR: dir, RUN_ONCE: '1', HOST_ROOT: '/', HOST_PROC: '/proc', HOST_SYS: '/sys' },
    stdio: 'ignore',
  });
  expect(await new Promise((resolve) => runner.on('exit', resolve))).toBe(0);

  const port = await freePort();
  console.log(`scraping with ${toolVersion(TOOLS.nodeExporter)}`);
  exporter = start(toolPath(TOOLS.nodeExporter), [
    '--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${out}`, `--web.listen-address=127.0.0.1:${port}`,
  ]);
  metrics = await waitFor(() => httpGet(`http://127.0.0.1:${port}/metrics`), 30_000, () => `node-exporter not serving:\n${exporter!.output()}`);
});


afterAll(() => stop(exporter));

/** The samples of `name` in the scrape (name plus labels, value). */
const samples = (name: string) => metrics.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));

test('node-exporter accepts every collector\'s file', () => {
  expect(samples('node_textfile_scrape_error')).toEqual(['node_textfile_scrape_error 0']);
  for (const c of collectors) {
    // Read: its file and the runner's status file for it.
    for (const file of [`${c}.prom`, `collector_${c}.prom`]) {
      expect([file, samples('node_textfile_mtime_seconds').some((s) => s.includes(`/${file}"}`))]).toEqual([file, true]);
    }
    expect(samples('node_textfile_collector_success')).toContain(`node_textfile_collector_success{collector="${c}"} 1`);
  }
});

test('every collector metric the stack\'s alerts and dashboards read is scraped', () => {
  // Metric names the collector scripts and the runner can print ...
  const produced = new Set([...Object.values(scripts).join('\n').matchAll(/\b(node_[a-z0-9_]+)/g)].map((m) => m[1]));
  // ... that some rule or dashboard (any rendered file but the scripts themselves) reads.
  const readers = [...files].filter(([f]) => f !== 'node-exporter/configmap-textfile-collectors.yaml').map(([, text]) => text).join('\n');
  const read = [...produced].filter((m) => new RegExp(`\\b${m}\\b`).test(readers));
  expect(read).toEqual(expect.arrayContaining(['node_reboot_required', 'node_textfile_collector_success']));
  // ext4 error counts exist only where the host has ext4 filesystems.
  const ext4 = fs.existsSync('/sys/fs/ext4') && fs.readdirSync('/sys/fs/ext4').some((d) => fs.existsSync(`/sys/fs/ext4/${d}/errors_count`));
  const missing = read.filter((m) => samples(m).length === 0 && (ext4 || m !== 'node_ext4_filesystem_errors'));
  expect(missing).toEqual([]);
});
