import { Manifest } from '../render/collect';

export { objectRef } from './manifests';

/** A pod template found in a manifest, with where it sits. */
export interface PodTemplateRef {
  /** The object holding the template: a Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob or Pod. */
  readonly owner: Manifest;
  /** The owner's namespace (`default` when it names none). */
  readonly namespace: string;
  /** The template's labels and annotations (empty when it has no metadata). */
  readonly metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  /** The pod spec. */
  readonly spec: PodSpec;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number; hostPort?: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  securityContext?: {
    runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] }; seccompProfile?: { type?: string };
  };
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath?: string; readOnly?: boolean }[];
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type?: string } };
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  volumes?: ({ name: string; hostPath?: { path: string }; secret?: { secretName: string }; projected?: { sources: { secret?: { name: string } }[] } } & Record<string, unknown>)[];
}

/** Every pod template in the manifests: Deployments, DaemonSets, StatefulSets, Jobs, CronJobs, Pods. */
export function podTemplates(manifests: readonly Manifest[]): PodTemplateRef[] {
  const out: PodTemplateRef[] = [];
  for (const m of manifests) {
    const spec = m.spec as Record<string, any> | undefined;
    const ns = m.metadata.namespace ?? 'default';
    let template: { metadata?: PodTemplateRef['metadata']; spec: PodSpec } | undefined;
    if (['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job'].includes(m.kind)) template = spec?.template;
    else if (m.kind === 'CronJob') template = spec?.jobTemplate?.spec?.template;
    else if (m.kind === 'Pod') template = { metadata: m.metadata as PodTemplateRef['metadata'], spec: spec as PodSpec };
    if (template) out.push({ owner: m, namespace: ns, metadata: template.metadata ?? {}, spec: template.spec });
  }
  return out;
}

export function allContainers(pod: PodSpec): ContainerSpec[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

export function usesHost(pod: PodSpec): boolean {
  return !!(pod.hostNetwork || pod.hostPID || pod.hostIPC || (pod.volumes ?? []).some((v) => v.hostPath)
    || allContainers(pod).some((c) => (c.ports ?? []).some((p) => p.hostPort)));
}
