import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { imageOf } from '../lib/core/versions';
import { resolveCluster } from '../config';
import { endpoints } from '../charts/endpoints';
import { Component } from '../lib/core/component';
import { ENRICHMENT_ACTIONS, Remediation, robustaPodSecurity } from '../lib/robusta/playbooks';
import { RUNNER_ACTIONS, RUNNER_API_VERSION, RUNNER_CONFIG_KEYS, RUNNER_ENV, RUNNER_SINKS, RUNNER_TRIGGERS, runnerApiMatchesPin } from '../lib/robusta/runner-api';
import { Robusta, RobustaProps } from '../lib/robusta/robusta';
import { referenceCluster } from './support/reference';

const base: RobustaProps = {
  clusterName: 'homelab',
  prometheusUrl: 'http://prometheus.monitoring.svc:9090',
  alertmanagerUrl: 'http://alertmanager.monitoring.svc:9093',
  grafanaUrl: 'https://grafana.example.org',
  kubernetesVersion: '1.36',
  sinks: [
    { name: 'slack_alerts', kind: 'slack', channel: 'alerts', credential: { name: 'robusta-sinks', key: 'slack' }, namespaces: ['shop', 'data'] },
    { name: 'teams_critical', kind: 'teams', severities: ['HIGH'], credential: { name: 'robusta-sinks', key: 'teams' } },
    { name: 'mail_oncall', kind: 'email', severities: ['HIGH', 'MEDIUM'], namespaces: ['shop'], credential: { name: 'robusta-mail', key: 'mailto' } },
  ],
};

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
const READ = ['get', 'list', 'watch'];
// Any verb on pods/exec runs commands in pods, so it counts as write access.
const writeVerbs = (rules: Rule[] = []) => rules
  .flatMap((rule) => rule.verbs.filter((v) => !READ.includes(v) || rule.resources.includes('pods/exec')).map((v) => `${v} ${rule.resources.join(',')}`))
  .sort();

function render(props: Partial<RobustaProps> = {}) {
  const chart = new Component(new App(), 'robusta', { namespace: 'robusta', phase: 'workloads' });
  const r = new Robusta(chart, 'robusta', { ...base, ...props });
  const objects = Testing.synth(chart);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const config = parse(find('ConfigMap', 'robusta-runner').data['active_playbooks.yaml']);
  const runner = find('Deployment', 'robusta-runner').spec.template.spec.containers[0];
  return { r, objects, find, config, runner, clusterRole: find('ClusterRole', 'robusta-runner'), role: find('Role', 'robusta-runner') };
}
const actionNames = (playbook: { actions: Record<string, unknown>[] }) => playbook.actions.map((a) => Object.keys(a)[0]);

describe('Robusta configuration', () => {
  const { objects, config, runner, find } = render();

  test('global config points graph enrichment at Prometheus, Alertmanager and Grafana', () => {
    expect(config.global_config).toMatchObject({
      cluster_name: 'homelab', prometheus_url: base.prometheusUrl, alertmanager_url: base.alertmanagerUrl, grafana_url: base.grafanaUrl,
    });
  });

  test('sinks take credentials from Secrets through the environment, and route by severity and namespace', () => {
    expect(config.sinks_config).toEqual([
      { slack_sink: { name: 'slack_alerts', slack_channel: 'alerts', api_key: '{{ env.SINK_SLACK_ALERTS_CREDENTIAL }}', scope: { include: [{ namespace: ['shop', 'data'] }] } } },
      { ms_teams_sink: { name: 'teams_critical', webhook_url: '{{ env.SINK_TEAMS_CRITICAL_CREDENTIAL }}', scope: { include: [{ severity: ['HIGH'] }] } } },
      { mail_sink: { name: 'mail_oncall', mailto: '{{ env.SINK_MAIL_ONCALL_CREDENTIAL }}', scope: { include: [{ severity: ['HIGH', 'MEDIUM'], namespace: ['shop'] }] } } },
    ]);
    expect(runner.env).toEqual(expect.arrayContaining([
      { name: 'SINK_SLACK_ALERTS_CREDENTIAL', valueFrom: { secretKeyRef: { name: 'robusta-sinks', key: 'slack' } } },
      { name: 'SINK_TEAMS_CRITICAL_CREDENTIAL', valueFrom: { secretKeyRef: { name: 'robusta-sinks', key: 'teams' } } },
      { name: 'SINK_MAIL_ONCALL_CREDENTIAL', valueFrom: { secretKeyRef: { name: 'robusta-mail', key: 'mailto' } } },
    ]));
    // No Secret objects and no credential values anywhere in the output.
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('every playbook is triggered by Prometheus alerts and enriches with logs, events, graphs and node status', () => {
    for (const p of config.active_playbooks) {
      expect(p.triggers.length).toBeGreaterThan(0);
      for (const t of p.triggers) expect(Object.keys(t)).toEqual(['on_prometheus_alert']);
    }
    const byName = Object.fromEntries(config.active_playbooks.map((p: { name: string }) => [p.name, p]));
    expect(actionNames(byName.PodAlertLogsAndEvents)).toEqual(['logs_enricher', 'pod_events_enricher']);
    expect(byName.PodAlertLogsAndEvents.triggers).toEqual([{ on_prometheus_alert: { status: 'firing' } }]);
    expect(actionNames(byName.PodResourceGraphs)).toEqual(['pod_graph_enricher', 'pod_graph_enricher', 'pod_node_graph_enricher']);
    expect(byName.PodResourceGraphs.triggers.map((t: { on_prometheus_alert: { alert_name: string } }) => t.on_prometheus_alert.alert_name))
      .toEqual(['KubePodCrashLooping', 'KubePodNotReady']);
    expect(actionNames(byName.NodeAlertStatus)).toEqual(['node_status_enricher', 'node_running_pods_enricher', 'node_allocatable_resources_enricher']);
    expect(byName.NodeMemoryGraph.actions[0]).toEqual({ alert_graph_enricher: { resource_type: 'Memory', item_type: 'Node' } });
    // Without remediations no playbook changes anything.
    expect(config.active_playbooks.some((p: { name: string }) => p.name.startsWith('Remediate'))).toBe(false);
  });

  test('the playbooks only name alerts the stack ships', () => {
    const shipped = new Set<string>();
    for (const [file, text] of referenceCluster().files) {
      if (!file.includes('prometheusrule')) continue;
      for (const g of parse(text).spec.groups) for (const rule of g.rules) if (rule.alert) shipped.add(rule.alert);
    }
    const named = config.active_playbooks.flatMap((p: { triggers: { on_prometheus_alert: { alert_name?: string } }[] }) =>
      p.triggers.map((t) => t.on_prometheus_alert.alert_name).filter((a): a is string => a !== undefined));
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((a: string) => !shipped.has(a))).toEqual([]);
  });

  test('images are pinned in Robusta\'s registry', () => {
    expect(runner.image).toBe('docker.io/robustadev/robusta-runner:0.47.0');
    expect(find('Deployment', 'robusta-forwarder').spec.template.spec.containers[0].image)
      .toBe(imageOf('robustaForwarder'));
  });

  test('the runner listens on 5000 behind Service port 80, and the forwarder posts there', () => {
    expect(runner.ports).toEqual([{ name: 'http', containerPort: 5000, protocol: 'TCP' }]);
    expect(find('Service', 'robusta-runner').spec.ports).toEqual([expect.objectContaining({ name: 'http', port: 80, targetPort: 'http' })]);
    const kubewatch = parse(find('ConfigMap', 'robusta-forwarder').data['.kubewatch.yaml']);
    expect(kubewatch.handler.cloudevent.url).toBe('http://robusta-runner.robusta.svc:80/api/handle');
    expect(find('Service', 'robusta-forwarder').spec.ports).toEqual([expect.objectContaining({ name: 'metrics', port: 2112, targetPort: 'metrics' })]);
  });

  test('the forwarder only reads', () => {
    expect(writeVerbs(find('ClusterRole', 'robusta-forwarder').rules)).toEqual([]);
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('Robusta RBAC follows the enabled remediations', () => {
  test('without remediations the runner has no write verbs at all, and no Role', () => {
    const { r, clusterRole, role, runner } = render();
    expect(writeVerbs(clusterRole.rules)).toEqual([]);
    expect(r.runnerAccess.every((rule) => rule.verbs.every((v) => READ.includes(v)))).toBe(true);
    expect(role).toBeUndefined();
    expect(runner.env.map((e: { name: string }) => e.name)).not.toContain('KUBECTL_IMAGE_OVERRIDE');
    // Enrichment reads what it needs.
    const read = clusterRole.rules.flatMap((rule: Rule) => rule.resources.map((res) => `${rule.apiGroups[0]}/${res}`));
    for (const res of ['/pods', '/pods/log', '/events', '/nodes', '/namespaces', 'apps/deployments', 'apps/replicasets', 'apps/daemonsets', 'apps/statefulsets', 'batch/jobs']) {
      expect(read).toContain(res);
    }
  });

  test.each<[string, Remediation, string, Record<string, unknown>, string[], string[]]>([
    ['restart-pod', { alert: 'KubePodCrashLooping', action: 'restart-pod' }, 'delete_pod', {}, ['delete pods'], []],
    ['rollout-restart', { alert: 'KubeDeploymentRolloutStuck', action: 'rollout-restart' }, 'rollout_restart', {}, ['patch deployments,statefulsets,daemonsets'], []],
    ['scale', { alert: 'KubeDeploymentReplicasMismatch', action: 'scale', replicas: 2 }, 'kubectl_command',
      { command: 'kubectl scale deployment/$name --replicas=2 -n $namespace', description: 'Scale to 2 replicas' }, ['patch deployments/scale'], ['create jobs', 'delete jobs']],
    ['diagnose', { alert: 'KubePodNotReady', action: 'diagnose', command: 'ps aux' }, 'pod_bash_enricher', { bash_command: 'ps aux' }, ['create pods/exec', 'get pods/exec'], []],
  ])('%s adds its playbook and exactly its verbs', (_n, remediation, robustaAction, params, clusterVerbs, namespaceVerbs) => {
    const { config, clusterRole, role } = render({ remediations: [remediation] });
    const playbook = config.active_playbooks.find((p: { name: string }) => p.name === `Remediate-${remediation.alert}-${remediation.action}`);
    expect(playbook.triggers).toEqual([{ on_prometheus_alert: { alert_name: remediation.alert, status: 'firing' } }]);
    expect(playbook.actions).toEqual([{ [robustaAction]: params }]);
    expect(writeVerbs(clusterRole.rules)).toEqual(clusterVerbs);
    expect(writeVerbs(role?.rules)).toEqual(namespaceVerbs);
  });

  test('scale pins the kubectl image, and needs the namespace at baseline', () => {
    const scale: Remediation = { alert: 'KubeDeploymentReplicasMismatch', action: 'scale', replicas: 3 };
    const { runner, role } = render({ remediations: [scale] });
    expect(runner.env).toContainEqual({ name: 'KUBECTL_IMAGE_OVERRIDE', value: imageOf('kubectl136') });
    expect(runner.env).toContainEqual({ name: 'RUNNER_SERVICE_ACCOUNT', value: 'robusta-runner' });
    expect(role.metadata.namespace).toBe('robusta');
    expect(robustaPodSecurity([scale])).toMatchObject({ podSecurity: 'baseline', reason: expect.stringContaining('scale') });
    expect(robustaPodSecurity([{ alert: 'KubePodCrashLooping', action: 'restart-pod' }])).toEqual({ podSecurity: 'restricted' });
    expect(robustaPodSecurity([])).toEqual({ podSecurity: 'restricted' });
  });

  test('all remediations together grant the union, once each', () => {
    const { clusterRole, role } = render({ remediations: [
      { alert: 'KubePodCrashLooping', action: 'restart-pod' },
      { alert: 'KubePodNotReady', action: 'restart-pod' },
      { alert: 'KubeDeploymentRolloutStuck', action: 'rollout-restart' },
      { alert: 'KubeDeploymentReplicasMismatch', action: 'scale', replicas: 0 },
      { alert: 'KubePodNotReady', action: 'diagnose', command: 'df -h' },
    ] });
    expect(writeVerbs(clusterRole.rules)).toEqual(
      ['create pods/exec', 'delete pods', 'get pods/exec', 'patch deployments,statefulsets,daemonsets', 'patch deployments/scale']);
    expect(writeVerbs(role.rules)).toEqual(['create jobs', 'delete jobs']);
  });
});

describe('Robusta custom playbooks', () => {
  test('are appended after the built-in ones, read-only', () => {
    const { config, clusterRole } = render({ playbooks: [{
      name: 'PostgresContext', alerts: ['PostgresConnectionsNearLimit'],
      actions: [{ action: 'related_pods' }, { action: 'alert_graph_enricher', params: { resource_type: 'CPU', item_type: 'Pod' } }],
    }] });
    expect(config.active_playbooks.find((p: { name: string }) => p.name === 'PostgresContext')).toEqual({
      name: 'PostgresContext',
      triggers: [{ on_prometheus_alert: { alert_name: 'PostgresConnectionsNearLimit' } }],
      actions: [{ related_pods: {} }, { alert_graph_enricher: { resource_type: 'CPU', item_type: 'Pod' } }],
    });
    expect(writeVerbs(clusterRole.rules)).toEqual([]);
  });
});

describe('Robusta validation', () => {
  test.each<[string, Partial<RobustaProps>, RegExp]>([
    ['an unknown remediation action', { remediations: [{ alert: 'KubePodCrashLooping', action: 'scale-to-zero' as never }] },
      /robusta\/robusta: remediations\[0\]\.action = "scale-to-zero" is not valid; expected one of "restart-pod", "rollout-restart", "scale", "diagnose"/],
    ['diagnose without a command', { remediations: [{ alert: 'X', action: 'diagnose' }] }, /remediations\[0\]\.command = \(missing\) is not valid/],
    ['a command on restart-pod', { remediations: [{ alert: 'X', action: 'restart-pod', command: 'rm -rf /' }] }, /remediations\[0\]\.command = "rm -rf \/" is not valid/],
    ['scale without replicas', { remediations: [{ alert: 'X', action: 'scale' }] }, /remediations\[0\]\.replicas = \(missing\) is not valid; expected a replica count/],
    ['scale to a negative count', { remediations: [{ alert: 'X', action: 'scale', replicas: -1 }] }, /remediations\[0\]\.replicas = -1 is not valid/],
    ['replicas on diagnose', { remediations: [{ alert: 'X', action: 'diagnose', command: 'ps', replicas: 1 }] }, /remediations\[0\]\.replicas = 1 is not valid/],
    ['a bad alert name', { remediations: [{ alert: 'Kube Pod', action: 'restart-pod' }] }, /remediations\[0\]\.alert = "Kube Pod" is not valid/],
    ['the same remediation twice', { remediations: [{ alert: 'X', action: 'restart-pod' }, { alert: 'X', action: 'restart-pod' }] },
      /remediations\[1\] = "X-restart-pod" is not valid; expected at most one remediation per alert and action/],
    ['an unpinned kubectl image', { kubectlImage: 'alpine/k8s:latest' }, /kubectlImage = "alpine\/k8s:latest" is not valid/],
    ['a playbook with a write action', { playbooks: [{ name: 'Sneaky', alerts: ['X'], actions: [{ action: 'delete_pod' as never }] }] },
      /playbooks\[0\]\.actions\[0\]\.action = "delete_pod" is not valid; expected one of "logs_enricher"/],
    ['a playbook named like a built-in one', { playbooks: [{ name: 'JobFailure', alerts: ['X'], actions: [{ action: 'related_pods' }] }] },
      /playbooks\[0\]\.name = "JobFailure" is not valid/],
    ['a playbook without alerts', { playbooks: [{ name: 'Empty', alerts: [], actions: [{ action: 'related_pods' }] }] }, /playbooks\[0\]\.alerts = \[\] is not valid/],
    ['a slack sink without a channel', { sinks: [{ name: 's', kind: 'slack', credential: { name: 'x', key: 'y' } }] }, /sinks\[0\]\.channel = \(missing\) is not valid/],
    ['no sinks', { sinks: [] }, /sinks = \[\] is not valid; expected at least one sink/],
    ['a bad severity', { sinks: [{ ...base.sinks[1], severities: ['URGENT' as never] }] }, /sinks\[0\]\.severities = "URGENT" is not valid/],
    ['two sinks of one name', { sinks: [base.sinks[1], base.sinks[1]] }, /sinks\[1\]\.name = "teams_critical" is not valid/],
    ['a bad Prometheus URL', { prometheusUrl: 'prometheus:9090' }, /prometheusUrl = "prometheus:9090" is not valid/],
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
    expect(deploy.spec.selector.matchLabels).toEqual(svc.spec.selector);
    const ep = endpoints(resolveCluster(homelab)).robustaRunner;
    expect(ep.webhookUrl).toBe(hook.url);
    expect([ep.service, ep.namespace, ep.port]).toEqual([svc.metadata.name, svc.metadata.namespace, svc.spec.ports[0].port]);
  });

  test('every alert reaches the Robusta route', () => {
    const config = obj('alertmanager/alertmanagerconfig-alertmanager.yaml');
    const routes = config.spec.route.routes;
    const robusta = routes.findIndex((r: { receiver: string }) => r.receiver === 'robusta');
    expect(robusta).toBeGreaterThanOrEqual(0);
    expect(routes[robusta].matchers ?? []).toEqual([]);
    expect(routes[robusta].continue).toBe(true);
    // Only the Watchdog, which goes to the heartbeat, is routed away before it.
    expect(routes.slice(0, robusta).map((r: { receiver: string }) => r.receiver)).toEqual(['watchdog']);
  });

  test('the reference cluster keeps the Robusta namespace restricted (no remediation runs a pod there)', () => {
    const ns = cluster.files.get('namespaces/namespace-robusta.yaml');
    expect(ns).toBeDefined();
    expect(parse(ns!).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

describe('Robusta runner compatibility', () => {
  // Every remediation, and a playbook with every enrichment action a user may pick.
  const { config, runner } = render({
    remediations: [
      { alert: 'KubePodCrashLooping', action: 'restart-pod' },
      { alert: 'KubeDeploymentRolloutStuck', action: 'rollout-restart' },
      { alert: 'KubeDeploymentReplicasMismatch', action: 'scale', replicas: 2 },
      { alert: 'KubePodNotReady', action: 'diagnose', command: 'ps aux' },
    ],
    playbooks: [{ name: 'EveryEnrichment', alerts: ['NodeMemoryHigh'], actions: ENRICHMENT_ACTIONS.map((action) => ({ action })) }],
  });
  const playbooks = config.active_playbooks as { triggers: Record<string, Record<string, unknown>>[]; actions: Record<string, unknown>[] }[];
  const rendered = {
    actions: [...new Set(playbooks.flatMap(actionNames))].sort(),
    triggers: [...new Set(playbooks.flatMap((p) => p.triggers.map((t) => Object.keys(t)[0])))].sort(),
    triggerFields: [...new Set(playbooks.flatMap((p) => p.triggers.flatMap((t) => Object.values(t).flatMap((f) => Object.keys(f)))))].sort(),
  };

  test('the tables were read at the runner version the versions table pins', () => {
    expect(runnerApiMatchesPin()).toBe(true);
    expect(runner.image).toBe(`docker.io/robustadev/robusta-runner:${RUNNER_API_VERSION}`);
  });

  test('every rendered action is one the pinned runner defines', () => {
    expect(rendered.actions).toEqual([
      'alert_graph_enricher', 'daemonset_status_enricher', 'default_enricher', 'delete_pod', 'deployment_events_enricher',
      'deployment_status_enricher', 'job_events_enricher', 'job_info_enricher', 'job_pod_enricher', 'kubectl_command', 'logs_enricher',
      'node_allocatable_resources_enricher', 'node_cpu_enricher', 'node_graph_enricher', 'node_running_pods_enricher', 'node_status_enricher',
      'pod_bash_enricher', 'pod_events_enricher', 'pod_graph_enricher', 'pod_node_graph_enricher', 'related_pods', 'resource_events_enricher',
      'rollout_restart',
    ]);
    expect(rendered.actions.filter((a) => !(a in RUNNER_ACTIONS))).toEqual([]);
  });

  test('every rendered trigger and trigger field is one the pinned runner reads', () => {
    expect(rendered.triggers).toEqual(['on_prometheus_alert']);
    expect(rendered.triggerFields).toEqual(['alert_name', 'status']);
    for (const t of rendered.triggers) expect(rendered.triggerFields.filter((f) => !RUNNER_TRIGGERS[t].includes(f))).toEqual([]);
  });

  test('the configuration and the environment use only keys the pinned runner reads', () => {
    expect(Object.keys(config).filter((k) => !RUNNER_CONFIG_KEYS.includes(k))).toEqual([]);
    // Sink credentials arrive as SINK_*_CREDENTIAL through {{ env.* }}; the rest are the runner's
    // own settings or the Python runtime's.
    const own = (runner.env as { name: string }[]).map((e) => e.name)
      .filter((n) => !/^SINK_[A-Z0-9_]+_CREDENTIAL$/.test(n) && !['PYTHONDONTWRITEBYTECODE', 'HOME'].includes(n));
    expect(own.filter((n) => !RUNNER_ENV.includes(n))).toEqual([]);
    expect(own).toContain('KUBECTL_IMAGE_OVERRIDE');
  });

  test('every sink kind and field is one the pinned runner reads', () => {
    const sinks = render().config.sinks_config as Record<string, Record<string, unknown>>[];
    for (const sink of sinks) {
      const [kind, fields] = Object.entries(sink)[0];
      expect(RUNNER_SINKS[kind]).toBeDefined();
      expect(Object.keys(fields).filter((f) => !RUNNER_SINKS[kind].includes(f))).toEqual([]);
    }
    // Power Automate webhooks reject large payloads: the runner turns attachments off for them
    // only while send_files is unset.
    const teams = sinks.find((s) => 'ms_teams_sink' in s)!.ms_teams_sink;
    expect(teams).not.toHaveProperty('send_files');
  });
});
