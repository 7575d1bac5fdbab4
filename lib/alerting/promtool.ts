import { AlertingRule, AlertTestCase, RecordingRule, RecordingTestCase } from './types';

/** A promtool `tests:` entry. */
export interface PromtoolTest {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test?: {
    eval_time: string;
    alertname: string;
    exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
  }[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

/** The promtool test for one case of one recording rule: the recorded series read back. */
export function recordingTest(rule: RecordingRule, test: RecordingTestCase, index: number, groupName: string): PromtoolTest {
  return {
    name: test.name ?? `${groupName}/${rule.record} case ${index + 1}`,
    interval: test.interval ?? '1m',
    input_series: test.inputSeries.map((s) => ({ series: s.series, values: s.values })),
    promql_expr_test: [{
      expr: rule.record,
      eval_time: test.evalTime,
      exp_samples: test.expectSamples.map((e) => {
        // The rule's own labels, unless the sample names another rule of the same record (a sibling quantile).
        const labels = { ...(rule.labels ?? {}), ...(e.labels ?? {}) };
        return { labels: `${rule.record}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`, value: e.value };
      }),
    }],
  };
}

/** The rule's annotations as rendered: summary, description, runbook_url. */
export function ruleAnnotations(rule: AlertingRule): Record<string, string> {
  return {
    summary: rule.summary,
    description: rule.description,
    ...linkAnnotations(rule),
  };
}

/** The rule's link annotations: runbook_url and dashboard_url, when it has them. */
export function linkAnnotations(rule: AlertingRule): Record<string, string> {
  return {
    ...(rule.runbookUrl ? { runbook_url: rule.runbookUrl } : {}),
    ...(rule.dashboardUrl ? { dashboard_url: rule.dashboardUrl } : {}),
  };
}

/** The rule's static labels: severity plus its extra labels. */
export function ruleLabels(rule: AlertingRule): Record<string, string> {
  return { ...(rule.labels ?? {}), severity: rule.severity };
}

const LABEL_TEMPLATE = /\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

/**
 * Why Prometheus' template engine would refuse `text`: an action opened inside another, or
 * never closed. Strings inside an action (`{{ "{{" }}`, the idiom for literal braces) are
 * skipped. Undefined when the actions are well formed.
 */
export function templateError(text: string): string | undefined {
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (open < 0) {
      if (text.startsWith('{{', i)) { open = i; i++; }
      continue;
    }
    const c = text[i];
    if (text.startsWith('/*', i)) {
      // A comment: {{/* ... */}}.
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return `the comment at character ${i + 1} is never closed`;
      i = end + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      // A quoted or raw string: skip to its end (quoted ones honour backslash escapes and end at a newline).
      let j = i + 1;
      while (j < text.length && text[j] !== c && (c === '`' || text[j] !== '\n')) j += c !== '`' && text[j] === '\\' ? 2 : 1;
      if (j >= text.length || text[j] !== c) return `the string at character ${i + 1} is never closed`;
      i = j;
    } else if (text.startsWith('}}', i)) {
      open = -1;
      i++;
    } else if (text.startsWith('{{', i)) {
      return `"{{" at character ${i + 1} opens an action inside the one at character ${open + 1}`;
    }
  }
  return open >= 0 ? `the action at character ${open + 1} is never closed with "}}"` : undefined;
}

/**
 * Expands `{{ $labels.x }}` in a template; undefined when the template uses anything else,
 * which only Prometheus itself can evaluate.
 */
export function expandLabelTemplate(template: string, labels: Record<string, string>): string | undefined {
  const expanded = template.replace(LABEL_TEMPLATE, (_m, name: string) => labels[name] ?? '');
  return expanded.includes('{{') ? undefined : expanded;
}

/**
 * The promtool test for one case of one rule; `siblings` are the group's other rules, for the
 * expected alerts of the same name at another severity.
 */
export function promtoolTest(rule: AlertingRule, test: AlertTestCase, index: number, groupName: string, siblings: readonly AlertingRule[] = []): PromtoolTest {
  return {
    name: test.name ?? `${groupName}/${rule.alert} case ${index + 1}`,
    interval: test.interval ?? '1m',
    input_series: test.inputSeries.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: [{ evalTime: test.evalTime, expectAlerts: test.expectAlerts }, ...(test.alsoAt ?? [])].map((at) => ({
      eval_time: at.evalTime,
      alertname: rule.alert,
      exp_alerts: at.expectAlerts.map((expected) => {
        const tier = tierOf(rule, expected.severity, siblings);
        // Rule labels may be templates over the series' labels: expand them as Prometheus does.
        const series = expected.labels ?? {};
        const own = Object.fromEntries(Object.entries(ruleLabels(tier)).map(([k, v]) => [k, expandLabelTemplate(v, series) ?? v]));
        const labels = { ...series, ...own };
        // Explicit annotations state the texts; the links are the rule's, filled in as Prometheus does.
        const links = Object.fromEntries(Object.entries(linkAnnotations(tier)).map(([k, v]) => [k, expandLabelTemplate(v, labels) ?? v]));
        return { exp_labels: labels, exp_annotations: expected.annotations ? { ...links, ...expected.annotations } : derivedAnnotations(tier, labels) };
      }),
    })),
  };
}

/** The rule of the same alert name at `severity` (the rule itself when none is asked for). */
export function tierOf(rule: AlertingRule, severity: string | undefined, siblings: readonly AlertingRule[]): AlertingRule {
  if (severity === undefined || severity === rule.severity) return rule;
  const tier = siblings.find((s) => s.alert === rule.alert && s.severity === severity);
  if (!tier) throw new Error(`${rule.alert}: no rule of that name at severity ${severity}`);
  return tier;
}

function derivedAnnotations(rule: AlertingRule, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(ruleAnnotations(rule))) {
    const value = expandLabelTemplate(template, labels);
    if (value === undefined) throw new Error(`annotation ${key} uses a template other than {{ $labels.x }}`);
    out[key] = value;
  }
  return out;
}
