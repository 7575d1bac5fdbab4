import { AlertingRule } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const job = 'alertmanager';
const inst = { job, instance: '10.0.0.6:9093' };
const sel = (metric: string, extra = '') => `${metric}{job="${job}",instance="10.0.0.6:9093"${extra}}`;

/** Alertmanager self-monitoring. */
export function alertmanagerAlerts(replicas: number): AlertingRule[] {
  const rules: AlertingRule[] = [
    {
      alert: 'AlertmanagerConfigReloadFailed',
      expr: `max_over_time(alertmanager_config_last_reload_successful{job="${job}"}[5m]) == 0`,
      for: '10m',
      severity: 'critical',
      summary: 'Alertmanager {{ $labels.instance }} failed to reload its configuration',
      description: 'The last configuration reload of {{ $labels.instance }} failed; it routes with the previous configuration. Check the AlertmanagerConfig and the operator logs.',
      tests: [
        { inputSeries: [{ series: sel('alertmanager_config_last_reload_successful'), values: '0x30' }], evalTime: '20m', expectAlerts: [{ labels: inst }] },
        { inputSeries: [{ series: sel('alertmanager_config_last_reload_successful'), values: '1x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'AlertmanagerFailedToSendAlerts',
      expr: `rate(alertmanager_notifications_failed_total{job="${job}"}[5m]) / ignoring (reason) group_left rate(alertmanager_notifications_total{job="${job}"}[5m]) > 0.01`,
      for: '5m',
      severity: 'warning',
      summary: 'Alertmanager {{ $labels.instance }} fails to send to {{ $labels.integration }}',
      description: 'More than 1% of notifications from {{ $labels.instance }} to {{ $labels.integration }} fail. Check the receiver credentials and the network path.',
      runbookUrl: runbook('alertmanager', 'AlertmanagerFailedToSendAlerts'),
      tests: [
        {
          inputSeries: [
            { series: sel('alertmanager_notifications_failed_total', ',integration="slack",reason="other"'), values: '0+5x30' },
            { series: sel('alertmanager_notifications_total', ',integration="slack"'), values: '0+10x30' },
          ],
          evalTime: '20m',
          expectAlerts: [{ labels: { ...inst, integration: 'slack', reason: 'other' } }],
        },
        {
          inputSeries: [
            { series: sel('alertmanager_notifications_failed_total', ',integration="slack",reason="other"'), values: '0x30' },
            { series: sel('alertmanager_notifications_total', ',integration="slack"'), values: '0+10x30' },
          ],
          evalTime: '20m',
          expectAlerts: [],
        },
      ],
    },
  ];
  if (replicas > 1) {
    rules.push({
      alert: 'AlertmanagerMembersInconsistent',
      expr: `max_over_time(alertmanager_cluster_members{job="${job}"}[5m]) < on () group_left count(max_over_time(alertmanager_cluster_members{job="${job}"}[5m]))`,
      for: '15m',
      severity: 'critical',
      summary: 'Alertmanager {{ $labels.instance }} does not see every cluster member',
      description: '{{ $labels.instance }} sees fewer peers than there are replicas: alerts may be sent twice or silences lost. Check the cluster port between the pods.',
      runbookUrl: runbook('alertmanager', 'AlertmanagerMembersInconsistent'),
      tests: [
        {
          inputSeries: [
            { series: 'alertmanager_cluster_members{job="alertmanager",instance="a:9093"}', values: '1x30' },
            { series: 'alertmanager_cluster_members{job="alertmanager",instance="b:9093"}', values: '2x30' },
          ],
          evalTime: '25m',
          expectAlerts: [{ labels: { job, instance: 'a:9093' } }],
        },
        {
          inputSeries: [
            { series: 'alertmanager_cluster_members{job="alertmanager",instance="a:9093"}', values: '2x30' },
            { series: 'alertmanager_cluster_members{job="alertmanager",instance="b:9093"}', values: '2x30' },
          ],
          evalTime: '25m',
          expectAlerts: [],
        },
      ],
    });
  }
  return rules;
}
