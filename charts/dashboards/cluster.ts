import { durationMs } from '../../lib/core/validate';
import { DashboardPanel } from '../../lib/dashboards/types';
import { toNode, toPod, toLogs, toNodePods } from './dashboard-defs';
import { CLUSTER_CPU, CLUSTER_MEMORY, CONTAINER_CPU, CONTAINER_MEMORY, NODE_CPU_BY_NODE, NODE_MEMORY, NODE_RECEIVED, NODE_SENT } from './quantities';

const NODE = 'job="node-exporter"';
const FS = 'job="node-exporter",fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs",mountpoint!~"/run.*|/var/lib/kubelet/.*"';
const KSM = 'job="kube-state-metrics"';
const CADVISOR = 'job="kubelet",metrics_path="/metrics/cadvisor"';
const nodeLinks = [toNode, toNodePods];

/** Cluster overview: the cluster as a whole, then per node, each node a click away. */
export const clusterOverviewPanels: DashboardPanel[] = [
  { title: 'CPU used', type: 'stat', unit: 'percentunit', description: 'Share of all nodes\' CPU time spent working (not idle, in iowait or stolen), over 5 minutes.', queries: [{ expr: CLUSTER_CPU }] },
  { title: 'Memory used', type: 'stat', unit: 'percentunit', description: 'Share of all nodes\' memory not available to new work.', queries: [{ expr: CLUSTER_MEMORY }] },
  { title: 'Nodes ready', type: 'stat', unit: 'short', description: 'Nodes whose Ready condition is true.', queries: [{ expr: `sum(kube_node_status_condition{${KSM},condition="Ready",status="true"})` }] },
  { title: 'Pods running', type: 'stat', unit: 'short', description: 'Pods in phase Running.', queries: [{ expr: `sum(kube_pod_status_phase{${KSM},phase="Running"})` }] },
  { title: 'CPU used per node', unit: 'percentunit', links: nodeLinks, description: 'Share of each node\'s CPU time spent working. Click a series for the node or its pods.',
    queries: [{ expr: `max by (node) (${NODE_CPU_BY_NODE})`, legend: '{{ node }}' }] },
  { title: 'Memory used per node', unit: 'percentunit', links: nodeLinks, description: 'Share of each node\'s memory not available. Click a series for the node or its pods.',
    queries: [{ expr: `max by (node) (${NODE_MEMORY}{${NODE}})`, legend: '{{ node }}' }] },
  { title: 'Network received per node', unit: 'Bps', links: nodeLinks, description: 'Bytes received on every interface but lo (pod interfaces included).',
    queries: [{ expr: `sum by (node) (${NODE_RECEIVED}{${NODE}})`, legend: '{{ node }}' }] },
  { title: 'Network sent per node', unit: 'Bps', links: nodeLinks, description: 'Bytes sent on every interface but lo (pod interfaces included).',
    queries: [{ expr: `sum by (node) (${NODE_SENT}{${NODE}})`, legend: '{{ node }}' }] },
  { title: 'Disk space used per filesystem', unit: 'percentunit', links: [toNode], description: 'Share of each real filesystem that is full.',
    queries: [{ expr: `1 - node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}}`, legend: '{{ node }} {{ mountpoint }}' }] },
  { title: 'Disk busy time per node', unit: 'percentunit', links: [toNode], description: 'Share of time the busiest disk of each node had IO in flight.',
    queries: [{ expr: 'max by (node) (instance_device:node_disk_io_time_seconds:rate5m{job="node-exporter"})', legend: '{{ node }}' }] },
  { title: 'Load (1m) per CPU per node', unit: 'short', links: [toNode], description: 'One-minute load average divided by the node\'s CPUs: above 1, work waits.',
    queries: [{ expr: `max by (node) (instance:node_load1_per_cpu:ratio{${NODE}})`, legend: '{{ node }}' }] },
  { title: 'Cluster CPU: requested vs allocatable', unit: 'percentunit', description: 'CPU requests of pending and running pods against what the nodes can allocate.', queries: [
    { expr: `sum(namespace_cpu:kube_pod_container_resource_requests:sum) / sum(kube_node_status_allocatable{${KSM},resource="cpu"})`, legend: 'requested' },
  ] },
  { title: 'CPU cores', type: 'stat', unit: 'short', description: 'CPUs of all nodes, as node-exporter counts them.', queries: [{ expr: 'sum(node:node_num_cpu:sum)' }] },
  { title: 'Pods not ready', type: 'stat', unit: 'short', description: 'Pods whose Ready condition is false.', queries: [{ expr: `sum(kube_pod_status_ready{${KSM},condition="false"})` }] },
  { title: 'Nodes unschedulable', type: 'stat', unit: 'short', description: 'Cordoned nodes.', queries: [{ expr: `sum(kube_node_spec_unschedulable{${KSM}})` }] },
  { title: 'Container restarts (1h)', type: 'stat', unit: 'short', description: 'Container restarts in the last hour, cluster-wide.', queries: [{ expr: `sum(increase(kube_pod_container_status_restarts_total{${KSM}}[1h]))` }] },
  { title: 'Top pods by CPU', unit: 'short', links: [toPod('${__field.labels.namespace}')], description: 'The ten pods using the most CPU cores. Click for the pod.',
    queries: [{ expr: `topk(10, sum by (namespace, pod) (${CONTAINER_CPU}))`, legend: '{{ namespace }}/{{ pod }}' }] },
  { title: 'Top pods by memory', unit: 'bytes', links: [toPod('${__field.labels.namespace}')], description: 'The ten pods with the largest working set. Click for the pod.',
    queries: [{ expr: `topk(10, sum by (namespace, pod) (${CONTAINER_MEMORY}{container!=""}))`, legend: '{{ namespace }}/{{ pod }}' }] },
];

/** Application metrics per namespace, for the namespace picked in the `namespace` variable. */
export const applicationPanels: DashboardPanel[] = [
  { title: 'CPU usage by pod', unit: 'short', links: [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')], description: 'CPU cores each pod uses.',
    queries: [{ expr: `sum by (pod) (${CONTAINER_CPU}{namespace="$namespace"})`, legend: '{{ pod }}' }] },
  { title: 'Memory usage by pod', unit: 'bytes', links: [toPod('$namespace'), toLogs('$namespace', '${__field.labels.pod}')], description: 'Working set of each pod.',
    queries: [{ expr: `sum by (pod) (${CONTAINER_MEMORY}{namespace="$namespace",container!=""})`, legend: '{{ pod }}' }] },
  { title: 'Received by pod', unit: 'Bps', description: 'Bytes each pod receives.', queries: [{ expr: `sum by (pod) (rate(container_network_receive_bytes_total{${CADVISOR},namespace="$namespace"}[$__rate_interval]))`, legend: '{{ pod }}' }] },
  { title: 'Sent by pod', unit: 'Bps', description: 'Bytes each pod sends.', queries: [{ expr: `sum by (pod) (rate(container_network_transmit_bytes_total{${CADVISOR},namespace="$namespace"}[$__rate_interval]))`, legend: '{{ pod }}' }] },
  { title: 'Container restarts (1h)', unit: 'short', links: [toLogs('$namespace', '${__field.labels.pod}')], description: 'Restarts per pod in the last hour. Click for its logs.',
    queries: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${KSM},namespace="$namespace"}[1h]))`, legend: '{{ pod }}' }] },
  { title: 'Pods not running', unit: 'short', description: 'Pods of the namespace by phase, other than Running and Succeeded.', queries: [{ expr: `sum by (phase) (kube_pod_status_phase{${KSM},namespace="$namespace",phase!="Running",phase!="Succeeded"})`, legend: '{{ phase }}' }] },
];

/**
 * Internet performance. A test runs once per scrape interval, so every query looks back over
 * the interval: an instant query would find nothing between tests.
 */
export function internetPanels(interval: string): DashboardPanel[] {
  // One interval plus a margin, so the latest test is always in the window.
  const window = `${Math.round(durationMs(interval) / 60_000) + 5}m`;
  // Per job: a restarted exporter is a new instance, not a second link.
  const last = (metric: string) => `max by (job) (last_over_time(${metric}{job="speedtest-exporter"}[${window}]))`;
  return [
    { title: 'Download', type: 'stat', unit: 'Mbits', description: 'Download speed of the latest test.', queries: [{ expr: last('speedtest_download_megabits_per_second') }] },
    { title: 'Upload', type: 'stat', unit: 'Mbits', description: 'Upload speed of the latest test.', queries: [{ expr: last('speedtest_upload_megabits_per_second') }] },
    { title: 'Latency', type: 'stat', unit: 'ms', description: 'Ping latency to the test server in the latest test.', queries: [{ expr: last('speedtest_ping_latency_milliseconds') }] },
    { title: 'Jitter', type: 'stat', unit: 'ms', description: 'Variation of the ping latency in the latest test.', queries: [{ expr: last('speedtest_jitter_latency_milliseconds') }] },
    { title: 'Speed over time', unit: 'Mbits', description: 'Download and upload speed of each test.', queries: [
      { expr: last('speedtest_download_megabits_per_second'), legend: 'download' },
      { expr: last('speedtest_upload_megabits_per_second'), legend: 'upload' },
    ] },
    { title: 'Latency and jitter over time', unit: 'ms', description: 'Ping latency and jitter of each test.', queries: [
      { expr: last('speedtest_ping_latency_milliseconds'), legend: 'latency' },
      { expr: last('speedtest_jitter_latency_milliseconds'), legend: 'jitter' },
    ] },
    // Over every scrape, so a scrape that failed outright (no speedtest_up at all) counts as failed.
    { title: 'Test success', unit: 'percentunit', description: 'Share of the last day\'s scrapes whose test succeeded; a failed scrape counts as a failed test.',
      queries: [{ expr: 'sum by (job) (sum_over_time(speedtest_up{job="speedtest-exporter"}[1d])) / sum by (job) (count_over_time(up{job="speedtest-exporter"}[1d]))', legend: 'success ratio (1d)' }] },
    { title: 'Data used per test', unit: 'decmbytes', description: 'Megabytes a test transferred.', queries: [{ expr: last('speedtest_data_used_megabytes'), legend: 'data' }] },
    { title: 'Test duration', unit: 'ms', description: 'How long a test took.', queries: [{ expr: last('speedtest_duration_milliseconds'), legend: 'duration' }] },
  ];
}

/**
 * Logs explorer by namespace and pod, with error rates. The labels are those every log agent
 * of the stack attaches (see LOG_STREAM_LABELS).
 */
export const logPanels: DashboardPanel[] = [
  { title: 'Log lines by pod', unit: 'short', description: 'Lines logged per interval by each picked pod.', links: [toPod('$namespace')],
    queries: [{ language: 'logql', expr: 'sum by (pod) (count_over_time({namespace="$namespace", pod=~"$pod"} [$__interval]))', legend: '{{ pod }}' }] },
  { title: 'Errors by pod', unit: 'short', description: 'Lines per interval that mention error, exception, panic or fatal.', links: [toPod('$namespace')],
    queries: [{ language: 'logql', expr: 'sum by (pod) (count_over_time({namespace="$namespace", pod=~"$pod"} |~ "(?i)(error|exception|panic|fatal)" [$__interval]))', legend: '{{ pod }}' }] },
  { title: 'Log lines by container', unit: 'short', description: 'Lines logged per interval by each container of the picked pods.',
    queries: [{ language: 'logql', expr: 'sum by (container) (count_over_time({namespace="$namespace", pod=~"$pod"} [$__interval]))', legend: '{{ container }}' }] },
  { title: 'Log bytes by pod', unit: 'bytes', description: 'Bytes logged per interval by each picked pod.',
    queries: [{ language: 'logql', expr: 'sum by (pod) (bytes_over_time({namespace="$namespace", pod=~"$pod"} [$__interval]))', legend: '{{ pod }}' }] },
  { title: 'Logs', type: 'logs', unit: 'none', description: 'The log lines of the picked pods, newest first.', queries: [{ language: 'logql', expr: '{namespace="$namespace", pod=~"$pod"}' }] },
];
