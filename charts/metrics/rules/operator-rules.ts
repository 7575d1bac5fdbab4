import { AlertingRule } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const labels = { controller: 'prometheus', namespace: 'monitoring' };

/** prometheus-operator self-monitoring. */
export function operatorAlerts(): AlertingRule[] {
  return [
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
