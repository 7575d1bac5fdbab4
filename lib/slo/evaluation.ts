import { IConstruct } from 'constructs';

/**
 * Context key of where an app's SLO rules are evaluated: set it on the app before building,
 * as `SloEvaluation`, or give an SLO its own `evaluation` prop.
 */
export const SLO_EVALUATION_CONTEXT = 'observability-stack:slo-evaluation';

/**
 * The Prometheus that evaluates the SLO rules. It evaluates them on the samples it keeps
 * locally, whatever the dashboards' datasource holds, so every window a rule reads must fit
 * in its local retention.
 */
export interface SloEvaluation {
  /** How long that Prometheus keeps samples locally, a Prometheus duration, e.g. '4d'. */
  readonly localRetention: string;
  /** Where that retention is set, for the fix, e.g. `config/datacenter/prometheus`. */
  readonly retentionSetAt: string;
  /** The field that sets it, for the fix, e.g. `prometheus.retention`. */
  readonly retentionField: string;
  /**
   * Whether the dashboards' datasource reads a long-term store holding the whole SLO window
   * (Thanos Query over the bucket) rather than that Prometheus alone. @default false
   */
  readonly longTermStore?: boolean;
}

/** The SLO evaluation of the app `scope` is in, if it sets one. */
export function sloEvaluationOf(scope: IConstruct): SloEvaluation | undefined {
  return scope.node.tryGetContext(SLO_EVALUATION_CONTEXT) as SloEvaluation | undefined;
}
