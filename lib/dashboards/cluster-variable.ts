import { parser } from '@prometheus-io/lezer-promql';

/**
 * Context key: when set (to true) on the app, every GrafanaDashboard gains a `cluster` variable
 * and its PromQL queries select `cluster=~"$cluster"`. For a Prometheus datasource that sees
 * several clusters (a Thanos Query reading other clusters' Store APIs), where the external
 * `cluster` label tells them apart; a single cluster's dashboards stay as they are.
 */
export const CLUSTER_VARIABLE_CONTEXT = 'observability-stack:cluster-variable';
/** The variable's name, the external label it filters on, and the query listing its values. */
export const CLUSTER_LABEL = 'cluster';
export const CLUSTER_VARIABLE_QUERY = `label_values(up, ${CLUSTER_LABEL})`;
const MATCHER = `${CLUSTER_LABEL}=~"$${CLUSTER_LABEL}"`;

/** Grafana variables replaced by text of the same length that PromQL parses (durations where they stand for one). */
function sameLengthPlaceholders(expr: string): string {
  return expr
    .replace(/\$(__rate_interval|__interval|__range|__auto)\b|\$\{(__rate_interval|__interval|__range|__auto)\}/g, (m) => `${'1'.repeat(m.length - 1)}m`)
    .replace(/\$\{[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}|\$[a-zA-Z_][a-zA-Z0-9_]*|\[\[[a-zA-Z_][a-zA-Z0-9_]*\]\]/g, (m) => 'x'.repeat(m.length));
}

/** `expr` with `cluster=~"$cluster"` in every vector selector that does not match on `cluster` already. */
function filterSelectors(expr: string): string {
  const parsed = sameLengthPlaceholders(expr);
  const inserts: { at: number; text: string }[] = [];
  parser.parse(parsed).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return;
      const matchers = node.node.getChild('LabelMatchers');
      if (!matchers) {
        inserts.push({ at: node.to, text: `{${MATCHER}}` });
        return;
      }
      const inner = parsed.slice(matchers.from + 1, matchers.to - 1);
      if (new RegExp(`(^|[{,\\s])"?${CLUSTER_LABEL}"?\\s*(=|!=|=~|!~)`).test(inner)) return;
      inserts.push({ at: matchers.from + 1, text: inner.trim() ? `${MATCHER},` : MATCHER });
    },
  });
  let out = expr;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

/** A PromQL query (or Grafana's `label_values(expr, label)`) restricted to the clusters `$cluster` picks. */
export function withClusterFilter(expr: string): string {
  const labelValues = /^(\s*label_values\()(.+)(,\s*[a-zA-Z_][a-zA-Z0-9_]*\)\s*)$/.exec(expr);
  if (labelValues) return `${labelValues[1]}${filterSelectors(labelValues[2])}${labelValues[3]}`;
  // label_values(label) with no series: every cluster's values, there is nothing to select on.
  if (/^\s*label_values\(\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/.test(expr)) return expr;
  return filterSelectors(expr);
}
