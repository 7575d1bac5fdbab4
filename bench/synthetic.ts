import { App } from 'cdk8s';
import { Component } from '../lib/core/component';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { ObservedService } from '../lib/monitoring/observed-service';
import { renderComponents } from '../lib/render/collect';
import { componentFiles } from '../lib/render/files';

/**
 * A synthetic cluster of `count` services, each with a monitor, default and error-rate alerts
 * (with their promtool cases) and a two-panel dashboard; rendered to files in memory the way
 * synth renders a cluster: component by component, each one's text dropped once counted.
 */
export function renderSynthetic(count: number): { objects: number; files: number } {
  const app = new App({ outdir: 'unused' });
  const perChart = 100;
  for (let c = 0; c * perChart < count; c++) {
    const chart = new Component(app, `services-${c}`, { namespace: `team-${c}`, phase: 'workloads' });
    for (let i = c * perChart; i < Math.min(count, (c + 1) * perChart); i++) {
      const name = `svc-${i}`;
      new ObservedService(chart, name, {
        name,
        selector: { 'app.kubernetes.io/name': name },
        port: 'metrics',
        service: { port: 8080 },
        alerts: { errorRate: { metric: 'http_requests_total' }, latency: { histogram: 'http_request_duration_seconds', thresholdSeconds: 0.5 } },
        dashboard: (scope) => new GrafanaDashboard(scope, 'dashboard', {
          uid: name, title: name, folder: 'Services', datasources: { prometheus: 'prometheus', loki: 'loki' },
          panels: [
            { title: 'Requests', queries: [{ expr: `sum(rate(http_requests_total{job="${name}"}[$__rate_interval]))` }] },
            { title: 'Errors', queries: [{ expr: `sum(rate(http_requests_total{job="${name}",code=~"5.."}[$__rate_interval]))` }] },
          ],
        }),
      });
    }
  }
  let objects = 0;
  let files = 0;
  for (const component of renderComponents(app)) {
    objects += component.manifests.length;
    files += componentFiles(component).size;
  }
  return { objects, files };
}
