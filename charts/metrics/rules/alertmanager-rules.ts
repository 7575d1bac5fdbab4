import { AlertingRule } from '../../../lib/alerting/types';
import { majorityOf } from '../../../lib/monitoring/standard-alerts';
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
      // The mixin's AlertmanagerFailedReload under this stack's name.
      runbookUrl: runbook('alertmanager', 'AlertmanagerFailedReload'),
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
  if (replicas > 1) rules.push(...clusterAlerts(replicas));
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

/**
 * The cluster as one delivery path, under the alertmixin's names: notifications fail only when
 * every member fails, so one member down or failing is a warning elsewhere and these page. The
 * mixin's "half or more" reads the replica count: the majority of this cluster (all of two).
 */
function clusterAlerts(replicas: number): AlertingRule[] {
  const majority = majorityOf(replicas);
  const member = (i: number) => `10.0.0.${i + 1}:9093`;
  const members = (metric: string, values: (i: number) => string, extra = '') =>
    Array.from({ length: replicas }, (_, i) => ({ series: `${metric}{job="${job}",instance="${member(i)}"${extra}}`, values: values(i) }));
  return [
    {
      alert: 'AlertmanagerClusterDown',
      expr: `${replicas} - (count(avg_over_time(up{job="${job}"}[5m]) >= 0.5) or vector(0)) >= ${majority}`,
      for: '5m',
      severity: 'critical',
      labels: { job },
      summary: `${majority} or more of the ${replicas} Alertmanagers are down`,
      description: `At least ${majority} of the ${replicas} Alertmanager replicas have been up less than half of the last 5 minutes or are gone: notifications and silences are at risk. Check the alertmanager pods, their nodes and the StatefulSet's events.`,
      runbookUrl: runbook('alertmanager', 'AlertmanagerClusterDown'),
      tests: [
        { inputSeries: members('up', (i) => (i < majority ? '0x20' : '1x20')), evalTime: '15m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: members('up', (i) => (i < majority - 1 ? '0x20' : '1x20')), evalTime: '15m', expectAlerts: [] },
        // Members gone from discovery are down too.
        { inputSeries: members('up', () => '1x20').slice(0, replicas - majority), evalTime: '15m', expectAlerts: [{ labels: { job } }] },
      ].filter((t) => t.inputSeries.length > 0),
    },
    {
      alert: 'AlertmanagerClusterFailedToSendAlerts',
      // The mixin filters `> 0` inside the min, which keeps only the failing members: one failing
      // member would page. Here every member counts, as its summary says.
      expr: `min by (job, integration) (rate(alertmanager_notifications_failed_total{job="${job}"}[15m]) / ignoring (reason) group_left rate(alertmanager_notifications_total{job="${job}"}[15m])) > 0.01`,
      for: '5m',
      severity: 'critical',
      summary: 'Every Alertmanager fails to send to {{ $labels.integration }}',
      description: 'Every member of the Alertmanager cluster fails more than 1% of its notifications to {{ $labels.integration }}: alerts through it are not arriving. Check the receiver\'s credentials Secret, the endpoint and the egress path.',
      runbookUrl: runbook('alertmanager', 'AlertmanagerClusterFailedToSendAlerts'),
      tests: [
        {
          inputSeries: [
            ...members('alertmanager_notifications_failed_total', () => '0+5x30', ',integration="slack",reason="other"'),
            ...members('alertmanager_notifications_total', () => '0+10x30', ',integration="slack"'),
          ],
          evalTime: '25m',
          expectAlerts: [{ labels: { job, integration: 'slack' } }],
        },
        {
          // One member failing: the others deliver (AlertmanagerFailedToSendAlerts warns).
          inputSeries: [
            ...members('alertmanager_notifications_failed_total', (i) => (i === 0 ? '0+5x30' : '0x30'), ',integration="slack",reason="other"'),
            ...members('alertmanager_notifications_total', () => '0+10x30', ',integration="slack"'),
          ],
          evalTime: '25m',
          expectAlerts: [],
        },
      ],
    },
    {
      alert: 'AlertmanagerConfigInconsistent',
      expr: `count by (job) (count_values by (job) ("config_hash", alertmanager_config_hash{job="${job}"})) != 1`,
      for: '20m',
      severity: 'critical',
      summary: 'The Alertmanagers run different configurations',
      description: 'The members of the Alertmanager cluster have loaded different configurations for 20 minutes: routing depends on which member answers. Check the config-reloader of each pod and the generated configuration Secret.',
      runbookUrl: runbook('alertmanager', 'AlertmanagerConfigInconsistent'),
      tests: [
        { inputSeries: members('alertmanager_config_hash', (i) => (i === 0 ? '111x40' : '222x40')), evalTime: '30m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: members('alertmanager_config_hash', () => '222x40'), evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'AlertmanagerClusterFailedPeers',
      expr: `max_over_time(alertmanager_cluster_failed_peers{job="${job}"}[5m]) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Alertmanager {{ $labels.instance }} has failed peers',
      description: '{{ $labels.instance }} cannot reach some members of its cluster on the mesh port: silences and notification state are not shared, so alerts may be sent twice. Check the pods and the network policy of port 9094.',
      tests: [
        { inputSeries: members('alertmanager_cluster_failed_peers', (i) => (i === 0 ? '1x30' : '0x30')), evalTime: '25m', expectAlerts: [{ labels: { job, instance: member(0) } }] },
        { inputSeries: members('alertmanager_cluster_failed_peers', () => '0x30'), evalTime: '25m', expectAlerts: [] },
      ],
    },
    {
      alert: 'AlertmanagerClusterCrashlooping',
      expr: `count by (job) (changes(process_start_time_seconds{job="${job}"}[10m]) > 4) >= ${majority}`,
      for: '5m',
      severity: 'critical',
      summary: `${majority} or more of the ${replicas} Alertmanagers are crash-looping`,
      description: `At least ${majority} of the ${replicas} Alertmanager replicas restarted five times or more in 10 minutes: the cluster cannot hold notifications or silences. Read the previous container logs of the pods (kubectl logs --previous).`,
      runbookUrl: runbook('alertmanager', 'AlertmanagerClusterCrashlooping'),
      tests: [
        { inputSeries: members('process_start_time_seconds', (i) => (i < majority ? '0+60x30' : '100x30')), evalTime: '20m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: members('process_start_time_seconds', (i) => (i < majority - 1 ? '0+60x30' : '100x30')), evalTime: '20m', expectAlerts: [] },
      ],
    },
  ];
}
