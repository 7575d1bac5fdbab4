import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { templateError } from '../lib/alerting/promtool';
import { promqlSyntaxError } from '../lib/query/promql';
import { promqlTypeError } from '../lib/query/promql-types';
import { tempDir } from './support/reference';
import { TOOLS, toolPath } from './support/tools';

/**
 * The build-time PromQL and template checks agree with promtool: what they accept, promtool
 * loads; what they refuse, promtool refuses too (so a refusal is never a false alarm).
 */
function promtoolAccepts(rule: { expr: string; summary?: string }): boolean {
  const file = path.join(tempDir('promql-'), 'rules.yaml');
  fs.writeFileSync(file, stringify({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: rule.expr, annotations: { summary: rule.summary ?? 'x' } }] }] }));
  return spawnSync(toolPath(TOOLS.promtool), ['check', 'rules', file], { encoding: 'utf8' }).status === 0;
}

const VALID = [
  'rate(x[5m] offset 1h)', 'increase(x[1h] offset -5m)', 'rate(x[5m] @ end())', 'rate(x[5m:1m] offset 1h)',
  'max_over_time(rate(x[5m])[1h:5m] @ start())', 'quantile_over_time(0.9, x[5m] offset 5m)', 'changes(x[1h] offset 1h)',
  'rate((x[5m]))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', 'predict_linear(x[1h], 3600) < 0',
  'absent_over_time(up{job="a"}[5m])', 'sum without (instance) (rate(x[5m])) / on (job) group_left () max by (job) (y)',
  'label_replace(up, "host", "$1", "instance", "(.*):.*")', 'up{job=~"a\\\\.b"}', 'up{job=~`a\\.b`}', 'up{job="\\a\\v\\101"}',
  'up{job="\\U00000041\\u00e9\\x41"}', "up{job='a\\'b'}", 'up{job=~"foo(?-i)bar"}', 'up{job=~"(?i)error|fail"}', 'up{job=~""}',
];
const INVALID = [
  'rate(x)', 'rate(x offset 1h)', 'quantile_over_time(0.9, x)', 'up{job=~"5\\d"}', 'up{job="a\\\'b"}', 'up{job="\\777"}',
  'rate(rate(x[5m])[5m])', 'rate(sum(x)[5m])', 'rate(x offset 1h [5m])', 'rate((x[5m]) offset 1h)', 'rate((x[5m]) @ 100)',
  'up{job=~"("}', 'up{job=~"(?=a)b"}', 'up{job=~"(a)\\\\1"}',
];
/** Expressions that parse but whose types Prometheus refuses (promql/parser's checkAST). */
const TYPE_ERRORS: [string, RegExp][] = [
  ['sum(x[5m]) > 0.2', /expected type vector in aggregation expression, got matrix \(in "x\[5m\]"\)/],
  ['abs(x[5m])', /expected type vector in call to function "abs", got matrix/],
  ['topk(x, 3)', /expected type scalar in aggregation parameter, got vector/],
  ['x and 1', /set operator not allowed in binary scalar expression/],
  ['x + on(a) "s"', /vector matching only allowed between instant vectors/],
  ['-"a"', /unary expression only allowed on expressions of type scalar or instant vector, got string/],
  ['histogram_quantile(0.9, x_bucket[5m])', /expected type vector in call to function "histogram_quantile", got matrix/],
  ['scalar(x) > 1', /comparisons between scalars must use BOOL modifier/],
];
const TYPE_VALID = ['up == bool 1', 'count_values("v", x)', 'topk(3, x)', 'scalar(x) > bool 1', 'vector(1) and on() x', 'time() - x', 'sum(rate(x[5m])) > 0.2'];

describe('PromQL checks agree with promtool', () => {
  test.each(VALID)('accepts %s', (expr) => {
    expect(promqlSyntaxError(expr)).toBeUndefined();
    expect(promtoolAccepts({ expr })).toBe(true);
  });
  test.each(INVALID)('refuses %s, as promtool does', (expr) => {
    expect(promqlSyntaxError(expr)).toBeDefined();
    expect(promtoolAccepts({ expr })).toBe(false);
  });
  test.each(TYPE_ERRORS)('refuses the types of %s, as promtool does', (expr, message) => {
    expect(promqlSyntaxError(expr)).toMatch(message);
    expect(promtoolAccepts({ expr })).toBe(false);
  });
  test.each(TYPE_VALID)('accepts the types of %s, as promtool does', (expr) => {
    expect(promqlSyntaxError(expr)).toBeUndefined();
    expect(promtoolAccepts({ expr })).toBe(true);
  });
});

describe('template checks agree with promtool', () => {
  test.each(['{{ $labels.x }} is down', 'Literal {{ "{{" }} braces', '{{ `}}` }}', '{{ printf "%s" "a\\"}}" }} ok', 'no action', "{{/* it's a comment */}}{{ $value }}", '{{- /* don\'t */ -}}', '{{/* {{ */}}'])('accepts %s', (summary) => {
    expect(templateError(summary)).toBeUndefined();
    expect(promtoolAccepts({ expr: 'up == 0', summary })).toBe(true);
  });
  test.each(['{{ $labels.x is down', 'a {{ {{ }}', '{{ "unclosed }}', '{{ "a\nb" }}', '{{/* open }}'])('refuses %s, as promtool does', (summary) => {
    expect(templateError(summary)).toBeDefined();
    expect(promtoolAccepts({ expr: 'up == 0', summary })).toBe(false);
  });
});

// Expressions that differ only in their strings share one parse; each still gets its own verdict and message.
describe('PromQL checks of expressions differing only in label values', () => {
  test('a bad regex is found in the expression that has it, named as written', () => {
    expect(promqlSyntaxError('sum(rate(http_requests_total{job="a",code=~"5.."}[5m]))')).toBeUndefined();
    expect(promqlSyntaxError('sum(rate(http_requests_total{job="b",code=~"5(.."}[5m]))')).toMatch(/^the regex "5\(\.\." is not valid RE2/);
    expect(promqlSyntaxError('sum(rate(http_requests_total{job="(",code=~"5.."}[5m]))')).toBeUndefined();
  });

  test('a structural error names the expression\'s own text', () => {
    expect(promqlSyntaxError('rate(up{job="x"}[5m])')).toBeUndefined();
    expect(promqlSyntaxError('rate(up{job="some-service"})')).toBe('rate() needs a range vector (such as x[5m]) as argument 1, not "up{job="some-service"}"');
    expect(promqlSyntaxError('up{job="svc-1"} ==')).toMatch(/near "up\{job="svc-1"\} =="/);
  });

  test('strings with escapes or other quotes are checked as written', () => {
    expect(promqlSyntaxError('up{job="a\\qb"}')).toMatch(/unknown escape sequence/);
    expect(promqlSyntaxError("up{job='x', code=~'5(('}")).toMatch(/is not valid RE2/);
  });
});

describe('PromQL type checks see the whole expression', () => {
  test('a long expression is checked in full, however long its parse takes (no cut tree, no false error)', () => {
    // Wide rather than deep: 30 000 label matchers take an editor well over its 20 ms first parse.
    const long = `sum(rate(m{${Array.from({ length: 30_000 }, (_, i) => `l${i}="v"`).join(', ')}}[5m]))`;
    expect(promqlTypeError(long)).toBeUndefined();
    expect(promqlTypeError(`${long} and 1`)).toBe('set operator not allowed in binary scalar expression');
  });
});
