import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { ServiceMonitor, ServiceMonitorSpecEndpoints } from '../../imports/servicemonitor-monitoring.coreos.com';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { Component } from '../../lib/core/component';
import { PART_OF } from '../../lib/core/labels';
import { checkPositiveInt } from '../../lib/core/validate';
import { replicatedTargetDownAlerts, targetAbsentAlert, targetDownAlert } from '../../lib/monitoring/standard-alerts';
import { volumeAlerts } from './rules/kubernetes-rules';
import { apiserverAlerts, kubeletAlerts } from './rules/kubernetes-node-rules';
import { apiserverSlos } from '../slo/stack-slos';
import { containerRecordingRules, controlPlaneRecordingRules, workloadRecordingRules } from './rules/kubernetes-recording-rules';
import { componentReplicas } from '../replicas';

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Scraping the kubelet and API server as Prometheus' own ServiceAccount (RBAC in the prometheus component). */
const IN_CLUSTER_AUTH = { scheme: 'https', bearerTokenFile: `${SA_DIR}/token`, tlsConfig: { caFile: `${SA_DIR}/ca.crt` } };

/**
 * High-cardinality histograms (tens of thousands of series on a small cluster) that no alert,
 * recording rule or dashboard of the stack reads, dropped at scrape as kube-prometheus does. The
 * API server view reads apiserver_request_duration_seconds (kept), the API server latency SLO
 * the SLI histogram (see APISERVER_SLI_KEEP), and the kubelet view the PLEG and pod-start
 * histograms (kept), so these stay dropped; a test fails if anything the stack reads is dropped here.
 */
const APISERVER_UNUSED_HISTOGRAMS = [
  'apiserver_request_slo_duration_seconds', 'apiserver_request_body_size_bytes',
  'apiserver_response_sizes', 'apiserver_watch_events_sizes', 'apiserver_watch_list_duration_seconds',
  'apiserver_admission_(controller|step|webhook)_admission_duration_seconds', 'apiserver_flowcontrol_[a-z_]+',
  'etcd_request_duration_seconds', 'workqueue_(queue|work)_duration_seconds',
];
const KUBELET_UNUSED_HISTOGRAMS = [
  'csi_operations_seconds', 'storage_operation_duration_seconds', 'rest_client_request_duration_seconds',
  'rest_client_rate_limiter_duration_seconds', 'kubelet_runtime_operations_duration_seconds',
  'kubelet_pod_worker_duration_seconds', 'kubelet_pod_start_sli_duration_seconds', 'kubelet_http_requests_duration_seconds',
];
const dropHistograms = (names: readonly string[]) => ({ sourceLabels: ['__name__'], regex: `(${names.join('|')})_bucket`, action: 'drop' });

/**
 * The API server latency SLO reads apiserver_request_sli_duration_seconds' count and its 1s
 * bucket (charts/slo/stack-slos.ts): its other 21 buckets (+Inf included) and its sum are
 * dropped, which keeps 2 of its 24 series per verb and resource (charts/sizing.ts counts them).
 * Bounds as kube-apiserver defines them (k8s.io/apiserver endpoints metrics), written as
 * Prometheus 2 (`5`) or 3 (`5.0`) does.
 */
export const APISERVER_SLI_KEEP = { histogram: 'apiserver_request_sli_duration_seconds', le: 1 };
const APISERVER_SLI_DROPPED_BOUNDS = ['0\\.05', '0\\.1', '0\\.2', '0\\.4', '0\\.6', '0\\.8', '1\\.25', '1\\.5', '2', '3', '4', '5', '6', '8', '10', '15', '20', '30', '45', '60', '\\+Inf'];
const dropSliBuckets = [
  { sourceLabels: ['__name__', 'le'], regex: `${APISERVER_SLI_KEEP.histogram}_bucket;(${APISERVER_SLI_DROPPED_BOUNDS.join('|')})(\\.0)?`, action: 'drop' },
  { sourceLabels: ['__name__'], regex: `${APISERVER_SLI_KEEP.histogram}_sum`, action: 'drop' },
];

/**
 * Monitors for the cluster's own components, as found on kubeadm and k3s clusters alike: the
 * kubelet and cAdvisor (through the `kube-system/kubelet` Service the operator maintains), the
 * API server (`default/kubernetes`) and CoreDNS (`kube-dns`, port `metrics`).
 */
export class KubernetesMonitorsChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    const { apiServers, coredns: corednsReplicas } = componentReplicas(ctx);
    checkPositiveInt(`config/${ctx.name}`, 'controlPlane.apiServers', apiServers);
    checkPositiveInt(`config/${ctx.name}`, 'controlPlane.corednsReplicas', corednsReplicas);
    super(scope, 'kubernetes-monitors', { namespace, phase: 'resources', description: 'Monitors for the kubelet, cAdvisor, the API server and CoreDNS' });
    const monitor = (name: string, targetNamespace: string, matchLabels: Record<string, string>, endpoints: Record<string, unknown>[]) =>
      new ServiceMonitor(this, name, {
        metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': PART_OF } },
        spec: {
          namespaceSelector: { matchNames: [targetNamespace] },
          selector: { matchLabels },
          endpoints: endpoints.map((e) => ({ ...e, relabelings: [{ action: 'replace', targetLabel: 'job', replacement: name }, ...((e.relabelings as unknown[]) ?? [])] }) as unknown as ServiceMonitorSpecEndpoints),
        },
      });

    // Kubelet certificates are usually self-signed per node, hence no verification; the
    // token still authenticates Prometheus.
    const kubelet = { ...IN_CLUSTER_AUTH, port: 'https-metrics', honorLabels: true, tlsConfig: { ...IN_CLUSTER_AUTH.tlsConfig, insecureSkipVerify: true } };
    const nodeLabel = { sourceLabels: ['__meta_kubernetes_endpoint_address_target_name'], targetLabel: 'node', action: 'replace' };
    monitor('kubelet', 'kube-system', { 'app.kubernetes.io/name': 'kubelet' }, [
      {
        ...kubelet,
        path: '/metrics',
        relabelings: [nodeLabel, { sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path', action: 'replace' }],
        metricRelabelings: [dropHistograms(KUBELET_UNUSED_HISTOGRAMS)],
      },
      {
        ...kubelet,
        path: '/metrics/cadvisor',
        relabelings: [nodeLabel, { sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path', action: 'replace' }],
        // Pod-level CPU, memory and filesystem cgroups (no container name) double-count the
        // containers; network series are only pod-level, so they stay.
        metricRelabelings: [{ sourceLabels: ['__name__', 'container'], regex: 'container_(cpu|memory|fs)_.+;', action: 'drop' }],
      },
    ]);
    monitor('apiserver', 'default', { component: 'apiserver', provider: 'kubernetes' }, [
      { ...IN_CLUSTER_AUTH, port: 'https', tlsConfig: { ...IN_CLUSTER_AUTH.tlsConfig, serverName: 'kubernetes' }, metricRelabelings: [dropHistograms(APISERVER_UNUSED_HISTOGRAMS), ...dropSliBuckets] },
    ]);
    monitor('coredns', 'kube-system', { 'k8s-app': 'kube-dns' }, [{ port: 'metrics', path: '/metrics' }]);

    new AlertRuleGroup(this, 'rules', {
      name: 'kubernetes-components',
      rules: [
        targetDownAlert('kubelet', 'critical'), targetAbsentAlert('kubelet', 'critical'),
        ...replicatedTargetDownAlerts('apiserver', 'critical', apiServers), targetAbsentAlert('apiserver', 'critical'),
        ...replicatedTargetDownAlerts('coredns', 'critical', corednsReplicas), targetAbsentAlert('coredns', 'warning'),
        ...volumeAlerts(),
        ...kubeletAlerts(),
        ...apiserverAlerts(),
      ],
    });
    // Usage joined to kube-state-metrics' view of pods: the compute-resource views read these.
    new AlertRuleGroup(this, 'recording-rules', {
      name: 'kubernetes-recording',
      rules: [...containerRecordingRules(), ...workloadRecordingRules(), ...controlPlaneRecordingRules()],
    });
    apiserverSlos(this);
  }
}
