import { ClusterContext } from '../config';

/** Loki gateway pods (nginx; stateless, two so a rollout or a lost node keeps the write path). */
export const LOKI_GATEWAY_REPLICAS = 2;
/** Thanos Query pods (stateless). */
export const THANOS_QUERY_REPLICAS = 2;

/**
 * How many replicas each replicated part of the stack runs in this cluster, with the config's
 * defaults applied: the workloads are rendered with these numbers and their target-down alerts
 * read them, so the two never disagree. The charts validate the configured values.
 */
export interface ComponentReplicas {
  readonly prometheus: number;
  readonly alertmanager: number;
  /** Pods of monolithic Loki, or of each simple scalable target (read, write, backend). */
  readonly loki: number;
  readonly lokiGateway: number;
  /** Thanos Query, with availability `ha` only. */
  readonly thanosQuery: number;
  /** The cluster's API server instances. */
  readonly apiServers: number;
  /** The cluster's CoreDNS pods. */
  readonly coredns: number;
}

export function componentReplicas(ctx: ClusterContext): ComponentReplicas {
  const cfg = ctx.config;
  return {
    prometheus: cfg.prometheus?.replicas ?? (ctx.ha ? 2 : 1),
    alertmanager: ctx.alertmanagerReplicas,
    loki: cfg.loki.replicas ?? (ctx.ha ? 3 : 2),
    lokiGateway: LOKI_GATEWAY_REPLICAS,
    thanosQuery: THANOS_QUERY_REPLICAS,
    apiServers: cfg.controlPlane?.apiServers ?? 1,
    coredns: cfg.controlPlane?.corednsReplicas ?? 2,
  };
}
