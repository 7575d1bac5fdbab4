import { AlertingRule } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const job = 'prometheus';
const inst = { job, instance: '10.0.0.5:9090' };
const sel = (metric: string, extra = '') => `${metric}{job="${job}",instance="10.0.0.5:9090"${extra}}`;

/** Prometheus self-monitoring: configuration, rules, notifications, storage. */
export function prometheusAlerts(): AlertingRule[] {
  return [
    {
      alert: 'PrometheusConfigReloadFailed',
      expr: `max_over_time(prometheus_config_last_reload_successful{job="${job}"}[5m]) == 0`,
      for: '10m',
      // Until it reloads, new rules and targets are silently missing.
      severity: 'critical',
      summary: 'Prometheus {{ $labels.instance }} failed to reload its configuration',
      description: 'The last configuration reload of {{ $labels.instance }} failed; it still runs the previous configuration. Check the config-reloader and Prometheus logs.',
      runbookUrl: runbook('prometheus', 'PrometheusBadConfig'),
      tests: [
        { inputSeries: [{ series: sel('prometheus_config_last_reload_successful'), values: '0x30' }], evalTime: '20m', expectAlerts: [{ labels: inst }] },
        { inputSeries: [{ series: sel('prometheus_config_last_reload_successful'), values: '1x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'PrometheusRuleEvaluationFailures',
      expr: `increase(prometheus_rule_evaluation_failures_total{job="${job}"}[5m]) > 0`,
      for: '15m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.instance }} fails to evaluate rules',
      description: 'Rules of group {{ $labels.rule_group }} fail to evaluate on {{ $labels.instance }}: alerts from them cannot fire. Check the rule expressions.',
      runbookUrl: runbook('prometheus', 'PrometheusRuleFailures'),
      tests: [
        { inputSeries: [{ series: sel('prometheus_rule_evaluation_failures_total', ',rule_group="g"'), values: '0+1x40' }], evalTime: '30m', expectAlerts: [{ labels: { ...inst, rule_group: 'g' } }] },
        { inputSeries: [{ series: sel('prometheus_rule_evaluation_failures_total', ',rule_group="g"'), values: '3x40' }], evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'PrometheusNotConnectedToAlertmanagers',
      expr: `max_over_time(prometheus_notifications_alertmanagers_discovered{job="${job}"}[5m]) < 1`,
      for: '10m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.instance }} has no Alertmanager',
      description: '{{ $labels.instance }} has discovered no Alertmanager for 10 minutes, so no alert is delivered. Check the Alertmanager pods and the Prometheus alerting config.',
      runbookUrl: runbook('prometheus', 'PrometheusNotConnectedToAlertmanagers'),
      tests: [
        { inputSeries: [{ series: sel('prometheus_notifications_alertmanagers_discovered'), values: '0x30' }], evalTime: '20m', expectAlerts: [{ labels: inst }] },
        { inputSeries: [{ series: sel('prometheus_notifications_alertmanagers_discovered'), values: '1x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'PrometheusNotificationErrors',
      expr: `rate(prometheus_notifications_errors_total{job="${job}"}[5m]) / rate(prometheus_notifications_sent_total{job="${job}"}[5m]) > 0.01`,
      for: '15m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} fails to send alerts to {{ $labels.alertmanager }}',
      description: 'More than 1% of the alerts {{ $labels.instance }} sends to {{ $labels.alertmanager }} fail. Check the network path and Alertmanager.',
      tests: [
        {
          inputSeries: [
            { series: sel('prometheus_notifications_errors_total', ',alertmanager="http://am:9093"'), values: '0+5x40' },
            { series: sel('prometheus_notifications_sent_total', ',alertmanager="http://am:9093"'), values: '0+10x40' },
          ],
          evalTime: '30m',
          expectAlerts: [{ labels: { ...inst, alertmanager: 'http://am:9093' } }],
        },
        {
          inputSeries: [
            { series: sel('prometheus_notifications_errors_total', ',alertmanager="http://am:9093"'), values: '0x40' },
            { series: sel('prometheus_notifications_sent_total', ',alertmanager="http://am:9093"'), values: '0+10x40' },
          ],
          evalTime: '30m',
          expectAlerts: [],
        },
      ],
    },
    {
      // The mixin's page: the warning above is one Alertmanager failing; this is every one failing.
      alert: 'PrometheusErrorSendingAlertsToAnyAlertmanager',
      expr: `min without (alertmanager) (rate(prometheus_notifications_errors_total{job="${job}",alertmanager!=""}[5m]) / rate(prometheus_notifications_sent_total{job="${job}",alertmanager!=""}[5m])) * 100 > 3`,
      for: '15m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.instance }} fails to send alerts to every Alertmanager',
      description: 'More than 3% of the alerts {{ $labels.instance }} sends fail for every Alertmanager it knows: alerts are not delivered, nobody will be notified. Check the Alertmanager pods, the network policy of port 9093 and the Prometheus log.',
      runbookUrl: runbook('prometheus', 'PrometheusErrorSendingAlertsToAnyAlertmanager'),
      tests: [
        {
          inputSeries: [
            { series: sel('prometheus_notifications_errors_total', ',alertmanager="http://am-0:9093"'), values: '0+5x40' },
            { series: sel('prometheus_notifications_sent_total', ',alertmanager="http://am-0:9093"'), values: '0+10x40' },
            { series: sel('prometheus_notifications_errors_total', ',alertmanager="http://am-1:9093"'), values: '0+10x40' },
            { series: sel('prometheus_notifications_sent_total', ',alertmanager="http://am-1:9093"'), values: '0+10x40' },
          ],
          evalTime: '30m',
          expectAlerts: [{ labels: inst }],
        },
        {
          // One Alertmanager failing, the other receiving: PrometheusNotificationErrors warns.
          inputSeries: [
            { series: sel('prometheus_notifications_errors_total', ',alertmanager="http://am-0:9093"'), values: '0+10x40' },
            { series: sel('prometheus_notifications_sent_total', ',alertmanager="http://am-0:9093"'), values: '0+10x40' },
            { series: sel('prometheus_notifications_errors_total', ',alertmanager="http://am-1:9093"'), values: '0x40' },
            { series: sel('prometheus_notifications_sent_total', ',alertmanager="http://am-1:9093"'), values: '0+10x40' },
          ],
          evalTime: '30m',
          expectAlerts: [],
        },
      ],
    },
    {
      alert: 'PrometheusNotificationQueueRunningFull',
      expr: `predict_linear(prometheus_notifications_queue_length{job="${job}"}[5m], 60 * 30) > min_over_time(prometheus_notifications_queue_capacity{job="${job}"}[5m])`,
      for: '15m',
      severity: 'warning',
      summary: 'The alert queue of Prometheus {{ $labels.instance }} will be full within 30 minutes',
      description: 'Alerts leave {{ $labels.instance }} more slowly than they come: at this rate its notification queue is full within 30 minutes, and then alerts are dropped. Check how fast Alertmanager answers and whether an alert storm is firing.',
      runbookUrl: runbook('prometheus', 'PrometheusNotificationQueueRunningFull'),
      tests: [
        { inputSeries: [{ series: sel('prometheus_notifications_queue_length'), values: '0+300x40' }, { series: sel('prometheus_notifications_queue_capacity'), values: '10000x40' }], evalTime: '30m', expectAlerts: [{ labels: inst }] },
        { inputSeries: [{ series: sel('prometheus_notifications_queue_length'), values: '5x40' }, { series: sel('prometheus_notifications_queue_capacity'), values: '10000x40' }], evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'PrometheusTSDBReloadsFailing',
      expr: `increase(prometheus_tsdb_reloads_failures_total{job="${job}"}[3h]) > 0`,
      for: '4h',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} fails to reload blocks from disk',
      description: 'Prometheus {{ $labels.instance }} has failed to reload its blocks from disk for 4 hours: new blocks are not queryable and old ones are not deleted, so the disk fills. Check its log for the block it cannot open, and the volume.',
      runbookUrl: runbook('prometheus', 'PrometheusTSDBReloadsFailing'),
      tests: [
        { interval: '10m', inputSeries: [{ series: sel('prometheus_tsdb_reloads_failures_total'), values: '0+1x60' }], evalTime: '8h', expectAlerts: [{ labels: inst }] },
        { interval: '10m', inputSeries: [{ series: sel('prometheus_tsdb_reloads_failures_total'), values: '2x60' }], evalTime: '8h', expectAlerts: [] },
      ],
    },
    {
      alert: 'PrometheusNotIngestingSamples',
      // Summed over `type`: the histogram series stays at 0 wherever no native histograms are
      // scraped. Only where it has targets or rules, so an idle Prometheus stays quiet.
      expr: `sum without (type) (rate(prometheus_tsdb_head_samples_appended_total{job="${job}"}[5m])) <= 0 and (sum without (scrape_job) (prometheus_target_metadata_cache_entries{job="${job}"}) > 0 or sum without (rule_group) (prometheus_rule_group_rules{job="${job}"}) > 0)`,
      for: '10m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} is not ingesting samples',
      description: '{{ $labels.instance }} has targets or rules but has appended no sample for 10 minutes: its scrapes fail or its storage is stuck.',
      runbookUrl: runbook('prometheus', 'PrometheusNotIngestingSamples'),
      tests: [
        {
          inputSeries: [
            { series: sel('prometheus_tsdb_head_samples_appended_total', ',type="float"'), values: '100x30' },
            { series: sel('prometheus_tsdb_head_samples_appended_total', ',type="histogram"'), values: '0x30' },
            { series: sel('prometheus_target_metadata_cache_entries', ',scrape_job="node-exporter"'), values: '50x30' },
          ],
          evalTime: '20m',
          expectAlerts: [{ labels: inst }],
        },
        {
          // Floats flowing, no native histograms: the idle histogram series alone must not fire it.
          inputSeries: [
            { series: sel('prometheus_tsdb_head_samples_appended_total', ',type="float"'), values: '0+100x30' },
            { series: sel('prometheus_tsdb_head_samples_appended_total', ',type="histogram"'), values: '0x30' },
            { series: sel('prometheus_target_metadata_cache_entries', ',scrape_job="node-exporter"'), values: '50x30' },
          ],
          evalTime: '20m',
          expectAlerts: [],
        },
      ],
    },
    {
      alert: 'PrometheusTSDBCompactionsFailing',
      expr: `increase(prometheus_tsdb_compactions_failed_total{job="${job}"}[3h]) > 0`,
      for: '4h',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} fails to compact blocks',
      description: 'Block compaction on {{ $labels.instance }} has failed repeatedly for 4 hours; the disk will fill. Check the volume and the logs.',
      runbookUrl: runbook('prometheus', 'PrometheusTSDBCompactionsFailing'),
      tests: [
        { interval: '10m', inputSeries: [{ series: sel('prometheus_tsdb_compactions_failed_total'), values: '0+1x60' }], evalTime: '8h', expectAlerts: [{ labels: inst }] },
        { interval: '10m', inputSeries: [{ series: sel('prometheus_tsdb_compactions_failed_total'), values: '2x60' }], evalTime: '8h', expectAlerts: [] },
      ],
    },
    {
      alert: 'PrometheusTargetSyncFailure',
      expr: `increase(prometheus_target_sync_failed_total{job="${job}"}[30m]) > 0`,
      for: '5m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} cannot sync targets of {{ $labels.scrape_job }}',
      description: 'Target discovery for {{ $labels.scrape_job }} failed on {{ $labels.instance }}; its targets are not scraped. Check the monitor and RBAC.',
      runbookUrl: runbook('prometheus', 'PrometheusTargetSyncFailure'),
      tests: [
        { inputSeries: [{ series: sel('prometheus_target_sync_failed_total', ',scrape_job="x"'), values: '0+1x40' }], evalTime: '30m', expectAlerts: [{ labels: { ...inst, scrape_job: 'x' } }] },
        { inputSeries: [{ series: sel('prometheus_target_sync_failed_total', ',scrape_job="x"'), values: '0x40' }], evalTime: '30m', expectAlerts: [] },
      ],
    },
      {
      alert: 'PrometheusMissingRuleEvaluations',
      expr: `increase(prometheus_rule_group_iterations_missed_total{job="${job}"}[5m]) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} skips evaluations of {{ $labels.rule_group }}',
      description: 'Evaluating rule group {{ $labels.rule_group }} on {{ $labels.instance }} takes longer than its interval, so evaluations are skipped and alerts come late. Speed up its queries or raise its interval.',
      runbookUrl: runbook('prometheus', 'PrometheusMissingRuleEvaluations'),
      tests: [
        { inputSeries: [{ series: sel('prometheus_rule_group_iterations_missed_total', ',rule_group="g"'), values: '0+1x40' }], evalTime: '30m', expectAlerts: [{ labels: { ...inst, rule_group: 'g' } }] },
        { inputSeries: [{ series: sel('prometheus_rule_group_iterations_missed_total', ',rule_group="g"'), values: '4x40' }], evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'PrometheusKubernetesListWatchFailures',
      expr: `increase(prometheus_sd_kubernetes_failures_total{job="${job}"}[5m]) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} fails to list or watch Kubernetes objects',
      description: 'Kubernetes service discovery on {{ $labels.instance }} keeps failing, so targets are missing or stale. Check its RBAC and the API server.',
      tests: [
        { inputSeries: [{ series: sel('prometheus_sd_kubernetes_failures_total'), values: '0+1x40' }], evalTime: '30m', expectAlerts: [{ labels: inst }] },
        { inputSeries: [{ series: sel('prometheus_sd_kubernetes_failures_total'), values: '0x40' }], evalTime: '30m', expectAlerts: [] },
      ],
    },
  ];
}
