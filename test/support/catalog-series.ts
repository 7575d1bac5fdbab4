import { goRegExp } from '../../lib/core/go-regexp';
import { METRIC_CATALOG } from '../../lib/catalog/metrics';
import { PromqlMatcher, promqlSelectors } from '../../lib/query/promql';

/**
 * Realistic series for every metric the stack's exporters expose (lib/catalog), plus one series
 * per selector the given queries use, whose labels satisfy its matchers. Every series carries
 * one small cluster's worth of labels (one node, one namespace, one pod), so the joins of the
 * queries and rules find their partners.
 */
export const UNIVERSE: Record<string, string> = { namespace: 'shop', pod: 'api-1', container: 'api', node: 'n1', instance: 'n1', device: 'sda', image: 'api:1' };
/** Labels some metrics need to join: owners name their workload. */
const PER_METRIC: Record<string, Record<string, string>> = {
  kube_pod_owner: { owner_kind: 'ReplicaSet', owner_name: 'api' },
  kube_replicaset_owner: { replicaset: 'api', owner_name: 'api' },
};
const THANOS_JOBS = ['thanos-query', 'thanos-store', 'thanos-compact', 'thanos-sidecar'];
/** The jobs of the stack's own components (the data services' are their own). */
const STACK_JOBS = ['prometheus', 'alertmanager', 'apiserver', 'kubelet', 'coredns', 'kube-state-metrics', 'node-exporter', 'loki', 'loki-gateway',
  'promtail', 'alloy', 'prometheus-operator', 'config-reloader', 'grafana', 'speedtest-exporter'];
/** Which job exports each catalog section's metrics. */
const JOB_OF_SECTION: [RegExp, string | string[]][] = [
  [/^node-exporter/, 'node-exporter'], [/^kube-state-metrics telemetry/, 'kube-state-metrics-telemetry'], [/^kube-state-metrics/, 'kube-state-metrics'],
  [/^kubelet/, 'kubelet'], [/^kube-apiserver/, 'apiserver'], [/^coredns/, 'coredns'], [/^prometheus-config-reloader/, 'config-reloader'],
  [/^prometheus-operator/, 'prometheus-operator'], [/^prometheus v/, 'prometheus'], [/^alertmanager/, 'alertmanager'], [/^loki/, 'loki'],
  [/^promtail/, 'promtail'], [/^alloy/, 'alloy'], [/^nginx/, 'loki-gateway'], [/^speedtest/, 'speedtest-exporter'], [/^airflow/, 'airflow'],
  [/^trino/, 'trino'], [/^redpanda/, 'redpanda'], [/^postgres/, 'postgresql'], [/^spark/, 'spark'],
  // Exported by several jobs: the one the query selects.
  [/^thanos/, THANOS_JOBS], [/^Go and process/, [...STACK_JOBS, ...THANOS_JOBS]],
];
/** Prometheus makes these per scrape; a target must not. */
const SYNTHETIC = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

export interface GeneratedSeries { readonly name: string; readonly labels: Record<string, string> }

/** The jobs that export a metric. */
function jobsOf(metric: string): string[] {
  const jobs: string[] = [];
  for (const [section, names] of Object.entries(METRIC_CATALOG)) {
    if (!names.includes(metric)) continue;
    const job = JOB_OF_SECTION.find(([re]) => re.test(section))?.[1];
    if (job) jobs.push(...(Array.isArray(job) ? job : [job]));
  }
  return [...new Set(jobs)];
}

/** The job a selector's series is exported by: the first that exports the metric and that the selector's job matcher accepts. */
function jobOf(metric: string, matchers: readonly PromqlMatcher[]): string | undefined {
  const jobs = jobsOf(metric);
  const named = matchers.find((m) => m.name === 'job' && (m.op === '=' || m.op === '=~'));
  if (!named) return jobs[0];
  const re = named.op === '=~' ? goRegExp(named.value, true) : undefined;
  return jobs.find((j) => (re ? re.test(j) : j === named.value)) ?? jobs[0];
}

/** Candidate label values for a regex: the usual value, then each alternative made concrete. */
function satisfying(m: PromqlMatcher, usual: string | undefined): string | undefined {
  const re = goRegExp(m.value, true);
  // Optional groups (`1(\\.0)?`, a bucket bound as Prometheus 2 or 3 writes it) are left out.
  const concrete = m.value.replace(/^\(\?[a-zA-Z]+\)/, '').split('|').map((alt) => alt
    .replace(/\([^()|]*\)\?/g, '')
    .replace(/\.\+|\.\*/g, 'x').replace(/\\d/g, '0').replace(/\./g, '0').replace(/[()?^$\\[\]{}*+]/g, ''));
  const candidates = [...(usual !== undefined ? [usual] : []), ...concrete, `${usual ?? 'x'}-other`, 'x', ''];
  return m.op === '=~' ? candidates.find((c) => re.test(c)) : candidates.find((c) => !re.test(c));
}

/**
 * One series that the selector selects, or undefined for recorded and synthetic names. Only
 * cataloged metrics get series, and always under the job that exports them: a query with a
 * wrong metric name or job finds nothing.
 */
export function seriesForSelector(metric: string, matchers: readonly PromqlMatcher[], own: ReadonlySet<string> = new Set()): GeneratedSeries | undefined {
  // An extension's own metric: exported by the job its query names.
  const named = matchers.find((m) => m.name === 'job' && m.op === '=')?.value;
  const job = own.has(metric) && jobsOf(metric).length === 0 ? named ?? 'extension' : jobOf(metric, matchers);
  if (job === undefined || SYNTHETIC.has(metric)) return undefined;
  const labels: Record<string, string> = { job, ...UNIVERSE, ...(PER_METRIC[metric] ?? {}) };
  if (metric.startsWith('container_') || metric.startsWith('kubelet_') && !metric.startsWith('kubelet_volume')) {
    labels.metrics_path = metric.startsWith('container_') ? '/metrics/cadvisor' : '/metrics';
  }
  for (const m of matchers) {
    if (m.name === '__name__' || m.name === 'job') continue;
    const current = labels[m.name];
    const value = m.op === '=' ? m.value : m.op === '!=' ? (current !== undefined && current !== m.value ? current : `${m.value}-other`) : satisfying(m, current);
    if (value === undefined) throw new Error(`no value of ${m.name} satisfies ${m.name}${m.op}"${m.value}" in ${metric}`);
    if (value === '') delete labels[m.name];
    else labels[m.name] = value;
  }
  // A pod has one owner: the pods of other kinds of owner are others.
  if (metric === 'kube_pod_owner' && labels.owner_kind !== 'ReplicaSet') labels.pod = `${(labels.owner_kind ?? 'none').toLowerCase()}-0`;
  return { name: metric, labels };
}

/**
 * The catalog's series and those the queries' selectors need, without duplicates; `own` names
 * metrics an extension's application exports (its alerts' tests feed them in).
 */
export function generateSeries(queries: readonly string[], own: ReadonlySet<string> = new Set()): GeneratedSeries[] {
  const all = new Map<string, GeneratedSeries>();
  const add = (s: GeneratedSeries | undefined) => { if (s) all.set(`${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`, s); };
  for (const metric of Object.values(METRIC_CATALOG).flat()) add(seriesForSelector(metric, []));
  for (const q of queries) {
    for (const sel of promqlSelectors(q)) if (sel.metric) add(seriesForSelector(sel.metric, sel.matchers, own));
  }
  return [...all.values()];
}

const COUNTER = /(_total|_count|_sum|_bucket)$/;
const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * The exposition text of the series at `seconds` after the start: counters grow steadily
 * (histogram buckets as a histogram's do), gauges hold 1.
 */
export function exposition(series: readonly GeneratedSeries[], seconds: number): string {
  const lines: string[] = [];
  for (const s of series) {
    const counter = COUNTER.test(s.name);
    const variants = s.name.endsWith('_bucket') && s.labels.le === undefined
      ? [['0.1', 0.5], ['1', 1], ['+Inf', 1]].map(([le, share]) => ({ labels: { ...s.labels, le: le as string }, value: 100 + seconds * 10 * (share as number) }))
      : [{ labels: s.labels, value: counter ? 100 + seconds * 10 : 1 }];
    for (const v of variants) {
      lines.push(`${s.name}{${Object.entries(v.labels).map(([k, val]) => `${k}="${escape(val)}"`).join(',')}} ${v.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
