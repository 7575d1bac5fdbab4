import { parse } from 'yaml';
import { buildCluster, renderCluster } from '../charts/stack';
import { thanosRetention } from '../charts/thanos/thanos-retention';
import { resolveCluster } from '../config';
import { datacenter } from './fixtures/datacenter';
import { homelab } from './fixtures/homelab';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { isAlertingRule, RecordingRule } from '../lib/alerting/types';
import { KNOWN_METRICS, uncatalogedMetrics } from '../lib/catalog/metrics';
import { Component } from '../lib/core/component';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { queryMetricNames } from '../lib/dashboards/queries';
import { allows } from '../lib/policy/network';
import { loadManifests } from '../lib/policy/manifests';
import { haReferenceCluster, referenceCluster } from './support/reference';

const cluster = haReferenceCluster();
const rendered = (f: string) => {
  const text = cluster.files.get(f);
  if (text === undefined) throw new Error(`${f} is not rendered; rendered: ${[...cluster.files.keys()].filter((k) => k.startsWith(f.split('/')[0])).join(', ')}`);
  return parse(text);
};
const args = (f: string) => rendered(f).spec.template.spec.containers[0].args as string[];

describe('the ha profile: Prometheus', () => {
  const prometheus = rendered('prometheus/prometheus-prometheus.yaml').spec;

  test('a local retention shorter than the SLO tickets\' 3d window is refused, naming the SLO and the fix', () => {
    expect(() => renderCluster({ ...datacenter, prometheus: { retention: '2d' } })).toThrow(
      /^config\/datacenter\/prometheus: retention = "2d" is not valid; expected at least 3d: the ticket tier of the SLO grafana-queries-availability \(thanos\/query-slo, 99.5% over 30d\) reads 1x over 3d, .*\(raise prometheus.retention, with its size limit and volume to hold it\)$/);
  });

  test('the SLOs\' 30d figures are not recorded on the 4d each Prometheus keeps: their dashboards compute them on Thanos Query', () => {
    const records = [...cluster.files.entries()].filter(([f]) => /prometheusrule-slo-/.test(f)).map(([, text]) => text).join('\n');
    expect(records).toContain('record: slo:sli_error:ratio_rate3d');
    expect(records).not.toMatch(/record: slo:(sli_error:ratio_rate30d|period_burn_rate:ratio|period_error_budget_remaining:ratio)/);
    const dashboards = [...cluster.files.entries()].filter(([f]) => /configmap-dashboard-slo-/.test(f)).map(([, text]) => text);
    expect(dashboards).toHaveLength(4);
    for (const d of dashboards) {
      expect(d).not.toMatch(/slo:period_|ratio_rate30d/);
      expect(d).toMatch(/avg_over_time\(slo:sli_error:ratio_rate5m\{[^}]*\}\[30d\]\)/);
      expect(d).toContain('Prometheus keeps only 4d locally, so no 30d series is recorded.');
    }
  });

  test('runs two replicas with the Thanos sidecar from the CR field, its object store from a Secret', () => {
    expect(prometheus.replicas).toBe(2);
    expect(prometheus.thanos).toMatchObject({
      image: 'quay.io/thanos/thanos:v0.42.4', version: 'v0.42.4',
      objectStorageConfig: { name: 'thanos-objstore', key: 'objstore.yaml' },
    });
    expect(prometheus.thanos.additionalArgs).toBeUndefined();
  });

  test('keeps a short local retention on a smaller volume; the bucket keeps the history', () => {
    // Four days: the SLO tickets' 3d window, which each Prometheus evaluates on its own TSDB, and a day of margin.
    expect(prometheus.retention).toBe('4d');
    expect(prometheus.storage.volumeClaimTemplate.spec.resources.requests.storage).toBe('20Gi');
    expect(args('thanos/statefulset-thanos-compact.yaml')).toEqual(expect.arrayContaining([
      '--retention.resolution-raw=30d', '--retention.resolution-5m=180d', '--retention.resolution-1h=730d', '--wait',
    ]));
    expect(args('thanos/statefulset-thanos-compact.yaml')).not.toContain('--downsampling.disable');
  });

  test('carries the cluster label; the replicas spread over nodes and a budget keeps one up', () => {
    expect(prometheus.externalLabels).toEqual({ cluster: 'datacenter' });
    expect(prometheus.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'kubernetes.io/hostname', maxSkew: 1 });
    expect(prometheus.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    const pdb = rendered('prometheus/poddisruptionbudget-prometheus.yaml');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'prometheus' } } });
  });

  test('uploadExistingBlocks turns on the sidecar shipper for compacted blocks', () => {
    const moving = renderCluster({ ...datacenter, thanos: { ...datacenter.thanos!, uploadExistingBlocks: true } });
    expect(parse(moving.files.get('prometheus/prometheus-prometheus.yaml')!).spec.thanos.additionalArgs).toEqual([{ name: 'shipper.upload-compacted' }]);
  });

  test('the sidecar has its own monitor and Service on its http port', () => {
    const monitor = rendered('prometheus/servicemonitor-thanos-sidecar.yaml');
    expect(monitor.spec.endpoints[0].port).toBe('http');
    expect(rendered('prometheus/service-thanos-sidecar.yaml').spec.ports[0]).toMatchObject({ name: 'http', port: 10902, targetPort: 'http' });
  });
});

describe('the ha profile: Thanos', () => {
  test('Query deduplicates on the replica label the operator sets, and reads the sidecars and the Store Gateway', () => {
    const a = args('thanos/deployment-thanos-query.yaml');
    expect(a[0]).toBe('query');
    expect(a).toContain('--query.replica-label=prometheus_replica');
    expect(a).toContain('--endpoint.sd-config-file=/etc/thanos/endpoints/endpoints.yaml');
    const endpointsFile = parse(rendered('thanos/configmap-thanos-query-endpoints.yaml').data['endpoints.yaml']);
    expect(endpointsFile.endpoints.slice(0, 2)).toEqual([
      { address: 'dnssrv+_grpc._tcp.prometheus-operated.monitoring.svc.cluster.local' },
      { address: 'dnssrv+_grpc._tcp.thanos-store-grpc.monitoring.svc.cluster.local' },
    ]);
  });

  test('as the hub, Query reads the other cluster\'s Store API over TLS with the mounted Secret files', () => {
    const endpointsFile = parse(rendered('thanos/configmap-thanos-query-endpoints.yaml').data['endpoints.yaml']);
    expect(endpointsFile.endpoints[2]).toEqual({
      address: 'thanos-grpc.edge.example.net:443',
      client_config: { server_name: 'thanos-grpc.edge.example.net', tls_config: { enabled: true, ca_file: '/etc/thanos/remote/edge/ca.crt', cert_file: '/etc/thanos/remote/edge/tls.crt', key_file: '/etc/thanos/remote/edge/tls.key' } },
    });
    const pod = rendered('thanos/deployment-thanos-query.yaml').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'remote-0', mountPath: '/etc/thanos/remote/edge', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'remote-0', projected: { sources: [
      { secret: { name: 'thanos-remote-edge', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { secret: { name: 'thanos-remote-edge', items: [{ key: 'tls.crt', path: 'tls.crt' }] } },
      { secret: { name: 'thanos-remote-edge', items: [{ key: 'tls.key', path: 'tls.key' }] } },
    ] } });
    expect(cluster.files.get('SECRETS.md')).toContain('thanos-remote-edge');
  });

  test('offered to a hub, Query serves its Store API over TLS from the Secrets, behind its own Service, open to the ingress namespace', () => {
    const a = args('thanos/deployment-thanos-query.yaml');
    expect(a).toEqual(expect.arrayContaining([
      '--grpc-server-tls-cert=/etc/thanos/store-api/tls.crt', '--grpc-server-tls-key=/etc/thanos/store-api/tls.key', '--grpc-server-tls-client-ca=/etc/thanos/store-api/client-ca.crt',
    ]));
    expect(rendered('thanos/service-thanos-query-grpc.yaml').spec.ports).toEqual([{ name: 'grpc', port: 10901, targetPort: 'grpc', protocol: 'TCP' }]);
    const manifests = loadManifests(cluster.files);
    const query = { namespace: 'monitoring', pods: { 'app.kubernetes.io/name': 'thanos-query' } };
    expect(allows(manifests, { id: 'hub', from: { namespace: 'ingress-nginx' }, to: query, port: 'grpc' })).toBe(true);
    expect(allows(manifests, { id: 'other', from: { namespace: 'default' }, to: query, port: 'grpc' })).toBe(false);
    // Without storeApi: plain gRPC inside the cluster, no Service for it.
    const { storeApi: _storeApi, ...thanos } = datacenter.thanos!;
    const plain = renderCluster({ ...datacenter, thanos });
    expect(parse(plain.files.get('thanos/deployment-thanos-query.yaml')!).spec.template.spec.containers[0].args.filter((x: string) => x.startsWith('--grpc-server-tls'))).toEqual([]);
    expect(plain.files.has('thanos/service-thanos-query-grpc.yaml')).toBe(false);
  });

  test('a remote endpoint must be another cluster, once, at host:port', () => {
    const remote = datacenter.thanos!.remoteEndpoints![0];
    const withRemotes = (remoteEndpoints: typeof remote[]) => () => renderCluster({ ...datacenter, thanos: { ...datacenter.thanos!, remoteEndpoints } });
    expect(withRemotes([{ ...remote, cluster: 'datacenter' }])).toThrow('config/datacenter/thanos: remoteEndpoints[0].cluster = "datacenter" is not valid; expected another cluster than this one');
    expect(withRemotes([remote, remote])).toThrow('config/datacenter/thanos: remoteEndpoints = ["edge","edge"] is not valid; expected each remote cluster once');
    expect(withRemotes([{ ...remote, address: 'https://edge' }])).toThrow('config/datacenter/thanos: remoteEndpoints[0].address = "https://edge" is not valid; expected host:port');
  });

  test('Store Gateway and Compactor read the object-store Secret as a file', () => {
    for (const f of ['thanos/statefulset-thanos-store.yaml', 'thanos/statefulset-thanos-compact.yaml']) {
      expect(args(f)).toContain('--objstore.config-file=/etc/thanos/objstore/objstore.yaml');
      expect(rendered(f).spec.template.spec.volumes).toContainEqual({ name: 'objstore', secret: { secretName: 'thanos-objstore', items: [{ key: 'objstore.yaml', path: 'objstore.yaml' }] } });
    }
  });

  test('each component is monitored and alerted on', () => {
    for (const job of ['thanos-query', 'thanos-store', 'thanos-compact']) {
      expect(rendered(`thanos/servicemonitor-${job}.yaml`).spec.endpoints[0].port).toBe('http');
    }
    const alerts = AlertRuleGroup.all(buildCluster(datacenter).app).flatMap((g) => g.alerts.map((a) => a.alert));
    expect(alerts).toEqual(expect.arrayContaining([
      'ThanosCompactHalted', 'ThanosCompactHasNotRun', 'ThanosCompactBucketHighOperationFailures', 'ThanosQueryHttpRequestQueryErrorRateHigh',
      'ThanosQueryGrpcClientErrorRate', 'ThanosStoreGrpcErrorRate', 'ThanosStoreBucketHighOperationFailures',
      'ThanosSidecarBucketOperationsFailed', 'ThanosSidecarNoConnectionToStartedPrometheus',
    ]));
  });

  test('Grafana\'s Prometheus datasource is Thanos Query', () => {
    const ds = parse(rendered('grafana/configmap-grafana-provisioning.yaml').data['datasources.yaml']).datasources[0];
    expect(ds).toMatchObject({ uid: 'prometheus', url: 'http://thanos-query.monitoring.svc:9090', jsonData: { prometheusType: 'Thanos' } });
  });

  test('the network lets Grafana reach Query and Query reach the sidecars and the Store Gateway', () => {
    const policies = [...cluster.files.keys()].filter((f) => f.startsWith('network-policies/networkpolicy-'));
    expect(policies).toEqual(expect.arrayContaining([
      'network-policies/networkpolicy-allow-grafana-to-thanos-query.yaml',
      'network-policies/networkpolicy-allow-thanos-query-to-sidecars.yaml',
      'network-policies/networkpolicy-allow-thanos-query-to-store.yaml',
    ]));
    expect(policies).not.toContain('network-policies/networkpolicy-allow-grafana-to-prometheus.yaml');
  });

  test('the dashboard and alerts read metrics Thanos exports', () => {
    const { app } = buildCluster(datacenter);
    const recorded = new Set(AlertRuleGroup.all(app).flatMap((g) => g.rules.filter((r) => !isAlertingRule(r)).map((r) => (r as RecordingRule).record)));
    const dashboards = GrafanaDashboard.all(app).filter((d) => Component.of(d).node.id === 'thanos');
    expect(dashboards.map((d) => d.uid)).toEqual(['slo-grafana-queries-availability', 'thanos-overview', 'thanos-query', 'thanos-store', 'thanos-compact', 'thanos-sidecar']);
    expect(dashboards.flatMap((d) => uncatalogedMetrics(d, recorded))).toEqual([]);
    const unknown = AlertRuleGroup.all(app).flatMap((g) => g.rules.flatMap((r) => queryMetricNames(r.expr, 'promql').filter((m) => !KNOWN_METRICS.has(m) && !recorded.has(m))));
    expect(unknown).toEqual([]);
  });
});

describe('the availability profile', () => {
  test('single (the default) renders no Thanos and keeps Grafana on Prometheus', () => {
    const files = [...referenceCluster().files.keys()];
    expect(files.filter((f) => f.startsWith('thanos/') || f.includes('thanos'))).toEqual([]);
  });

  test('ha refuses fewer than three nodes, a missing Thanos section, or Thanos with single', () => {
    expect(() => renderCluster({ ...datacenter, nodeCount: 2 })).toThrow('config/datacenter: nodeCount = 2 is not valid; expected at least 3 with availability "ha"');
    expect(() => renderCluster({ ...datacenter, thanos: undefined })).toThrow('config/datacenter: thanos = (missing) is not valid; expected a Thanos section with availability "ha"');
    expect(() => renderCluster({ ...homelab, thanos: datacenter.thanos })).toThrow('config/homelab: thanos = {');
    expect(() => renderCluster({ ...homelab, availability: 'multi' as 'ha' })).toThrow('config/homelab: availability = "multi" is not valid; expected one of "single", "ha"');
  });

  test('ha refuses one Prometheus, one Alertmanager and a retention shorter than downsampling needs', () => {
    expect(() => renderCluster({ ...datacenter, prometheus: { replicas: 1 } })).toThrow('config/datacenter/prometheus: replicas = 1 is not valid; expected at least 2');
    expect(() => renderCluster({ ...datacenter, alertmanager: { replicas: 1 } })).toThrow('config/datacenter/alertmanager: replicas = 1 is not valid; expected at least 2 with availability "ha"');
  });
});

describe('Thanos retention per resolution, as the Compactor reads its flags', () => {
  const retention = (r: { retentionRaw?: string; retention5m?: string; retention1h?: string }) =>
    thanosRetention(resolveCluster({ ...datacenter, thanos: { ...datacenter.thanos!, ...r } }));
  test('accepts 3 days of raw blocks (5m downsampling needs 40 hours) and "0d" as forever', () => {
    expect(retention({ retentionRaw: '3d' })).toEqual({ raw: '3d', fiveMinutes: '180d', oneHour: '730d' });
    expect(retention({ retention1h: '0d' }).oneHour).toBe('0d');
    expect(retention({ retentionRaw: '0d', retention5m: '0d', retention1h: '0d' })).toEqual({ raw: '0d', fiveMinutes: '0d', oneHour: '0d' });
  });
  test.each<[string, Record<string, string>, string]>([
    ['raw blocks deleted before 5m downsampling', { retentionRaw: '39h' }, 'retentionRaw = "39h" is not valid; expected "0d" (kept forever) or at least "40h"'],
    ['5m blocks deleted before 1h downsampling', { retention5m: '9d' }, 'retention5m = "9d" is not valid; expected "0d" (kept forever) or at least "10d"'],
    ['coarser resolutions kept shorter (inverted order)', { retentionRaw: '365d', retention5m: '90d', retention1h: '30d' }, 'retention5m = "90d" is not valid; expected at least retentionRaw (365d)'],
    ['1h shorter than 5m', { retention5m: '90d', retention1h: '30d' }, 'retention1h = "30d" is not valid; expected at least retention5m (90d)'],
    ['a finite 5m after raw kept forever', { retentionRaw: '0d', retention5m: '90d' }, 'retention5m = "90d" is not valid; expected at least retentionRaw (0d, forever)'],
  ])('refuses %s', (_name, r, message) => {
    expect(() => retention(r)).toThrow(`config/datacenter/thanos: ${message}`);
  });
  test('renders "0d" to the Compactor and states "kept forever" in the inventory', () => {
    const files = renderCluster({ ...datacenter, thanos: { ...datacenter.thanos!, retention1h: '0d' } }).files;
    const compact = parse(files.get('thanos/statefulset-thanos-compact.yaml')!).spec.template.spec.containers[0].args as string[];
    expect(compact).toContain('--retention.resolution-1h=0d');
    expect(files.get('README.md')).toMatch(/\| bucket, at most, with the 5m \(180d\) and 1h \(0d: kept forever\) resolutions \| no limit: a resolution is kept forever \|/);
  });
});
