import { App, Testing } from 'cdk8s';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { Component } from '../lib/core/component';
import { ObservedService } from '../lib/monitoring/observed-service';
import { SLO_EVALUATION_CONTEXT, SloEvaluation } from '../lib/slo/evaluation';
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

function slo(props: Partial<ServiceLevelObjectiveProps> = {}, base = AVAILABILITY, evaluation?: SloEvaluation) {
  const app = new App();
  if (evaluation) app.node.setContext(SLO_EVALUATION_CONTEXT, evaluation);
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

describe('ServiceLevelObjective against the local retention of the Prometheus evaluating it', () => {
  const kept = (localRetention: string, longTermStore = false): SloEvaluation => ({ localRetention, retentionSetAt: 'config/dc/prometheus', retentionField: 'prometheus.retention', longTermStore });
  const META = ['slo:objective:ratio', 'slo:error_budget:ratio', 'slo:time_period:days', 'slo:current_burn_rate:ratio'];
  const PERIOD = ['slo:sli_error:ratio_rate4w', ...META, 'slo:period_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio'];

  test('refuses a retention shorter than the ticket tier\'s long window, naming the SLO, the window, the retention and the fix, even with a long-term store', () => {
    const message = 'config/dc/prometheus: retention = "2d" is not valid; expected at least 2d19h12m: the ticket tier of the SLO orders-api-availability (demo/slo, 99.9% over 4w) reads 1x over 2d19h12m, '
      + 'and Prometheus evaluates it on the samples it keeps locally, so a shorter retention makes that alert see too little (raise prometheus.retention, with its size limit and volume to hold it)';
    expect(() => slo({}, AVAILABILITY, kept('2d', true))).toThrow(message);
    expect(() => slo({ window: '30d' }, AVAILABILITY, kept('71h', true))).toThrow(/retention = "71h" is not valid; expected at least 3d: the ticket tier/);
    expect(() => slo({ window: '30d' }, AVAILABILITY, kept('3d', true))).not.toThrow();
  });

  test('refuses a retention shorter than the SLO window where no long-term store holds the rest', () => {
    expect(() => slo({}, AVAILABILITY, kept('14d'))).toThrow(/^config\/dc\/prometheus: retention = "14d" is not valid; expected at least 4w, the window of the SLO orders-api-availability \(demo\/slo, 99.9% over 4w\): .*no long-term store holds the rest \(raise prometheus.retention, .* or give the SLO a shorter window\)$/);
    expect(slo({}, AVAILABILITY, kept('28d')).built.metaRules.recordingRules.map((r) => r.record)).toEqual(PERIOD);
  });

  test('with a long-term store, the period is not recorded locally: the dashboard averages the shortest window\'s ratio over the datasource and says so', () => {
    const { built, objects } = slo({}, AVAILABILITY, kept('4d', true));
    expect(built.metaRules.recordingRules.map((r) => r.record)).toEqual(META);
    const dashboard = JSON.parse(Object.values(objects.find((o) => o.kind === 'ConfigMap')!.data as Record<string, string>)[0]);
    const panels = (dashboard.panels as { title: string; description: string; targets: { expr: string }[] }[]).filter((p) => /4w|Error budget left/.test(p.title));
    expect(panels.map((p) => p.title)).toEqual(['Error budget left (4w)', 'SLI (4w)', 'Burn rate (4w)', 'Error budget left over time']);
    for (const p of panels) {
      expect(p.targets[0].expr).toContain('avg_over_time(slo:sli_error:ratio_rate5m{sloth_id="orders-api-availability", sloth_service="orders-api", sloth_slo="availability"}[4w])');
      expect(p.targets[0].expr).not.toMatch(/slo:period_|ratio_rate4w/);
      expect(p.description).toContain('Prometheus keeps only 4d locally, so no 4w series is recorded.');
    }
    // No panel reads a series the rules no longer record.
    expect(JSON.stringify(dashboard)).not.toMatch(/slo:period_|ratio_rate4w/);
    const result = promtoolTestRules([built.rules, built.metaRules]);
    if (!result.ok) throw new Error(result.output);
  });

  test('an SLO\'s own evaluation prop wins over the app\'s', () => {
    expect(slo({ evaluation: kept('30d') }, AVAILABILITY, kept('2d')).built.periodSource).toEqual({ from: 'recorded' });
    expect(slo({}, AVAILABILITY).built.periodSource).toEqual({ from: 'recorded' });
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
