import { AccessRule } from '../core/rbac';

/** Robusta severities, which sinks route on (Prometheus `critical` is HIGH, `warning` LOW). */
export type RobustaSeverity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO';

/** A remediation Robusta may run when an alert fires; each needs specific write access. */
export type RemediationAction = 'restart-pod' | 'rollout-restart' | 'scale' | 'diagnose';

export interface Remediation {
  /** The Prometheus alert that triggers it, e.g. `KubePodCrashLooping`. */
  readonly alert: string;
  /**
   * What Robusta does to the alert's subject (from its labels): `restart-pod` and `diagnose`
   * need a pod alert; `rollout-restart` a Deployment, DaemonSet or StatefulSet alert; `scale` a
   * Deployment alert (e.g. `KubeDeploymentReplicasMismatch`), since it runs
   * `kubectl scale deployment/<subject>`.
   */
  readonly action: RemediationAction;
  /** For `diagnose` only: the command run in the alerting pod, e.g. `ps aux`. @default - none; required for `diagnose` */
  readonly command?: string;
  /** For `scale` only: the replica count the alerting deployment is scaled to. @default - none; required for `scale` */
  readonly replicas?: number;
}

/** What one remediation turns into: a Robusta action, and the access that action uses. */
export interface RemediationSpec {
  /** The Robusta action name. */
  readonly action: string;
  /** Cluster-wide write access the action uses. */
  readonly access: AccessRule[];
  /** Access in Robusta's own namespace (for actions that run a Job there). @default [] */
  readonly ownNamespaceAccess?: AccessRule[];
  /**
   * The action starts a Job whose pod Robusta builds without a security context, so the
   * namespace must admit it at the `baseline` Pod Security level. @default false
   */
  readonly runsUnhardenedPod?: boolean;
  /** What the remediation does, in a few words, e.g. `deletes the alerting pod so its controller recreates it`. */
  readonly describe: string;
}

/** The Robusta action and the RBAC each remediation needs, and nothing more. */
export const REMEDIATIONS: Record<RemediationAction, RemediationSpec> = {
  'restart-pod': {
    action: 'delete_pod',
    access: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
    describe: 'deletes the alerting pod so its controller recreates it',
  },
  'rollout-restart': {
    action: 'rollout_restart',
    access: [{ apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['patch'] }],
    describe: 'restarts the alert\'s workload (a rollout, like kubectl rollout restart)',
  },
  scale: {
    // Robusta has no dedicated scale action: kubectl_command runs kubectl in a Job under the
    // runner's ServiceAccount. `kubectl scale` without preconditions only patches the scale
    // subresource; the runner creates the Job and deletes it after reading its log.
    action: 'kubectl_command',
    access: [{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] }],
    ownNamespaceAccess: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'delete'] }],
    runsUnhardenedPod: true,
    describe: 'scales the alert\'s deployment to a fixed replica count (kubectl scale, run as a Job)',
  },
  diagnose: {
    // The runner's Python client opens exec over a WebSocket: the API server authorizes that
    // GET as `get`, and from Kubernetes 1.30 on also requires `create`.
    action: 'pod_bash_enricher',
    access: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] }],
    describe: 'runs a diagnostic command in the alerting pod and attaches its output',
  },
};

/** The action parameters of one remediation, as Robusta reads them. */
export function remediationParams(r: Remediation): Record<string, unknown> {
  switch (r.action) {
    case 'diagnose': return { bash_command: r.command };
    // kubectl_command fills $name and $namespace from the alert's subject.
    case 'scale': return { command: `kubectl scale deployment/$name --replicas=${r.replicas} -n $namespace`, description: `Scale to ${r.replicas} replicas` };
    default: return {};
  }
}

/** Read-only enrichment actions a custom playbook may use: they add context and change nothing. */
export const ENRICHMENT_ACTIONS = [
  'logs_enricher',
  'pod_events_enricher',
  'pod_graph_enricher',
  'pod_node_graph_enricher',
  'node_status_enricher',
  'node_running_pods_enricher',
  'node_allocatable_resources_enricher',
  'node_graph_enricher',
  'node_cpu_enricher',
  'alert_graph_enricher',
  'deployment_events_enricher',
  'deployment_status_enricher',
  'daemonset_status_enricher',
  'job_info_enricher',
  'job_events_enricher',
  'job_pod_enricher',
  'related_pods',
  'resource_events_enricher',
  'default_enricher',
] as const;
export type EnrichmentAction = (typeof ENRICHMENT_ACTIONS)[number];

/** An extra enrichment playbook: read-only actions run when one of the alerts fires. */
export interface RobustaPlaybook {
  /** Unique playbook name, e.g. `PostgresContext`. */
  readonly name: string;
  /** The Prometheus alerts that trigger it. */
  readonly alerts: string[];
  /** The enrichment actions, in order, each with its parameters. */
  readonly actions: { readonly action: EnrichmentAction; readonly params?: Record<string, string | number | boolean | string[]> }[];
}

const onAlert = (...names: string[]) => names.map((alert_name) => ({ on_prometheus_alert: { alert_name } }));
const graph = (resource_type: string, item_type: string) => ({ alert_graph_enricher: { resource_type, item_type } });

/** The built-in enrichment of Prometheus alerts: logs, events, graphs, node status. */
export function enrichmentPlaybooks(): Record<string, unknown>[] {
  return [
    // Both actions skip alerts that name no pod.
    { name: 'PodAlertLogsAndEvents', triggers: [{ on_prometheus_alert: { status: 'firing' } }], actions: [{ logs_enricher: {} }, { pod_events_enricher: {} }] },
    { name: 'PodResourceGraphs', triggers: onAlert('KubePodCrashLooping', 'KubePodNotReady'),
      actions: [
        { pod_graph_enricher: { resource_type: 'Memory', display_limits: true } },
        { pod_graph_enricher: { resource_type: 'CPU', display_limits: true } },
        { pod_node_graph_enricher: { resource_type: 'Memory' } },
      ] },
    { name: 'DeploymentStatus', triggers: onAlert('KubeDeploymentReplicasMismatch', 'KubeDeploymentRolloutStuck'),
      actions: [{ deployment_status_enricher: {} }, { deployment_events_enricher: { included_types: ['Warning'] } }, { related_pods: {} }] },
    { name: 'NodeAlertStatus', triggers: onAlert('KubeNodeNotReady', 'NodeExporterTargetDown'),
      actions: [{ node_status_enricher: {} }, { node_running_pods_enricher: {} }, { node_allocatable_resources_enricher: {} }] },
    { name: 'NodeCpuGraph', triggers: onAlert('NodeHighCpuUsage'), actions: [{ node_cpu_enricher: {} }, graph('CPU', 'Node')] },
    { name: 'NodeMemoryGraph', triggers: onAlert('NodeMemoryHigh'), actions: [graph('Memory', 'Node'), { node_running_pods_enricher: {} }] },
    { name: 'NodeDiskGraph', triggers: onAlert('NodeFilesystemAlmostOutOfSpace', 'NodeFilesystemSpaceFillingUp'), actions: [graph('Disk', 'Node')] },
    { name: 'JobFailure', triggers: onAlert('KubeJobFailed'), actions: [{ job_info_enricher: {} }, { job_events_enricher: {} }, { job_pod_enricher: {} }] },
    { name: 'DefaultEnrichment', triggers: [{ on_prometheus_alert: { status: 'all' } }], actions: [{ default_enricher: {} }] },
  ];
}

/** Read access for enrichment: what the playbooks above and the forwarder look at. */
export const ENRICHMENT_ACCESS: AccessRule[] = [
  { apiGroups: [''], resources: ['pods', 'pods/log', 'events', 'nodes', 'namespaces', 'services', 'persistentvolumes', 'persistentvolumeclaims', 'replicationcontrollers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'daemonsets', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
];

/**
 * The Pod Security level Robusta's namespace needs for these remediations: `restricted`, or
 * `baseline` with the reason when a remediation runs a pod Robusta does not harden.
 */
export function robustaPodSecurity(remediations: readonly Remediation[]): { podSecurity: 'restricted' | 'baseline'; reason?: string } {
  const loose = [...new Set(remediations.filter((r) => REMEDIATIONS[r.action]?.runsUnhardenedPod).map((r) => r.action))].sort();
  if (!loose.length) return { podSecurity: 'restricted' };
  return { podSecurity: 'baseline', reason: `Robusta remediation ${loose.join(', ')} runs kubectl in a Job whose pod Robusta creates without a security context` };
}
