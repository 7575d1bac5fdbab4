import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffDist, formatDiff } from '../lib/render/diff';
import { CommandSpec, commandLine, programArgs } from './command-line';

/**
 * `npm run diff [BASE] [--markdown]`: renders the working tree into a temporary folder (the
 * same `synth()` as `npm run synth`, never touching dist/) and compares every object with dist/
 * at BASE (default: the merge base with main), per component, field by field.
 */
/** The project folder: the nearest one up with cdk8s.yaml (this file runs from tools/ or build/tools/). */
function projectRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) if (fs.existsSync(path.join(dir, 'cdk8s.yaml'))) return dir;
  throw new Error(`no cdk8s.yaml above ${__dirname}`);
}
const root = projectRoot();
// git's stderr is captured, not printed: a fresh clone has no local main (only origin/main), and
// the error thrown on any other failure carries it.
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

function defaultBase(): string {
  for (const branch of ['main', 'origin/main']) {
    try { return git('merge-base', 'HEAD', branch).trim(); } catch { /* try the next */ }
  }
  throw new Error('no merge base with main or origin/main: pass the base ref explicitly');
}

/** dist/ at a git ref, relative path -> content, read in one `git cat-file --batch`. */
export function distAt(ref: string): Map<string, string> {
  try { git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`); } catch { throw new Error(`${ref} is not a commit in this repository (fetch it, or pass another ref)`); }
  const files = git('ls-tree', '-r', '-z', '--name-only', ref, '--', 'dist/').split('\0').filter(Boolean);
  const out = new Map<string, string>();
  if (!files.length) return out;
  const batch = execFileSync('git', ['cat-file', '--batch'], { cwd: root, input: files.map((f) => `${ref}:${f}\n`).join(''), maxBuffer: 256 * 1024 * 1024 });
  let pos = 0;
  for (const file of files) {
    const eol = batch.indexOf(0x0a, pos);
    const [, type, size] = batch.subarray(pos, eol).toString('utf8').split(' ');
    if (type !== 'blob') throw new Error(`${ref}:${file} is not a file`);
    const start = eol + 1;
    out.set(file.slice('dist/'.length), batch.subarray(start, start + Number(size)).toString('utf8'));
    pos = start + Number(size) + 1;
  }
  return out;
}

/** The working tree rendered by build/main.js (synth with CDK8S_OUTDIR) into a temporary folder. */
function renderWorkingTree(): Map<string, string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-diff-'));
  try {
    const res = spawnSync(process.execPath, [path.join(root, 'build', 'main.js')], { cwd: root, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: tmp } });
    if (res.status !== 0) throw new Error(`rendering the working tree failed:\n${res.stderr || res.stdout}`);
    const out = new Map<string, string>();
    for (const rel of fs.readdirSync(tmp, { recursive: true, encoding: 'utf8' }).sort()) {
      const file = path.join(tmp, rel);
      if (fs.statSync(file).isFile()) out.set(rel.split(path.sep).join('/'), fs.readFileSync(file, 'utf8'));
    }
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Generated files that are not Kubernetes objects (README.md, SECRETS.md, kustomization.yaml). */
function otherChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const isObject = (f: string) => f.endsWith('.yaml') && !f.endsWith('/kustomization.yaml');
  return [...new Set([...before.keys(), ...after.keys()])].filter((f) => !isObject(f) && before.get(f) !== after.get(f)).sort()
    .map((f) => `${!before.has(f) ? 'added' : !after.has(f) ? 'removed' : 'changed'}: ${f}`);
}

export const DIFF_COMMAND: CommandSpec = {
  command: 'npm run diff --',
  summary: 'Renders the working tree into a temporary folder (dist/ untouched) and compares every object with dist/ at BASE, per component, field by field.',
  options: { markdown: { type: 'boolean', description: 'print Markdown, for a pull request comment' } },
  positionals: [{ name: 'BASE', description: 'the git ref to compare with (default: the merge base with main, else origin/main)' }],
};

function main(): void {
  const { values, positionals } = commandLine(DIFF_COMMAND, programArgs());
  const markdown = values.markdown === true;
  const base = positionals[0] ?? defaultBase();
  const before = distAt(base);
  const after = renderWorkingTree();
  const others = otherChanges(before, after);
  const out: string[] = [markdown ? `## Rendered manifests: changes against \`${base}\`\n` : `changes against ${base}\n`, formatDiff(diffDist(before, after), markdown)];
  if (others.length) {
    out.push(markdown ? `\n<details><summary>Other generated files (${others.length})</summary>\n\n${others.map((o) => `- ${o}`).join('\n')}\n\n</details>\n` : `\nother generated files:\n${others.map((o) => `  ${o}`).join('\n')}\n`);
  }
  process.stdout.write(out.join(''));
}

if (process.argv[1] && /diff\.[jt]s$/.test(process.argv[1])) {
  try {
    main();
  } catch (err) {
    console.error(`diff failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
