import { ClusterContext } from '../../config';
import { check } from '../../lib/core/errors';
import { checkDuration, durationMs } from '../../lib/core/validate';

/**
 * The Compactor's retention per resolution, checked as Thanos checks its flags at start
 * (cmd/thanos/compact.go, getRetentionPolicies): `0d` keeps a resolution forever; otherwise raw
 * blocks must outlive the 40 hours after which 5m downsampling happens, and 5m blocks the 10
 * days after which 1h downsampling happens, or the downsampled copy is never made. A coarser
 * resolution kept shorter than a finer one would lose the zoomed-out view first: refused too.
 */
export interface ThanosRetention {
  readonly raw: string;
  readonly fiveMinutes: string;
  readonly oneHour: string;
}

/** Thanos's downsampling delays (pkg/compact/downsample: ResLevel1DownsampleRange, ResLevel2DownsampleRange). */
const FIVE_MINUTE_DOWNSAMPLING_AFTER = '40h';
const ONE_HOUR_DOWNSAMPLING_AFTER = '10d';

/** Whether a Thanos retention keeps its blocks forever (`0d`, `0s`, ...). */
export const keptForever = (retention: string): boolean => durationMs(retention) === 0;

/** A retention for the docs: the duration, or "forever" for `0d`. */
export const describeRetention = (retention: string): string => (keptForever(retention) ? `${retention}: kept forever` : retention);

/** The configured retentions (defaults 30d, 90d, 365d), checked. */
export function thanosRetention(ctx: ClusterContext): ThanosRetention {
  const cfg = ctx.config.thanos ?? { retentionRaw: undefined, retention5m: undefined, retention1h: undefined };
  const where = `config/${ctx.name}/thanos`;
  const retention = { raw: cfg.retentionRaw ?? '30d', fiveMinutes: cfg.retention5m ?? '90d', oneHour: cfg.retention1h ?? '365d' };
  const fields = [['retentionRaw', retention.raw, FIVE_MINUTE_DOWNSAMPLING_AFTER, '5m'], ['retention5m', retention.fiveMinutes, ONE_HOUR_DOWNSAMPLING_AFTER, '1h'], ['retention1h', retention.oneHour, undefined, undefined]] as const;
  for (const [field, value, minimum, next] of fields) {
    checkDuration(where, field, value);
    if (minimum === undefined || keptForever(value)) continue;
    check(durationMs(value) >= durationMs(minimum), where, field, value,
      `"0d" (kept forever) or at least "${minimum}": Thanos makes the ${next} downsampled blocks from blocks ${minimum} old, so a shorter retention deletes them first (the Compactor refuses to start)`);
  }
  // Longer for coarser resolutions, "0d" (forever) being the longest.
  const span = (value: string) => (keptForever(value) ? Infinity : durationMs(value));
  for (let i = 1; i < fields.length; i++) {
    const [field, value] = fields[i];
    const [finerField, finer] = fields[i - 1];
    check(span(value) >= span(finer), where, field, value,
      `at least ${finerField} (${finer}${keptForever(finer) ? ', forever' : ''}): a coarser resolution kept shorter than a finer one loses the long view first`);
  }
  return retention;
}
