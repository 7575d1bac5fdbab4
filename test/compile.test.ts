import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, tempDir } from './support/reference';

// scripts/compile.mjs on a project whose config has a syntax error: esbuild's message with the
// file, line and column, exit 1, and no stack trace of esbuild itself.
test('a syntax error in a config prints esbuild\'s message only', () => {
  const dir = tempDir('compile-');
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.mkdirSync(path.join(dir, 'config'));
  fs.copyFileSync(path.join(REPO_ROOT, 'scripts', 'compile.mjs'), path.join(dir, 'scripts', 'compile.mjs'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}\n');
  fs.writeFileSync(path.join(dir, 'config', 'lab2.ts'), "export const lab2 = {\n  name: 'lab2',\n  nodeCount: ,\n};\n");
  fs.writeFileSync(path.join(dir, 'main.ts'), "import { lab2 } from './config/lab2';\nconsole.log(lab2);\n");
  const run = spawnSync(process.execPath, ['scripts/compile.mjs'], { cwd: dir, encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/ERROR\] Unexpected ","[\s\S]*config\/lab2\.ts:3:13:/);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/Build failed with/);
});
