import { AlertingRule, InputSeries } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';
import { WITH_NODE } from './kubernetes-rules';

const job = 'kube-state-metrics';
const ksm = `job="${job}"`;
const s = (metric: string, labels: string, values: string): InputSeries => ({ series: `${metric}{${ksm},${labels}}`, values });

/** StatefulSets, DaemonSets, Jobs and containers stuck in a state kube-state-metrics reports. */
export function kubernetesWorkloadAlerts(): AlertingRule[] {
  const sts = 'namespace="data",statefulset="db"';
  const ds = 'namespace="monitoring-agents",daemonset="node-exporter"';
  const daemonset = (available: string, updatedChanges: string) => [
    s('kube_daemonset_status_desired_number_scheduled', ds, '3x40'), s('kube_daemonset_status_current_number_scheduled', ds, '3x40'),
    s('kube_daemonset_status_number_misscheduled', ds, '0x40'), s('kube_daemonset_status_updated_number_scheduled', ds, updatedChanges),
    s('kube_daemonset_status_number_available', ds, available),
  ];
  const podOn = (node: string) => s('kube_pod_info', `namespace="shop",pod="api-1",node="${node}"`, '1x90');
  const jobSeries = (active: string) => [s('kube_job_status_start_time', 'namespace="shop",job_name="backup"', '0x60'), s('kube_job_status_active', 'namespace="shop",job_name="backup"', active)];
  return [
    {
      alert: 'KubeStatefulSetReplicasMismatch',
      expr: `kube_statefulset_status_replicas_ready{${ksm}} != kube_statefulset_replicas{${ksm}} and changes(kube_statefulset_status_replicas_updated{${ksm}}[10m]) == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} lacks ready replicas',
      description: '{{ $labels.namespace }}/{{ $labels.statefulset }} has had fewer ready replicas than desired for 15 minutes, with no rollout in progress. Check its pods and volumes.',
      runbookUrl: runbook('kubernetes', 'KubeStatefulSetReplicasMismatch'),
      tests: [
        {
          inputSeries: [s('kube_statefulset_status_replicas_ready', sts, '1x40'), s('kube_statefulset_replicas', sts, '3x40'), s('kube_statefulset_status_replicas_updated', sts, '3x40')],
          evalTime: '30m', expectAlerts: [{ labels: { job, namespace: 'data', statefulset: 'db' } }],
        },
        {
          inputSeries: [s('kube_statefulset_status_replicas_ready', sts, '3x40'), s('kube_statefulset_replicas', sts, '3x40'), s('kube_statefulset_status_replicas_updated', sts, '3x40')],
          evalTime: '30m', expectAlerts: [],
        },
      ],
    },
    {
      alert: 'KubeDaemonSetRolloutStuck',
      expr: `(kube_daemonset_status_current_number_scheduled{${ksm}} != kube_daemonset_status_desired_number_scheduled{${ksm}}`
        + ` or kube_daemonset_status_number_misscheduled{${ksm}} != 0`
        + ` or kube_daemonset_status_updated_number_scheduled{${ksm}} != kube_daemonset_status_desired_number_scheduled{${ksm}}`
        + ` or kube_daemonset_status_number_available{${ksm}} != kube_daemonset_status_desired_number_scheduled{${ksm}})`
        + ` and changes(kube_daemonset_status_updated_number_scheduled{${ksm}}[5m]) == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Rollout of DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} is stuck',
      description: 'Some pods of {{ $labels.namespace }}/{{ $labels.daemonset }} have been unavailable, outdated or misplaced for 15 minutes with no progress. Check the pods that are not ready.',
      runbookUrl: runbook('kubernetes', 'KubeDaemonSetRolloutStuck'),
      tests: [
        { inputSeries: daemonset('2x40', '3x40'), evalTime: '30m', expectAlerts: [{ labels: { job, namespace: 'monitoring-agents', daemonset: 'node-exporter' } }] },
        { inputSeries: daemonset('3x40', '3x40'), evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeContainerWaiting',
      // CrashLoopBackOff has its own alert. The node label lets a down or NotReady node inhibit it.
      expr: `(sum by (namespace, pod, container, reason) (kube_pod_container_status_waiting_reason{${ksm},reason!="CrashLoopBackOff"}) > 0) ${WITH_NODE}`,
      for: '1h',
      severity: 'warning',
      summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been waiting for an hour ({{ $labels.reason }})',
      description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been waiting to start for an hour, reason {{ $labels.reason }} (image pull, config or volume). Check the pod events.',
      runbookUrl: runbook('kubernetes', 'KubeContainerWaiting'),
      tests: [
        { inputSeries: [s('kube_pod_container_status_waiting_reason', 'namespace="shop",pod="api-1",container="api",reason="ImagePullBackOff"', '1x90'), podOn('n1')], evalTime: '80m', expectAlerts: [{ labels: { namespace: 'shop', pod: 'api-1', container: 'api', reason: 'ImagePullBackOff', node: 'n1' } }] },
        { inputSeries: [s('kube_pod_container_status_waiting_reason', 'namespace="shop",pod="api-1",container="api",reason="CrashLoopBackOff"', '1x90'), podOn('n1')], evalTime: '80m', expectAlerts: [] },
      ],
    },
    ...rolloutAlerts(),
    {
      alert: 'KubeJobNotCompleted',
      expr: `time() - max by (namespace, job_name) (kube_job_status_start_time{${ksm}} and kube_job_status_active{${ksm}} > 0) > 43200`,
      severity: 'warning',
      summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} has run for more than 12 hours',
      description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} started more than 12 hours ago and is still active. Check whether its pods hang.',
      runbookUrl: runbook('kubernetes', 'KubeJobCompletion'),
      tests: [
        { interval: '15m', inputSeries: jobSeries('1x60'), evalTime: '13h', expectAlerts: [{ labels: { namespace: 'shop', job_name: 'backup' } }] },
        { interval: '15m', inputSeries: jobSeries('1x40 0x20'), evalTime: '13h', expectAlerts: [] },
      ],
    },
  ];
}

/**
 * Rollouts that do not finish, as the mixin reads them: the stack's Prometheus, Alertmanager,
 * Loki and Thanos run as StatefulSets, so a stuck update leaves them on two versions.
 */
function rolloutAlerts(): AlertingRule[] {
  const sts = 'namespace="monitoring",statefulset="alertmanager"';
  const stsLabels = { job, namespace: 'monitoring', statefulset: 'alertmanager' };
  const dep = 'namespace="shop",deployment="api"';
  const pdb = 'namespace="monitoring",poddisruptionbudget="alertmanager"';
  const revisions = (current: string, update: string, updated: string) => [
    s('kube_statefulset_status_current_revision', `${sts},revision="${current}"`, '1x40'),
    s('kube_statefulset_status_update_revision', `${sts},revision="${update}"`, '1x40'),
    s('kube_statefulset_replicas', sts, '3x40'),
    s('kube_statefulset_status_replicas_updated', sts, updated),
  ];
  const generations = (kind: 'statefulset' | 'deployment', selector: string, observed: string) => [
    s(`kube_${kind}_status_observed_generation`, selector, observed), s(`kube_${kind}_metadata_generation`, selector, '2x40'),
  ];
  return [
    {
      alert: 'KubeStatefulSetUpdateNotRolledOut',
      expr: `(max by (namespace, statefulset, job) (kube_statefulset_status_current_revision{${ksm}} unless kube_statefulset_status_update_revision{${ksm}})`
        + ` * on (namespace, statefulset, job) (kube_statefulset_replicas{${ksm}} != kube_statefulset_status_replicas_updated{${ksm}}))`
        + ` and on (namespace, statefulset, job) (changes(kube_statefulset_status_replicas_updated{${ksm}}[5m]) == 0)`,
      for: '15m',
      severity: 'warning',
      summary: 'Update of StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has not rolled out',
      description: 'The update of {{ $labels.namespace }}/{{ $labels.statefulset }} has made no progress for 15 minutes: its pods run two revisions. Look at the newest pod (it is usually not ready: probe, image, volume) and the StatefulSet events.',
      runbookUrl: runbook('kubernetes', 'KubeStatefulSetUpdateNotRolledOut'),
      tests: [
        { inputSeries: revisions('r1', 'r2', '1x40'), evalTime: '30m', expectAlerts: [{ labels: stsLabels }] },
        // Rolled out: one revision, every replica updated.
        { inputSeries: revisions('r2', 'r2', '3x40'), evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeStatefulSetGenerationMismatch',
      expr: `kube_statefulset_status_observed_generation{${ksm}} != kube_statefulset_metadata_generation{${ksm}}`,
      for: '15m',
      severity: 'warning',
      summary: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has not seen its latest spec',
      description: 'The StatefulSet controller has not observed the latest generation of {{ $labels.namespace }}/{{ $labels.statefulset }} for 15 minutes: the change is not being applied (a rollback, or the controller manager is unhealthy).',
      runbookUrl: runbook('kubernetes', 'KubeStatefulSetGenerationMismatch'),
      tests: [
        { inputSeries: generations('statefulset', sts, '1x40'), evalTime: '30m', expectAlerts: [{ labels: stsLabels }] },
        { inputSeries: generations('statefulset', sts, '2x40'), evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeDeploymentGenerationMismatch',
      expr: `kube_deployment_status_observed_generation{${ksm}} != kube_deployment_metadata_generation{${ksm}}`,
      for: '15m',
      severity: 'warning',
      summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has not seen its latest spec',
      description: 'The Deployment controller has not observed the latest generation of {{ $labels.namespace }}/{{ $labels.deployment }} for 15 minutes: the change is not being applied (a rollback, or the controller manager is unhealthy).',
      runbookUrl: runbook('kubernetes', 'KubeDeploymentGenerationMismatch'),
      tests: [
        { inputSeries: generations('deployment', dep, '1x40'), evalTime: '30m', expectAlerts: [{ labels: { job, namespace: 'shop', deployment: 'api' } }] },
        { inputSeries: generations('deployment', dep, '2x40'), evalTime: '30m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubePdbNotEnoughHealthyPods',
      expr: `kube_poddisruptionbudget_status_desired_healthy{${ksm}} - kube_poddisruptionbudget_status_current_healthy{${ksm}} > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Disruption budget {{ $labels.namespace }}/{{ $labels.poddisruptionbudget }} is short of healthy members',
      description: '{{ $labels.namespace }}/{{ $labels.poddisruptionbudget }} has had fewer healthy pods than it requires for 15 minutes: a drain will block, and one more lost pod takes the workload below its minimum. Find its pods that are not ready.',
      tests: [
        { inputSeries: [s('kube_poddisruptionbudget_status_desired_healthy', pdb, '2x40'), s('kube_poddisruptionbudget_status_current_healthy', pdb, '1x40')], evalTime: '30m', expectAlerts: [{ labels: { job, namespace: 'monitoring', poddisruptionbudget: 'alertmanager' } }] },
        { inputSeries: [s('kube_poddisruptionbudget_status_desired_healthy', pdb, '2x40'), s('kube_poddisruptionbudget_status_current_healthy', pdb, '3x40')], evalTime: '30m', expectAlerts: [] },
      ],
    },
  ];
}

/** Requests the cluster cannot honour if a node fails, and volumes that failed to bind. */
export function kubernetesCapacityAlerts(): AlertingRule[] {
  // Requests of pods that hold them: finished pods linger in kube-state-metrics until deleted.
  const requested = (resource: string) => `sum(kube_pod_container_resource_requests{${ksm},resource="${resource}"} * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{${ksm},phase=~"Pending|Running"} == 1))`;
  const spare = (resource: string) => `(sum(kube_node_status_allocatable{${ksm},resource="${resource}"}) - max(kube_node_status_allocatable{${ksm},resource="${resource}"}))`;
  const overcommit = (alert: string, resource: string, unit: string, perNode: number, request: number): AlertingRule => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => s('kube_node_status_allocatable', `node="${n}",resource="${resource}",unit="${unit}"`, `${perNode}x20`));
    const pod = (value: number) => [
      s('kube_pod_container_resource_requests', `namespace="shop",pod="api-1",container="api",node="n1",resource="${resource}",unit="${unit}"`, `${value}x20`),
      s('kube_pod_status_phase', 'namespace="shop",pod="api-1",phase="Running"', '1x20'),
    ];
    return {
      alert,
      expr: `${requested(resource)} - ${spare(resource)} > 0 and ${spare(resource)} > 0`,
      for: '10m',
      severity: 'warning',
      summary: `The cluster has overcommitted ${resource} requests`,
      description: `The pods request more ${resource} than the cluster has without its largest node: a node failure leaves pods unscheduled. Add capacity or lower requests.`,
      runbookUrl: runbook('kubernetes', alert),
      tests: [
        { inputSeries: [...nodes, ...pod(request * 3)], evalTime: '15m', expectAlerts: [{}] },
        { inputSeries: [...nodes, ...pod(request)], evalTime: '15m', expectAlerts: [] },
      ],
    };
  };
  return [
    overcommit('KubeCPUOvercommit', 'cpu', 'core', 4, 3),
    overcommit('KubeMemoryOvercommit', 'memory', 'byte', 8e9, 6e9),
    {
      alert: 'KubePersistentVolumeErrors',
      expr: `kube_persistentvolume_status_phase{${ksm},phase=~"Failed|Pending"} > 0`,
      for: '5m',
      severity: 'critical',
      summary: 'Persistent volume {{ $labels.persistentvolume }} is {{ $labels.phase }}',
      description: 'Persistent volume {{ $labels.persistentvolume }} has been {{ $labels.phase }} for 5 minutes; the pods that claim it cannot start. Check the storage provisioner.',
      runbookUrl: runbook('kubernetes', 'KubePersistentVolumeErrors'),
      tests: [
        { inputSeries: [s('kube_persistentvolume_status_phase', 'persistentvolume="pv-1",phase="Failed"', '1x20')], evalTime: '10m', expectAlerts: [{ labels: { job, persistentvolume: 'pv-1', phase: 'Failed' } }] },
        { inputSeries: [s('kube_persistentvolume_status_phase', 'persistentvolume="pv-1",phase="Failed"', '0x20')], evalTime: '10m', expectAlerts: [] },
      ],
    },
  ];
}

/** kube-state-metrics' own list and watch errors, from its telemetry port. */
export function kubeStateMetricsAlerts(telemetryJob: string): AlertingRule[] {
  return (['list', 'watch'] as const).map((op): AlertingRule => {
    const metric = `kube_state_metrics_${op}_total`;
    const series = (result: string, values: string) => ({ series: `${metric}{job="${telemetryJob}",resource="*v1.Pod",result="${result}"}`, values });
    const alert = op === 'list' ? 'KubeStateMetricsListErrors' : 'KubeStateMetricsWatchErrors';
    return {
      alert,
      expr: `sum(rate(${metric}{job="${telemetryJob}",result="error"}[5m])) / sum(rate(${metric}{job="${telemetryJob}"}[5m])) > 0.01`,
      for: '15m',
      severity: 'critical',
      summary: `kube-state-metrics fails to ${op} objects`,
      description: `More than 1% of the ${op} requests of kube-state-metrics to the API server fail, so its metrics are incomplete. Check its RBAC and log.`,
      runbookUrl: runbook('kube-state-metrics', alert),
      tests: [
        { inputSeries: [series('error', '0+5x40'), series('success', '0+10x40')], evalTime: '30m', expectAlerts: [{}] },
        { inputSeries: [series('error', '0x40'), series('success', '0+10x40')], evalTime: '30m', expectAlerts: [] },
      ],
    };
  });
}
