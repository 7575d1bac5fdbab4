import { DashboardPanel } from '../dashboards/types';
import { formatDuration, ratioWindows, BurnRateWindow } from './windows';
import { idMatchers, SLI_ERROR_RECORD, SloSpec } from './rules';

/** Burn rates are multiples of the sustainable rate: 1x spends exactly the budget over the window. */
const BURN_RATE_UNIT = 'suffix:x';

/**
 * Where the panels over the whole SLO window read from: the period records (`recorded`), or
 * the shortest window's ratio averaged over the window on the datasource (`datasource`), when
 * the evaluating Prometheus keeps less than the window and a long-term store holds it all.
 */
export type SloPeriodSource = { readonly from: 'recorded' } | { readonly from: 'datasource'; readonly localRetention: string };

/**
 * The panels of an SLO's error-budget dashboard, on its recorded series (the window figures, where `source` says so, on the datasource): the budget left
 * over the SLO window, the burn rate per alert window (1 = spending exactly the budget), and
 * the SLI over time against the objective.
 */
export function sloPanels(spec: SloSpec, windows: readonly BurnRateWindow[], source: SloPeriodSource = { from: 'recorded' }): DashboardPanel[] {
  const ids = idMatchers(spec);
  const by = spec.groupBy.length ? spec.groupBy.map((l) => `{{ ${l} }}`).join(' ') : '';
  const legend = (text: string) => (by ? `${by} ${text}` : text);
  const period = formatDuration(spec.windowMs);
  const shortest = formatDuration(ratioWindows(windows)[0]);
  const onBudget = `/ on (sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{${ids}}`;
  // Sloth's period ratio is the mean of the shortest window's over the period: the same, computed at query time.
  const ratio = source.from === 'recorded' ? `${SLI_ERROR_RECORD}${period}{${ids}}` : `avg_over_time(${SLI_ERROR_RECORD}${shortest}{${ids}}[${period}])`;
  const burn = source.from === 'recorded' ? `slo:period_burn_rate:ratio{${ids}}` : `${ratio}\n${onBudget}`;
  const left = source.from === 'recorded' ? `slo:period_error_budget_remaining:ratio{${ids}}` : `1 - (\n${burn}\n)`;
  const how = source.from === 'recorded' ? ''
    : ` Computed here from the ${shortest} error ratio averaged over ${period} on the datasource (the long-term store): Prometheus keeps only ${source.localRetention} locally, so no ${period} series is recorded.`;
  return [
    { title: `Error budget left (${period})`, type: 'stat', unit: 'percentunit', queries: [{ expr: left, legend: legend('left') }],
      description: `Share of the error budget not yet spent over the SLO window (negative: overspent).${how}` },
    { title: `SLI (${period})`, type: 'stat', unit: 'percentunit', queries: [{ expr: `1 - ${ratio}`, legend: legend('SLI') }],
      description: `Share of good events over the SLO window; the objective is ${spec.objective}%.${how}` },
    { title: 'Burn rate now', type: 'stat', unit: BURN_RATE_UNIT, queries: [{ expr: `slo:current_burn_rate:ratio{${ids}}`, legend: legend('burn rate') }],
      description: `Burn rate over ${shortest}: 1 spends exactly the budget over the window.` },
    { title: `Burn rate (${period})`, type: 'stat', unit: BURN_RATE_UNIT, queries: [{ expr: burn, legend: legend('burn rate') }],
      description: `Burn rate over the whole SLO window: above 1, the budget runs out before the window ends.${how}` },
    { title: 'SLO window', type: 'stat', unit: 'd', queries: [{ expr: `slo:time_period:days{${ids}}`, legend: 'days' }],
      description: 'The window the objective and the error budget are measured over, in days.' },
    { title: 'Error budget left over time', unit: 'percentunit', queries: [{ expr: left, legend: legend('left') }],
      description: `How the share of the error budget left over the SLO window changed: a steep drop is an incident spending it.${how}` },
    { title: 'Burn rate per alert window', unit: BURN_RATE_UNIT, queries: ratioWindows(windows).map((ms) => ({
      expr: `${SLI_ERROR_RECORD}${formatDuration(ms)}{${ids}}\n${onBudget}`,
      legend: legend(formatDuration(ms)),
    })), description: `The alerts page at ${windows.filter((w) => w.action === 'page').map((w) => `${w.factor}x over ${formatDuration(w.longMs)}`).join(' or ')}, and ticket at ${windows.filter((w) => w.action === 'ticket').map((w) => `${w.factor}x over ${formatDuration(w.longMs)}`).join(' or ')}, both over the short window too.` },
    { title: `SLI over ${shortest} and the objective`, unit: 'percentunit', gridPos: { x: 0, y: 20, w: 24, h: 8 }, queries: [
      { expr: `1 - ${SLI_ERROR_RECORD}${shortest}{${ids}}`, legend: legend('SLI') },
      { expr: `slo:objective:ratio{${ids}}`, legend: 'objective' },
    ], description: `Share of good events over the shortest alert window (${shortest}) against the objective line.` },
  ];
}
