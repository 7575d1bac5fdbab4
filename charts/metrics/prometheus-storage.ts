import { ClusterContext } from '../../config';
import { check } from '../../lib/core/errors';
import { checkDuration, durationMs } from '../../lib/core/validate';
import { SloEvaluation } from '../../lib/slo/evaluation';

/**
 * Local storage defaults: the whole history with `single`; with `ha`, four days, for fast
 * recent queries, a margin while the sidecar cannot upload, and the SLO rules' longest alert
 * window (the ticket tier's 3d), which Prometheus evaluates on what it keeps locally.
 */
const SINGLE_LOCAL_STORAGE = { retention: '30d', retentionSize: '40GB', storageSize: '50Gi' };
const HA_LOCAL_STORAGE = { retention: '4d', retentionSize: '16GB', storageSize: '20Gi' };

/** Where Prometheus' storage is configured, for errors. */
export const prometheusConfigAt = (ctx: ClusterContext) => `config/${ctx.name}/prometheus`;

/** The cluster's Prometheus local storage, defaults applied, its retention checked. */
export function prometheusLocalStorage(ctx: ClusterContext): { retention: string; retentionSize: string; storageSize: string } {
  const cfg = ctx.config.prometheus ?? {};
  const local = ctx.ha ? HA_LOCAL_STORAGE : SINGLE_LOCAL_STORAGE;
  const retention = cfg.retention ?? local.retention;
  const where = prometheusConfigAt(ctx);
  checkDuration(where, 'retention', retention);
  // Prometheus reads a zero retention as no time limit at all (only retentionSize then bounds
  // the disk): the disk estimates and the inventory could not say how long data stays.
  check(durationMs(retention) > 0, where, 'retention', retention,
    'a duration longer than zero such as "30d" (Prometheus reads "0d" as no time limit; to keep data until the disk limit, set a long retention and retentionSize)');
  return { retention, retentionSize: cfg.retentionSize ?? local.retentionSize, storageSize: cfg.storageSize ?? local.storageSize };
}

/**
 * Where the cluster's SLO rules are evaluated: its Prometheus, on its local retention; under
 * `ha` Grafana reads Thanos Query, whose bucket holds the whole SLO window.
 */
export function sloEvaluation(ctx: ClusterContext): SloEvaluation {
  return { localRetention: prometheusLocalStorage(ctx).retention, retentionSetAt: prometheusConfigAt(ctx), retentionField: 'prometheus.retention', longTermStore: ctx.ha };
}
