import { homelab } from '../config/homelab';
import { renderCluster } from '../charts/stack';
import { referenceCluster } from './support/reference';

const doc = referenceCluster().files.get('README.md')!;

describe('the generated inventory', () => {
  test('lists every component with its phase and object count', () => {
    for (const c of referenceCluster().components) expect(doc).toContain(`| [${c.name}](${c.name}/) | ${c.phase} | ${c.manifests.length} |`);
  });
  test('lists scrape targets, alert rules, dashboards, log pipelines and Secrets', () => {
    expect(doc).toContain('| kubelet | ServiceMonitor | kube-system |');
    expect(doc).toContain('| speedtest-exporter | ServiceMonitor | monitoring |');
    expect(doc).toMatch(/\| KubePodCrashLooping \| warning \| kubernetes \| Pod \{\{ \$labels.namespace \}\}/);
    expect(doc).toContain('| NamespaceErrorLogBurst | warning |');
    expect(doc).toContain('| Cluster | Cluster overview | `cluster-overview` |');
    expect(doc).toContain('| promtail | http://loki-gateway.logging.svc/loki/api/v1/push | homelab |');
    expect(doc).toContain('| loki-s3 | logging | `access-key-id`, `secret-access-key` |');
  });
  test('draws the data flow from the components present', () => {
    expect(doc).toContain('```mermaid\nflowchart LR');
    expect(doc).toContain('am -- webhook --> robusta');
    const withoutRobusta = renderCluster({ ...homelab, components: homelab.components.filter((c) => c !== 'robusta') }).files.get('README.md')!;
    expect(withoutRobusta).not.toContain('robusta');
    expect(withoutRobusta).toContain('am --> notify');
  });
});
