import { GrafanaDashboardProps } from '../../lib/dashboards/grafana-dashboard';
import { DrillDown } from '../../lib/dashboards/types';

/** A dashboard of the stack, before its datasources are filled in. */
export type DashboardDef = Omit<GrafanaDashboardProps, 'datasources'>;

/** Uids of the stack's dashboards. Alerts and runbooks name them: keep them stable. */
export const UIDS = {
  node: 'node',
  cluster: 'k8s-resources-cluster',
  namespace: 'k8s-resources-namespace',
  workload: 'k8s-resources-workload',
  pod: 'k8s-resources-pod',
  volumes: 'k8s-persistent-volumes',
  networkNamespace: 'k8s-network-namespace',
  networkPod: 'k8s-network-pod',
  logs: 'logs-explorer',
  overview: 'cluster-overview',
  applications: 'application-metrics',
  nodePods: 'k8s-resources-node',
  workloads: 'k8s-resources-workloads-namespace',
  networkCluster: 'k8s-network-cluster',
  kubelet: 'kubelet',
  prometheus: 'prometheus-self',
  prometheusReplica: 'prometheus-replica',
  loki: 'loki-self',
  lokiReads: 'loki-reads',
  lokiWrites: 'loki-writes',
  lokiStorage: 'loki-storage',
  logAgent: 'log-agent',
  thanos: 'thanos-overview',
  thanosQuery: 'thanos-query',
  thanosStore: 'thanos-store',
  thanosCompact: 'thanos-compact',
  thanosSidecar: 'thanos-sidecar',
} as const;

/** The Thanos views (rendered by the thanos component, in `ha`). */
export const THANOS_UIDS: readonly string[] = [UIDS.thanos, UIDS.thanosQuery, UIDS.thanosStore, UIDS.thanosCompact, UIDS.thanosSidecar];

export const toNode: DrillDown = { title: 'Node', dashboard: UIDS.node, vars: { node: '${__field.labels.node}' } };
export const toNodePods: DrillDown = { title: 'Pods on the node', dashboard: UIDS.nodePods, vars: { node: '${__field.labels.node}' } };
export const toPrometheusReplica: DrillDown = { title: 'Prometheus replica', dashboard: UIDS.prometheusReplica, vars: { pod: '${__field.labels.pod}' } };
export const toNamespace: DrillDown = { title: 'Namespace resources', dashboard: UIDS.namespace, vars: { namespace: '${__field.labels.namespace}' } };
export const toWorkload = (namespace: string): DrillDown => ({
  title: 'Workload resources', dashboard: UIDS.workload, vars: { namespace, workload: '${__field.labels.workload}', type: '${__field.labels.workload_type}' },
});
export const toPod = (namespace: string): DrillDown => ({ title: 'Pod resources', dashboard: UIDS.pod, vars: { namespace, pod: '${__field.labels.pod}' } });
export const toPodNetwork = (namespace: string): DrillDown => ({ title: 'Pod network', dashboard: UIDS.networkPod, vars: { namespace, pod: '${__field.labels.pod}' } });
export const toLogs = (namespace: string, pod: string): DrillDown => ({ title: 'Logs', dashboard: UIDS.logs, vars: { namespace, pod } });
