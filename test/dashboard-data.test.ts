import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { ClusterConfig } from '../config';
import { clusters } from './support/configured';
import { homelab } from './fixtures/homelab';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { ownMetrics } from '../lib/catalog/metrics';
import { Component } from '../lib/core/component';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { exposition, generateSeries, GeneratedSeries } from './support/catalog-series';
import { clusterDashboards } from './support/cluster-dashboards';
import { shopExtension } from './support/shop-extension';
import { freePort, httpGet, serve, start, Started, stop, waitFor } from './support/processes';
import { tempDir } from './support/reference';
import { TOOLS, toolPath } from './support/tools';

/**
 * Every PromQL panel of every configured cluster's dashboards (its extensions' included), and
 * every recording rule, returns data from a real Prometheus on loopback. It scrapes an exporter
 * serving series for every metric of the catalog (and for every selector the queries use; an
 * extension's own metrics under the job its queries name), one scrape job per exporter job,
 * every second, and evaluates the cluster's recording rules; each panel query is then run with
 * the dashboard's variables set to the first value Prometheus offers, as Grafana does. LogQL
 * panels run on Loki; test/dashboards.test.ts checks their labels against the log agent's.
 */
const USER_VARIABLE = /\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-z]+)?\}|\$([a-zA-Z_][a-zA-Z0-9_]*)|\[\[([a-zA-Z_][a-zA-Z0-9_]*)\]\]/g;
const withBuiltins = (expr: string) => expr.replace(/\$__rate_interval|\$\{__rate_interval\}|\$__interval|\$__range/g, '1m');
/**
 * A multi-cluster view's `cluster=~"$cluster"` matchers are left out: on Thanos Query every series
 * carries the external `cluster` label, which one Prometheus does not add to its own rules' output
 * (test/cluster-variable.test.ts checks the matchers).
 */
const withoutClusterFilter = (expr: string) => expr.replace(/cluster=~"\$cluster",?/g, '').replace(/\{\}/g, '');
const substitute = (expr: string, values: Record<string, string>) =>
  withBuiltins(withoutClusterFilter(expr)).replace(USER_VARIABLE, (m, a, b, c) => values[a ?? b ?? c] ?? m);

const processes: Started[] = [];
const servers: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const p of processes) await stop(p);
  for (const s of servers) await s.close();
});

async function query(base: string, expr: string): Promise<unknown[]> {
  const body = JSON.parse(await httpGet(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`));
  return body.data.result as unknown[];
}

/** The panels and recording rules of one cluster that return nothing, and how many panel queries ran. */
async function panelData(config: ClusterConfig): Promise<{ empty: string[]; evaluated: number; records: number; dashboards: number }> {
  const cluster = clusterDashboards(config);
  const dashboards: GrafanaDashboard[] = cluster.all;
  const recording = AlertRuleGroup.all(cluster.app).filter((g) => g.recordingRules.length > 0);
  // Each record with its rule's labels: rules of one name (one per SLO) are waited for one by one.
  const records = [...new Set(recording.flatMap((g) => g.recordingRules.map((r) =>
    `${r.record}{${Object.entries(r.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`)))];
  const own = new Set(AlertRuleGroup.all(cluster.app).filter(cluster.isExtension).flatMap((g) => [...ownMetrics(AlertRuleGroup.all(Component.of(g)))]));
  const promql = (d: GrafanaDashboard) => d.queries.filter((q) => q.language === 'promql');
  // Series for the variables' selectors too, with the variables given the cluster's one value each.
  const defaults: Record<string, string> = { node: 'n1', namespace: 'shop', pod: 'api-1', type: 'deployment', workload: 'api', cluster: config.name };
  const queries = [...dashboards.flatMap((d) => promql(d).map((q) => substitute(q.expr, defaults).replace(/^label_values\((.+),\s*\w+\)$/, '$1'))),
    ...recording.flatMap((g) => g.recordingRules.map((r) => r.expr))];
  const series = generateSeries(queries, own);
  const byJob = new Map<string, GeneratedSeries[]>();
  for (const s of series) byJob.set(s.labels.job, [...(byJob.get(s.labels.job) ?? []), s]);
  const started = Date.now();
  const exporter = await serve((req) => {
    const job = decodeURIComponent((req.url ?? '').replace(/^\/metrics\//, ''));
    return { body: exposition(byJob.get(job) ?? [], Math.floor((Date.now() - started) / 1000)) };
  });
  servers.push(exporter);

  const dir = tempDir('panel-data-');
  fs.writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups: recording.map((g) => {
    const group = g.ruleFileGroup() as { rules: { record?: string }[] };
    return { ...group, interval: '1s', rules: group.rules.filter((r) => r.record) };
  }) }));
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'prometheus.yaml'), stringify({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: ['rules.yaml'],
    scrape_configs: [...byJob.keys()].map((job) => ({
      job_name: job, honor_labels: true, metrics_path: `/metrics/${encodeURIComponent(job)}`,
      static_configs: [{ targets: [`127.0.0.1:${exporter.port}`], labels: { node: 'n1', cluster: config.name } }],
    })),
  }));
  const prometheus = start(toolPath(TOOLS.prometheus), [`--config.file=${path.join(dir, 'prometheus.yaml')}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`]);
  processes.push(prometheus);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(() => httpGet(`${base}/-/ready`), 30_000, () => `Prometheus not ready:\n${prometheus.output()}`);

  // Rates need two samples of every job (each job is scraped at its own offset in the interval).
  await waitFor(async () => ((await query(base, 'count_over_time(up[1m]) >= 2')).length === byJob.size ? true : undefined), 20_000,
    () => `not every job scraped twice:\n${prometheus.output()}`);
  // Rules built on rules need one more evaluation: wait until every record exists.
  const missing = async () => {
    const empty: string[] = [];
    for (const r of records) if ((await query(base, r)).length === 0) empty.push(r);
    return empty;
  };
  let lastMissing: string[] = [];
  await waitFor(async () => { lastMissing = await missing(); return lastMissing.length === 0 ? true : undefined; }, 20_000,
    () => `recording rules without data: ${lastMissing.join(', ')}\n${prometheus.output()}`);

  const empty: string[] = [];
  let evaluated = 0;
  for (const d of dashboards) {
    const values: Record<string, string> = {};
    for (const q of promql(d).filter((x) => x.where.startsWith('variables'))) {
      const name = /\(([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(q.where)![1];
      const lv = /^label_values\((?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(substitute(q.expr, values).trim())!;
      const url = lv[1] ? `${base}/api/v1/series?match[]=${encodeURIComponent(lv[1])}` : `${base}/api/v1/label/${lv[2]}/values`;
      const data = JSON.parse(await httpGet(url)).data as (Record<string, string> | string)[];
      const options = [...new Set(data.map((x) => (typeof x === 'string' ? x : x[lv[2]])).filter(Boolean))].sort();
      if (options.length === 0) empty.push(`${d.uid} ${q.where}: no values`);
      // The cluster's own value where it is offered (as a user picks it), else Grafana's first.
      values[name] = options.includes(defaults[name]) ? defaults[name] : options[0] ?? '';
    }
    for (const q of promql(d).filter((x) => x.where.startsWith('panels'))) {
      evaluated++;
      const expr = substitute(q.expr, values);
      const result = await query(base, expr).catch((e: Error) => e);
      if (result instanceof Error || result.length === 0) empty.push(`${d.uid} ${q.where}: ${expr}${result instanceof Error ? ` (${result.message.replace(/^.*: /, 'HTTP ')})` : ''}`);
    }
  }
  await stop(prometheus);
  return { empty, evaluated, records: records.length, dashboards: dashboards.length };
}

test.each(clusters.map((c) => [c.name, c] as const))('every dashboard panel query and every recording rule of %s returns data', async (_name, config) => {
  const result = await panelData(config);
  expect(result.records).toBeGreaterThanOrEqual(30);
  expect(result.evaluated).toBeGreaterThan(300);
  expect(result.empty).toEqual([]);
}, 90_000);

test('an extension\'s panels get data from its own metrics; a metric name nothing exports draws nothing', async () => {
  // The smallest cluster that runs Prometheus, and an extension whose alert test says the service exports orders_queue_depth.
  const config: ClusterConfig = {
    ...homelab,
    components: ['namespaces', 'prometheus-operator', 'prometheus'],
    extensions: [shopExtension({ Queue: 'orders_queue_depth', Typo: 'orders_queue_dept' })],
  };
  const result = await panelData(config);
  expect(result.evaluated).toBeGreaterThanOrEqual(2); // the two panels of the shop's, and the SLO dashboard the prometheus component renders
  expect(result.empty).toEqual(['shop panels[1] (Typo).queries[0] (refId A): max(orders_queue_dept{job="orders-api"})']);
}, 60_000);
