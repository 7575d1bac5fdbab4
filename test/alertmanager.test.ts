import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { referenceCluster, tempDir } from './support/reference';
import { writeAlertmanagerYaml } from './support/alertmanager-config';
import { notificationPolicy } from '../charts/metrics/alertmanager-policy';
import { endpoints } from '../charts/endpoints';
import { resolveCluster } from '../config';
import { TOOLS, toolPath, toolVersion } from './support/tools';

const cluster = referenceCluster();
const rendered = (f: string) => parse(cluster.files.get(f)!);
// amtool runs what the operator generates from the rendered objects.
const file = writeAlertmanagerYaml(tempDir(), rendered('alertmanager/alertmanager-alertmanager.yaml'), rendered('alertmanager/alertmanagerconfig-alertmanager.yaml'));
const amtool = (...args: string[]) => spawnSync(toolPath(TOOLS.amtool), args, { encoding: 'utf8' });
/** The receivers an alert reaches, without the operator's `monitoring/alertmanager/` prefix. */
const routesFor = (...labels: string[]) => {
  const res = amtool('config', 'routes', 'test', `--config.file=${file}`, ...labels);
  return res.stdout.trim().split(',').map((r) => r.replace(/^monitoring\/alertmanager\//, '')).join(',');
};

describe('Alertmanager configuration', () => {
  test('amtool check-config accepts the rendered configuration, every receiver kept', () => {
    console.log(`routing checked with ${toolVersion(TOOLS.amtool)}`);
    const res = amtool('check-config', file);
    expect(res.stdout + res.stderr).toContain('SUCCESS');
    expect(res.status).toBe(0);
    // Slack, email and Teams Workflows on the critical receiver: none left out for an older amtool.
    const critical = (parse(readFileSync(file, 'utf8')).receivers as { name: string }[]).find((r) => r.name.endsWith('/critical'));
    expect(Object.keys(critical!).sort()).toEqual(['email_configs', 'msteamsv2_configs', 'name', 'slack_configs']);
  });

  test('a critical alert goes to Robusta and every critical channel', () => {
    expect(routesFor('alertname=KubePodCrashLooping', 'severity=critical', 'namespace=shop')).toBe('robusta,critical');
  });

  test('a warning goes to Robusta and the default (Slack) receiver', () => {
    expect(routesFor('alertname=NodeFilesystemAlmostOutOfSpace', 'severity=warning')).toBe('robusta,default');
  });

  // An SLO's labels as its rendered rules set them: a page is critical, a ticket a warning.
  test('an SLO page reaches the critical receivers, its ticket Slack', () => {
    const rules = rendered('kubernetes-monitors/prometheusrule-slo-apiserver-availability.yaml').spec.groups[0].rules.filter((r: { alert?: string }) => r.alert);
    const route = (r: { alert: string; labels: Record<string, string> }) => routesFor(`alertname=${r.alert}`, ...Object.entries(r.labels).map(([k, v]) => `${k}=${v}`),
      'sloth_id=apiserver-availability', 'sloth_service=apiserver', 'sloth_slo=availability');
    expect(rules.map(route)).toEqual(['robusta,critical', 'robusta,default']);
  });

  test('the Watchdog goes to the heartbeat receiver only', () => {
    expect(routesFor('alertname=Watchdog', 'severity=none')).toBe('watchdog');
  });

  test('severity none stops after Robusta', () => {
    expect(routesFor('alertname=InfoOnly', 'severity=none')).toBe('robusta,null');
  });

  test('the Alertmanager CR uses the AlertmanagerConfig as its global configuration', () => {
    const am = rendered('alertmanager/alertmanager-alertmanager.yaml');
    expect(am.spec.alertmanagerConfiguration).toEqual({ name: 'alertmanager', global: { resolveTimeout: '5m' } });
    const config = rendered('alertmanager/alertmanagerconfig-alertmanager.yaml');
    expect(config.metadata.name).toBe('alertmanager');
    expect(config.metadata.namespace).toBe(am.metadata.namespace);
  });

  test('credentials are Secret references, never values', () => {
    const config = rendered('alertmanager/alertmanagerconfig-alertmanager.yaml');
    const critical = config.spec.receivers.find((r: { name: string }) => r.name === 'critical');
    expect(critical.slackConfigs[0].apiURL).toEqual({ name: 'alertmanager-notifications', key: 'slack-webhook-url' });
    expect(critical.emailConfigs[0].authPassword).toEqual({ name: 'alertmanager-notifications', key: 'smtp-password' });
    expect(critical.msteamsv2Configs[0].webhookURL).toEqual({ name: 'alertmanager-notifications', key: 'teams-webhook-url' });
  });

  test('the Robusta route posts to the runner Service, before the severity routes', () => {
    const policy = notificationPolicy(resolveCluster(homelab));
    const robusta = policy.receivers.find((r) => r.name === 'robusta');
    expect(robusta?.webhook).toEqual([{ url: endpoints(resolveCluster(homelab)).robustaRunner.webhookUrl }]);
    expect(policy.route.routes?.[1]).toMatchObject({ receiver: 'robusta', continue: true });
  });

  test('the Watchdog pings the heartbeat URL from its Secret every minute', () => {
    const config = rendered('alertmanager/alertmanagerconfig-alertmanager.yaml');
    const watchdog = config.spec.receivers.find((r: { name: string }) => r.name === 'watchdog');
    // No "resolved" ping: a dead man's switch would read it as a sign of life.
    expect(watchdog.webhookConfigs).toEqual([{ urlSecret: { name: 'alertmanager-notifications', key: 'heartbeat-url' }, sendResolved: false }]);
    // Alertmanager repeats on group flushes: a group interval equal to the repeat interval misses
    // every other repeat (one ping per 2m), so it is shorter.
    expect(config.spec.route.routes[0]).toMatchObject({ receiver: 'watchdog', groupInterval: '30s', repeatInterval: '1m' });
  });

  test('inhibition: critical over warning of the same object, the majority of a job down over its lost replicas, node down over its pods', () => {
    const config = rendered('alertmanager/alertmanagerconfig-alertmanager.yaml');
    expect(config.spec.inhibitRules).toHaveLength(5);
    expect(config.spec.inhibitRules[0].sourceMatch).toEqual([{ name: 'severity', value: 'critical', matchType: '=' }]);
    // Equal on what names the object, never on the alert name and namespace alone.
    expect(config.spec.inhibitRules[0].equal).toEqual(expect.arrayContaining(['alertname', 'namespace', 'node', 'instance', 'pod', 'job', 'mountpoint']));
    // Only the job-wide alerts (no instance) mute the job's per-replica warnings.
    expect(config.spec.inhibitRules.splice(1, 1)[0]).toMatchObject({ sourceMatch: expect.arrayContaining([{ name: 'instance', value: '', matchType: '=' }]), equal: ['job'] });
    // Every Alertmanager unreachable mutes "some unreachable", for the same Prometheus.
    expect(config.spec.inhibitRules.splice(1, 1)[0]).toMatchObject({ targetMatch: [{ name: 'alertname', value: 'PrometheusNotificationErrors', matchType: '=' }], equal: ['job', 'instance'] });
    // A dead node (its node-exporter unreachable) mutes the rest of what it raises.
    expect(config.spec.inhibitRules[1].sourceMatch).toEqual([{ name: 'alertname', value: 'NodeExporterTargetDown', matchType: '=' }]);
    expect(config.spec.inhibitRules[1].targetMatch[0].value).toBe('KubeletTargetDown|PromtailTargetDown|KubeNodeNotReady|KubeNodeReadinessFlapping|KubeNodePressure|KubePod.*|KubeContainerWaiting');
    expect(config.spec.inhibitRules[1].equal).toEqual(['node']);
    expect(config.spec.inhibitRules[2].equal).toEqual(['node']);
  });

  test('every alert name the inhibitions match is an alert the stack defines', () => {
    const alerts = [...cluster.files.entries()].filter(([f]) => f.includes('/prometheusrule-'))
      .flatMap(([, text]) => (parse(text).spec.groups as { rules: { alert?: string }[] }[]).flatMap((g) => g.rules.map((r) => r.alert)))
      .filter((a): a is string => !!a);
    const config = rendered('alertmanager/alertmanagerconfig-alertmanager.yaml');
    const names = (config.spec.inhibitRules as { sourceMatch: Matcher[]; targetMatch: Matcher[] }[])
      .flatMap((r) => [...r.sourceMatch, ...r.targetMatch]).filter((m) => m.name === 'alertname');
    expect(names.length).toBeGreaterThan(0);
    for (const m of names) {
      // A regex matcher is anchored; each alternative must match a defined alert.
      for (const alt of m.matchType === '=~' ? m.value.split('|') : [m.value]) {
        expect(alerts.some((a) => new RegExp(`^(?:${alt})$`).test(a))).toBe(true);
      }
    }
  });
});

interface Matcher { name: string; value: string; matchType?: string }
