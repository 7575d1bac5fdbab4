import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { homelab } from './fixtures/homelab';
import { buildCluster } from '../charts/stack';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { writeAlertmanagerYaml } from './support/alertmanager-config';
import { freePort, httpGet, serve, start, Started, stop, waitFor, postJson } from './support/processes';
import { referenceCluster, tempDir } from './support/reference';
import { TOOLS, toolPath } from './support/tools';

/**
 * A powered-off node, through the real Alertmanager running the rendered routing and
 * inhibitions: it is fed every alert a dead node raises (its node-exporter, kubelet and log agent
 * unreachable, the node NotReady at both tiers, its pods not ready), and each receiver must be
 * notified once, about the node. Every receiver posts to a loopback sink that records which
 * receiver it is; group waits are shortened to 1s so the test takes seconds.
 */
type Obj = Record<string, any>;
interface Notification { receiver: string; alerts: string[] }

const processes: Started[] = [];
const servers: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const p of processes) await stop(p);
  for (const s of servers) await s.close();
});


/** Shortens every group wait and interval of a route tree (timing only; matchers untouched). */
function quicken(route: Obj): void {
  route.group_wait = '1s';
  route.group_interval = '1s';
  for (const child of route.routes ?? []) quicken(child);
}

test('a powered-off node notifies each receiver once', async () => {
  const dir = tempDir('node-down-');
  const notifications: Notification[] = [];
  // Slack posts carry no receiver name: each receiver gets its own sink path instead.
  const sink = await serve((req, body) => {
    const receiver = (req.url ?? '').split('/')[1];
    const payload = JSON.parse(body || '{}');
    const alerts: string[] = payload.alerts
      ? (payload.alerts as { labels: Obj }[]).map((a) => a.labels.alertname)
      : [String(payload.text ?? payload.attachments?.[0]?.title ?? '')];
    notifications.push({ receiver, alerts });
    // As Slack's webhooks answer; Alertmanager retries a Slack post answered otherwise.
    return { body: 'ok' };
  });
  servers.push(sink);

  const rendered = referenceCluster().files;
  const file = writeAlertmanagerYaml(dir, parse(rendered.get('alertmanager/alertmanager-alertmanager.yaml')!),
    parse(rendered.get('alertmanager/alertmanagerconfig-alertmanager.yaml')!), (u) => u, sink.port);
  const config = parse(fs.readFileSync(file, 'utf8')) as Obj;
  for (const receiver of config.receivers as Obj[]) {
    const name = String(receiver.name).split('/').pop();
    (receiver.slack_configs as Obj[] | undefined)?.forEach((c) => { c.api_url = `http://127.0.0.1:${sink.port}/${name}/slack`; });
    (receiver.webhook_configs as Obj[] | undefined)?.forEach((c) => { c.url = `http://127.0.0.1:${sink.port}/${name}/webhook`; });
    // Mail cannot be delivered to an HTTP sink; Slack stands for the receiver's channels.
    delete receiver.email_configs;
  }
  quicken(config.route);
  fs.writeFileSync(file, stringify(config));
  const receivers = (config.receivers as Obj[]).map((r) => String(r.name).split('/').pop()!);
  expect(receivers).toEqual(expect.arrayContaining(['robusta', 'critical', 'default']));

  const amPort = await freePort();
  const am = start(toolPath(TOOLS.alertmanager), [`--config.file=${file}`, `--storage.path=${path.join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=']);
  processes.push(am);
  await waitFor(() => httpGet(`http://127.0.0.1:${amPort}/-/ready`), 30_000, () => `Alertmanager not ready:\n${am.output()}`);

  // The alerts of the rendered rules a dead node raises, with the severities the rules give them.
  const rules = AlertRuleGroup.all(buildCluster(homelab).app).flatMap((g) => g.alerts);
  const severities = (name: string) => {
    const found = rules.filter((r) => r.alert === name).map((r) => r.severity);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };
  const node = 'n3';
  const raised: Obj[] = [
    ...severities('NodeExporterTargetDown').map((severity) => ({ alertname: 'NodeExporterTargetDown', severity, job: 'node-exporter', instance: node, node })),
    ...severities('KubeletTargetDown').map((severity) => ({ alertname: 'KubeletTargetDown', severity, job: 'kubelet', instance: '10.0.0.3:10250', node })),
    ...severities('PromtailTargetDown').map((severity) => ({ alertname: 'PromtailTargetDown', severity, job: 'promtail', instance: '10.0.0.3:3101', node })),
    ...severities('KubeNodeNotReady').map((severity) => ({ alertname: 'KubeNodeNotReady', severity, job: 'kube-state-metrics', node, condition: 'Ready', status: 'true' })),
    ...severities('KubePodNotReady').map((severity) => ({ alertname: 'KubePodNotReady', severity, namespace: 'shop', pod: 'api-1', node })),
  ];
  await postJson(`http://127.0.0.1:${amPort}/api/v2/alerts`, raised.map((labels) => ({ labels: { cluster: 'homelab', ...labels }, annotations: { summary: labels.alertname } })));

  const of = (receiver: string) => notifications.filter((n) => n.receiver === receiver);
  await waitFor(async () => (of('robusta').length > 0 && of('critical').length > 0 ? true : undefined), 30_000,
    () => `notifications: ${JSON.stringify(notifications)}\n${am.output()}`);
  // A later alert in a group of its own: once it is delivered, every group the dead node's
  // alerts opened (same 1s wait, opened earlier) has been flushed or muted.
  await postJson(`http://127.0.0.1:${amPort}/api/v2/alerts`, [{ labels: { alertname: 'DeliveryMarker', severity: 'critical' }, annotations: { summary: 'marker' } }]);
  await waitFor(async () => (of('robusta').some((n) => n.alerts.includes('DeliveryMarker')) && of('critical').length > 1 ? true : undefined), 30_000,
    () => `notifications: ${JSON.stringify(notifications)}\n${am.output()}`);

  const aboutNode = notifications.filter((n) => !n.alerts.includes('DeliveryMarker') && !n.alerts.some((a) => a.includes('DeliveryMarker')));
  const perReceiver = Object.fromEntries(receivers.map((r) => [r, aboutNode.filter((n) => n.receiver === r).length]));
  expect(perReceiver).toEqual({ ...Object.fromEntries(receivers.map((r) => [r, 0])), robusta: 1, critical: 1 });
  expect(of('robusta')[0].alerts).toEqual(['NodeExporterTargetDown']);
});
