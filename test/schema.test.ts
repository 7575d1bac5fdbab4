import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { renderCluster } from '../charts/stack';
import { homelab } from '../config/homelab';
import { synth } from '../main';
import { REPO_ROOT, tempDir } from './support/reference';

// The strict schema check (Kubernetes 1.28 + the pinned CRDs; unknown fields are errors) that
// ships beside this repository in ../shared.
const validator = path.resolve(REPO_ROOT, '..', 'shared', 'tools', 'schema-check', 'validate-dist.mjs');

// Where ../shared is not checked out (e.g. a hosted runner), NO_SHARED_SCHEMAS=1 skips it explicitly.
const run = process.env.NO_SHARED_SCHEMAS === '1' ? test.skip : test;

/** The validator's summary line for one cluster folder; its whole report when it fails. */
function schemaCheck(dir: string): string {
  expect(fs.existsSync(validator)).toBe(true);
  const shim = path.join(__dirname, 'support', 'go-regexp-shim.mjs');
  const res = spawnSync('node', ['--import', shim, validator, dir], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim().split('\n').pop()! : `${res.stdout}${res.stderr}`;
}

run('every rendered object of every cluster passes the strict schema check', () => {
  const dir = tempDir();
  // Cluster by cluster: clusters share object names.
  for (const cluster of synth({ outdir: dir })) {
    expect(schemaCheck(path.join(dir, cluster.name))).toMatch(/invalid 0, duplicates 0, no-schema 0$/);
  }
});

// The options the reference cluster leaves off render fields of their own: check those too.
run('a cluster with every optional feature on passes the strict schema check', () => {
  const everything = renderCluster({
    ...homelab,
    prometheus: { ...homelab.prometheus, replicas: 2 },
    alertmanager: { replicas: 3 },
    grafana: { ...homelab.grafana, database: { type: 'postgres', host: 'postgres.data.svc:5432', name: 'grafana', user: 'grafana', password: { name: 'grafana-db', key: 'password' } } },
    logAgent: { ...homelab.logAgent, agent: 'alloy' },
    robusta: {
      ...homelab.robusta!,
      remediations: [
        { alert: 'KubePodCrashLooping', action: 'restart-pod' },
        { alert: 'KubeDeploymentReplicasMismatch', action: 'rollout-restart' },
        { alert: 'PostgresConnectionsNearLimit', action: 'scale', replicas: 2 },
        { alert: 'KubePodNotReady', action: 'diagnose', command: 'ps aux' },
      ],
    },
    traces: { type: 'tempo', url: 'http://tempo.tracing.svc.cluster.local:3200' },
  });
  const dir = tempDir();
  for (const [file, content] of everything.files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  expect(schemaCheck(dir)).toMatch(/invalid 0, duplicates 0, no-schema 0$/);
});
