import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { hardenedContainer, httpProbe } from '../../lib/core/container';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { deployment, service } from '../../lib/core/workload';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { gatewayNginxConfig, LokiTargetHosts } from './loki-config';
import { replicaBudget, spreadOverNodes } from '../../lib/core/spread';
import { imageOf, versionOf } from '../../lib/core/versions';
import { LOKI_GATEWAY_REPLICAS } from '../replicas';

export const NGINX_IMAGE = imageOf('nginx');
export const NGINX_EXPORTER_IMAGE = imageOf('nginxExporter');

export interface LokiGatewayProps {
  readonly namespace: string;
  /** The Loki Service's DNS name. */
  readonly lokiHost: string;
  /** The gateway Service port (the address agents and Grafana use). */
  readonly port: number;
  /** Loki's simple scalable targets, routed by API instead of `lokiHost`. @default - monolithic Loki at lokiHost */
  readonly targets?: LokiTargetHosts;
  /** Spread the two replicas over nodes, with a budget keeping one up. @default false */
  readonly spread?: boolean;
}

/**
 * The single Loki endpoint for agents (push) and Grafana (queries): an unprivileged nginx with
 * a stub_status exporter beside it for its own metrics.
 */
export class LokiGateway extends Construct {
  constructor(scope: Construct, id: string, props: LokiGatewayProps) {
    super(scope, id);
    // The nginx release, without the image variant (`-alpine`).
    const identity: AppIdentity = { name: 'loki-gateway', component: 'gateway', version: versionOf('nginx').replace(/-alpine$/, '') };
    const labels = recommendedLabels(identity);
    const ns = props.namespace;
    const conf = gatewayNginxConfig(props.targets ?? props.lokiHost);
    const replicas = LOKI_GATEWAY_REPLICAS;
    new ServiceIdentity(this, 'identity', { name: 'loki-gateway', namespace: ns, labels });
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: 'loki-gateway', namespace: ns, labels }, data: { 'nginx.conf': conf } });
    deployment(this, 'deployment', {
      identity,
      namespace: ns,
      replicas,
      serviceAccountName: 'loki-gateway',
      ...(props.spread && spreadOverNodes(selectorLabels(identity))),
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } },
      annotations: { 'observability-stack/config-checksum': createHash('sha256').update(conf).digest('hex').slice(0, 16) },
      containers: [
        hardenedContainer(this, {
          name: 'nginx',
          image: NGINX_IMAGE,
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } },
          livenessProbe: httpProbe('/', 'http'),
          readinessProbe: httpProbe('/', 'http'),
          volumeMounts: [
            { name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        }),
        hardenedContainer(this, {
          name: 'exporter',
          image: NGINX_EXPORTER_IMAGE,
          args: ['--nginx.scrape-uri=http://127.0.0.1:8080/stub_status', '--web.listen-address=:9113'],
          ports: [{ name: 'metrics', containerPort: 9113, protocol: 'TCP' }],
          resources: { requests: { cpu: '5m', memory: '16Mi' }, limits: { memory: '64Mi' } },
          livenessProbe: httpProbe('/metrics', 'metrics'),
          readinessProbe: httpProbe('/metrics', 'metrics'),
        }),
      ],
      volumes: [
        { name: 'config', configMap: { name: 'loki-gateway' } },
        { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
      ],
    });
    if (props.spread) replicaBudget(this, 'pdb', { name: 'loki-gateway', namespace: ns, labels, selector: selectorLabels(identity), replicas });
    service(this, 'service', identity, ns, [
      { name: 'http', port: props.port, targetPort: 'http' },
      { name: 'metrics', port: 9113, targetPort: 'metrics' },
    ]);
    new ObservedService(this, 'monitoring', { name: 'loki-gateway', selector: selectorLabels(identity), port: 'metrics', alerts: { down: 'critical', replicas } });
  }
}
