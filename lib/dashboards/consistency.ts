import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { interpolate } from './queries';

/** Labels that say whose series a query reads (its scope), not which quantity. */
const SCOPE_LABELS = new Set(['job', 'metrics_path', 'cluster', 'namespace', 'pod', 'container', 'node', 'instance', 'workload', 'workload_type',
  'persistentvolumeclaim', 'handler', 'route', 'integration', 'operation', 'grpc_type',
  // Sloth's SLO identity: each SLO's dashboard reads its own SLO's series.
  'sloth_id', 'sloth_service', 'sloth_slo']);

/**
 * How a PromQL query computes from each metric it reads: the functions and aggregations around
 * the metric's selector, innermost first, and the matchers that pick a part of it, e.g.
 * `rate > sum of {mode!="idle"}` for `sum by (cpu) (rate(m{mode!="idle"}[5m]))`. Scope
 * matchers (job, namespace, pod...), variables, ranges and grouping labels are left out: they
 * say whose series, not which quantity.
 */
export function metricComputations(expr: string): Map<string, string[]> {
  const text = interpolate(expr);
  const out = new Map<string, string[]>();
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return;
      const metric = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text.slice(node.from, node.to))?.[0];
      if (!metric) return false;
      const chain: string[] = [];
      for (let p: SyntaxNode | null = node.node.parent; p; p = p.parent) {
        if (p.name === 'FunctionCall') chain.push(text.slice(p.firstChild!.from, p.firstChild!.to));
        if (p.name === 'AggregateExpr') chain.push(text.slice(p.firstChild!.from, p.firstChild!.to));
      }
      // Matchers that pick which part of the metric counts (mode="idle", code=~"5.."), not whose.
      const filters = [...text.slice(node.from, node.to).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)]
        .filter(([, label, , value]) => !SCOPE_LABELS.has(label) && !value.includes('sample'))
        .map(([, label, op, value]) => `${label}${op}"${value}"`).sort();
      const computation = `${chain.join(' > ') || 'as is'}${filters.length ? ` of {${filters.join(',')}}` : ''}`;
      out.set(metric, [...(out.get(metric) ?? []), computation]);
      return false;
    },
  });
  return out;
}

/** What the check needs of a dashboard (a GrafanaDashboard). */
export interface ComputedDashboard {
  readonly uid: string;
  readonly model: { readonly panels?: readonly unknown[] };
}

interface PanelModel { readonly title?: string; readonly targets?: readonly { readonly expr?: string; readonly datasource?: { readonly type?: string } }[] }

/**
 * Panels of the same title on different dashboards that compute a metric they both read
 * differently, as `<title>: <metric> is <computation> on <uid>, <computation> on <uid>`.
 * Empty when every title means one computation wherever it appears.
 */
export function inconsistentPanels(dashboards: readonly ComputedDashboard[]): string[] {
  // title -> metric -> uid -> the computations the dashboard's panels of that title apply to it
  const seen = new Map<string, Map<string, Map<string, Set<string>>>>();
  for (const d of dashboards) {
    for (const p of (d.model.panels ?? []) as PanelModel[]) {
      const title = (p.title ?? '').trim().toLowerCase();
      for (const t of p.targets ?? []) {
        if (!t.expr || t.datasource?.type === 'loki') continue;
        for (const [metric, computations] of metricComputations(t.expr)) {
          const byMetric = seen.get(title) ?? new Map<string, Map<string, Set<string>>>();
          seen.set(title, byMetric);
          const byUid = byMetric.get(metric) ?? new Map<string, Set<string>>();
          byMetric.set(metric, byUid);
          const set = byUid.get(d.uid) ?? new Set<string>();
          byUid.set(d.uid, set);
          for (const c of computations) set.add(c);
        }
      }
    }
  }
  const out: string[] = [];
  for (const [title, byMetric] of seen) {
    for (const [metric, byUid] of byMetric) {
      // uids grouped by the computations they use
      const ways = new Map<string, string[]>();
      for (const [uid, set] of byUid) {
        const key = [...set].sort().join('; ');
        ways.set(key, [...(ways.get(key) ?? []), uid]);
      }
      if (ways.size > 1) out.push(`${title}: ${metric} is ${[...ways].map(([c, uids]) => `${c} on ${uids.join(', ')}`).join(' | ')}`);
    }
  }
  return out.sort();
}
