import { logqlSyntaxError } from '../query/logql';
import { promqlMetricNames, promqlSyntaxError } from '../query/promql';
import { QueryLanguage } from './types';

/** Grafana's built-in variables, all of them durations where queries use them. */
const BUILTIN = /\$(__rate_interval|__interval|__range|__auto)\b|\$\{(__rate_interval|__interval|__range|__auto)\}/g;
const USER_VARIABLE = /\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-z]+)?\}|\$([a-zA-Z_][a-zA-Z0-9_]*)|\[\[([a-zA-Z_][a-zA-Z0-9_]*)\]\]/g;

/** Variables a query uses (built-ins excluded). */
export function queryVariables(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.replace(BUILTIN, '').matchAll(USER_VARIABLE)) names.add(m[1] ?? m[2] ?? m[3]);
  return [...names];
}

/** The query as Prometheus/Loki would receive it, with variables given sample values. */
export function interpolate(expr: string): string {
  return expr.replace(BUILTIN, '5m').replace(USER_VARIABLE, 'sample');
}

/** Why a query does not parse, or undefined. `label_values(...)` is Grafana's, not PromQL. */
export function querySyntaxError(expr: string, language: QueryLanguage): string | undefined {
  const concrete = interpolate(expr);
  const labelValues = /^label_values\((?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(concrete.trim());
  if (labelValues) return labelValues[1] ? querySyntaxError(labelValues[1], language) : undefined;
  return language === 'logql' ? logqlSyntaxError(concrete) : promqlSyntaxError(concrete);
}

/** Metric names a PromQL query (or `label_values(metric, label)`) reads. */
export function queryMetricNames(expr: string, language: QueryLanguage): string[] {
  if (language !== 'promql') return [];
  const concrete = interpolate(expr);
  const labelValues = /^label_values\((.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$/.exec(concrete.trim());
  return promqlMetricNames(labelValues ? labelValues[1] : concrete);
}
