import { GrafanaDashboardProps } from '../../lib/dashboards/grafana-dashboard';
import { DrillDown } from '../../lib/dashboards/types';

/** A dashboard of the stack, before its datasources are filled in. */
export type DashboardDef = Omit<GrafanaDashboardProps, 'datasources'>;

/** The drill-down chain of the Kubernetes views: namespace -> workload -> pod -> logs. */
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
} as const;

export const toNode: DrillDown = { title: 'Node', dashboard: UIDS.node, vars: { node: '${__field.labels.node}' } };
export const toNamespace: DrillDown = { title: 'Namespace resources', dashboard: UIDS.namespace, vars: { namespace: '${__field.labels.namespace}' } };
export const toWorkload = (namespace: string): DrillDown => ({
  title: 'Workload resources', dashboard: UIDS.workload, vars: { namespace, workload: '${__field.labels.workload}', type: '${__field.labels.workload_type}' },
});
export const toPod = (namespace: string): DrillDown => ({ title: 'Pod resources', dashboard: UIDS.pod, vars: { namespace, pod: '${__field.labels.pod}' } });
export const toPodNetwork = (namespace: string): DrillDown => ({ title: 'Pod network', dashboard: UIDS.networkPod, vars: { namespace, pod: '${__field.labels.pod}' } });
export const toLogs = (namespace: string, pod: string): DrillDown => ({ title: 'Logs', dashboard: UIDS.logs, vars: { namespace, pod } });
