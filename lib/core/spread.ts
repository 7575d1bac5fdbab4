import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { check } from './errors';

/** The node label that tells nodes apart (every kubelet sets it). */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/**
 * Scheduling that keeps the replicas of one workload on different nodes: a topology spread
 * constraint (at most one more replica on any node than on another) and a preferred pod
 * anti-affinity. Both are preferences (`ScheduleAnyway`, preferred): a node drain or a cluster
 * short of nodes still schedules every replica, rather than leaving one pending.
 */
export function spreadOverNodes(selector: Record<string, string>): {
  readonly affinity: k8s.Affinity;
  readonly topologySpreadConstraints: k8s.TopologySpreadConstraint[];
} {
  return {
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: HOSTNAME_TOPOLOGY_KEY },
        }],
      },
    },
    topologySpreadConstraints: [{
      maxSkew: 1,
      topologyKey: HOSTNAME_TOPOLOGY_KEY,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
    }],
  };
}

export interface ReplicaBudgetProps {
  /** The PodDisruptionBudget's name (the workload's). */
  readonly name: string;
  /** The workload's namespace. */
  readonly namespace: string;
  /** The budget's own labels (the workload's recommended labels). */
  readonly labels: Record<string, string>;
  /** The workload's pods. */
  readonly selector: Record<string, string>;
  /** The workload's replicas: a budget needs two or more, or a drain could never proceed. */
  readonly replicas: number;
}

/**
 * A PodDisruptionBudget letting a voluntary disruption (drain, upgrade) take one replica at a
 * time. Refused for a single replica: `maxUnavailable: 1` would protect nothing, and anything
 * stricter would block every drain.
 */
export function replicaBudget(scope: Construct, id: string, props: ReplicaBudgetProps): k8s.KubePodDisruptionBudget {
  check(props.replicas >= 2, scope, 'replicas', props.replicas, 'at least 2 for a disruption budget (one replica cannot stay up through a drain)');
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: props.selector } },
  });
}
