import { parse } from 'yaml';
import { homelab } from '../config/homelab';
import { buildCluster } from '../charts/stack';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { KNOWN_METRICS, uncatalogedMetrics } from '../lib/catalog/metrics';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { queryMetricNames } from '../lib/dashboards/queries';
import { isAlertingRule, RecordingRule } from '../lib/alerting/types';
import { referenceCluster } from './support/reference';
import { Component } from '../lib/core/component';

const { app } = buildCluster(homelab);
// The stack's own dashboards: an extension's read its application's metrics, which no catalog knows.
const dashboards = GrafanaDashboard.all(app).filter((d) => (homelab.components as readonly string[]).includes(Component.of(d).node.id));
const recorded = new Set(AlertRuleGroup.all(app).flatMap((g) => g.rules.filter((r) => !isAlertingRule(r)).map((r) => (r as RecordingRule).record)));

describe('the reference dashboards', () => {
  test('cover every layer', () => {
    expect(dashboards.map((d) => `${d.folder}/${d.title}`).sort()).toEqual([
      'Applications/Application metrics', 'Cluster/Cluster overview',
      'Data services/Airflow', 'Data services/PostgreSQL', 'Data services/Redpanda', 'Data services/Spark', 'Data services/Trino',
      'Logs/Logs', 'Network/Internet performance',
    ]);
  });

  test('every metric a query reads is one the stack exports (lib/catalog) or records', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    expect(dashboards.flatMap((d) => uncatalogedMetrics(d, recorded))).toEqual([]);
  });

  test('every alert of the stack reads cataloged metrics too', () => {
    const unknown = AlertRuleGroup.all(app).flatMap((g) => g.rules.flatMap((r) => queryMetricNames(r.expr, 'promql')
      .filter((m) => !KNOWN_METRICS.has(m) && !recorded.has(m)).map((m) => `${g.name}: ${m}`)));
    expect(unknown).toEqual([]);
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
