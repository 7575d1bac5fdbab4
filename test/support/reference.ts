import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { datacenter } from '../../config/datacenter';
import { homelab } from '../../config/homelab';
import { renderCluster, RenderedCluster } from '../../charts/stack';

let cached: RenderedCluster | undefined;

/** The reference cluster rendered in memory (once per test file). */
export function referenceCluster(): RenderedCluster {
  cached ??= renderCluster(homelab);
  return cached;
}

let cachedHa: RenderedCluster | undefined;

/** The `ha` reference cluster rendered in memory (once per test file). */
export function haReferenceCluster(): RenderedCluster {
  cachedHa ??= renderCluster(datacenter);
  return cachedHa;
}

const created: string[] = [];
// Jest workers are not guaranteed an 'exit' event: clean up after each test file instead.
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'stack-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
