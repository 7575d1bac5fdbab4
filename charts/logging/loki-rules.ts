import { AlertingRule } from '../../lib/alerting/types';
import { LogAlertRule } from '../../lib/logging/loki-alert-rule-group';

const job = 'loki';
const s = (metric: string, extra: string) => `${metric}{job="${job}",instance="10.0.1.1:3100"${extra}}`;

/** Loki's own health, from its metrics. */
export function lokiAlerts(): AlertingRule[] {
  const req = 'loki_request_duration_seconds_count';
  return [
    {
      alert: 'LokiRequestErrors',
      expr: `sum by (route) (rate(${req}{job="${job}",status_code=~"5.."}[5m])) / sum by (route) (rate(${req}{job="${job}"}[5m])) > 0.05`,
      for: '15m',
      severity: 'warning',
      summary: 'Loki answers {{ $labels.route }} with errors',
      description: 'More than 5% of Loki requests on {{ $labels.route }} have failed for 15 minutes. Check the Loki logs and the object store.',
      tests: [
        {
          inputSeries: [{ series: s(req, ',route="loki_api_v1_push",status_code="500"'), values: '0+10x30' }, { series: s(req, ',route="loki_api_v1_push",status_code="204"'), values: '0+10x30' }],
          evalTime: '25m', expectAlerts: [{ labels: { route: 'loki_api_v1_push' } }],
        },
        {
          inputSeries: [{ series: s(req, ',route="loki_api_v1_push",status_code="500"'), values: '0x30' }, { series: s(req, ',route="loki_api_v1_push",status_code="204"'), values: '0+10x30' }],
          evalTime: '25m', expectAlerts: [],
        },
      ],
    },
    {
      alert: 'LokiIngestionFailures',
      expr: `sum by (reason) (increase(loki_discarded_samples_total{job="${job}"}[15m])) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Loki is discarding log lines ({{ $labels.reason }})',
      description: 'Loki has rejected lines for reason {{ $labels.reason }} for 15 minutes (rate limits, too old, too long). Those lines are lost: tune limits_config or the agent.',
      tests: [
        { inputSeries: [{ series: s('loki_discarded_samples_total', ',reason="rate_limited",tenant="homelab"'), values: '0+5x40' }], evalTime: '35m', expectAlerts: [{ labels: { reason: 'rate_limited' } }] },
        { inputSeries: [{ series: s('loki_discarded_samples_total', ',reason="rate_limited",tenant="homelab"'), values: '0x40' }], evalTime: '35m', expectAlerts: [] },
      ],
    },
    ...lokiMixinAlerts(),
  ];
}

/**
 * The Loki mixin's alerts on panics, latency and the compactor, and the ruler's missed
 * evaluations, at this stack's severities: none of them loses logs within hours (the compactor
 * stalled stops retention and lets the bucket grow), so they warn rather than page.
 */
function lokiMixinAlerts(): AlertingRule[] {
  const bucket = (le: string, v: string) => ({ series: s('loki_request_duration_seconds_bucket', `,route="loki_api_v1_query_range",le="${le}"`), values: v });
  const compactor = (instance: string, v: string) => ({ series: `loki_boltdb_shipper_compactor_running{job="${job}",instance="${instance}"}`, values: v });
  const lastRun = (v: string) => ({ series: s('loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds', ''), values: v });
  const missed = (v: string) => ({ series: s('loki_prometheus_rule_group_iterations_missed_total', ',rule_group="/rules/fake/logs.yaml;logs",user="fake"'), values: v });
  return [
    {
      alert: 'LokiRequestPanics',
      expr: `sum by (job) (increase(loki_panic_total{job="${job}"}[10m])) > 0`,
      severity: 'warning',
      summary: 'Loki panicked while serving requests',
      description: '{{ $labels.job }} recovered from {{ $value }} panics in the last 10 minutes: those requests failed. The stack trace is in the Loki log (search "panic"); it is a Loki bug or a pathological query.',
      tests: [
        { inputSeries: [{ series: s('loki_panic_total', ''), values: '0 0 0 1 1 1 1 1 1 1 1' }], evalTime: '5m', expectAlerts: [{ labels: { job }, annotations: { summary: 'Loki panicked while serving requests', description: 'loki recovered from 1 panics in the last 10 minutes: those requests failed. The stack trace is in the Loki log (search "panic"); it is a Loki bug or a pathological query.' } }] },
        { inputSeries: [{ series: s('loki_panic_total', ''), values: '0x20' }], evalTime: '15m', expectAlerts: [] },
      ],
    },
    {
      // The mixin reads the p99 of each route but the tail and the scheduler loop, which block by design.
      alert: 'LokiRequestLatency',
      expr: `histogram_quantile(0.99, sum by (job, route, le) (rate(loki_request_duration_seconds_bucket{job="${job}",route!~"(?i).*tail.*|/schedulerpb.SchedulerForQuerier/QuerierLoop"}[5m]))) > 1`,
      for: '15m',
      severity: 'warning',
      summary: 'Loki answers {{ $labels.route }} slowly',
      description: 'The 99th percentile of Loki requests on {{ $labels.route }} has been above 1 second for 15 minutes: log panels load slowly and agents may back off. Check the read path (queriers, the object store) and the queries running.',
      tests: [
        { inputSeries: [bucket('1', '0x40'), bucket('10', '0+60x40'), bucket('+Inf', '0+60x40')], evalTime: '30m', expectAlerts: [{ labels: { job, route: 'loki_api_v1_query_range' } }] },
        { inputSeries: [bucket('1', '0+60x40'), bucket('10', '0+60x40'), bucket('+Inf', '0+60x40')], evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'LokiTooManyCompactorsRunning',
      expr: `sum by (job) (loki_boltdb_shipper_compactor_running{job="${job}"}) > 1`,
      for: '5m',
      severity: 'warning',
      summary: 'More than one Loki compactor runs',
      description: 'More than one Loki instance has run the compactor for 5 minutes: two compactors rewriting the same index can corrupt it. Check the compactor ring (/compactor/ring) and the pods running it.',
      tests: [
        { inputSeries: [compactor('10.0.1.1:3100', '1x20'), compactor('10.0.1.2:3100', '1x20')], evalTime: '15m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: [compactor('10.0.1.1:3100', '1x20'), compactor('10.0.1.2:3100', '0x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
    {
      // The mixin's two rules in one: no success for 3 hours since the last one, or since start.
      alert: 'LokiCompactorHasNotSuccessfullyRunCompaction',
      expr: `min by (job) (time() - (loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds{job="${job}"} > 0)) > 60 * 60 * 3`
        + ` or max by (job) (max_over_time(loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds{job="${job}"}[3h])) == 0`,
      for: '1h',
      severity: 'warning',
      summary: 'Loki has not compacted for more than 3 hours',
      description: 'The Loki compactor has not completed a compaction for more than 3 hours: retention is not applied, so the bucket grows without bound, and queries read more index files. Check the compactor pod (backend target in simple scalable mode) and its log, and its access to the bucket.',
      tests: [
        // The last success at t=0, never again.
        { interval: '4m', inputSeries: [lastRun('1x90')], evalTime: '5h', expectAlerts: [{ labels: { job } }] },
        // Never since start.
        { interval: '4m', inputSeries: [lastRun('0x90')], evalTime: '5h', expectAlerts: [{ labels: { job } }] },
        // Every 4 minutes (the timestamp follows time).
        { interval: '4m', inputSeries: [lastRun('240+240x90')], evalTime: '5h', expectAlerts: [] },
      ],
    },
    {
      alert: 'LokiRulerMissedEvaluations',
      expr: `sum by (job, rule_group) (increase(loki_prometheus_rule_group_iterations_missed_total{job="${job}"}[5m])) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'The Loki ruler skips evaluations of {{ $labels.rule_group }}',
      description: 'Evaluating the log rule group {{ $labels.rule_group }} takes longer than its interval, so evaluations are skipped and log alerts come late or not at all. Simplify its queries or raise its interval.',
      tests: [
        { inputSeries: [missed('0+1x40')], evalTime: '30m', expectAlerts: [{ labels: { job, rule_group: '/rules/fake/logs.yaml;logs' } }] },
        { inputSeries: [missed('3x40')], evalTime: '30m', expectAlerts: [] },
      ],
    },
  ];
}

/** Alerts on the logs themselves, evaluated by the Loki ruler. */
export function logAlerts(): LogAlertRule[] {
  return [
    {
      alert: 'NamespaceErrorLogBurst',
      expr: 'sum by (namespace) (count_over_time({namespace=~".+"} |~ "(?i)(error|exception|panic)" [5m])) > 500',
      for: '10m',
      severity: 'warning',
      summary: 'Namespace {{ $labels.namespace }} logs more than 100 errors a minute',
      description: 'Pods in {{ $labels.namespace }} have been logging errors, exceptions or panics at more than 100 lines a minute for 10 minutes. Open the Logs dashboard for the namespace.',
    },
    {
      // The kernel's OOM-killer messages never reach pod logs; a JVM's own OutOfMemoryError does
      // (Trino, Spark), and the JVM may keep running half-broken after it.
      alert: 'JavaOutOfMemoryInLogs',
      expr: 'sum by (namespace, pod) (count_over_time({namespace=~".+"} |= "java.lang.OutOfMemoryError" [10m])) > 0',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} logged java.lang.OutOfMemoryError',
      description: 'A JVM in {{ $labels.namespace }}/{{ $labels.pod }} ran out of heap (or metaspace, or threads) in the last 10 minutes. Raise its heap or memory limit, or find the leak; restart it if it keeps running.',
    },
  ];
}
