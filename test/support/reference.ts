import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { homelab } from '../../config/homelab';
import { renderCluster, RenderedCluster } from '../../charts/stack';

let cached: RenderedCluster | undefined;

/** The reference cluster rendered in memory (once per test file). */
export function referenceCluster(): RenderedCluster {
  cached ??= renderCluster(homelab);
  return cached;
}

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix = 'stack-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
