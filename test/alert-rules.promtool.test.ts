import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { buildCluster } from '../charts/stack';
import { clusters, SLOW_CHECKS } from './support/configured';
import { notificationPolicy } from '../charts/metrics/alertmanager-policy';
import { promtoolCheckRules, promtoolTestRules } from './support/promtool';
import { TOOLS, toolVersion } from './support/tools';

beforeAll(() => console.log(`rules checked with ${toolVersion(TOOLS.promtool)}`));

// Every rule group of every configured cluster (extensions included), checked with the real promtool.
describe.each(clusters.map((c) => [c.name, c] as const))('alert rules of cluster %s', (_name, cluster) => {
  const built = buildCluster(cluster);
  const groups = AlertRuleGroup.all(built.app);

  test('the cluster ships rules', () => {
    expect(groups.length).toBeGreaterThan(0);
  });

  test('promtool check rules passes on every rule file', () => {
    const result = promtoolCheckRules(groups);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.ok).toBe(true);
  });

  (SLOW_CHECKS ? test : test.skip)('promtool test rules passes on every test case', () => {
    const result = promtoolTestRules(groups);
    if (!result.ok) throw new Error(result.output);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('every alert has a case where it fires and one where it must not', () => {
    const missing: string[] = [];
    for (const group of groups) {
      for (const alert of group.alerts) {
        const tests = alert.tests ?? [];
        if (!tests.some((t) => t.expectAlerts.length > 0)) missing.push(`${group.name}/${alert.alert}: no firing case`);
        // A heartbeat (`vector(1)`) fires by design; there is no input that silences it.
        const heartbeat = alert.expr.trim() === 'vector(1)';
        if (!heartbeat && !tests.some((t) => t.expectAlerts.length === 0)) missing.push(`${group.name}/${alert.alert}: no must-not-fire case`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every recording rule has a promtool case, and the stack records at least 35 series', () => {
    const rules = groups.flatMap((g) => g.recordingRules.map((r) => ({ group: g.name, rule: r })));
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(rules.filter(({ rule }) => !(rule.tests ?? []).some((t) => t.expectSamples.length > 0)).map(({ group, rule }) => `${group}/${rule.record}`)).toEqual([]);
  });

  // Alertmanager compares a label missing on one side as empty: an inhibition whose source carries
  // `node` never mutes a target without it. The firing cases state every label an alert has.
  test('every alert an inhibition names carries the labels it must be equal on', () => {
    // A target-down alert keeps the target's labels: those its monitor's relabelings set.
    const monitors = built.app.charts.flatMap((c) => c.toJson() as Monitor[]).filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
    const relabelledTo = (job: string) => new Set(monitors.flatMap((m) => [...(m.spec.endpoints ?? []), ...(m.spec.podMetricsEndpoints ?? [])])
      .filter((e) => (e.relabelings ?? []).some((r) => r.targetLabel === 'job' && r.replacement === job))
      .flatMap((e) => (e.relabelings ?? []).map((r) => r.targetLabel)));
    const missing: string[] = [];
    for (const rule of notificationPolicy(built.ctx).inhibitRules) {
      const names = [...rule.source, ...rule.target].filter((m) => m.name === 'alertname');
      for (const group of groups) {
        for (const alert of group.alerts.filter((a) => names.some((m) => new RegExp(`^(?:${m.value})$`).test(a.alert)))) {
          for (const t of alert.tests ?? []) {
            for (const expected of t.expectAlerts) {
              const job = /^up\{job="([^"]+)"\} == 0$/.exec(alert.expr.trim())?.[1];
              const labels = new Set([...Object.keys({ ...alert.labels, ...expected.labels }), ...(job ? relabelledTo(job) : [])]);
              for (const label of rule.equal.filter((l) => l !== 'alertname' && !labels.has(l))) missing.push(`${group.name}/${alert.alert}: ${label}`);
            }
          }
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  test('alert names are unique across the stack (a name repeats only at another severity, in its group)', () => {
    const names = groups.flatMap((g) => [...new Set(g.alerts.map((a) => a.alert))]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const tiers = groups.flatMap((g) => g.alerts.map((a) => `${a.alert}/${a.severity}`));
    expect(tiers.filter((n, i) => tiers.indexOf(n) !== i)).toEqual([]);
  });
});

interface Monitor {
  kind: string;
  spec: { endpoints?: MonitorEndpoint[]; podMetricsEndpoints?: MonitorEndpoint[] };
}
interface MonitorEndpoint { relabelings?: { targetLabel?: string; replacement?: string }[] }
