import { DashboardDef, UIDS } from './dashboard-defs';

const N = 'job="node-exporter",node="$node"';
const DISK = `${N},device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"`;
const NIC = `${N},device!~"lo|veth.*|cali.*|flannel.*|cni.*"`;
const FS = `${N},fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs",mountpoint!~"/run.*|/var/lib/kubelet/.*"`;
const r = '[$__rate_interval]';

/** One node, picked by name: the USE method for CPU, memory, disks and network. */
export const nodeDashboard: DashboardDef = {
  uid: UIDS.node,
  title: 'Node',
  folder: 'Cluster',
  tags: ['nodes'],
  variables: [{ name: 'node', label: 'node', query: 'label_values(node_uname_info{job="node-exporter"}, node)' }],
  panels: [
    { title: 'CPU used', type: 'stat', unit: 'percentunit', queries: [{ expr: 'instance:node_cpu_utilisation:rate5m{job="node-exporter",node="$node"}' }] },
    { title: 'Memory used', type: 'stat', unit: 'percentunit', queries: [{ expr: 'instance:node_memory_utilisation:ratio{job="node-exporter",node="$node"}' }] },
    { title: 'Load per CPU', type: 'stat', queries: [{ expr: 'instance:node_load1_per_cpu:ratio{job="node-exporter",node="$node"}' }] },
    { title: 'Uptime', type: 'stat', unit: 's', queries: [{ expr: `node_time_seconds{${N}} - node_boot_time_seconds{${N}}` }] },
    { title: 'CPU by mode', unit: 'percentunit', queries: [{ expr: `sum by (mode) (rate(node_cpu_seconds_total{${N},mode!="idle"}${r})) / scalar(count(node_cpu_seconds_total{${N},mode="idle"}))`, legend: '{{ mode }}' }] },
    { title: 'IO wait', unit: 'percentunit', description: 'Time the CPUs sat idle waiting for disk IO.', queries: [{ expr: `avg(rate(node_cpu_seconds_total{${N},mode="iowait"}${r}))`, legend: 'iowait' }] },
    { title: 'Memory breakdown', unit: 'bytes', queries: [
      { expr: `node_memory_MemTotal_bytes{${N}} - node_memory_MemFree_bytes{${N}} - node_memory_Buffers_bytes{${N}} - node_memory_Cached_bytes{${N}}`, legend: 'used' },
      { expr: `node_memory_Buffers_bytes{${N}}`, legend: 'buffers' },
      { expr: `node_memory_Cached_bytes{${N}}`, legend: 'cached' },
      { expr: `node_memory_MemFree_bytes{${N}}`, legend: 'free' },
    ] },
    { title: 'Major page faults', queries: [{ expr: 'instance:node_vmstat_pgmajfault:rate5m{job="node-exporter",node="$node"}', legend: 'faults/s' }] },
    { title: 'Disk IOPS', unit: 'iops', queries: [
      { expr: `rate(node_disk_reads_completed_total{${DISK}}${r})`, legend: '{{ device }} read' },
      { expr: `rate(node_disk_writes_completed_total{${DISK}}${r})`, legend: '{{ device }} write' },
    ] },
    { title: 'Disk latency', unit: 's', queries: [
      { expr: `rate(node_disk_read_time_seconds_total{${DISK}}${r}) / rate(node_disk_reads_completed_total{${DISK}}${r})`, legend: '{{ device }} read' },
      { expr: `rate(node_disk_write_time_seconds_total{${DISK}}${r}) / rate(node_disk_writes_completed_total{${DISK}}${r})`, legend: '{{ device }} write' },
    ] },
    { title: 'Disk utilisation and saturation', queries: [
      { expr: 'instance_device:node_disk_io_time_seconds:rate5m{job="node-exporter",node="$node"}', legend: '{{ device }} busy' },
      { expr: 'instance_device:node_disk_io_time_weighted_seconds:rate5m{job="node-exporter",node="$node"}', legend: '{{ device }} queue' },
    ] },
    { title: 'Filesystem space used', unit: 'percentunit', queries: [{ expr: `1 - node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}}`, legend: '{{ mountpoint }}' }] },
    { title: 'Network traffic', unit: 'Bps', queries: [
      { expr: 'instance:node_network_receive_bytes_excluding_lo:rate5m{job="node-exporter",node="$node"}', legend: 'received' },
      { expr: 'instance:node_network_transmit_bytes_excluding_lo:rate5m{job="node-exporter",node="$node"}', legend: 'sent' },
    ] },
    { title: 'Network errors and drops', unit: 'pps', queries: [
      { expr: `rate(node_network_receive_errs_total{${NIC}}${r})`, legend: '{{ device }} receive errors' },
      { expr: `rate(node_network_transmit_errs_total{${NIC}}${r})`, legend: '{{ device }} transmit errors' },
      { expr: 'instance:node_network_receive_drop_excluding_lo:rate5m{job="node-exporter",node="$node"}', legend: 'received dropped' },
      { expr: 'instance:node_network_transmit_drop_excluding_lo:rate5m{job="node-exporter",node="$node"}', legend: 'sent dropped' },
    ] },
    { title: 'Conntrack and file descriptors', unit: 'percentunit', queries: [
      { expr: `node_nf_conntrack_entries{${N}} / node_nf_conntrack_entries_limit{${N}}`, legend: 'conntrack' },
      { expr: `node_filefd_allocated{${N}} / node_filefd_maximum{${N}}`, legend: 'file descriptors' },
    ] },
  ],
};
