import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { hardenedContainer, httpProbe } from '../../lib/core/container';
import { AppIdentity } from '../../lib/core/labels';
import { recommendedLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { PROMETHEUS_OPERATOR_VERSION } from '../../lib/core/upstream';
import { deployment, service } from '../../lib/core/workload';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { operatorAlerts } from './rules/operator-rules';
import { imageOf } from '../../lib/core/versions';

const IMAGE = imageOf('prometheusOperator');
const RELOADER_IMAGE = imageOf('configReloader');

const CRUD = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * prometheus-operator: reconciles Prometheus, Alertmanager and the monitor CRs. Its access is
 * upstream's ClusterRole with the wildcard verbs spelled out.
 */
export class PrometheusOperatorChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'prometheus-operator', { namespace, phase: 'operators', description: 'prometheus-operator: reconciles Prometheus, Alertmanager, monitors and rules' });
    const identity: AppIdentity = { name: 'prometheus-operator', component: 'controller', version: PROMETHEUS_OPERATOR_VERSION };

    new ServiceIdentity(this, 'identity', {
      name: 'prometheus-operator',
      namespace,
      labels: recommendedLabels(identity),
      clusterRules: [
        {
          apiGroups: ['monitoring.coreos.com'],
          resources: [
            'alertmanagers', 'alertmanagers/finalizers', 'alertmanagers/status', 'alertmanagerconfigs',
            'prometheuses', 'prometheuses/finalizers', 'prometheuses/status',
            'prometheusagents', 'prometheusagents/finalizers', 'prometheusagents/status',
            'thanosrulers', 'thanosrulers/finalizers', 'thanosrulers/status',
            'scrapeconfigs', 'scrapeconfigs/status', 'servicemonitors', 'servicemonitors/status',
            'podmonitors', 'podmonitors/status', 'probes', 'probes/status', 'prometheusrules', 'prometheusrules/status',
          ],
          verbs: CRUD,
        },
        { apiGroups: ['apps'], resources: ['statefulsets'], verbs: CRUD },
        { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: CRUD },
        { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
        { apiGroups: [''], resources: ['services', 'services/finalizers'], verbs: ['get', 'create', 'update', 'delete'] },
        { apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'create', 'update', 'delete'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get'] },
      ],
    });

    deployment(this, 'deployment', {
      identity,
      namespace,
      serviceAccountName: 'prometheus-operator',
      automountServiceAccountToken: true,
      containers: [hardenedContainer(this, {
        name: 'prometheus-operator',
        image: IMAGE,
        args: [
          '--kubelet-service=kube-system/kubelet',
          `--prometheus-config-reloader=${RELOADER_IMAGE}`,
          '--log-format=json',
        ],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        livenessProbe: httpProbe('/healthz', 'http'),
        readinessProbe: httpProbe('/healthz', 'http'),
      })],
    });
    service(this, 'service', identity, namespace, [{ name: 'http', port: 8080, targetPort: 'http' }]);

    new ObservedService(this, 'monitoring', {
      name: 'prometheus-operator',
      selector: { 'app.kubernetes.io/name': 'prometheus-operator' },
      port: 'http',
      alerts: { down: 'critical', extra: operatorAlerts() },
    });
  }
}
