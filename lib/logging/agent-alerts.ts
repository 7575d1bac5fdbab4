import { AlertingRule } from '../alerting/types';

/** Alerts on the log agent itself: dropping lines, failing to push. Metric names differ per agent. */
export function logAgentAlerts(agent: 'promtail' | 'alloy', job: string): AlertingRule[] {
  const dropped = agent === 'promtail' ? 'promtail_dropped_entries_total' : 'loki_write_dropped_entries_total';
  const requests = agent === 'promtail' ? 'promtail_request_duration_seconds_count' : 'loki_write_request_duration_seconds_count';
  const inst = '10.0.0.3:3101';
  const s = (metric: string, extra = '') => `${metric}{job="${job}",instance="${inst}"${extra}}`;
  return [
    {
      alert: 'LogAgentDroppingLogs',
      expr: `sum by (instance) (rate(${dropped}{job="${job}"}[5m])) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'The log agent on {{ $labels.instance }} is dropping log lines',
      description: 'The log agent on {{ $labels.instance }} has been dropping lines for 10 minutes (Loki rejects them or retries ran out). Those logs are lost.',
      tests: [
        { inputSeries: [{ series: s(dropped, ',reason="ingester_error"'), values: '0+10x30' }], evalTime: '20m', expectAlerts: [{ labels: { instance: inst } }] },
        { inputSeries: [{ series: s(dropped, ',reason="ingester_error"'), values: '0x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'LogAgentPushFailing',
      expr: `sum by (instance) (rate(${requests}{job="${job}",status_code!~"2.."}[5m])) / sum by (instance) (rate(${requests}{job="${job}"}[5m])) > 0.1`,
      for: '15m',
      severity: 'warning',
      summary: 'The log agent on {{ $labels.instance }} fails to push to Loki',
      description: 'More than 10% of pushes from {{ $labels.instance }} to the Loki gateway fail. Check the gateway and Loki.',
      tests: [
        {
          inputSeries: [{ series: s(requests, ',status_code="500"'), values: '0+10x30' }, { series: s(requests, ',status_code="204"'), values: '0+10x30' }],
          evalTime: '25m', expectAlerts: [{ labels: { instance: inst } }],
        },
        {
          inputSeries: [{ series: s(requests, ',status_code="500"'), values: '0x30' }, { series: s(requests, ',status_code="204"'), values: '0+10x30' }],
          evalTime: '25m', expectAlerts: [],
        },
      ],
    },
  ];
}
