import { DashboardPanel, DashboardVariable } from '../../lib/dashboards/types';
import { DashboardDef, toLogs, toNamespace, toNode, toNodePods, toPod, toPodNetwork, toWorkload, UIDS } from './dashboard-defs';
import { CLUSTER_CPU, CLUSTER_MEMORY, CONTAINER_CPU as CPU, CONTAINER_MEMORY as MEM, NODE_CPU, NODE_MEMORY } from './quantities';

const KSM = 'job="kube-state-metrics"';
const CADVISOR = 'job="kubelet",metrics_path="/metrics/cadvisor"';
const r = '[$__rate_interval]';
const req = (resource: 'cpu' | 'memory', kind: 'requests' | 'limits' = 'requests') => `cluster:namespace:pod_${resource}:active:kube_pod_container_resource_${kind}`;
const nsSum = (resource: 'cpu' | 'memory', kind: 'requests' | 'limits') => `namespace_${resource}:kube_pod_container_resource_${kind}:sum`;
const OWNER = 'namespace_workload_pod:kube_pod_owner:relabel';
const POD_NODE = 'node_namespace_pod:kube_pod_info:';

const namespaceVar: DashboardVariable = { name: 'namespace', query: `label_values(kube_pod_info{${KSM}}, namespace)` };
const podVar: DashboardVariable = { name: 'pod', query: `label_values(kube_pod_info{${KSM},namespace="$namespace"}, pod)` };
const NS = 'namespace="$namespace"';
const LIVE = 'container!=""';

/** Compute resources of the whole cluster, per namespace. */
export const clusterResourcesDashboard: DashboardDef = {
  uid: UIDS.cluster,
  title: 'Compute resources / Cluster',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  description: 'CPU and memory of the whole cluster: used, requested and limited, per namespace.',
  links: [
    { title: 'Cluster overview', dashboard: UIDS.overview },
    { title: 'Networking / Cluster', dashboard: UIDS.networkCluster },
  ],
  panels: [
    { title: 'CPU utilisation', type: 'stat', unit: 'percentunit', description: 'Share of all nodes\' CPU time spent working.', queries: [{ expr: CLUSTER_CPU }] },
    { title: 'CPU requests commitment', type: 'stat', unit: 'percentunit', description: 'CPU requests of active pods against the allocatable CPU.',
      queries: [{ expr: `sum(${nsSum('cpu', 'requests')}) / sum(kube_node_status_allocatable{${KSM},resource="cpu"})` }] },
    { title: 'CPU limits commitment', type: 'stat', unit: 'percentunit', description: 'CPU limits of active pods against the allocatable CPU: above 100%, overcommitted.',
      queries: [{ expr: `sum(${nsSum('cpu', 'limits')}) / sum(kube_node_status_allocatable{${KSM},resource="cpu"})` }] },
    { title: 'Memory utilisation', type: 'stat', unit: 'percentunit', description: 'Share of all nodes\' memory not available.', queries: [{ expr: CLUSTER_MEMORY }] },
    { title: 'Memory requests commitment', type: 'stat', unit: 'percentunit', description: 'Memory requests of active pods against the allocatable memory.',
      queries: [{ expr: `sum(${nsSum('memory', 'requests')}) / sum(kube_node_status_allocatable{${KSM},resource="memory"})` }] },
    { title: 'Memory limits commitment', type: 'stat', unit: 'percentunit', description: 'Memory limits of active pods against the allocatable memory: above 100%, overcommitted.',
      queries: [{ expr: `sum(${nsSum('memory', 'limits')}) / sum(kube_node_status_allocatable{${KSM},resource="memory"})` }] },
    { title: 'CPU usage by namespace', unit: 'short', links: [toNamespace], description: 'CPU cores used per namespace. Click for the namespace.', queries: [{ expr: `sum by (namespace) (${CPU})`, legend: '{{ namespace }}' }] },
    { title: 'Memory usage by namespace', unit: 'bytes', links: [toNamespace], description: 'Working set per namespace.', queries: [{ expr: `sum by (namespace) (${MEM}{${LIVE}})`, legend: '{{ namespace }}' }] },
    { title: 'CPU usage against requests by namespace', unit: 'percentunit', links: [toNamespace], description: 'CPU used against CPU requested, per namespace.',
      queries: [{ expr: `sum by (namespace) (${CPU}) / sum by (namespace) (${nsSum('cpu', 'requests')})`, legend: '{{ namespace }}' }] },
    { title: 'Memory usage against requests by namespace', unit: 'percentunit', links: [toNamespace], description: 'Working set against memory requested, per namespace.',
      queries: [{ expr: `sum by (namespace) (${MEM}{${LIVE}}) / sum by (namespace) (${nsSum('memory', 'requests')})`, legend: '{{ namespace }}' }] },
    { title: 'CPU usage against limits by namespace', unit: 'percentunit', links: [toNamespace], description: 'CPU used against CPU limits, per namespace.',
      queries: [{ expr: `sum by (namespace) (${CPU}) / sum by (namespace) (${nsSum('cpu', 'limits')})`, legend: '{{ namespace }}' }] },
    { title: 'Memory usage against limits by namespace', unit: 'percentunit', links: [toNamespace], description: 'Working set against memory limits, per namespace: near 100%, OOM kills.',
      queries: [{ expr: `sum by (namespace) (${MEM}{${LIVE}}) / sum by (namespace) (${nsSum('memory', 'limits')})`, legend: '{{ namespace }}' }] },
    { title: 'CPU usage by node', unit: 'short', links: [toNodePods, toNode], description: 'CPU cores used by pods, per node. Click for the node\'s pods.', queries: [{ expr: `sum by (node) (${CPU})`, legend: '{{ node }}' }] },
    { title: 'Memory usage by node', unit: 'bytes', links: [toNodePods, toNode], description: 'Working set of pods, per node.', queries: [{ expr: `sum by (node) (${MEM}{${LIVE}})`, legend: '{{ node }}' }] },
    { title: 'Pods by namespace', unit: 'short', links: [toNamespace], description: 'Pods scheduled, per namespace.', queries: [{ expr: `count by (namespace) (${POD_NODE})`, legend: '{{ namespace }}' }] },
    { title: 'Workloads by namespace', unit: 'short', links: [toNamespace], description: 'Deployments, DaemonSets, StatefulSets and Jobs with pods, per namespace.',
      queries: [{ expr: `count by (namespace) (count by (namespace, workload, workload_type) (${OWNER}))`, legend: '{{ namespace }}' }] },
  ],
};

/** Compute resources of one namespace, per workload and pod. */
export const namespaceResourcesDashboard: DashboardDef = {
  uid: UIDS.namespace,
  title: 'Compute resources / Namespace',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  description: 'CPU and memory of one namespace, per workload and pod. Click a series for its workload, pod or logs.',
  links: [
    { title: 'Compute resources / Cluster', dashboard: UIDS.cluster },
    { title: 'Workloads of this namespace', dashboard: UIDS.workloads, vars: { namespace: '$namespace' } },
    { title: 'Networking / Namespace', dashboard: UIDS.networkNamespace, vars: { namespace: '$namespace' } },
    { title: 'Logs', dashboard: UIDS.logs, vars: { namespace: '$namespace' } },
  ],
  variables: [namespaceVar],
  panels: [
    { title: 'CPU used against requests', type: 'stat', unit: 'percentunit', description: 'CPU used by the namespace against its requests.',
      queries: [{ expr: `sum(${CPU}{${NS}}) / sum(${req('cpu')}{${NS}})` }] },
    { title: 'CPU used against limits', type: 'stat', unit: 'percentunit', description: 'CPU used by the namespace against its limits.',
      queries: [{ expr: `sum(${CPU}{${NS}}) / sum(${req('cpu', 'limits')}{${NS}})` }] },
    { title: 'Memory used against requests', type: 'stat', unit: 'percentunit', description: 'Working set of the namespace against its requests.',
      queries: [{ expr: `sum(${MEM}{${NS},${LIVE}}) / sum(${req('memory')}{${NS}})` }] },
    { title: 'Memory used against limits', type: 'stat', unit: 'percentunit', description: 'Working set of the namespace against its limits.',
      queries: [{ expr: `sum(${MEM}{${NS},${LIVE}}) / sum(${req('memory', 'limits')}{${NS}})` }] },
    { title: 'CPU usage by workload', unit: 'short', links: [toWorkload('$namespace')], description: 'CPU cores used per workload. Click for the workload.',
      queries: [{ expr: `sum by (workload, workload_type) (${CPU}{${NS}} * on (namespace, pod) group_left (workload, workload_type) ${OWNER}{${NS}})`, legend: '{{ workload_type }}/{{ workload }}' }] },
    { title: 'Memory usage by workload', unit: 'bytes', links: [toWorkload('$namespace')], description: 'Working set per workload. Click for the workload.',
      queries: [{ expr: `sum by (workload, workload_type) (${MEM}{${NS},${LIVE}} * on (namespace, pod) group_left (workload, workload_type) ${OWNER}{${NS}})`, legend: '{{ workload_type }}/{{ workload }}' }] },
    { title: 'CPU usage by pod', unit: 'short', links: [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')], description: 'CPU cores used per pod. Click for the pod or its logs.',
      queries: [{ expr: `sum by (pod) (${CPU}{${NS}})`, legend: '{{ pod }}' }] },
    { title: 'Memory usage by pod', unit: 'bytes', links: [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')], description: 'Working set per pod. Click for the pod or its logs.',
      queries: [{ expr: `sum by (pod) (${MEM}{${NS},${LIVE}})`, legend: '{{ pod }}' }] },
    { title: 'CPU: usage, requests and limits', unit: 'short', description: 'CPU cores used by the namespace, with its requests and limits.', queries: [
      { expr: `sum(${CPU}{${NS}})`, legend: 'usage' },
      { expr: `sum(${req('cpu')}{${NS}})`, legend: 'requests' },
      { expr: `sum(${req('cpu', 'limits')}{${NS}})`, legend: 'limits' },
    ] },
    { title: 'Memory: usage, requests and limits', unit: 'bytes', description: 'Working set of the namespace, with its requests and limits.', queries: [
      { expr: `sum(${MEM}{${NS},${LIVE}})`, legend: 'usage' },
      { expr: `sum(${req('memory')}{${NS}})`, legend: 'requests' },
      { expr: `sum(${req('memory', 'limits')}{${NS}})`, legend: 'limits' },
    ] },
    { title: 'CPU usage against requests by pod', unit: 'percentunit', links: [toPod('$namespace')], description: 'CPU used against requested, per pod.',
      queries: [{ expr: `sum by (pod) (${CPU}{${NS}}) / sum by (pod) (${req('cpu')}{${NS}})`, legend: '{{ pod }}' }] },
    { title: 'Memory usage against limits by pod', unit: 'percentunit', links: [toPod('$namespace')], description: 'Working set against the memory limit, per pod: near 100%, OOM kills.',
      queries: [{ expr: `sum by (pod) (${MEM}{${NS},${LIVE}}) / sum by (pod) (${req('memory', 'limits')}{${NS}})`, legend: '{{ pod }}' }] },
    { title: 'CPU throttling by pod', unit: 'percentunit', links: [toPod('$namespace')], description: 'Share of CFS periods in which the pod\'s containers were throttled.', queries: [{
      expr: `sum by (pod) (increase(container_cpu_cfs_throttled_periods_total{${CADVISOR},${NS},${LIVE}}${r})) / sum by (pod) (increase(container_cpu_cfs_periods_total{${CADVISOR},${NS},${LIVE}}${r}))`,
      legend: '{{ pod }}',
    }] },
    { title: 'Memory RSS by pod', unit: 'bytes', links: [toPod('$namespace')], description: 'Resident anonymous memory per pod (working set without page cache).',
      queries: [{ expr: `sum by (pod) (node_namespace_pod_container:container_memory_rss{${NS},${LIVE}})`, legend: '{{ pod }}' }] },
  ],
};

/** The workloads of one namespace, side by side. */
export const namespaceWorkloadsDashboard: DashboardDef = {
  uid: UIDS.workloads,
  title: 'Compute resources / Namespace (Workloads)',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  description: 'The workloads of one namespace: CPU, memory, network and pods per workload. Click a series for the workload.',
  links: [{ title: 'Compute resources / Namespace', dashboard: UIDS.namespace, vars: { namespace: '$namespace' } }],
  variables: [namespaceVar],
  panels: ((): DashboardPanel[] => {
    const by = (expr: string) => `sum by (workload, workload_type) (${expr} * on (namespace, pod) group_left (workload, workload_type) ${OWNER}{${NS}})`;
    const links = [toWorkload('$namespace')];
    const legend = '{{ workload_type }}/{{ workload }}';
    return [
      { title: 'Workloads', type: 'stat', unit: 'short', description: 'Workloads with pods in the namespace.', queries: [{ expr: `count(count by (workload, workload_type) (${OWNER}{${NS}}))` }] },
      { title: 'Pods', type: 'stat', unit: 'short', description: 'Pods of the namespace\'s workloads.', queries: [{ expr: `count(${OWNER}{${NS}})` }] },
      { title: 'CPU usage by workload', unit: 'short', links, description: 'CPU cores used per workload.', queries: [{ expr: by(`${CPU}{${NS}}`), legend }] },
      { title: 'CPU requests by workload', unit: 'short', links, description: 'CPU cores requested per workload.', queries: [{ expr: by(`${req('cpu')}{${NS}}`), legend }] },
      { title: 'CPU limits by workload', unit: 'short', links, description: 'CPU limits per workload.', queries: [{ expr: by(`${req('cpu', 'limits')}{${NS}}`), legend }] },
      { title: 'Memory usage by workload', unit: 'bytes', links, description: 'Working set per workload.', queries: [{ expr: by(`${MEM}{${NS},${LIVE}}`), legend }] },
      { title: 'Memory requests by workload', unit: 'bytes', links, description: 'Memory requested per workload.', queries: [{ expr: by(`${req('memory')}{${NS}}`), legend }] },
      { title: 'Memory limits by workload', unit: 'bytes', links, description: 'Memory limits per workload.', queries: [{ expr: by(`${req('memory', 'limits')}{${NS}}`), legend }] },
      { title: 'Received by workload', unit: 'Bps', links, description: 'Bytes received per workload.', queries: [{ expr: by(`rate(container_network_receive_bytes_total{${CADVISOR},${NS}}${r})`), legend }] },
      { title: 'Sent by workload', unit: 'Bps', links, description: 'Bytes sent per workload.', queries: [{ expr: by(`rate(container_network_transmit_bytes_total{${CADVISOR},${NS}}${r})`), legend }] },
      { title: 'Pods by workload', unit: 'short', links, description: 'Pods each workload has.', queries: [{ expr: `count by (workload, workload_type) (${OWNER}{${NS}})`, legend }] },
      { title: 'Container restarts by workload (1h)', unit: 'short', links, description: 'Container restarts per workload in the last hour.',
        queries: [{ expr: by(`increase(kube_pod_container_status_restarts_total{${KSM},${NS}}[1h])`), legend }] },
    ];
  })(),
};

/** Compute resources of one workload, per pod. */
export const workloadResourcesDashboard: DashboardDef = {
  uid: UIDS.workload,
  title: 'Compute resources / Workload',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  description: 'CPU, memory and network of one workload, per pod. Click a series for the pod or its logs.',
  links: [
    { title: 'Workloads of this namespace', dashboard: UIDS.workloads, vars: { namespace: '$namespace' } },
    { title: 'Logs', dashboard: UIDS.logs, vars: { namespace: '$namespace' } },
  ],
  variables: [
    namespaceVar,
    { name: 'type', query: `label_values(${OWNER}{${NS}}, workload_type)` },
    { name: 'workload', query: `label_values(${OWNER}{${NS},workload_type="$type"}, workload)` },
  ],
  panels: ((): DashboardPanel[] => {
    const of = `* on (namespace, pod) group_left () ${OWNER}{${NS},workload="$workload",workload_type="$type"}`;
    const links = [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')];
    return [
      { title: 'CPU usage by pod', unit: 'short', links, description: 'CPU cores used per pod of the workload.', queries: [{ expr: `sum by (pod) (${CPU}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'CPU requests by pod', unit: 'short', links, description: 'CPU cores requested per pod.', queries: [{ expr: `sum by (pod) (${req('cpu')}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'CPU limits by pod', unit: 'short', links, description: 'CPU limits per pod.', queries: [{ expr: `sum by (pod) (${req('cpu', 'limits')}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'Memory usage by pod', unit: 'bytes', links, description: 'Working set per pod of the workload.', queries: [{ expr: `sum by (pod) (${MEM}{${NS},${LIVE}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'Memory requests by pod', unit: 'bytes', links, description: 'Memory requested per pod.', queries: [{ expr: `sum by (pod) (${req('memory')}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'Memory limits by pod', unit: 'bytes', links, description: 'Memory limits per pod.', queries: [{ expr: `sum by (pod) (${req('memory', 'limits')}{${NS}} ${of})`, legend: '{{ pod }}' }] },
      { title: 'Received by pod', unit: 'Bps', links: [toPodNetwork('$namespace')], description: 'Bytes received per pod of the workload.',
        queries: [{ expr: `sum by (pod) (rate(container_network_receive_bytes_total{${CADVISOR},${NS}}${r}) ${of})`, legend: '{{ pod }}' }] },
      { title: 'Sent by pod', unit: 'Bps', links: [toPodNetwork('$namespace')], description: 'Bytes sent per pod of the workload.',
        queries: [{ expr: `sum by (pod) (rate(container_network_transmit_bytes_total{${CADVISOR},${NS}}${r}) ${of})`, legend: '{{ pod }}' }] },
      { title: 'Container restarts by pod (1h)', unit: 'short', links, description: 'Container restarts per pod in the last hour.',
        queries: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${KSM},${NS}}[1h]) ${of})`, legend: '{{ pod }}' }] },
    ];
  })(),
};

/** Compute resources of one pod, per container, against its requests and limits. */
export const podResourcesDashboard: DashboardDef = {
  uid: UIDS.pod,
  title: 'Compute resources / Pod',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources'],
  description: 'CPU and memory of one pod, per container, against its requests and limits.',
  links: [
    { title: 'Pod network', dashboard: UIDS.networkPod, vars: { namespace: '$namespace', pod: '$pod' } },
    { title: 'Pod logs', dashboard: UIDS.logs, vars: { namespace: '$namespace', pod: '$pod' } },
    { title: 'Compute resources / Namespace', dashboard: UIDS.namespace, vars: { namespace: '$namespace' } },
  ],
  variables: [namespaceVar, podVar],
  panels: ((): DashboardPanel[] => {
    const P = `${NS},pod="$pod"`;
    const logs = [toLogs('$namespace', '$pod')];
    return [
      { title: 'CPU by container', unit: 'short', links: logs, description: 'CPU cores each container uses, with its requests and limits.', queries: [
        { expr: `sum by (container) (${CPU}{${P}})`, legend: '{{ container }} usage' },
        { expr: `sum by (container) (${req('cpu')}{${P}})`, legend: '{{ container }} requests' },
        { expr: `sum by (container) (${req('cpu', 'limits')}{${P}})`, legend: '{{ container }} limits' },
      ] },
      { title: 'CPU throttling by container', unit: 'percentunit', links: logs, description: 'Share of CFS periods in which each container was throttled.', queries: [{
        expr: `sum by (container) (increase(container_cpu_cfs_throttled_periods_total{${CADVISOR},${P},${LIVE}}${r})) / sum by (container) (increase(container_cpu_cfs_periods_total{${CADVISOR},${P},${LIVE}}${r}))`,
        legend: '{{ container }}',
      }] },
      { title: 'Memory by container', unit: 'bytes', links: logs, description: 'Working set, RSS, page cache and swap of each container, with its requests and limits.', queries: [
        { expr: `sum by (container) (${MEM}{${P},${LIVE}})`, legend: '{{ container }} working set' },
        { expr: `sum by (container) (node_namespace_pod_container:container_memory_rss{${P},${LIVE}})`, legend: '{{ container }} rss' },
        { expr: `sum by (container) (node_namespace_pod_container:container_memory_cache{${P},${LIVE}})`, legend: '{{ container }} cache' },
        { expr: `sum by (container) (node_namespace_pod_container:container_memory_swap{${P},${LIVE}})`, legend: '{{ container }} swap' },
        { expr: `sum by (container) (${req('memory')}{${P}})`, legend: '{{ container }} requests' },
        { expr: `sum by (container) (${req('memory', 'limits')}{${P}})`, legend: '{{ container }} limits' },
      ] },
      { title: 'CPU usage against requests by container', unit: 'percentunit', links: logs, description: 'CPU used against requested, per container.',
        queries: [{ expr: `sum by (container) (${CPU}{${P}}) / sum by (container) (${req('cpu')}{${P}})`, legend: '{{ container }}' }] },
      { title: 'Memory usage against limits by container', unit: 'percentunit', links: logs, description: 'Working set against the memory limit, per container: at 100%, the OOM killer.',
        queries: [{ expr: `sum by (container) (${MEM}{${P},${LIVE}}) / sum by (container) (${req('memory', 'limits')}{${P}})`, legend: '{{ container }}' }] },
      { title: 'Container restarts', unit: 'short', links: logs, description: 'Restarts of each container since the pod started. Click for its logs.',
        queries: [{ expr: `sum by (container) (kube_pod_container_status_restarts_total{${KSM},${P}})`, legend: '{{ container }}' }] },
      { title: 'Network', unit: 'Bps', links: [{ title: 'Pod network', dashboard: UIDS.networkPod, vars: { namespace: '$namespace', pod: '$pod' } }], description: 'Bytes the pod receives and sends.', queries: [
        { expr: `sum(rate(container_network_receive_bytes_total{${CADVISOR},${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_bytes_total{${CADVISOR},${P}}${r}))`, legend: 'sent' },
      ] },
      { title: 'Node', type: 'stat', unit: 'short', links: [toNodePods], description: 'The node the pod runs on; click for the other pods there.',
        queries: [{ expr: `max by (node) (${POD_NODE}{${P}})`, legend: '{{ node }}' }] },
    ];
  })(),
};

/** The pods of one node: which ones use its CPU and memory (what NodeHighCpuUsage sends you to find). */
export const nodePodsDashboard: DashboardDef = {
  uid: UIDS.nodePods,
  title: 'Compute resources / Node (Pods)',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'resources', 'nodes'],
  description: 'CPU and memory of the pods on one node, against their requests and the node\'s capacity. Click a pod for its resources.',
  links: [
    { title: 'Node', dashboard: UIDS.node, vars: { node: '$node' } },
    { title: 'Compute resources / Cluster', dashboard: UIDS.cluster },
  ],
  variables: [{ name: 'node', query: `label_values(kube_pod_info{${KSM}}, node)` }],
  panels: ((): DashboardPanel[] => {
    const N = 'node="$node"';
    const links = [toPod('${__field.labels.namespace}'), toLogs('${__field.labels.namespace}', '${__field.labels.pod}')];
    const legend = '{{ namespace }}/{{ pod }}';
    return [
      { title: 'CPU used', type: 'stat', unit: 'percentunit', description: 'Share of the node\'s CPU time spent working.', queries: [{ expr: `${NODE_CPU}{job="node-exporter",${N}}` }] },
      { title: 'Memory used', type: 'stat', unit: 'percentunit', description: 'Share of the node\'s memory not available.', queries: [{ expr: `${NODE_MEMORY}{job="node-exporter",${N}}` }] },
      { title: 'Pods', type: 'stat', unit: 'short', description: 'Pods scheduled on the node.', queries: [{ expr: `count(${POD_NODE}{${N}})` }] },
      { title: 'CPU cores', type: 'stat', unit: 'short', description: 'CPUs of the node.', queries: [{ expr: `sum(node:node_num_cpu:sum{${N}})` }] },
      { title: 'CPU usage by pod', unit: 'short', links, description: 'CPU cores each pod on the node uses.', queries: [{ expr: `sum by (namespace, pod) (${CPU}{${N}})`, legend }] },
      { title: 'Memory usage by pod', unit: 'bytes', links, description: 'Working set of each pod on the node.', queries: [{ expr: `sum by (namespace, pod) (${MEM}{${N},${LIVE}})`, legend }] },
      { title: 'CPU requests by pod', unit: 'short', links, description: 'CPU cores each pod on the node requests.', queries: [{ expr: `sum by (namespace, pod) (${req('cpu')}{${N}})`, legend }] },
      { title: 'Memory requests by pod', unit: 'bytes', links, description: 'Memory each pod on the node requests.', queries: [{ expr: `sum by (namespace, pod) (${req('memory')}{${N}})`, legend }] },
      { title: 'CPU usage against requests by pod', unit: 'percentunit', links, description: 'CPU used against requested, per pod on the node.',
        queries: [{ expr: `sum by (namespace, pod) (${CPU}{${N}}) / sum by (namespace, pod) (${req('cpu')}{${N}})`, legend }] },
      { title: 'Memory usage against limits by pod', unit: 'percentunit', links, description: 'Working set against the memory limit, per pod on the node.',
        queries: [{ expr: `sum by (namespace, pod) (${MEM}{${N},${LIVE}}) / sum by (namespace, pod) (${req('memory', 'limits')}{${N}})`, legend }] },
      { title: 'CPU: usage, requests and allocatable', unit: 'short', description: 'CPU cores the node\'s pods use and request, against what the node can allocate.', queries: [
        { expr: `sum(${CPU}{${N}})`, legend: 'usage' },
        { expr: `sum(${req('cpu')}{${N}})`, legend: 'requests' },
        { expr: `sum(kube_node_status_allocatable{${KSM},${N},resource="cpu"})`, legend: 'allocatable' },
      ] },
      { title: 'Memory: usage, requests and allocatable', unit: 'bytes', description: 'Working set and requests of the node\'s pods, against what the node can allocate.', queries: [
        { expr: `sum(${MEM}{${N},${LIVE}})`, legend: 'usage' },
        { expr: `sum(${req('memory')}{${N}})`, legend: 'requests' },
        { expr: `sum(kube_node_status_allocatable{${KSM},${N},resource="memory"})`, legend: 'allocatable' },
      ] },
      { title: 'Memory RSS by pod', unit: 'bytes', links, description: 'Resident anonymous memory of each pod on the node.',
        queries: [{ expr: `sum by (namespace, pod) (node_namespace_pod_container:container_memory_rss{${N},${LIVE}})`, legend }] },
      { title: 'Memory cache by pod', unit: 'bytes', links, description: 'Page cache charged to each pod on the node (reclaimable).',
        queries: [{ expr: `sum by (namespace, pod) (node_namespace_pod_container:container_memory_cache{${N},${LIVE}})`, legend }] },
    ];
  })(),
};

/** Persistent volume claims: space, inodes, phase. */
export const persistentVolumesDashboard: DashboardDef = {
  uid: UIDS.volumes,
  title: 'Persistent volumes',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'storage'],
  description: 'Space and inodes of the persistent volume claims of a namespace, and claims and volumes not bound.',
  variables: [{ name: 'namespace', query: 'label_values(kubelet_volume_stats_capacity_bytes{job="kubelet"}, namespace)' }],
  panels: [
    { title: 'Space used by claim', unit: 'percentunit', links: [toNamespace], description: 'Share of each claim\'s volume that is full.',
      queries: [{ expr: `max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes{job="kubelet",${NS}} / kubelet_volume_stats_capacity_bytes{job="kubelet",${NS}})`, legend: '{{ persistentvolumeclaim }}' }] },
    { title: 'Space free by claim', unit: 'bytes', description: 'Bytes still free on each claim\'s volume.', queries: [{ expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_available_bytes{job="kubelet",${NS}})`, legend: '{{ persistentvolumeclaim }}' }] },
    { title: 'Inodes used by claim', unit: 'percentunit', description: 'Share of each claim\'s inodes in use.',
      queries: [{ expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_inodes_used{job="kubelet",${NS}} / kubelet_volume_stats_inodes{job="kubelet",${NS}})`, legend: '{{ persistentvolumeclaim }}' }] },
    { title: 'Claims not bound', unit: 'short', description: 'Claims of the namespace by phase, other than Bound.', queries: [{ expr: `sum by (phase) (kube_persistentvolumeclaim_status_phase{${KSM},${NS},phase!="Bound"})`, legend: '{{ phase }}' }] },
    { title: 'Volumes by phase', unit: 'short', description: 'Persistent volumes of the cluster by phase.', queries: [{ expr: `sum by (phase) (kube_persistentvolume_status_phase{${KSM}})`, legend: '{{ phase }}' }] },
    { title: 'Capacity by claim', unit: 'bytes', description: 'Size of each claim\'s volume.', queries: [{ expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{job="kubelet",${NS}})`, legend: '{{ persistentvolumeclaim }}' }] },
  ],
};

/** Network traffic of the whole cluster, per namespace, and TCP health per node. */
export const clusterNetworkDashboard: DashboardDef = {
  uid: UIDS.networkCluster,
  title: 'Networking / Cluster',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'network'],
  description: 'Pod traffic per namespace, and TCP retransmits per node. Click a namespace for its pods.',
  links: [{ title: 'Compute resources / Cluster', dashboard: UIDS.cluster }],
  panels: ((): DashboardPanel[] => {
    const toNs: DashboardPanel['links'] = [{ title: 'Networking / Namespace', dashboard: UIDS.networkNamespace, vars: { namespace: '${__field.labels.namespace}' } }];
    const ns = (metric: string) => `sum by (namespace) (rate(${metric}{${CADVISOR},namespace!=""}${r}))`;
    const tcp = (a: string, b: string) => `sum by (node) (rate(${a}{job="node-exporter"}${r})) / sum by (node) (rate(${b}{job="node-exporter"}${r}))`;
    return [
      { title: 'Received', type: 'stat', unit: 'Bps', description: 'Bytes all pods receive.', queries: [{ expr: `sum(rate(container_network_receive_bytes_total{${CADVISOR},namespace!=""}${r}))` }] },
      { title: 'Sent', type: 'stat', unit: 'Bps', description: 'Bytes all pods send.', queries: [{ expr: `sum(rate(container_network_transmit_bytes_total{${CADVISOR},namespace!=""}${r}))` }] },
      { title: 'Received by namespace', unit: 'Bps', links: toNs, description: 'Bytes received per namespace.', queries: [{ expr: ns('container_network_receive_bytes_total'), legend: '{{ namespace }}' }] },
      { title: 'Sent by namespace', unit: 'Bps', links: toNs, description: 'Bytes sent per namespace.', queries: [{ expr: ns('container_network_transmit_bytes_total'), legend: '{{ namespace }}' }] },
      { title: 'Packets received by namespace', unit: 'pps', links: toNs, description: 'Packets received per namespace.', queries: [{ expr: ns('container_network_receive_packets_total'), legend: '{{ namespace }}' }] },
      { title: 'Packets sent by namespace', unit: 'pps', links: toNs, description: 'Packets sent per namespace.', queries: [{ expr: ns('container_network_transmit_packets_total'), legend: '{{ namespace }}' }] },
      { title: 'Packets dropped by namespace', unit: 'pps', links: toNs, description: 'Packets dropped on receive and send, per namespace.', queries: [
        { expr: ns('container_network_receive_packets_dropped_total'), legend: '{{ namespace }} received' },
        { expr: ns('container_network_transmit_packets_dropped_total'), legend: '{{ namespace }} sent' },
      ] },
      { title: 'TCP retransmit rate by node', unit: 'percentunit', links: [toNode], description: 'Share of TCP segments sent again: loss or congestion on the node\'s paths.',
        queries: [{ expr: tcp('node_netstat_Tcp_RetransSegs', 'node_netstat_Tcp_OutSegs'), legend: '{{ node }}' }] },
      { title: 'TCP SYN retransmits by node', unit: 'percentunit', links: [toNode], description: 'Share of retransmits that were connection attempts (SYN): peers not answering.',
        queries: [{ expr: tcp('node_netstat_TcpExt_TCPSynRetrans', 'node_netstat_Tcp_RetransSegs'), legend: '{{ node }}' }] },
      { title: 'TCP connections by node', unit: 'short', links: [toNode], description: 'TCP connections established, per node.',
        queries: [{ expr: 'sum by (node) (node_netstat_Tcp_CurrEstab{job="node-exporter"})', legend: '{{ node }}' }] },
    ];
  })(),
};

/** Network traffic of one namespace, per pod. */
export const namespaceNetworkDashboard: DashboardDef = {
  uid: UIDS.networkNamespace,
  title: 'Networking / Namespace',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'network'],
  description: 'Pod traffic of one namespace. Click a pod for its network or resources.',
  links: [
    { title: 'Networking / Cluster', dashboard: UIDS.networkCluster },
    { title: 'Compute resources / Namespace', dashboard: UIDS.namespace, vars: { namespace: '$namespace' } },
  ],
  variables: [namespaceVar],
  panels: [
    { title: 'Received', type: 'stat', unit: 'Bps', description: 'Bytes the namespace\'s pods receive.', queries: [{ expr: `sum(rate(container_network_receive_bytes_total{${CADVISOR},${NS}}${r}))` }] },
    { title: 'Sent', type: 'stat', unit: 'Bps', description: 'Bytes the namespace\'s pods send.', queries: [{ expr: `sum(rate(container_network_transmit_bytes_total{${CADVISOR},${NS}}${r}))` }] },
    { title: 'Received by pod', unit: 'Bps', links: [toPodNetwork('$namespace'), toPod('$namespace')], description: 'Bytes received per pod.',
      queries: [{ expr: `sum by (pod) (rate(container_network_receive_bytes_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }}' }] },
    { title: 'Sent by pod', unit: 'Bps', links: [toPodNetwork('$namespace'), toPod('$namespace')], description: 'Bytes sent per pod.',
      queries: [{ expr: `sum by (pod) (rate(container_network_transmit_bytes_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }}' }] },
    { title: 'Packets by pod', unit: 'pps', links: [toPodNetwork('$namespace')], description: 'Packets received and sent per pod.', queries: [
      { expr: `sum by (pod) (rate(container_network_receive_packets_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }} received' },
      { expr: `sum by (pod) (rate(container_network_transmit_packets_total{${CADVISOR},${NS}}${r}))`, legend: '{{ pod }} sent' },
    ] },
    { title: 'Packets dropped by pod', unit: 'pps', links: [toPodNetwork('$namespace')], description: 'Packets dropped on receive and send, per pod.', queries: [
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
  description: 'Traffic, packets, drops and errors of one pod.',
  links: [
    { title: 'Networking / Namespace', dashboard: UIDS.networkNamespace, vars: { namespace: '$namespace' } },
    { title: 'Pod resources', dashboard: UIDS.pod, vars: { namespace: '$namespace', pod: '$pod' } },
    { title: 'Pod logs', dashboard: UIDS.logs, vars: { namespace: '$namespace', pod: '$pod' } },
  ],
  variables: [namespaceVar, podVar],
  panels: ((): DashboardPanel[] => {
    const P = `${CADVISOR},${NS},pod="$pod"`;
    const links = [toLogs('$namespace', '$pod'), { title: 'Pod resources', dashboard: UIDS.pod, vars: { namespace: '$namespace', pod: '$pod' } }];
    return [
      { title: 'Bytes', unit: 'Bps', links, description: 'Bytes the pod receives and sends.', queries: [
        { expr: `sum(rate(container_network_receive_bytes_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_bytes_total{${P}}${r}))`, legend: 'sent' },
      ] },
      { title: 'Packets', unit: 'pps', links, description: 'Packets the pod receives and sends.', queries: [
        { expr: `sum(rate(container_network_receive_packets_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_packets_total{${P}}${r}))`, legend: 'sent' },
      ] },
      { title: 'Dropped packets', unit: 'pps', links, description: 'Packets dropped on the pod\'s interfaces.', queries: [
        { expr: `sum(rate(container_network_receive_packets_dropped_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_packets_dropped_total{${P}}${r}))`, legend: 'sent' },
      ] },
      { title: 'Errors', unit: 'pps', links, description: 'Packets with errors on the pod\'s interfaces.', queries: [
        { expr: `sum(rate(container_network_receive_errors_total{${P}}${r}))`, legend: 'received' },
        { expr: `sum(rate(container_network_transmit_errors_total{${P}}${r}))`, legend: 'sent' },
      ] },
    ];
  })(),
};
