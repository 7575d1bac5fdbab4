import { ChildProcess, spawn } from 'child_process';
import { buildSync } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles } from '../lib/render/write';
import { REPO_ROOT, tempDir } from './support/reference';

// Real processes writing one output folder at once: the folder must always hold exactly what
// one complete synth wrote, never a mix, never a staging folder.

let script = '';
beforeAll(() => {
  script = path.join(tempDir('synth-variant-'), 'synth-variant.js');
  buildSync({ entryPoints: [path.join(__dirname, 'support', 'synth-variant.ts')], bundle: true, platform: 'node', target: 'node20', outfile: script, logLevel: 'error' });
});

interface Exit { code: number | null; signal: NodeJS.Signals | null; stderr: string }

function start(outdir: string, variant: 'a' | 'b', env: Record<string, string> = {}): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [script, outdir, variant], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const exit = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, exit };
}

const run = async (outdir: string, variant: 'a' | 'b') => {
  const result = await start(outdir, variant).exit;
  expect(result).toMatchObject({ code: 0 });
};

/** Every file of a folder with its content. */
const tree = (dir: string) => new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

let expected: { a: Map<string, string>; b: Map<string, string> };
beforeAll(async () => {
  const a = tempDir();
  const b = tempDir();
  await Promise.all([run(a, 'a'), run(b, 'b')]);
  expected = { a: tree(a), b: tree(b) };
  expect(expected.a.size).toBeGreaterThan(expected.b.size);
});

/** The folder holds one complete render, a or b, and nothing else (no staging, lock or leftovers inside). */
function expectOneCompleteRender(outdir: string): 'a' | 'b' {
  const actual = tree(outdir);
  const which = actual.size === expected.a.size ? 'a' : 'b';
  expect(actual).toEqual(expected[which]);
  expect(fs.readdirSync(outdir)).toEqual(['homelab']);
  return which;
}

describe('the output folder under concurrent synths', () => {
  test('two synths at once: both succeed, one after the other, and the folder holds one complete render', async () => {
    for (let round = 0; round < 4; round++) {
      const outdir = path.join(tempDir(), 'dist');
      const [a, b] = [start(outdir, 'a'), start(outdir, round % 2 ? 'a' : 'b')];
      const results = await Promise.all([a.exit, b.exit]);
      for (const r of results) expect(r).toMatchObject({ code: 0 });
      expectOneCompleteRender(outdir);
      // The lock is released and nothing is left beside the folder.
      expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
    }
  });

  test('a synth waiting too long for the lock fails with a message naming the holder', async () => {
    const outdir = path.join(tempDir(), 'dist');
    const lock = path.join(path.dirname(outdir), '.dist-synth.lock');
    // A live process (this test's) holds the lock.
    fs.writeFileSync(lock, `${process.pid}\n`);
    const result = await start(outdir, 'a', { STACK_LOCK_WAIT_MS: '300' }).exit;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`another synth (pid ${process.pid}) is still writing ${outdir}/`);
    expect(result.stderr).toContain(`If no synth is running, delete ${lock}`);
    expect(fs.existsSync(outdir) ? fs.readdirSync(outdir) : []).toEqual([]);
  });

  test('a synth killed with SIGKILL at any point leaves a complete render, and the next synth cleans up after it', async () => {
    const outdir = path.join(tempDir(), 'dist');
    await run(outdir, 'a');
    const seen = new Set<string>();
    for (const delay of [50, 150, 250, 350, 450, 600, 800]) {
      const { child, exit } = start(outdir, 'b');
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      const result = await exit;
      seen.add(result.signal === 'SIGKILL' ? 'killed' : 'finished');
      seen.add(expectOneCompleteRender(outdir));
      // A dead process's lock and staging folders do not stop or leak into the next synth.
      await run(outdir, 'a');
      expect(expectOneCompleteRender(outdir)).toBe('a');
      expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
    }
    expect(seen.has('killed')).toBe(true);
  });
});
