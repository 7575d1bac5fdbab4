import { DashboardDef, UIDS } from './dashboard-defs';
import { NODE_CPU, NODE_MEMORY, NODE_RECEIVED, NODE_SENT } from './quantities';

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
  description: 'One node: utilisation, saturation and errors of its CPU, memory, disks and network.',
  links: [
    { title: 'Cluster overview', dashboard: UIDS.overview },
    { title: 'Pods on this node', dashboard: UIDS.nodePods, vars: { node: '$node' } },
  ],
  variables: [{ name: 'node', label: 'node', query: 'label_values(node_uname_info{job="node-exporter"}, node)' }],
  panels: [
    { title: 'CPU used', type: 'stat', unit: 'percentunit', description: 'Share of the node\'s CPU time spent working (not idle, in iowait or stolen), over 5 minutes.', queries: [{ expr: `${NODE_CPU}{${N}}` }] },
    { title: 'Memory used', type: 'stat', unit: 'percentunit', description: 'Share of the node\'s memory not available to new work.', queries: [{ expr: `${NODE_MEMORY}{${N}}` }] },
    { title: 'Load per CPU', type: 'stat', unit: 'short', description: 'One-minute load average divided by the CPUs: above 1, work waits.', queries: [{ expr: `instance:node_load1_per_cpu:ratio{${N}}` }] },
    { title: 'Uptime', type: 'stat', unit: 's', description: 'Time since the node booted.', queries: [{ expr: `node_time_seconds{${N}} - node_boot_time_seconds{${N}}` }] },
    { title: 'CPU time by mode', unit: 'percentunit', description: 'Share of the CPUs\' time in each mode but idle: where CPU used goes.',
      queries: [{ expr: `sum by (mode) (rate(node_cpu_seconds_total{${N},mode!="idle"}${r})) / scalar(count(node_cpu_seconds_total{${N},mode="idle"}))`, legend: '{{ mode }}' }] },
    { title: 'IO wait', unit: 'percentunit', description: 'Time the CPUs sat idle waiting for disk IO.', queries: [{ expr: `avg(rate(node_cpu_seconds_total{${N},mode="iowait"}${r}))`, legend: 'iowait' }] },
    { title: 'Memory breakdown', unit: 'bytes', description: 'Memory used by processes, kernel buffers, page cache, and free.', queries: [
      { expr: `node_memory_MemTotal_bytes{${N}} - node_memory_MemFree_bytes{${N}} - node_memory_Buffers_bytes{${N}} - node_memory_Cached_bytes{${N}}`, legend: 'used' },
      { expr: `node_memory_Buffers_bytes{${N}}`, legend: 'buffers' },
      { expr: `node_memory_Cached_bytes{${N}}`, legend: 'cached' },
      { expr: `node_memory_MemFree_bytes{${N}}`, legend: 'free' },
    ] },
    { title: 'Major page faults', unit: 'ops', description: 'Page faults that had to read from disk, per second: memory pressure pushes pages out.',
      queries: [{ expr: `instance:node_vmstat_pgmajfault:rate5m{${N}}`, legend: 'faults' }] },
    { title: 'Disk IOPS', unit: 'iops', description: 'Reads and writes completed per second, per disk.', queries: [
      { expr: `rate(node_disk_reads_completed_total{${DISK}}${r})`, legend: '{{ device }} read' },
      { expr: `rate(node_disk_writes_completed_total{${DISK}}${r})`, legend: '{{ device }} write' },
    ] },
    { title: 'Disk latency', unit: 's', description: 'Average time a read or write took, per disk.', queries: [
      { expr: `rate(node_disk_read_time_seconds_total{${DISK}}${r}) / rate(node_disk_reads_completed_total{${DISK}}${r})`, legend: '{{ device }} read' },
      { expr: `rate(node_disk_write_time_seconds_total{${DISK}}${r}) / rate(node_disk_writes_completed_total{${DISK}}${r})`, legend: '{{ device }} write' },
    ] },
    { title: 'Disk busy time', unit: 'percentunit', description: 'Share of time each disk had IO in flight (utilisation).',
      queries: [{ expr: `instance_device:node_disk_io_time_seconds:rate5m{${N}}`, legend: '{{ device }}' }] },
    { title: 'Disk queue length', unit: 'short', description: 'Average IOs waiting or in flight on each disk (saturation).',
      queries: [{ expr: `instance_device:node_disk_io_time_weighted_seconds:rate5m{${N}}`, legend: '{{ device }}' }] },
    { title: 'Disk throughput', unit: 'Bps', description: 'Bytes read and written per second, per disk.', queries: [
      { expr: `rate(node_disk_read_bytes_total{${DISK}}${r})`, legend: '{{ device }} read' },
      { expr: `rate(node_disk_written_bytes_total{${DISK}}${r})`, legend: '{{ device }} written' },
    ] },
    { title: 'Filesystem space used', unit: 'percentunit', description: 'Share of each real filesystem that is full.',
      queries: [{ expr: `1 - node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}}`, legend: '{{ mountpoint }}' }] },
    { title: 'Filesystem inodes used', unit: 'percentunit', description: 'Share of each real filesystem\'s inodes in use: at 100% no file can be created.',
      queries: [{ expr: `1 - node_filesystem_files_free{${FS}} / node_filesystem_files{${FS}}`, legend: '{{ mountpoint }}' }] },
    { title: 'Network traffic', unit: 'Bps', description: 'Bytes received and sent on every interface but lo.', queries: [
      { expr: `${NODE_RECEIVED}{${N}}`, legend: 'received' },
      { expr: `${NODE_SENT}{${N}}`, legend: 'sent' },
    ] },
    { title: 'Network traffic by device', unit: 'Bps', description: 'Bytes received and sent per physical interface (pod and overlay interfaces left out).', queries: [
      { expr: `rate(node_network_receive_bytes_total{${NIC}}${r})`, legend: '{{ device }} received' },
      { expr: `rate(node_network_transmit_bytes_total{${NIC}}${r})`, legend: '{{ device }} sent' },
    ] },
    { title: 'Network packets', unit: 'pps', description: 'Packets received and sent per physical interface.', queries: [
      { expr: `rate(node_network_receive_packets_total{${NIC}}${r})`, legend: '{{ device }} received' },
      { expr: `rate(node_network_transmit_packets_total{${NIC}}${r})`, legend: '{{ device }} sent' },
    ] },
    { title: 'Network errors and drops', unit: 'pps', description: 'Packets with errors per physical interface, and packets dropped on all but lo.', queries: [
      { expr: `rate(node_network_receive_errs_total{${NIC}}${r})`, legend: '{{ device }} receive errors' },
      { expr: `rate(node_network_transmit_errs_total{${NIC}}${r})`, legend: '{{ device }} transmit errors' },
      { expr: `instance:node_network_receive_drop_excluding_lo:rate5m{${N}}`, legend: 'received dropped' },
      { expr: `instance:node_network_transmit_drop_excluding_lo:rate5m{${N}}`, legend: 'sent dropped' },
    ] },
    { title: 'Conntrack and file descriptors', unit: 'percentunit', description: 'Share of the connection-tracking table and of the file descriptors in use.', queries: [
      { expr: `node_nf_conntrack_entries{${N}} / node_nf_conntrack_entries_limit{${N}}`, legend: 'conntrack' },
      { expr: `node_filefd_allocated{${N}} / node_filefd_maximum{${N}}`, legend: 'file descriptors' },
    ] },
    { title: 'Clock offset', unit: 's', description: 'Offset of the node\'s clock from its time source, as the kernel reports it.', queries: [{ expr: `node_timex_offset_seconds{${N}}`, legend: 'offset' }] },
    { title: 'Clock synchronised', type: 'stat', unit: 'bool', description: '1 while the kernel reports the clock synchronised (NTP).', queries: [{ expr: `min(node_timex_sync_status{${N}})` }] },
  ],
};
