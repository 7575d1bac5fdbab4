import { PinnedImage, VERSIONS, VersionKey } from './versions';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The date support checks are made against: `SUPPORT_CHECK_DATE` (YYYY-MM-DD) when set, so a
 * run can be repeated exactly, else today in UTC.
 */
export function supportCheckDate(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const fixed = env.SUPPORT_CHECK_DATE;
  if (fixed !== undefined && fixed !== '') {
    if (!DATE.test(fixed) || Number.isNaN(Date.parse(fixed))) throw new Error(`SUPPORT_CHECK_DATE = ${JSON.stringify(fixed)} is not valid; expected a date as YYYY-MM-DD`);
    return fixed;
  }
  return now.toISOString().slice(0, 10);
}

/** Whether the pin's line is past its published end of support on `date` (YYYY-MM-DD). */
export function isPastEndOfSupport(pin: PinnedImage, date: string): boolean {
  return pin.support.endOfSupport !== undefined && date > pin.support.endOfSupport;
}

/**
 * One line per pinned version whose line is past its end of support on `date`, in table order:
 * what `npm run synth` prints as warnings (the build still succeeds: output stays reproducible).
 */
export function supportWarnings(date: string, table: Record<string, PinnedImage> = VERSIONS): string[] {
  return (Object.entries(table) as [VersionKey, PinnedImage][])
    .filter(([, pin]) => isPastEndOfSupport(pin, date))
    .map(([key, pin]) => `warning: ${pin.component} ${pin.version} (${key}) is on ${pin.support.line}, out of support since ${pin.support.endOfSupport} (${pin.support.policy})`);
}
