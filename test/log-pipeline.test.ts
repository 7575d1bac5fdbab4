import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Component } from '../lib/core/component';
import { LogPipeline, LogPipelineProps } from '../lib/logging/log-pipeline';
import { LokiAlertRuleGroup, LokiAlertRuleGroupProps } from '../lib/logging/loki-alert-rule-group';
import { promtoolTestRules } from './support/promtool';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';

/**
 * Promtail's `-config.expand-env` (drone/envsubst): `${VAR}` expands, `$$` is `$`, a doubled
 * backslash is one backslash, `\/` is `/`; everything else is literal.
 */
function expandLikePromtail(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\\[\\/]|\$\{([A-Za-z0-9_]+)\}/g, (m, name?: string) => (name ? env[name] ?? '' : m.slice(1)));
}

const base: LogPipelineProps = {
  pushUrl: 'http://loki-gateway.logging.svc/loki/api/v1/push',
  tenant: 'homelab',
  externalLabels: { cluster: 'homelab' },
  stageGroups: [
    { selector: '{namespace="shop"}', stages: [{ json: { expressions: { level: 'level' } } }, { drop: { regex: 'healthz' } }] },
    { selector: '{namespace="data", container="trino"}', stages: [{ multiline: { firstLine: '^\\d{4}-' } }] },
  ],
};

function pipeline(props: Partial<LogPipelineProps> = {}) {
  const app = new App();
  const chart = new Component(app, 'agents', { namespace: 'monitoring-agents', phase: 'workloads' });
  const p = new LogPipeline(chart, 'pipeline', { ...base, ...props });
  const objects = Testing.synth(chart);
  return { p, chart, objects, kind: (k: string) => objects.filter((o) => o.kind === k) };
}

describe('LogPipeline with promtail', () => {
  const { p, objects, kind } = pipeline({ agent: 'promtail' });
  const config = parse(p.configText);
  const scrape = config.scrape_configs[0];

  test('discovers only its own node\'s pods', () => {
    expect(scrape.kubernetes_sd_configs).toEqual([{ role: 'pod', selectors: [{ role: 'pod', field: 'spec.nodeName=${NODE_NAME}' }] }]);
    expect(kind('DaemonSet')[0].spec.template.spec.containers[0].env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
  });
  test('labels every stream namespace, pod, container, node and app', () => {
    const targets = scrape.relabel_configs.map((r: { target_label?: string }) => r.target_label).filter(Boolean);
    expect(targets).toEqual(['namespace', 'pod', 'container', 'node', 'app', '__path__', '__path__']);
    // `$$` is `$` once Promtail expands the environment (see below).
    const [byUid, byConfigHash] = scrape.relabel_configs.slice(-2);
    expect(byUid.replacement).toBe('/var/log/pods/*$$1/*.log');
    // Static pods log under their config hash; the rule applies only where that annotation is set.
    expect(byConfigHash).toMatchObject({ regex: 'true/(.*)', replacement: '/var/log/pods/*$$1/*.log' });
    const path = (...values: string[]) => new RegExp(`^(?:${byConfigHash.regex})$`).exec(values.join(byConfigHash.separator))?.[1];
    expect(path('true', '9f3c1e', 'kube-apiserver')).toBe('9f3c1e/kube-apiserver');
    expect(path('', '', 'app')).toBeUndefined();
    // No pod phase is dropped: init containers log while Pending, finished pods' last lines count.
    expect(JSON.stringify(scrape.relabel_configs)).not.toContain('__meta_kubernetes_pod_phase');
    const app = scrape.relabel_configs.find((r: { target_label?: string }) => r.target_label === 'app');
    expect(app.source_labels).toEqual(['__meta_kubernetes_pod_label_app_kubernetes_io_name', '__meta_kubernetes_pod_label_app']);
    // Prometheus relabel regexes are anchored; the first non-empty source wins.
    const pick = (v: string) => new RegExp(`^(?:${app.regex})$`).exec(v)?.[1];
    expect([pick('grafana;web'), pick(';web'), pick('grafana;'), pick(';')]).toEqual(['grafana', 'web', 'grafana', undefined]);
  });
  test('parses CRI first, then the per-stream stages', () => {
    expect(scrape.pipeline_stages[0]).toEqual({ cri: {} });
    expect(scrape.pipeline_stages[1].match.selector).toBe('{namespace="shop"}');
    expect(scrape.pipeline_stages[1].match.stages[1]).toEqual({ drop: { expression: 'healthz', drop_counter_reason: 'pipeline_drop' } });
  });
  test('pushes to the endpoint with the tenant and cluster label', () => {
    expect(config.clients).toEqual([{ url: base.pushUrl, tenant_id: 'homelab', external_labels: { cluster: 'homelab' } }]);
  });
  test('survives -config.expand-env: only ${NODE_NAME} expands, backslashes and dollars reach Promtail as written', () => {
    const regex = '\\\\|\\/tmp|(?i)end$$|a[${]';
    const { p: q } = pipeline({ agent: 'promtail', stageGroups: [{ selector: '{namespace="x"}', stages: [{ drop: { regex } }] }] });
    const expanded = parse(expandLikePromtail(q.configText, { NODE_NAME: 'node-3' }));
    expect(expanded.scrape_configs[0].kubernetes_sd_configs[0].selectors[0].field).toBe('spec.nodeName=node-3');
    expect(expanded.scrape_configs[0].pipeline_stages[1].match.stages[0].drop.expression).toBe(regex);
    expect(expanded.scrape_configs[0].relabel_configs.at(-1).replacement).toBe('/var/log/pods/*$1/*.log');
  });
  test('the config is a readable YAML block in the ConfigMap', () => {
    const [cm] = kind('ConfigMap');
    expect(cm.data['config.yaml']).toBe(p.configText);
    expect(p.configText).toContain('\n  - job_name: kubernetes-pods\n');
  });
  test('runs as the documented host agent: pod logs read-only, positions on the node', () => {
    const [ds] = kind('DaemonSet');
    const c = ds.spec.template.spec.containers[0];
    expect(c.args).toEqual(['-config.file=/etc/agent/config.yaml', '-config.expand-env=true']);
    expect(c.volumeMounts.find((m: { name: string }) => m.name === 'pod-logs').readOnly).toBe(true);
    expect(ds.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'state').hostPath.path).toBe('/var/lib/promtail');
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(ds.spec.template.metadata.annotations['observability-stack/host-access']).toMatch(/var\/log\/pods/);
  });
  test('reads pods with get/list/watch only', () => {
    expect(kind('ClusterRole')[0].rules).toEqual([{ apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
  });
  test('ships its monitor and promtool-tested alerts', () => {
    expect(kind('PodMonitor')).toHaveLength(1);
    const result = promtoolTestRules(AlertRuleGroup.all(p));
    if (!result.ok) throw new Error(result.output);
    expect(objects).toMatchSnapshot();
  });
});

describe('LogPipeline with alloy', () => {
  const { p, kind } = pipeline({ agent: 'alloy' });
  test('is the default agent (Promtail is end of life)', () => {
    const { p: d, kind: dk } = pipeline();
    expect(d.agent).toBe('alloy');
    expect(dk('DaemonSet')[0].metadata.name).toBe('alloy');
  });
  test('renders the same pipeline in Alloy syntax', () => {
    expect(p.configText).toContain('field = "spec.nodeName=" + sys.env("NODE_NAME")');
    for (const label of ['namespace', 'pod', 'container', 'node', 'app']) expect(p.configText).toContain(`target_label  = "${label}"`);
    expect(p.configText).toContain('stage.cri {}');
    expect(p.configText).toContain('selector = "{namespace=\\"shop\\"}"');
    expect(p.configText).toContain('url       = "http://loki-gateway.logging.svc/loki/api/v1/push"');
    expect(p.configText).toContain('tenant_id = "homelab"');
    expect(p.configText).toContain('source_labels = ["__meta_kubernetes_pod_annotationpresent_kubernetes_io_config_hash", "__meta_kubernetes_pod_annotation_kubernetes_io_config_hash", "__meta_kubernetes_pod_container_name"]');
    expect(p.configText).not.toContain('__meta_kubernetes_pod_phase');
    expect(kind('DaemonSet')[0].spec.template.spec.containers[0].image).toBe('docker.io/grafana/alloy:v1.18.1');
    expect(kind('ConfigMap')[0].data['config.alloy']).toBe(p.configText);
  });
});

describe('LogPipeline stage selectors', () => {
  test('are read from the parse tree: an "=" inside a value is not a label', () => {
    expect(() => pipeline({ stageGroups: [{ selector: '{app=~"a=b", namespace="shop"}', stages: [{ drop: { regex: 'x' } }] }] })).not.toThrow();
  });
});

describe('LogPipeline validation', () => {
  test.each<[string, Partial<LogPipelineProps>, RegExp]>([
    ['bad selector', { stageGroups: [{ selector: '{namespace="x"', stages: [{ drop: { regex: 'x' } }] }] }, /stageGroups\[0\]\.selector = .* expected a LogQL stream selector: syntax error/],
    ['a query instead of a selector', { stageGroups: [{ selector: '{namespace="x"} |= "a"', stages: [{ drop: { regex: 'x' } }] }] }, /expected a bare LogQL stream selector/],
    ['a selector on a label the stream does not have', { stageGroups: [{ selector: '{service="shop"}', stages: [{ drop: { regex: 'x' } }] }] }, /stageGroups\[0\]\.selector = .* expected a selector on the stream labels \(namespace, pod, container, node, app\); "service" is not one/],
    ['a wait time Go cannot read', { stageGroups: [{ selector: '{namespace="x"}', stages: [{ multiline: { firstLine: '^\\d', maxWaitTime: '1d' } }] }] }, /stageGroups\[0\]\.stages\[0\]\.multiline\.maxWaitTime = "1d" is not valid; expected a Go duration/],
    ['bad regex', { stageGroups: [{ selector: '{namespace="x"}', stages: [{ drop: { regex: '(' } }] }] }, /stageGroups\[0\]\.stages\[0\] = "\(" is not valid; expected a Go \(RE2\) regular expression: /],
    ['lookahead (not RE2)', { stageGroups: [{ selector: '{namespace="x"}', stages: [{ drop: { regex: 'a(?=b)' } }] }] }, /stages\[0\] = "a\(\?=b\)" is not valid; expected a Go \(RE2\) regular expression: RE2 has no lookahead/],
    ['backreference (not RE2)', { stageGroups: [{ selector: '{namespace="x"}', stages: [{ multiline: { firstLine: '(a)\\1' } }] }] }, /RE2 has no backreferences/],
    ['agent', { agent: 'fluentd' as never }, /agent = "fluentd" is not valid; expected one of "promtail", "alloy"/],
    ['push URL', { pushUrl: 'loki:3100' }, /pushUrl = "loki:3100" is not valid/],
    ['tenant', { tenant: 'home lab' }, /tenant = "home lab" is not valid/],
    ['label clash', { externalLabels: { namespace: 'x' } }, /externalLabels = "namespace" is not valid; expected a label other than the per-stream ones/],
  ])('rejects %s', (_n, props, message) => {
    expect(() => pipeline(props)).toThrow(message);
    expect(() => pipeline(props)).toThrow(/^agents\/pipeline: /);
  });
});

describe('LokiAlertRuleGroup', () => {
  const rule = { alert: 'ShopErrors', expr: 'sum(rate({namespace="shop"} |= "ERROR" [5m])) > 1', severity: 'warning' as const, summary: 's', description: 'd' };
  const group = (props: Partial<LokiAlertRuleGroupProps> = {}) => {
    const chart = new Component(new App(), 'loki', { namespace: 'logging', phase: 'workloads' });
    new LokiAlertRuleGroup(chart, 'rules', { name: 'shop', rules: [rule], ...props });
    return Testing.synth(chart);
  };
  test('renders the rules as a ruler file in a labelled ConfigMap', () => {
    const [cm] = group();
    expect(cm.metadata.labels['observability-stack/loki-rules']).toBe('true');
    expect(parse(cm.data['shop.yaml'])).toEqual({ groups: [{ name: 'shop', interval: '1m', rules: [{ alert: 'ShopErrors', expr: rule.expr, labels: { severity: 'warning' }, annotations: { summary: 's', description: 'd' } }] }] });
  });
  test.each<[string, Partial<LokiAlertRuleGroupProps>, RegExp]>([
    ['bad LogQL', { rules: [{ ...rule, expr: 'sum(rate({namespace="shop"}[5m]' }] }, /rules\[0\]\.expr = .* expected valid LogQL: syntax error/],
    ['a selector alone', { rules: [{ ...rule, expr: '{namespace="shop"} |= "x"' }] }, /expected a LogQL metric query/],
    ['a selector with a brace in a value', { rules: [{ ...rule, expr: '{namespace="}"}' }] }, /rules\[0\]\.expr = .* expected a LogQL metric query over logs/],
    ['arithmetic that reads no logs', { rules: [{ ...rule, expr: 'vector(1) > 0' }] }, /expected a LogQL metric query over logs/],
    ['duplicate', { rules: [rule, rule] }, /rules\[1\]\.alert = "ShopErrors" is not valid; expected a name used once/],
  ])('rejects %s', (_n, props, message) => {
    expect(() => group(props)).toThrow(message);
  });
});
