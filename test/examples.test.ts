import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { addLogPipeline, addYourService } from '../examples/add-your-service';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { renderCluster } from '../charts/stack';
import { homelab } from './fixtures/homelab';
import { Component } from '../lib/core/component';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { ObservedService } from '../lib/monitoring/observed-service';
import { promtoolTestRules } from './support/promtool';
import { staging } from '../examples/second-cluster';
import { addServiceLevelObjectives } from '../examples/service-level-objectives';
import { synth } from '../main';
import { tempDir } from './support/reference';
import { ownMetrics, uncatalogedMetrics } from '../lib/catalog/metrics';

describe('the documented examples', () => {
  test('render, and their alerts pass promtool', () => {
    const app = new App();
    const shop = addYourService(app);
    const kinds = Testing.synth(shop).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual([
      'ConfigMap/dashboard-orders-api', 'ConfigMap/dashboard-shop-overview',
      'PrometheusRule/orders-api', 'PrometheusRule/shop', 'PrometheusRule/shop-recording', 'ServiceMonitor/orders-api',
    ]);
    const result = promtoolTestRules(AlertRuleGroup.all(shop));
    if (!result.ok) throw new Error(result.output);
    expect(Testing.synth(addLogPipeline(app)).map((o) => o.kind)).toContain('DaemonSet');
  });

  test('the SLO example renders rules, dashboards and passing generated cases, also as an extension', () => {
    const checkout = addServiceLevelObjectives(new App());
    expect(Testing.synth(checkout).map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/dashboard-slo-checkout-api-availability', 'ConfigMap/dashboard-slo-checkout-api-latency',
      'PrometheusRule/checkout-api', 'PrometheusRule/slo-checkout-api-availability', 'PrometheusRule/slo-checkout-api-availability-meta',
      'PrometheusRule/slo-checkout-api-latency', 'PrometheusRule/slo-checkout-api-latency-meta', 'ServiceMonitor/checkout-api',
    ]);
    const groups = AlertRuleGroup.all(checkout).filter((g) => g.name.startsWith('slo-'));
    expect(groups.flatMap((g) => g.alerts.map((a) => `${a.alert}/${a.severity}`))).toEqual([
      'CheckoutApiAvailabilityErrorBudgetBurn/critical', 'CheckoutApiAvailabilityErrorBudgetBurn/warning',
      'CheckoutApiLatencyErrorBudgetBurn/critical', 'CheckoutApiLatencyErrorBudgetBurn/warning',
    ]);
    const result = promtoolTestRules(groups);
    if (!result.ok) throw new Error(result.output);
    const cluster = renderCluster({ ...homelab, extensions: [addServiceLevelObjectives] });
    expect(parse(cluster.files.get('checkout/configmap-dashboard-slo-checkout-api-latency.yaml')!).metadata.namespace).toBe('monitoring');
  });

  test('as an extension of a cluster: its own folder and GitOps unit, its dashboards loaded by Grafana', () => {
    const cluster = renderCluster({ ...homelab, extensions: [addYourService] });
    const files = [...cluster.files.keys()];
    expect(files.filter((f) => f.startsWith('shop/')).sort()).toEqual([
      'shop/configmap-dashboard-orders-api.yaml', 'shop/configmap-dashboard-shop-overview.yaml',
      'shop/kustomization.yaml', 'shop/prometheusrule-orders-api.yaml', 'shop/prometheusrule-shop-recording.yaml', 'shop/prometheusrule-shop.yaml',
      'shop/servicemonitor-orders-api.yaml',
    ]);
    // Its dashboards go to Grafana's namespace, where the Grafana pod can mount them.
    for (const uid of ['orders-api', 'shop-overview']) {
      expect(parse(cluster.files.get(`shop/configmap-dashboard-${uid}.yaml`)!).metadata.namespace).toBe('monitoring');
    }
    const grafana = parse(cluster.files.get('grafana/deployment-grafana.yaml')!).spec.template.spec;
    const mounted = grafana.volumes.flatMap((v: { projected?: { sources: { configMap: { name: string } }[] } }) => v.projected?.sources.map((s) => s.configMap.name) ?? []);
    expect(mounted).toEqual(expect.arrayContaining(['dashboard-orders-api', 'dashboard-shop-overview']));
    expect(grafana.containers[0].volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/etc/grafana/dashboards/Shop');
    expect(files).toContain('argocd/application-homelab-shop.yaml');
    expect(files).toContain('flux/kustomization-homelab-shop.yaml');
  });

  test.each<[string, (chart: Component) => void, string]>([
    ['a dashboard on a datasource Grafana does not provision',
      (chart) => new GrafanaDashboard(chart, 'board', { uid: 'shop-board', title: 'Shop', folder: 'Shop', datasources: { prometheus: 'prom', loki: 'loki' }, panels: [{ title: 'Up', queries: [{ expr: 'up' }] }] }),
      'shop/board: datasources.prometheus = "prom" is not valid; expected the uid of the prometheus datasource Grafana provisions ("prometheus")'],
    ['a dashboard with its datasources swapped',
      (chart) => new GrafanaDashboard(chart, 'board', { uid: 'shop-board', title: 'Shop', folder: 'Shop', datasources: { prometheus: 'loki', loki: 'prometheus' }, panels: [{ title: 'Up', queries: [{ expr: 'up' }] }] }),
      'shop/board: datasources.prometheus = "loki" is not valid; expected the uid of the prometheus datasource Grafana provisions ("prometheus")'],
    ['an alert named like one of the stack\'s',
      (chart) => new AlertRuleGroup(chart, 'rules', { name: 'shop', rules: [{ alert: 'KubePodCrashLooping', expr: 'up == 0', severity: 'warning', summary: 's', description: 'd' }] }),
      'shop/rules: alert = "KubePodCrashLooping (warning)" is not valid; expected an alert name and severity no other construct uses (kube-state-metrics/kubernetes-rules has it too)'],
    ['a service monitored under a job the stack uses',
      (chart) => new ObservedService(chart, 'svc', { name: 'grafana', selector: { app: 'grafana' }, port: 'http' }),
      'shop/svc: name = "grafana" is not valid; expected a job name no other construct uses (grafana/monitoring has it too)'],
  ])('an extension with %s is refused, naming both', (_name, add, message) => {
    const extension = (scope: Construct) => {
      const chart = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });
      add(chart);
      return chart;
    };
    expect(() => renderCluster({ ...homelab, extensions: [extension] })).toThrow(message);
  });

  test('an extension may escalate one of its alerts: the same name at another severity', () => {
    const escalating = (scope: Construct) => {
      const chart = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });
      const rule = { alert: 'ShopQueueBacklog', expr: 'max(orders_queue_depth) > 1000', summary: 's', description: 'd' };
      new AlertRuleGroup(chart, 'rules', { name: 'shop', rules: [{ ...rule, severity: 'warning' }, { ...rule, expr: 'max(orders_queue_depth) > 5000', severity: 'critical' }] });
      return chart;
    };
    expect(() => renderCluster({ ...homelab, extensions: [escalating] })).not.toThrow();
  });

  test('a clash inside an extension is reported as it is, not as a Component id clash', () => {
    const twice = (scope: Construct) => {
      const chart = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });
      const group = { name: 'shop', rules: [{ record: 'shop:up:sum', expr: 'sum(up)' }] };
      new AlertRuleGroup(chart, 'rules', group);
      new AlertRuleGroup(chart, 'rules', group);
      return chart;
    };
    expect(() => renderCluster({ ...homelab, extensions: [twice] })).toThrow(/There is already a Construct with name 'rules'/);
  });

  test('an extension whose Component id is a stack component\'s is refused, naming the field', () => {
    const grafana = (scope: Construct) => new Component(scope, 'grafana', { namespace: 'shop', phase: 'resources' });
    expect(() => renderCluster({ ...homelab, extensions: [grafana] }))
      .toThrow('config/homelab: extensions[0] = "grafana" is not valid; expected a Component id no stack component or other extension uses');
  });

  test('a dashboard placed outside Grafana\'s namespace is refused, naming the dashboard', () => {
    const elsewhere = (scope: Construct) => {
      const chart = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });
      new GrafanaDashboard(chart, 'board', { uid: 'shop-board', title: 'Shop', folder: 'Shop', namespace: 'shop', datasources: { prometheus: 'prometheus', loki: 'loki' }, panels: [{ title: 'Up', queries: [{ expr: 'up' }] }] });
      return chart;
    };
    expect(() => renderCluster({ ...homelab, extensions: [elsewhere] }))
      .toThrow('shop/board: namespace = "shop" is not valid; expected Grafana\'s namespace "monitoring"');
  });

  test('the catalog check takes an extension\'s own metrics (its alerts\' test series) and still catches a typo', () => {
    const app = new App();
    const shop = addYourService(app);
    const own = ownMetrics(AlertRuleGroup.all(shop));
    // Fed in by the tests of its alerts and recording rule, or recorded by it.
    expect([...own].sort()).toEqual(['http_requests_total', 'job:orders_processed:rate5m', 'orders_processed_total', 'orders_queue_depth', 'up']);
    expect(GrafanaDashboard.all(shop).flatMap((d) => uncatalogedMetrics(d, own))).toEqual([]);
    const typo = new GrafanaDashboard(shop, 'typo', { uid: 'typo', title: 'Typo', folder: 'Shop', datasources: { prometheus: 'prometheus', loki: 'loki' }, panels: [{ title: 'Orders', queries: [{ expr: 'sum(orders_queue_dept)' }] }] });
    expect(uncatalogedMetrics(typo, own)).toEqual(['typo panels[0] (Orders).queries[0] (refId A): orders_queue_dept']);
  });

  test.each(['README.md', 'docs/library.md'])('%s shows the example code as it is tested', (file) => {
    const doc = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
    const source = ['add-your-service.ts', 'service-level-objectives.ts'].map((f) => fs.readFileSync(path.join(__dirname, '..', 'examples', f), 'utf8')).join('\n');
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect(source.replace(/^ {2}/gm, '')).toContain(block.trim());
  });

  test('the README\'s second cluster renders beside the reference one, and is what the README shows', () => {
    const dir = tempDir();
    expect(() => synth({ outdir: dir, clusters: [homelab, staging] })).not.toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(['homelab', 'staging']);
    expect(fs.existsSync(path.join(dir, 'staging', 'speedtest-exporter'))).toBe(false);
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const block = /```typescript\n(\/\/ config\/base\.ts[\s\S]*?)```/.exec(readme)![1];
    const source = fs.readFileSync(path.join(__dirname, '..', 'examples', 'second-cluster.ts'), 'utf8');
    const code = block.split('\n').filter((l) => l.trim() && !l.startsWith('//') && !l.startsWith('import '));
    expect(code.filter((l) => !source.includes(l))).toEqual([]);
  });

  test('a second cluster spread from the first is refused: same Dex client (its in-cluster Garage is its own)', () => {
    expect(() => synth({ outdir: tempDir(), clusters: [homelab, { ...homelab, name: 'copy' }] }))
      .toThrow('config/copy: grafana.dex.clientId = "grafana" is not valid; expected a Dex client (issuer and clientId) no other cluster uses (cluster homelab has it too)');
  });
});
