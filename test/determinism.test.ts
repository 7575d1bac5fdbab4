import * as path from 'path';
import * as fs from 'fs';
import { synth } from '../main';
import { listFiles } from '../lib/render/write';
import { tempDir } from './support/reference';

test('two synths produce byte-identical output', () => {
  const a = tempDir();
  const b = tempDir();
  synth({ outdir: a });
  synth({ outdir: b });
  const filesA = listFiles(a);
  expect(filesA.length).toBeGreaterThan(10);
  expect(listFiles(b)).toEqual(filesA);
  for (const file of filesA) {
    expect(fs.readFileSync(path.join(b, file)).equals(fs.readFileSync(path.join(a, file)))).toBe(true);
  }
});

test('a rerun into the same folder changes nothing', () => {
  const dir = tempDir();
  synth({ outdir: dir });
  const before = new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  synth({ outdir: dir });
  const after = new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  expect(after).toEqual(before);
});

test('no timestamps in the output', () => {
  const dir = tempDir();
  synth({ outdir: dir });
  const year = String(new Date().getUTCFullYear());
  for (const file of listFiles(dir)) {
    expect(fs.readFileSync(path.join(dir, file), 'utf8')).not.toMatch(new RegExp(`${year}-\\d\\d-\\d\\dT`));
  }
});
