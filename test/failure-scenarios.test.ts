import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { failureScenarios, Notified, scenarioCluster, scenariosMarkdown, SCENARIOS_END, SCENARIOS_START } from '../charts/docs/failure-scenarios';
import { renderCluster } from '../charts/stack';
import { clusters } from './support/configured';
import { writeAlertmanagerYaml } from './support/alertmanager-config';
import { freePort, httpGet, serve, start, Started, stop, waitFor, postJson } from './support/processes';
import { writeRuleFiles } from './support/promtool';
import { REPO_ROOT, tempDir } from './support/reference';
import { TOOLS, toolPath } from './support/tools';
import { spawn } from 'child_process';

/**
 * The failure-scenario matrix on every configured cluster. For each row, promtool evaluates
 * every rule of the cluster over the row's series (a healthy cluster plus the failure) and
 * reports the alerts firing at its end; those alerts go to the real Alertmanager running the
 * rendered routing and inhibitions, whose receivers post to a loopback sink. The receivers
 * notified must be the row's: no one, the default (Slack) receiver, the critical receivers.
 * The rows run side by side in one Alertmanager per cluster, told apart by a `scenario` label
 * that grouping and every inhibition also match on (so one row never mutes another's alerts).
 */
type Obj = Record<string, any>;
type Labels = Record<string, string>;

const processes: Started[] = [];
const servers: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const p of processes) await stop(p);
  for (const s of servers) await s.close();
});


/**
 * The series of `ALERTS{alertstate="firing"}` promtool reports for each test file, in order: each
 * file expects none, and the Watchdog always fires, so each reports exactly one failure whose
 * "got" lists the firing alerts.
 */
function firingPerFile(output: string): Labels[][] {
  return [...output.matchAll(/got:\s*(.*)/g)].map((got) => [...got[1].matchAll(/\{((?:[^{}"]|"(?:[^"\\]|\\.)*")*)\}/g)]
    .map((m) => Object.fromEntries([...m[1].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], JSON.parse(`"${l[2]}"`) as string])) as Labels)
    .filter((l) => l.__name__ === 'ALERTS')
    .map(({ __name__, alertstate, ...labels }) => labels));
}

/** Who a set of notified receivers is, in the matrix's words. */
function notifiedAs(receivers: Set<string>): Notified {
  const critical = receivers.has('critical');
  const slack = receivers.has('default');
  if (critical && slack) return 'critical receivers and Slack warning';
  if (critical) return 'critical receivers';
  return slack ? 'Slack warning' : 'no one';
}

describe.each(clusters.map((c) => [c.name, c] as const))('failure scenarios of cluster %s', (name, config) => {
  const c = scenarioCluster(config);
  const scenarios = failureScenarios(c).map((s) => ({ scenario: s, input: s.input(c) })).filter((s) => s.input !== undefined);
  const firing = new Map<string, Labels[]>();
  const notified = new Map<string, Set<string>>();

  // promtool: every rule of the cluster over each row's series, one test file per row. Started
  // when the file loads, so the clusters' runs overlap.
  const dir = tempDir(`scenarios-${name}-`);
  const ruleFiles = writeRuleFiles(c.groups, dir).map((f) => path.basename(f));
  const testFiles = scenarios.map(({ input }, i) => {
    const file = `scenario-${String(i).padStart(2, '0')}.test.yaml`;
    fs.writeFileSync(path.join(dir, file), stringify({
      rule_files: ruleFiles,
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: input!.series, promql_expr_test: [{ expr: 'ALERTS{alertstate="firing"}', eval_time: `${input!.minutes}m`, exp_samples: [] }] }],
    }, { lineWidth: 0 }));
    return file;
  });
  const promtool = new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(toolPath(TOOLS.promtool), ['test', 'rules', ...testFiles], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });

  beforeAll(async () => {
    const run = await promtool;
    const perFile = firingPerFile(run.stderr);
    if (perFile.length !== scenarios.length) throw new Error(`promtool reported ${perFile.length} results for ${scenarios.length} scenarios:\n${run.stdout}${run.stderr}`);
    scenarios.forEach(({ scenario }, i) => firing.set(scenario.id, perFile[i]));

    // The real Alertmanager with the rendered routing and inhibitions; every receiver's channels
    // replaced by a webhook to the sink (a webhook payload names the alerts and the row).
    const posts: { receiver: string; scenario: string }[] = [];
    const sink = await serve((req, body) => {
      const payload = JSON.parse(body || '{}') as { alerts?: { labels: Labels }[] };
      for (const scenario of new Set((payload.alerts ?? []).map((a) => a.labels.scenario))) posts.push({ receiver: (req.url ?? '').split('/')[1], scenario });
      return { body: 'ok' };
    });
    servers.push(sink);
    const rendered = renderCluster(config).files;
    const file = writeAlertmanagerYaml(dir, parse(rendered.get('alertmanager/alertmanager-alertmanager.yaml')!),
      parse(rendered.get('alertmanager/alertmanagerconfig-alertmanager.yaml')!), (u) => u, sink.port);
    const am = parse(fs.readFileSync(file, 'utf8')) as Obj;
    for (const receiver of am.receivers as Obj[]) {
      const short = String(receiver.name).split('/').pop();
      const integrations = ['slack_configs', 'email_configs', 'msteamsv2_configs', 'webhook_configs'].filter((k) => receiver[k]);
      for (const k of integrations) delete receiver[k];
      if (integrations.length > 0) receiver.webhook_configs = [{ url: `http://127.0.0.1:${sink.port}/${short}/`, send_resolved: false }];
    }
    const quicken = (route: Obj) => {
      route.group_wait = '1s';
      route.group_interval = '1s';
      if (route.group_by && !route.group_by.includes('...')) route.group_by = [...route.group_by, 'scenario'];
      for (const child of route.routes ?? []) quicken(child);
    };
    quicken(am.route);
    for (const rule of am.inhibit_rules as Obj[]) rule.equal = [...rule.equal, 'scenario'];
    fs.writeFileSync(file, stringify(am));
    const port = await freePort();
    const proc = start(toolPath(TOOLS.alertmanager), [`--config.file=${file}`, `--storage.path=${path.join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=']);
    processes.push(proc);
    await waitFor(() => httpGet(`http://127.0.0.1:${port}/-/ready`), 30_000, () => `Alertmanager not ready:\n${proc.output()}`);

    const alerts = [...firing].flatMap(([scenario, list]) => list.map((labels) => ({ labels: { ...labels, cluster: name, scenario }, annotations: { summary: labels.alertname } })));
    await postJson(`http://127.0.0.1:${port}/api/v2/alerts`, alerts);
    // A later alert in a group of its own: once it is delivered, every earlier group (same 1s wait) has been.
    await new Promise((r) => setTimeout(r, 1500));
    await postJson(`http://127.0.0.1:${port}/api/v2/alerts`, [{ labels: { alertname: 'DeliveryMarker', severity: 'critical', scenario: 'marker' } }]);
    await waitFor(async () => (posts.some((p) => p.scenario === 'marker' && p.receiver === 'critical') ? true : undefined), 30_000,
      () => `posts: ${JSON.stringify(posts)}\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of posts) notified.set(p.scenario, (notified.get(p.scenario) ?? new Set()).add(p.receiver));
  }, 120_000);

  test.each(scenarios.map(({ scenario }) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    const names = new Set((firing.get(scenario.id) ?? []).map((a) => a.alertname));
    expect(names.has('Watchdog')).toBe(true);
    for (const alert of scenario.fires ?? []) expect([...names]).toContain(alert);
    for (const alert of scenario.quiet ?? []) expect([...names]).not.toContain(alert);
    const receivers = notified.get(scenario.id) ?? new Set<string>();
    const summary = `${scenario.id}: firing ${JSON.stringify(firing.get(scenario.id)?.map((a) => `${a.alertname}/${a.severity}`))}, notified ${[...receivers].join(', ')}`;
    expect({ summary, notified: notifiedAs(receivers) }).toEqual({ summary, notified: scenario.notified });
    // Nobody means nobody: not even Robusta's enrichment.
    if (scenario.notified === 'no one') expect([...receivers].filter((r) => r !== 'watchdog')).toEqual([]);
  });
});

test('the README summarizes the matrix as the table states it', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(SCENARIOS_START);
  const end = readme.indexOf(SCENARIOS_END);
  expect(start).toBeGreaterThan(0);
  expect(readme.slice(start, end + SCENARIOS_END.length)).toBe(scenariosMarkdown(clusters.map(scenarioCluster)));
});
