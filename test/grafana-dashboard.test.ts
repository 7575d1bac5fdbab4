import { App, Testing } from 'cdk8s';
import { Component } from '../lib/core/component';
import { GrafanaDashboard, GrafanaDashboardProps } from '../lib/dashboards/grafana-dashboard';
import { queryMetricNames, queryVariables } from '../lib/dashboards/queries';
import { uncatalogedMetrics } from '../lib/catalog/metrics';

const base: GrafanaDashboardProps = {
  uid: 'demo',
  title: 'Demo',
  folder: 'Team A',
  datasources: { prometheus: 'prom-uid', loki: 'loki-uid' },
  variables: [{ name: 'namespace', query: 'label_values(kube_pod_info, namespace)' }],
  panels: [
    { title: 'Requests', type: 'stat', queries: [{ expr: 'sum(rate(shop_requests_total{namespace="$namespace"}[$__rate_interval]))' }] },
    { title: 'Errors', queries: [{ expr: 'sum by (pod) (rate(shop_requests_total{namespace="$namespace",code=~"5.."}[5m]))', legend: '{{ pod }}' }] },
    { title: 'Logs', type: 'logs', queries: [{ language: 'logql', expr: '{namespace="$namespace"} |= "error"' }] },
  ],
};

function render(props: Partial<GrafanaDashboardProps> = {}) {
  const chart = new Component(new App(), 'dashboards', { namespace: 'monitoring', phase: 'workloads' });
  const d = new GrafanaDashboard(chart, 'demo', { ...base, ...props });
  return { d, objects: Testing.synth(chart) };
}

describe('GrafanaDashboard', () => {
  const { d, objects } = render();
  const [cm] = objects;
  const model = JSON.parse(cm.data['demo.json']);

  test('renders one ConfigMap with the sidecar label, the folder and a stable uid', () => {
    expect(objects).toHaveLength(1);
    expect(cm.metadata).toMatchObject({ name: 'dashboard-demo', namespace: 'monitoring', labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'Team A' } });
    expect(model.uid).toBe('demo');
    expect(model.title).toBe('Demo');
  });
  test('references datasources by uid', () => {
    expect(model.panels[0].targets[0].datasource).toEqual({ type: 'prometheus', uid: 'prom-uid' });
    expect(model.panels[2].targets[0].datasource).toEqual({ type: 'loki', uid: 'loki-uid' });
    expect(model.templating.list[0]).toMatchObject({ name: 'namespace', query: 'label_values(kube_pod_info, namespace)', datasource: { uid: 'prom-uid' } });
  });
  test('lays panels out without overlap', () => {
    expect(model.panels.map((p: { gridPos: unknown }) => p.gridPos)).toEqual([
      { x: 0, y: 0, w: 6, h: 4 }, { x: 6, y: 0, w: 12, h: 8 }, { x: 0, y: 8, w: 24, h: 8 },
    ]);
    expect(model.panels[0].options.reduceOptions.calcs).toEqual(['lastNotNull']);
    expect(objects).toMatchSnapshot();
  });
  test('flowing panels go below explicitly placed ones', () => {
    const layout = (panels: GrafanaDashboardProps['panels']) => JSON.parse(render({ panels }).objects[0].data['demo.json']).panels.map((p: { gridPos: unknown }) => p.gridPos);
    const up = { queries: [{ expr: 'up' }] };
    expect(layout([{ title: 'A', gridPos: { x: 0, y: 0, w: 24, h: 8 }, ...up }, { title: 'B', ...up }]))
      .toEqual([{ x: 0, y: 0, w: 24, h: 8 }, { x: 0, y: 8, w: 12, h: 8 }]);
    expect(layout([{ title: 'A', ...up }, { title: 'B', gridPos: { x: 0, y: 8, w: 24, h: 8 }, ...up }, { title: 'C', ...up }]))
      .toEqual([{ x: 0, y: 0, w: 12, h: 8 }, { x: 0, y: 8, w: 24, h: 8 }, { x: 0, y: 16, w: 12, h: 8 }]);
  });
  test('time series show their legend, log panels their details', () => {
    expect(model.panels[1].options.legend).toMatchObject({ showLegend: true, displayMode: 'list', placement: 'bottom' });
    expect(model.panels[2].options).toMatchObject({ enableLogDetails: true, showTime: true });
  });
  test('a panel mixing PromQL and LogQL uses the mixed datasource, each query its own', () => {
    const mixed = JSON.parse(render({ panels: [{ title: 'M', queries: [{ expr: 'sum(up)' }, { language: 'logql', expr: 'sum(count_over_time({namespace="x"}[5m]))' }] }] }).objects[0].data['demo.json']).panels[0];
    expect(mixed.datasource).toEqual({ type: 'datasource', uid: '-- Mixed --' });
    expect(mixed.targets.map((t: { datasource: { uid: string } }) => t.datasource.uid)).toEqual(['prom-uid', 'loki-uid']);
  });
  test('knows its queries, their variables and metrics', () => {
    expect(d.queries).toHaveLength(4);
    expect(queryVariables(base.panels[0].queries[0].expr)).toEqual(['namespace']);
    expect(queryMetricNames(base.panels[1].queries[0].expr, 'promql')).toEqual(['shop_requests_total']);
    expect(queryMetricNames('label_values(kube_pod_info, namespace)', 'promql')).toEqual(['kube_pod_info']);
  });

  test('a metric no exporter of the stack exports is reported, unless a rule records it', () => {
    expect(uncatalogedMetrics(d)).toEqual([
      'demo panels[0] (Requests).queries[0] (refId A): shop_requests_total',
      'demo panels[1] (Errors).queries[0] (refId A): shop_requests_total',
    ]);
    expect(uncatalogedMetrics(d, new Set(['shop_requests_total']))).toEqual([]);
  });

  test('a drill-down becomes a data link to the target dashboard, with its variables and the time range', () => {
    const linked = render({ panels: [{ title: 'By pod', queries: [{ expr: 'sum by (pod) (up{namespace="$namespace"})' }],
      links: [{ title: 'Pod', dashboard: 'pod-view', vars: { namespace: '$namespace', pod: '${__field.labels.pod}' } }] }] });
    const panel = JSON.parse(linked.objects[0].data['demo.json']).panels[0];
    expect(panel.fieldConfig.defaults.links).toEqual([expect.objectContaining({ title: 'Pod', url: '/d/pod-view?var-namespace=$namespace&var-pod=${__field.labels.pod}&${__url_time_range}' })]);
    expect(linked.d.drillDowns).toEqual([{ where: 'panels[0] (By pod).links[0]', dashboard: 'pod-view' }]);
  });

  test('a dashboard link leads to a related dashboard, with its variables and the time range', () => {
    const linked = render({ links: [{ title: 'Namespace view', dashboard: 'ns-view', vars: { namespace: '$namespace' } }] });
    const json = JSON.parse(linked.objects[0].data['demo.json']);
    expect(json.links).toEqual([expect.objectContaining({ title: 'Namespace view', type: 'link', url: '/d/ns-view?var-namespace=$namespace&${__url_time_range}' })]);
    // Shown in the bar at the top, not hidden in the controls menu.
    expect(json.links[0]).not.toHaveProperty('placement');
    expect(linked.d.drillDowns).toEqual([{ where: 'links[0] (Namespace view)', dashboard: 'ns-view' }]);
  });

  test.each<[string, Partial<GrafanaDashboardProps>, RegExp]>([
    ['a dashboard link to no dashboard uid', { links: [{ title: 'x', dashboard: 'a/b' }] }, /links\[0\] \(x\)\.dashboard = "a\/b" is not valid; expected a dashboard uid/],
    ['a drill-down to no dashboard uid', { panels: [{ title: 'P', queries: [{ expr: 'up' }], links: [{ title: 'x', dashboard: 'a b' }] }] },
      /panels\[0\] \(P\)\.links\[0\]\.dashboard = "a b" is not valid; expected a dashboard uid/],
    ['a drill-down variable that is no name', { panels: [{ title: 'P', queries: [{ expr: 'up' }], links: [{ title: 'x', dashboard: 'pod', vars: { 'a-b': '1' } }] }] },
      /panels\[0\] \(P\)\.links\[0\]\.vars = "a-b" is not valid/],
    ['a uid that is too long', { uid: 'x'.repeat(41) }, /uid = "x+" is not valid; expected at most 40 letters/],
    ['a uid with spaces', { uid: 'my dash' }, /uid = "my dash" is not valid/],
    ['bad PromQL', { panels: [{ title: 'P', queries: [{ expr: 'sum(rate(x[5m])' }] }] }, /panels\[0\] \(P\)\.queries\[0\] \(refId A\) = "sum\(rate\(x\[5m\]\)" is not valid; expected valid PromQL: syntax error/],
    ['bad LogQL', { panels: [{ title: 'L', queries: [{ language: 'logql', expr: '{namespace="x"' }] }] }, /expected valid LogQL: syntax error/],
    ['an unknown variable', { panels: [{ title: 'P', queries: [{ expr: 'up{pod="$pod"}' }] }] }, /expected only variables defined before use \(unknown: \$pod; defined: namespace\)/],
    ['overlapping panels', { panels: [
      { title: 'A', gridPos: { x: 0, y: 0, w: 12, h: 8 }, queries: [{ expr: 'up' }] },
      { title: 'B', gridPos: { x: 6, y: 4, w: 12, h: 8 }, queries: [{ expr: 'up' }] },
    ] }, /panels\[1\] \(B\)\.gridPos = .* expected a position not overlapping panels\[0\] \(A\)/],
    ['a panel off the grid', { panels: [{ title: 'W', gridPos: { x: 20, y: 0, w: 12, h: 8 }, queries: [{ expr: 'up' }] }] }, /expected a position inside the 24-column grid/],
    ['a panel without queries', { panels: [{ title: 'E', queries: [] }] }, /panels\[0\] \(E\)\.queries = \[\] is not valid/],
    ['a metric query in a logs panel', { panels: [{ title: 'L', type: 'logs', queries: [{ expr: 'up' }] }] }, /panels\[0\] \(L\)\.queries\[0\] \(refId A\) = "up" is not valid; expected a LogQL log query/],
  ])('rejects %s', (_n, props, message) => {
    expect(() => render(props)).toThrow(message);
    expect(() => render(props)).toThrow(/^dashboards\/demo: /);
  });
});
