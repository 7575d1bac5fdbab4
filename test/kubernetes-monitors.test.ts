import { parse } from 'yaml';
import { referenceCluster } from './support/reference';
import { KNOWN_METRICS } from '../lib/catalog/metrics';

const cluster = referenceCluster();
const obj = (file: string) => {
  const content = cluster.files.get(`kubernetes-monitors/${file}`);
  if (!content) throw new Error(`kubernetes-monitors/${file} not rendered`);
  return parse(content);
};
const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
type Endpoint = Record<string, unknown> & { relabelings: { targetLabel: string; replacement?: string }[] };

describe('kubernetes-monitors', () => {
  test('the kubelet and cAdvisor are scraped through the operator-managed kube-system/kubelet Service', () => {
    const sm = obj('servicemonitor-kubelet.yaml');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['kube-system'] });
    expect(sm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'kubelet' } });
    const endpoints = sm.spec.endpoints as Endpoint[];
    expect(endpoints.map((e) => e.path)).toEqual(['/metrics', '/metrics/cadvisor']);
    for (const e of endpoints) {
      expect(e).toMatchObject({ port: 'https-metrics', scheme: 'https', bearerTokenFile: `${SA}/token`, honorLabels: true });
      expect(e.relabelings).toContainEqual({ action: 'replace', sourceLabels: ['__meta_kubernetes_endpoint_address_target_name'], targetLabel: 'node' });
    }
  });

  test('the operator is told to maintain that Service', () => {
    const operator = parse(cluster.files.get('prometheus-operator/deployment-prometheus-operator.yaml')!);
    expect(operator.spec.template.spec.containers[0].args).toContain('--kubelet-service=kube-system/kubelet');
  });

  test('cAdvisor keeps container series and pod network series, not double-counted pod cgroups', () => {
    const cadvisor = obj('servicemonitor-kubelet.yaml').spec.endpoints[1];
    expect(cadvisor.metricRelabelings).toEqual([{ action: 'drop', sourceLabels: ['__name__', 'container'], regex: 'container_(cpu|memory|fs)_.+;' }]);
    const drops = (name: string, container: string) => new RegExp(`^(?:${cadvisor.metricRelabelings[0].regex})$`).test(`${name};${container}`);
    expect(drops('container_cpu_usage_seconds_total', '')).toBe(true);
    expect(drops('container_cpu_usage_seconds_total', 'api')).toBe(false);
    expect(drops('container_network_receive_bytes_total', '')).toBe(false);
  });

  test('the API server is scraped over https with the ServiceAccount token and CA', () => {
    const sm = obj('servicemonitor-apiserver.yaml');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['default'] });
    expect(sm.spec.selector).toEqual({ matchLabels: { component: 'apiserver', provider: 'kubernetes' } });
    expect(sm.spec.endpoints[0]).toMatchObject({
      port: 'https', scheme: 'https', bearerTokenFile: `${SA}/token`, tlsConfig: { caFile: `${SA}/ca.crt`, serverName: 'kubernetes' },
    });
    expect(sm.spec.endpoints[0].tlsConfig.insecureSkipVerify).toBeUndefined();
  });

  test('CoreDNS is scraped on the metrics port of the kube-dns Service (kubeadm and k3s name it so)', () => {
    const sm = obj('servicemonitor-coredns.yaml');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['kube-system'] });
    expect(sm.spec.selector).toEqual({ matchLabels: { 'k8s-app': 'kube-dns' } });
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics' });
  });

  test('each monitor sets a stable job label the alerts use', () => {
    for (const name of ['kubelet', 'apiserver', 'coredns']) {
      for (const e of obj(`servicemonitor-${name}.yaml`).spec.endpoints as Endpoint[]) {
        expect(e.relabelings[0]).toEqual({ action: 'replace', targetLabel: 'job', replacement: name });
      }
    }
  });

  test('ships down/absent alerts per component and the PVC alerts from kubelet volume stats', () => {
    const rules = obj('prometheusrule-kubernetes-components.yaml').spec.groups[0].rules as { alert: string; expr: string }[];
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining([
      'KubeletTargetDown', 'ApiserverTargetDown', 'CorednsTargetDown', 'KubePersistentVolumeFillingUp',
    ]));
    expect(rules.find((r) => r.alert === 'KubePersistentVolumeFillingUp')!.expr).toContain('kubelet_volume_stats_available_bytes');
  });
});

describe('dropped histograms', () => {
  const drops = ['servicemonitor-kubelet.yaml', 'servicemonitor-apiserver.yaml'].flatMap((f) =>
    (obj(f).spec.endpoints as { metricRelabelings?: { action: string; regex: string; sourceLabels: string[] }[] }[])
      .flatMap((e) => e.metricRelabelings ?? []).filter((r) => r.action === 'drop' && r.sourceLabels.join() === '__name__'));
  const dropped = (name: string) => drops.some((r) => new RegExp(`^(?:${r.regex})$`).test(name));

  test('the heavy apiserver and kubelet histograms are dropped at scrape', () => {
    expect(drops).toHaveLength(3);
    for (const name of ['apiserver_request_sli_duration_seconds_sum', 'etcd_request_duration_seconds_bucket', 'apiserver_flowcontrol_request_wait_duration_seconds_bucket', 'rest_client_request_duration_seconds_bucket']) {
      expect(dropped(name)).toBe(true);
    }
  });
  // The API server latency SLO reads the SLI histogram's count and 1s bucket: the other buckets go.
  test('only the SLI histogram\'s 1s bucket and count are kept, as Prometheus 2 and 3 write the bound', () => {
    const byLe = (obj('servicemonitor-apiserver.yaml').spec.endpoints as { metricRelabelings: { action: string; regex: string; sourceLabels: string[] }[] }[])
      .flatMap((e) => e.metricRelabelings).filter((r) => r.sourceLabels.join() === '__name__,le');
    expect(byLe).toHaveLength(1);
    const droppedBucket = (le: string) => new RegExp(`^(?:${byLe[0].regex})$`).test(`apiserver_request_sli_duration_seconds_bucket;${le}`);
    for (const le of ['1', '1.0']) expect(droppedBucket(le)).toBe(false);
    for (const le of ['0.05', '0.8', '1.25', '5', '5.0', '10', '60', '+Inf']) expect(droppedBucket(le)).toBe(true);
    expect(dropped('apiserver_request_sli_duration_seconds_count')).toBe(false);
  });
  test('no metric the stack\'s dashboards or alerts read is dropped', () => {
    for (const name of KNOWN_METRICS) expect(dropped(name)).toBe(false);
    // Their counts and sums stay, for rates and averages.
    expect(dropped('etcd_request_duration_seconds_count')).toBe(false);
  });
});
