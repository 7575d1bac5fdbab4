/**
 * One alerting tier of the multi-window, multi-burn-rate alerts of the Google SRE workbook
 * ("Alerting on SLOs", recommended parameters): it fires when the error ratio over both the
 * long and the short window exceeds `factor` times the error budget. The long window sets how
 * much budget is spent before it fires; the short one makes it stop soon after the burn ends.
 */
export interface BurnRateWindow {
  /** `page` wakes someone (severity critical); `ticket` is for working hours (severity warning). */
  readonly action: 'page' | 'ticket';
  /** Burn-rate factor: how many times faster than sustainable the budget is spent. */
  readonly factor: number;
  /** Long window, milliseconds. */
  readonly longMs: number;
  /** Short window (a twelfth of the long one), milliseconds. */
  readonly shortMs: number;
}

/** The SLO window the workbook's parameters are stated for. */
export const WORKBOOK_WINDOW_MS = 30 * 86_400_000;

/**
 * The workbook's three tiers for a 30-day SLO: 2 % of the budget spent in 1h (14.4x) and 5 % in
 * 6h (6x) page, 10 % in 3d (1x) tickets.
 */
const WORKBOOK: readonly { action: 'page' | 'ticket'; factor: number; long: number; short: number }[] = [
  { action: 'page', factor: 14.4, long: 3_600_000, short: 300_000 },
  { action: 'page', factor: 6, long: 21_600_000, short: 1_800_000 },
  { action: 'ticket', factor: 1, long: 259_200_000, short: 21_600_000 },
];

const MINUTE = 60_000;
const roundToMinute = (ms: number) => Math.max(MINUTE, Math.round(ms / MINUTE) * MINUTE);
/** A rate over a shorter range has too few samples at common scrape intervals (30s, 1m). */
const SHORTEST_WINDOW = 5 * MINUTE;

/**
 * The tiers for an SLO window: the factors stay, the windows scale with the SLO window (as
 * Pyrra does), rounded to the minute, so each tier still fires after the same share of the
 * budget is spent (2 %, 5 %, 10 %); a short window is at least 5m. A 30-day SLO gets the
 * workbook's windows exactly.
 */
export function burnRateWindows(sloWindowMs: number): BurnRateWindow[] {
  const scale = sloWindowMs / WORKBOOK_WINDOW_MS;
  return WORKBOOK.map((w) => ({
    action: w.action, factor: w.factor, longMs: roundToMinute(w.long * scale), shortMs: Math.max(SHORTEST_WINDOW, roundToMinute(w.short * scale)),
  }));
}

/** A duration as Prometheus writes it (`5m`, `1h`, `2d19h12m`): what record names and labels carry. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  // Prometheus writes whole weeks only when the duration is a whole number of them (4w, not 4w2d).
  const usable = ms % 604_800_000 === 0 ? units : units.filter(([u]) => u !== 'w');
  let rest = ms;
  let out = '';
  for (const [unit, size] of usable) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out || '0s';
}

/** Every window the tiers read, shortest first, without repeats. */
export function ratioWindows(windows: readonly BurnRateWindow[]): number[] {
  return [...new Set(windows.flatMap((w) => [w.shortMs, w.longMs]))].sort((a, b) => a - b);
}

