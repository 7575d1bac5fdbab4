import { parse } from 'yaml';
import { homelab } from '../config/homelab';
import { buildCluster } from '../charts/stack';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { KNOWN_METRICS, ownMetrics, uncatalogedMetrics } from '../lib/catalog/metrics';
import { IConstruct } from 'constructs';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { queryMetricNames } from '../lib/dashboards/queries';
import { isAlertingRule, RecordingRule } from '../lib/alerting/types';
import { referenceCluster } from './support/reference';
import { Component } from '../lib/core/component';

const { app } = buildCluster(homelab);
const isStack = (c: IConstruct) => (homelab.components as readonly string[]).includes(Component.of(c).node.id);
// The stack's own dashboards; the reference cluster's extensions (if any) are checked below too.
const dashboards = GrafanaDashboard.all(app).filter(isStack);
const recorded = new Set(AlertRuleGroup.all(app).flatMap((g) => g.rules.filter((r) => !isAlertingRule(r)).map((r) => (r as RecordingRule).record)));
/** What a construct's queries may read: the catalog, every recorded metric, and for an extension its own metrics (docs/library.md). */
const readable = (c: IConstruct) => isStack(c) ? recorded : new Set([...recorded, ...ownMetrics(AlertRuleGroup.all(Component.of(c)))]);

describe('the reference dashboards', () => {
  test('cover every layer', () => {
    expect(dashboards.map((d) => `${d.folder}/${d.title}`).sort()).toEqual([
      'Applications/Application metrics', 'Cluster/Cluster overview', 'Cluster/Node',
      'Data services/Airflow', 'Data services/PostgreSQL', 'Data services/Redpanda', 'Data services/Spark', 'Data services/Trino',
      'Kubernetes/API server', 'Kubernetes/Compute resources / Cluster', 'Kubernetes/Compute resources / Namespace',
      'Kubernetes/Compute resources / Pod', 'Kubernetes/Compute resources / Workload', 'Kubernetes/CoreDNS', 'Kubernetes/Kubelet',
      'Kubernetes/Networking / Namespace', 'Kubernetes/Networking / Pod', 'Kubernetes/Persistent volumes',
      'Logs/Log agent (promtail)', 'Logs/Logs', 'Logs/Loki', 'Monitoring/Alertmanager', 'Monitoring/Prometheus',
      'Network/Internet performance',
      'SLOs/SLO: apiserver availability', 'SLOs/SLO: apiserver latency', 'SLOs/SLO: grafana-queries availability', 'SLOs/SLO: loki-push availability',
    ]);
    expect(dashboards.length).toBeGreaterThanOrEqual(20);
  });

  test('every drill-down leads to a dashboard the stack renders', () => {
    const uids = new Set(dashboards.map((d) => d.uid));
    expect(dashboards.flatMap((d) => d.drillDowns.filter((l) => !uids.has(l.dashboard)).map((l) => `${d.uid} ${l.where}: ${l.dashboard}`))).toEqual([]);
  });

  test('the Kubernetes views drill down namespace -> workload -> pod -> logs', () => {
    const targets = (uid: string) => new Set(dashboards.find((d) => d.uid === uid)!.drillDowns.map((l) => l.dashboard));
    expect(targets('k8s-resources-cluster')).toContain('k8s-resources-namespace');
    expect(targets('k8s-resources-namespace')).toContain('k8s-resources-workload');
    expect(targets('k8s-resources-workload')).toContain('k8s-resources-pod');
    expect(targets('k8s-resources-pod')).toContain('logs-explorer');
    const model = JSON.stringify(dashboards.find((d) => d.uid === 'k8s-resources-namespace')!.model);
    expect(model).toContain('/d/k8s-resources-workload?var-namespace=$namespace&var-workload=${__field.labels.workload}&var-type=${__field.labels.workload_type}&${__url_time_range}');
  });

  test('without Loki, no drill-down points at the logs dashboard', () => {
    const noLoki = buildCluster({ ...homelab, components: homelab.components.filter((c) => !['loki', 'log-agent'].includes(c)) }).app;
    const links = GrafanaDashboard.all(noLoki).flatMap((d) => d.drillDowns.map((l) => l.dashboard));
    expect(links.length).toBeGreaterThan(0);
    expect(links).not.toContain('logs-explorer');
  });

  test('every metric a query reads is one the stack exports (lib/catalog) or records', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    expect(dashboards.flatMap((d) => uncatalogedMetrics(d, recorded))).toEqual([]);
  });

  test('every alert reads cataloged metrics too (an extension\'s: or its own)', () => {
    const unknown = AlertRuleGroup.all(app).flatMap((g) => g.rules.flatMap((r) => queryMetricNames(r.expr, 'promql')
      .filter((m) => !KNOWN_METRICS.has(m) && !readable(g).has(m)).map((m) => `${g.name}: ${m}`)));
    expect(unknown).toEqual([]);
  });

  test('every dashboard of an extension reads cataloged metrics or its own', () => {
    expect(GrafanaDashboard.all(app).filter((d) => !isStack(d)).flatMap((d) => uncatalogedMetrics(d, readable(d)))).toEqual([]);
  });

  test('uids are unique', () => {
    const uids = dashboards.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  test('the speed-test panels look back over the scrape interval (tests run every 30m)', () => {
    const internet = dashboards.find((d) => d.uid === 'internet-performance')!;
    for (const q of internet.queries) expect(q.expr).toMatch(/_over_time\(.+\[(35m|1d)\]\)/);
  });

  test('data services get monitors in their own namespace', () => {
    const cluster = referenceCluster();
    const airflow = parse(cluster.files.get('dashboards/servicemonitor-airflow.yaml')!);
    expect(airflow.spec.namespaceSelector).toEqual({ matchNames: ['data'] });
    expect(parse(cluster.files.get('dashboards/podmonitor-spark.yaml')!).spec.podMetricsEndpoints[0].path).toBe('/metrics/executors/prometheus');
  });
});
