import { k8s } from 'cdk8s-plus-28';
import { chartOf } from '../core/component';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { check, StackValidationError } from '../core/errors';
import { PART_OF } from '../core/labels';
import { checkDnsLabel, checkDuration, checkLabelName, checkOneOf } from '../core/validate';
import { SEVERITIES, Severity } from '../alerting/types';
import { alertLinksOf, withAlertLinks } from '../alerting/alert-links';
import { isLogMetricQuery, logqlSyntaxError } from '../query/logql';

/** An alert on logs, evaluated by the Loki ruler. */
export interface LogAlertRule {
  /** The alert's name: UpperCamelCase, once in the group. */
  readonly alert: string;
  /** A LogQL metric query, e.g. `sum by (namespace) (rate({namespace="shop"} |= "ERROR" [5m])) > 1`. */
  readonly expr: string;
  /** How long the condition must hold before the alert fires, a Prometheus duration such as 5m. @default - fire at once */
  readonly for?: string;
  /** The `severity` label that routing and inhibition match on. */
  readonly severity: Severity;
  /** The `summary` annotation: one line saying what is wrong. */
  readonly summary: string;
  /** The `description` annotation: the detail, and what to look at. */
  readonly description: string;
  /** Extra labels on the alert (`severity` is set from `severity`). @default {} */
  readonly labels?: Record<string, string>;
  /** The `runbook_url` annotation. @default - the app's runbook base URL + `<alert>.md` (see `ALERT_LINKS_CONTEXT`), else none */
  readonly runbookUrl?: string;
  /** The `dashboard_url` annotation. @default - the app's dashboard link matching `<group>/<alert>`, else none */
  readonly dashboardUrl?: string;
}

export interface LokiAlertRuleGroupProps {
  /** Rule group and file name (DNS label). */
  readonly name: string;
  /** The group's rules, at least one. */
  readonly rules: LogAlertRule[];
  /** How often the ruler evaluates the group, a Prometheus duration. @default '1m' */
  readonly interval?: string;
}

/** The label that tells the Loki chart which ConfigMaps hold ruler rules. */
export const LOKI_RULES_LABEL = 'observability-stack/loki-rules';

/**
 * Log-based alert rules for the Loki ruler, in a ConfigMap that Loki mounts. Every LogQL
 * expression is parsed when the app is built.
 */
export class LokiAlertRuleGroup extends Construct {
  public static all(root: Construct): LokiAlertRuleGroup[] {
    return root.node.findAll().filter((c): c is LokiAlertRuleGroup => c instanceof LokiAlertRuleGroup);
  }

  public readonly name: string;
  public readonly rules: readonly LogAlertRule[];
  public readonly configMapName: string;

  constructor(scope: Construct, id: string, props: LokiAlertRuleGroupProps) {
    super(scope, id);
    checkDnsLabel(this, 'name', props.name);
    if (props.interval) checkDuration(this, 'interval', props.interval);
    check(props.rules.length > 0, this, 'rules', props.rules, 'at least one rule');
    const seen = new Set<string>();
    props.rules.forEach((r, i) => {
      const at = `rules[${i}]`;
      check(/^[A-Z][A-Za-z0-9]*$/.test(r.alert), this, `${at}.alert`, r.alert, 'an UpperCamelCase alert name');
      check(!seen.has(r.alert), this, `${at}.alert`, r.alert, 'a name used once in the group');
      seen.add(r.alert);
      const syntax = logqlSyntaxError(r.expr);
      if (syntax) throw new StackValidationError(this, `${at}.expr`, r.expr, `valid LogQL: ${syntax}`);
      check(isLogMetricQuery(r.expr), this, `${at}.expr`, r.expr, 'a LogQL metric query over logs, e.g. sum(rate({namespace="shop"} |= "ERROR" [5m])) > 1 (a log selector alone cannot alert)');
      if (r.for) checkDuration(this, `${at}.for`, r.for);
      checkOneOf(this, `${at}.severity`, r.severity, SEVERITIES);
      check(!!r.summary?.trim() && !!r.description?.trim(), this, `${at}.summary/description`, r.summary, 'a summary and a description');
      for (const name of Object.keys(r.labels ?? {})) checkLabelName(this, `${at}.labels`, name);
    });
    this.name = props.name;
    // Alerts without links of their own get the app's runbook and dashboard links.
    const links = alertLinksOf(this);
    this.rules = links ? props.rules.map((r) => ({ ...r, ...withAlertLinks(r, props.name, links) })) : props.rules;
    this.configMapName = `loki-rules-${props.name}`;
    const group = {
      name: props.name,
      interval: props.interval ?? '1m',
      rules: this.rules.map((r) => ({
        alert: r.alert,
        expr: r.expr,
        ...(r.for ? { for: r.for } : {}),
        labels: { ...(r.labels ?? {}), severity: r.severity },
        annotations: {
          summary: r.summary, description: r.description,
          ...(r.runbookUrl ? { runbook_url: r.runbookUrl } : {}),
          ...(r.dashboardUrl ? { dashboard_url: r.dashboardUrl } : {}),
        },
      })),
    };
    new k8s.KubeConfigMap(this, 'rules', {
      metadata: { name: this.configMapName, namespace: chartOf(this).namespace, labels: { 'app.kubernetes.io/part-of': PART_OF, [LOKI_RULES_LABEL]: 'true' } },
      data: { [`${props.name}.yaml`]: stringify({ groups: [group] }, { lineWidth: 0 }) },
    });
  }
}
