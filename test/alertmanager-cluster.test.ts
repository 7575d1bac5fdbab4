import { spawnSync } from 'child_process';
import * as path from 'path';
import { parse } from 'yaml';
import { allows } from '../lib/policy/network';
import { loadManifests } from '../lib/policy/manifests';
import { writeAlertmanagerYaml } from './support/alertmanager-config';
import { freePort, httpGet, start, Started, stop, waitFor, postJson } from './support/processes';
import { haReferenceCluster, tempDir } from './support/reference';
import { TOOLS, toolPath } from './support/tools';

/**
 * The `ha` cluster's Alertmanager as the operator runs it: its replicas, each started with
 * `--cluster.peer` for every replica, on loopback with the same Alertmanager as the other routing tests and the rendered
 * routing. They must form one cluster: every member sees all of them, and a silence created on
 * one reaches the others.
 */
const files = haReferenceCluster().files;
const cr = parse(files.get('alertmanager/alertmanager-alertmanager.yaml')!);
const dir = tempDir('am-cluster-');
const configFile = writeAlertmanagerYaml(dir, cr, parse(files.get('alertmanager/alertmanagerconfig-alertmanager.yaml')!));
const processes: Started[] = [];

afterAll(async () => {
  for (const p of processes) await stop(p);
});


test('the rendered configuration passes amtool check-config, and the CR asks for three replicas', () => {
  const res = spawnSync(toolPath(TOOLS.amtool), ['check-config', configFile], { encoding: 'utf8' });
  expect(res.stdout + res.stderr).toContain('SUCCESS');
  expect(cr.spec.replicas).toBe(3);
});

test('the replicas form one cluster and share silences', async () => {
  const replicas: number = cr.spec.replicas;
  const web = await Promise.all(Array.from({ length: replicas }, () => freePort()));
  const mesh = await Promise.all(Array.from({ length: replicas }, () => freePort()));
  for (let i = 0; i < replicas; i++) {
    processes.push(start(toolPath(TOOLS.alertmanager), [
      `--config.file=${configFile}`, `--storage.path=${path.join(dir, `am-${i}`)}`,
      `--web.listen-address=127.0.0.1:${web[i]}`, `--cluster.listen-address=127.0.0.1:${mesh[i]}`,
      ...mesh.map((p) => `--cluster.peer=127.0.0.1:${p}`),
    ]));
  }
  const describe = () => processes.map((p) => p.output()).join('\n---\n');
  for (const port of web) {
    await waitFor(async () => {
      const status = JSON.parse(await httpGet(`http://127.0.0.1:${port}/api/v2/status`));
      return status.cluster.status === 'ready' && status.cluster.peers.length === replicas ? true : undefined;
    }, 60_000, describe);
  }

  const now = Date.now();
  await postJson(`http://127.0.0.1:${web[0]}/api/v2/silences`, {
    matchers: [{ name: 'alertname', value: 'ClusterTest', isRegex: false, isEqual: true }],
    startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), createdBy: 'test', comment: 'gossip',
  });
  for (const port of web.slice(1)) {
    const silences = await waitFor(async () => {
      const list = JSON.parse(await httpGet(`http://127.0.0.1:${port}/api/v2/silences`)) as { comment: string }[];
      return list.some((s) => s.comment === 'gossip') ? list : undefined;
    }, 60_000, describe);
    expect(silences.map((s) => s.comment)).toContain('gossip');
  }
}, 150_000);

test('the NetworkPolicies let the replicas gossip on the mesh port, over TCP and UDP', () => {
  const manifests = loadManifests(files);
  const pods = { namespace: 'monitoring', pods: { 'app.kubernetes.io/name': 'alertmanager' } };
  const podLabels = { ...cr.spec.podMetadata.labels, alertmanager: 'alertmanager' };
  for (const protocol of ['TCP', 'UDP'] as const) {
    expect(allows(manifests, { id: 'mesh', from: pods, to: pods, port: 9094, protocol }, podLabels)).toBe(true);
  }
  // From elsewhere in the namespace, the mesh port stays closed.
  expect(allows(manifests, { id: 'other', from: { namespace: 'monitoring', pods: { 'app.kubernetes.io/name': 'grafana' } }, to: pods, port: 9094 }, { 'app.kubernetes.io/name': 'grafana' })).toBe(false);
});
