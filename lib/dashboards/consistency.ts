import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { interpolate } from './queries';

/**
 * How a PromQL query computes from each metric it reads: the functions and aggregations around
 * the metric's selector, innermost first, e.g. `rate > sum` for `sum by (pod) (rate(m[5m]))`.
 * Label matchers, ranges and grouping labels are left out: they set the scope, not the quantity.
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
      out.set(metric, [...(out.get(metric) ?? []), chain.join(' > ') || 'as is']);
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
  // title -> metric -> computation -> uids
  const seen = new Map<string, Map<string, Map<string, Set<string>>>>();
  for (const d of dashboards) {
    for (const p of (d.model.panels ?? []) as PanelModel[]) {
      const title = (p.title ?? '').trim().toLowerCase();
      for (const t of p.targets ?? []) {
        if (!t.expr || t.datasource?.type === 'loki') continue;
        for (const [metric, chains] of metricComputations(t.expr)) {
          const byMetric = seen.get(title) ?? new Map<string, Map<string, Set<string>>>();
          seen.set(title, byMetric);
          const byChain = byMetric.get(metric) ?? new Map<string, Set<string>>();
          byMetric.set(metric, byChain);
          for (const c of chains) byChain.set(c, (byChain.get(c) ?? new Set()).add(d.uid));
        }
      }
    }
  }
  const out: string[] = [];
  for (const [title, byMetric] of seen) {
    for (const [metric, byChain] of byMetric) {
      const uids = new Set([...byChain.values()].flatMap((s) => [...s]));
      if (byChain.size > 1 && uids.size > 1) {
        out.push(`${title}: ${metric} is ${[...byChain].map(([c, u]) => `${c} on ${[...u].join(', ')}`).join('; ')}`);
      }
    }
  }
  return out.sort();
}
