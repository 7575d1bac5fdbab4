import { AlertingRule, InputSeries } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const job = 'node-exporter';
const node = { job, instance: 'n1', node: 'n1' };
const s = (metric: string, extra = '') => `${metric}{job="${job}",instance="n1",node="n1"${extra}}`;
const FS = 'fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs",mountpoint!~"/run.*|/var/lib/kubelet/.*"';
const fsLabels = ',device="/dev/sda1",fstype="ext4",mountpoint="/"';
const fsExpected = { ...node, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };

/**
 * A node's node-exporter unreachable: the node is down. It pages, unless the node is cordoned
 * (kube-state-metrics' `kube_node_spec_unschedulable`): planned work, a warning at most. Without
 * kube-state-metrics every node counts as uncordoned.
 */
export function nodeDownAlerts(): AlertingRule[] {
  const up = (values: string) => ({ series: s('up'), values });
  const cordoned = (values: string) => ({ series: 'kube_node_spec_unschedulable{job="kube-state-metrics",node="n1"}', values });
  const maintenance = `kube_node_spec_unschedulable{job="kube-state-metrics"} == 1`;
  const common = { for: '5m', summary: 'Node {{ $labels.node }} is down: its node-exporter cannot be scraped' };
  return [
    {
      ...common,
      alert: 'NodeExporterTargetDown',
      expr: `up{job="${job}"} == 0 unless on (node) ${maintenance}`,
      severity: 'critical',
      description: 'Prometheus has not reached node-exporter on {{ $labels.node }} for 5 minutes and the node is not cordoned: the node is powered off, hung or cut off, and its pods are lost. Check the machine (console, power, network), then `kubectl describe node {{ $labels.node }}`.',
      tests: [
        { inputSeries: [up('0x20'), cordoned('0x20')], evalTime: '10m', expectAlerts: [{ labels: node }] },
        // Without kube-state-metrics' view the node counts as uncordoned.
        { inputSeries: [up('0x20')], evalTime: '10m', expectAlerts: [{ labels: node }] },
        { inputSeries: [up('1x20'), cordoned('0x20')], evalTime: '10m', expectAlerts: [] },
        // Cordoned: the warning below.
        { inputSeries: [up('0x20'), cordoned('1x20')], evalTime: '10m', expectAlerts: [{ labels: node, severity: 'warning' }] },
      ],
    },
    {
      ...common,
      alert: 'NodeExporterTargetDown',
      expr: `up{job="${job}"} == 0 and on (node) ${maintenance}`,
      severity: 'warning',
      description: 'Prometheus has not reached node-exporter on {{ $labels.node }} for 5 minutes; the node is cordoned, so this is taken for maintenance. Uncordon it (`kubectl uncordon {{ $labels.node }}`) once it is back, or remove it from the cluster.',
      tests: [
        { inputSeries: [up('0x20'), cordoned('1x20')], evalTime: '10m', expectAlerts: [{ labels: node }] },
        { inputSeries: [up('1x20'), cordoned('1x20')], evalTime: '10m', expectAlerts: [] },
      ],
    },
  ];
}

/** Node health from node-exporter: CPU, memory, disks, network, clock. */
export function nodeAlerts(): AlertingRule[] {
  return [
    ...cpuAlerts(),
    {
      alert: 'NodeMemoryHigh',
      expr: `1 - node_memory_MemAvailable_bytes{job="${job}"} / node_memory_MemTotal_bytes{job="${job}"} > 0.9`,
      for: '15m',
      severity: 'warning',
      summary: 'Node {{ $labels.node }} memory is above 90%',
      description: 'Less than 10% of memory on {{ $labels.node }} has been available for 15 minutes; the OOM killer is close.',
      tests: [
        { inputSeries: [{ series: s('node_memory_MemAvailable_bytes'), values: '5x30' }, { series: s('node_memory_MemTotal_bytes'), values: '100x30' }], evalTime: '20m', expectAlerts: [{ labels: node }] },
        { inputSeries: [{ series: s('node_memory_MemAvailable_bytes'), values: '50x30' }, { series: s('node_memory_MemTotal_bytes'), values: '100x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    ...filesystemSpaceAlerts(),
    {
      alert: 'NodeFilesystemAlmostOutOfInodes',
      expr: `node_filesystem_files_free{job="${job}",${FS}} / node_filesystem_files{job="${job}",${FS}} < 0.05 and node_filesystem_readonly{job="${job}",${FS}} == 0`,
      for: '1h',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} is running out of inodes',
      description: 'Less than 5% of the inodes of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} are free: new files will fail although space is left. Look for directories with many small files.',
      tests: [
        {
          inputSeries: [{ series: s('node_filesystem_files_free', fsLabels), values: '3x90' }, { series: s('node_filesystem_files', fsLabels), values: '100x90' }, { series: s('node_filesystem_readonly', fsLabels), values: '0x90' }],
          evalTime: '80m', expectAlerts: [{ labels: fsExpected }],
        },
        {
          inputSeries: [{ series: s('node_filesystem_files_free', fsLabels), values: '30x90' }, { series: s('node_filesystem_files', fsLabels), values: '100x90' }, { series: s('node_filesystem_readonly', fsLabels), values: '0x90' }],
          evalTime: '80m', expectAlerts: [],
        },
      ],
    },
    {
      alert: 'NodeFilesystemErrors',
      expr: `max by (instance, node, device) (node_ext4_filesystem_errors{job="${job}"}) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.device }} on {{ $labels.node }} has recorded errors',
      description: 'The kernel recorded {{ $value }} ext4 errors on {{ $labels.device }} of {{ $labels.node }}: failing storage or corruption. Check dmesg and SMART, then run e2fsck (which clears the count).',
      tests: [
        {
          inputSeries: [{ series: s('node_ext4_filesystem_errors', ',device="sda1"'), values: '0 0 3x30' }],
          evalTime: '25m',
          expectAlerts: [{
            labels: { instance: 'n1', node: 'n1', device: 'sda1' },
            annotations: {
              summary: 'Filesystem sda1 on n1 has recorded errors',
              description: 'The kernel recorded 3 ext4 errors on sda1 of n1: failing storage or corruption. Check dmesg and SMART, then run e2fsck (which clears the count).',
            },
          }],
        },
        { inputSeries: [{ series: s('node_ext4_filesystem_errors', ',device="sda1"'), values: '0x30' }], evalTime: '25m', expectAlerts: [] },
      ],
    },
    ...networkErrorAlerts(),
    ...nodeSaturationAlerts(),
    {
      alert: 'NodeClockNotSynchronising',
      expr: `min_over_time(node_timex_sync_status{job="${job}"}[5m]) == 0 and node_timex_maxerror_seconds{job="${job}"} >= 16`,
      for: '10m',
      severity: 'warning',
      summary: 'Clock on {{ $labels.node }} is not synchronising',
      description: 'NTP on {{ $labels.node }} has lost synchronisation; TLS, logs and metrics will drift. Check chrony/timesyncd.',
      runbookUrl: runbook('node', 'NodeClockNotSynchronising'),
      tests: [
        { inputSeries: [{ series: s('node_timex_sync_status'), values: '0x30' }, { series: s('node_timex_maxerror_seconds'), values: '16x30' }], evalTime: '20m', expectAlerts: [{ labels: node }] },
        { inputSeries: [{ series: s('node_timex_sync_status'), values: '1x30' }, { series: s('node_timex_maxerror_seconds'), values: '0.1x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeClockSkewDetected',
      expr: `(node_timex_offset_seconds{job="${job}"} > 0.05 and deriv(node_timex_offset_seconds{job="${job}"}[5m]) >= 0)`
        + ` or (node_timex_offset_seconds{job="${job}"} < -0.05 and deriv(node_timex_offset_seconds{job="${job}"}[5m]) <= 0)`,
      for: '10m',
      severity: 'warning',
      summary: 'Clock on {{ $labels.node }} is off by more than 50ms',
      description: 'The clock of {{ $labels.node }} is more than 50ms off and not converging. Check its NTP source.',
      runbookUrl: runbook('node', 'NodeClockSkewDetected'),
      tests: [
        { inputSeries: [{ series: s('node_timex_offset_seconds'), values: '0.2x30' }], evalTime: '20m', expectAlerts: [{ labels: node }] },
        { inputSeries: [{ series: s('node_timex_offset_seconds'), values: '0.001x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeRebootRequired',
      expr: `max by (instance, node) (node_reboot_required{job="${job}"}) == 1`,
      for: '24h',
      severity: 'info',
      summary: 'Node {{ $labels.node }} has waited a day for a reboot',
      description: 'An update on {{ $labels.node }} needs a reboot to take effect. Drain and reboot the node.',
      tests: [
        { interval: '4m', inputSeries: [{ series: s('node_reboot_required'), values: '1x400' }], evalTime: '26h', expectAlerts: [{ labels: { instance: 'n1', node: 'n1' } }] },
        { interval: '4m', inputSeries: [{ series: s('node_reboot_required'), values: '0x400' }], evalTime: '26h', expectAlerts: [] },
      ],
    },
  ];
}

/**
 * CPU busy running work: iowait (waiting on disks) and steal (taken by the hypervisor) are not
 * work the node does, so an IO-bound node shows the few percent its dashboard shows. Waiting on
 * disks has its own alert.
 */
function cpuAlerts(): AlertingRule[] {
  // Per minute of one CPU: 60 seconds shared between the modes.
  const cpu = (modes: Record<string, number>) => Object.entries(modes).map(([mode, perMinute]) => ({ series: s('node_cpu_seconds_total', `,cpu="0",mode="${mode}"`), values: `0+${perMinute}x60` }));
  const nodeOnly = { instance: 'n1', node: 'n1' };
  const busiest = 'topk(10, sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{node="{{ $labels.node }}",container!=""}[5m])))';
  return [
    {
      alert: 'NodeHighCpuUsage',
      expr: `sum by (instance, node) (avg without (cpu) (rate(node_cpu_seconds_total{job="${job}",mode!~"idle|iowait|steal"}[5m]))) > 0.9`,
      for: '30m',
      severity: 'warning',
      summary: 'Node {{ $labels.node }} CPU is above 90%',
      description: `CPU on {{ $labels.node }} has been more than 90% busy running work (iowait and steal not counted) for 30 minutes. The busiest pods: \`kubectl top pods -A --sort-by=cpu\` filtered to the node, or in Grafana ${busiest}.`,
      tests: [
        { inputSeries: cpu({ user: 50, system: 7, idle: 3 }), evalTime: '50m', expectAlerts: [{ labels: nodeOnly }] },
        // Waiting on a disk is not busy.
        { inputSeries: cpu({ user: 2, system: 1, iowait: 54, idle: 3 }), evalTime: '50m', expectAlerts: [] },
        { inputSeries: cpu({ user: 3, steal: 54, idle: 3 }), evalTime: '50m', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeCpuIowaitHigh',
      expr: `avg by (instance, node) (rate(node_cpu_seconds_total{job="${job}",mode="iowait"}[5m])) > 0.5`,
      for: '30m',
      severity: 'warning',
      summary: 'Node {{ $labels.node }} spends more than half its CPU time waiting on disks',
      description: 'The CPUs of {{ $labels.node }} have waited on IO more than half of the time for 30 minutes: its disks are the bottleneck, and everything reading or writing on the node is slow. Find the pods that read and write most (container_fs_writes_bytes_total) and check the disk (NodeDiskIOSaturation, SMART).',
      tests: [
        { inputSeries: cpu({ user: 2, system: 1, iowait: 54, idle: 3 }), evalTime: '50m', expectAlerts: [{ labels: nodeOnly }] },
        { inputSeries: cpu({ user: 50, system: 7, iowait: 1, idle: 2 }), evalTime: '50m', expectAlerts: [] },
      ],
    },
  ];
}

/**
 * The filesystems the kubelet watches for eviction: the one holding its root directory (nodefs,
 * /var/lib/kubelet) and the container runtime's (imagefs), wherever the host mounts them.
 */
export const KUBELET_MOUNTPOINTS = '/|/var|/var/lib|/var/lib/kubelet|/var/lib/containerd|/var/lib/docker|/var/lib/rancher|/var/lib/rancher/k3s';

/**
 * Free space as node-mixin pages on it: nearly full (5% warns, 3% pages) or predicted to fill
 * (within a day warns, within 4 hours pages), so a full but static data disk does not page. The
 * kubelet's own filesystems keep their eviction tier instead: image garbage collection from 85%
 * used and pod eviction below 10% free, so the kubelet alert warns at 15% and pages at 12%.
 */
function filesystemSpaceAlerts(): AlertingRule[] {
  const fs = (metric: string, extra = '') => `${metric}{job="${job}",${FS}${extra}}`;
  const free = (extra = '') => `${fs('node_filesystem_avail_bytes', extra)} / ${fs('node_filesystem_size_bytes', extra)}`;
  const writable = (extra = '') => `${fs('node_filesystem_readonly', extra)} == 0`;
  const dataFs = `,mountpoint!~"${KUBELET_MOUNTPOINTS}"`;
  const kubeletFs = `,mountpoint=~"${KUBELET_MOUNTPOINTS}"`;
  const disk = (avail: string, n = 200, labels = fsLabels): InputSeries[] => [
    { series: s('node_filesystem_avail_bytes', labels), values: avail }, { series: s('node_filesystem_size_bytes', labels), values: `1000x${n}` },
    { series: s('node_filesystem_readonly', labels), values: `0x${n}` },
  ];
  const dataLabels = ',device="/dev/sdb1",fstype="ext4",mountpoint="/data"';
  const dataExpected = { ...node, device: '/dev/sdb1', fstype: 'ext4', mountpoint: '/data' };
  const both = (labels: Record<string, string>) => [{ labels }, { labels, severity: 'warning' as const }];
  return [
    {
      alert: 'NodeFilesystemSpaceFillingUp',
      expr: `${free()} < 0.15 and predict_linear(${fs('node_filesystem_avail_bytes')}[6h], 24 * 3600) < 0 and ${writable()}`,
      for: '1h',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} will be full within 24 hours',
      description: 'Less than 15% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free and, at the rate of the last 6 hours, it fills up within a day. Find what grows.',
      runbookUrl: runbook('node', 'NodeFilesystemSpaceFillingUp'),
      tests: [
        { interval: '4m', inputSeries: disk('200-0.5x200'), evalTime: '12h', expectAlerts: [{ labels: fsExpected }] },
        // Growing but far from full, or nearly full but static: not yet.
        { interval: '4m', inputSeries: disk('480-1x200'), evalTime: '12h', expectAlerts: [] },
        { interval: '4m', inputSeries: disk('110x200'), evalTime: '12h', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeFilesystemSpaceFillingUp',
      expr: `${free()} < 0.1 and predict_linear(${fs('node_filesystem_avail_bytes')}[6h], 4 * 3600) < 0 and ${writable()}`,
      for: '1h',
      severity: 'critical',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} will be full within 4 hours',
      description: 'Less than 10% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free and, at the rate of the last 6 hours, it fills up within 4 hours: writes will fail (and on the kubelet\'s filesystems pods are evicted). Free space now.',
      runbookUrl: runbook('node', 'NodeFilesystemSpaceFillingUp'),
      tests: [
        { interval: '4m', inputSeries: disk('400-2x200'), evalTime: '12h', expectAlerts: both(fsExpected) },
        { interval: '4m', inputSeries: disk('90x200'), evalTime: '12h', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeFilesystemAlmostOutOfSpace',
      expr: `${free(dataFs)} < 0.05 and ${writable(dataFs)}`,
      for: '30m',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} has less than 5% free',
      description: 'Less than 5% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free. Clean up or grow the volume before writes fail.',
      runbookUrl: runbook('node', 'NodeFilesystemAlmostOutOfSpace'),
      tests: [
        { inputSeries: disk('40x60', 60, dataLabels), evalTime: '40m', expectAlerts: [{ labels: dataExpected }] },
        // 89% used and static: a full data disk is not an emergency.
        { inputSeries: disk('110x60', 60, dataLabels), evalTime: '40m', expectAlerts: [] },
        // The kubelet's filesystems have their own tier.
        { inputSeries: disk('40x60', 60), evalTime: '40m', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeFilesystemAlmostOutOfSpace',
      expr: `${free(dataFs)} < 0.03 and ${writable(dataFs)}`,
      for: '30m',
      severity: 'critical',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} has less than 3% free',
      description: 'Less than 3% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free: writes are about to fail. Free space now.',
      runbookUrl: runbook('node', 'NodeFilesystemAlmostOutOfSpace'),
      tests: [
        { inputSeries: disk('20x60', 60, dataLabels), evalTime: '40m', expectAlerts: both(dataExpected) },
        { inputSeries: disk('40x60', 60, dataLabels), evalTime: '40m', expectAlerts: [{ labels: dataExpected, severity: 'warning' }] },
        { inputSeries: disk('500x60', 60, dataLabels), evalTime: '40m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeletFilesystemNearEviction',
      expr: `${free(kubeletFs)} < 0.15 and ${writable(kubeletFs)}`,
      for: '30m',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }}, used by the kubelet, has less than 15% free',
      description: 'Less than 15% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free; the kubelet collects unused images from 85% used and evicts pods below 10% free. Clean up (images, logs, emptyDirs) or grow the disk.',
      tests: [
        { inputSeries: disk('130x60', 60), evalTime: '40m', expectAlerts: [{ labels: fsExpected }] },
        { inputSeries: disk('500x60', 60), evalTime: '40m', expectAlerts: [] },
        // A data disk is not the kubelet's.
        { inputSeries: disk('130x60', 60, dataLabels), evalTime: '40m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeletFilesystemNearEviction',
      expr: `${free(kubeletFs)} < 0.12 and ${writable(kubeletFs)}`,
      for: '15m',
      severity: 'critical',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }}, used by the kubelet, has less than 12% free',
      description: 'Less than 12% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free; below 10% the kubelet evicts pods from the node. Free space now (crictl rmi --prune, old logs).',
      tests: [
        { inputSeries: disk('100x60', 60), evalTime: '40m', expectAlerts: both(fsExpected) },
        { inputSeries: disk('500x60', 60), evalTime: '40m', expectAlerts: [] },
      ],
    },
  ];
}

/** Interface errors as a share of packets: a busy link's few errors are noise, a quiet link's many are not. */
function networkErrorAlerts(): AlertingRule[] {
  return (['receive', 'transmit'] as const).map((dir): AlertingRule => {
    const alert = dir === 'receive' ? 'NodeNetworkReceiveErrs' : 'NodeNetworkTransmitErrs';
    const sel = `{job="${job}",device!~"lo|veth.*"}`;
    const input = (errs: string): InputSeries[] => [
      { series: s(`node_network_${dir}_errs_total`, ',device="eth0"'), values: errs }, { series: s(`node_network_${dir}_packets_total`, ',device="eth0"'), values: '0+1000x90' },
    ];
    return {
      alert,
      expr: `rate(node_network_${dir}_errs_total${sel}[2m]) / rate(node_network_${dir}_packets_total${sel}[2m]) > 0.01`,
      for: '1h',
      severity: 'warning',
      summary: `Network interface {{ $labels.device }} on {{ $labels.node }} has ${dir} errors`,
      description: `More than 1% of the packets {{ $labels.device }} on {{ $labels.node }} ${dir === 'receive' ? 'received' : 'sent'} in the last hour failed: check the cable, the switch port and the driver.`,
      runbookUrl: runbook('node', alert),
      tests: [
        { inputSeries: input('0+50x90'), evalTime: '80m', expectAlerts: [{ labels: { ...node, device: 'eth0' } }] },
        { inputSeries: input('0+1x90'), evalTime: '80m', expectAlerts: [] },
      ],
    };
  });
}

/** Disks, file descriptors and connection tracking running out. */
function nodeSaturationAlerts(): AlertingRule[] {
  const DISKS = 'device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"';
  const fd = (severity: 'warning' | 'critical', percent: number): AlertingRule => ({
    alert: 'NodeFileDescriptorLimit',
    expr: `node_filefd_allocated{job="${job}"} * 100 / node_filefd_maximum{job="${job}"} > ${percent}`,
    for: '15m',
    severity,
    summary: `Node {{ $labels.node }} uses more than ${percent}% of its file descriptors`,
    description: `More than ${percent}% of the kernel's file descriptors on {{ $labels.node }} are allocated; at the limit, opening files and sockets fails. Find the process that leaks them.`,
    runbookUrl: runbook('node', 'NodeFileDescriptorLimit'),
    tests: [
      {
        inputSeries: [{ series: s('node_filefd_allocated'), values: `${percent + 5}x30` }, { series: s('node_filefd_maximum'), values: '100x30' }],
        evalTime: '20m', expectAlerts: [{ labels: node }, ...(severity === 'critical' ? [{ labels: node, severity: 'warning' as const }] : [])],
      },
      { inputSeries: [{ series: s('node_filefd_allocated'), values: '10x30' }, { series: s('node_filefd_maximum'), values: '100x30' }], evalTime: '20m', expectAlerts: [] },
    ],
  });
  return [
    {
      alert: 'NodeDiskIOSaturation',
      expr: `rate(node_disk_io_time_weighted_seconds_total{job="${job}",${DISKS}}[5m]) > 10`,
      for: '30m',
      severity: 'warning',
      summary: 'Disk {{ $labels.device }} on {{ $labels.node }} is saturated',
      description: 'The IO queue of {{ $labels.device }} on {{ $labels.node }} has held more than 10 requests on average for 30 minutes: everything on that disk waits. Find the pods that write most.',
      tests: [
        { inputSeries: [{ series: s('node_disk_io_time_weighted_seconds_total', ',device="sda"'), values: '0+900x60' }], evalTime: '50m', expectAlerts: [{ labels: { ...node, device: 'sda' } }] },
        { inputSeries: [{ series: s('node_disk_io_time_weighted_seconds_total', ',device="sda"'), values: '0+30x60' }], evalTime: '50m', expectAlerts: [] },
      ],
    },
    fd('warning', 70),
    fd('critical', 90),
    {
      alert: 'NodeHighNumberConntrackEntriesUsed',
      expr: `node_nf_conntrack_entries{job="${job}"} / node_nf_conntrack_entries_limit{job="${job}"} > 0.75`,
      severity: 'warning',
      summary: 'Node {{ $labels.node }} uses more than 75% of its conntrack entries',
      description: 'The connection-tracking table of {{ $labels.node }} is more than 75% full; when full, new connections are dropped. Raise nf_conntrack_max or find the connection storm.',
      runbookUrl: runbook('node', 'NodeHighNumberConntrackEntriesUsed'),
      tests: [
        { inputSeries: [{ series: s('node_nf_conntrack_entries'), values: '800x10' }, { series: s('node_nf_conntrack_entries_limit'), values: '1000x10' }], evalTime: '5m', expectAlerts: [{ labels: node }] },
        { inputSeries: [{ series: s('node_nf_conntrack_entries'), values: '100x10' }, { series: s('node_nf_conntrack_entries_limit'), values: '1000x10' }], evalTime: '5m', expectAlerts: [] },
      ],
    },
  ];
}

/** The textfile collectors themselves: stale, failing, unreadable. */
export function textfileAlerts(): AlertingRule[] {
  const c = ',collector="reboot_required"';
  const cLabels = { ...node, collector: 'reboot_required' };
  return [
    {
      alert: 'NodeTextfileCollectorStale',
      expr: `time() - node_textfile_collector_last_run_timestamp_seconds{job="${job}"} > 3 * node_textfile_collector_interval_seconds{job="${job}"}`,
      for: '10m',
      severity: 'warning',
      summary: 'Textfile collector {{ $labels.collector }} on {{ $labels.node }} has stopped running',
      description: 'The {{ $labels.collector }} collector on {{ $labels.node }} has not run for three of its intervals; its metrics are stale. Check the textfile-collectors container.',
      tests: [
        { inputSeries: [{ series: s('node_textfile_collector_last_run_timestamp_seconds', c), values: '0x60' }, { series: s('node_textfile_collector_interval_seconds', c), values: '300x60' }], evalTime: '40m', expectAlerts: [{ labels: cLabels }] },
        { inputSeries: [{ series: s('node_textfile_collector_last_run_timestamp_seconds', c), values: '0+60x60' }, { series: s('node_textfile_collector_interval_seconds', c), values: '300x60' }], evalTime: '40m', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeTextfileCollectorFailing',
      expr: `node_textfile_collector_success{job="${job}"} == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Textfile collector {{ $labels.collector }} on {{ $labels.node }} is failing',
      description: 'The {{ $labels.collector }} script on {{ $labels.node }} exits with an error; its metrics are not updated. Its stderr is in the textfile-collectors container log.',
      tests: [
        { inputSeries: [{ series: s('node_textfile_collector_success', c), values: '0x30' }], evalTime: '20m', expectAlerts: [{ labels: cLabels }] },
        { inputSeries: [{ series: s('node_textfile_collector_success', c), values: '1x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeTextfileScrapeError',
      expr: `node_textfile_scrape_error{job="${job}"} == 1`,
      for: '10m',
      severity: 'warning',
      summary: 'node-exporter on {{ $labels.node }} cannot read a textfile',
      description: 'A *.prom file on {{ $labels.node }} is unreadable or malformed, so none of the textfile metrics of that node are exported.',
      runbookUrl: runbook('node', 'NodeTextFileCollectorScrapeError'),
      tests: [
        { inputSeries: [{ series: s('node_textfile_scrape_error'), values: '1x30' }], evalTime: '20m', expectAlerts: [{ labels: node }] },
        { inputSeries: [{ series: s('node_textfile_scrape_error'), values: '0x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
  ];
}
