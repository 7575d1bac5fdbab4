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
      'Applications/Application metrics', 'Cluster/Cluster overview',
      'Data services/Airflow', 'Data services/PostgreSQL', 'Data services/Redpanda', 'Data services/Spark', 'Data services/Trino',
      'Logs/Logs', 'Network/Internet performance',
    ]);
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
