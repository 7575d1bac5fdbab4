import * as fs from 'fs';
import * as path from 'path';
import { toMatchFile } from 'jest-file-snapshot';
import { listFiles } from '../../lib/render/write';

/**
 * The committed output is the snapshot: `expect(text).toMatchCommittedFile(file)` compares a
 * fresh render with the file `npm run synth` writes (dist/, docs/versions.md), using
 * jest-file-snapshot's `toMatchFile`. So `npx jest -u` and `npm run synth` write the same
 * files; a mismatch prints a line diff and says how to update; a missing file is written (as
 * jest writes a new snapshot), except under CI (`CI=true` or `--ci`), where it fails.
 * Registered for every test file by jest.config.js.
 */
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HINT = 'run `npm run synth` (or `npx jest -u`) and commit the result';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The text equals the committed file `file` (absolute, or relative to the repository). */
      toMatchCommittedFile(file: string): R;
    }
  }
}

const relative = (file: string) => path.relative(REPO_ROOT, file) || file;

/** The matcher; `this` is jest's matcher context (its snapshot state says whether to write). */
export function toMatchCommittedFile(this: jest.MatcherContext, content: string, file: string): jest.CustomMatcherResult {
  const absolute = path.resolve(REPO_ROOT, file);
  const result = (toMatchFile as (this: unknown, ...a: unknown[]) => jest.CustomMatcherResult)
    .call(this, content, absolute, { diff: { aAnnotation: `committed ${relative(absolute)}`, bAnnotation: 'rendered now', contextLines: 3 } });
  if (result.pass !== Boolean(this.isNot)) return result;
  return { pass: result.pass, message: () => `${result.message()}\n\n${relative(absolute)} is not what the code renders: ${HINT}.` };
}

expect.extend({ toMatchCommittedFile });

/** Whether this jest run writes snapshots (`-u`). */
function updating(): boolean {
  const state = (expect.getState() as { snapshotState?: { _updateSnapshot?: string } }).snapshotState;
  return state?._updateSnapshot === 'all';
}

/**
 * Fails naming every file under `dir` that is not in `rendered` (relative paths), as synth
 * would remove it; with `-u` removes them instead, so the folder ends as synth leaves it.
 */
export function expectNoOtherFiles(dir: string, rendered: readonly string[]): void {
  const keep = new Set(rendered);
  const extra = listFiles(dir).filter((f) => !keep.has(f));
  if (extra.length > 0 && updating()) {
    for (const f of extra) {
      fs.rmSync(path.join(dir, f));
      // Folders left empty go too.
      for (let d = path.dirname(path.join(dir, f)); d !== dir && fs.readdirSync(d).length === 0; d = path.dirname(d)) fs.rmdirSync(d);
    }
    return;
  }
  if (extra.length > 0) {
    throw new Error(`${relative(dir)}/ holds files the code no longer renders:\n  ${extra.join('\n  ')}\n${HINT}.`);
  }
}

/**
 * Fails naming every cluster folder of `outdir` (one with an `argocd/` folder, as synth tells
 * them) whose cluster is no longer configured; with `-u` removes them, as synth does.
 */
export function expectNoOtherClusters(outdir: string, configured: readonly string[]): void {
  if (!fs.existsSync(outdir)) return;
  const stale = fs.readdirSync(outdir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !configured.includes(e.name) && fs.existsSync(path.join(outdir, e.name, 'argocd')))
    .map((e) => e.name);
  if (stale.length > 0 && updating()) {
    for (const name of stale) fs.rmSync(path.join(outdir, name), { recursive: true, force: true });
    return;
  }
  if (stale.length > 0) {
    throw new Error(`${relative(outdir)}/ holds the folders of clusters no longer in config/: ${stale.join(', ')}; ${HINT}.`);
  }
}
