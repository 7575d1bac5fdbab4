import { App, Testing } from 'cdk8s';
import { AlertRuleGroup, AlertRuleGroupProps } from '../lib/alerting/alert-rule-group';
import { Component } from '../lib/core/component';
import { promtoolCheckRules, promtoolTestRules } from './support/promtool';

const nodeDown = {
  alert: 'NodeExporterDown',
  expr: 'up{job="node-exporter"} == 0',
  for: '5m',
  severity: 'critical' as const,
  summary: 'node-exporter on {{ $labels.instance }} is down',
  description: 'Prometheus cannot scrape {{ $labels.instance }}.',
  runbookUrl: 'https://runbooks.example.org/NodeExporterDown',
  labels: { team: 'platform' },
  tests: [
    {
      inputSeries: [{ series: 'up{job="node-exporter",instance="n1"}', values: '0x10' }],
      evalTime: '6m',
      expectAlerts: [{ labels: { job: 'node-exporter', instance: 'n1' } }],
    },
    { inputSeries: [{ series: 'up{job="node-exporter",instance="n1"}', values: '1x10' }], evalTime: '6m', expectAlerts: [] },
    { name: 'not before for', inputSeries: [{ series: 'up{job="node-exporter",instance="n1"}', values: '0x10' }], evalTime: '4m', expectAlerts: [] },
  ],
};

function group(props: Partial<AlertRuleGroupProps> = {}) {
  const app = new App();
  const chart = new Component(app, 'demo', { namespace: 'monitoring', phase: 'resources' });
  const g = new AlertRuleGroup(chart, 'rules', { name: 'node', rules: [nodeDown, { record: 'job:up:sum', expr: 'sum by (job) (up)' }], ...props });
  return { chart, g };
}

describe('AlertRuleGroup', () => {
  test('renders a PrometheusRule with severity, annotations and recording rules', () => {
    const { chart } = group();
    const [rule] = Testing.synth(chart);
    expect(rule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'node', namespace: 'monitoring' } });
    expect(rule.spec.groups[0].rules[0]).toEqual({
      alert: 'NodeExporterDown',
      expr: 'up{job="node-exporter"} == 0',
      for: '5m',
      labels: { team: 'platform', severity: 'critical' },
      annotations: {
        summary: 'node-exporter on {{ $labels.instance }} is down',
        description: 'Prometheus cannot scrape {{ $labels.instance }}.',
        runbook_url: 'https://runbooks.example.org/NodeExporterDown',
      },
    });
    expect(rule.spec.groups[0].rules[1]).toEqual({ record: 'job:up:sum', expr: 'sum by (job) (up)' });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('derives expected labels and annotations for promtool', () => {
    const [firing] = group().g.promtoolTests();
    expect(firing.alert_rule_test![0].exp_alerts).toEqual([{
      exp_labels: { job: 'node-exporter', instance: 'n1', team: 'platform', severity: 'critical' },
      exp_annotations: {
        summary: 'node-exporter on n1 is down',
        description: 'Prometheus cannot scrape n1.',
        runbook_url: 'https://runbooks.example.org/NodeExporterDown',
      },
    }]);
  });

  test('its rules pass promtool check and its test cases pass promtool test', () => {
    const { g } = group();
    expect(promtoolCheckRules([g]).ok).toBe(true);
    const result = promtoolTestRules([g]);
    if (!result.ok) throw new Error(result.output);
  });

  test('accepts the whole promtool series notation', () => {
    const values = '1 2 stale _x2 Inf -Inf NaN 1e3 1+2x3 5-1x2 _ 1.5x2';
    const { g } = group({ rules: [{ ...nodeDown, tests: [{ ...nodeDown.tests[1], inputSeries: [{ series: 'up{job="node-exporter",instance="n1"}', values }] }] }] });
    expect(g.promtoolTests()[0].input_series[0].values).toBe(values);
    const result = promtoolTestRules([g]);
    if (!result.ok) throw new Error(result.output);
  });

  test('label templates over the series\' labels are expanded in the promtool expectations', () => {
    const owned = { ...nodeDown, labels: { team: '{{ $labels.owner }}' }, tests: [{
      inputSeries: [{ series: 'up{job="node-exporter",instance="n1",owner="ops"}', values: '0x10' }],
      evalTime: '6m',
      expectAlerts: [{ labels: { job: 'node-exporter', instance: 'n1', owner: 'ops' } }],
    }] };
    const { g } = group({ rules: [owned] });
    expect(g.promtoolTests()[0].alert_rule_test![0].exp_alerts[0].exp_labels).toMatchObject({ team: 'ops', owner: 'ops' });
    const result = promtoolTestRules([g]);
    expect(result.output).toBe(result.ok ? result.output : '');
    expect(result.ok).toBe(true);
  });

  test('a wrong expectation fails under promtool (the tests can fail)', () => {
    const { g } = group({ rules: [{ ...nodeDown, tests: [{ ...nodeDown.tests[1], expectAlerts: [{ labels: { job: 'node-exporter', instance: 'n1' } }] }] }] });
    expect(promtoolTestRules([g]).ok).toBe(false);
  });

  const upByJob = { record: 'job:up:sum', expr: 'sum by (job) (up)' };
  const upSeries = [{ series: 'up{job="node-exporter",instance="n1"}', values: '1x10' }, { series: 'up{job="node-exporter",instance="n2"}', values: '0x10' }];

  test('a case checks more evaluation times over its series with alsoAt, each able to fail under promtool', () => {
    const down = { ...nodeDown, tests: [{ ...nodeDown.tests[0], evalTime: '6m', alsoAt: [{ evalTime: '4m', expectAlerts: [] }] }] };
    const { g } = group({ rules: [down] });
    expect(g.promtoolTests()[0].alert_rule_test!.map((t) => `${t.eval_time} ${t.exp_alerts.length}`)).toEqual(['6m 1', '4m 0']);
    expect(promtoolTestRules([g]).ok).toBe(true);
    const wrong = group({ rules: [{ ...down, tests: [{ ...down.tests[0], alsoAt: [{ evalTime: '4m', expectAlerts: [{ labels: { job: 'node-exporter', instance: 'n1' } }] }] }] }] }).g;
    expect(promtoolTestRules([wrong]).ok).toBe(false);
    expect(() => group({ rules: [{ ...down, tests: [{ ...down.tests[0], alsoAt: [{ evalTime: 'soon', expectAlerts: [] }] }] }] }))
      .toThrow('demo/rules: rules[0].tests[0].alsoAt[0].evalTime = "soon" is not valid; expected a Prometheus duration');
  });

  test('a recording rule case reads the recorded series back under promtool', () => {
    const { g } = group({ rules: [{ ...upByJob, labels: { team: 'ops' }, tests: [{ inputSeries: upSeries, evalTime: '5m', expectSamples: [{ labels: { job: 'node-exporter' }, value: 1 }] }] }] });
    expect(g.promtoolTests()[0].promql_expr_test).toEqual([{ expr: 'job:up:sum', eval_time: '5m', exp_samples: [{ labels: 'job:up:sum{team="ops",job="node-exporter"}', value: 1 }] }]);
    const result = promtoolTestRules([g]);
    expect(result.output).toBe(result.ok ? result.output : '');
    expect(result.ok).toBe(true);
  });

  test('a wrong recorded value fails under promtool', () => {
    const { g } = group({ rules: [{ ...upByJob, tests: [{ inputSeries: upSeries, evalTime: '5m', expectSamples: [{ labels: { job: 'node-exporter' }, value: 2 }] }] }] });
    expect(promtoolTestRules([g]).ok).toBe(false);
  });

  test('a case may expect the same alert at its other severity, with that tier\'s annotations', () => {
    const warning = { ...nodeDown, severity: 'warning' as const, for: '1m', summary: 'early: {{ $labels.instance }}', tests: [] };
    const critical = { ...nodeDown, tests: [{ ...nodeDown.tests[0], expectAlerts: [{ labels: { job: 'node-exporter', instance: 'n1' } }, { labels: { job: 'node-exporter', instance: 'n1' }, severity: 'warning' as const }] }, nodeDown.tests[1]] };
    const { g } = group({ rules: [warning, critical] });
    const [firing] = g.promtoolTests();
    expect(firing.alert_rule_test![0].exp_alerts.map((a) => [a.exp_labels.severity, a.exp_annotations.summary])).toEqual([['critical', 'node-exporter on n1 is down'], ['warning', 'early: n1']]);
    const result = promtoolTestRules([g]);
    expect(result.output).toBe(result.ok ? result.output : '');
    expect(result.ok).toBe(true);
  });

  const bad: [string, Partial<AlertRuleGroupProps>, RegExp][] = [
    ['an expected severity the group has no rule at', { rules: [{ ...nodeDown, tests: [{ ...nodeDown.tests[0], expectAlerts: [{ severity: 'warning' }] }] }] },
      /tests\[0\]\.expectAlerts\[0\]\.severity = "warning" is not valid; expected a severity at which the group has a NodeExporterDown rule/],
    ['a recording case with bad input values', { rules: [{ ...upByJob, tests: [{ inputSeries: [{ series: 'up', values: 'one' }], evalTime: '5m', expectSamples: [{ value: 1 }] }] }] },
      /rules\[0\]\.tests\[0\]\.inputSeries\[0\]\.values = "one" is not valid/],
    ['a recording case with a bad label', { rules: [{ ...upByJob, tests: [{ inputSeries: upSeries, evalTime: '5m', expectSamples: [{ labels: { 'a-b': 'x' }, value: 1 }] }] }] },
      /rules\[0\]\.tests\[0\]\.expectSamples\[0\]\.labels = "a-b" is not valid/],
    ['bad PromQL', { rules: [{ ...nodeDown, expr: 'rate(up[5m] > 1' }] }, /rules\[0\]\.expr = .* expected valid PromQL: syntax error at character/],
    ['bad duration', { rules: [{ ...nodeDown, for: '5 minutes' }] }, /rules\[0\]\.for = "5 minutes" is not valid; expected a Prometheus duration/],
    ['bad severity', { rules: [{ ...nodeDown, severity: 'page' as never }] }, /rules\[0\]\.severity = "page" is not valid; expected one of "critical"/],
    ['bad alert name', { rules: [{ ...nodeDown, alert: 'node down' }] }, /rules\[0\]\.alert = "node down" is not valid; expected an UpperCamelCase/],
    ['duplicate alert', { rules: [nodeDown, nodeDown] }, /rules\[1\]\.alert = "NodeExporterDown" is not valid; expected a name used once/],
    ['missing summary', { rules: [{ ...nodeDown, summary: '' }] }, /rules\[0\]\.summary = "" is not valid/],
    ['bad label name', { rules: [{ ...nodeDown, labels: { 'team-name': 'x' } }] }, /rules\[0\]\.labels = "team-name" is not valid; expected a Prometheus label name/],
    ['severity as label', { rules: [{ ...nodeDown, labels: { severity: 'x' } }] }, /labels.severity = "x" is not valid; expected no severity label/],
    ['bad record name', { rules: [{ record: 'job up', expr: 'up' }] }, /rules\[0\]\.record = "job up" is not valid/],
    ['bad group name', { name: 'Node Rules' }, /name = "Node Rules" is not valid; expected a DNS label/],
    ['no rules', { rules: [] }, /rules = \[\] is not valid; expected at least one rule/],
    ['bad test series', { rules: [{ ...nodeDown, tests: [{ ...nodeDown.tests[0], inputSeries: [{ series: 'up{', values: '1' }] }] }] },
      /tests\[0\]\.inputSeries\[0\]\.series = "up\{" is not valid/],
    ['bad test values', { rules: [{ ...nodeDown, tests: [{ ...nodeDown.tests[0], inputSeries: [{ series: 'up{job="a"}', values: '0 for 10m' }] }] }] },
      /tests\[0\]\.inputSeries\[0\]\.values = "0 for 10m" is not valid; expected promtool expanding notation/],
    ['bad eval time', { rules: [{ ...nodeDown, tests: [{ ...nodeDown.tests[0], evalTime: 'later' }] }] }, /tests\[0\]\.evalTime = "later" is not valid; expected a Prometheus duration/],
    ['no test input', { rules: [{ ...nodeDown, tests: [{ ...nodeDown.tests[0], inputSeries: [] }] }] }, /tests\[0\]\.inputSeries = \[\] is not valid; expected at least one input series/],
    ['bad keepFiringFor', { rules: [{ ...nodeDown, keepFiringFor: '-1m' }] }, /rules\[0\]\.keepFiringFor = "-1m" is not valid/],
    ['missing description', { rules: [{ ...nodeDown, description: ' ' }] }, /rules\[0\]\.description = " " is not valid/],
    ['an instant vector where a range is needed', { rules: [{ ...nodeDown, expr: 'rate(up) > 0' }] }, /rules\[0\]\.expr = "rate\(up\) > 0" is not valid; expected valid PromQL: rate\(\) needs a range vector/],
    ['a range where an aggregation needs an instant vector', { rules: [{ ...nodeDown, expr: 'sum(up[5m]) > 0.2' }] }, /rules\[0\]\.expr = "sum\(up\[5m\]\) > 0\.2" is not valid; expected valid PromQL: expected type vector in aggregation expression, got matrix/],
    ['a string escape Go does not know', { rules: [{ ...nodeDown, expr: 'up{job=~"5\\d"} == 0' }] }, /expected valid PromQL: unknown escape sequence "\\d"/],
    ['a regex RE2 cannot compile', { rules: [{ ...nodeDown, expr: 'up{job=~"(?=a)b"} == 0' }] }, /expected valid PromQL: the regex "\(\?=a\)b" is not valid RE2/],
    ['an unclosed template', { rules: [{ ...nodeDown, summary: 'Node {{ $labels.instance down' }] }, /rules\[0\]\.summary = .* expected a Prometheus template: the action at character 6 is never closed/],
    ['a runbook that is not a URL', { rules: [{ ...nodeDown, runbookUrl: 'wiki/NodeExporterDown' }] }, /rules\[0\]\.runbookUrl = "wiki\/NodeExporterDown" is not valid; expected an absolute URL/],
    ['bad interval', { interval: '1 min' }, /interval = "1 min" is not valid; expected a Prometheus duration/],
    ['underivable annotations', { rules: [{ ...nodeDown, summary: 'value {{ $value }}' }] },
      /tests\[0\]\.expectAlerts\[0\]\.annotations = \(missing\) is not valid; expected explicit annotations/],
  ];
  test.each(bad)('rejects %s naming the construct and field', (_name, props, message) => {
    expect(() => group(props)).toThrow(message);
    expect(() => group(props)).toThrow(/^demo\/rules: /);
  });
});
