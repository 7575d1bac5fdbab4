import { AlertingRule, InputSeries } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const job = 'node-exporter';
const node = { job, instance: 'n1', node: 'n1' };
const s = (metric: string, extra = '') => `${metric}{job="${job}",instance="n1",node="n1"${extra}}`;
const FS = 'fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs",mountpoint!~"/run.*|/var/lib/kubelet/.*"';
const fsLabels = ',device="/dev/sda1",fstype="ext4",mountpoint="/"';
const fsExpected = { ...node, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };

/** Node health from node-exporter: CPU, memory, disks, network, clock. */
export function nodeAlerts(): AlertingRule[] {
  return [
    {
      alert: 'NodeHighCpuUsage',
      expr: `1 - avg by (instance, node) (rate(node_cpu_seconds_total{job="${job}",mode="idle"}[5m])) > 0.9`,
      for: '30m',
      severity: 'warning',
      summary: 'Node {{ $labels.node }} CPU is above 90%',
      description: 'CPU on {{ $labels.node }} has been more than 90% busy for 30 minutes. Find the busiest pods on the node.',
      tests: [
        { inputSeries: [{ series: s('node_cpu_seconds_total', ',cpu="0",mode="idle"'), values: '0+3x60' }], evalTime: '50m', expectAlerts: [{ labels: { instance: 'n1', node: 'n1' } }] },
        { inputSeries: [{ series: s('node_cpu_seconds_total', ',cpu="0",mode="idle"'), values: '0+50x60' }], evalTime: '50m', expectAlerts: [] },
      ],
    },
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
 * Free space in two tiers, each with a prediction: the kubelet starts image garbage collection
 * at 85% used and evicts pods below 10% free, so the critical tiers fire just before eviction.
 */
function filesystemSpaceAlerts(): AlertingRule[] {
  const fs = (metric: string) => `${metric}{job="${job}",${FS}}`;
  const free = `${fs('node_filesystem_avail_bytes')} / ${fs('node_filesystem_size_bytes')}`;
  const writable = `${fs('node_filesystem_readonly')} == 0`;
  const disk = (avail: string, n = 200): InputSeries[] => [
    { series: s('node_filesystem_avail_bytes', fsLabels), values: avail }, { series: s('node_filesystem_size_bytes', fsLabels), values: `1000x${n}` },
    { series: s('node_filesystem_readonly', fsLabels), values: `0x${n}` },
  ];
  const both = [{ labels: fsExpected }, { labels: fsExpected, severity: 'warning' as const }];
  return [
    {
      alert: 'NodeFilesystemSpaceFillingUp',
      expr: `${free} < 0.4 and predict_linear(${fs('node_filesystem_avail_bytes')}[6h], 24 * 3600) < 0 and ${writable}`,
      for: '1h',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} will be full within 24 hours',
      description: 'At the rate of the last 6 hours, {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} fills up within a day. Find what grows.',
      runbookUrl: runbook('node', 'NodeFilesystemSpaceFillingUp'),
      tests: [
        { interval: '4m', inputSeries: disk('480-1x200'), evalTime: '12h', expectAlerts: [{ labels: fsExpected }] },
        { interval: '4m', inputSeries: disk('390x200'), evalTime: '12h', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeFilesystemSpaceFillingUp',
      expr: `${free} < 0.14 and predict_linear(${fs('node_filesystem_avail_bytes')}[6h], 4 * 3600) < 0 and ${writable}`,
      for: '1h',
      severity: 'critical',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} will be full within 4 hours',
      description: 'At the rate of the last 6 hours, {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} fills up within 4 hours; the kubelet will evict pods before that. Free space now.',
      runbookUrl: runbook('node', 'NodeFilesystemSpaceFillingUp'),
      tests: [
        { interval: '4m', inputSeries: disk('440-2x200'), evalTime: '12h', expectAlerts: both },
        { interval: '4m', inputSeries: disk('130x200'), evalTime: '12h', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeFilesystemAlmostOutOfSpace',
      expr: `${free} < 0.15 and ${writable}`,
      for: '30m',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} has less than 15% free',
      description: 'Less than 15% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free; the kubelet collects images from 85% and evicts pods below 10%. Clean up or grow the volume.',
      runbookUrl: runbook('node', 'NodeFilesystemAlmostOutOfSpace'),
      tests: [
        { inputSeries: disk('130x60', 60), evalTime: '40m', expectAlerts: [{ labels: fsExpected }] },
        { inputSeries: disk('500x60', 60), evalTime: '40m', expectAlerts: [] },
      ],
    },
    {
      alert: 'NodeFilesystemAlmostOutOfSpace',
      expr: `${free} < 0.12 and ${writable}`,
      for: '15m',
      severity: 'critical',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} has less than 12% free',
      description: 'Less than 12% of {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.node }} is free; below 10% the kubelet evicts pods. Free space now.',
      runbookUrl: runbook('node', 'NodeFilesystemAlmostOutOfSpace'),
      tests: [
        { inputSeries: disk('100x60', 60), evalTime: '40m', expectAlerts: both },
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
      runbookUrl: runbook('node', 'NodeDiskIOSaturation'),
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
      tests: [
        { inputSeries: [{ series: s('node_textfile_scrape_error'), values: '1x30' }], evalTime: '20m', expectAlerts: [{ labels: node }] },
        { inputSeries: [{ series: s('node_textfile_scrape_error'), values: '0x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
  ];
}
