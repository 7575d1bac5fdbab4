import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, tempDir } from './support/reference';

/** A project of a main.ts and one config file, built and run by scripts/compile.mjs as `npm run synth` runs it. */
function runProject(config: string, main: string): { status: number | null; stderr: string } {
  const dir = tempDir('compile-');
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.mkdirSync(path.join(dir, 'config'));
  fs.copyFileSync(path.join(REPO_ROOT, 'scripts', 'compile.mjs'), path.join(dir, 'scripts', 'compile.mjs'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}\n');
  fs.writeFileSync(path.join(dir, 'config', 'lab2.ts'), config);
  fs.writeFileSync(path.join(dir, 'main.ts'), main);
  return spawnSync(process.execPath, ['scripts/compile.mjs', 'build/main.js'], { cwd: dir, encoding: 'utf8' });
}

// scripts/compile.mjs on a project whose config has a syntax error: esbuild's message with the
// file, line and column, exit 1, and no stack trace of esbuild itself.
test('a syntax error in a config prints esbuild\'s message only', () => {
  const run = runProject("export const lab2 = {\n  name: 'lab2',\n  nodeCount: ,\n};\n", "import { lab2 } from './config/lab2';\nconsole.log(lab2);\n");
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/ERROR\] Unexpected ","[\s\S]*config\/lab2\.ts:3:13:/);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/Build failed with/);
});

test('a config that throws as it loads is named by file and line, without a stack', () => {
  const run = runProject("const base = undefined as unknown as { nodes: number };\nexport const lab2 = {\n  nodeCount: base.nodes,\n};\n",
    "import { lab2 } from './config/lab2';\nconsole.log(lab2);\n");
  expect(run.status).toBe(1);
  expect(run.stderr).toBe("synth failed, its output folder left unchanged:\n  config/lab2.ts:3: TypeError: Cannot read properties of undefined (reading 'nodes')\n");
});

test('an error outside config/ keeps its stack', () => {
  const run = runProject("export const lab2 = { nodeCount: 1 };\n", "import { lab2 } from './config/lab2';\nthrow new Error(`main failed with ${lab2.nodeCount}`);\n");
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/Error: main failed with 1\n\s+at /);
});
