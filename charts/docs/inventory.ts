import { DASHBOARD_LABEL, FOLDER_ANNOTATION } from '../../lib/dashboards/grafana-dashboard';
import { LogPipeline } from '../../lib/logging/log-pipeline';
import { LokiAlertRuleGroup } from '../../lib/logging/loki-alert-rule-group';
import { DocumentInput } from '../documents';
import { deploySection } from './deploy-md';
import { requiredSecrets } from './secrets-md';
import { sizingSection } from './sizing-md';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface MonitorSpec {
  selector: LabelSelector;
  namespaceSelector?: { any?: boolean; matchNames?: string[] };
  endpoints?: { port?: string; targetPort?: string | number; path?: string; interval?: string }[];
  podMetricsEndpoints?: { port?: string; targetPort?: string | number; path?: string; interval?: string }[];
}

interface ProbeSpec {
  prober?: { url: string; path?: string };
  module?: string;
  interval?: string;
  targets?: {
    staticConfig?: { static?: string[] };
    ingress?: { selector?: LabelSelector; namespaceSelector?: { any?: boolean; matchNames?: string[] } };
  };
}

interface RuleGroupSpec { groups?: { name: string; rules: { alert?: string; record?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[] }

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${cell(s)}\``;

function selectorText(selector: LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(', ')})` : ''}`);
  const all = [...labels, ...expressions];
  return all.length ? all.join(', ') : '(all)';
}

const namespacesText = (sel: { any?: boolean; matchNames?: string[] } | undefined, own: string | undefined) =>
  sel?.any ? 'any' : sel?.matchNames?.join(', ') ?? own ?? '';

/** The data-flow diagram, from the components that are present. */
function mermaid(input: DocumentInput): string[] {
  const has = (c: Parameters<typeof input.ctx.has>[0]) => input.ctx.has(c);
  const lines = ['```mermaid', 'flowchart LR'];
  lines.push('  subgraph sources[Sources]');
  if (has('node-exporter')) lines.push('    nodes[Nodes: node-exporter + textfile collectors]');
  if (has('kube-state-metrics')) lines.push('    ksm[kube-state-metrics]');
  if (has('kubernetes-monitors')) lines.push('    k8s[kubelet / cAdvisor / API server / CoreDNS]');
  if (has('speedtest-exporter')) lines.push('    speed[speedtest-exporter]');
  lines.push('    apps[Workloads and data services]');
  if (has('log-agent')) lines.push('    pods[Pod logs]');
  lines.push('  end');
  lines.push('  subgraph collection[Collection]');
  if (has('prometheus')) lines.push('    prom[Prometheus]');
  if (has('log-agent')) lines.push(`    agent[${input.ctx.logAgent}]`);
  lines.push('  end', '  subgraph storage[Storage]');
  if (has('prometheus')) lines.push('    tsdb[(Prometheus TSDB)]');
  if (has('prometheus') && input.ctx.ha) lines.push('    thanos[Thanos Query / Store Gateway / Compactor]', '    bucket[(S3: Thanos blocks)]');
  if (has('loki')) lines.push('    gw[loki-gateway]', '    loki[Loki]', '    s3[(S3: Garage)]');
  const traces = input.ctx.config.traces;
  if (traces) lines.push(`    traces[(${traces.type}, outside the stack)]`);
  lines.push('  end', '  subgraph visualization[Visualization]');
  if (has('grafana')) lines.push('    grafana[Grafana + Dex SSO]');
  lines.push('  end', '  subgraph alerting[Alerting]');
  if (has('alertmanager')) lines.push('    am[Alertmanager]');
  if (has('robusta')) lines.push('    robusta[Robusta]');
  const channels = input.ctx.notificationChannels;
  if (channels.length) lines.push(`    notify[${channels.join(' / ')}]`);
  lines.push('  end');
  const edge = (cond: boolean, e: string) => { if (cond) lines.push(`  ${e}`); };
  edge(has('prometheus') && has('node-exporter'), 'nodes --> prom');
  edge(has('prometheus') && has('kube-state-metrics'), 'ksm --> prom');
  edge(has('prometheus') && has('kubernetes-monitors'), 'k8s --> prom');
  edge(has('prometheus') && has('speedtest-exporter'), 'speed --> prom');
  edge(has('prometheus'), 'apps --> prom');
  edge(has('prometheus'), 'prom --> tsdb');
  edge(has('log-agent'), 'pods --> agent');
  edge(has('log-agent') && has('loki'), 'agent --> gw');
  edge(has('loki'), 'gw --> loki');
  edge(has('loki'), 'loki --> s3');
  edge(has('prometheus') && input.ctx.ha, 'tsdb -- sidecar uploads --> bucket');
  edge(has('prometheus') && input.ctx.ha, 'thanos --> prom');
  edge(has('prometheus') && input.ctx.ha, 'thanos --> bucket');
  edge(has('grafana') && has('prometheus') && !input.ctx.ha, 'grafana --> prom');
  edge(has('grafana') && has('prometheus') && input.ctx.ha, 'grafana --> thanos');
  edge(has('grafana') && has('loki'), 'grafana --> gw');
  edge(has('grafana') && traces !== undefined, 'grafana -. trace links .-> traces');
  edge(has('prometheus') && has('alertmanager'), 'prom -- alerts --> am');
  edge(has('loki') && has('alertmanager'), 'loki -- log alerts --> am');
  edge(has('alertmanager') && has('robusta'), 'am -- webhook --> robusta');
  edge(has('robusta') && channels.length > 0, 'robusta --> notify');
  edge(has('alertmanager') && channels.length > 0, 'am --> notify');
  lines.push('```');
  return lines;
}

/** `dist/<cluster>/README.md`: what this cluster runs, rendered from the construct tree. */
export function inventoryMarkdown(input: DocumentInput): Map<string, string> {
  const { app, ctx, components } = input;
  const out: string[] = [
    `# ${ctx.name}: observability stack inventory`,
    '',
    '<!-- Generated by `npm run synth` from the construct tree; do not edit. -->',
    '',
    '## Data flow',
    '',
    ...mermaid(input),
    '',
    '## Components',
    '',
    '| component | phase | objects | what it is |',
    '|---|---|---|---|',
    ...components.map((c) => `| [${c.name}](${c.name}/) | ${c.phase} | ${c.manifests.length} | ${cell(c.description ?? '')} |`),
    ...deploySection(input),
  ];

  // Every scrape target the stack renders, from the objects (ObservedService-made or not).
  const manifests = components.flatMap((c) => c.manifests);
  const prometheus = manifests.find((m) => m.kind === 'Prometheus')?.spec as { scrapeInterval?: string } | undefined;
  const interval = (i: string | undefined) => i ?? `default (${prometheus?.scrapeInterval ?? '30s'})`;
  out.push('', '## Scrape targets', '', '| monitor | kind | namespace | selector | port | path | interval |', '|---|---|---|---|---|---|---|');
  for (const m of manifests) {
    if (m.kind === 'ServiceMonitor' || m.kind === 'PodMonitor') {
      const spec = m.spec as MonitorSpec;
      const namespace = namespacesText(spec.namespaceSelector, m.metadata.namespace);
      for (const ep of spec.endpoints ?? spec.podMetricsEndpoints ?? []) {
        out.push(`| ${m.metadata.name} | ${m.kind} | ${namespace} | ${code(selectorText(spec.selector))} | ${ep.port ?? ep.targetPort ?? ''} | ${ep.path ?? '/metrics'} | ${interval(ep.interval)} |`);
      }
    } else if (m.kind === 'Probe') {
      const spec = m.spec as ProbeSpec;
      const ingress = spec.targets?.ingress;
      const targets = spec.targets?.staticConfig?.static?.join(', ') ?? `ingresses ${selectorText(ingress?.selector)}`;
      const namespace = ingress ? namespacesText(ingress.namespaceSelector, m.metadata.namespace) : m.metadata.namespace ?? '';
      const prober = spec.prober ? `${spec.prober.url}${spec.prober.path ?? '/probe'}` : '';
      out.push(`| ${m.metadata.name} | Probe | ${namespace} | ${code(targets)} | module ${spec.module ?? 'default'} | ${cell(prober)} | ${interval(spec.interval)} |`);
    }
  }

  // Alert rules as rendered: every PrometheusRule, whichever construct made it.
  const alerts = components.flatMap((c) => c.manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) =>
    ((m.spec as RuleGroupSpec).groups ?? []).flatMap((g) => g.rules.filter((r) => r.alert).map((r) => ({ component: c.name, group: g.name, ...r })))));
  out.push('', `## Alert rules (${alerts.length})`, '', '| alert | severity | component | group | summary |', '|---|---|---|---|---|');
  for (const a of alerts) out.push(`| ${a.alert} | ${a.labels?.severity ?? ''} | ${a.component} | ${a.group} | ${cell(a.annotations?.summary ?? '')} |`);
  const logGroups = LokiAlertRuleGroup.all(app);
  if (logGroups.length) {
    out.push('', '### Log alerts (Loki ruler)', '', '| alert | severity | summary |', '|---|---|---|');
    for (const g of logGroups) for (const r of g.rules) out.push(`| ${r.alert} | ${r.severity} | ${cell(r.summary)} |`);
  }

  const records = components.flatMap((c) => c.manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) =>
    ((m.spec as RuleGroupSpec).groups ?? []).flatMap((g) => g.rules.filter((r) => r.record).map((r) => ({ component: c.name, group: g.name, record: r.record! })))));
  out.push('', `## Recording rules (${records.length})`, '', '| record | component | group |', '|---|---|---|');
  for (const r of records) out.push(`| ${code(r.record)} | ${r.component} | ${r.group} |`);

  // Dashboards as Grafana's sidecar sees them: ConfigMaps carrying the dashboard label.
  const dashboards = manifests
    .filter((m) => m.kind === 'ConfigMap' && (m.metadata.labels as Record<string, string> | undefined)?.[DASHBOARD_LABEL] !== undefined)
    .flatMap((m) => Object.values((m.data ?? {}) as Record<string, string>).map((json) => {
      const d = JSON.parse(json) as { title?: string; uid?: string };
      const folder = (m.metadata.annotations as Record<string, string> | undefined)?.[FOLDER_ANNOTATION] ?? 'General';
      return { folder, title: d.title ?? '', uid: d.uid ?? '', configMap: `${m.metadata.namespace}/${m.metadata.name}` };
    }))
    .sort((a, b) => `${a.folder}/${a.title}`.localeCompare(`${b.folder}/${b.title}`));
  out.push('', `## Dashboards (${dashboards.length})`, '', '| folder | title | uid | ConfigMap |', '|---|---|---|---|');
  for (const d of dashboards) out.push(`| ${d.folder} | ${cell(d.title)} | ${code(d.uid)} | ${d.configMap} |`);

  const pipelines = LogPipeline.all(app);
  out.push('', '## Log pipelines', '', '| agent | endpoint | tenant | stream labels |', '|---|---|---|---|');
  for (const p of pipelines) out.push(`| ${p.agent} | ${p.spec.pushUrl} | ${p.spec.tenant} | namespace, pod, container, node, app |`);

  // The expected load and what it sizes (shown with the `ha` profile, whose sizes it drives).
  if (ctx.ha) out.push(...sizingSection(ctx, manifests));

  out.push('', '## Required Secrets', '', 'See [SECRETS.md](SECRETS.md) for how to create them.', '', '| Secret | namespace | keys |', '|---|---|---|');
  for (const s of requiredSecrets(input)) out.push(`| ${s.name} | ${s.namespace} | ${[...s.keys.keys()].sort().map(code).join(', ')} |`);
  return new Map([['README.md', `${out.join('\n')}\n`]]);
}
