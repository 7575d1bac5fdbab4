import { chartOf } from '../core/component';
import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import { check, StackValidationError } from '../core/errors';
import { PART_OF } from '../core/labels';
import { checkDnsLabel, checkDuration, checkLabelName, checkLabels, checkOneOf, checkUrl } from '../core/validate';
import { promqlSyntaxError } from '../query/promql';
import { alertLinksOf, withAlertLinks } from './alert-links';
import { expandLabelTemplate, promtoolTest, PromtoolTest, ruleAnnotations, ruleLabels, templateError, tierOf, recordingTest } from './promtool';
import { AlertingRule, ExpectedAlert, InputSeries, isAlertingRule, RecordingRule, Rule, SEVERITIES } from './types';
import { checkKnownKeys } from '../core/known-keys';

export interface AlertRuleGroupProps {
  /** The PrometheusRule name and its rule group name (a DNS label), e.g. `node`. */
  readonly name: string;
  /** Namespace of the PrometheusRule. @default - the enclosing Component's namespace */
  readonly namespace?: string;
  /** How often the group is evaluated. @default - Prometheus' evaluation interval */
  readonly interval?: string;
  /** Extra labels on the PrometheusRule object. @default {} */
  readonly labels?: Record<string, string>;
  /** Alerting and recording rules, in evaluation order. */
  readonly rules: Rule[];
}

const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const NUMBER = String.raw`[-+]?(?:Inf|NaN|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)`;
// One token of promtool's series notation: `_`/`stale` or a value, each optionally repeated
// (`_x3`, `1+2x10`, `5-1x4`).
const VALUE_TOKEN = new RegExp(String.raw`^(?:(?:_|stale)(?:x\d+)?|${NUMBER}(?:[-+](?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?x\d+|x\d+)?)$`);

/** Whether `values` is in promtool's expanding notation. */
export function isExpandingNotation(values: string): boolean {
  const tokens = (values ?? '').trim().split(/\s+/).filter(Boolean);
  return tokens.length > 0 && tokens.every((t) => VALUE_TOKEN.test(t));
}

const RECORD_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * A PrometheusRule built from typed rules. Every expression is parsed and every field checked
 * when the app is built; alerts carry their own promtool test cases, which the test suite runs.
 */
export class AlertRuleGroup extends Construct {
  /** Every AlertRuleGroup under `root`, in tree order. */
  public static all(root: Construct): AlertRuleGroup[] {
    return root.node.findAll().filter((c): c is AlertRuleGroup => c instanceof AlertRuleGroup);
  }

  /** The PrometheusRule and rule group name. */
  public readonly name: string;
  /** The PrometheusRule's namespace. */
  public readonly namespace?: string;
  /** The rules, in evaluation order. */
  public readonly rules: readonly Rule[];
  /** The rendered PrometheusRule. */
  public readonly resource: PrometheusRule;

  constructor(scope: Construct, id: string, props: AlertRuleGroupProps) {
    super(scope, id);
    checkKnownKeys(this, 'AlertRuleGroupProps', props);
    checkDnsLabel(this, 'name', props.name);
    if (props.interval !== undefined) checkDuration(this, 'interval', props.interval);
    check(Array.isArray(props.rules) && props.rules.length > 0, this, 'rules', props.rules, 'at least one rule');
    if (props.labels !== undefined) checkLabels(this, 'labels', props.labels);
    this.name = props.name;
    this.namespace = props.namespace ?? chartOf(this).namespace;
    // Alerts without links of their own get the app's runbook and dashboard links.
    const links = alertLinksOf(this);
    this.rules = links ? props.rules.map((r) => (isAlertingRule(r) ? withAlertLinks(r, props.name, links) : r)) : props.rules;

    const seen = new Set<string>();
    this.rules.forEach((rule, i) => {
      const key = isAlertingRule(rule) ? `alert ${rule.alert} ${rule.severity}` : `record ${(rule as RecordingRule).record}`;
      this.validateRule(rule, i);
      // Recording rules may legitimately repeat a name with different labels; an alert only at
      // another severity (a warning that escalates to critical).
      if (isAlertingRule(rule)) {
        check(!seen.has(key), this, `rules[${i}].alert`, rule.alert, 'a name used once in the group (or once per severity)');
        seen.add(key);
      }
    });

    this.resource = new PrometheusRule(this, 'resource', {
      metadata: {
        name: props.name,
        ...(this.namespace ? { namespace: this.namespace } : {}),
        labels: { 'app.kubernetes.io/part-of': PART_OF, ...(props.labels ?? {}) },
      },
      spec: {
        groups: [{
          name: props.name,
          ...(props.interval ? { interval: props.interval } : {}),
          rules: this.rules.map((rule) => isAlertingRule(rule)
            ? {
              alert: rule.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
              ...(rule.for ? { for: rule.for } : {}),
              ...(rule.keepFiringFor ? { keepFiringFor: rule.keepFiringFor } : {}),
              labels: ruleLabels(rule),
              annotations: ruleAnnotations(rule),
            }
            : {
              record: rule.record,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
              ...(rule.labels && Object.keys(rule.labels).length ? { labels: rule.labels } : {}),
            }),
        }],
      },
    });
  }

  /** The alerting rules. */
  public get alerts(): AlertingRule[] {
    return this.rules.filter(isAlertingRule);
  }

  /** The rule group as a plain Prometheus rule file group (what promtool reads). */
  public ruleFileGroup(): Record<string, unknown> {
    const spec = this.resource.toJson().spec as { groups: Record<string, unknown>[] };
    return spec.groups[0];
  }

  /** The recording rules. */
  public get recordingRules(): RecordingRule[] {
    return this.rules.filter((r): r is RecordingRule => !isAlertingRule(r));
  }

  /** Every test case of every rule, as promtool tests. */
  public promtoolTests(): PromtoolTest[] {
    const alerts = this.alerts;
    // Recording rules sharing a name (one per workload type) are read back together.
    const records = this.recordingRules.flatMap((rule) => (rule.tests ?? []).map((t, i) => recordingTest(rule, t, i, this.name)));
    return [...alerts.flatMap((rule) => (rule.tests ?? []).map((t, i) => promtoolTest(rule, t, i, this.name, alerts))), ...records];
  }

  private validateRule(rule: Rule, i: number): void {
    const at = `rules[${i}]`;
    const syntax = promqlSyntaxError(rule.expr ?? '');
    if (syntax) throw new StackValidationError(this, `${at}.expr`, rule.expr, `valid PromQL: ${syntax}`);
    for (const name of Object.keys(rule.labels ?? {})) checkLabelName(this, `${at}.labels`, name);
    if (!isAlertingRule(rule)) {
      check(RECORD_NAME.test(rule.record ?? ''), this, `${at}.record`, rule.record, 'a metric name such as "instance:node_cpu:ratio"');
      (rule.tests ?? []).forEach((test, t) => {
        this.validateInput(`${at}.tests[${t}]`, test);
        test.expectSamples.forEach((e, k) => {
          for (const name of Object.keys(e.labels ?? {})) checkLabelName(this, `${at}.tests[${t}].expectSamples[${k}].labels`, name);
          check(Number.isFinite(e.value), this, `${at}.tests[${t}].expectSamples[${k}].value`, e.value, 'a finite number');
        });
      });
      return;
    }
    check(ALERT_NAME.test(rule.alert), this, `${at}.alert`, rule.alert, 'an UpperCamelCase alert name such as "NodeDown"');
    if (rule.for !== undefined) checkDuration(this, `${at}.for`, rule.for);
    if (rule.keepFiringFor !== undefined) checkDuration(this, `${at}.keepFiringFor`, rule.keepFiringFor);
    checkOneOf(this, `${at}.severity`, rule.severity, SEVERITIES);
    check(typeof rule.summary === 'string' && rule.summary.trim() !== '', this, `${at}.summary`, rule.summary, 'a one-line summary');
    check(typeof rule.description === 'string' && rule.description.trim() !== '', this, `${at}.description`, rule.description, 'a description of what happened and what to do');
    check(!('severity' in (rule.labels ?? {})), this, `${at}.labels.severity`, rule.labels?.severity, 'no severity label: use the severity field');
    // A runbook link must be a URL (it may template the rest of its path).
    if (rule.runbookUrl !== undefined && !rule.runbookUrl.includes('{{')) checkUrl(this, `${at}.runbookUrl`, rule.runbookUrl);
    if (rule.dashboardUrl !== undefined && !rule.dashboardUrl.includes('{{')) checkUrl(this, `${at}.dashboardUrl`, rule.dashboardUrl);
    const templates: [string, string | undefined][] = [['summary', rule.summary], ['description', rule.description], ['runbookUrl', rule.runbookUrl], ['dashboardUrl', rule.dashboardUrl],
      ...Object.entries(rule.labels ?? {}).map(([k, v]): [string, string] => [`labels.${k}`, v])];
    for (const [field, text] of templates) {
      const error = text === undefined ? undefined : templateError(text);
      if (error) throw new StackValidationError(this, `${at}.${field}`, text, `a Prometheus template: ${error}`);
    }
    (rule.tests ?? []).forEach((test, t) => this.validateTest(rule, `${at}.tests[${t}]`, test));
  }

  private validateTest(rule: AlertingRule, at: string, test: NonNullable<AlertingRule['tests']>[number]): void {
    this.validateInput(at, test);
    (test.alsoAt ?? []).forEach((more, m) => this.validateExpected(rule, `${at}.alsoAt[${m}]`, more));
    this.validateExpected(rule, at, test);
  }

  /** An evaluation time and the alerts expected then. */
  private validateExpected(rule: AlertingRule, at: string, test: { readonly evalTime: string; readonly expectAlerts: readonly ExpectedAlert[] }): void {
    checkDuration(this, `${at}.evalTime`, test.evalTime);
    test.expectAlerts.forEach((expected, k) => {
      for (const name of Object.keys(expected.labels ?? {})) checkLabelName(this, `${at}.expectAlerts[${k}].labels`, name);
      if (expected.severity !== undefined) {
        checkOneOf(this, `${at}.expectAlerts[${k}].severity`, expected.severity, SEVERITIES);
        check(expected.severity === rule.severity || this.rules.some((r) => isAlertingRule(r) && r.alert === rule.alert && r.severity === expected.severity),
          this, `${at}.expectAlerts[${k}].severity`, expected.severity, `a severity at which the group has a ${rule.alert} rule`);
      }
      if (expected.annotations) return;
      const tier = expected.severity === undefined ? rule : tierOf(rule, expected.severity, this.alerts);
      for (const [key, template] of Object.entries(ruleAnnotations(tier))) {
        check(expandLabelTemplate(template, expected.labels ?? {}) !== undefined, this, `${at}.expectAlerts[${k}].annotations`, undefined,
          `explicit annotations: the ${key} template uses more than {{ $labels.x }}, so the expected text cannot be derived`);
      }
    });
  }

  /** The evaluation time and input series of a test case, alerting or recording. */
  private validateInput(at: string, test: { readonly evalTime: string; readonly interval?: string; readonly inputSeries: readonly InputSeries[] }): void {
    checkDuration(this, `${at}.evalTime`, test.evalTime);
    if (test.interval !== undefined) checkDuration(this, `${at}.interval`, test.interval);
    check(test.inputSeries.length > 0, this, `${at}.inputSeries`, test.inputSeries, 'at least one input series');
    test.inputSeries.forEach((s, k) => {
      const syntax = promqlSyntaxError(s.series);
      if (syntax) throw new StackValidationError(this, `${at}.inputSeries[${k}].series`, s.series, `a series selector: ${syntax}`);
      check(isExpandingNotation(s.values), this, `${at}.inputSeries[${k}].values`, s.values,
        'promtool expanding notation such as "0x10", "1+1x30", "1 2 _ stale" or "_x3"');
    });
  }
}
