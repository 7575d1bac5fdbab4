import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { imageOf } from '../lib/core/versions';
import { renderCluster } from '../charts/stack';
import { referenceCluster } from './support/reference';
import { addYourService } from '../examples/add-your-service';

const cluster = referenceCluster();
const obj = (file: string) => {
  const content = cluster.files.get(file);
  if (!content) throw new Error(`${file} not rendered; have ${[...cluster.files.keys()].filter((f) => f.startsWith(file.split('/')[0])).join(', ')}`);
  return parse(content);
};

describe('prometheus-operator', () => {
  const deploy = obj('prometheus-operator/deployment-prometheus-operator.yaml');
  test('runs the pinned release and manages the kubelet Service', () => {
    const c = deploy.spec.template.spec.containers[0];
    expect(c.image).toBe(imageOf('prometheusOperator'));
    expect(c.args).toContain('--kubelet-service=kube-system/kubelet');
    expect(c.args).toContain(`--prometheus-config-reloader=${imageOf('configReloader')}`);
  });
  test('its ClusterRole spells out verbs (no wildcards)', () => {
    const role = obj('prometheus-operator/clusterrole-prometheus-operator.yaml');
    for (const rule of role.rules) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
    }
  });
});

describe('config-reloader and catch-all target alerts', () => {
  test('the config-reloader sidecars of Prometheus and Alertmanager are scraped on reloader-web, as one job', () => {
    for (const file of ['prometheus/podmonitor-prometheus-config-reloader.yaml', 'alertmanager/podmonitor-alertmanager-config-reloader.yaml']) {
      const ep = obj(file).spec.podMetricsEndpoints[0];
      expect(ep.port).toBe('reloader-web');
      expect(ep.relabelings).toEqual([{ action: 'replace', targetLabel: 'job', replacement: 'config-reloader' }]);
    }
    expect(cluster.files.has('network-policies/networkpolicy-allow-prometheus-scrapes-alertmanager-config-reloader.yaml')).toBe(true);
  });

  test('TargetDown leaves out every job with a target-down alert of its own, extensions included', () => {
    const expr = (files: Map<string, string>) => parse(files.get('prometheus/prometheusrule-targets.yaml')!).spec.groups[0].rules[0].expr as string;
    const excluded = /up\{job!~"([^"]+)"\}/.exec(expr(cluster.files))![1].split('|');
    expect(excluded).toEqual(expect.arrayContaining(['node-exporter', 'kubelet', 'apiserver', 'coredns', 'kube-state-metrics', 'prometheus', 'alertmanager', 'promtail', 'spark']));
    // Monitors without a target-down alert of their own are the catch-all's.
    expect(excluded).not.toContain('config-reloader');
    expect(excluded).not.toContain('kube-state-metrics-telemetry');
    const withShop = renderCluster({ ...homelab, extensions: [addYourService] });
    expect(expr(withShop.files)).toContain('orders-api');
  });
});

describe('prometheus', () => {
  const prom = obj('prometheus/prometheus-prometheus.yaml');
  test('selects every monitor and rule in every namespace', () => {
    for (const kind of ['serviceMonitor', 'podMonitor', 'probe', 'rule']) {
      expect(prom.spec[`${kind}Selector`]).toEqual({});
      expect(prom.spec[`${kind}NamespaceSelector`]).toEqual({});
    }
  });
  test('keeps data on a persistent volume with retention by time and size', () => {
    expect(prom.spec.retention).toBe('30d');
    expect(prom.spec.retentionSize).toBe('40GB');
    expect(prom.spec.storage.volumeClaimTemplate.spec).toMatchObject({ storageClassName: 'longhorn', resources: { requests: { storage: '50Gi' } } });
  });
  test('labels every series with the cluster and alerts to the Alertmanager Service', () => {
    expect(prom.spec.externalLabels).toEqual({ cluster: 'homelab' });
    expect(prom.spec.alerting.alertmanagers).toEqual([{ namespace: 'monitoring', name: 'alertmanager', port: 'web' }]);
  });
  test('the Service the rest of the stack uses is prometheus:9090', () => {
    const svc = obj('prometheus/service-prometheus.yaml');
    expect(svc.spec.ports).toEqual([{ name: 'web', port: 9090, targetPort: 'web' }]);
  });
  test('bad retention is rejected with the field named', () => {
    expect(() => renderCluster({ ...homelab, prometheus: { retentionSize: '45 gigabytes' } }))
      .toThrow('config/homelab/prometheus: retentionSize = "45 gigabytes" is not valid; expected a Prometheus size such as "45GB"');
  });
  test('a zero retention (no time limit in Prometheus) is refused, not sized as zero bytes', () => {
    expect(() => renderCluster({ ...homelab, prometheus: { retention: '0d' } }))
      .toThrow('config/homelab/prometheus: retention = "0d" is not valid; expected a duration longer than zero such as "30d" (Prometheus reads "0d" as no time limit');
  });
  test('a retention shorter than the SLOs\' 30d window is refused without a long-term store: their error budgets would count only what is kept', () => {
    expect(() => renderCluster({ ...homelab, prometheus: { retention: '14d', retentionSize: '20GB', storageSize: '25Gi' } })).toThrow(
      /^config\/homelab\/prometheus: retention = "14d" is not valid; expected at least 30d, the window of the SLO grafana-queries-availability \(prometheus\/query-slo, 99.5% over 30d\): .*no long-term store holds the rest/);
  });
  test('a retention size that leaves the volume no room for the WAL and compaction is rejected', () => {
    // 45GB is 45 GiB to Prometheus: 90% of a 50Gi volume.
    expect(() => renderCluster({ ...homelab, prometheus: { retentionSize: '45GB', storageSize: '50Gi' } }))
      .toThrow('config/homelab/prometheus: retentionSize = "45GB" is not valid; expected at most 85% of storageSize (50Gi)');
    expect(() => renderCluster({ ...homelab, prometheus: { retentionSize: '42GB', storageSize: '50Gi' } })).not.toThrow();
  });
});
