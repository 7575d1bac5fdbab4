import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { homelab } from '../config/homelab';
import { resolveCluster } from '../config';
import { endpoints } from '../charts/endpoints';
import { Component } from '../lib/core/component';
import { Robusta, RobustaProps } from '../lib/robusta/robusta';
import { referenceCluster } from './support/reference';

const base: RobustaProps = {
  clusterName: 'homelab',
  prometheusUrl: 'http://prometheus.monitoring.svc:9090',
  alertmanagerUrl: 'http://alertmanager.monitoring.svc:9093',
  sinks: [
    { name: 'slack_alerts', kind: 'slack', channel: 'alerts', credential: { name: 'robusta-sinks', key: 'slack' }, namespaces: ['shop'] },
    { name: 'teams_critical', kind: 'teams', severities: ['HIGH'], credential: { name: 'robusta-sinks', key: 'teams' } },
  ],
};

function render(props: Partial<RobustaProps> = {}) {
  const chart = new Component(new App(), 'robusta', { namespace: 'robusta', phase: 'workloads' });
  const r = new Robusta(chart, 'robusta', { ...base, ...props });
  const objects = Testing.synth(chart);
  const clusterRole = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'robusta-runner');
  return { r, objects, clusterRole };
}
const writeVerbs = (rules: { verbs: string[]; resources: string[] }[]) =>
  rules.flatMap((rule) => rule.verbs.filter((v) => !['get', 'list', 'watch'].includes(v)).map((v) => `${v} ${rule.resources.join(',')}`));

describe('Robusta', () => {
  const { r, objects, clusterRole } = render();
  const config = parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'robusta-runner').data['active_playbooks.yaml']);

  test('points graph enrichment at Prometheus and Alertmanager', () => {
    expect(config.global_config).toMatchObject({ cluster_name: 'homelab', prometheus_url: base.prometheusUrl, alertmanager_url: base.alertmanagerUrl });
  });
  test('sinks take credentials from the environment, filled from Secrets, and route by severity and namespace', () => {
    expect(config.sinks_config).toEqual([
      { slack_sink: { name: 'slack_alerts', slack_channel: 'alerts', api_key: '{{ env.SINK_SLACK_ALERTS_CREDENTIAL }}', scope: { include: [{ namespace: 'shop' }] } } },
      { ms_teams_sink: { name: 'teams_critical', webhook_url: '{{ env.SINK_TEAMS_CRITICAL_CREDENTIAL }}', scope: { include: [{ severity: 'HIGH' }] } } },
    ]);
    const runner = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'robusta-runner').spec.template.spec.containers[0];
    expect(runner.env).toContainEqual({ name: 'SINK_SLACK_ALERTS_CREDENTIAL', valueFrom: { secretKeyRef: { name: 'robusta-sinks', key: 'slack' } } });
  });
  test('enriches Prometheus alerts with logs, events, graphs and node status', () => {
    const actions = config.active_playbooks.flatMap((p: { actions: Record<string, unknown>[] }) => p.actions.map((a) => Object.keys(a)[0]));
    for (const a of ['logs_enricher', 'pod_events_enricher', 'alert_graph_enricher', 'node_status_enricher']) expect(actions).toContain(a);
    for (const p of config.active_playbooks) expect(Object.keys(p.triggers[0])).toEqual(['on_prometheus_alert']);
  });
  test('without remediations the runner has no write access at all', () => {
    expect(writeVerbs(clusterRole.rules)).toEqual([]);
    expect(r.runnerAccess.every((rule) => rule.verbs.every((v) => ['get', 'list', 'watch'].includes(v)))).toBe(true);
    expect(objects).toMatchSnapshot();
  });
  test.each([
    ['restart-pod', undefined, 'delete_pod', ['delete pods']],
    ['rollout-restart', undefined, 'rollout_restart', ['patch deployments,statefulsets,daemonsets']],
    ['diagnose', 'ps aux', 'pod_bash_enricher', ['create pods/exec']],
  ] as const)('remediation %s adds its playbook and exactly its verbs', (action, command, robustaAction, verbs) => {
    const { objects: o, clusterRole: role } = render({ remediations: [{ alert: 'KubePodCrashLooping', action, command }] });
    const cfg = parse(o.find((x) => x.kind === 'ConfigMap' && x.metadata.name === 'robusta-runner').data['active_playbooks.yaml']);
    const playbook = cfg.active_playbooks.find((p: { name: string }) => p.name === 'RemediateKubePodCrashLooping');
    expect(playbook.triggers).toEqual([{ on_prometheus_alert: { alert_name: 'KubePodCrashLooping', status: 'firing' } }]);
    expect(Object.keys(playbook.actions[0])).toEqual([robustaAction]);
    expect(writeVerbs(role.rules)).toEqual(verbs);
  });
  test.each<[string, Partial<RobustaProps>, RegExp]>([
    ['an unknown action', { remediations: [{ alert: 'X', action: 'scale-to-zero' as never }] }, /remediations\[0\]\.action = "scale-to-zero" is not valid; expected one of "restart-pod", "rollout-restart", "diagnose"/],
    ['diagnose without a command', { remediations: [{ alert: 'X', action: 'diagnose' }] }, /remediations\[0\]\.command = \(missing\) is not valid/],
    ['a slack sink without a channel', { sinks: [{ name: 's', kind: 'slack', credential: { name: 'x', key: 'y' } }] }, /sinks\[0\]\.channel = \(missing\) is not valid/],
    ['no sinks', { sinks: [] }, /sinks = \[\] is not valid; expected at least one sink/],
    ['a bad severity', { sinks: [{ ...base.sinks[1], severities: ['URGENT' as never] }] }, /sinks\[0\]\.severities = "URGENT" is not valid/],
  ])('rejects %s', (_n, props, message) => {
    expect(() => render(props)).toThrow(message);
  });
});

describe('Alertmanager to Robusta', () => {
  const cluster = referenceCluster();
  const obj = (file: string) => parse(cluster.files.get(file)!);
  test('Alertmanager posts to the Service name and port the runner exposes, with resolutions', () => {
    const svc = obj('robusta/service-robusta-runner.yaml');
    const config = obj('alertmanager/alertmanagerconfig-alertmanager.yaml');
    const hook = config.spec.receivers.find((r: { name: string }) => r.name === 'robusta').webhookConfigs[0];
    const url = new URL(hook.url);
    expect(url.hostname).toBe(`${svc.metadata.name}.${svc.metadata.namespace}.svc`);
    expect(Number(url.port || 80)).toBe(svc.spec.ports[0].port);
    expect(url.pathname).toBe('/api/alerts');
    expect(hook.sendResolved).toBe(true);
    const deploy = obj('robusta/deployment-robusta-runner.yaml');
    expect(deploy.spec.template.spec.containers[0].ports[0]).toMatchObject({ name: svc.spec.ports[0].targetPort, containerPort: 5000 });
    expect(endpoints(resolveCluster(homelab)).robustaRunner.webhookUrl).toBe(hook.url);
  });
});
