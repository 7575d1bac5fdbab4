import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { homelab } from './fixtures/homelab';
import { buildCluster } from '../charts/stack';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { writeAlertmanagerYaml } from './support/alertmanager-config';
import { freePort, httpGet, post, serve, start, Started, stop, waitFor } from './support/processes';
import { referenceCluster, tempDir } from './support/reference';
import { TOOLS, toolPath, toolVersion } from './support/tools';

/**
 * The alert path end to end on loopback, with the real Debian binaries: Prometheus loads the
 * rendered rules and scrapes a test exporter whose series trip PrometheusConfigReloadFailed;
 * the alert reaches an Alertmanager running the rendered routing, which posts it to a local
 * webhook standing in for Robusta, the Watchdog to the heartbeat receiver, and a critical alert
 * to Slack and Teams Workflows. Rule `for` durations and route group waits are shortened to 1s so
 * the test takes seconds instead of minutes; expressions, labels, routes and receivers are the
 * rendered ones.
 */
interface WebhookAlert { status: string; labels: Record<string, string>; annotations: Record<string, string> }

const processes: Started[] = [];
const servers: { close: () => Promise<void> }[] = [];

afterAll(async () => {
  for (const p of processes) await stop(p);
  for (const s of servers) await s.close();
});

test('an alert from the rendered rules reaches the Robusta webhook through Alertmanager', async () => {
  const dir = tempDir('e2e-');
  const received: WebhookAlert[] = [];

  const exporter = await serve(() => ({ body: 'prometheus_config_last_reload_successful 0\n' }));
  const robusta = await serve((req, body) => {
    if (req.url === '/api/alerts') received.push(...(JSON.parse(body).alerts as WebhookAlert[]));
    return {};
  });
  servers.push(exporter, robusta);

  const amPort = await freePort();
  // Every other receiver (Slack, the heartbeat, ...) posts to a loopback sink.
  const heartbeats: string[] = [];
  const channels = new Map<string, string[]>(); // sink path -> bodies
  const sink = await serve((req, body) => {
    if (req.url === '/alertmanager-notifications/heartbeat-url') heartbeats.push(...(JSON.parse(body).alerts as WebhookAlert[]).map((a) => a.labels.alertname));
    channels.set(req.url!, [...(channels.get(req.url!) ?? []), body]);
    // As Slack's webhooks answer; Alertmanager retries a Slack post answered otherwise.
    return { body: 'ok' };
  });
  servers.push(sink);
  // The rendered Alertmanager and AlertmanagerConfig, as the operator turns them into alertmanager.yaml.
  const rendered = referenceCluster().files;
  const amConfig = writeAlertmanagerYaml(dir, parse(rendered.get('alertmanager/alertmanager-alertmanager.yaml')!),
    parse(rendered.get('alertmanager/alertmanagerconfig-alertmanager.yaml')!),
    (url) => (url.endsWith('/api/alerts') ? `http://127.0.0.1:${robusta.port}/api/alerts` : url), sink.port);
  shortenGroupWaits(amConfig);
  console.log(`end to end with ${toolVersion(TOOLS.prometheus)} and ${toolVersion(TOOLS.alertmanager)}`);
  processes.push(start(toolPath(TOOLS.alertmanager), [
    `--config.file=${amConfig}`, `--storage.path=${path.join(dir, 'am')}`,
    `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=',
  ]));

  const groups = AlertRuleGroup.all(buildCluster(homelab).app).map((g) => {
    const group = g.ruleFileGroup() as { rules: Record<string, unknown>[] };
    return { ...group, rules: group.rules.map((r) => (r.for ? { ...r, for: '1s' } : r)) };
  });
  fs.writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups }));
  const promPort = await freePort();
  fs.writeFileSync(path.join(dir, 'prometheus.yaml'), stringify({
    global: { scrape_interval: '1s', evaluation_interval: '1s', external_labels: { cluster: homelab.name } },
    rule_files: ['rules.yaml'],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
    scrape_configs: [{ job_name: 'prometheus', static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }] }],
  }));
  const prometheus = start(toolPath(TOOLS.prometheus), [
    `--config.file=${path.join(dir, 'prometheus.yaml')}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    // Alerts that fire before Alertmanager is discovered are dropped and resent only after
    // this delay (1m by default).
    '--rules.alert.resend-delay=1s',
  ]);
  processes.push(prometheus);
  const logs = () => processes.map((p) => p.output()).join('\n---\n');

  await waitFor(() => httpGet(`http://127.0.0.1:${promPort}/-/ready`), 30_000, () => `Prometheus not ready:\n${logs()}`);
  await waitFor(() => httpGet(`http://127.0.0.1:${amPort}/-/ready`), 30_000, () => `Alertmanager not ready:\n${logs()}`);
  // A critical alert straight to Alertmanager: its receiver notifies Slack and Teams (Workflows).
  await post(`http://127.0.0.1:${amPort}/api/v2/alerts`, JSON.stringify([{ labels: { alertname: 'E2ECritical', severity: 'critical', namespace: 'shop' } }]));

  const alert = await waitFor(async () => received.find((a) => a.labels.alertname === 'PrometheusConfigReloadFailed' && a.status === 'firing'),
    60_000, () => `webhook got ${JSON.stringify(received.map((a) => a.labels.alertname))}\n${logs()}`);
  expect(alert.labels).toEqual({
    alertname: 'PrometheusConfigReloadFailed',
    cluster: 'homelab',
    instance: `127.0.0.1:${exporter.port}`,
    job: 'prometheus',
    severity: 'critical',
  });
  expect(alert.annotations.summary).toBe(`Prometheus 127.0.0.1:${exporter.port} failed to reload its configuration`);
  // The Watchdog reaches the heartbeat (dead man's switch) receiver, and only that one.
  await waitFor(async () => (heartbeats.includes('Watchdog') ? true : undefined), 30_000, () => `heartbeat got ${JSON.stringify(heartbeats)}`);
  expect(received.some((a) => a.labels.alertname === 'Watchdog')).toBe(false);
  // The critical route's receivers: a Teams Workflows Adaptive Card, and Slack.
  const notified = (channel: string) => waitFor(async () => channels.get(`/alertmanager-notifications/${channel}`)?.find((b) => b.includes('E2ECritical')),
    60_000, () => `sink got ${JSON.stringify([...channels.keys()])}\n${logs()}`);
  expect(JSON.parse(await notified('teams-webhook-url')).attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(JSON.parse(await notified('slack-webhook-url')).channel).toBe('#homelab-alerts');
});

/** Sets every route's group_wait in an alertmanager.yaml to 1s (the critical route waits 30s). */
function shortenGroupWaits(file: string): void {
  type Route = { group_wait?: string; routes?: Route[] };
  const shorten = (r: Route): Route => ({ ...r, ...(r.group_wait ? { group_wait: '1s' } : {}), ...(r.routes ? { routes: r.routes.map(shorten) } : {}) });
  const config = parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, stringify({ ...config, route: shorten(config.route) }));
}
