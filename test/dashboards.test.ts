import { parse } from 'yaml';
import { ClusterConfig } from '../config';
import { clusters } from './support/configured';
import { datacenter } from './fixtures/datacenter';
import { homelab } from './fixtures/homelab';
import { buildCluster } from '../charts/stack';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { isAlertingRule } from '../lib/alerting/types';
import { KNOWN_METRICS, ownMetrics } from '../lib/catalog/metrics';
import { Component } from '../lib/core/component';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { inconsistentPanels } from '../lib/dashboards/consistency';
import { queryMetricNames } from '../lib/dashboards/queries';
import { RAW_INPUTS_OF_RECORDED, RAW_READS_ALLOWED } from '../charts/dashboards/quantities';
import { UIDS } from '../charts/dashboards/dashboard-defs';
import { clusterDashboards, logAgentLabels, unknownMetrics } from './support/cluster-dashboards';
import { shopExtension } from './support/shop-extension';
import { referenceCluster } from './support/reference';
import { generateSeries } from './support/catalog-series';

const built = clusters.map(clusterDashboards);
const homelabDashboards = clusterDashboards(homelab);
interface PanelModel { title: string; unit?: string; description?: string; type: string; fieldConfig?: { defaults?: { unit?: string } } }
const panelsOf = (d: GrafanaDashboard) => (d.model.panels ?? []) as unknown as PanelModel[];

/** Panels of the fixture clusters: raise a figure when adding panels, never lower it without a reason. */
const PANELS: Record<string, number> = { homelab: 370, datacenter: 415 };

describe.each(built.map((c) => [c.config.name, c] as const))('the dashboards of %s', (_name, cluster) => {
  test('every metric a query reads is one the stack exports (lib/catalog) or records, or, in an extension, its own', () => {
    expect(cluster.all.length).toBeGreaterThan(20);
    expect(unknownMetrics(cluster)).toEqual([]);
  });

  test('every alert reads cataloged metrics too (an extension\'s: or its own)', () => {
    const readable = (g: AlertRuleGroup) => (cluster.isExtension(g) ? new Set([...cluster.recorded, ...ownMetrics(AlertRuleGroup.all(Component.of(g)))]) : cluster.recorded);
    const unknown = AlertRuleGroup.all(cluster.app).flatMap((g) => g.rules.flatMap((r) => queryMetricNames(r.expr, 'promql')
      .filter((m) => !KNOWN_METRICS.has(m) && !readable(g).has(m)).map((m) => `${g.name}: ${m}`)));
    expect(unknown).toEqual([]);
  });

  test('uids are unique and every link and drill-down leads to a dashboard the cluster renders', () => {
    const uids = cluster.all.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    const known = new Set(uids);
    expect(cluster.all.flatMap((d) => d.drillDowns.filter((l) => !known.has(l.dashboard)).map((l) => `${d.uid} ${l.where}: ${l.dashboard}`))).toEqual([]);
  });

  test('every panel of the stack has a unit and a description', () => {
    const missing = cluster.stack.flatMap((d) => panelsOf(d).flatMap((p) => [
      ...(p.type !== 'logs' && !p.fieldConfig?.defaults?.unit ? [`${d.uid}/${p.title}: no unit`] : []),
      ...(!p.description?.trim() ? [`${d.uid}/${p.title}: no description`] : []),
    ]));
    expect(missing).toEqual([]);
  });

  test('a panel title means one computation: no two dashboards aggregate the same metric differently under it', () => {
    expect(inconsistentPanels(cluster.stack)).toEqual([]);
  });

  test('CPU, memory and network "used" come from the recording rules, not computed again from their inputs', () => {
    const raw = new Set<string>(RAW_INPUTS_OF_RECORDED);
    const own = cluster.stack.flatMap((d) => d.queries.filter((q) => q.where.startsWith('panels')).flatMap((q) => {
      const title = /^panels\[\d+\] \((.*)\)\.queries/.exec(q.where)![1];
      return queryMetricNames(q.expr, q.language).filter((m) => raw.has(m) && !RAW_READS_ALLOWED[`${d.uid}/${title}`]).map((m) => `${d.uid}/${title}: ${m}`);
    }));
    expect(own).toEqual([]);
  });

  test('every series the stack records is read by a dashboard, an alert or another rule', () => {
    const groups = AlertRuleGroup.all(cluster.app).filter((g) => !cluster.isExtension(g));
    const read = new Set([
      ...cluster.all.flatMap((d) => d.queries.flatMap((q) => queryMetricNames(q.expr, q.language))),
      ...groups.flatMap((g) => g.rules.flatMap((r) => queryMetricNames(r.expr, 'promql'))),
    ]);
    const unread = groups.flatMap((g) => g.rules.filter((r) => !isAlertingRule(r)).map((r) => (r as { record: string }).record)).filter((m) => !read.has(m));
    expect([...new Set(unread)]).toEqual([]);
  });

  test('LogQL queries select and group on labels the log agent attaches', () => {
    const attached = new Set(logAgentLabels(cluster));
    expect([...attached]).toEqual(expect.arrayContaining(['namespace', 'pod', 'container', 'node']));
    const used = cluster.all.flatMap((d) => d.queries.filter((q) => q.language === 'logql').flatMap((q) => {
      const selectors = [...q.expr.matchAll(/\{([^{}]*)\}/g)].flatMap((m) => [...m[1].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]));
      const grouping = [...q.expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((l) => l.trim()).filter(Boolean));
      const variable = /label_values\((?:.*,\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(q.expr.trim())?.[1];
      return [...selectors, ...grouping, ...(variable ? [variable] : [])].map((l) => ({ where: `${d.uid} ${q.where}`, label: l }));
    }));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((u) => !attached.has(u.label)).map((u) => `${u.where}: ${u.label}`)).toEqual([]);
  });

  test('every overview leads to its detail views', () => {
    const targets = (uid: string) => new Set(cluster.all.find((d) => d.uid === uid)?.drillDowns.map((l) => l.dashboard));
    const chains: [string, string][] = [
      [UIDS.overview, UIDS.node], [UIDS.overview, UIDS.nodePods], [UIDS.node, UIDS.nodePods], [UIDS.nodePods, UIDS.pod],
      [UIDS.cluster, UIDS.namespace], [UIDS.namespace, UIDS.workloads], [UIDS.namespace, UIDS.workload], [UIDS.workloads, UIDS.workload],
      [UIDS.workload, UIDS.pod], [UIDS.pod, UIDS.logs], [UIDS.cluster, UIDS.networkCluster], [UIDS.networkCluster, UIDS.networkNamespace],
      [UIDS.networkNamespace, UIDS.networkPod], [UIDS.prometheus, UIDS.prometheusReplica],
      [UIDS.loki, UIDS.lokiReads], [UIDS.loki, UIDS.lokiWrites], [UIDS.loki, UIDS.lokiStorage],
      ...(cluster.config.availability === 'ha' ? [UIDS.thanosQuery, UIDS.thanosStore, UIDS.thanosCompact, UIDS.thanosSidecar].map((v): [string, string] => [UIDS.thanos, v]) : []),
    ];
    expect(chains.filter(([from, to]) => !targets(from).has(to)).map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });
});

test('the ha fixture renders at least 250 panels, and views for Thanos Query, Store, Compactor and sidecar with query and query_range p99', () => {
  const ha = clusterDashboards(datacenter);
  expect(ha.stack.reduce((n, d) => n + panelsOf(d).length, 0)).toBeGreaterThanOrEqual(250);
  const query = ha.all.find((d) => d.uid === UIDS.thanosQuery)!;
  for (const handler of ['query', 'query_range']) {
    expect(query.queries.map((q) => q.expr)).toContainEqual(expect.stringMatching(new RegExp(`histogram_quantile\\(0\\.99, .*http_request_duration_seconds_bucket\\{.*handler="${handler}"`)));
  }
});

describe('an extension\'s dashboard', () => {
  /** A cluster whose extension draws a panel of `metric`, with an alert whose test says the service exports `orders_queue_depth`. */
  const withExtension = (metric: string): ClusterConfig => ({
    ...homelab,
    extensions: [shopExtension({ Queue: metric })],
  });

  test('may read its own metrics, and fails the check with a metric name nothing exports', () => {
    expect(unknownMetrics(clusterDashboards(withExtension('orders_queue_depth')))).toEqual([]);
    expect(unknownMetrics(clusterDashboards(withExtension('orders_queue_dept')))).toEqual(['shop panels[0] (Queue).queries[0] (refId A): orders_queue_dept']);
  });
});

test.each([homelab, datacenter].map((c) => [c.name, c] as const))('the panel count of the %s fixture is pinned', (name, config) => {
  expect(clusterDashboards(config).stack.reduce((n, d) => n + panelsOf(d).length, 0)).toBe(PANELS[name]);
});

describe('the homelab dashboards', () => {
  const dashboards = homelabDashboards.stack;

  test('cover every layer', () => {
    expect(dashboards.map((d) => `${d.folder}/${d.title}`).sort()).toEqual([
      'Applications/Application metrics', 'Cluster/Cluster overview', 'Cluster/Node',
      'Data services/Airflow', 'Data services/PostgreSQL', 'Data services/Redpanda', 'Data services/Spark', 'Data services/Trino',
      'Kubernetes/API server', 'Kubernetes/Compute resources / Cluster', 'Kubernetes/Compute resources / Namespace',
      'Kubernetes/Compute resources / Namespace (Workloads)', 'Kubernetes/Compute resources / Node (Pods)',
      'Kubernetes/Compute resources / Pod', 'Kubernetes/Compute resources / Workload', 'Kubernetes/CoreDNS', 'Kubernetes/Kubelet',
      'Kubernetes/Networking / Cluster', 'Kubernetes/Networking / Namespace', 'Kubernetes/Networking / Pod', 'Kubernetes/Persistent volumes',
      'Logs/Log agent (promtail)', 'Logs/Logs', 'Logs/Loki', 'Logs/Loki reads', 'Logs/Loki storage and retention', 'Logs/Loki writes',
      'Monitoring/Alertmanager', 'Monitoring/Prometheus', 'Monitoring/Prometheus replica',
      'Network/Internet performance',
      'SLOs/SLO: apiserver availability', 'SLOs/SLO: apiserver latency', 'SLOs/SLO: grafana-queries availability', 'SLOs/SLO: loki-push availability',
    ]);
  });

  test('the Kubernetes views drill down namespace -> workload -> pod -> logs', () => {
    const model = JSON.stringify(dashboards.find((d) => d.uid === 'k8s-resources-namespace')!.model);
    expect(model).toContain('/d/k8s-resources-workload?var-namespace=$namespace&var-workload=${__field.labels.workload}&var-type=${__field.labels.workload_type}&${__url_time_range}');
  });

  test('the log agent\'s dropped lines lead to the logs of the agent pod that dropped them', () => {
    const agent = dashboards.find((d) => d.uid === 'log-agent')!;
    const q = agent.queries.find((x) => x.where.includes('(Lines dropped by reason)'))!;
    expect(q.expr).toMatch(/sum by \(node, namespace, pod, reason\)/);
    expect(JSON.stringify(agent.model)).toContain('/d/logs-explorer?var-namespace=${__field.labels.namespace}&var-pod=${__field.labels.pod}');
  });

  test('the Kubelet view offers every node', () => {
    const kubelet = dashboards.find((d) => d.uid === 'kubelet')!;
    const node = (kubelet.model.templating?.list ?? []).find((v) => v.name === 'node')!;
    expect([node.includeAll, node.multi]).toEqual([true, true]);
  });

  test('without Loki, no drill-down points at the logs dashboard', () => {
    const noLoki = buildCluster({ ...homelab, components: homelab.components.filter((c) => !['loki', 'log-agent'].includes(c)) }).app;
    const links = GrafanaDashboard.all(noLoki).flatMap((d) => d.drillDowns.map((l) => l.dashboard));
    expect(links.length).toBeGreaterThan(0);
    expect(links).not.toContain('logs-explorer');
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

describe('the consistency check', () => {
  const fake = (uid: string, expr: string) => ({ uid, model: { panels: [{ title: 'CPU used', targets: [{ expr, datasource: { type: 'prometheus' } }] }] } });

  test('reports one title computed two ways (aggregation or the part of the metric), and accepts the same computation at different scopes', () => {
    expect(inconsistentPanels([fake('a', 'avg(rate(m{job="x"}[5m]))'), fake('b', 'sum by (node) (rate(m{node="$node"}[5m]))')]))
      .toEqual(['cpu used: m is rate > avg on a | rate > sum on b']);
    expect(inconsistentPanels([fake('a', '1 - avg(rate(m{mode="idle"}[5m]))'), fake('b', 'avg(rate(m{mode!="idle",node="$node"}[5m]))')]))
      .toEqual(['cpu used: m is rate > avg of {mode="idle"} on a | rate > avg of {mode!="idle"} on b']);
    expect(inconsistentPanels([fake('a', 'sum(rate(m[5m]))'), fake('b', 'sum by (node) (rate(m{node="$node"}[$__rate_interval]))')])).toEqual([]);
  });
});

describe('the panel-data series generator', () => {
  test('serves an extension\'s own metric under the job its query names, and nothing for a name no one exports', () => {
    const query = 'max(orders_queue_depth{job="orders-api"})';
    expect(generateSeries([query], new Set(['orders_queue_depth'])).filter((s) => s.name === 'orders_queue_depth').map((s) => s.labels.job)).toEqual(['orders-api']);
    expect(generateSeries([query]).filter((s) => s.name === 'orders_queue_depth')).toEqual([]);
  });

  test('serves a metric several components export under the job the query selects, and only a job that exports it', () => {
    const jobs = (q: string) => generateSeries([q]).filter((s) => s.name === 'grpc_server_handled_total').map((s) => s.labels.job);
    expect(jobs('sum(rate(grpc_server_handled_total{job="thanos-store"}[5m]))')).toContain('thanos-store');
    expect(jobs('sum(rate(grpc_server_handled_total{job="loki"}[5m]))')).not.toContain('loki');
  });
});
