import { Construct } from 'constructs';
import { AlertRuleGroup } from '../alerting/alert-rule-group';
import { alertLinksOf } from '../alerting/alert-links';
import { AlertingRule, Rule } from '../alerting/types';
import { HISTOGRAM_BUCKETS } from '../catalog/buckets';
import { chartOf } from '../core/component';
import { pascal } from '../monitoring/standard-alerts';
import { check, StackValidationError } from '../core/errors';
import { checkDnsLabel, checkDuration, checkLabelName, durationMs, LABEL_NAME } from '../core/validate';
import { defaultDashboardNamespace, GrafanaDashboard } from '../dashboards/grafana-dashboard';
import { DatasourceUids } from '../dashboards/types';
import { sloPanels, SloPeriodSource } from './dashboard';
import { SloEvaluation, sloEvaluationOf } from './evaluation';
import { sloProofs, SloProofError, SloProofs } from './proofs';
import { errorBudget, sloAlerts, sloMetaRules, sloRatioRules, SloSpec } from './rules';
import { selectorError, ServiceLevelIndicator, sliSelectors } from './sli';
import { burnRateWindows, BurnRateWindow, formatDuration } from './windows';

/** The error-budget dashboard of an SLO. */
export interface SloDashboardOptions {
  /** Uids of the Grafana datasources. */
  readonly datasources: DatasourceUids;
  /** Grafana folder. @default 'SLOs' */
  readonly folder?: string;
  /** Namespace of its ConfigMap. @default - as GrafanaDashboard (Grafana's where the stack names it) */
  readonly namespace?: string;
}

export interface ServiceLevelObjectiveProps {
  /** The service the SLO is for (`sloth_service`), a DNS label, e.g. `orders-api`. */
  readonly service: string;
  /** The SLO's name (`sloth_slo`), a DNS label, e.g. `availability` or `latency`. */
  readonly name: string;
  /** Share of good events to keep, in percent, above 0 and below 100, e.g. 99.9. */
  readonly objective: number;
  /** The window the objective holds over (the error budget's period). @default '30d' */
  readonly window?: string;
  /** What counts as a good event. */
  readonly sli: ServiceLevelIndicator;
  /** Labels the SLO is evaluated per, each value with its own budget and alerts. @default [] */
  readonly groupBy?: string[];
  /** Namespace of the PrometheusRule. @default - the enclosing Component's namespace */
  readonly namespace?: string;
  /** Name of the burn-rate alerts. @default - `<Service><Name>ErrorBudgetBurn`, e.g. `OrdersApiAvailabilityErrorBudgetBurn` */
  readonly alertName?: string;
  /** The alerts' runbook. @default - none */
  readonly runbookUrl?: string;
  /** The error-budget dashboard, or false for none. */
  readonly dashboard: SloDashboardOptions | false;
  /**
   * The Prometheus that evaluates the rules: its local retention must hold the longest alert
   * window, and the SLO window unless a long-term store serves the dashboards.
   * @default - the app's `SLO_EVALUATION_CONTEXT`; unchecked without one
   */
  readonly evaluation?: SloEvaluation;
}

/** Objectives below this cannot page: a 14.4x burn of their budget would be more than every request failing. */
const LOWEST_PAGEABLE = 100 - 100 / 14.4;
const MIN_WINDOW = 7 * 86_400_000;
const MAX_WINDOW = 90 * 86_400_000;

/**
 * A service level objective: recording rules for its error ratio over each alert window,
 * multi-window multi-burn-rate alerts (the Google SRE workbook's: 14.4x over 1h and 5m or 6x
 * over 6h and 30m page, 1x over 3d and 6h tickets, the windows scaled to the SLO window), the
 * promtool cases that prove them (generated from the parameters), and an error-budget
 * dashboard. Record and label names follow Sloth's conventions.
 */
export class ServiceLevelObjective extends Construct {
  /** Every ServiceLevelObjective under `root`. */
  public static all(root: Construct): ServiceLevelObjective[] {
    return root.node.findAll().filter((c): c is ServiceLevelObjective => c instanceof ServiceLevelObjective);
  }

  /** What the rules are generated from. */
  public readonly spec: SloSpec;
  /** The alert tiers, windows scaled to the SLO window. */
  public readonly windows: readonly BurnRateWindow[];
  /** The error budget as a ratio, e.g. 0.001. */
  public readonly errorBudget: number;
  /** The error ratio per alert window and the burn-rate alerts, with their generated promtool cases. */
  public readonly rules: AlertRuleGroup;
  /** The period's ratio, budget and burn rates the dashboard reads (Sloth's meta recordings). */
  public readonly metaRules: AlertRuleGroup;
  /** The error-budget dashboard, unless switched off. */
  public readonly dashboard?: GrafanaDashboard;
  /** Labels and values the generated cases give the group-by labels. */
  public readonly proofGroup: Record<string, string>;
  /** Where the figures over the whole SLO window come from: its own records, or the dashboards' datasource. */
  public readonly periodSource: SloPeriodSource;

  constructor(scope: Construct, id: string, props: ServiceLevelObjectiveProps) {
    super(scope, id);
    checkDnsLabel(this, 'service', props.service);
    checkDnsLabel(this, 'name', props.name);
    check(/^[a-z]/.test(props.service), this, 'service', props.service, 'a name starting with a letter (it names the alerts)');
    check(/^[a-z]/.test(props.name), this, 'name', props.name, 'a name starting with a letter (it names the alerts)');
    check(typeof props.objective === 'number' && Number.isFinite(props.objective) && props.objective > 0 && props.objective < 100, this, 'objective', props.objective,
      'a percentage above 0 and below 100, such as 99.9');
    check(props.objective > LOWEST_PAGEABLE, this, 'objective', props.objective,
      `an objective above ${LOWEST_PAGEABLE.toFixed(2)}%: below it the fastest page tier (14.4x the budget) needs more than every request to fail, so it could never page`);
    const window = props.window ?? '30d';
    checkDuration(this, 'window', window);
    const windowMs = durationMs(window);
    check(windowMs >= MIN_WINDOW && windowMs <= MAX_WINDOW, this, 'window', window, 'a window from 7d to 90d, such as "28d" or "30d"');
    this.validateSli(props.sli);
    (props.groupBy ?? []).forEach((l, i) => {
      checkLabelName(this, `groupBy[${i}]`, l);
      check(!l.startsWith('sloth_') && l !== '__name__' && l !== 'le', this, `groupBy[${i}]`, l, 'a label of the SLI\'s series (not le, __name__ or a sloth_ label)');
    });
    const alert = props.alertName ?? `${pascal(props.service)}${pascal(props.name)}ErrorBudgetBurn`;
    const namespace = props.namespace ?? chartOf(this).namespace;
    const dashboardUid = props.dashboard === false ? undefined : `slo-${props.service}-${props.name}`.slice(0, 40);
    const dashboardBaseUrl = alertLinksOf(this)?.dashboardBaseUrl;
    const dashboardUrl = dashboardUid && dashboardBaseUrl ? `${dashboardBaseUrl}${dashboardUid}` : undefined;

    this.windows = burnRateWindows(windowMs);
    this.errorBudget = errorBudget(props.objective);
    this.spec = {
      id: `${props.service}-${props.name}`, service: props.service, slo: props.name, objective: props.objective, windowMs,
      selectors: sliSelectors(props.sli), groupBy: props.groupBy ?? [], alert, runbookUrl: props.runbookUrl, dashboardUid, dashboardUrl,
    };
    this.proofGroup = Object.fromEntries(this.spec.groupBy.map((l) => [l, 'a']));
    this.periodSource = this.checkRetention(props.evaluation ?? sloEvaluationOf(this));
    const group = `slo-${this.spec.id}`.slice(0, 58).replace(/-$/, '');
    this.rules = new AlertRuleGroup(this, 'rules', { name: group, namespace, rules: this.generatedRules(this.windows) });
    const proofs = this.proofs();
    this.metaRules = new AlertRuleGroup(this, 'meta-rules', { name: `${group}-meta`, namespace, rules: sloMetaRules(this.spec, this.windows, this.periodSource.from === 'recorded').map((r) => ({ ...r, tests: [proofs.record(r)] })) });
    if (props.dashboard !== false) {
      this.dashboard = new GrafanaDashboard(this, 'dashboard', {
        uid: dashboardUid!,
        title: `SLO: ${props.service} ${props.name}`,
        folder: props.dashboard.folder ?? 'SLOs',
        datasources: props.dashboard.datasources,
        namespace: props.dashboard.namespace ?? defaultDashboardNamespace(this, namespace),
        tags: ['slo', props.service],
        timeFrom: `now-${formatDuration(windowMs)}`,
        description: `${props.objective}% of ${props.service}'s events good over ${formatDuration(windowMs)}; alerts ${alert}.`,
        panels: sloPanels(this.spec, this.windows, this.periodSource),
      });
    }
  }

  /**
   * The rules for `windows`, each carrying the promtool cases generated from this SLO's own
   * windows: with other windows or factors (a mutation), the cases fail.
   */
  public generatedRules(windows: readonly BurnRateWindow[]): Rule[] {
    const proofs = this.proofs();
    const records = sloRatioRules(this.spec, windows).map((r) => ({ ...r, tests: [proofs.record(r)] }));
    const alerts: AlertingRule[] = sloAlerts(this.spec, windows).map((a) => ({ ...a, tests: a.severity === 'critical' ? proofs.page : proofs.ticket }));
    return [...records, ...alerts];
  }

  /**
   * Prometheus evaluates the rules on the samples it keeps locally, whatever its dashboards
   * read: a window longer than that retention reads only what is kept and yields a ratio too
   * good, silently. The alert windows must fit, or the alert is wrong. The SLO window must fit
   * too, unless a long-term store serves the dashboards: then the period is not recorded
   * locally and the dashboard computes it over the store.
   */
  private checkRetention(evaluation: SloEvaluation | undefined): SloPeriodSource {
    if (evaluation === undefined) return { from: 'recorded' };
    const kept = durationMs(evaluation.localRetention);
    const slo = `the SLO ${this.spec.id} (${this.node.path}, ${this.spec.objective}% over ${formatDuration(this.spec.windowMs)})`;
    const longest = this.windows.reduce((a, b) => (b.longMs > a.longMs ? b : a));
    check(kept >= longest.longMs, evaluation.retentionSetAt, evaluation.retentionField.replace(/^.*\./, ''), evaluation.localRetention,
      `at least ${formatDuration(longest.longMs)}: the ${longest.action} tier of ${slo} reads ${longest.factor}x over ${formatDuration(longest.longMs)}, `
      + `and Prometheus evaluates it on the samples it keeps locally, so a shorter retention makes that alert see too little (raise ${evaluation.retentionField}, with its size limit and volume to hold it)`);
    if (kept >= this.spec.windowMs) return { from: 'recorded' };
    check(evaluation.longTermStore === true, evaluation.retentionSetAt, evaluation.retentionField.replace(/^.*\./, ''), evaluation.localRetention,
      `at least ${formatDuration(this.spec.windowMs)}, the window of ${slo}: its error budget is computed over the samples Prometheus keeps, and no long-term store holds the rest `
      + `(raise ${evaluation.retentionField}, with its size limit and volume to hold it, or give the SLO a shorter window)`);
    return { from: 'datasource', localRetention: evaluation.localRetention };
  }

  /** The generated promtool cases, from this SLO's own windows. */
  private proofs(): SloProofs {
    try {
      return sloProofs(this.spec, this.windows, this.proofGroup);
    } catch (err) {
      if (err instanceof SloProofError) throw new StackValidationError(this, 'sli', this.spec.selectors, `selectors the generated promtool cases can feed (${err.message})`);
      throw err;
    }
  }

  private validateSli(sli: ServiceLevelIndicator): void {
    check(typeof sli === 'object' && sli !== null && (sli.events === undefined) !== (sli.latency === undefined), this, 'sli', sli,
      'exactly one of events ({ errors or good, total }) and latency ({ histogram, thresholdSeconds })');
    const selector = (field: string, text: string | undefined) => {
      const error = selectorError(text as string);
      if (error) throw new StackValidationError(this, field, text, `a series selector such as 'http_requests_total{job="api",code=~"5.."}': ${error}`);
    };
    if (sli.events) {
      const e = sli.events;
      check((e.errors === undefined) !== (e.good === undefined), this, 'sli.events', e, 'exactly one of errors and good, with total');
      if (e.errors !== undefined) selector('sli.events.errors', e.errors);
      if (e.good !== undefined) selector('sli.events.good', e.good);
      selector('sli.events.total', e.total);
      check((e.errors ?? e.good)!.trim() !== e.total.trim(), this, e.errors !== undefined ? 'sli.events.errors' : 'sli.events.good', e.errors ?? e.good,
        'a selector other than total (the SLI would always be 0 or 1)');
      return;
    }
    const l = sli.latency!;
    check(typeof l.histogram === 'string' && /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(l.histogram) && !/_(bucket|count|sum)$/.test(l.histogram), this, 'sli.latency.histogram', l.histogram,
      'a histogram base name without "_bucket", such as "http_request_duration_seconds"');
    if (l.matchers !== undefined) {
      selector('sli.latency.matchers', `{${l.matchers}}`);
      check(!/(^|[\s,{])le\s*(=|!=|=~|!~)/.test(l.matchers) && l.matchers.split(',').every((m) => LABEL_NAME.test(m.trim().split(/[=!~]/)[0].trim()) || m.trim() === ''), this, 'sli.latency.matchers', l.matchers,
        'label matchers without le (thresholdSeconds picks the bucket), such as \'job="api",handler!="/healthz"\'');
    }
    check(typeof l.thresholdSeconds === 'number' && Number.isFinite(l.thresholdSeconds) && l.thresholdSeconds > 0, this, 'sli.latency.thresholdSeconds', l.thresholdSeconds, 'a number of seconds above 0');
    const buckets = l.buckets ?? HISTOGRAM_BUCKETS[l.histogram];
    check(buckets !== undefined, this, 'sli.latency.buckets', l.buckets,
      `the bucket bounds of ${l.histogram} (it is not in the metric catalog's histograms: ${Object.keys(HISTOGRAM_BUCKETS).join(', ')})`);
    if (l.buckets !== undefined) {
      check(Array.isArray(l.buckets) && l.buckets.length > 0 && l.buckets.every((b, i) => Number.isFinite(b) && b > 0 && (i === 0 || b > l.buckets![i - 1])), this, 'sli.latency.buckets', l.buckets,
        'the histogram\'s bucket bounds in seconds, ascending, e.g. [0.1, 0.25, 0.5, 1]');
    }
    check(buckets!.includes(l.thresholdSeconds), this, 'sli.latency.thresholdSeconds', l.thresholdSeconds,
      `the upper bound (le) of one of ${l.histogram}'s buckets: ${buckets!.join(', ')}`);
  }
}
