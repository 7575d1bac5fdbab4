import { InputSeries, RecordingRule } from '../../../lib/alerting/types';

const job = 'job="node-exporter"';
const s = (metric: string, extra: string, values: string): InputSeries => ({ series: `${metric}{${job},instance="n1",node="n1"${extra}}`, values });
const DISKS = 'device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"';

/** One node with two CPUs, each idle half the time and busy in user mode a quarter. */
const NODE: InputSeries[] = [
  s('node_cpu_seconds_total', ',cpu="0",mode="idle"', '0+30x20'), s('node_cpu_seconds_total', ',cpu="1",mode="idle"', '0+30x20'),
  s('node_cpu_seconds_total', ',cpu="0",mode="user"', '0+15x20'), s('node_cpu_seconds_total', ',cpu="1",mode="user"', '0+15x20'),
  s('node_load1', '', '1x20'), s('node_memory_MemAvailable_bytes', '', '25x20'), s('node_memory_MemTotal_bytes', '', '100x20'),
  s('node_vmstat_pgmajfault', '', '0+60x20'),
  s('node_disk_io_time_seconds_total', ',device="sda"', '0+30x20'), s('node_disk_io_time_weighted_seconds_total', ',device="sda"', '0+30x20'),
  s('node_network_receive_bytes_total', ',device="eth0"', '0+600x20'), s('node_network_receive_bytes_total', ',device="lo"', '0+60x20'),
  s('node_network_transmit_bytes_total', ',device="eth0"', '0+600x20'), s('node_network_transmit_bytes_total', ',device="lo"', '0+60x20'),
  s('node_network_receive_drop_total', ',device="eth0"', '0+6x20'), s('node_network_transmit_drop_total', ',device="eth0"', '0+6x20'),
];
const inst = { job: 'node-exporter', instance: 'n1', node: 'n1' };
const rule = (record: string, expr: string, expected: { labels?: Record<string, string>; value: number }): RecordingRule =>
  ({ record, expr, tests: [{ inputSeries: NODE, evalTime: '10m', expectSamples: [expected] }] });

/**
 * The node USE rules (node-mixin and kubernetes-mixin names) the node and cluster views read.
 * One definition per quantity: CPU used is `1 - (idle + iowait + steal)`, network excludes `lo`;
 * kube-prometheus's older `instance:node_cpu:ratio` family (busy time over 3m) is not recorded.
 */
export function nodeRecordingRules(): RecordingRule[] {
  return [
    rule('instance:node_num_cpu:sum', `count without (cpu, mode) (node_cpu_seconds_total{${job},mode="idle"})`, { labels: inst, value: 2 }),
    rule('instance:node_cpu_utilisation:rate5m', `1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{${job},mode=~"idle|iowait|steal"}[5m])))`, { labels: inst, value: 0.5 }),
    rule('instance:node_load1_per_cpu:ratio', `node_load1{${job}} / instance:node_num_cpu:sum{${job}}`, { labels: inst, value: 0.5 }),
    rule('instance:node_memory_utilisation:ratio', `1 - node_memory_MemAvailable_bytes{${job}} / node_memory_MemTotal_bytes{${job}}`, { labels: inst, value: 0.75 }),
    rule('instance:node_vmstat_pgmajfault:rate5m', `rate(node_vmstat_pgmajfault{${job}}[5m])`, { labels: inst, value: 1 }),
    rule('instance_device:node_disk_io_time_seconds:rate5m', `rate(node_disk_io_time_seconds_total{${job},${DISKS}}[5m])`, { labels: { ...inst, device: 'sda' }, value: 0.5 }),
    rule('instance_device:node_disk_io_time_weighted_seconds:rate5m', `rate(node_disk_io_time_weighted_seconds_total{${job},${DISKS}}[5m])`, { labels: { ...inst, device: 'sda' }, value: 0.5 }),
    rule('instance:node_network_receive_bytes_excluding_lo:rate5m', `sum without (device) (rate(node_network_receive_bytes_total{${job},device!="lo"}[5m]))`, { labels: inst, value: 10 }),
    rule('instance:node_network_transmit_bytes_excluding_lo:rate5m', `sum without (device) (rate(node_network_transmit_bytes_total{${job},device!="lo"}[5m]))`, { labels: inst, value: 10 }),
    rule('instance:node_network_receive_drop_excluding_lo:rate5m', `sum without (device) (rate(node_network_receive_drop_total{${job},device!="lo"}[5m]))`, { labels: inst, value: 0.1 }),
    rule('instance:node_network_transmit_drop_excluding_lo:rate5m', `sum without (device) (rate(node_network_transmit_drop_total{${job},device!="lo"}[5m]))`, { labels: inst, value: 0.1 }),
    rule('node:node_num_cpu:sum', `count by (node) (node_cpu_seconds_total{${job},mode="idle"})`, { labels: { node: 'n1' }, value: 2 }),
    rule(':node_memory_MemAvailable_bytes:sum', `sum(node_memory_MemAvailable_bytes{${job}})`, { value: 25 }),
    rule('node:node_cpu_utilization:ratio_rate5m', `avg by (node) (instance:node_cpu_utilisation:rate5m{${job}})`, { labels: { node: 'n1' }, value: 0.5 }),
    rule('cluster:node_cpu:ratio_rate5m', `avg(instance:node_cpu_utilisation:rate5m{${job}})`, { value: 0.5 }),
  ];
}
