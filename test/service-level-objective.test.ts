import { App, Testing } from 'cdk8s';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { Component } from '../lib/core/component';
import { ObservedService } from '../lib/monitoring/observed-service';
import { ServiceLevelObjective, ServiceLevelObjectiveProps } from '../lib/slo/service-level-objective';
import { burnRateWindows, formatDuration } from '../lib/slo/windows';
import { promtoolCheckRules, promtoolTestRules } from './support/promtool';

const DATASOURCES = { prometheus: 'prometheus', loki: 'loki' };
const AVAILABILITY: ServiceLevelObjectiveProps = {
  service: 'orders-api', name: 'availability', objective: 99.9, window: '28d',
  sli: { events: { errors: 'http_requests_total{job="orders-api",code=~"5.."}', total: 'http_requests_total{job="orders-api"}' } },
  dashboard: { datasources: DATASOURCES },
};
const LATENCY: ServiceLevelObjectiveProps = {
  service: 'orders-api', name: 'latency', objective: 95, window: '30d', groupBy: ['route'],
  sli: { latency: { histogram: 'http_request_duration_seconds', matchers: 'job="orders-api"', thresholdSeconds: 0.3, buckets: [0.1, 0.3, 1] } },
  dashboard: false,
};

function slo(props: Partial<ServiceLevelObjectiveProps> = {}, base = AVAILABILITY) {
  const app = new App();
  const chart = new Component(app, 'demo', { namespace: 'monitoring', phase: 'resources' });
  const built = new ServiceLevelObjective(chart, 'slo', { ...base, ...props });
  return { built, chart, objects: Testing.synth(chart) };
}

describe('burn-rate windows', () => {
  test('a 30-day SLO gets the workbook\'s windows; others scale them and keep the factors', () => {
    const show = (days: number) => burnRateWindows(days * 86_400_000).map((w) => `${w.action} ${w.factor}x ${formatDuration(w.longMs)}/${formatDuration(w.shortMs)}`);
    expect(show(30)).toEqual(['page 14.4x 1h/5m', 'page 6x 6h/30m', 'ticket 1x 3d/6h']);
    expect(show(28)).toEqual(['page 14.4x 56m/5m', 'page 6x 5h36m/28m', 'ticket 1x 2d19h12m/5h36m']);
    expect(show(7)).toEqual(['page 14.4x 14m/5m', 'page 6x 1h24m/7m', 'ticket 1x 16h48m/1h24m']);
  });
});

describe('ServiceLevelObjective', () => {
  test('records the error ratio per window under Sloth\'s names, and alerts per tier with the stack\'s severities', () => {
    const { objects } = slo();
    const [rule, meta] = objects.filter((o) => o.kind === 'PrometheusRule');
    const rules = rule.spec.groups[0].rules as { record?: string; alert?: string; expr: string; labels: Record<string, string> }[];
    expect(rules.filter((r) => r.record).map((r) => r.record))
      .toEqual(['slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate28m', 'slo:sli_error:ratio_rate56m', 'slo:sli_error:ratio_rate5h36m', 'slo:sli_error:ratio_rate2d19h12m']);
    expect(meta.spec.groups[0].rules.map((r: { record: string }) => r.record)).toEqual(['slo:sli_error:ratio_rate4w', 'slo:objective:ratio', 'slo:error_budget:ratio',
      'slo:time_period:days', 'slo:current_burn_rate:ratio', 'slo:period_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio']);
    expect(rules[0].labels).toEqual({ sloth_id: 'orders-api-availability', sloth_service: 'orders-api', sloth_slo: 'availability', sloth_window: '5m' });
    const alerts = rules.filter((r) => r.alert);
    expect(alerts.map((a) => `${a.alert} ${a.labels.severity} ${a.labels.sloth_severity}`))
      .toEqual(['OrdersApiAvailabilityErrorBudgetBurn critical page', 'OrdersApiAvailabilityErrorBudgetBurn warning ticket']);
    expect(alerts[0].expr).toContain('slo:sli_error:ratio_rate56m{sloth_id="orders-api-availability", sloth_service="orders-api", sloth_slo="availability"} > (14.4 * 0.001)');
    expect(alerts[1].expr).toContain('(1 * 0.001)');
    expect(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toEqual(['dashboard-slo-orders-api-availability']);
    expect(objects).toMatchSnapshot();
  });

  test('a latency SLI reads the bucket at the threshold over the count, per group', () => {
    const { built } = slo({}, LATENCY);
    const [ratio] = built.rules.recordingRules;
    expect(ratio.expr).toContain('sum by (route) (rate(http_request_duration_seconds_bucket{job="orders-api",le="0.3"}[5m]))');
    expect(ratio.expr).toContain('sum by (route) (rate(http_request_duration_seconds_count{job="orders-api"}[5m]))');
  });

  test('the generated cases pass under promtool for events and latency SLIs, 7 to 30 days, with and without groups', () => {
    const weekly = slo({ service: 'cart', objective: 99.5, window: '7d', groupBy: ['region'], sli: { events: { good: 'cart_checkouts_total{outcome="ok"}', total: 'cart_checkouts_total' } } });
    const groups = [slo(), slo({}, LATENCY), weekly].flatMap(({ built }) => [built.rules, built.metaRules]);
    const check = promtoolCheckRules(groups);
    if (!check.ok) throw new Error(check.output);
    const result = promtoolTestRules(groups);
    if (!result.ok) throw new Error(result.output);
    // Per SLO: 2 evaluations per page tier, 2 of the spike, 1 at half the rate, 2 ticket cases, 12 recordings.
    const evaluations = groups.flatMap((g) => g.promtoolTests()).flatMap((t) => [...(t.alert_rule_test ?? []), ...(t.promql_expr_test ?? [])]);
    expect(evaluations).toHaveLength(3 * 21);
  });

  // The generated cases come from the SLO's own windows; rules from wrong ones must fail them.
  test.each([
    ['the fast page factor doubled', (i: number, w: ReturnType<typeof burnRateWindows>[number]) => (i === 0 ? { ...w, factor: w.factor * 2 } : w)],
    ['the slow page long window doubled', (i: number, w: ReturnType<typeof burnRateWindows>[number]) => (i === 1 ? { ...w, longMs: w.longMs * 2 } : w)],
    ['the fast page long window halved', (i: number, w: ReturnType<typeof burnRateWindows>[number]) => (i === 0 ? { ...w, longMs: w.longMs / 2 } : w)],
    ['the ticket factor doubled', (i: number, w: ReturnType<typeof burnRateWindows>[number]) => (i === 2 ? { ...w, factor: w.factor * 2 } : w)],
  ])('mutation: %s fails the generated cases', (_name, mutate) => {
    const { built, chart } = slo();
    const mutated = new AlertRuleGroup(chart, 'mutated', { name: 'mutated', rules: built.generatedRules(built.windows.map((w, i) => mutate(i, w))) });
    const result = promtoolTestRules([mutated]);
    expect(result.output).toMatch(/FAILED/);
    expect(result.ok).toBe(false);
  });

  test.each([
    ['objective', { objective: 100 }, /objective = 100 is not valid; expected a percentage above 0 and below 100/],
    ['objective', { objective: 0 }, /objective = 0 is not valid/],
    ['objective', { objective: 90 }, /objective = 90 is not valid; expected an objective above 93.06%/],
    ['window', { window: '4 weeks' }, /window = "4 weeks" is not valid; expected a Prometheus duration/],
    ['window', { window: '1d' }, /window = "1d" is not valid; expected a window from 7d to 90d/],
    ['errors', { sli: { events: { errors: 'rate(http_requests_total[5m])', total: 'http_requests_total' } } }, /sli.events.errors = .* expected a series selector .*: it is an expression/],
    ['total', { sli: { events: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total{' } } }, /sli.events.total = "http_requests_total\{" is not valid; expected a series selector/],
    ['both', { sli: { events: { errors: 'a_total', good: 'b_total', total: 'c_total' } } }, /sli.events = .* expected exactly one of errors and good/],
    ['le', { sli: { latency: { histogram: 'http_request_duration_seconds', thresholdSeconds: 0.25, buckets: [0.1, 0.3, 1] } } }, /sli.latency.thresholdSeconds = 0.25 is not valid; expected the upper bound \(le\) of one of http_request_duration_seconds's buckets: 0.1, 0.3, 1/],
    ['catalog', { sli: { latency: { histogram: 'http_request_duration_seconds', thresholdSeconds: 0.3 } } }, /sli.latency.buckets = \(missing\) is not valid; expected the bucket bounds of http_request_duration_seconds/],
    ['catalog le', { sli: { latency: { histogram: 'apiserver_request_sli_duration_seconds', thresholdSeconds: 0.5 } } }, /sli.latency.thresholdSeconds = 0.5 is not valid; expected the upper bound \(le\) of one of apiserver_request_sli_duration_seconds's buckets: 0.05, 0.1/],
    ['groupBy', { groupBy: ['sloth_id'] }, /groupBy\[0\] = "sloth_id" is not valid/],
  ])('rejects a bad %s, naming the construct and the field', (_what, props, message) => {
    expect(() => slo(props as Partial<ServiceLevelObjectiveProps>)).toThrow(new RegExp(`demo/slo: ${message.source}`));
  });
});

describe('ObservedService slo', () => {
  test('creates an SLO per entry for the service, in its namespace', () => {
    const app = new App();
    const chart = new Component(app, 'demo', { namespace: 'monitoring', phase: 'resources' });
    const svc = new ObservedService(chart, 'api', {
      name: 'orders-api', selector: { app: 'orders' }, port: 'metrics',
      slo: [{ ...AVAILABILITY, service: undefined }, { ...LATENCY, service: undefined }],
    });
    expect(svc.slos.map((s) => `${s.spec.id} ${s.rules.namespace}`)).toEqual(['orders-api-availability monitoring', 'orders-api-latency monitoring']);
    expect(svc.slos[0].node.path).toBe('demo/api/slo-availability');
  });

  test('a bad SLO fails synth naming the service\'s SLO and the field', () => {
    const app = new App();
    const chart = new Component(app, 'demo', { namespace: 'monitoring', phase: 'resources' });
    expect(() => new ObservedService(chart, 'api', { name: 'orders-api', selector: { app: 'orders' }, port: 'metrics', slo: [{ ...AVAILABILITY, objective: 101 }] }))
      .toThrow(/^demo\/api\/slo-availability: objective = 101 is not valid; expected a percentage above 0 and below 100/);
  });
});
