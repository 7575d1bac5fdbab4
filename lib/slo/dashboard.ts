import { DashboardPanel } from '../dashboards/types';
import { formatDuration, ratioWindows, BurnRateWindow } from './windows';
import { idMatchers, SLI_ERROR_RECORD, SloSpec } from './rules';

/**
 * The panels of an SLO's error-budget dashboard, all on its recorded series: the budget left
 * over the SLO window, the burn rate per alert window (1 = spending exactly the budget), and
 * the SLI over time against the objective.
 */
/** Burn rates are multiples of the sustainable rate: 1x spends exactly the budget over the window. */
const BURN_RATE_UNIT = 'suffix:x';

export function sloPanels(spec: SloSpec, windows: readonly BurnRateWindow[]): DashboardPanel[] {
  const ids = idMatchers(spec);
  const by = spec.groupBy.length ? spec.groupBy.map((l) => `{{ ${l} }}`).join(' ') : '';
  const legend = (text: string) => (by ? `${by} ${text}` : text);
  const period = formatDuration(spec.windowMs);
  const shortest = formatDuration(ratioWindows(windows)[0]);
  return [
    { title: `Error budget left (${period})`, type: 'stat', unit: 'percentunit', queries: [{ expr: `slo:period_error_budget_remaining:ratio{${ids}}`, legend: legend('left') }],
      description: 'Share of the error budget not yet spent over the SLO window (negative: overspent).' },
    { title: `SLI (${period})`, type: 'stat', unit: 'percentunit', queries: [{ expr: `1 - ${SLI_ERROR_RECORD}${period}{${ids}}`, legend: legend('SLI') }],
      description: `Share of good events over the SLO window; the objective is ${spec.objective}%.` },
    { title: 'Burn rate now', type: 'stat', unit: BURN_RATE_UNIT, queries: [{ expr: `slo:current_burn_rate:ratio{${ids}}`, legend: legend('burn rate') }],
      description: `Burn rate over ${shortest}: 1 spends exactly the budget over the window.` },
    { title: `Burn rate (${period})`, type: 'stat', unit: BURN_RATE_UNIT, queries: [{ expr: `slo:period_burn_rate:ratio{${ids}}`, legend: legend('burn rate') }],
      description: 'Burn rate over the whole SLO window: above 1, the budget runs out before the window ends.' },
    { title: 'SLO window', type: 'stat', unit: 'd', queries: [{ expr: `slo:time_period:days{${ids}}`, legend: 'days' }],
      description: 'The window the objective and the error budget are measured over, in days.' },
    { title: 'Error budget left over time', unit: 'percentunit', queries: [{ expr: `slo:period_error_budget_remaining:ratio{${ids}}`, legend: legend('left') }],
      description: 'How the share of the error budget left over the SLO window changed: a steep drop is an incident spending it.' },
    { title: 'Burn rate per alert window', unit: BURN_RATE_UNIT, queries: ratioWindows(windows).map((ms) => ({
      expr: `${SLI_ERROR_RECORD}${formatDuration(ms)}{${ids}}\n/ on (sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{${ids}}`,
      legend: legend(formatDuration(ms)),
    })), description: `The alerts page at ${windows.filter((w) => w.action === 'page').map((w) => `${w.factor}x over ${formatDuration(w.longMs)}`).join(' or ')}, and ticket at ${windows.filter((w) => w.action === 'ticket').map((w) => `${w.factor}x over ${formatDuration(w.longMs)}`).join(' or ')}, both over the short window too.` },
    { title: `SLI over ${shortest} and the objective`, unit: 'percentunit', gridPos: { x: 0, y: 20, w: 24, h: 8 }, queries: [
      { expr: `1 - ${SLI_ERROR_RECORD}${shortest}{${ids}}`, legend: legend('SLI') },
      { expr: `slo:objective:ratio{${ids}}`, legend: 'objective' },
    ], description: `Share of good events over the shortest alert window (${shortest}) against the objective line.` },
  ];
}
