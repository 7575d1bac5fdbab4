import { parse } from 'yaml';
import { renderCluster } from '../charts/stack';
import { datacenter } from './fixtures/datacenter';
import { allows } from '../lib/policy/network';
import { loadManifests } from '../lib/policy/manifests';
import { haReferenceCluster } from './support/reference';

// Loki in simple scalable mode, as the `ha` reference cluster renders it.
const cluster = haReferenceCluster();
const rendered = (f: string) => parse(cluster.files.get(f)!);
const config = parse(rendered('loki/configmap-loki.yaml').data['config.yaml']);

describe('Loki simple scalable', () => {
  test('runs the read, write and backend targets, three pods each, spread over nodes with a budget', () => {
    for (const [target, kind] of [['read', 'deployment'], ['write', 'statefulset'], ['backend', 'statefulset']]) {
      const workload = rendered(`loki/${kind}-loki-${target}.yaml`);
      expect(workload.spec.replicas).toBe(3);
      expect(workload.spec.template.spec.containers[0].args).toContain(`-target=${target}`);
      expect(workload.spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('kubernetes.io/hostname');
      expect(rendered(`loki/poddisruptionbudget-loki-${target}.yaml`).spec.maxUnavailable).toBe(1);
    }
    expect(cluster.files.has('loki/statefulset-loki.yaml')).toBe(false);
  });

  test('replicates each stream three times; queriers find the compactor and index gateways on the backend', () => {
    expect(config.common.replication_factor).toBe(3);
    expect(config.common.compactor_grpc_address).toBe('loki-backend.logging.svc.cluster.local:9095');
    expect(config.storage_config.tsdb_shipper.index_gateway_client.server_address).toBe('dns+loki-backend-headless.logging.svc.cluster.local:9095');
    expect(config.index_gateway).toEqual({ mode: 'simple' });
  });

  test('the ruler\'s rules are mounted on the backend only, where the ruler runs', () => {
    const mounts = (f: string) => rendered(f).spec.template.spec.containers[0].volumeMounts.map((m: { name: string }) => m.name);
    expect(mounts('loki/statefulset-loki-backend.yaml')).toContain('rules');
    expect(mounts('loki/statefulset-loki-write.yaml')).not.toContain('rules');
    expect(mounts('loki/deployment-loki-read.yaml')).not.toContain('rules');
  });

  test('every target joins one ring, and one PodMonitor scrapes every pod once', () => {
    expect(rendered('loki/service-loki-memberlist.yaml').spec.selector).toEqual({ 'app.kubernetes.io/name': 'loki' });
    expect(rendered('loki/podmonitor-loki.yaml').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'loki' });
    expect(cluster.files.has('loki/servicemonitor-loki.yaml')).toBe(false);
  });

  test('the network lets the gateway and the peers reach every target', () => {
    const manifests = loadManifests(cluster.files);
    for (const target of ['read', 'write', 'backend']) {
      const pods = rendered(`loki/service-loki-${target}.yaml`).spec.selector;
      const to = { namespace: 'logging', pods };
      expect(allows(manifests, { id: 'gw', from: { namespace: 'logging', pods: { 'app.kubernetes.io/name': 'loki-gateway' } }, to, port: 'http-metrics' })).toBe(true);
      for (const port of ['grpc', 'memberlist']) expect(allows(manifests, { id: 'peer', from: { namespace: 'logging', pods: { 'app.kubernetes.io/name': 'loki' } }, to, port })).toBe(true);
    }
  });

  test('the ruler sends each alert to every Alertmanager replica, found by SRV on the operator\'s governing Service', () => {
    expect(rendered('alertmanager/alertmanager-alertmanager.yaml').spec.replicas).toBe(3);
    expect(config.ruler.enable_alertmanager_discovery).toBe(true);
    // Kubernetes publishes _<port name>._tcp.<service> per pod; the operator names the web port `web`.
    expect(config.ruler.alertmanager_url).toBe('http://_web._tcp.alertmanager-operated.monitoring.svc.cluster.local');
    const manifests = loadManifests(cluster.files);
    const alertmanagerPods = { 'app.kubernetes.io/name': 'alertmanager', alertmanager: 'alertmanager' };
    expect(allows(manifests, { id: 'ruler', from: { namespace: 'logging', pods: rendered('loki/service-loki-backend.yaml').spec.selector }, to: { namespace: 'monitoring', pods: alertmanagerPods }, port: 'web' })).toBe(true);
  });

  test('refuses fewer than three pods per target', () => {
    expect(() => renderCluster({ ...datacenter, loki: { ...datacenter.loki, replicas: 2 } }))
      .toThrow('config/datacenter/loki: replicas = 2 is not valid; expected at least 3 with availability "ha"');
  });
});
