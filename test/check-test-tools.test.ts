import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir, REPO_ROOT } from './support/reference';
import { Tool, TOOLS, toolPath } from './support/tools';

/**
 * The first step of `npm test`: a missing program stops the run before the type-check with one
 * line naming the Debian package. Run here with a PATH holding only some of the programs.
 */
const script = path.join(REPO_ROOT, 'scripts', 'check-test-tools.cjs');

/** Runs the check with PATH holding only `tools` (links to the real ones). */
function checkWith(tools: Tool[]): { status: number | null; stderr: string } {
  const bin = tempDir('bin-');
  for (const t of tools) fs.symlinkSync(toolPath(t), path.join(bin, t.name));
  const res = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, PATH: bin } });
  return { status: res.status, stderr: res.stderr };
}

test('npm test runs the check first, before the type-check', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  expect(pkg.scripts.test).toMatch(/^node scripts\/check-test-tools\.cjs && tsc /);
});

test('with every program there it passes silently', () => {
  expect(checkWith([TOOLS.nginx, TOOLS.nodeExporter, TOOLS.busybox])).toEqual({ status: 0, stderr: '' });
});

test('a missing system program fails with one line naming its Debian package', () => {
  const { status, stderr } = checkWith([TOOLS.nginx, TOOLS.nodeExporter]);
  expect(status).toBe(1);
  expect(stderr).toBe('npm test: missing Debian package busybox: run `sudo apt-get install busybox` (see the README\'s Quick start)\n');
});

test('the README\'s Quick start installs every system package the check names', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('sudo apt-get install '));
  const systemPackages = Object.values(TOOLS).filter((t) => !('trixie' in t)).map((t) => t.debian);
  expect(line?.split(' ').slice(3)).toEqual(expect.arrayContaining([...systemPackages, 'prometheus-alertmanager', 'debian-archive-keyring']));
});
