import { AlertTestCase, ExpectedAlert, InputSeries, RecordingRule, RecordingTestCase } from '../alerting/types';
import { formatDuration, BurnRateWindow } from './windows';
import { errorBudget, idLabels, SLI_ERROR_RECORD, SloSpec } from './rules';
import { selects, seriesLabels, seriesText } from './sli';

/** Requests per minute in the generated series. */
const PER_MINUTE = 1000;

/** A stretch of constant traffic with a constant error ratio. */
interface Phase { readonly minutes: number; readonly ratio: number }

/** The promtool cases proving an SLO's rules, generated from its parameters. */
export interface SloProofs {
  /** Cases of the page alert (each states the ticket alert of the same name too). */
  readonly page: AlertTestCase[];
  /** Cases of the ticket alert. */
  readonly ticket: AlertTestCase[];
  /** The recording rules' case: the same series for every rule, each rule's expected samples. */
  readonly record: (rule: RecordingRule) => RecordingTestCase;
}

const minutes = (ms: number) => Math.round(ms / 60_000);
const num = (n: number) => String(Number(n.toPrecision(12)));

/**
 * The error ratio the rules see at minute `t` over a window of `w` minutes: the counters'
 * increments in (t - w, t], as rate() counts them with a sample every minute.
 */
function ratioAt(phases: readonly Phase[], t: number, w: number): number {
  let errors = 0;
  let total = 0;
  let start = 0;
  for (const p of phases) {
    // Increments at minutes start+1 .. start+p.minutes, counted where they fall in (t - w, t].
    const overlap = Math.max(0, Math.min(start + p.minutes, t) - Math.max(start, t - w));
    errors += p.ratio * overlap;
    total += overlap;
    start += p.minutes;
  }
  return total === 0 ? NaN : errors / total;
}

/** promtool's expanding notation for a counter that grows by `increments[k]` at minute k+1, from 0. */
function counterValues(increments: readonly number[]): string {
  const parts: string[] = [];
  let value = 0;
  let i = 0;
  parts.push('0');
  while (i < increments.length) {
    let j = i;
    while (j + 1 < increments.length && increments[j + 1] === increments[i]) j++;
    const step = increments[i];
    const count = j - i + 1;
    parts.push(count === 1 ? num(value + step) : `${num(value + step)}+${num(step)}x${count - 1}`);
    value += step * count;
    i = j + 1;
  }
  return parts.join(' ');
}

export class SloProofError extends Error {}

/**
 * Builds the series for `phases`: the SLI's part selector (errors or good events) and the rest
 * of the total, each a counter growing by its share of PER_MINUTE requests a minute.
 */
function seriesFor(spec: SloSpec, phases: readonly Phase[], group: Record<string, string>): InputSeries[] {
  const { part, partIs, total } = spec.selectors;
  const partLabels = seriesLabels(part, group);
  if (!partLabels) throw new SloProofError(`no series matches the selector ${part}`);
  const inTotal = selects(total, partLabels);
  const restLabels = seriesLabels(total, group, inTotal ? part : undefined);
  if (!restLabels || selects(part, restLabels) !== false) throw new SloProofError(`no series matches ${total} without matching ${part}`);
  const perMinute = phases.flatMap((p) => Array.from({ length: p.minutes }, () => p.ratio));
  const partShare = (r: number) => (partIs === 'bad' ? r : 1 - r);
  return [
    { series: seriesText(partLabels), values: counterValues(perMinute.map((r) => partShare(r) * PER_MINUTE)) },
    { series: seriesText(restLabels), values: counterValues(perMinute.map((r) => (inTotal ? 1 - partShare(r) : 1) * PER_MINUTE)) },
  ];
}

/**
 * The cases, from the SLO's parameters and the tiers' windows and factors:
 * - per page tier, after good traffic over at least its long window, a burn just under the next
 *   faster tier's factor (4x its own for the fastest) pages by 1.1x the workbook's detection
 *   time (factor x budget x long window / error ratio) plus a minute, and has not paged at
 *   0.75x of it;
 * - a steady burn at 2x the sustainable rate tickets and does not page;
 * - spending the budget exactly at the objective's rate, or at half of it, fires nothing;
 * - a spike shorter than the fastest tier's short window, over a window of good traffic, does
 *   not page;
 * - the recording rules return the ratios, budget and burn rates of a steady 0.5x burn.
 * Each case's expectations for the other tiers are computed from the same windows, so a wrong
 * factor or window in the rules makes a case fail.
 */
export function sloProofs(spec: SloSpec, windows: readonly BurnRateWindow[], group: Record<string, string>): SloProofs {
  const budget = errorBudget(spec.objective);
  const labels = { ...group, ...idLabels(spec) };
  const expectAt = (phases: readonly Phase[], t: number, tiers: readonly BurnRateWindow[] = windows): ExpectedAlert[] => {
    const fires = (action: 'page' | 'ticket') => tiers.some((w) => w.action === action
      && ratioAt(phases, t, minutes(w.shortMs)) > w.factor * budget && ratioAt(phases, t, minutes(w.longMs)) > w.factor * budget);
    return [...(fires('page') ? [{ severity: 'critical' as const, labels }] : []), ...(fires('ticket') ? [{ severity: 'warning' as const, labels }] : [])];
  };
  const pages = (e: ExpectedAlert[]) => e.some((a) => a.severity === 'critical');
  const tickets = (e: ExpectedAlert[]) => e.some((a) => a.severity === 'warning');
  const length = (phases: readonly Phase[]) => phases.reduce((s, p) => s + p.minutes, 0);
  const at = (name: string, phases: Phase[], t: number, check: (e: ExpectedAlert[]) => boolean): AlertTestCase => {
    const expectAlerts = expectAt(phases, t);
    if (!check(expectAlerts)) throw new SloProofError(`the case "${name}" does not hold for these windows: ${JSON.stringify(expectAlerts)}`);
    return { name: `${spec.id}: ${name}`, inputSeries: seriesFor(spec, phases.map((p, i) => (i === phases.length - 1 ? { ...p, minutes: Math.max(p.minutes, t - length(phases.slice(0, -1))) } : p)), group), evalTime: `${t}m`, expectAlerts };
  };

  // Cases over the same series (the first's reaches the latest time) evaluated at several
  // times: promtool evaluates the rules once for them all.
  const together = (first: AlertTestCase, ...more: AlertTestCase[]): AlertTestCase => ({
    ...first, name: [first.name, ...more.map((m) => m.name!.replace(`${spec.id}: `, ''))].join('; '),
    alsoAt: more.map((m) => ({ evalTime: m.evalTime, expectAlerts: m.expectAlerts })),
  });
  const page: AlertTestCase[] = [];
  // Fastest first; the slowest has the longest window.
  const pageTiers = windows.filter((x) => x.action === 'page').sort((a, b) => b.factor - a.factor);
  pageTiers.forEach((w, i) => {
    // As fast as the tier catches (4x its factor) but below the next faster tier's factor, so that tier is the one that pages.
    const k = i === 0 ? 4 : Math.min(4, (0.9 * pageTiers[i - 1].factor) / w.factor);
    const ratio = Math.min(1, k * w.factor * budget);
    const detection = (w.factor * budget * minutes(w.longMs)) / ratio;
    const notYet = Math.floor(0.75 * detection);
    const fireAfter = Math.ceil(1.1 * detection) + 1;
    // Good traffic first, over the tier's own long window at least, and long enough that no
    // other tier pages by the time this one must (10-minute steps): the page is this tier's.
    const burnAfter = (b: number) => [{ minutes: b, ratio: 0 }, { minutes: fireAfter, ratio }];
    const others = windows.filter((x) => x !== w);
    const limit = 3 * minutes(pageTiers[pageTiers.length - 1].longMs);
    let baseline = minutes(w.longMs);
    while (pages(expectAt(burnAfter(baseline), baseline + notYet)) || pages(expectAt(burnAfter(baseline), baseline + fireAfter, others))) {
      baseline += 10;
      if (baseline > limit) throw new SloProofError(`no baseline lets the ${w.factor}x tier page on its own`);
    }
    const tier = `${w.factor}x over ${formatDuration(w.longMs)}`;
    page.push(together(
      at(`a burn at ${num(ratio)} errors pages (${tier}) within the detection time, ${num(detection)}m`, burnAfter(baseline), baseline + fireAfter, pages),
      at('and has not paged at 0.75x the detection time', burnAfter(baseline), baseline + notYet, (e) => !pages(e)),
    ));
  });
  const fastest = pageTiers[0];
  if (fastest) {
    const long = minutes(fastest.longMs);
    const short = minutes(fastest.shortMs);
    const ratio = Math.min(1, 4 * fastest.factor * budget);
    // Shorter than the short window, and too little for the long one, even at full errors.
    const spike = Math.max(1, Math.min(Math.floor(short / 2), Math.floor((fastest.factor * budget * long) / (2 * ratio))));
    const phases = [{ minutes: long, ratio: 0 }, { minutes: spike, ratio }, { minutes: short, ratio: 0 }];
    const after = (m: number) => at(`a ${spike}m spike at ${num(ratio)} errors does not page, ${m}m after it`, phases, long + spike + m, (e) => !pages(e));
    page.push(together(after(short), after(0)));
  }

  page.push(at('a steady burn at half the sustainable rate fires nothing', [{ minutes: 30, ratio: budget / 2 }], 30, (e) => e.length === 0));

  const ticketTier = windows.find((x) => x.action === 'ticket');
  const ticket: AlertTestCase[] = [];
  if (ticketTier) {
    const t = 30;
    ticket.push(at('a steady burn at 2x the sustainable rate tickets and does not page', [{ minutes: t, ratio: 2 * budget }], t, (e) => tickets(e) && !pages(e)));
    ticket.push(at('spending the budget exactly at the objective rate fires nothing', [{ minutes: t, ratio: budget }], t, (e) => e.length === 0));
  }

  // Half the events fail: every ratio is exactly 0.5 in floating point too (each rate the same multiple of the other's).
  const ratioInput = seriesFor(spec, [{ minutes: 10, ratio: 0.5 }], group);
  const shortest = formatDuration(Math.min(...windows.flatMap((w) => [w.shortMs, w.longMs])));
  const metaInput = [{ series: seriesText({ __name__: `${SLI_ERROR_RECORD}${shortest}`, ...group, ...idLabels(spec), sloth_window: shortest }), values: '0.5x10' }];
  const burn = 0.5 / budget;
  const period = { sloth_window: formatDuration(spec.windowMs) };
  const expected: Record<string, [number, Record<string, string>]> = {
    'slo:objective:ratio': [Number((spec.objective / 100).toPrecision(12)), {}],
    'slo:error_budget:ratio': [budget, {}],
    'slo:time_period:days': [Number((spec.windowMs / 86_400_000).toPrecision(12)), {}],
    'slo:current_burn_rate:ratio': [burn, { ...group, sloth_window: shortest }],
    'slo:period_burn_rate:ratio': [burn, { ...group, ...period }],
    'slo:period_error_budget_remaining:ratio': [1 - burn, { ...group, ...period }],
  };
  const record = (rule: RecordingRule): RecordingTestCase => {
    const name = `${spec.id}: ${rule.record} when half the events fail`;
    if (rule.record.startsWith(SLI_ERROR_RECORD)) {
      const own = rule.labels?.sloth_window === formatDuration(spec.windowMs);
      return { name, inputSeries: own ? metaInput : ratioInput, evalTime: '10m', expectSamples: [{ labels: { ...(rule.labels ?? {}), ...group }, value: 0.5 }] };
    }
    const e = expected[rule.record];
    if (e === undefined) throw new SloProofError(`no expectation for ${rule.record}`);
    return { name, inputSeries: metaInput, evalTime: '10m', expectSamples: [{ labels: { ...(rule.labels ?? {}), ...e[1] }, value: e[0] }] };
  };
  return { page, ticket, record };
}
