import { DashboardVariable } from '../../lib/dashboards/types';
import { DashboardDef, toLogs, toNamespace, toNode, toPod, toPodNetwork, toWorkload, UIDS } from './dashboard-defs';

const KSM = 'job="kube-state-metrics"';
const CADVISOR = 'job="kubelet",metrics_path="/metrics/cadvisor"';
const r = '[$__rate_interval]';
const CPU = 'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate';
const MEM = 'node_namespace_pod_container:container_memory_working_set_bytes';
const req = (resource: 'cpu' | 'memory', kind: 'requests' | 'limits' = 'requests') => `cluster:namespace:pod_${resource}:active:kube_pod_container_resource_${kind}`;
const OWNER = 'namespace_workload_pod:kube_pod_owner:relabel';

const namespaceVar: DashboardVariable = { name: 'namespace', query: `label_values(kube_pod_info{${KSM}}, namespace)` };
const podVar: DashboardVariable = { name: 'pod', query: `label_values(kube_pod_info{${KSM},namespace="$namespace"}, pod)` };
const NS = 'namespace="$namespace"';

/** Compute resources of the whole cluster, per namespace. */
export const clusterResourcesDashboard: DashboardDef = {
  uid: UIDS.cluster,
  title: 'Compute resources / Cluster',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  panels: [
    { title: 'CPU utilisation', type: 'stat', unit: 'percentunit', queries: [{ expr: 'cluster:node_cpu:ratio_rate5m' }] },
    { title: 'CPU requests commitment', type: 'stat', unit: 'percentunit', queries: [{ expr: `sum(namespace_cpu:kube_pod_container_resource_requests:sum) / sum(kube_node_status_allocatable{${KSM},resource="cpu"})` }] },
    { title: 'Memory utilisation', type: 'stat', unit: 'percentunit', queries: [{ expr: '1 - sum(:node_memory_MemAvailable_bytes:sum) / sum(node_memory_MemTotal_bytes{job="node-exporter"})' }] },
    { title: 'Memory requests commitment', type: 'stat', unit: 'percentunit', queries: [{ expr: `sum(namespace_memory:kube_pod_container_resource_requests:sum) / sum(kube_node_status_allocatable{${KSM},resource="memory"})` }] },
    { title: 'CPU usage by namespace', links: [toNamespace], queries: [{ expr: `sum by (namespace) (${CPU})`, legend: '{{ namespace }}' }] },
    { title: 'Memory usage by namespace', unit: 'bytes', links: [toNamespace], queries: [{ expr: `sum by (namespace) (${MEM}{container!=""})`, legend: '{{ namespace }}' }] },
    { title: 'CPU usage against requests by namespace', unit: 'percentunit', links: [toNamespace],
      queries: [{ expr: `sum by (namespace) (${CPU}) / sum by (namespace) (namespace_cpu:kube_pod_container_resource_requests:sum)`, legend: '{{ namespace }}' }] },
    { title: 'Memory usage against requests by namespace', unit: 'percentunit', links: [toNamespace],
      queries: [{ expr: `sum by (namespace) (${MEM}{container!=""}) / sum by (namespace) (namespace_memory:kube_pod_container_resource_requests:sum)`, legend: '{{ namespace }}' }] },
    { title: 'CPU usage by node', links: [toNode], queries: [{ expr: `sum by (node) (${CPU})`, legend: '{{ node }}' }] },
  ],
};

/** Compute resources of one namespace, per workload and pod. */
export const namespaceResourcesDashboard: DashboardDef = {
  uid: UIDS.namespace,
  title: 'Compute resources / Namespace',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  variables: [namespaceVar],
  panels: [
    { title: 'CPU usage by workload', links: [toWorkload('$namespace')],
      queries: [{ expr: `sum by (workload, workload_type) (${CPU}{${NS}} * on (namespace, pod) group_left (workload, workload_type) ${OWNER}{${NS}})`, legend: '{{ workload_type }}/{{ workload }}' }] },
    { title: 'Memory usage by workload', unit: 'bytes', links: [toWorkload('$namespace')],
      queries: [{ expr: `sum by (workload, workload_type) (${MEM}{${NS},container!=""} * on (namespace, pod) group_left (workload, workload_type) ${OWNER}{${NS}})`, legend: '{{ workload_type }}/{{ workload }}' }] },
    { title: 'CPU usage by pod', links: [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')], queries: [
      { expr: `sum by (pod) (${CPU}{${NS}})`, legend: '{{ pod }}' },
    ] },
    { title: 'Memory usage by pod', unit: 'bytes', links: [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')], queries: [
      { expr: `sum by (pod) (${MEM}{${NS},container!=""})`, legend: '{{ pod }}' },
    ] },
    { title: 'CPU: usage, requests and limits', queries: [
      { expr: `sum(${CPU}{${NS}})`, legend: 'usage' },
      { expr: `sum(${req('cpu')}{${NS}})`, legend: 'requests' },
      { expr: `sum(${req('cpu', 'limits')}{${NS}})`, legend: 'limits' },
    ] },
    { title: 'Memory: usage, requests and limits', unit: 'bytes', queries: [
      { expr: `sum(${MEM}{${NS},container!=""})`, legend: 'usage' },
      { expr: `sum(${req('memory')}{${NS}})`, legend: 'requests' },
      { expr: `sum(${req('memory', 'limits')}{${NS}})`, legend: 'limits' },
    ] },
    { title: 'CPU throttling by pod', unit: 'percentunit', links: [toPod('$namespace')], queries: [{
      expr: `sum by (pod) (increase(container_cpu_cfs_throttled_periods_total{${CADVISOR},${NS},container!=""}${r})) / sum by (pod) (increase(container_cpu_cfs_periods_total{${CADVISOR},${NS},container!=""}${r}))`,
      legend: '{{ pod }}',
    }] },
  ],
};

/** Compute resources of one workload, per pod. */
export const workloadResourcesDashboard: DashboardDef = {
  uid: UIDS.workload,
  title: 'Compute resources / Workload',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  variables: [
    namespaceVar,
    { name: 'type', query: `label_values(${OWNER}{${NS}}, workload_type)` },
    { name: 'workload', query: `label_values(${OWNER}{${NS},workload_type="$type"}, workload)` },
  ],
  panels: ((): DashboardDef['panels'] => {
    const of = `* on (namespace, pod) group_left () ${OWNER}{${NS},workload="$workload",workload_type="$type"}`;
    const links = [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')];
    return [
      { title: 'CPU usage by pod', links, queries: [{ expr: `sum by (pod) (${CPU}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'CPU requests by pod', links, queries: [{ expr: `sum by (pod) (${req('cpu')}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'Memory usage by pod', unit: 'bytes', links, queries: [{ expr: `sum by (pod) (${MEM}{${NS},container!=""} ${of})`, legend: '{{ pod }}' }] },
      { title: 'Memory requests by pod', unit: 'bytes', links, queries: [{ expr: `sum by (pod) (${req('memory')}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'Network received by pod', unit: 'Bps', links: [toPodNetwork('$namespace')],
        queries: [{ expr: `sum by (pod) (rate(container_network_receive_bytes_total{${CADVISOR},${NS}}${r}) ${of})`, legend: '{{ pod }}' }] },
      { title: 'Network sent by pod', unit: 'Bps', links: [toPodNetwork('$namespace')],
        queries: [{ expr: `sum by (pod) (rate(container_network_transmit_bytes_total{${CADVISOR},${NS}}${r}) ${of})`, legend: '{{ pod }}' }] },
    ];
  })(),
};

/** Compute resources of one pod, per container, against its requests and limits. */
export const podResourcesDashboard: DashboardDef = {
  uid: UIDS.pod,
  title: 'Compute resources / Pod',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  variables: [namespaceVar, podVar],
  panels: ((): DashboardDef['panels'] => {
    const P = `${NS},pod="$pod"`;
    const logs = [toLogs('$namespace', '$pod')];
    return [
      { title: 'CPU by container', links: logs, queries: [
        { expr: `sum by (container) (${CPU}{${P}})`, legend: '{{ container }} usage' },
        { expr: `sum by (container) (${req('cpu')}{${P}})`, legend: '{{ container }} requests' },
        { expr: `sum by (container) (${req('cpu', 'limits')}{${P}})`, legend: '{{ container }} limits' },
      ] },
      { title: 'CPU throttling by container', unit: 'percentunit', links: logs, queries: [{
        expr: `sum by (container) (increase(container_cpu_cfs_throttled_periods_total{${CADVISOR},${P},container!=""}${r})) / sum by (container) (increase(container_cpu_cfs_periods_total{${CADVISOR},${P},container!=""}${r}))`,
        legend: '{{ container }}',
      }] },
      { title: 'Memory by container', unit: 'bytes', links: logs, queries: [
        { expr: `sum by (container) (${MEM}{${P},container!=""})`, legend: '{{ container }} working set' },
        { expr: `sum by (container) (node_namespace_pod_container:container_memory_rss{${P},container!=""})`, legend: '{{ container }} rss' },
        { expr: `sum by (container) (node_namespace_pod_container:container_memory_cache{${P},container!=""})`, legend: '{{ container }} cache' },
        { expr: `sum by (container) (${req('memory')}{${P}})`, legend: '{{ container }} requests' },
        { expr: `sum by (container) (${req('memory', 'limits')}{${P}})`, legend: '{{ container }} limits' },
      ] },
      { title: 'Container restarts', links: logs, queries: [{ expr: `sum by (container) (kube_pod_container_status_restarts_total{${KSM},${P}})`, legend: '{{ container }}' }] },
      { title: 'Network', unit: 'Bps', links: [{ title: 'Pod network', dashboard: UIDS.networkPod, vars: { namespace: '$namespace', pod: '$pod' } }], queries: [
        { expr: `sum(rate(container_network_receive_bytes_total{${CADVISOR},${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_bytes_total{${CADVISOR},${P}}${r}))`, legend: 'sent' },
      ] },
    ];
  })(),
};

/** Persistent volume claims: space, inodes, phase. */
export const persistentVolumesDashboard: DashboardDef = {
  uid: UIDS.volumes,
  title: 'Persistent volumes',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'storage'],
  variables: [{ name: 'namespace', query: 'label_values(kubelet_volume_stats_capacity_bytes{job="kubelet"}, namespace)' }],
  panels: [
    { title: 'Space used by claim', unit: 'percentunit', links: [toNamespace],
      queries: [{ expr: `max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes{job="kubelet",${NS}} / kubelet_volume_stats_capacity_bytes{job="kubelet",${NS}})`, legend: '{{ persistentvolumeclaim }}' }] },
    { title: 'Space free by claim', unit: 'bytes', queries: [{ expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_available_bytes{job="kubelet",${NS}})`, legend: '{{ persistentvolumeclaim }}' }] },
    { title: 'Inodes used by claim', unit: 'percentunit',
      queries: [{ expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_inodes_used{job="kubelet",${NS}} / kubelet_volume_stats_inodes{job="kubelet",${NS}})`, legend: '{{ persistentvolumeclaim }}' }] },
    { title: 'Claims not bound', queries: [{ expr: `sum by (phase) (kube_persistentvolumeclaim_status_phase{${KSM},${NS},phase!="Bound"})`, legend: '{{ phase }}' }] },
    { title: 'Volumes by phase', queries: [{ expr: `sum by (phase) (kube_persistentvolume_status_phase{${KSM}})`, legend: '{{ phase }}' }] },
  ],
};

/** Network traffic of one namespace, per pod. */
export const namespaceNetworkDashboard: DashboardDef = {
  uid: UIDS.networkNamespace,
  title: 'Networking / Namespace',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'network'],
  variables: [namespaceVar],
  panels: [
    { title: 'Received', type: 'stat', unit: 'Bps', queries: [{ expr: `sum(rate(container_network_receive_bytes_total{${CADVISOR},${NS}}${r}))` }] },
    { title: 'Sent', type: 'stat', unit: 'Bps', queries: [{ expr: `sum(rate(container_network_transmit_bytes_total{${CADVISOR},${NS}}${r}))` }] },
    { title: 'Received by pod', unit: 'Bps', links: [toPodNetwork('$namespace'), toPod('$namespace')],
      queries: [{ expr: `sum by (pod) (rate(container_network_receive_bytes_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }}' }] },
    { title: 'Sent by pod', unit: 'Bps', links: [toPodNetwork('$namespace'), toPod('$namespace')],
      queries: [{ expr: `sum by (pod) (rate(container_network_transmit_bytes_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }}' }] },
    { title: 'Packets dropped by pod', unit: 'pps', links: [toPodNetwork('$namespace')], queries: [
      { expr: `sum by (pod) (rate(container_network_receive_packets_dropped_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }} received' },
      { expr: `sum by (pod) (rate(container_network_transmit_packets_dropped_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }} sent' },
    ] },
  ],
};

/** Network traffic of one pod. */
export const podNetworkDashboard: DashboardDef = {
  uid: UIDS.networkPod,
  title: 'Networking / Pod',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'network'],
  variables: [namespaceVar, podVar],
  panels: ((): DashboardDef['panels'] => {
    const P = `${CADVISOR},${NS},pod="$pod"`;
    const links = [toLogs('$namespace', '$pod'), { title: 'Pod resources', dashboard: UIDS.pod, vars: { namespace: '$namespace', pod: '$pod' } }];
    return [
      { title: 'Bytes', unit: 'Bps', links, queries: [
        { expr: `sum(rate(container_network_receive_bytes_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_bytes_total{${P}}${r}))`, legend: 'sent' },
      ] },
      { title: 'Packets', unit: 'pps', links, queries: [
        { expr: `sum(rate(container_network_receive_packets_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_packets_total{${P}}${r}))`, legend: 'sent' },
      ] },
      { title: 'Dropped packets', unit: 'pps', links, queries: [
        { expr: `sum(rate(container_network_receive_packets_dropped_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_packets_dropped_total{${P}}${r}))`, legend: 'sent' },
      ] },
      { title: 'Errors', unit: 'pps', links, queries: [
        { expr: `sum(rate(container_network_receive_errors_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_errors_total{${P}}${r}))`, legend: 'sent' },
      ] },
    ];
  })(),
};
