import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { datacenter } from '../fixtures/datacenter';
import { homelab } from '../fixtures/homelab';
import { ClusterConfig } from '../../config';
import { renderCluster, RenderedCluster } from '../../charts/stack';

let cached: RenderedCluster | undefined;

/** The `single` fixture (test/fixtures/homelab.ts) rendered in memory (once per test file). */
export function referenceCluster(): RenderedCluster {
  cached ??= renderCluster(homelab);
  return cached;
}

/**
 * Another cluster beside the `single` fixture, as the README shows it: the shared base with its
 * own name, bucket and Dex client (two clusters may share neither).
 */
export function secondCluster(name: string, changes: Partial<ClusterConfig> = {}): ClusterConfig {
  return {
    ...homelab,
    name,
    loki: { ...homelab.loki, s3: { ...homelab.loki.s3, buckets: { chunks: `loki-chunks-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` } } },
    grafana: { ...homelab.grafana, dex: { ...homelab.grafana.dex!, clientId: `grafana-${name}` } },
    ...changes,
  };
}

let cachedHa: RenderedCluster | undefined;

/** The `ha` fixture (test/fixtures/datacenter.ts) rendered in memory (once per test file). */
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
