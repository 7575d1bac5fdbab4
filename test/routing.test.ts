import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { buildCluster, renderCluster } from '../charts/stack';
import { writeAlertmanagerYaml } from './support/alertmanager-config';
import { clusters } from './support/configured';
import { tempDir } from './support/reference';
import { TOOLS, toolPath } from './support/tools';

const withAlertmanager = clusters.filter((c) => c.components.includes('alertmanager'));
const amtool = (...args: string[]) => spawnSync(toolPath(TOOLS.amtool), args, { encoding: 'utf8' });

// Every configured cluster's routing, as prometheus-operator hands it to Alertmanager, checked
// with the real amtool: test/alertmanager.test.ts pins the routes of the fixture cluster.
describe.each(withAlertmanager.map((c) => [c.name, c] as const))('the routing of cluster %s', (_name, config) => {
  const files = renderCluster(config).files;
  const file = writeAlertmanagerYaml(tempDir(), parse(files.get('alertmanager/alertmanager-alertmanager.yaml')!),
    parse(files.get('alertmanager/alertmanagerconfig-alertmanager.yaml')!));
  /** Receivers that notify somebody (any `*_configs`), by their name as amtool prints it. */
  const notifying = new Set((parse(readFileSync(file, 'utf8')).receivers as Record<string, unknown>[])
    .filter((r) => Object.keys(r).some((k) => k.endsWith('_configs'))).map((r) => r.name as string));

  test('amtool check-config accepts it', () => {
    const res = amtool('check-config', file);
    expect(res.stdout + res.stderr).toContain('SUCCESS');
    expect(res.status).toBe(0);
  });

  // One alert per severity that pages or warns: it must reach a receiver that notifies.
  const alerts = AlertRuleGroup.all(buildCluster(config).app).flatMap((g) => g.alerts.map((a) => ({ group: g.name, alert: a })));
  const bySeverity = ['critical', 'warning'].flatMap((severity) => {
    const found = alerts.find(({ alert }) => alert.severity === severity && alert.alert !== 'Watchdog');
    return found ? [[severity, found.group, found.alert.alert] as const] : [];
  });
  test.each(bySeverity)('a %s alert (%s/%s) reaches a receiver that notifies', (severity, _group, alertname) => {
    const res = amtool('config', 'routes', 'test', `--config.file=${file}`, `alertname=${alertname}`, `severity=${severity}`);
    expect(res.status).toBe(0);
    const receivers = res.stdout.trim().split(',');
    expect(receivers.filter((r) => notifying.has(r))).not.toEqual([]);
  });
});
