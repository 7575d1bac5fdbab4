import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { synth } from '../main';
import { REPO_ROOT, tempDir } from './support/reference';

// The strict schema check (Kubernetes 1.28 + the pinned CRDs; unknown fields are errors) that
// ships beside this repository in ../shared.
const validator = path.resolve(REPO_ROOT, '..', 'shared', 'tools', 'schema-check', 'validate-dist.mjs');

// Where ../shared is not checked out (e.g. a hosted runner), NO_SHARED_SCHEMAS=1 skips it explicitly.
const run = process.env.NO_SHARED_SCHEMAS === '1' ? test.skip : test;

run('every rendered object passes the strict schema check', () => {
  expect(fs.existsSync(validator)).toBe(true);
  const dir = tempDir();
  synth({ outdir: dir });
  const shim = path.join(__dirname, 'support', 'go-regexp-shim.mjs');
  const out = execFileSync('node', ['--import', shim, validator, dir], { encoding: 'utf8' });
  const summary = out.trim().split('\n').pop()!;
  expect(summary).toMatch(/invalid 0, duplicates 0, no-schema 0$/);
});
