import * as fs from 'fs';
import * as path from 'path';
import { alertLinks, repositoryWebUrl, RUNBOOKS_DIR, runbookBaseUrl } from '../charts/alert-links';
import { runbookFiles } from '../charts/docs/runbooks-md';
import { runbook } from '../charts/runbooks';
import { buildCluster } from '../charts/stack';
import { UPSTREAM_RUNBOOK_PAGES, UPSTREAM_RUNBOOKS_BASE } from '../charts/upstream-runbooks';
import { clusters } from './support/configured';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { withAlertLinks } from '../lib/alerting/alert-links';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { LokiAlertRuleGroup } from '../lib/logging/loki-alert-rule-group';
import { REPO_ROOT } from './support/reference';

/** Every upstream page URL, as `runbook()` spells them. */
const UPSTREAM = new Set(Object.entries(UPSTREAM_RUNBOOK_PAGES).flatMap(([group, pages]) => pages.map((p) => `${UPSTREAM_RUNBOOKS_BASE}/${group}/${p.toLowerCase()}`)));

interface Linked { readonly alert: string; readonly runbookUrl?: string; readonly dashboardUrl?: string }

/** The alerts whose runbook resolves neither in the repository nor in the pinned upstream list. */
function unreachableRunbooks(alerts: readonly Linked[], base: string, exists: (file: string) => boolean): string[] {
  return alerts.filter((a) => {
    if (!a.runbookUrl) return true;
    if (UPSTREAM.has(a.runbookUrl)) return false;
    return !(a.runbookUrl.startsWith(base) && exists(path.join(RUNBOOKS_DIR, a.runbookUrl.slice(base.length))));
  }).map((a) => `${a.alert}: ${a.runbookUrl ?? 'no runbook_url'}`);
}

const inRepo = (file: string) => fs.existsSync(path.join(REPO_ROOT, file));

describe.each(clusters.map((c) => [c.name, c] as const))('runbooks of cluster %s', (_name, cluster) => {
  const { app, ctx } = buildCluster(cluster);
  const alerts: Linked[] = [...AlertRuleGroup.all(app).flatMap((g) => g.alerts), ...LokiAlertRuleGroup.all(app).flatMap((g) => g.rules)];

  test('every alert links a runbook that resolves in the repository or in the pinned upstream list', () => {
    expect(alerts.length).toBeGreaterThan(100);
    expect(unreachableRunbooks(alerts, runbookBaseUrl(ctx), inRepo)).toEqual([]);
  });

  test('every dashboard_url opens a dashboard the cluster renders', () => {
    const uids = new Set(GrafanaDashboard.all(app).map((d) => d.uid));
    const linked = alerts.filter((a) => a.dashboardUrl);
    expect(linked.length).toBeGreaterThan(alerts.length / 2);
    expect(linked.filter((a) => !uids.has(/\/d\/([^/?]+)/.exec(a.dashboardUrl!)?.[1] ?? '')).map((a) => `${a.alert}: ${a.dashboardUrl}`)).toEqual([]);
    expect(linked.every((a) => a.dashboardUrl!.startsWith(`https://${ctx.grafanaHostname}/d/`))).toBe(true);
  });
});

describe('the runbook checks', () => {
  const base = 'https://git.example.net/o/r/blob/main/docs/runbooks/';
  test('an alert without a runbook, linking a missing page of its own, or an upstream page that does not exist fails', () => {
    const alerts: Linked[] = [
      { alert: 'NoLink' },
      { alert: 'Missing', runbookUrl: `${base}NoSuchAlert.md` },
      { alert: 'Upstream', runbookUrl: `${UPSTREAM_RUNBOOKS_BASE}/prometheus/prometheusruleevaluationfailures` },
      { alert: 'Fine', runbookUrl: `${base}LokiTargetDown.md` },
      { alert: 'FineUpstream', runbookUrl: runbook('prometheus', 'PrometheusRuleFailures') },
    ];
    expect(unreachableRunbooks(alerts, base, inRepo)).toEqual([
      'NoLink: no runbook_url', `Missing: ${base}NoSuchAlert.md`, `Upstream: ${UPSTREAM_RUNBOOKS_BASE}/prometheus/prometheusruleevaluationfailures`,
    ]);
  });

  test('runbook() refuses a page the pinned runbooks repository does not have', () => {
    expect(() => runbook('prometheus', 'PrometheusRuleEvaluationFailures')).toThrow(/has no page prometheus\/PrometheusRuleEvaluationFailures\.md.*PrometheusRuleFailures/);
  });

  test('docs/runbooks is what the rules generate (npm run synth rewrites it), nothing more', () => {
    const generated = runbookFiles();
    const onDisk = fs.readdirSync(path.join(REPO_ROOT, RUNBOOKS_DIR)).map((f) => path.posix.join(RUNBOOKS_DIR, f)).sort();
    expect(onDisk).toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) expect(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')).toBe(text);
    // Each names its meaning, impact, three checks and the dashboard to open.
    const page = generated.get(`${RUNBOOKS_DIR}/NodeExporterTargetDown.md`)!;
    expect(page).toMatch(/## Meaning[\s\S]*## Impact[\s\S]*## First three things to check\n\n1\. [^\n]+\n2\. [^\n]+\n3\. [^\n]+\n[\s\S]*## Dashboard\n\nOpen \*\*Node\*\* \(uid `node`\)/);
  });

  test('the runbook link is the GitOps repository as its forge shows it, at the tracked revision', () => {
    expect(repositoryWebUrl('https://github.com/example/obs.git')).toBe('https://github.com/example/obs');
    expect(repositoryWebUrl('ssh://git@git.example.net/team/obs.git')).toBe('https://git.example.net/team/obs');
    const { ctx } = buildCluster(clusters[0]);
    expect(alertLinks(ctx).runbookBaseUrl).toBe(`${repositoryWebUrl(ctx.gitops.repoURL)}/blob/${ctx.gitops.targetRevision}/docs/runbooks/`);
    // An alert's own links win over the app's.
    expect(withAlertLinks({ alert: 'A', runbookUrl: 'https://x/y' }, 'g', { runbookBaseUrl: 'https://b/', dashboards: [{ match: 'g/.*', url: 'https://d' }] }))
      .toEqual({ alert: 'A', runbookUrl: 'https://x/y', dashboardUrl: 'https://d' });
  });
});
