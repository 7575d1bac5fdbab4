import { App, Testing } from 'cdk8s';
import { Component } from '../lib/core/component';
import { ObservedService, ObservedServiceProps } from '../lib/monitoring/observed-service';
import { SecretUse } from '../lib/core/secrets';
import { promtoolCheckRules, promtoolTestRules } from './support/promtool';

function observe(props: Partial<ObservedServiceProps> = {}) {
  const app = new App();
  const chart = new Component(app, 'demo', { namespace: 'monitoring', phase: 'workloads' });
  const svc = new ObservedService(chart, 'api', { name: 'orders-api', selector: { app: 'orders' }, port: 'metrics', ...props });
  const objects = Testing.synth(chart);
  return { chart, svc, objects, byKind: (kind: string) => objects.filter((o) => o.kind === kind) };
}

describe('ObservedService', () => {
  test('renders a ServiceMonitor that sets job to the name, and its default alerts', () => {
    const { objects, byKind } = observe({ interval: '1m', scrapeTimeout: '20s' });
    expect(byKind('ServiceMonitor')).toHaveLength(1);
    const [sm] = byKind('ServiceMonitor');
    expect(sm.metadata).toMatchObject({ name: 'orders-api', namespace: 'monitoring' });
    expect(sm.spec.selector).toEqual({ matchLabels: { app: 'orders' } });
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics', interval: '1m', scrapeTimeout: '20s' });
    expect(sm.spec.endpoints[0].relabelings[0]).toEqual({ action: 'replace', targetLabel: 'job', replacement: 'orders-api' });
    const alerts = byKind('PrometheusRule')[0].spec.groups[0].rules.map((r: { alert: string }) => r.alert);
    expect(alerts).toEqual(['OrdersApiTargetDown', 'OrdersApiTargetAbsent']);
    expect(objects).toMatchSnapshot();
  });

  test('monitors pods elsewhere with a PodMonitor and a namespace selector', () => {
    const { byKind } = observe({ kind: 'pod', targetNamespace: 'shop' });
    const [pm] = byKind('PodMonitor');
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });
    expect(pm.spec.podMetricsEndpoints[0].port).toBe('metrics');
    expect(byKind('ServiceMonitor')).toHaveLength(0);
  });

  test('creates a Service when asked, in the target namespace', () => {
    const { byKind } = observe({ service: { port: 9100, targetPort: 'metrics' }, targetNamespace: 'shop' });
    const [svc] = byKind('Service');
    expect(svc.metadata).toMatchObject({ name: 'orders-api', namespace: 'shop' });
    expect(svc.spec).toEqual({ selector: { app: 'orders' }, ports: [{ name: 'metrics', port: 9100, targetPort: 'metrics' }] });
  });

  test('takes scrape credentials from Secrets by reference and declares them', () => {
    const { byKind, chart } = observe({
      scheme: 'https',
      auth: { tlsCa: { name: 'orders-ca', key: 'ca.crt' }, bearerToken: { name: 'orders-token', key: 'token' } },
    });
    const ep = byKind('ServiceMonitor')[0].spec.endpoints[0];
    expect(ep.scheme).toBe('https');
    expect(ep.tlsConfig).toEqual({ ca: { secret: { name: 'orders-ca', key: 'ca.crt' } } });
    expect(ep.authorization).toEqual({ type: 'Bearer', credentials: { name: 'orders-token', key: 'token' } });
    expect(SecretUse.all(chart).map((s) => `${s.secretName}/${s.key}`)).toEqual(['orders-ca/ca.crt', 'orders-token/token']);
  });

  test('error rate, latency and saturation alerts are valid and proven by promtool', () => {
    const { svc } = observe({
      alerts: {
        down: 'critical',
        errorRate: { metric: 'http_requests_total', threshold: 0.1 },
        latency: { histogram: 'http_request_duration_seconds', thresholdSeconds: 0.5 },
        saturation: { metric: 'orders_pool_utilisation_ratio' },
      },
    });
    const groups = [svc.rules!];
    expect(svc.rules!.alerts.map((a) => a.alert)).toEqual(['OrdersApiTargetDown', 'OrdersApiTargetAbsent', 'OrdersApiHighErrorRate', 'OrdersApiHighLatency', 'OrdersApiSaturated']);
    expect(promtoolCheckRules(groups).ok).toBe(true);
    const result = promtoolTestRules(groups);
    if (!result.ok) throw new Error(result.output);
  });

  test('a replicated service warns for one lost replica and pages for the majority of each set, proven by promtool', () => {
    const three = observe({ alerts: { down: 'critical', replicas: 3 } }).svc.rules!;
    expect(three.alerts.filter((a) => a.alert === 'OrdersApiTargetDown').map((a) => [a.severity, a.expr])).toEqual([
      ['warning', 'up{job="orders-api"} == 0'],
      // Two of three down or gone.
      ['critical', '(sum(up{job="orders-api"}) or vector(0)) <= 1'],
    ]);
    const sets = observe({ kind: 'pod', alerts: { down: 'critical', replicas: [{ name: 'read', podPrefix: 'orders-read-', replicas: 2 }, { name: 'write', podPrefix: 'orders-write-', replicas: 3 }] } }).svc.rules!;
    expect(sets.alerts.find((a) => a.severity === 'critical')!.expr).toBe('label_replace((sum(up{job="orders-api",pod=~"orders-read-.+"}) or vector(0)), "replicas", "read", "", "") <= 0'
      + ' or label_replace((sum(up{job="orders-api",pod=~"orders-write-.+"}) or vector(0)), "replicas", "write", "", "") <= 1');
    // One replica: the down alert keeps its severity.
    expect(observe({ alerts: { down: 'critical', replicas: 1 } }).svc.rules!.alerts.filter((a) => a.alert === 'OrdersApiTargetDown').map((a) => a.severity)).toEqual(['critical']);
    const result = promtoolTestRules([three, sets]);
    if (!result.ok) throw new Error(result.output);
  });

  test('a custom error regex gets a matching example value, proven by promtool', () => {
    const { svc } = observe({ alerts: { down: false, absent: false, errorRate: { metric: 'grpc_server_handled_total', errorLabel: 'grpc_code', errorRegex: 'Unavailable|Internal', errorExample: 'Internal' } } });
    expect(svc.rules!.alerts[0].expr).toContain('grpc_code=~"Unavailable|Internal"');
    const result = promtoolTestRules([svc.rules!]);
    if (!result.ok) throw new Error(result.output);
  });

  test.each([
    ['a regex with escapes', { errorRegex: '5\\d\\d' }],
    ['a high threshold', { threshold: 0.6 }],
    ['a threshold near 1', { threshold: 0.999 }],
    ['a regex that also matches "ok"', { errorLabel: 'status', errorRegex: '[a-z]+', errorExample: 'error' }],
    ['a case-insensitive RE2 regex', { errorLabel: 'status', errorRegex: '(?i)error|fail', errorExample: 'ERROR' }],
  ])('error-rate alerts with %s pass promtool check and test', (_name, extra) => {
    const { svc } = observe({ alerts: { down: false, absent: false, errorRate: { metric: 'http_requests_total', ...extra } } });
    for (const result of [promtoolCheckRules([svc.rules!]), promtoolTestRules([svc.rules!])]) {
      if (!result.ok) throw new Error(result.output);
    }
  });

  test('dashboard props render a GrafanaDashboard in the service namespace', () => {
    const { svc, byKind } = observe({
      dashboard: { uid: 'orders-api', title: 'Orders API', folder: 'Shop', datasources: { prometheus: 'prometheus', loki: 'loki' },
        panels: [{ title: 'Up', queries: [{ expr: 'up{job="orders-api"}' }] }] },
    });
    expect(svc.dashboard?.uid).toBe('orders-api');
    expect(byKind('ConfigMap').map((c) => c.metadata)).toMatchObject([{ name: 'dashboard-orders-api', namespace: 'monitoring' }]);
  });

  test('the dashboard hook receives the service', () => {
    const seen: string[] = [];
    observe({ dashboard: (_scope, s) => seen.push(s.job) });
    expect(seen).toEqual(['orders-api']);
  });

  const bad: [string, Partial<ObservedServiceProps>, RegExp][] = [
    ['name', { name: 'Orders' }, /demo\/api: name = "Orders" is not valid; expected a DNS label/],
    ['selector', { selector: {} }, /selector = \{\} is not valid; expected at least one label/],
    ['port', { port: '9100' as string }, /port = "9100" is not valid; expected a port name/],
    ['port name', { port: 'Metrics' }, /port = "Metrics" is not valid; expected a port name/],
    ['path', { path: 'metrics' }, /path = "metrics" is not valid; expected an absolute path/],
    ['interval', { interval: 'hourly' }, /interval = "hourly" is not valid/],
    ['timeout longer than interval', { interval: '30s', scrapeTimeout: '1m' }, /scrapeTimeout = "1m" is not valid; expected a timeout no longer than the interval/],
    ['kind', { kind: 'endpoint' as never }, /kind = "endpoint" is not valid; expected one of "service", "pod"/],
    ['service on a PodMonitor', { kind: 'pod', service: { port: 80 } }, /service = .* expected no Service for a PodMonitor/],
    ['relabel target label', { relabelings: [{ targetLabel: 'team-name', replacement: 'x' }] }, /relabelings\[0\]\.targetLabel = "team-name" is not valid; expected a Prometheus label name/],
    ['relabel source label', { metricRelabelings: [{ sourceLabels: ['__name__', 'a-b'], action: 'drop' }] }, /metricRelabelings\[0\]\.sourceLabels = "a-b" is not valid/],
    ['relabel action', { relabelings: [{ action: 'rename' as never }] }, /relabelings\[0\]\.action = "rename" is not valid; expected one of "replace"/],
    ['an error regex that leaves nothing for successes', { alerts: { errorRate: { metric: 'http_requests_total', errorRegex: '.*' } } }, /alerts\.errorRate\.errorRegex = "\.\*" is not valid; expected a regex that leaves some values for successful requests/],
    ['a relabel regex RE2 lacks', { relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_name'], regex: '(?=web).*', action: 'keep' }] }, /relabelings\[0\]\.regex = .* expected a Go \(RE2\) regular expression \(RE2 has no lookahead/],
    ['relabel regex', { metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'go_(.*', action: 'drop' }] }, /metricRelabelings\[0\]\.regex = "go_\(\.\*" is not valid; expected a Go \(RE2\) regular expression/],
    ['down severity', { alerts: { down: 'page' as never } }, /alerts\.down = "page" is not valid; expected one of "critical"/],
    ['replica count', { alerts: { replicas: 0 } }, /alerts\.replicas = 0 is not valid; expected a whole number of replicas, at least 1/],
    ['replica set pod prefix', { alerts: { replicas: [{ name: 'read', podPrefix: 'Read_', replicas: 2 }] } }, /alerts\.replicas\[0\]\.podPrefix = "Read_" is not valid; expected the start of the pod names/],
    ['error-rate metric', { alerts: { errorRate: { metric: 'http requests' } } }, /alerts\.errorRate\.metric = "http requests" is not valid; expected a metric name/],
    ['error-rate threshold', { alerts: { errorRate: { metric: 'http_requests_total', threshold: 5 } } }, /alerts\.errorRate\.threshold = 5 is not valid; expected a ratio between 0 and 1/],
    ['error example', { alerts: { errorRate: { metric: 'http_requests_total', errorRegex: '5..', errorExample: '404' } } }, /alerts\.errorRate\.errorExample = "404" is not valid; expected a label value that errorRegex "5\.\." matches/],
    ['underivable error example', { alerts: { errorRate: { metric: 'http_requests_total', errorRegex: '[45]..' } } }, /alerts\.errorRate\.errorExample = \(missing\) is not valid/],
    ['latency histogram', { alerts: { latency: { histogram: 'http_request_duration_seconds_bucket', thresholdSeconds: 1 } } }, /alerts\.latency\.histogram = .* expected a histogram base name/],
    ['latency threshold', { alerts: { latency: { histogram: 'http_request_duration_seconds', thresholdSeconds: 0 } } }, /alerts\.latency\.thresholdSeconds = 0 is not valid; expected a number of seconds above 0/],
    ['latency quantile', { alerts: { latency: { histogram: 'http_request_duration_seconds', thresholdSeconds: 1, quantile: 99 } } }, /alerts\.latency\.quantile = 99 is not valid/],
    ['saturation threshold', { alerts: { saturation: { metric: 'pool_ratio', threshold: 1 } } }, /alerts\.saturation\.threshold = 1 is not valid/],
    ['alert for', { alerts: { saturation: { metric: 'pool_ratio', for: 'soon' } } }, /alerts\.saturation\.for = "soon" is not valid; expected a Prometheus duration/],
  ];
  test.each(bad)('rejects a bad %s', (_n, props, message) => {
    expect(() => observe(props)).toThrow(message);
  });

});
