import { parser } from '@prometheus-io/lezer-promql';
import { goRegExp } from '../core/go-regexp';
import { PromqlMatcher, promqlSelectors, promqlSyntaxError } from '../query/promql';

/**
 * An availability SLI from counters: the share of events that went wrong. Give the events
 * that count as errors, or those that count as good, and all of them, each as a series
 * selector such as `http_requests_total{job="api",code=~"5.."}`.
 */
export interface EventsSli {
  /** Selector of the failed events (a counter). Exactly one of `errors` and `good`. @default - none */
  readonly errors?: string;
  /** Selector of the good events (a counter). Exactly one of `errors` and `good`. @default - none */
  readonly good?: string;
  /** Selector of all events (a counter). */
  readonly total: string;
}

/**
 * A latency SLI from a histogram: an event is good when it took at most `thresholdSeconds`,
 * the upper bound (`le`) of one of the histogram's buckets.
 */
export interface LatencySli {
  /** The histogram's base name, without `_bucket`, e.g. `http_request_duration_seconds`. */
  readonly histogram: string;
  /** Label matchers for the requests that count, e.g. `job="api",handler!="/healthz"`. @default - every request */
  readonly matchers?: string;
  /** The bucket bound a good request stays within, in seconds. */
  readonly thresholdSeconds: number;
  /**
   * The histogram's bucket bounds, when it is the service's own (the metric catalog lists the
   * stack's). @default - the catalog's bounds for the histogram
   */
  readonly buckets?: number[];
}

/** The SLI: events (errors or good, over total) or latency; exactly one of the two. */
export interface ServiceLevelIndicator {
  /** Availability from counters. @default - none */
  readonly events?: EventsSli;
  /** Latency from a histogram bucket. @default - none */
  readonly latency?: LatencySli;
}

/**
 * An SLI reduced to two selectors: the part of the events it singles out (`bad`: errors,
 * `good`: good events) and all events. The error ratio is part/total or 1 - part/total.
 */
export interface SliSelectors {
  readonly part: string;
  readonly partIs: 'bad' | 'good';
  readonly total: string;
}

/** The `le` matcher of a bucket bound: Prometheus 3 writes whole bounds as `1.0`, Prometheus 2 as `1`. */
export function leMatcher(seconds: number): string {
  const text = String(seconds);
  return Number.isInteger(seconds) ? `le=~"${text}(\\\\.0)?"` : `le="${text}"`;
}

export function sliSelectors(sli: ServiceLevelIndicator): SliSelectors {
  if (sli.latency) {
    const m = sli.latency.matchers?.trim() ? `${sli.latency.matchers.trim()},` : '';
    return {
      part: `${sli.latency.histogram}_bucket{${m}${leMatcher(sli.latency.thresholdSeconds)}}`,
      partIs: 'good',
      total: `${sli.latency.histogram}_count${m ? `{${m.slice(0, -1)}}` : ''}`,
    };
  }
  const e = sli.events!;
  return e.errors !== undefined ? { part: e.errors, partIs: 'bad', total: e.total } : { part: e.good!, partIs: 'good', total: e.total };
}

/**
 * Why `text` is not a single series selector (a metric name and/or `{matchers}`, nothing
 * else): a PromQL syntax error, or what it holds besides. Undefined when it is one.
 */
export function selectorError(text: string): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return 'it is empty';
  const syntax = promqlSyntaxError(text);
  if (syntax) return syntax;
  const tree = parser.parse(text.trim());
  const expr = tree.topNode.firstChild;
  if (expr?.name !== 'VectorSelector' || expr.nextSibling) return 'it is an expression, not a series selector (no functions, ranges or operators: the SLO adds rate() and sum())';
  return undefined;
}

/** The label matchers of a selector, its metric name as `__name__`. */
function matchersOf(selector: string): PromqlMatcher[] {
  const [sel] = promqlSelectors(selector);
  return [...(sel.metric ? [{ name: '__name__', op: '=' as const, value: sel.metric }] : []), ...sel.matchers];
}

/** Whether a series with `labels` (its name as `__name__`) is selected by `selector`. */
export function selects(selector: string, labels: Record<string, string>): boolean {
  return matchersOf(selector).every((m) => {
    const value = labels[m.name] ?? '';
    if (m.op === '=') return value === m.value;
    if (m.op === '!=') return value !== m.value;
    const match = goRegExp(m.value, true).test(value);
    return m.op === '=~' ? match : !match;
  });
}

/** A value matching (or, with `negate`, not matching) a matcher: literal text, the regex made concrete, or a made-up one. */
function valueFor(m: PromqlMatcher, negate: boolean): string | undefined {
  // Each alternative made concrete: optional groups left out, wildcards and classes filled in.
  const concrete = m.value.replace(/^\(\?[a-zA-Z]+\)/, '').split('|').map((alt) => alt
    .replace(/\([^()]*\)\?/g, '').replace(/\.\+|\.\*/g, 'x').replace(/\\d/g, '0').replace(/(?<!\\)\./g, '0')
    .replace(/\\\./g, '.').replace(/[()?^$[\]{}*+]/g, '').replace(/\\/g, ''));
  const candidates = [m.value, ...concrete, `${m.value}-other`, 'other', 'x', ''];
  const matches = (v: string) => (m.op === '=' || m.op === '!=' ? v === m.value : goRegExp(m.value, true).test(v));
  // Whether a series with the label at `v` is selected by the matcher.
  const selected = (v: string) => (m.op === '=' || m.op === '=~' ? matches(v) : !matches(v));
  return candidates.find((v) => selected(v) !== negate);
}

/**
 * Labels of a series `selector` selects, starting from `base`; with `avoid`, one that `avoid`
 * does not select (a good event that is no error). Undefined when none can be made up.
 */
export function seriesLabels(selector: string, base: Record<string, string>, avoid?: string): Record<string, string> | undefined {
  const labels: Record<string, string> = { ...base };
  for (const m of matchersOf(selector)) {
    if (selects(`{${m.name}${m.op}${JSON.stringify(m.value)}}`, labels) && m.name !== '__name__') continue;
    const v = valueFor(m, false);
    if (v === undefined) return undefined;
    if (v === '') delete labels[m.name]; else labels[m.name] = v;
  }
  if (avoid !== undefined && selects(avoid, labels)) {
    // Break one of avoid's matchers on a label the selector leaves free.
    const own = new Set(matchersOf(selector).map((m) => m.name));
    for (const m of matchersOf(avoid).filter((x) => !own.has(x.name))) {
      const v = valueFor(m, true);
      if (v === undefined) continue;
      const trial = { ...labels };
      if (v === '') delete trial[m.name]; else trial[m.name] = v;
      if (selects(selector, trial) && !selects(avoid, trial)) return trial;
    }
    return undefined;
  }
  return selects(selector, labels) ? labels : undefined;
}

/** A series as promtool's input notation writes it: `name{a="b"}`. */
export function seriesText(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  return `${name ?? ''}{${Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}
