import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ContainerResources, hardenedContainer, httpProbe } from '../../lib/core/container';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { replicaBudget, spreadOverNodes } from '../../lib/core/spread';
import { imageOf } from '../../lib/core/versions';
import { podTemplate, service } from '../../lib/core/workload';
import { LOKI_GRPC_PORT, LOKI_HTTP_PORT, LOKI_MEMBERLIST_PORT, LokiTargetHosts } from './loki-config';

/** Loki's simple scalable targets (Loki 3: `read` = query frontend and querier, `write` = distributor and ingester, `backend` = the rest). */
export const LOKI_TARGETS = ['read', 'write', 'backend'] as const;
export type LokiTarget = (typeof LOKI_TARGETS)[number];

export interface LokiScalableProps {
  readonly namespace: string;
  readonly version: string;
  /** Pods per target; three at least (replication factor 3). */
  readonly replicas: number;
  readonly storageClass: string;
  readonly storageSize: string;
  /** The S3 credentials' Secret keys, as env vars. */
  readonly env: k8s.EnvVar[];
  /** The config checksum, so a config change rolls every target. */
  readonly configChecksum: string;
  /** Each pod's requests and limits. */
  readonly resources: ContainerResources;
  /** The ruler's rules ConfigMap and where the tenant's rules are mounted (backend only). */
  readonly rules: { readonly configMapName: string; readonly mountPath: string };
}

/**
 * Loki in simple scalable mode: the same image and configuration run as three targets, each
 * its own workload behind its own Service. `write` and `backend` keep state on volumes
 * (the WAL; the compactor's and ruler's working files), `read` keeps none. Every pod joins one
 * memberlist ring through the `loki-memberlist` Service, and the replicas of each target
 * spread over nodes with a budget that lets one go at a time.
 */
export class LokiScalable extends Construct {
  /** The Services the gateway routes to. */
  public readonly hosts: LokiTargetHosts;

  constructor(scope: Construct, id: string, props: LokiScalableProps) {
    super(scope, id);
    const ns = props.namespace;
    const host = (t: LokiTarget) => `loki-${t}.${ns}.svc.cluster.local`;
    this.hosts = { read: host('read'), write: host('write'), backend: host('backend') };
    for (const target of LOKI_TARGETS) {
      const identity: AppIdentity = { name: 'loki', instance: `loki-${target}`, component: target, version: props.version };
      const labels = recommendedLabels(identity);
      const selector = selectorLabels(identity);
      service(this, `${target}-service`, identity, ns, [
        { name: 'http-metrics', port: LOKI_HTTP_PORT, targetPort: 'http-metrics' },
        { name: 'grpc', port: LOKI_GRPC_PORT, targetPort: 'grpc' },
      ]);
      // Per-pod DNS records: the StatefulSets' identity, and the queriers' index-gateway client.
      service(this, `${target}-headless`, { ...identity, component: `${target}-headless` }, ns, [
        { name: 'http-metrics', port: LOKI_HTTP_PORT, targetPort: 'http-metrics' },
        { name: 'grpc', port: LOKI_GRPC_PORT, targetPort: 'grpc' },
      ], { headless: true, name: `loki-${target}-headless`, selector });
      const stateful = target !== 'read';
      const template = podTemplate({
        identity,
        namespace: ns,
        serviceAccountName: 'loki',
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        // Ingesters flush their streams on shutdown.
        terminationGracePeriodSeconds: target === 'write' ? 300 : 30,
        annotations: { 'observability-stack/config-checksum': props.configChecksum },
        ...spreadOverNodes(selector),
        containers: [hardenedContainer(this, {
          name: 'loki',
          image: imageOf('loki'),
          args: ['-config.file=/etc/loki/config/config.yaml', '-config.expand-env=true', `-target=${target}`],
          env: props.env,
          ports: [
            { name: 'http-metrics', containerPort: LOKI_HTTP_PORT, protocol: 'TCP' },
            { name: 'grpc', containerPort: LOKI_GRPC_PORT, protocol: 'TCP' },
            { name: 'memberlist', containerPort: LOKI_MEMBERLIST_PORT, protocol: 'TCP' },
          ],
          resources: props.resources,
          livenessProbe: httpProbe('/metrics', 'http-metrics', { initialDelaySeconds: 60, failureThreshold: 10 }),
          readinessProbe: httpProbe('/ready', 'http-metrics', { initialDelaySeconds: 15 }),
          volumeMounts: [
            { name: 'config', mountPath: '/etc/loki/config', readOnly: true },
            ...(target === 'backend' ? [{ name: 'rules', mountPath: props.rules.mountPath, readOnly: true }] : []),
            { name: 'data', mountPath: '/var/loki' },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        })],
        volumes: [
          { name: 'config', configMap: { name: 'loki' } },
          ...(target === 'backend' ? [{ name: 'rules', projected: { sources: [{ configMap: { name: props.rules.configMapName } }] } }] : []),
          ...(stateful ? [] : [{ name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }]),
          { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
        ],
      });
      if (stateful) {
        new k8s.KubeStatefulSet(this, target, {
          metadata: { name: `loki-${target}`, namespace: ns, labels },
          spec: {
            replicas: props.replicas,
            serviceName: `loki-${target}-headless`,
            podManagementPolicy: 'Parallel',
            selector: { matchLabels: selector },
            template,
            volumeClaimTemplates: [{
              metadata: { name: 'data', labels },
              spec: { accessModes: ['ReadWriteOnce'], storageClassName: props.storageClass, resources: { requests: { storage: k8s.Quantity.fromString(props.storageSize) } } },
            }],
          },
        });
      } else {
        new k8s.KubeDeployment(this, target, {
          metadata: { name: `loki-${target}`, namespace: ns, labels },
          spec: { replicas: props.replicas, revisionHistoryLimit: 3, selector: { matchLabels: selector }, template },
        });
      }
      replicaBudget(this, `${target}-pdb`, { name: `loki-${target}`, namespace: ns, labels, selector, replicas: props.replicas });
    }
  }
}
