import { AlertingRule, Severity } from '../alerting/types';
import { goRegExp } from '../core/go-regexp';

/** Alerts on the error ratio of a request counter. */
export interface ErrorRateAlert {
  /** A request counter, e.g. `http_requests_total`. */
  readonly metric: string;
  /** The label telling errors apart. @default 'code' */
  readonly errorLabel?: string;
  /** Regex of that label's error values (fully anchored, as in PromQL). @default '5..' */
  readonly errorRegex?: string;
  /**
   * One error value the regex matches, used in the generated promtool tests.
   * @default - derived from `errorRegex` (e.g. `500` for `5..`)
   */
  readonly errorExample?: string;
  /** Error ratio (0-1) above which the alert fires. @default 0.05 */
  readonly threshold?: number;
  /** How long the ratio must stay above the threshold, a Prometheus duration. @default '10m' */
  readonly for?: string;
  /** The alert's severity. @default 'warning' */
  readonly severity?: Severity;
}

/** Alerts on a latency quantile of a histogram. */
export interface LatencyAlert {
  /** Histogram base name, e.g. `http_request_duration_seconds` (its `_bucket` series are read). */
  readonly histogram: string;
  /** Seconds above which the quantile fires the alert. */
  readonly thresholdSeconds: number;
  /** The quantile compared with the threshold, between 0 and 1 (0.99 is p99). @default 0.99 */
  readonly quantile?: number;
  /** How long the quantile must stay above the threshold, a Prometheus duration. @default '10m' */
  readonly for?: string;
  /** The alert's severity. @default 'warning' */
  readonly severity?: Severity;
}

/** Alerts on a gauge that measures saturation as a ratio, e.g. a pool's in-use fraction. */
export interface SaturationAlert {
  /** A gauge between 0 and 1 per target. */
  readonly metric: string;
  /** Ratio (0-1) above which the alert fires. @default 0.9 */
  readonly threshold?: number;
  /** How long the gauge must stay above the threshold, a Prometheus duration. @default '15m' */
  readonly for?: string;
  /** The alert's severity. @default 'warning' */
  readonly severity?: Severity;
}

/** A job or service name as the start of an alert name: `loki-gateway` -> `LokiGateway`. */
export const pascal = (name: string) => name.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
const series = (metric: string, labels: Record<string, string>) =>
  `${metric}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

/** The target cannot be scraped. */
export function targetDownAlert(job: string, severity: Severity = 'warning', forDuration = '5m'): AlertingRule {
  const instance = '10.0.0.1:8080';
  return {
    alert: `${pascal(job)}TargetDown`,
    expr: `up{job="${job}"} == 0`,
    for: forDuration,
    severity,
    summary: `${job} target {{ $labels.instance }} is down`,
    description: `Prometheus has failed to scrape {{ $labels.instance }} of job ${job} for ${forDuration}. Check the pod and its metrics endpoint.`,
    tests: [
      { inputSeries: [{ series: series('up', { job, instance }), values: '0x20' }], evalTime: '10m', expectAlerts: [{ labels: { job, instance } }] },
      { inputSeries: [{ series: series('up', { job, instance }), values: '1x20' }], evalTime: '10m', expectAlerts: [] },
    ],
  };
}

/**
 * Replicas behind one job told apart by pod name, e.g. Loki's read path (`loki-read-0`, ...):
 * each set loses its majority on its own.
 */
export interface ReplicaGroup {
  /** The set's name, the `replicas` label of its alert, e.g. `read`. */
  readonly name: string;
  /** The prefix of its pods' names, e.g. `loki-read-`. */
  readonly podPrefix: string;
  /** How many replicas the set runs. */
  readonly replicas: number;
}

/** Replicas that must be lost before a replicated component is out: the majority, all of two. */
export function majorityOf(replicas: number): number {
  return Math.floor(replicas / 2) + 1;
}

/**
 * Target-down alerts that know how many replicas serve the job. One replica: a down target has
 * `severity`. More: one lost replica is a warning (the others serve), and `<Job>TargetDown` at
 * `severity` fires once the majority of a set is down or gone (all of two). Replicas that vanish
 * from discovery count as down, so a deleted or unschedulable pod is not missed.
 */
export function replicatedTargetDownAlerts(job: string, severity: Severity, replicas: number | readonly ReplicaGroup[], forDuration = '5m', name = `${pascal(job)}TargetDown`): AlertingRule[] {
  const groups: readonly ReplicaGroup[] = typeof replicas === 'number' ? [{ name: '', podPrefix: '', replicas }] : replicas;
  const single = groups.length === 1 && groups[0].replicas === 1;
  if (single || severity !== 'critical') return [{ ...targetDownAlert(job, severity, forDuration), alert: name }];
  const one = targetDownAlert(job, 'warning', forDuration);
  const up = (g: ReplicaGroup) => `up{job="${job}"${g.podPrefix ? `,pod=~"${g.podPrefix}.+"` : ''}}`;
  // Each set's count of healthy targets, labelled with the set when there are several.
  const healthy = (g: ReplicaGroup) => {
    const sum = `(sum(${up(g)}) or vector(0))`;
    return g.name ? `label_replace(${sum}, "replicas", "${g.name}", "", "")` : sum;
  };
  const expr = groups.map((g) => `${healthy(g)} <= ${g.replicas - majorityOf(g.replicas)}`).join(' or ');
  const sizes = groups.map((g) => `${g.name ? `${g.name}: ` : ''}${majorityOf(g.replicas)} of ${g.replicas}`).join(', ');
  const target = (g: ReplicaGroup, i: number) => series('up', { job, ...(g.podPrefix ? { pod: `${g.podPrefix}${i}` } : {}), instance: `10.0.0.${i + 1}:8080` });
  const inputs = (g: ReplicaGroup, down: number, present = g.replicas) => Array.from({ length: present }, (_, i) => ({
    series: target(g, i),
    values: i < down ? '0x20' : '1x20',
  }));
  const first = groups[0];
  const firstInstance = { job, instance: '10.0.0.1:8080', ...(first.podPrefix ? { pod: `${first.podPrefix}0` } : {}) };
  const others = groups.slice(1).flatMap((g) => inputs(g, 0));
  const labelsOf = (g: ReplicaGroup) => ({ job, ...(g.name ? { replicas: g.name } : {}) });
  return [
    {
      ...one,
      alert: name,
      summary: `${job} target {{ $labels.instance }} is down; the other replicas serve`,
      description: `Prometheus has failed to scrape {{ $labels.instance }} of job ${job} for ${forDuration}. The other replicas serve, so nothing is lost yet: find why this one is down (pod events, its node) before another goes.`,
      tests: [
        { inputSeries: [...inputs(first, 1), ...others], evalTime: '10m', expectAlerts: [{ labels: firstInstance }] },
        { inputSeries: [...inputs(first, 0), ...others], evalTime: '10m', expectAlerts: [] },
      ],
    },
    {
      alert: name,
      expr,
      for: forDuration,
      severity,
      labels: { job },
      summary: `The majority of ${job}${groups.some((g) => g.name) ? ' {{ $labels.replicas }}' : ''} replicas is down`,
      description: `Too few replicas of job ${job} have answered scrapes for ${forDuration} (out when ${sizes} are down or gone): the component no longer serves. Check its pods, their nodes and the events of its workload.`,
      tests: [
        ...groups.map((g, k) => ({
          inputSeries: [...groups.flatMap((o, j) => (j === k ? inputs(o, majorityOf(o.replicas)) : inputs(o, 0)))],
          evalTime: '10m',
          expectAlerts: [
            { labels: labelsOf(g) },
            ...Array.from({ length: majorityOf(g.replicas) }, (_, i) => ({ severity: 'warning' as const, labels: { job, instance: `10.0.0.${i + 1}:8080`, ...(g.podPrefix ? { pod: `${g.podPrefix}${i}` } : {}) } })),
          ],
        })),
        // Replicas gone from discovery count as down.
        { inputSeries: [...inputs(first, 0, first.replicas - majorityOf(first.replicas)), ...others, { series: series('up', { job: 'other', instance: 'x:1' }), values: '1x20' }], evalTime: '10m', expectAlerts: [{ labels: labelsOf(first) }] },
        { inputSeries: groups.flatMap((g) => inputs(g, 0)), evalTime: '10m', expectAlerts: [] },
        // One replica down in every set: each serves.
        { inputSeries: groups.flatMap((g) => inputs(g, 1)), evalTime: '10m', expectAlerts: groups.map((g) => ({ severity: 'warning' as const, labels: { job, instance: '10.0.0.1:8080', ...(g.podPrefix ? { pod: `${g.podPrefix}0` } : {}) } })) },
      ],
    },
  ];
}

/** No target of the job is discovered at all (the monitor selects nothing). */
export function targetAbsentAlert(job: string, severity: Severity = 'warning', forDuration = '15m'): AlertingRule {
  return {
    alert: `${pascal(job)}TargetAbsent`,
    expr: `absent(up{job="${job}"})`,
    for: forDuration,
    severity,
    summary: `No ${job} target is discovered`,
    description: `Prometheus has discovered no target of job ${job} for ${forDuration}: the workload is gone or its monitor selects nothing.`,
    tests: [
      { inputSeries: [{ series: series('up', { job: 'other' }), values: '1x30' }], evalTime: '20m', expectAlerts: [{ labels: { job } }] },
      { inputSeries: [{ series: series('up', { job, instance: 'a:1' }), values: '1x30' }], evalTime: '20m', expectAlerts: [] },
    ],
  };
}

/** A ratio as a percentage without floating-point noise: 0.07 is 7, not 7.000000000000001. */
const percent = (ratio: number) => String(Number((ratio * 100).toFixed(6)));

export function errorRateAlert(job: string, a: ErrorRateAlert): AlertingRule {
  const label = a.errorLabel ?? 'code';
  const threshold = a.threshold ?? 0.05;
  const forDuration = a.for ?? '10m';
  const example = errorExampleOf(a);
  const success = successExampleOf(a);
  if (example === undefined || success === undefined) throw new Error(`errorRate: no test values for errorRegex "${a.errorRegex}"`);
  // Per minute out of 1000 requests: halfway between the threshold and all, so it fires.
  const failing = Math.min(1000, Math.max(1, Math.ceil(((1 + threshold) / 2) * 1000)));
  return {
    alert: `${pascal(job)}HighErrorRate`,
    // JSON's string escapes are PromQL's: a regex such as 5\d\d stays what it says.
    expr: `sum(rate(${a.metric}{job="${job}",${label}=~${JSON.stringify(a.errorRegex ?? '5..')}}[5m])) / sum(rate(${a.metric}{job="${job}"}[5m])) > ${threshold}`,
    for: forDuration,
    severity: a.severity ?? 'warning',
    summary: `${job} is failing more than ${percent(threshold)}% of requests`,
    description: `More than ${percent(threshold)}% of ${a.metric} requests to ${job} have failed for ${forDuration}.`,
    tests: [
      {
        inputSeries: [
          { series: series(a.metric, { job, [label]: example }), values: `0+${failing}x40` },
          ...(failing < 1000 ? [{ series: series(a.metric, { job, [label]: success }), values: `0+${1000 - failing}x40` }] : []),
        ],
        evalTime: '30m',
        expectAlerts: [{}],
      },
      {
        inputSeries: [
          { series: series(a.metric, { job, [label]: example }), values: '0x40' },
          { series: series(a.metric, { job, [label]: success }), values: '0+1000x40' },
        ],
        evalTime: '30m',
        expectAlerts: [],
      },
    ],
  };
}

/**
 * A label value the error regex matches, for the generated test series: the given example, or
 * the regex's first alternative with `.` and `\d` read as `0`. Undefined when neither matches
 * (the caller asks for an explicit `errorExample`).
 */
export function errorExampleOf(a: ErrorRateAlert): string | undefined {
  const regex = a.errorRegex ?? '5..';
  const candidate = a.errorExample ?? regex.replace(/^\(\?[imsU-]+\)/, '').split('|')[0].replace(/\\d|\./g, '0').replace(/[\\^$()[\]*+?{}]/g, '');
  return errorMatcher(a)?.test(candidate) ? candidate : undefined;
}

/** A label value the error regex does not match: the successful requests of the tests. */
export function successExampleOf(a: ErrorRateAlert): string | undefined {
  const re = errorMatcher(a);
  return re && ['200', 'ok', 'success', 'OK', '0', 'none'].find((v) => !re.test(v));
}

/** The error regex as Prometheus matches it (whole value), or undefined when it does not compile. */
function errorMatcher(a: ErrorRateAlert): RegExp | undefined {
  try {
    return goRegExp(a.errorRegex ?? '5..', true);
  } catch {
    return undefined;
  }
}

export function latencyAlert(job: string, a: LatencyAlert): AlertingRule {
  const q = a.quantile ?? 0.99;
  const forDuration = a.for ?? '10m';
  const bucket = `${a.histogram}_bucket`;
  const fast = String(a.thresholdSeconds / 10);
  const slow = String(a.thresholdSeconds * 10);
  const buckets = (fastRate: string, slowRate: string, infRate: string) => [
    { series: series(bucket, { job, le: fast }), values: fastRate },
    { series: series(bucket, { job, le: slow }), values: slowRate },
    { series: series(bucket, { job, le: '+Inf' }), values: infRate },
  ];
  return {
    alert: `${pascal(job)}HighLatency`,
    expr: `histogram_quantile(${q}, sum by (le) (rate(${bucket}{job="${job}"}[5m]))) > ${a.thresholdSeconds}`,
    for: forDuration,
    severity: a.severity ?? 'warning',
    summary: `${job} p${percent(q)} latency is above ${a.thresholdSeconds}s`,
    description: `The ${q} quantile of ${a.histogram} for ${job} has been above ${a.thresholdSeconds}s for ${forDuration}.`,
    tests: [
      { inputSeries: buckets('0x40', '0+60x40', '0+60x40'), evalTime: '30m', expectAlerts: [{}] },
      { inputSeries: buckets('0+60x40', '0+60x40', '0+60x40'), evalTime: '30m', expectAlerts: [] },
    ],
  };
}

export function saturationAlert(job: string, a: SaturationAlert): AlertingRule {
  const threshold = a.threshold ?? 0.9;
  const forDuration = a.for ?? '15m';
  const instance = '10.0.0.1:8080';
  return {
    alert: `${pascal(job)}Saturated`,
    expr: `max by (instance) (${a.metric}{job="${job}"}) > ${threshold}`,
    for: forDuration,
    severity: a.severity ?? 'warning',
    summary: `${job} on {{ $labels.instance }} is saturated`,
    description: `${a.metric} of ${job} has been above ${threshold} for ${forDuration}.`,
    tests: [
      { inputSeries: [{ series: series(a.metric, { job, instance }), values: `${Math.min(1, threshold + 0.05)}x40` }], evalTime: '30m', expectAlerts: [{ labels: { instance } }] },
      { inputSeries: [{ series: series(a.metric, { job, instance }), values: `${threshold / 2}x40` }], evalTime: '30m', expectAlerts: [] },
    ],
  };
}
