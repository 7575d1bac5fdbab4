import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles } from '../lib/render/write';
import { REPO_ROOT, tempDir } from './support/reference';

/** `npm run import` never destroys imports/ before the new files exist. */
const importsDir = path.join(REPO_ROOT, 'imports');
const contents = () => listFiles(importsDir).map((f) => [f, fs.readFileSync(path.join(importsDir, f), 'utf8')]);
const runImport = (crdsDir: string) =>
  spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'import.sh')], { encoding: 'utf8', env: { ...process.env, CRDS_DIR: crdsDir } });

describe('npm run import', () => {
  const before = contents();

  test('without the CRD folder: says what is missing, leaves imports/ as it was', () => {
    const res = runImport(path.join(tempDir(), 'no-such-folder'));
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/no CRD folder at .*no-such-folder.*imports\/ is unchanged/);
    expect(contents()).toEqual(before);
  });

  test('with some CRDs missing: names each missing file, leaves imports/ as it was', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'monitoring.coreos.com_prometheuses.yaml'), 'not used: the script stops before importing\n');
    const res = runImport(dir);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('monitoring.coreos.com_alertmanagers.yaml');
    expect(res.stderr).toContain('application-crd.yaml');
    expect(res.stderr).not.toMatch(/monitoring\.coreos\.com_prometheuses\.yaml/);
    expect(res.stderr).toContain('imports/ is unchanged');
    expect(contents()).toEqual(before);
    expect(fs.readdirSync(REPO_ROOT).filter((f) => f.startsWith('.imports-'))).toEqual([]);
  });
});
