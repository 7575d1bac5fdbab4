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
