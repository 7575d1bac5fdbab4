import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { CLUSTER_VARIABLE_CONTEXT, withClusterFilter } from '../lib/dashboards/cluster-variable';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { haReferenceCluster, referenceCluster } from './support/reference';

describe('withClusterFilter', () => {
  test.each([
    ['up', 'up{cluster=~"$cluster"}'],
    ['sum(rate(http_requests_total{job="a"}[$__rate_interval]))', 'sum(rate(http_requests_total{cluster=~"$cluster",job="a"}[$__rate_interval]))'],
    ['a{} / on (pod) b', 'a{cluster=~"$cluster"} / on (pod) b{cluster=~"$cluster"}'],
    ['x{namespace="$namespace",pod=~"$pod"}', 'x{cluster=~"$cluster",namespace="$namespace",pod=~"$pod"}'],
    ['label_values(kube_pod_info{job="k"}, namespace)', 'label_values(kube_pod_info{cluster=~"$cluster",job="k"}, namespace)'],
    ['label_values(namespace)', 'label_values(namespace)'],
    ['up{cluster="edge"}', 'up{cluster="edge"}'],
    ['vector(1)', 'vector(1)'],
  ])('%s -> %s', (expr, filtered) => {
    expect(withClusterFilter(expr)).toBe(filtered);
  });
});

describe('the cluster variable of GrafanaDashboard', () => {
  const dashboard = (multiCluster: boolean, variables: { name: string; query: string }[] = []) => {
    const app = new App();
    if (multiCluster) app.node.setContext(CLUSTER_VARIABLE_CONTEXT, true);
    return new GrafanaDashboard(new Chart(app, 'c'), 'd', {
      uid: 'd', title: 'D', folder: 'F', namespace: 'monitoring', datasources: { prometheus: 'prometheus', loki: 'loki' }, variables,
      panels: [{ title: 'Up', queries: [{ expr: 'sum(up{job="a"})' }, { language: 'logql', expr: '{namespace="a"}' }] }],
    });
  };

  test('a multi-cluster view gets the variable first and PromQL queries select on it; LogQL stays', () => {
    const d = dashboard(true, [{ name: 'job', query: 'label_values(up, job)' }]);
    expect(d.clusterVariable).toBe(true);
    const model = JSON.parse(JSON.stringify(d.model));
    expect(model.templating.list.map((v: { name: string; query: string }) => [v.name, v.query])).toEqual([
      ['cluster', 'label_values(up, cluster)'], ['job', 'label_values(up{cluster=~"$cluster"}, job)'],
    ]);
    expect(model.panels[0].targets.map((t: { expr: string }) => t.expr)).toEqual(['sum(up{cluster=~"$cluster",job="a"})', '{namespace="a"}']);
  });

  test('a single cluster\'s dashboard is as written', () => {
    const d = dashboard(false);
    expect(d.clusterVariable).toBe(false);
    expect(JSON.parse(JSON.stringify(d.model)).panels[0].targets[0].expr).toBe('sum(up{job="a"})');
  });

  test('a dashboard of its own `cluster` variable is refused in a multi-cluster view', () => {
    expect(() => dashboard(true, [{ name: 'cluster', query: 'label_values(up, cluster)' }])).toThrow('c/d: variables = [{"name":"cluster"');
  });

  test('the hub reference cluster\'s dashboards have it, the homelab\'s do not', () => {
    const models = (files: Map<string, string>) => [...files.entries()].filter(([f]) => /\/configmap-dashboard-/.test(f))
      .map(([, text]) => JSON.parse(Object.values(parse(text).data as Record<string, string>)[0]));
    const hub = models(haReferenceCluster().files);
    expect(hub.length).toBeGreaterThan(3);
    for (const m of hub) expect(m.templating.list[0].name).toBe('cluster');
    for (const m of models(referenceCluster().files)) expect((m.templating?.list ?? []).map((v: { name: string }) => v.name)).not.toContain('cluster');
  });
});
