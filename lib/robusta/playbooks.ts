import { AccessRule } from '../core/rbac';

/** Robusta severities, which sinks route on (Prometheus `critical` is HIGH, `warning` LOW). */
export type RobustaSeverity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO';

/** A remediation Robusta may run when an alert fires; each needs specific write access. */
export type RemediationAction = 'restart-pod' | 'rollout-restart' | 'diagnose';

export interface Remediation {
  /** The Prometheus alert that triggers it, e.g. `KubePodCrashLooping`. */
  readonly alert: string;
  readonly action: RemediationAction;
  /** For `diagnose`: the command run in the alerting pod, e.g. `ps aux`. */
  readonly command?: string;
}

/** The Robusta action and the RBAC each remediation needs, and nothing more. */
export const REMEDIATIONS: Record<RemediationAction, { readonly action: string; readonly access: AccessRule[]; readonly describe: string }> = {
  'restart-pod': {
    action: 'delete_pod',
    access: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
    describe: 'deletes the alerting pod so its controller recreates it',
  },
  'rollout-restart': {
    action: 'rollout_restart',
    access: [{ apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['patch'] }],
    describe: 'restarts the workload of the alerting pod (a rollout, like kubectl rollout restart)',
  },
  diagnose: {
    action: 'pod_bash_enricher',
    access: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }],
    describe: 'runs a diagnostic command in the alerting pod and attaches its output',
  },
};

/** Enrichment on every Prometheus alert: logs, events, graphs, node status. */
export function enrichmentPlaybooks(): Record<string, unknown>[] {
  return [
    { name: 'PodAlertLogsAndEvents', triggers: [{ on_prometheus_alert: { status: 'firing' } }], actions: [{ logs_enricher: {} }, { pod_events_enricher: {} }] },
    { name: 'NodeAlertStatus', triggers: [{ on_prometheus_alert: { alert_name: 'KubeNodeNotReady' } }, { on_prometheus_alert: { alert_name: 'NodeExporterTargetDown' } }],
      actions: [{ node_status_enricher: {} }, { node_running_pods_enricher: {} }, { node_allocatable_resources_enricher: {} }] },
    { name: 'NodeCpuGraph', triggers: [{ on_prometheus_alert: { alert_name: 'NodeHighCpuUsage' } }], actions: [{ node_cpu_enricher: {} }, { alert_graph_enricher: { resource_type: 'CPU', item_type: 'Node' } }] },
    { name: 'NodeMemoryGraph', triggers: [{ on_prometheus_alert: { alert_name: 'NodeMemoryHigh' } }], actions: [{ alert_graph_enricher: { resource_type: 'Memory', item_type: 'Node' } }] },
    { name: 'NodeDiskGraph', triggers: [{ on_prometheus_alert: { alert_name: 'NodeFilesystemAlmostFull' } }, { on_prometheus_alert: { alert_name: 'NodeFilesystemFillingUp' } }],
      actions: [{ node_disk_analyzer: {} }, { alert_graph_enricher: { resource_type: 'Disk', item_type: 'Node' } }] },
    { name: 'JobFailure', triggers: [{ on_prometheus_alert: { alert_name: 'KubeJobFailed' } }], actions: [{ job_info_enricher: {} }, { job_events_enricher: {} }, { job_pod_enricher: {} }] },
    { name: 'DefaultEnrichment', triggers: [{ on_prometheus_alert: { status: 'all' } }], actions: [{ default_enricher: {} }] },
  ];
}

/** Read access for enrichment: what the playbooks above and the forwarder look at. */
export const ENRICHMENT_ACCESS: AccessRule[] = [
  { apiGroups: [''], resources: ['pods', 'pods/log', 'events', 'nodes', 'namespaces', 'services', 'configmaps', 'persistentvolumes', 'persistentvolumeclaims', 'replicationcontrollers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'daemonsets', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
];
