import { AlertingRule } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const job = 'kube-state-metrics';
const s = (metric: string, labels: string) => `${metric}{job="${job}",${labels}}`;
const POD = 'namespace="shop",pod="api-1"';
/** Joins the node a pod runs on, so "node down" can inhibit the alerts of its pods. */
export const WITH_NODE = `* on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info{job="${job}"})`;
const running = { series: s('kube_pod_status_phase', `${POD},phase="Running"`), values: '1x60' };
const podInfo = { series: s('kube_pod_info', `${POD},node="n1"`), values: '1x60' };
const ownedBy = (kind: string) => ({ series: s('kube_pod_owner', `${POD},owner_kind="${kind}",owner_name="api"`), values: '1x60' });

/**
 * Kubernetes workload health from kube-state-metrics; `nodeCount` is how many nodes the cluster
 * should have, so a node that left it (not merely NotReady) is noticed.
 */
export function kubernetesAlerts(nodeCount: number): AlertingRule[] {
  const node = (name: string) => ({ series: s('kube_node_info', `node="${name}"`), values: '1x60' });
  const nodes = (n: number) => Array.from({ length: n }, (_x, i) => node(`n${i + 1}`));
  return [
    {
      alert: 'KubePodCrashLooping',
      expr: `(max_over_time(kube_pod_container_status_waiting_reason{job="${job}",reason="CrashLoopBackOff"}[5m]) >= 1) ${WITH_NODE}`,
      for: '15m',
      severity: 'warning',
      summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is crash looping',
      description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.node }} keeps restarting. Check its logs and events.',
      runbookUrl: runbook('kubernetes', 'KubePodCrashLooping'),
      tests: [
        {
          inputSeries: [{ series: s('kube_pod_container_status_waiting_reason', `${POD},container="api",reason="CrashLoopBackOff"`), values: '1x60' }, podInfo],
          evalTime: '30m',
          expectAlerts: [{ labels: { job, namespace: 'shop', pod: 'api-1', container: 'api', reason: 'CrashLoopBackOff', node: 'n1' } }],
        },
        {
          inputSeries: [{ series: s('kube_pod_container_status_waiting_reason', `${POD},container="api",reason="CrashLoopBackOff"`), values: '0x60' }, podInfo],
          evalTime: '30m', expectAlerts: [],
        },
      ],
    },
    {
      alert: 'KubePodNotReady',
      // A Job's pods stay Failed until deleted; KubeJobFailed speaks for them. As the mixin: a
      // Running pod failing its readiness probe is not ready either; a pod held by a scheduling
      // gate waits on purpose.
      expr: `(sum by (namespace, pod) (max by (namespace, pod) (kube_pod_status_phase{job="${job}",phase=~"Pending|Unknown|Failed"}`
        + ` or (kube_pod_status_phase{job="${job}",phase="Running"} == 1 and on (namespace, pod) kube_pod_status_ready{job="${job}",condition="true"} == 0))`
        + ` * on (namespace, pod) group_left () topk by (namespace, pod) (1, max by (namespace, pod, owner_kind) (kube_pod_owner{job="${job}",owner_kind!="Job"}))) > 0`
        + ` unless on (namespace, pod) kube_pod_status_reason{job="${job}",reason="SchedulingGated"} == 1) ${WITH_NODE}`,
      for: '15m',
      severity: 'warning',
      summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 15 minutes',
      description: '{{ $labels.namespace }}/{{ $labels.pod }} has been Pending, Unknown, Failed or Running but failing its readiness probe for 15 minutes: it receives no traffic. Check its events (scheduling, image, probe failures) and its log.',
      runbookUrl: runbook('kubernetes', 'KubePodNotReady'),
      tests: [
        {
          inputSeries: [{ series: s('kube_pod_status_phase', `${POD},phase="Pending"`), values: '1x60' }, ownedBy('ReplicaSet'), podInfo],
          evalTime: '30m', expectAlerts: [{ labels: { namespace: 'shop', pod: 'api-1', node: 'n1' } }],
        },
        {
          inputSeries: [{ series: s('kube_pod_status_phase', `${POD},phase="Pending"`), values: '0x60' }, { series: s('kube_pod_status_phase', `${POD},phase="Running"`), values: '1x60' }, ownedBy('ReplicaSet'), podInfo],
          evalTime: '30m', expectAlerts: [],
        },
        {
          inputSeries: [{ series: s('kube_pod_status_phase', `${POD},phase="Failed"`), values: '1x60' }, ownedBy('Job'), podInfo],
          evalTime: '30m', expectAlerts: [],
        },
        {
          // Running, but its readiness probe fails.
          inputSeries: [running, { series: s('kube_pod_status_ready', `${POD},condition="true"`), values: '0x60' }, ownedBy('ReplicaSet'), podInfo],
          evalTime: '30m', expectAlerts: [{ labels: { namespace: 'shop', pod: 'api-1', node: 'n1' } }],
        },
        {
          inputSeries: [running, { series: s('kube_pod_status_ready', `${POD},condition="true"`), values: '1x60' }, ownedBy('ReplicaSet'), podInfo],
          evalTime: '30m', expectAlerts: [],
        },
        {
          // Held by a scheduling gate on purpose.
          inputSeries: [{ series: s('kube_pod_status_phase', `${POD},phase="Pending"`), values: '1x60' }, { series: s('kube_pod_status_reason', `${POD},reason="SchedulingGated"`), values: '1x60' }, ownedBy('ReplicaSet'), podInfo],
          evalTime: '30m', expectAlerts: [],
        },
      ],
    },
    {
      alert: 'KubeJobFailed',
      expr: `kube_job_failed{job="${job}",condition="true"} > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed',
      description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed to complete. Check the logs of its pods, then delete the Job to clear the alert.',
      runbookUrl: runbook('kubernetes', 'KubeJobFailed'),
      tests: [
        { inputSeries: [{ series: s('kube_job_failed', 'namespace="shop",job_name="backup",condition="true"'), values: '1x30' }], evalTime: '20m', expectAlerts: [{ labels: { job, namespace: 'shop', job_name: 'backup', condition: 'true' } }] },
        { inputSeries: [{ series: s('kube_job_failed', 'namespace="shop",job_name="backup",condition="true"'), values: '0x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeDeploymentReplicasMismatch',
      expr: `kube_deployment_spec_replicas{job="${job}"} > kube_deployment_status_replicas_available{job="${job}"} and changes(kube_deployment_status_replicas_updated{job="${job}"}[10m]) == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} lacks replicas',
      description: '{{ $labels.namespace }}/{{ $labels.deployment }} has had fewer available replicas than desired for 15 minutes, with no rollout in progress.',
      runbookUrl: runbook('kubernetes', 'KubeDeploymentReplicasMismatch'),
      tests: [
        {
          inputSeries: [
            { series: s('kube_deployment_spec_replicas', 'namespace="shop",deployment="api"'), values: '3x40' },
            { series: s('kube_deployment_status_replicas_available', 'namespace="shop",deployment="api"'), values: '1x40' },
            { series: s('kube_deployment_status_replicas_updated', 'namespace="shop",deployment="api"'), values: '3x40' },
          ],
          evalTime: '30m', expectAlerts: [{ labels: { job, namespace: 'shop', deployment: 'api' } }],
        },
        {
          inputSeries: [
            { series: s('kube_deployment_spec_replicas', 'namespace="shop",deployment="api"'), values: '3x40' },
            { series: s('kube_deployment_status_replicas_available', 'namespace="shop",deployment="api"'), values: '3x40' },
            { series: s('kube_deployment_status_replicas_updated', 'namespace="shop",deployment="api"'), values: '3x40' },
          ],
          evalTime: '30m', expectAlerts: [],
        },
      ],
    },
    {
      alert: 'KubeDeploymentRolloutStuck',
      expr: `kube_deployment_status_condition{job="${job}",condition="Progressing",status="false"} != 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Rollout of {{ $labels.namespace }}/{{ $labels.deployment }} is not progressing',
      description: 'The rollout of {{ $labels.namespace }}/{{ $labels.deployment }} exceeded its progress deadline. Check the new ReplicaSet\'s pods.',
      tests: [
        { inputSeries: [{ series: s('kube_deployment_status_condition', 'namespace="shop",deployment="api",condition="Progressing",status="false"'), values: '1x30' }], evalTime: '20m', expectAlerts: [{ labels: { job, namespace: 'shop', deployment: 'api', condition: 'Progressing', status: 'false' } }] },
        { inputSeries: [{ series: s('kube_deployment_status_condition', 'namespace="shop",deployment="api",condition="Progressing",status="false"'), values: '0x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeDaemonSetNotScheduled',
      expr: `kube_daemonset_status_desired_number_scheduled{job="${job}"} - kube_daemonset_status_current_number_scheduled{job="${job}"} > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} is missing from some nodes',
      description: '{{ $value }} pods of {{ $labels.namespace }}/{{ $labels.daemonset }} are not scheduled. Check taints, tolerations and node resources.',
      runbookUrl: runbook('kubernetes', 'KubeDaemonSetNotScheduled'),
      tests: [
        {
          inputSeries: [
            { series: s('kube_daemonset_status_desired_number_scheduled', 'namespace="monitoring-agents",daemonset="node-exporter"'), values: '7x30' },
            { series: s('kube_daemonset_status_current_number_scheduled', 'namespace="monitoring-agents",daemonset="node-exporter"'), values: '6x30' },
          ],
          evalTime: '20m',
          expectAlerts: [{
            labels: { job, namespace: 'monitoring-agents', daemonset: 'node-exporter' },
            annotations: {
              summary: 'DaemonSet monitoring-agents/node-exporter is missing from some nodes',
              description: '1 pods of monitoring-agents/node-exporter are not scheduled. Check taints, tolerations and node resources.',
              runbook_url: runbook('kubernetes', 'KubeDaemonSetNotScheduled'),
            },
          }],
        },
        {
          inputSeries: [
            { series: s('kube_daemonset_status_desired_number_scheduled', 'namespace="monitoring-agents",daemonset="node-exporter"'), values: '7x30' },
            { series: s('kube_daemonset_status_current_number_scheduled', 'namespace="monitoring-agents",daemonset="node-exporter"'), values: '7x30' },
          ],
          evalTime: '20m', expectAlerts: [],
        },
      ],
    },
    // A cordoned node is being worked on: its readiness is expected to come and go.
    ...([['warning', '15m'], ['critical', '1h']] as const).map(([severity, forDuration]): AlertingRule => ({
      alert: 'KubeNodeNotReady',
      expr: `kube_node_status_condition{job="${job}",condition="Ready",status="true"} == 0 unless on (node) kube_node_spec_unschedulable{job="${job}"} == 1`,
      for: forDuration,
      severity,
      summary: 'Node {{ $labels.node }} is not ready',
      description: `Node {{ $labels.node }} has not been Ready for ${forDuration === '1h' ? 'an hour' : '15 minutes'}; its pods are being evicted. Check the kubelet and the host.`,
      runbookUrl: runbook('kubernetes', 'KubeNodeNotReady'),
      tests: [
        {
          inputSeries: [{ series: s('kube_node_status_condition', 'node="n1",condition="Ready",status="true"'), values: '0x90' }, { series: s('kube_node_spec_unschedulable', 'node="n1"'), values: '0x90' }],
          evalTime: '80m',
          expectAlerts: [{ labels: { job, node: 'n1', condition: 'Ready', status: 'true' } },
            { labels: { job, node: 'n1', condition: 'Ready', status: 'true' }, severity: severity === 'warning' ? 'critical' : 'warning' }],
        },
        { inputSeries: [{ series: s('kube_node_status_condition', 'node="n1",condition="Ready",status="true"'), values: '1x90' }, { series: s('kube_node_spec_unschedulable', 'node="n1"'), values: '0x90' }], evalTime: '80m', expectAlerts: [] },
        { inputSeries: [{ series: s('kube_node_status_condition', 'node="n1",condition="Ready",status="true"'), values: '0x90' }, { series: s('kube_node_spec_unschedulable', 'node="n1"'), values: '1x90' }], evalTime: '80m', expectAlerts: [] },
      ],
    })),
    // With one node, nothing would be left to notice that it is gone.
    ...(nodeCount < 2 ? [] : [{
      alert: 'KubeNodesMissing',
      expr: `count(kube_node_info{job="${job}"}) < ${nodeCount}`,
      for: '30m',
      severity: 'warning',
      summary: `The cluster has fewer than its ${nodeCount} nodes`,
      description: `Only {{ $value }} of the ${nodeCount} nodes the cluster is configured with (nodeCount) are registered: one was removed or never joined. Rejoin it, or lower nodeCount.`,
      tests: [
        { inputSeries: nodes(nodeCount - 1), evalTime: '40m',
          expectAlerts: [{ annotations: {
            summary: `The cluster has fewer than its ${nodeCount} nodes`,
            description: `Only ${nodeCount - 1} of the ${nodeCount} nodes the cluster is configured with (nodeCount) are registered: one was removed or never joined. Rejoin it, or lower nodeCount.`,
          } }] },
        { inputSeries: nodes(nodeCount), evalTime: '40m', expectAlerts: [] },
      ],
    } satisfies AlertingRule]),
  ];
}

/**
 * Claims no volume alert is about: read-only ones cannot fill, and a claim labelled
 * `excluded_from_alerts=true` is opted out (kube-state-metrics exports that label).
 */
const NOT_EXCLUDED = ' unless on (namespace, persistentvolumeclaim) kube_persistentvolumeclaim_access_mode{job="kube-state-metrics",access_mode="ReadOnlyMany"} == 1'
  + ' unless on (namespace, persistentvolumeclaim) kube_persistentvolumeclaim_labels{job="kube-state-metrics",label_excluded_from_alerts="true"} == 1';

/** Persistent volumes, from the kubelet's volume stats. */
export function volumeAlerts(): AlertingRule[] {
  const v = 'job="kubelet",namespace="shop",persistentvolumeclaim="data-db-0"';
  const labels = { job: 'kubelet', namespace: 'shop', persistentvolumeclaim: 'data-db-0' };
  const excluded = { series: 'kube_persistentvolumeclaim_labels{job="kube-state-metrics",namespace="shop",persistentvolumeclaim="data-db-0",label_excluded_from_alerts="true"}', values: '1x300' };
  const readOnly = { series: 'kube_persistentvolumeclaim_access_mode{job="kube-state-metrics",namespace="shop",persistentvolumeclaim="data-db-0",access_mode="ReadOnlyMany"}', values: '1x300' };
  return [
    {
      alert: 'KubePersistentVolumeFillingUp',
      expr: `kubelet_volume_stats_available_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} < 0.1 and kubelet_volume_stats_used_bytes{job="kubelet"} > 0${NOT_EXCLUDED}`,
      for: '5m',
      severity: 'critical',
      summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is more than 90% full',
      description: 'Less than 10% of {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is free. Grow the PVC or clean up its data.',
      runbookUrl: runbook('kubernetes', 'KubePersistentVolumeFillingUp'),
      tests: [
        { inputSeries: [{ series: `kubelet_volume_stats_available_bytes{${v}}`, values: '5x20' }, { series: `kubelet_volume_stats_capacity_bytes{${v}}`, values: '100x20' }, { series: `kubelet_volume_stats_used_bytes{${v}}`, values: '95x20' }], evalTime: '10m', expectAlerts: [{ labels }] },
        { inputSeries: [{ series: `kubelet_volume_stats_available_bytes{${v}}`, values: '50x20' }, { series: `kubelet_volume_stats_capacity_bytes{${v}}`, values: '100x20' }, { series: `kubelet_volume_stats_used_bytes{${v}}`, values: '50x20' }], evalTime: '10m', expectAlerts: [] },
        { inputSeries: [{ series: `kubelet_volume_stats_available_bytes{${v}}`, values: '5x20' }, { series: `kubelet_volume_stats_capacity_bytes{${v}}`, values: '100x20' }, { series: `kubelet_volume_stats_used_bytes{${v}}`, values: '95x20' }, excluded], evalTime: '10m', expectAlerts: [] },
        { inputSeries: [{ series: `kubelet_volume_stats_available_bytes{${v}}`, values: '5x20' }, { series: `kubelet_volume_stats_capacity_bytes{${v}}`, values: '100x20' }, { series: `kubelet_volume_stats_used_bytes{${v}}`, values: '95x20' }, readOnly], evalTime: '10m', expectAlerts: [] },
      ],
    },
    {
      // The peers' warning tier: filling up, predicted full within days.
      alert: 'KubePersistentVolumeFillingUp',
      expr: 'predict_linear(kubelet_volume_stats_available_bytes{job="kubelet"}[6h], 4 * 24 * 3600) < 0'
        + ` and kubelet_volume_stats_available_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} < 0.15${NOT_EXCLUDED}`,
      for: '1h',
      severity: 'warning',
      summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will be full within 4 days',
      description: 'At the rate of the last 6 hours, {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} fills up within four days.',
      runbookUrl: runbook('kubernetes', 'KubePersistentVolumeFillingUp'),
      tests: [
        { interval: '4m', inputSeries: [{ series: `kubelet_volume_stats_available_bytes{${v}}`, values: '200-0.4x300' }, { series: `kubelet_volume_stats_capacity_bytes{${v}}`, values: '1000x300' }], evalTime: '15h', expectAlerts: [{ labels }] },
        { interval: '4m', inputSeries: [{ series: `kubelet_volume_stats_available_bytes{${v}}`, values: '100x300' }, { series: `kubelet_volume_stats_capacity_bytes{${v}}`, values: '1000x300' }], evalTime: '15h', expectAlerts: [] },
        { interval: '4m', inputSeries: [{ series: `kubelet_volume_stats_available_bytes{${v}}`, values: '200-0.4x300' }, { series: `kubelet_volume_stats_capacity_bytes{${v}}`, values: '1000x300' }, excluded], evalTime: '15h', expectAlerts: [] },
      ],
    },
  ];
}
