import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { AppIdentity, recommendedLabels, selectorLabels } from './labels';
import { restrictedPodSecurityContext } from './security';

export interface PodProps {
  /** The app's identity: the pods' recommended labels, and the workload's name and selector. */
  readonly identity: AppIdentity;
  /** Namespace the workload runs in. */
  readonly namespace: string;
  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** Mount an API token: only for pods that call the Kubernetes API. */
  readonly automountServiceAccountToken: boolean;
  /** The pod's containers, e.g. from `hardenedContainer`. */
  readonly containers: k8s.Container[];
  /** Containers run to completion, in order, before the others start. @default [] */
  readonly initContainers?: k8s.Container[];
  /** The pod's volumes. @default [] */
  readonly volumes?: k8s.Volume[];
  /** The pod-level security context. @default - restricted, uid 65534 */
  readonly securityContext?: k8s.PodSecurityContext;
  /** Pod annotations, e.g. a config checksum that rolls pods on change. @default {} */
  readonly annotations?: Record<string, string>;
  /** Use the host's network namespace (DNS policy `ClusterFirstWithHostNet`), for host agents only. @default false */
  readonly hostNetwork?: boolean;
  /** Use the host's PID namespace, for host agents only. @default false */
  readonly hostPid?: boolean;
  /** Taints the pods tolerate, e.g. to run on control-plane nodes too. @default [] */
  readonly tolerations?: k8s.Toleration[];
  /** The pods' PriorityClass. @default - none */
  readonly priorityClassName?: string;
  /** Seconds a pod gets to shut down after SIGTERM. @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** Where the pods may run relative to others, e.g. replicas apart (see `spreadOverNodes`). @default - none */
  readonly affinity?: k8s.Affinity;
  /** How the pods spread over a topology, e.g. nodes (see `spreadOverNodes`). @default [] */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
}

/** A pod template with the stack's defaults: recommended labels, restricted security context. */
export function podTemplate(props: PodProps): k8s.PodTemplateSpec {
  return {
    metadata: {
      labels: recommendedLabels(props.identity),
      ...(props.annotations && Object.keys(props.annotations).length ? { annotations: props.annotations } : {}),
    },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: props.automountServiceAccountToken,
      securityContext: props.securityContext ?? restrictedPodSecurityContext(),
      ...(props.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
      ...(props.hostPid ? { hostPid: true } : {}),
      ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
      ...(props.tolerations?.length ? { tolerations: props.tolerations } : {}),
      ...(props.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: props.terminationGracePeriodSeconds } : {}),
      ...(props.affinity ? { affinity: props.affinity } : {}),
      ...(props.topologySpreadConstraints?.length ? { topologySpreadConstraints: props.topologySpreadConstraints } : {}),
      ...(props.initContainers?.length ? { initContainers: props.initContainers } : {}),
      containers: props.containers,
      // A lazily produced list (resolved at synth) is kept as it is.
      ...(props.volumes && !(Array.isArray(props.volumes) && props.volumes.length === 0) ? { volumes: props.volumes } : {}),
    },
  };
}

export interface DeploymentProps extends PodProps {
  /** Number of pods. @default 1 */
  readonly replicas?: number;
  /** Recreate instead of rolling (single-writer volumes). @default false */
  readonly recreate?: boolean;
}

/** A Deployment whose selector never includes the version, so upgrades keep it. */
export function deployment(scope: Construct, id: string, props: DeploymentProps): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, id, {
    metadata: { name: props.identity.instance ?? props.identity.name, namespace: props.namespace, labels: recommendedLabels(props.identity) },
    spec: {
      replicas: props.replicas ?? 1,
      revisionHistoryLimit: 3,
      ...(props.recreate ? { strategy: { type: 'Recreate' } } : {}),
      selector: { matchLabels: selectorLabels(props.identity) },
      template: podTemplate(props),
    },
  });
}

/** A ClusterIP Service in front of a workload's named ports. */
export function service(scope: Construct, id: string, identity: AppIdentity, namespace: string,
  ports: { name: string; port: number; targetPort: string | number }[],
  opts: { headless?: boolean; name?: string; selector?: Record<string, string> } = {}): k8s.KubeService {
  return new k8s.KubeService(scope, id, {
    metadata: { name: opts.name ?? identity.instance ?? identity.name, namespace, labels: recommendedLabels(identity) },
    spec: {
      ...(opts.headless ? { clusterIp: 'None' } : {}),
      selector: opts.selector ?? selectorLabels(identity),
      ports: ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: typeof p.targetPort === 'number' ? k8s.IntOrString.fromNumber(p.targetPort) : k8s.IntOrString.fromString(p.targetPort),
        protocol: 'TCP',
      })),
    },
  });
}
