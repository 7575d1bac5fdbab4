/**
 * The one definition of each "used" quantity the dashboards show, read from the recording rules
 * (kubernetes-mixin's `sum_rate5m` family and node-mixin's USE rules), so every dashboard agrees.
 * test/dashboards.test.ts fails when a dashboard reads the raw inputs of these instead.
 */
/** CPU cores a container uses, with its node (kubernetes-mixin's current name). */
export const CONTAINER_CPU = 'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m';
/** Memory a container uses: its working set, which the OOM killer and eviction go by. */
export const CONTAINER_MEMORY = 'node_namespace_pod_container:container_memory_working_set_bytes';
/** Share of a node's CPU time not idle, in iowait or stolen, 0 to 1. */
export const NODE_CPU = 'instance:node_cpu_utilisation:rate5m';
/** The same, averaged per node and over the cluster. */
export const NODE_CPU_BY_NODE = 'node:node_cpu_utilization:ratio_rate5m';
export const CLUSTER_CPU = 'cluster:node_cpu:ratio_rate5m';
/** Share of a node's memory not available, 0 to 1. */
export const NODE_MEMORY = 'instance:node_memory_utilisation:ratio';
/** The cluster's memory not available, 0 to 1. */
export const CLUSTER_MEMORY = '1 - sum(:node_memory_MemAvailable_bytes:sum) / sum(node_memory_MemTotal_bytes{job="node-exporter"})';
/** Bytes a node's interfaces (all but `lo`) receive and send. */
export const NODE_RECEIVED = 'instance:node_network_receive_bytes_excluding_lo:rate5m';
export const NODE_SENT = 'instance:node_network_transmit_bytes_excluding_lo:rate5m';
/**
 * Raw inputs of the definitions above: a dashboard reading one of these computes a "used"
 * quantity its own way. Breakdowns that are not that quantity (CPU by mode, traffic per device)
 * are listed in RAW_READS_ALLOWED with why.
 */
export const RAW_INPUTS_OF_RECORDED = [
  'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'container_memory_rss', 'container_memory_cache', 'container_memory_swap',
  'node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_network_receive_bytes_total', 'node_network_transmit_bytes_total',
  'node_disk_io_time_seconds_total', 'node_disk_io_time_weighted_seconds_total', 'node_vmstat_pgmajfault',
] as const;
/** `<dashboard uid>/<panel title>` reading a raw input on purpose, and why. */
export const RAW_READS_ALLOWED: Record<string, string> = {
  'node/CPU time by mode': 'a breakdown of CPU time by mode, which no rule records',
  'node/IO wait': 'the iowait share alone, which the utilisation rule leaves out',
  'node/Network traffic by device': 'per interface, where the rule sums them',
};
