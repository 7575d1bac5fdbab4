import { homelab } from './fixtures/homelab';
import { buildCluster, renderCluster } from '../charts/stack';
import { inventoryMarkdown } from '../charts/docs/inventory';
import { collectComponents, Manifest } from '../lib/render/collect';
import { referenceCluster } from './support/reference';

const doc = referenceCluster().files.get('README.md')!;
const section = (title: string) => doc.split(`\n## ${title}`)[1].split('\n## ')[0];

describe('the generated inventory', () => {
  test('lists every component with its phase and object count', () => {
    for (const c of referenceCluster().components) expect(doc).toContain(`| [${c.name}](${c.name}/) | ${c.phase} | ${c.manifests.length} |`);
  });

  test('lists every rendered monitor endpoint, with the effective default interval', () => {
    const monitors = referenceCluster().components.flatMap((c) => c.manifests).filter((m) => m.kind === 'ServiceMonitor' || m.kind === 'PodMonitor');
    const endpoints = monitors.reduce((n, m) => n + ((m.spec as { endpoints?: unknown[]; podMetricsEndpoints?: unknown[] }).endpoints ?? (m.spec as { podMetricsEndpoints: unknown[] }).podMetricsEndpoints).length, 0);
    expect(section('Scrape targets').split('\n').filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| monitor'))).toHaveLength(endpoints);
    expect(doc).toContain('| kubelet | ServiceMonitor | kube-system | `app.kubernetes.io/name=kubelet` | https-metrics | /metrics/cadvisor | default (30s) |');
    expect(doc).toContain('| speedtest-exporter | ServiceMonitor | monitoring |');
    expect(doc).toMatch(/\| speedtest-exporter \| ServiceMonitor \| monitoring \| `[^`]+` \| metrics \| \/metrics \| 30m \|/);
  });

  test('lists every alert rule as rendered, with severity and summary', () => {
    const rendered = referenceCluster().components.flatMap((c) => c.manifests).filter((m) => m.kind === 'PrometheusRule')
      .flatMap((m) => (m.spec as { groups: { rules: { alert?: string }[] }[] }).groups.flatMap((g) => g.rules.filter((r) => r.alert)));
    expect(rendered.length).toBeGreaterThan(50);
    expect(doc).toContain(`## Alert rules (${rendered.length})`);
    for (const r of rendered) expect(section('Alert rules')).toContain(`| ${r.alert} |`);
    expect(doc).toMatch(/\| KubePodCrashLooping \| warning \| kube-state-metrics \| kubernetes \| Pod \{\{ \$labels.namespace \}\}/);
    expect(doc).toContain('| NamespaceErrorLogBurst | warning |');
  });

  test('lists dashboards, log pipelines and Secrets', () => {
    expect(doc).toContain('| Cluster | Cluster overview | `cluster-overview` | monitoring/dashboard-cluster-overview |');
    expect(doc).toContain('| promtail | http://loki-gateway.logging.svc/loki/api/v1/push | homelab |');
    expect(doc).toContain('| loki-s3 | logging | `access-key-id`, `secret-access-key` |');
  });

  test('includes Probes and dashboard ConfigMaps made without the constructs', () => {
    const { app, ctx } = buildCluster({ ...homelab, components: ['namespaces', 'prometheus'] });
    const extra: Manifest[] = [
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'Probe', metadata: { name: 'website', namespace: 'monitoring' },
        spec: { prober: { url: 'blackbox-exporter.monitoring.svc:9115' }, module: 'http_2xx', interval: '1m', targets: { staticConfig: { static: ['https://example.org'] } } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'legacy', namespace: 'monitoring', labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'Legacy' } },
        data: { 'legacy.json': JSON.stringify({ title: 'Old board', uid: 'old-board' }) } },
    ];
    const components = [...collectComponents(app), { name: 'extra', phase: 'resources' as const, manifests: extra }];
    const md = inventoryMarkdown({ app, ctx, components }).get('README.md')!;
    expect(md).toContain('| website | Probe | monitoring | `https://example.org` | module http_2xx | blackbox-exporter.monitoring.svc:9115/probe | 1m |');
    expect(md).toContain('| Legacy | Old board | `old-board` | monitoring/legacy |');
    expect(md).toContain('| [extra](extra/) | resources | 2 |');
  });

  test('draws the data flow from the components present', () => {
    expect(doc).toContain('```mermaid\nflowchart LR');
    expect(doc).toContain('am -- webhook --> robusta');
    expect(doc).toContain('agent --> gw');
    const withoutRobusta = renderCluster({ ...homelab, components: homelab.components.filter((c) => c !== 'robusta') }).files.get('README.md')!;
    expect(withoutRobusta).not.toContain('robusta');
    expect(withoutRobusta).toContain('am --> notify');
    const metricsOnly = renderCluster({ ...homelab, components: homelab.components.filter((c) => !['loki', 'log-agent'].includes(c)) }).files.get('README.md')!;
    expect(metricsOnly).not.toContain('gw[loki-gateway]');
    expect(metricsOnly).not.toContain('pods');
    expect(doc).not.toContain('traces');
    const withTraces = renderCluster({ ...homelab, traces: { type: 'tempo', url: 'http://tempo.tracing.svc:3200' } }).files.get('README.md')!;
    expect(withTraces).toContain('    traces[(tempo, outside the stack)]');
    expect(withTraces).toContain('  grafana -. trace links .-> traces');
  });
});
