import { parse } from 'yaml';
import { homelab } from '../config/homelab';
import { renderCluster } from '../charts/stack';
import { referenceCluster } from './support/reference';

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
    expect(c.image).toBe('quay.io/prometheus-operator/prometheus-operator:v0.93.0');
    expect(c.args).toContain('--kubelet-service=kube-system/kubelet');
    expect(c.args).toContain('--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0');
  });
  test('its ClusterRole spells out verbs (no wildcards)', () => {
    const role = obj('prometheus-operator/clusterrole-prometheus-operator.yaml');
    for (const rule of role.rules) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
    }
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
    expect(prom.spec.retentionSize).toBe('45GB');
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
      .toThrow('config/homelab/prometheus: retentionSize = "45 gigabytes" is not valid; expected a size such as "45GB"');
  });
});

describe('node-exporter', () => {
  const ds = obj('node-exporter/daemonset-node-exporter.yaml');
  const pod = ds.spec.template.spec;
  test('runs on every node, control plane included, in the host-agents namespace', () => {
    expect(ds.metadata.namespace).toBe('monitoring-agents');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
  });
  test('mounts the host read-only', () => {
    for (const c of pod.containers) {
      for (const m of c.volumeMounts.filter((v: { mountPath: string }) => v.mountPath.startsWith('/host'))) expect(m.readOnly).toBe(true);
    }
    expect(pod.containers[0].args).toContain('--collector.textfile.directory=/textfile');
  });
  test('runs each textfile collector on its interval', () => {
    const sidecar = pod.containers.find((c: { name: string }) => c.name === 'textfile-collectors');
    expect(sidecar.command).toEqual(['/bin/sh', '/collectors/runner.sh', 'reboot_required:300', 'kernel_taint:600']);
    const cm = obj('node-exporter/configmap-textfile-collectors.yaml');
    expect(Object.keys(cm.data).sort()).toEqual(['kernel_taint.sh', 'reboot_required.sh', 'runner.sh']);
  });
  test('targets are named after their node', () => {
    const sm = obj('node-exporter/servicemonitor-node-exporter.yaml');
    expect(sm.spec.endpoints[0].relabelings).toContainEqual({ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' });
  });
  test.each([
    [{ name: 'Bad-Name', script: 'echo' }, /textfileCollectors\[0\]\.name = "Bad-Name" is not valid/],
    [{ name: 'reboot_required', script: 'echo' }, /textfileCollectors\[0\]\.name = "reboot_required" is not valid; expected a name not used/],
    [{ name: 'ok', script: 'echo', intervalSeconds: 1 }, /textfileCollectors\[0\]\.intervalSeconds = 1 is not valid/],
  ])('rejects a bad collector %#', (collector, message) => {
    expect(() => renderCluster({ ...homelab, nodeExporter: { textfileCollectors: [collector] } })).toThrow(message);
  });
});

describe('kube-state-metrics', () => {
  test('reads with list/watch only, and never Secrets', () => {
    const role = obj('kube-state-metrics/clusterrole-kube-state-metrics.yaml');
    for (const rule of role.rules) expect(rule.verbs).toEqual(['list', 'watch']);
    expect(role.rules.flatMap((r: { resources: string[] }) => r.resources)).not.toContain('secrets');
  });
  test('its monitor honours the exported namespace/pod labels', () => {
    expect(obj('kube-state-metrics/servicemonitor-kube-state-metrics.yaml').spec.endpoints[0].honorLabels).toBe(true);
  });
});

describe('kubernetes-monitors', () => {
  test('scrape the kubelet, cAdvisor, the API server and CoreDNS', () => {
    const kubelet = obj('kubernetes-monitors/servicemonitor-kubelet.yaml');
    expect(kubelet.spec.namespaceSelector).toEqual({ matchNames: ['kube-system'] });
    expect(kubelet.spec.endpoints.map((e: { path: string }) => e.path)).toEqual(['/metrics', '/metrics/cadvisor']);
    expect(obj('kubernetes-monitors/servicemonitor-apiserver.yaml').spec.endpoints[0].tlsConfig.serverName).toBe('kubernetes');
    expect(obj('kubernetes-monitors/servicemonitor-coredns.yaml').spec.selector).toEqual({ matchLabels: { 'k8s-app': 'kube-dns' } });
  });
});

describe('speedtest-exporter', () => {
  test('is scraped on the long interval with a timeout that fits a speed test', () => {
    const ep = obj('speedtest-exporter/servicemonitor-speedtest-exporter.yaml').spec.endpoints[0];
    expect(ep.interval).toBe('30m');
    expect(ep.scrapeTimeout).toBe('90s');
  });
  test('is never probed on /metrics (that would run a test)', () => {
    const c = obj('speedtest-exporter/deployment-speedtest-exporter.yaml').spec.template.spec.containers[0];
    expect(c.livenessProbe.tcpSocket).toBeDefined();
    expect(c.readinessProbe.tcpSocket).toBeDefined();
  });
  test('alerts compare against the configured speeds', () => {
    const rules = obj('speedtest-exporter/prometheusrule-speedtest-exporter.yaml').spec.groups[0].rules;
    expect(rules.find((r: { alert: string }) => r.alert === 'InternetDownloadSlow').expr)
      .toBe('max_over_time(speedtest_download_bits_per_second{job="speedtest-exporter"}[65m]) < 200000000');
  });
  test('an interval shorter than a speed test is rejected', () => {
    expect(() => renderCluster({ ...homelab, speedtest: { interval: '1m' } })).toThrow('config/homelab/speedtest: interval = "1m" is not valid; expected at least "5m"');
  });
});
