import { durationMs } from '../../lib/core/validate';
import { DashboardPanel } from '../../lib/dashboards/types';

const NODE = 'job="node-exporter"';
const FS = 'job="node-exporter",fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs",mountpoint!~"/run.*|/var/lib/kubelet/.*"';

/** Cluster overview: the cluster as a whole, then per node. */
export const clusterOverviewPanels: DashboardPanel[] = [
  { title: 'CPU used', type: 'stat', unit: 'percentunit', queries: [{ expr: `1 - avg(rate(node_cpu_seconds_total{${NODE},mode="idle"}[$__rate_interval]))` }] },
  { title: 'Memory used', type: 'stat', unit: 'percentunit', queries: [{ expr: `1 - sum(node_memory_MemAvailable_bytes{${NODE}}) / sum(node_memory_MemTotal_bytes{${NODE}})` }] },
  { title: 'Nodes ready', type: 'stat', queries: [{ expr: 'sum(kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"})' }] },
  { title: 'Pods running', type: 'stat', queries: [{ expr: 'sum(kube_pod_status_phase{job="kube-state-metrics",phase="Running"})' }] },
  { title: 'CPU per node', unit: 'percentunit', queries: [{ expr: `1 - avg by (node) (rate(node_cpu_seconds_total{${NODE},mode="idle"}[$__rate_interval]))`, legend: '{{ node }}' }] },
  { title: 'Memory per node', unit: 'percentunit', queries: [{ expr: `1 - node_memory_MemAvailable_bytes{${NODE}} / node_memory_MemTotal_bytes{${NODE}}`, legend: '{{ node }}' }] },
  { title: 'Network received per node', unit: 'Bps', queries: [{ expr: `sum by (node) (rate(node_network_receive_bytes_total{${NODE},device!~"lo|veth.*|cali.*|flannel.*|cni.*"}[$__rate_interval]))`, legend: '{{ node }}' }] },
  { title: 'Network sent per node', unit: 'Bps', queries: [{ expr: `sum by (node) (rate(node_network_transmit_bytes_total{${NODE},device!~"lo|veth.*|cali.*|flannel.*|cni.*"}[$__rate_interval]))`, legend: '{{ node }}' }] },
  { title: 'Disk space used per filesystem', unit: 'percentunit', queries: [{ expr: `1 - node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}}`, legend: '{{ node }} {{ mountpoint }}' }] },
  { title: 'Disk busy time per node', unit: 'percentunit', queries: [{ expr: `max by (node) (rate(node_disk_io_time_seconds_total{${NODE}}[$__rate_interval]))`, legend: '{{ node }}' }] },
  { title: 'Load (1m) per node', queries: [{ expr: `node_load1{${NODE}}`, legend: '{{ node }}' }] },
  { title: 'Cluster CPU: requested vs allocatable', unit: 'percentunit', queries: [
    // Only pods that hold their requests: finished pods linger in kube-state-metrics until deleted.
    { expr: 'sum(kube_pod_container_resource_requests{job="kube-state-metrics",resource="cpu"} * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{job="kube-state-metrics",phase=~"Pending|Running"} == 1)) / sum(kube_node_status_allocatable{job="kube-state-metrics",resource="cpu"})', legend: 'requested' },
  ] },
];

/** Application metrics per namespace, for the namespace picked in the `namespace` variable. */
export const applicationPanels: DashboardPanel[] = [
  { title: 'CPU by pod', unit: 'short', queries: [{ expr: 'sum by (pod) (rate(container_cpu_usage_seconds_total{job="kubelet",namespace="$namespace",container!=""}[$__rate_interval]))', legend: '{{ pod }}' }] },
  { title: 'Memory by pod', unit: 'bytes', queries: [{ expr: 'sum by (pod) (container_memory_working_set_bytes{job="kubelet",namespace="$namespace",container!=""})', legend: '{{ pod }}' }] },
  { title: 'Network received by pod', unit: 'Bps', queries: [{ expr: 'sum by (pod) (rate(container_network_receive_bytes_total{job="kubelet",namespace="$namespace"}[$__rate_interval]))', legend: '{{ pod }}' }] },
  { title: 'Network sent by pod', unit: 'Bps', queries: [{ expr: 'sum by (pod) (rate(container_network_transmit_bytes_total{job="kubelet",namespace="$namespace"}[$__rate_interval]))', legend: '{{ pod }}' }] },
  { title: 'Container restarts (1h)', queries: [{ expr: 'sum by (pod) (increase(kube_pod_container_status_restarts_total{job="kube-state-metrics",namespace="$namespace"}[1h]))', legend: '{{ pod }}' }] },
  { title: 'Pods not running', queries: [{ expr: 'sum by (phase) (kube_pod_status_phase{job="kube-state-metrics",namespace="$namespace",phase!="Running",phase!="Succeeded"})', legend: '{{ phase }}' }] },
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
    { title: 'Download', type: 'stat', unit: 'Mbits', queries: [{ expr: last('speedtest_download_megabits_per_second') }] },
    { title: 'Upload', type: 'stat', unit: 'Mbits', queries: [{ expr: last('speedtest_upload_megabits_per_second') }] },
    { title: 'Latency', type: 'stat', unit: 'ms', queries: [{ expr: last('speedtest_ping_latency_milliseconds') }] },
    { title: 'Jitter', type: 'stat', unit: 'ms', queries: [{ expr: last('speedtest_jitter_latency_milliseconds') }] },
    { title: 'Speed over time', unit: 'Mbits', queries: [
      { expr: last('speedtest_download_megabits_per_second'), legend: 'download' },
      { expr: last('speedtest_upload_megabits_per_second'), legend: 'upload' },
    ] },
    { title: 'Latency and jitter over time', unit: 'ms', queries: [
      { expr: last('speedtest_ping_latency_milliseconds'), legend: 'latency' },
      { expr: last('speedtest_jitter_latency_milliseconds'), legend: 'jitter' },
    ] },
    // Over every scrape, so a scrape that failed outright (no speedtest_up at all) counts as failed.
    { title: 'Test success', unit: 'percentunit', queries: [{ expr: 'sum by (job) (sum_over_time(speedtest_up{job="speedtest-exporter"}[1d])) / sum by (job) (count_over_time(up{job="speedtest-exporter"}[1d]))', legend: 'success ratio (1d)' }] },
  ];
}

/** Logs explorer by namespace and pod, with error rates. */
export const logPanels: DashboardPanel[] = [
  { title: 'Log lines by pod', queries: [{ language: 'logql', expr: 'sum by (pod) (count_over_time({namespace="$namespace", pod=~"$pod"} [$__interval]))', legend: '{{ pod }}' }] },
  { title: 'Errors by pod', queries: [{ language: 'logql', expr: 'sum by (pod) (count_over_time({namespace="$namespace", pod=~"$pod"} |~ "(?i)(error|exception|panic|fatal)" [$__interval]))', legend: '{{ pod }}' }] },
  { title: 'Logs', type: 'logs', queries: [{ language: 'logql', expr: '{namespace="$namespace", pod=~"$pod"}' }] },
];
