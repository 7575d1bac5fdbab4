import { AlertingRule } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const labels = { controller: 'prometheus', namespace: 'monitoring' };

/** prometheus-operator self-monitoring. */
export function operatorAlerts(): AlertingRule[] {
  return [
    ...operatorHealthAlerts(),
    {
      alert: 'PrometheusOperatorReconcileErrors',
      expr: 'sum by (controller, namespace) (rate(prometheus_operator_reconcile_errors_total{job="prometheus-operator"}[5m]))'
        + ' / sum by (controller, namespace) (rate(prometheus_operator_reconcile_operations_total{job="prometheus-operator"}[5m])) > 0.1',
      for: '10m',
      severity: 'warning',
      summary: 'prometheus-operator fails to reconcile {{ $labels.controller }} objects',
      description: 'More than 10% of reconcile operations of the {{ $labels.controller }} controller in {{ $labels.namespace }} have failed for 10 minutes. Check the operator logs.',
      runbookUrl: runbook('prometheus-operator', 'PrometheusOperatorReconcileErrors'),
      tests: [
        {
          inputSeries: [
            { series: 'prometheus_operator_reconcile_errors_total{job="prometheus-operator",controller="prometheus",namespace="monitoring"}', values: '0+6x30' },
            { series: 'prometheus_operator_reconcile_operations_total{job="prometheus-operator",controller="prometheus",namespace="monitoring"}', values: '0+10x30' },
          ],
          evalTime: '25m',
          expectAlerts: [{ labels }],
        },
        {
          inputSeries: [
            { series: 'prometheus_operator_reconcile_errors_total{job="prometheus-operator",controller="prometheus",namespace="monitoring"}', values: '0x30' },
            { series: 'prometheus_operator_reconcile_operations_total{job="prometheus-operator",controller="prometheus",namespace="monitoring"}', values: '0+10x30' },
          ],
          evalTime: '25m',
          expectAlerts: [],
        },
      ],
    },
    {
      alert: 'PrometheusOperatorSyncFailed',
      expr: 'min_over_time(prometheus_operator_syncs{job="prometheus-operator",status="failed"}[5m]) > 0',
      for: '10m',
      severity: 'warning',
      summary: 'prometheus-operator cannot sync {{ $labels.controller }} objects',
      description: '{{ $labels.controller }} objects in {{ $labels.namespace }} have been failing to sync for 10 minutes; they are probably invalid. Check the objects and the operator logs.',
      runbookUrl: runbook('prometheus-operator', 'PrometheusOperatorSyncFailed'),
      tests: [
        {
          inputSeries: [{ series: 'prometheus_operator_syncs{job="prometheus-operator",controller="prometheus",namespace="monitoring",status="failed"}', values: '1x30' }],
          evalTime: '20m',
          expectAlerts: [{ labels: { ...labels, job: 'prometheus-operator', status: 'failed' } }],
        },
        {
          inputSeries: [{ series: 'prometheus_operator_syncs{job="prometheus-operator",controller="prometheus",namespace="monitoring",status="failed"}', values: '0x30' }],
          evalTime: '20m',
          expectAlerts: [],
        },
      ],
    },
      {
      alert: 'PrometheusOperatorRejectedResources',
      expr: 'min_over_time(prometheus_operator_managed_resources{job="prometheus-operator",state="rejected"}[5m]) > 0',
      for: '5m',
      severity: 'warning',
      summary: 'prometheus-operator rejects {{ $labels.resource }} objects',
      description: 'The {{ $labels.controller }} controller rejects some {{ $labels.resource }} objects as invalid, so their rules, monitors or routes are not applied. Its events and log name them.',
      runbookUrl: runbook('prometheus-operator', 'PrometheusOperatorRejectedResources'),
      tests: [
        {
          inputSeries: [{ series: 'prometheus_operator_managed_resources{job="prometheus-operator",controller="prometheus",resource="servicemonitors",state="rejected"}', values: '1x30' }],
          evalTime: '20m',
          expectAlerts: [{ labels: { job: 'prometheus-operator', controller: 'prometheus', resource: 'servicemonitors', state: 'rejected' } }],
        },
        {
          inputSeries: [{ series: 'prometheus_operator_managed_resources{job="prometheus-operator",controller="prometheus",resource="servicemonitors",state="rejected"}', values: '0x30' }],
          evalTime: '20m',
          expectAlerts: [],
        },
      ],
    },
  ];
}

/**
 * The operator's own health, as the mixin reads it. Its RBAC is trimmed to what it needs, so a
 * missing permission shows here first: lists, watches and status updates refused.
 */
function operatorHealthAlerts(): AlertingRule[] {
  const series = (metric: string, values: string, extra = '') => ({ series: `${metric}{job="prometheus-operator",controller="prometheus",namespace="monitoring"${extra}}`, values });
  const ratio = (alert: string, failed: string, total: string, threshold: number, window: string, forDuration: string, what: string): AlertingRule => ({
    alert,
    expr: `(sum by (controller, namespace) (rate(${failed}{job="prometheus-operator"}[${window}])) / sum by (controller, namespace) (rate(${total}{job="prometheus-operator"}[${window}]))) > ${threshold}`,
    for: forDuration,
    severity: 'warning',
    summary: `prometheus-operator's {{ $labels.controller }} controller fails ${what}`,
    description: `More than ${threshold * 100}% of the ${what} of the {{ $labels.controller }} controller have failed for ${forDuration}: changes to its objects are not applied. A refused request usually means a permission missing from its ClusterRole; the operator log names it.`,
    // The runbooks repository has no page for status updates: the stack's own runbook then.
    ...(alert === 'PrometheusOperatorStatusUpdateErrors' ? {} : { runbookUrl: runbook('prometheus-operator', alert) }),
    tests: [
      { inputSeries: [series(failed, '0+6x30'), series(total, '0+10x30')], evalTime: '28m', expectAlerts: [{ labels }] },
      { inputSeries: [series(failed, '0x30'), series(total, '0+10x30')], evalTime: '28m', expectAlerts: [] },
    ],
  });
  return [
    {
      alert: 'PrometheusOperatorNotReady',
      expr: 'min by (controller, namespace) (max_over_time(prometheus_operator_ready{job="prometheus-operator"}[5m]) == 0)',
      for: '5m',
      severity: 'warning',
      summary: 'prometheus-operator is not ready to reconcile {{ $labels.controller }} objects',
      description: 'The {{ $labels.controller }} controller of prometheus-operator has not been ready for 5 minutes: changes to Prometheus, Alertmanager, monitors and rules are not applied. Read the operator log (missing CRDs or permissions).',
      runbookUrl: runbook('prometheus-operator', 'PrometheusOperatorNotReady'),
      tests: [
        { inputSeries: [series('prometheus_operator_ready', '0x20')], evalTime: '15m', expectAlerts: [{ labels }] },
        { inputSeries: [series('prometheus_operator_ready', '1x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
    ratio('PrometheusOperatorListErrors', 'prometheus_operator_list_operations_failed_total', 'prometheus_operator_list_operations_total', 0.4, '10m', '15m', 'list operations'),
    ratio('PrometheusOperatorWatchErrors', 'prometheus_operator_watch_operations_failed_total', 'prometheus_operator_watch_operations_total', 0.4, '5m', '15m', 'watch operations'),
    ratio('PrometheusOperatorStatusUpdateErrors', 'prometheus_operator_status_update_errors_total', 'prometheus_operator_status_update_operations_total', 0.1, '5m', '10m', 'status updates'),
  ];
}
