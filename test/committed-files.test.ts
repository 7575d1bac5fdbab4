import * as fs from 'fs';
import * as path from 'path';
import { expectNoOtherFiles, toMatchCommittedFile } from './support/committed-files';
import { tempDir } from './support/reference';
import { DIST_DIR } from './support/configured';
import { listFiles } from '../lib/render/write';

/**
 * The committed-output matcher the dist/ check uses, called with a snapshot state of its own (a
 * failure through `expect` would count as a failed snapshot of this run): its failures say what
 * differs and how to fix it, and only a run that may write snapshots writes a missing file.
 */
function match(content: string, file: string, update: 'none' | 'new' | 'all') {
  const context = { isNot: false, snapshotState: { _updateSnapshot: update, added: 0, updated: 0, unmatched: 0 } };
  const result = toMatchCommittedFile.call(context as unknown as jest.MatcherContext, content, file);
  return { pass: result.pass, message: result.message().replace(/\u001b\[[0-9;]*m/g, '') };
}

describe('toMatchCommittedFile', () => {
  const committed = 'kind: ConfigMap\ndata:\n  threshold: "0.9"\n';
  const rendered = 'kind: ConfigMap\ndata:\n  threshold: "0.8"\n';

  test('passes on the same text', () => {
    const file = path.join(tempDir(), 'a.yaml');
    fs.writeFileSync(file, committed);
    expect(match(committed, file, 'none').pass).toBe(true);
  });

  test('a difference fails with a line diff and says to run `npm run synth`; the file is kept', () => {
    const file = path.join(tempDir(), 'a.yaml');
    fs.writeFileSync(file, committed);
    const { pass, message } = match(rendered, file, 'new');
    expect(pass).toBe(false);
    expect(message).toContain('-   threshold: "0.9"');
    expect(message).toContain('+   threshold: "0.8"');
    expect(message).toContain('is not what the code renders: run `npm run synth` (or `npx jest -u`) and commit the result.');
    expect(fs.readFileSync(file, 'utf8')).toBe(committed);
  });

  test('with -u the file is rewritten, as synth would', () => {
    const file = path.join(tempDir(), 'a.yaml');
    fs.writeFileSync(file, committed);
    expect(match(rendered, file, 'all').pass).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(rendered);
  });

  test('a missing file fails under CI and is written otherwise', () => {
    const file = path.join(tempDir(), 'new-cluster', 'a.yaml');
    const ci = match(rendered, file, 'none');
    expect(ci.pass).toBe(false);
    expect(ci.message).toContain('run `npm run synth`');
    expect(fs.existsSync(file)).toBe(false);
    expect(match(rendered, file, 'new').pass).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(rendered);
  });
});

describe('expectNoOtherFiles', () => {
  test('names every file synth would remove', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'loki'));
    for (const f of ['loki/kustomization.yaml', 'loki/old.yaml']) fs.writeFileSync(path.join(dir, f), '');
    expect(() => expectNoOtherFiles(dir, ['loki/kustomization.yaml'])).toThrow(/holds files the code no longer renders:\n {2}loki\/old\.yaml\nrun `npm run synth`/);
    expect(() => expectNoOtherFiles(dir, ['loki/kustomization.yaml', 'loki/old.yaml'])).not.toThrow();
  });
});

// dist/ is stored once: a jest snapshot holding a rendered file would be a second copy to update.
test('no jest snapshot repeats a file of dist/', () => {
  const snapshots = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? snapshots(file) : e.name.endsWith('.snap') ? [file] : [];
  });
  const stored = snapshots(__dirname).map((f) => ({ file: path.relative(__dirname, f), text: fs.readFileSync(f, 'utf8') }));
  const repeated: string[] = [];
  for (const file of listFiles(DIST_DIR)) {
    const head = fs.readFileSync(path.join(DIST_DIR, file), 'utf8').split('\n').slice(0, 10);
    if (head.length < 10) continue;
    // As jest writes a string into a snapshot's template literal.
    const escaped = head.join('\n').replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
    for (const snap of stored.filter((s) => s.text.includes(escaped))) repeated.push(`${snap.file}: dist/${file}`);
  }
  expect(repeated).toEqual([]);
});
