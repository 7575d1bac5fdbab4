import { ClusterConfig, ClusterContext } from '../../config';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { InputSeries } from '../../lib/alerting/types';
import { componentReplicas, ComponentReplicas } from '../replicas';
import { buildCluster } from '../stack';

/**
 * The failures the stack knows, and who each one reaches: the rows of the failure-scenario
 * matrix. `test/failure-scenarios.test.ts` proves every row on every configured cluster through
 * promtool (the alerts that fire over all the cluster's rules) and the real Alertmanager (the
 * rendered routing and inhibitions); the README's summary is rendered from the same table.
 */
export type Notified = 'no one' | 'Slack warning' | 'critical receivers' | 'critical receivers and Slack warning';

/** What a scenario needs to know of a cluster: its nodes, its scrape jobs, its replicas. */
export interface ScenarioCluster {
  readonly ctx: ClusterContext;
  readonly replicas: ComponentReplicas;
  /** Every job an alert rule reads `up` of. */
  readonly jobs: readonly string[];
  /** Whether an alert of that name is among the cluster's rules. */
  readonly hasAlert: (alert: string) => boolean;
}

/** A configured cluster as the scenarios see it, with its rule groups. */
export function scenarioCluster(config: ClusterConfig): ScenarioCluster & { readonly groups: AlertRuleGroup[] } {
  const { app, ctx } = buildCluster(config);
  const groups = AlertRuleGroup.all(app);
  const alerts = groups.flatMap((g) => g.alerts);
  const jobs = [...new Set(alerts.flatMap((a) => [...a.expr.matchAll(/\bup\{job="([^"]+)"/g)].map((m) => m[1])))].sort();
  const names = new Set(alerts.map((a) => a.alert));
  return { ctx, replicas: componentReplicas(ctx), jobs, hasAlert: (a) => names.has(a), groups };
}

/** A scenario's promtool input on one cluster: every series over `minutes`, one sample a minute. */
export interface ScenarioInput {
  readonly series: InputSeries[];
  /** When the firing alerts are read, in minutes from the start. */
  readonly minutes: number;
}

export interface FailureScenario {
  /** Stable id, e.g. `majority-lost/alertmanager`. */
  readonly id: string;
  /** What happens, as the README states it. */
  readonly title: string;
  /** Who is notified. */
  readonly notified: Notified;
  /** Alerts that must be among those firing: the scenario is what it says. @default [] */
  readonly fires?: readonly string[];
  /** Alerts that must not fire. @default [] */
  readonly quiet?: readonly string[];
  /** Its series on a cluster; undefined where it does not apply (Thanos on a `single` cluster). */
  input(c: ScenarioCluster): ScenarioInput | undefined;
}

/** One scrape target: its labels and its `up` per minute (1 unless a scenario says otherwise). */
interface Target { readonly labels: Record<string, string>; up?: (minute: number) => number }
/** A set of replicas behind a job: every target's pod name starts with `podPrefix`. */
interface ReplicaSet { readonly job: string; readonly name: string; readonly podPrefix: string; readonly replicas: number }

const node = (i: number) => `n${i + 1}`;
const series = (metric: string, labels: Record<string, string>) =>
  `${metric}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
/** Values per minute, 0..minutes, from a function of the minute. */
const perMinute = (minutes: number, f: (m: number) => number) => Array.from({ length: minutes + 1 }, (_, m) => String(f(m))).join(' ');

/** The replicated sets of the cluster: each loses its majority on its own. */
export function replicaSets(c: ScenarioCluster): ReplicaSet[] {
  const r = c.replicas;
  const sets: ReplicaSet[] = [
    { job: 'alertmanager', name: 'Alertmanager', podPrefix: 'alertmanager-alertmanager-', replicas: r.alertmanager },
    { job: 'prometheus', name: 'Prometheus', podPrefix: 'prometheus-prometheus-', replicas: r.prometheus },
    ...(c.ctx.ha ? [{ job: 'thanos-sidecar', name: 'Thanos sidecar', podPrefix: 'prometheus-prometheus-', replicas: r.prometheus }] : []),
    ...(c.ctx.ha
      ? (['read', 'write', 'backend'] as const).map((t) => ({ job: 'loki', name: `Loki ${t}`, podPrefix: `loki-${t}-`, replicas: r.loki }))
      : [{ job: 'loki', name: 'Loki', podPrefix: 'loki-', replicas: r.loki }]),
    { job: 'loki-gateway', name: 'Loki gateway', podPrefix: 'loki-gateway-', replicas: r.lokiGateway },
    ...(c.ctx.ha ? [{ job: 'thanos-query', name: 'Thanos Query', podPrefix: 'thanos-query-', replicas: r.thanosQuery }] : []),
    { job: 'apiserver', name: 'API server', podPrefix: 'kube-apiserver-', replicas: r.apiServers },
    { job: 'coredns', name: 'CoreDNS', podPrefix: 'coredns-', replicas: r.coredns },
  ];
  return sets.filter((s) => c.jobs.includes(s.job));
}

/** Every scrape target of a healthy cluster: per node, per replica, one for the rest. */
function targets(c: ScenarioCluster): Target[] {
  const nodes = c.ctx.config.nodeCount;
  const perNode = new Set(['node-exporter', 'kubelet', 'promtail', 'alloy']);
  const sets = replicaSets(c);
  return c.jobs.flatMap((job, j): Target[] => {
    if (perNode.has(job)) {
      return Array.from({ length: nodes }, (_, i) => ({ labels: { job, instance: job === 'node-exporter' ? node(i) : `10.0.0.${i + 1}:${9000 + j}`, node: node(i) } }));
    }
    const mine = sets.filter((s) => s.job === job);
    if (mine.length === 0) return [{ labels: { job, instance: `10.0.${j}.1:8080` } }];
    return mine.flatMap((s) => Array.from({ length: s.replicas }, (_, i) => ({ labels: { job, instance: `10.0.${j}.${i + 1}:8080`, pod: `${s.podPrefix}${i}` } })));
  });
}

/** The series of the cluster over `minutes`: every target, `changes` applied to some, plus `extra`. */
function cluster(c: ScenarioCluster, minutes: number, changes: (all: Target[]) => void = () => undefined, extra: InputSeries[] = []): ScenarioInput {
  const all = targets(c);
  changes(all);
  const ups = all.map((t) => ({ series: series('up', t.labels), values: t.up ? perMinute(minutes, t.up) : `1x${minutes}` }));
  // The rest of a healthy cluster that an absent() reads.
  const alive = c.hasAlert('AirflowSchedulerNoHeartbeat') ? [{ series: series('airflow_scheduler_heartbeat', { job: 'airflow', namespace: 'data' }), values: `0+1x${minutes}` }] : [];
  return { series: [...ups, ...alive, ...extra], minutes };
}

const ofSet = (all: Target[], s: ReplicaSet) => all.filter((t) => t.labels.job === s.job && t.labels.pod?.startsWith(s.podPrefix));
const ofNode = (all: Target[], n: string) => all.filter((t) => t.labels.node === n);
const downFrom = (minute: number) => (m: number) => (m >= minute ? 0 : 1);

const ksm = { job: 'kube-state-metrics' };
/** A Deployment's pod as kube-state-metrics shows it, Running on n1, with its readiness. */
const pod = (minutes: number, ready: number, extra: InputSeries[] = []): InputSeries[] => {
  const p = { ...ksm, namespace: 'shop', pod: 'api-7d9f-x2x4z' };
  return [
    { series: series('kube_pod_status_phase', { ...p, phase: 'Running' }), values: `1x${minutes}` },
    { series: series('kube_pod_status_ready', { ...p, condition: 'true' }), values: `${ready}x${minutes}` },
    { series: series('kube_pod_owner', { ...p, owner_kind: 'ReplicaSet', owner_name: 'api-7d9f' }), values: `1x${minutes}` },
    { series: series('kube_pod_info', { ...p, node: 'n1' }), values: `1x${minutes}` },
    ...extra,
  ];
};
/** A data filesystem (`/data`) of a node, its free bytes per minute out of 1000. */
const dataDisk = (n: string, minutes: number, avail: (m: number) => number): InputSeries[] => {
  const fs = { job: 'node-exporter', instance: n, node: n, device: '/dev/sdb1', fstype: 'ext4', mountpoint: '/data' };
  return [
    { series: series('node_filesystem_avail_bytes', fs), values: perMinute(minutes, avail) },
    { series: series('node_filesystem_size_bytes', fs), values: `1000x${minutes}` },
    { series: series('node_filesystem_readonly', fs), values: `0x${minutes}` },
  ];
};
/** Node n2 losing its node-exporter, kubelet and log agent and turning NotReady from minute 1, maybe cordoned. */
function nodeDown(c: ScenarioCluster, cordoned: boolean): ScenarioInput {
  const minutes = 20;
  const nodes = Array.from({ length: c.ctx.config.nodeCount }, (_, i) => node(i));
  const down = 'n2';
  return cluster(c, minutes, (all) => ofNode(all, down).forEach((t) => { t.up = downFrom(1); }), [
    ...nodes.map((n) => ({ series: series('kube_node_status_condition', { ...ksm, node: n, condition: 'Ready', status: 'true' }), values: n === down ? `1 0x${minutes - 1}` : `1x${minutes}` })),
    ...nodes.map((n) => ({ series: series('kube_node_spec_unschedulable', { ...ksm, node: n }), values: `${cordoned && n === down ? 1 : 0}x${minutes}` })),
  ]);
}

/** The rows, in the README's order. */
export function failureScenarios(c: ScenarioCluster): FailureScenario[] {
  const sets = replicaSets(c);
  const replicated = sets.filter((s) => s.replicas > 1);
  const majority = (n: number) => Math.floor(n / 2) + 1;
  return [
    { id: 'healthy', title: 'Everything up', notified: 'no one', input: () => cluster(c, 20) },
    {
      id: 'rolling',
      title: 'Every replicated component restarting its replicas one at a time (a rollout)',
      notified: 'no one',
      // Each replica is down two minutes, one after the other.
      input: () => cluster(c, 25, (all) => replicated.forEach((s) => ofSet(all, s).forEach((t, i) => { t.up = (m) => (m >= 10 + 3 * i && m < 12 + 3 * i ? 0 : 1); }))),
    },
    ...replicated.map((s): FailureScenario => ({
      id: `one-lost/${s.name}`,
      title: `One ${s.name} replica lost`,
      notified: 'Slack warning',
      input: () => cluster(c, 8, (all) => { ofSet(all, s)[0].up = downFrom(1); }),
    })),
    ...replicated.map((s): FailureScenario => ({
      id: `majority-lost/${s.name}`,
      title: `The majority of the ${s.name} replicas lost (more than half: all of two, two of three)`,
      notified: 'critical receivers',
      input: () => cluster(c, 8, (all) => ofSet(all, s).slice(0, majority(s.replicas)).forEach((t) => { t.up = downFrom(1); })),
    })),
    {
      id: 'single-lost',
      title: 'A single-replica component lost (kube-state-metrics)',
      notified: 'critical receivers',
      fires: ['KubeStateMetricsTargetDown'],
      input: () => cluster(c, 8, (all) => all.filter((t) => t.labels.job === 'kube-state-metrics').forEach((t) => { t.up = downFrom(1); })),
    },
    { id: 'cordoned-node-down', title: 'A cordoned node powered off for maintenance', notified: 'Slack warning', fires: ['NodeExporterTargetDown'], quiet: ['KubeNodeNotReady'], input: () => nodeDown(c, true) },
    { id: 'dead-node', title: 'A node dead (powered off, not cordoned)', notified: 'critical receivers', fires: ['NodeExporterTargetDown', 'KubeNodeNotReady', 'KubeletTargetDown'], input: () => nodeDown(c, false) },
    {
      id: 'static-full-disk',
      title: 'A data disk 89% full and not growing',
      notified: 'no one',
      input: () => cluster(c, 35, undefined, dataDisk('n1', 35, () => 110)),
    },
    {
      id: 'disk-filling',
      title: 'A data disk predicted to fill within 4 hours',
      notified: 'critical receivers',
      fires: ['NodeFilesystemSpaceFillingUp'],
      quiet: ['NodeFilesystemAlmostOutOfSpace'],
      // 16% free at the start, a tenth of the disk an hour: below 10% after an hour, empty within 4 hours.
      input: () => cluster(c, 125, undefined, dataDisk('n1', 125, (m) => 160 - m)),
    },
    {
      id: 'io-bound-node',
      title: 'An IO-bound node (CPUs waiting on disks, not busy)',
      notified: 'Slack warning',
      fires: ['NodeCpuIowaitHigh'],
      quiet: ['NodeHighCpuUsage'],
      input: () => cluster(c, 35, undefined, Object.entries({ iowait: 54, user: 3, system: 1, idle: 2 }).map(([mode, perMin]) => ({
        series: series('node_cpu_seconds_total', { job: 'node-exporter', instance: 'n1', node: 'n1', cpu: '0', mode }), values: `0+${perMin}x35`,
      }))),
    },
    { id: 'not-ready-pod', title: 'A pod Running but failing its readiness probe', notified: 'Slack warning', fires: ['KubePodNotReady'], input: () => cluster(c, 20, undefined, pod(20, 0)) },
    {
      id: 'crash-loop',
      title: 'A pod crash-looping',
      notified: 'Slack warning',
      fires: ['KubePodCrashLooping'],
      input: () => cluster(c, 20, undefined, pod(20, 0, [{
        series: series('kube_pod_container_status_waiting_reason', { ...ksm, namespace: 'shop', pod: 'api-7d9f-x2x4z', container: 'api', reason: 'CrashLoopBackOff' }), values: '1x20',
      }])),
    },
    {
      id: 'stuck-rollout',
      title: 'A StatefulSet rollout stuck half-way',
      notified: 'Slack warning',
      fires: ['KubeStatefulSetUpdateNotRolledOut'],
      input: () => {
        const sts = { ...ksm, namespace: 'monitoring', statefulset: 'alertmanager-alertmanager' };
        return cluster(c, 20, undefined, [
          { series: series('kube_statefulset_status_current_revision', { ...sts, revision: 'r1' }), values: '1x20' },
          { series: series('kube_statefulset_status_update_revision', { ...sts, revision: 'r2' }), values: '1x20' },
          { series: series('kube_statefulset_replicas', sts), values: '3x20' },
          { series: series('kube_statefulset_status_replicas_updated', sts), values: '1x20' },
        ]);
      },
    },
    {
      id: 'thanos-range-queries-failing',
      title: 'Grafana\'s queries failing through Thanos Query (query_range errors)',
      notified: 'critical receivers',
      fires: ['ThanosQueryHttpRequestQueryRangeErrorRateHigh'],
      input: (cl) => (cl.ctx.ha ? cluster(cl, 12, undefined, ['500', '200'].map((code) => ({
        series: series('http_requests_total', { job: 'thanos-query', instance: '10.0.9.1:10902', handler: 'query_range', code }), values: `0+${code === '500' ? 10 : 1}x12`,
      }))) : undefined),
    },
    {
      id: 'loki-compactor-stalled',
      title: 'Loki\'s compactor not compacting for hours',
      notified: 'Slack warning',
      fires: ['LokiCompactorHasNotSuccessfullyRunCompaction'],
      // No successful compaction since it started, an hour ago.
      input: () => cluster(c, 65, undefined, [{
        series: series('loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds', { job: 'loki', instance: '10.0.1.1:3100' }), values: '0x65',
      }]),
    },
    {
      id: 'no-alertmanager-reachable',
      title: 'Prometheus unable to reach any Alertmanager',
      notified: 'critical receivers',
      fires: ['PrometheusErrorSendingAlertsToAnyAlertmanager'],
      input: () => cluster(c, 20, undefined, Array.from({ length: c.replicas.alertmanager }, (_, i) => `http://10.0.5.${i + 1}:9093/api/v2/alerts`).flatMap((am) => [
        { series: series('prometheus_notifications_errors_total', { job: 'prometheus', instance: '10.0.4.1:9090', alertmanager: am }), values: '0+10x20' },
        { series: series('prometheus_notifications_sent_total', { job: 'prometheus', instance: '10.0.4.1:9090', alertmanager: am }), values: '0+10x20' },
      ])),
    },
    {
      id: 'config-reload-failing',
      title: 'Prometheus failing to reload its configuration',
      notified: 'critical receivers',
      fires: ['PrometheusConfigReloadFailed'],
      input: () => cluster(c, 15, undefined, [{ series: series('prometheus_config_last_reload_successful', { job: 'prometheus', instance: '10.0.4.1:9090' }), values: '0x15' }]),
    },
    {
      id: 'critical-and-warning-on-two-nodes',
      title: 'One node\'s disk critical, another\'s warning: the critical does not mute the other node',
      notified: 'critical receivers and Slack warning',
      fires: ['NodeFilesystemAlmostOutOfSpace'],
      input: () => cluster(c, 35, undefined, [...dataDisk('n1', 35, () => 20), ...dataDisk('n2', 35, () => 40)]),
    },
  ];
}

type Row = { id: string; title: string; notified: Map<string, Notified | undefined> };

/**
 * Every row of any cluster with who it notifies on each: in the order of the cluster with the
 * most rows, another cluster's own rows after the row they follow there.
 */
export function scenarioRows(clusters: readonly ScenarioCluster[]): Row[] {
  const lists = clusters.map((c) => ({ c, scenarios: failureScenarios(c) })).sort((a, b) => b.scenarios.length - a.scenarios.length);
  const rows: Row[] = [];
  for (const { scenarios } of lists) {
    scenarios.forEach((s, k) => {
      if (rows.some((r) => r.id === s.id)) return;
      const after = k === 0 ? -1 : rows.findIndex((r) => r.id === scenarios[k - 1].id);
      rows.splice(after + 1, 0, { id: s.id, title: s.title, notified: new Map() });
    });
  }
  for (const { c, scenarios } of lists) {
    for (const s of scenarios) rows.find((r) => r.id === s.id)!.notified.set(c.ctx.name, s.input(c) ? s.notified : undefined);
  }
  return rows;
}

export const SCENARIOS_START = '<!-- failure-scenarios:start -->';
export const SCENARIOS_END = '<!-- failure-scenarios:end -->';

/** The README's matrix: scenario -> who is notified, per reference cluster. */
export function scenariosMarkdown(clusters: readonly ScenarioCluster[]): string {
  const names = clusters.map((c) => c.ctx.name);
  return [
    SCENARIOS_START,
    '<!-- Generated by `npm run synth` from charts/docs/failure-scenarios.ts; proven by test/failure-scenarios.test.ts. -->',
    '',
    `| scenario | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...scenarioRows(clusters).map((r) => `| ${r.title} | ${names.map((n) => r.notified.get(n) ?? 'n/a').join(' | ')} |`),
    SCENARIOS_END,
  ].join('\n');
}
