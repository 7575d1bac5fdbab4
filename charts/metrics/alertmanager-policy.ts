import { ClusterContext } from '../../config';
import { InhibitRule, NotificationPolicy, NotificationReceiver, NotificationRoute } from '../../lib/alerting/routing';
import { endpoints } from '../endpoints';

/**
 * The alert that speaks for a node that is down (powered off, unreachable): its node-exporter
 * cannot be scraped. While it fires, the other consequences of that node being gone are muted,
 * so a dead node pages once.
 */
export const NODE_DOWN_ALERT = 'NodeExporterTargetDown';
/** What else a dead node raises, matched on its `node` label: its kubelet, log agent, readiness. */
export function nodeConsequenceAlerts(ctx: ClusterContext): string[] {
  const agent = ctx.logAgent;
  return [
    ...(ctx.has('kubernetes-monitors') ? ['KubeletTargetDown'] : []),
    ...(ctx.has('log-agent') ? [`${agent[0].toUpperCase()}${agent.slice(1)}TargetDown`] : []),
    ...(ctx.has('kube-state-metrics') ? ['KubeNodeNotReady', 'KubeNodeReadinessFlapping', 'KubeNodePressure'] : []),
  ];
}
/**
 * The labels that say which object an alert is about: a critical alert mutes the warning of the
 * same name only when all of them are equal (a label both lack counts as equal), so node A's
 * critical never mutes node B's warning, nor pod A's pod B's.
 */
export const OBJECT_LABELS = [
  'cluster', 'namespace', 'job', 'instance', 'node', 'pod', 'container', 'device', 'mountpoint', 'persistentvolumeclaim',
  'deployment', 'statefulset', 'daemonset', 'job_name', 'service', 'integration', 'controller', 'replicas',
];
/**
 * The critical alerts that speak for a whole replicated job (the majority of its replicas down):
 * they carry no `instance`, and mute the warnings of the job's single lost replicas.
 */
export function replicatedDownAlerts(ctx: ClusterContext): string {
  return ['.+TargetDown', ...(ctx.alertmanagerReplicas > 1 ? ['AlertmanagerClusterDown'] : [])].join('|');
}

/** Alerts about workloads on a node (labelled with it), muted while the node is down or NotReady. */
export const NODE_WORKLOAD_ALERTS = 'KubePod.*|KubeContainerWaiting';

/**
 * Where alerts go: the Watchdog to its heartbeat receiver only; every other alert to Robusta
 * (which enriches and forwards it) and then, by severity, critical to every configured
 * channel and the rest to Slack. `none` severity alerts stop after Robusta.
 */
export function notificationPolicy(ctx: ClusterContext): NotificationPolicy {
  const n = ctx.config.notifications;
  const robusta = ctx.has('robusta');
  const slack = n.slack ? [{ channel: n.slack.channel, apiUrl: n.slack.webhookUrl }] : undefined;
  const receivers: NotificationReceiver[] = [
    { name: 'null' },
    // The heartbeat: a dead man's switch outside the cluster notices when the Watchdog stops.
    { name: 'watchdog', ...(n.heartbeat ? { webhook: [{ urlSecret: n.heartbeat.url, sendResolved: false }] } : {}) },
    { name: 'default', ...(slack ? { slack } : {}) },
    {
      name: 'critical',
      ...(slack ? { slack } : {}),
      ...(n.email ? { email: [{ to: n.email.to, from: n.email.from, smarthost: n.email.smarthost, authUsername: n.email.username, authPassword: n.email.password }] } : {}),
      ...(n.teams ? { teams: [{ webhookUrl: n.teams.webhookUrl }] } : {}),
    },
    ...(robusta ? [{ name: 'robusta', webhook: [{ url: endpoints(ctx).robustaRunner.webhookUrl }] }] : []),
  ];
  const routes: NotificationRoute[] = [
    // Every minute: with group_interval equal to repeat_interval, every other repeat is missed.
    { receiver: 'watchdog', matchers: [{ name: 'alertname', value: 'Watchdog' }], groupWait: '0s', groupInterval: '30s', repeatInterval: '1m' },
    // Robusta wants every alert at once, and sees resolutions.
    ...(robusta ? [{ receiver: 'robusta', groupBy: ['...'], groupWait: '1s', groupInterval: '1s', repeatInterval: '4h', continue: true }] : []),
    { receiver: 'null', matchers: [{ name: 'severity', value: 'none' }] },
    { receiver: 'critical', matchers: [{ name: 'severity', value: 'critical' }], repeatInterval: '1h' },
    // Explicit catch-all: once the Robusta route has matched, the root receiver no longer applies.
    { receiver: 'default' },
  ];
  const inhibitRules: InhibitRule[] = [
    { source: [{ name: 'severity', value: 'critical' }], target: [{ name: 'severity', value: 'warning|info', op: '=~' }], equal: ['alertname', ...OBJECT_LABELS] },
    {
      source: [{ name: 'alertname', value: replicatedDownAlerts(ctx), op: '=~' }, { name: 'severity', value: 'critical' }, { name: 'instance', value: '' }],
      target: [{ name: 'alertname', value: '.+TargetDown', op: '=~' }, { name: 'severity', value: 'warning' }],
      equal: ['job'],
    },
    // A delivery path failing everywhere speaks for its parts failing: one page, not a page and a warning.
    { source: [{ name: 'alertname', value: 'PrometheusErrorSendingAlertsToAnyAlertmanager' }], target: [{ name: 'alertname', value: 'PrometheusNotificationErrors' }], equal: ['job', 'instance'] },
    ...(ctx.alertmanagerReplicas > 1 ? [{
      source: [{ name: 'alertname', value: 'AlertmanagerClusterFailedToSendAlerts' }], target: [{ name: 'alertname', value: 'AlertmanagerFailedToSendAlerts' }], equal: ['job', 'integration'],
    }] : []),
    { source: [{ name: 'alertname', value: NODE_DOWN_ALERT }], target: [{ name: 'alertname', value: [...nodeConsequenceAlerts(ctx), NODE_WORKLOAD_ALERTS].join('|'), op: '=~' }], equal: ['node'] },
    { source: [{ name: 'alertname', value: 'KubeNodeNotReady' }], target: [{ name: 'alertname', value: NODE_WORKLOAD_ALERTS, op: '=~' }], equal: ['node'] },
  ];
  return {
    route: { receiver: 'default', groupBy: ['alertname', 'namespace'], groupWait: '30s', groupInterval: '5m', repeatInterval: '4h', routes },
    receivers,
    inhibitRules,
  };
}
