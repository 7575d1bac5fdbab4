import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { Component } from '../../lib/core/component';
import { hardenedContainer, httpProbe } from '../../lib/core/container';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { deployment } from '../../lib/core/workload';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { kubernetesAlerts } from './rules/kubernetes-rules';
import { kubernetesNodeAlerts } from './rules/kubernetes-node-rules';
import { kubernetesCapacityAlerts, kubernetesWorkloadAlerts, kubeStateMetricsAlerts } from './rules/kubernetes-workload-rules';
import { imageOf, versionOf } from '../../lib/core/versions';

export const KUBE_STATE_METRICS_VERSION = versionOf('kubeStateMetrics');

/**
 * The object kinds kube-state-metrics exports, with the API group each lives in. Secrets and
 * ConfigMaps are left out on purpose: exporting them needs cluster-wide read of every Secret.
 * Endpoints are left out as in kube-state-metrics' defaults since v2.18: EndpointSlices replace
 * the deprecated v1 Endpoints (`kube_endpointslice_*`).
 */
const RESOURCES: [string, string, string][] = [
  ['', 'nodes', 'nodes'], ['', 'pods', 'pods'], ['', 'services', 'services'], ['', 'namespaces', 'namespaces'],
  ['', 'persistentvolumeclaims', 'persistentvolumeclaims'], ['', 'persistentvolumes', 'persistentvolumes'],
  ['', 'resourcequotas', 'resourcequotas'], ['', 'limitranges', 'limitranges'], ['', 'replicationcontrollers', 'replicationcontrollers'],
  ['', 'serviceaccounts', 'serviceaccounts'],
  ['apps', 'deployments', 'deployments'], ['apps', 'daemonsets', 'daemonsets'], ['apps', 'statefulsets', 'statefulsets'], ['apps', 'replicasets', 'replicasets'],
  ['batch', 'jobs', 'jobs'], ['batch', 'cronjobs', 'cronjobs'],
  ['autoscaling', 'horizontalpodautoscalers', 'horizontalpodautoscalers'],
  ['policy', 'poddisruptionbudgets', 'poddisruptionbudgets'],
  ['storage.k8s.io', 'storageclasses', 'storageclasses'], ['storage.k8s.io', 'volumeattachments', 'volumeattachments'],
  ['networking.k8s.io', 'ingresses', 'ingresses'], ['networking.k8s.io', 'networkpolicies', 'networkpolicies'],
  ['discovery.k8s.io', 'endpointslices', 'endpointslices'],
  ['certificates.k8s.io', 'certificatesigningrequests', 'certificatesigningrequests'],
  ['coordination.k8s.io', 'leases', 'leases'],
];

/** kube-state-metrics: the state of Kubernetes objects as metrics, read-only list/watch. */
export class KubeStateMetricsChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'kube-state-metrics', { namespace, phase: 'workloads', description: 'kube-state-metrics: Kubernetes object state as metrics' });
    const identity: AppIdentity = { name: 'kube-state-metrics', component: 'exporter', version: KUBE_STATE_METRICS_VERSION };
    const groups = [...new Set(RESOURCES.map(([g]) => g))];
    new ServiceIdentity(this, 'identity', {
      name: 'kube-state-metrics',
      namespace,
      labels: recommendedLabels(identity),
      clusterRules: groups.map((g) => ({ apiGroups: [g], resources: RESOURCES.filter(([rg]) => rg === g).map(([, r]) => r), verbs: ['list', 'watch'] })),
    });
    deployment(this, 'deployment', {
      identity,
      namespace,
      serviceAccountName: 'kube-state-metrics',
      automountServiceAccountToken: true,
      containers: [hardenedContainer(this, {
        name: 'kube-state-metrics',
        image: imageOf('kubeStateMetrics'),
        args: [
          '--port=8080',
          '--telemetry-port=8081',
          `--resources=${RESOURCES.map(([, , flag]) => flag).sort().join(',')}`,
          // Labels the dashboards and alerts group by.
          // excluded_from_alerts on a claim opts it out of the volume alerts.
          '--metric-labels-allowlist=pods=[app.kubernetes.io/name,app.kubernetes.io/instance,app],deployments=[app.kubernetes.io/name],persistentvolumeclaims=[excluded_from_alerts]',
        ],
        ports: [{ name: 'http-metrics', containerPort: 8080, protocol: 'TCP' }, { name: 'telemetry', containerPort: 8081, protocol: 'TCP' }],
        resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        livenessProbe: httpProbe('/livez', 'http-metrics'),
        readinessProbe: httpProbe('/readyz', 'telemetry'),
      })],
    });
    new ObservedService(this, 'monitoring', {
      name: 'kube-state-metrics',
      selector: selectorLabels(identity),
      port: 'http-metrics',
      service: { port: 8080, targetPort: 'http-metrics' },
      // Its metrics describe other objects: their namespace/pod labels must win over the target's,
      // and series of cluster-scoped objects (nodes, PVs) must not take on its own pod's.
      honorLabels: true,
      relabelings: [{ action: 'labeldrop', regex: '(pod|service|endpoint|namespace)' }],
      alerts: { down: 'critical' },
    });
    // Its own health (list and watch errors) is on the telemetry port.
    new ObservedService(this, 'telemetry', {
      name: 'kube-state-metrics-telemetry',
      kind: 'pod',
      selector: selectorLabels(identity),
      port: 'telemetry',
      // Left to the catch-all TargetDown: the main job's alerts already say when the pod is gone.
      alerts: { down: false, absent: false, extra: kubeStateMetricsAlerts('kube-state-metrics-telemetry') },
    });
    new AlertRuleGroup(this, 'kubernetes-rules', {
      name: 'kubernetes',
      rules: [...kubernetesAlerts(ctx.config.nodeCount), ...kubernetesNodeAlerts(), ...kubernetesWorkloadAlerts(), ...kubernetesCapacityAlerts()],
    });
  }
}
