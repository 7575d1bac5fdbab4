import { AlertingRule, RecordingRule } from '../alerting/types';
import { SliSelectors } from './sli';
import { BurnRateWindow, formatDuration, ratioWindows } from './windows';

/**
 * Names follow Sloth's conventions (github.com/slok/sloth, pkg/common/conventions): one
 * `slo:sli_error:ratio_rate<window>` series per window, labelled `sloth_id`, `sloth_service`,
 * `sloth_slo` and `sloth_window`, and the meta series `slo:objective:ratio`,
 * `slo:error_budget:ratio`, `slo:time_period:days`, `slo:current_burn_rate:ratio`,
 * `slo:period_burn_rate:ratio` and `slo:period_error_budget_remaining:ratio`, so Sloth's
 * Grafana dashboards read them too.
 */
export const SLI_ERROR_RECORD = 'slo:sli_error:ratio_rate';

/** What the rules of one SLO are generated from. */
export interface SloSpec {
  /** `sloth_id`: `<service>-<slo>`. */
  readonly id: string;
  /** `sloth_service`. */
  readonly service: string;
  /** `sloth_slo`. */
  readonly slo: string;
  /** The objective in percent, e.g. 99.9. */
  readonly objective: number;
  /** The SLO window, milliseconds. */
  readonly windowMs: number;
  readonly selectors: SliSelectors;
  /** Labels the SLO is evaluated per (each value its own budget and alerts). */
  readonly groupBy: readonly string[];
  /** The alert name (a critical rule pages, a warning rule tickets). */
  readonly alert: string;
  readonly runbookUrl?: string;
  /** Uid of the SLO's dashboard, named in the alerts. */
  readonly dashboardUid?: string;
  /** Its address, the alerts' `dashboard_url`, where the app says where Grafana is. */
  readonly dashboardUrl?: string;
}

/** The error budget as a ratio, e.g. 0.001 for 99.9: written as its decimal, free of float noise (1 - 0.999). */
export function errorBudget(objective: number): number {
  return Number(((100 - objective) / 100).toPrecision(12));
}

/** The selector of one SLO's recorded series. */
export function idMatchers(spec: SloSpec): string {
  return `sloth_id="${spec.id}", sloth_service="${spec.service}", sloth_slo="${spec.slo}"`;
}

/** The labels every recorded series of the SLO carries. */
export function idLabels(spec: SloSpec): Record<string, string> {
  return { sloth_id: spec.id, sloth_service: spec.service, sloth_slo: spec.slo };
}

/** The error ratio over `window`: part/total for errors, 1 - part/total for good events. No part events means none. */
export function errorRatioExpr(spec: SloSpec, window: string): string {
  const by = spec.groupBy.length ? ` by (${spec.groupBy.join(', ')})` : '';
  const total = `sum${by} (rate(${spec.selectors.total}[${window}]))`;
  // A counter that never moved may not exist yet: its events count as zero, per group of the total.
  const part = `(sum${by} (rate(${spec.selectors.part}[${window}])) or 0 * ${total})`;
  return spec.selectors.partIs === 'bad' ? `${part}\n/\n${total}` : `(${total} - ${part})\n/\n${total}`;
}

/** The recording rules the alerts read: the error ratio per alert window. */
export function sloRatioRules(spec: SloSpec, windows: readonly BurnRateWindow[]): RecordingRule[] {
  return ratioWindows(windows).map((ms) => ({
    record: `${SLI_ERROR_RECORD}${formatDuration(ms)}`,
    expr: errorRatioExpr(spec, formatDuration(ms)),
    labels: { ...idLabels(spec), sloth_window: formatDuration(ms) },
  }));
}

/**
 * The recording rules the dashboard reads (Sloth's meta group): the period's ratio from the
 * shortest window's, the objective, the budget and the burn rates. With `period` false the
 * records over the whole SLO window are left out: the evaluating Prometheus does not keep that
 * window, and the dashboard computes them over its datasource instead.
 */
export function sloMetaRules(spec: SloSpec, windows: readonly BurnRateWindow[], period = true): RecordingRule[] {
  const rules = allMetaRules(spec, windows);
  const over = formatDuration(spec.windowMs);
  return period ? rules : rules.filter((r) => r.labels?.sloth_window !== over && !r.record.startsWith('slo:period_'));
}

function allMetaRules(spec: SloSpec, windows: readonly BurnRateWindow[]): RecordingRule[] {
  const ids = idMatchers(spec);
  const shortest = formatDuration(ratioWindows(windows)[0]);
  const period = formatDuration(spec.windowMs);
  const on = 'on (sloth_id, sloth_slo, sloth_service) group_left';
  const meta = (record: string, expr: string): RecordingRule => ({ record, expr, labels: idLabels(spec) });
  return [
    // The period's ratio as the mean of the shortest window's: a rate over 30 days of raw series would be costly at every evaluation.
    {
      record: `${SLI_ERROR_RECORD}${period}`,
      expr: `sum_over_time(${SLI_ERROR_RECORD}${shortest}{${ids}}[${period}])\n/ ignoring (sloth_window)\ncount_over_time(${SLI_ERROR_RECORD}${shortest}{${ids}}[${period}])`,
      labels: { ...idLabels(spec), sloth_window: period },
    },
    meta('slo:objective:ratio', `vector(${Number((spec.objective / 100).toPrecision(12))})`),
    meta('slo:error_budget:ratio', `vector(${errorBudget(spec.objective)})`),
    meta('slo:time_period:days', `vector(${Number((spec.windowMs / 86_400_000).toPrecision(12))})`),
    meta('slo:current_burn_rate:ratio', `${SLI_ERROR_RECORD}${shortest}{${ids}}\n/ ${on}\nslo:error_budget:ratio{${ids}}`),
    meta('slo:period_burn_rate:ratio', `${SLI_ERROR_RECORD}${period}{${ids}}\n/ ${on}\nslo:error_budget:ratio{${ids}}`),
    meta('slo:period_error_budget_remaining:ratio', `1 - slo:period_burn_rate:ratio{${ids}}`),
  ];
}

/** The condition of one tier: the error ratio over both its windows above factor x budget. */
function tierCondition(spec: SloSpec, w: BurnRateWindow): string {
  const threshold = `(${w.factor} * ${errorBudget(spec.objective)})`;
  const over = (ms: number) => `max without (sloth_window) (${SLI_ERROR_RECORD}${formatDuration(ms)}{${idMatchers(spec)}} > ${threshold})`;
  return `(\n  ${over(w.shortMs)}\n  and\n  ${over(w.longMs)}\n)`;
}

/** What a tier means, for the alert's description. */
function tierText(w: BurnRateWindow): string {
  return `${w.factor}x over ${formatDuration(w.longMs)} and ${formatDuration(w.shortMs)}`;
}

/**
 * Two alerts of one name: the page tiers (severity critical, `sloth_severity: page`) and the
 * ticket tier (warning, `sloth_severity: ticket`), so the stack's routing sends pages to the
 * critical receivers and tickets to the warning ones. No `for`: the short window already
 * keeps a blip from firing and ends the alert soon after the burn stops (the workbook's design).
 */
export function sloAlerts(spec: SloSpec, windows: readonly BurnRateWindow[]): AlertingRule[] {
  const budget = errorBudget(spec.objective);
  const where = `${spec.objective}% over ${formatDuration(spec.windowMs)}`;
  const dashboard = spec.dashboardUid ? ` Dashboard: /d/${spec.dashboardUid}.` : '';
  return (['page', 'ticket'] as const).flatMap((action) => {
    const tiers = windows.filter((w) => w.action === action);
    if (tiers.length === 0) return [];
    return [{
      alert: spec.alert,
      expr: tiers.map((w) => tierCondition(spec, w)).join('\nor\n'),
      severity: action === 'page' ? 'critical' : 'warning',
      labels: { sloth_severity: action },
      summary: `{{ $labels.sloth_service }} is spending the error budget of its {{ $labels.sloth_slo }} SLO ${action === 'page' ? 'fast' : 'steadily'}`,
      description: `The ${spec.slo} SLO of ${spec.service} (${where}, error budget ${budget}) burns its budget faster than it may: `
        + `${tiers.map(tierText).join(', or ')} (the burn-rate factor times the budget, over both windows). `
        + (action === 'page'
          ? 'At this rate the budget is gone in days: users are affected now.'
          : 'At this rate the budget runs out before the window ends: plan the fix in working hours.')
        + dashboard,
      ...(spec.runbookUrl ? { runbookUrl: spec.runbookUrl } : {}),
      ...(spec.dashboardUrl ? { dashboardUrl: spec.dashboardUrl } : {}),
    }];
  });
}
