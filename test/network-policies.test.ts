import { parse } from 'yaml';
import { Manifest } from '../lib/render/collect';
import { allows, Flow } from '../lib/policy/network';
import { podTemplates } from '../lib/policy/workloads';
import { scrapeTargets } from '../lib/policy/scrape-targets';
import { referenceCluster } from './support/reference';
import { renderCluster } from '../charts/stack';
import { homelab } from './fixtures/homelab';

const cluster = referenceCluster();
const manifests: Manifest[] = [...cluster.files.entries()]
  .filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'))
  .map(([, c]) => parse(c));
const of = (kind: string) => manifests.filter((m) => m.kind === kind);
const stackNamespaces = new Set(of('NetworkPolicy').filter((p) => p.metadata.name === 'default-deny-ingress').map((p) => p.metadata.namespace!));
const contains = (labels: Record<string, string> | undefined, selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Full labels of the pods a selector picks in a namespace: workload templates and operator-run pods. */
function podLabels(namespace: string, selector: Record<string, string>): Record<string, string>[] {
  const templates = podTemplates(manifests).filter((p) => p.namespace === namespace).map((p) => p.metadata.labels ?? {});
  const operated = manifests.filter((m) => ['Prometheus', 'Alertmanager'].includes(m.kind) && m.metadata.namespace === namespace)
    .map((m) => (m.spec as { podMetadata: { labels: Record<string, string> } }).podMetadata.labels);
  return [...templates, ...operated].filter((l) => contains(l, selector));
}

/** Resolves `host:port` of a Service URL to the pods and container port behind it. */
function serviceTarget(url: string): { namespace: string; pods: Record<string, string>[]; port: string | number } {
  const u = new URL(url);
  const [name, namespace] = u.hostname.split('.');
  const svc = of('Service').find((s) => s.metadata.name === name && s.metadata.namespace === namespace);
  if (!svc) throw new Error(`no Service for ${url}`);
  const spec = svc.spec as { selector: Record<string, string>; ports: { port: number; targetPort: string | number }[] };
  const port = spec.ports.find((p) => p.port === Number(u.port || 80));
  if (!port) throw new Error(`Service ${namespace}/${name} has no port ${u.port || 80}`);
  return { namespace, pods: podLabels(namespace, spec.selector), port: port.targetPort };
}

function expectAllowed(id: string, from: { namespace: string; labels: Record<string, string> }, to: { namespace: string; pods: Record<string, string>[]; port: string | number }) {
  expect(to.pods.length).toBeGreaterThan(0);
  for (const pod of to.pods) {
    const flow: Flow = { id, from: { namespace: from.namespace, pods: from.labels }, to: { namespace: to.namespace, pods: pod }, port: to.port };
    expect({ id, allowed: allows(manifests, flow) }).toEqual({ id, allowed: true });
  }
}

const prometheus = of('Prometheus')[0];
const prometheusPod = { namespace: prometheus.metadata.namespace!, labels: (prometheus.spec as { podMetadata: { labels: Record<string, string> } }).podMetadata.labels };
const podOf = (namespace: string, name: string) => ({ namespace, labels: podLabels(namespace, { 'app.kubernetes.io/name': name })[0] });

describe('network policies', () => {
  test('every stack namespace denies ingress by default', () => {
    expect([...stackNamespaces].sort()).toEqual(['logging', 'monitoring', 'monitoring-agents', 'robusta']);
  });

  test('Prometheus reaches every scrape target in the stack namespaces (derived from the rendered monitors)', () => {
    let checked = 0;
    for (const sm of of('ServiceMonitor')) {
      const spec = sm.spec as { namespaceSelector?: { matchNames: string[] }; selector: { matchLabels: Record<string, string> }; endpoints: { port: string }[] };
      const namespace = spec.namespaceSelector?.matchNames[0] ?? sm.metadata.namespace!;
      if (!stackNamespaces.has(namespace)) continue;
      for (const svc of of('Service').filter((s) => s.metadata.namespace === namespace && contains(s.metadata.labels as Record<string, string>, spec.selector.matchLabels))) {
        const svcSpec = svc.spec as { selector: Record<string, string>; ports: { name: string; targetPort: string | number }[] };
        for (const ep of spec.endpoints) {
          const port = svcSpec.ports.find((p) => p.name === ep.port);
          if (!port) continue; // Prometheus finds no endpoint on a Service without that port
          const pods = podLabels(namespace, svcSpec.selector);
          // hostNetwork pods (node-exporter) are outside NetworkPolicy's reach.
          if (podTemplates(manifests).some((p) => p.namespace === namespace && contains(p.metadata.labels, svcSpec.selector) && p.spec.hostNetwork)) continue;
          expectAllowed(`scrape ${sm.metadata.name}`, prometheusPod, { namespace, pods, port: port.targetPort });
          checked++;
        }
      }
    }
    for (const pm of of('PodMonitor')) {
      const spec = pm.spec as { namespaceSelector?: { matchNames: string[] }; selector: { matchLabels: Record<string, string> }; podMetricsEndpoints: { port: string }[] };
      const namespace = spec.namespaceSelector?.matchNames[0] ?? pm.metadata.namespace!;
      if (!stackNamespaces.has(namespace)) continue;
      expectAllowed(`scrape ${pm.metadata.name}`, prometheusPod, { namespace, pods: podLabels(namespace, spec.selector.matchLabels), port: spec.podMetricsEndpoints[0].port });
      checked++;
    }
    expect(checked).toBeGreaterThan(8);
  });

  test('no Service is scraped twice: each ServiceMonitor selects one Service with its port', () => {
    for (const sm of of('ServiceMonitor')) {
      const spec = sm.spec as { namespaceSelector?: { matchNames: string[] }; selector: { matchLabels: Record<string, string> }; endpoints: { port: string }[] };
      const namespace = spec.namespaceSelector?.matchNames[0] ?? sm.metadata.namespace!;
      if (!stackNamespaces.has(namespace)) continue;
      const matching = of('Service').filter((s) => s.metadata.namespace === namespace && contains(s.metadata.labels as Record<string, string>, spec.selector.matchLabels)
        && (s.spec as { ports: { name: string }[] }).ports.some((p) => p.name === spec.endpoints[0].port));
      expect({ monitor: sm.metadata.name, services: matching.length }).toEqual({ monitor: sm.metadata.name, services: 1 });
    }
  });

  test('Grafana reaches each provisioned datasource', () => {
    const ds = parse(parse(cluster.files.get('grafana/configmap-grafana-provisioning.yaml')!).data['datasources.yaml']).datasources;
    for (const d of ds) expectAllowed(`grafana to ${d.name}`, podOf('monitoring', 'grafana'), serviceTarget(d.url));
  });

  test('the log agent reaches the Loki gateway, and the gateway reaches Loki', () => {
    const promtail = parse(parse(cluster.files.get('log-agent/configmap-promtail.yaml')!).data['config.yaml']);
    expectAllowed('promtail push', podOf('monitoring-agents', 'promtail'), serviceTarget(promtail.clients[0].url));
    const conf = parse(cluster.files.get('loki/configmap-loki-gateway.yaml')!).data['nginx.conf'] as string;
    expectAllowed('gateway to loki', podOf('logging', 'loki-gateway'), serviceTarget(/set \$loki (\S+);/.exec(conf)![1]));
  });

  test('Alertmanager reaches Robusta, Prometheus reaches Alertmanager, Alertmanager and Loki peers reach each other', () => {
    const config = parse(cluster.files.get('alertmanager/alertmanagerconfig-alertmanager.yaml')!);
    const hook = config.spec.receivers.find((r: { name: string }) => r.name === 'robusta').webhookConfigs[0].url;
    const alertmanager = of('Alertmanager')[0];
    const amPod = { namespace: 'monitoring', labels: (alertmanager.spec as { podMetadata: { labels: Record<string, string> } }).podMetadata.labels };
    expectAllowed('alertmanager to robusta', amPod, serviceTarget(hook));
    expectAllowed('prometheus to alertmanager', prometheusPod, serviceTarget('http://alertmanager.monitoring.svc:9093'));
    // A single Alertmanager has no peers, so no gossip port is opened; with replicas it is.
    expect((alertmanager.spec as { replicas: number }).replicas).toBe(1);
    const peers = (m: Manifest[]) => (['TCP', 'UDP'] as const).map((protocol) =>
      allows(m, { id: 'alertmanager peers', from: { namespace: 'monitoring', pods: amPod.labels }, to: { namespace: 'monitoring', pods: amPod.labels }, port: 9094, protocol }));
    expect(peers(manifests)).toEqual([false, false]);
    const replicated = [...renderCluster({ ...homelab, alertmanager: { replicas: 3 } }).files.entries()]
      .filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml')).map(([, c]) => parse(c) as Manifest);
    expect(peers(replicated)).toEqual([true, true]);
    for (const port of ['memberlist', 'grpc']) expectAllowed(`loki peers ${port}`, podOf('logging', 'loki'), { namespace: 'logging', pods: podLabels('logging', { 'app.kubernetes.io/name': 'loki' }), port });
  });

  test('the ingress controller reaches Grafana; nothing else from outside does', () => {
    const grafana = { namespace: 'monitoring', pods: podLabels('monitoring', { 'app.kubernetes.io/name': 'grafana' })[0] };
    expect(allows(manifests, { id: 'ingress', from: { namespace: 'ingress-nginx', pods: { app: 'controller' } }, to: grafana, port: 'http' })).toBe(true);
    expect(allows(manifests, { id: 'stranger', from: { namespace: 'default', pods: { app: 'curl' } }, to: grafana, port: 'http' })).toBe(false);
    expect(allows(manifests, { id: 'stranger', from: { namespace: 'default', pods: { app: 'curl' } }, to: { namespace: 'monitoring', pods: prometheusPod.labels }, port: 'web' })).toBe(false);
    expect(allows(manifests, { id: 'wrong port', from: { namespace: 'ingress-nginx' }, to: grafana, port: 22 })).toBe(false);
  });
});

describe('the NetworkPolicy evaluator', () => {
  const policy = (namespace: string, pods: Record<string, string>, ingress?: unknown[]): Manifest => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace },
    spec: { podSelector: { matchLabels: pods }, policyTypes: ['Ingress'], ...(ingress ? { ingress } : {}) },
  });
  const flow: Flow = { id: 'f', from: { namespace: 'a', pods: { app: 'client' } }, to: { namespace: 'b', pods: { app: 'server' } }, port: 'http' };
  const allowFromA = [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } }, podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'http', protocol: 'TCP' }] }];

  test('a pod no policy selects accepts everything; default deny refuses', () => {
    expect(allows([], flow)).toBe(true);
    expect(allows([policy('b', {})], flow)).toBe(false);
    expect(allows([policy('c', {})], flow)).toBe(true);
  });
  test('a rule must match the source namespace, the source pods, the port and the protocol', () => {
    expect(allows([policy('b', {}), policy('b', { app: 'server' }, allowFromA)], flow)).toBe(true);
    expect(allows([policy('b', {}, allowFromA)], { ...flow, from: { namespace: 'x', pods: { app: 'client' } } })).toBe(false);
    expect(allows([policy('b', {}, allowFromA)], { ...flow, from: { namespace: 'a', pods: { app: 'other' } } })).toBe(false);
    expect(allows([policy('b', {}, allowFromA)], { ...flow, port: 'grpc' })).toBe(false);
    expect(allows([policy('b', {}, allowFromA)], { ...flow, protocol: 'UDP' })).toBe(false);
    expect(allows([policy('b', { app: 'other' }, allowFromA), policy('b', {})], flow)).toBe(false);
  });
  test('a podSelector without namespaceSelector means the policy\'s own namespace', () => {
    const sameNs = [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }];
    expect(allows([policy('b', {}, sameNs)], flow)).toBe(false);
    expect(allows([policy('b', {}, sameNs)], { ...flow, from: { namespace: 'b', pods: { app: 'client' } } })).toBe(true);
  });
});

describe('scrape targets', () => {
  const svc: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'b', labels: { app: 'web' } }, spec: { selector: { app: 'web', tier: 'x' }, ports: [{ name: 'metrics', port: 80, targetPort: 'http-metrics' }] } };
  const monitor = (spec: Record<string, unknown>, kind = 'ServiceMonitor'): Manifest => ({ apiVersion: 'monitoring.coreos.com/v1', kind, metadata: { name: 'web', namespace: 'b' }, spec });

  test('a ServiceMonitor resolves to the Service\'s pods and target port; a PodMonitor to its selector and port', () => {
    expect(scrapeTargets([svc, monitor({ selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] })], ['b']))
      .toEqual([{ id: 'web', monitor: 'ServiceMonitor b/web', namespace: 'b', pods: { app: 'web', tier: 'x' }, port: 'http-metrics' }]);
    expect(scrapeTargets([monitor({ selector: { matchLabels: { app: 'web' } }, podMetricsEndpoints: [{ port: 'm' }] }, 'PodMonitor')], ['b']))
      .toEqual([{ id: 'web', monitor: 'PodMonitor b/web', namespace: 'b', pods: { app: 'web' }, port: 'm' }]);
  });
  test('targets outside the given namespaces are left out', () => {
    expect(scrapeTargets([svc, monitor({ selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] })], ['a'])).toEqual([]);
  });
  test('a matchExpressions selector is refused rather than guessed', () => {
    expect(() => scrapeTargets([monitor({ selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, endpoints: [] })], ['b']))
      .toThrow(/ServiceMonitor b\/web: spec.selector.matchExpressions/);
  });
});
