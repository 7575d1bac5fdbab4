import { createHash } from 'crypto';
import { lokiPushSlo } from '../slo/stack-slos';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { hardenedContainer, httpProbe } from '../../lib/core/container';
import { check } from '../../lib/core/errors';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { useSecret } from '../../lib/core/secrets';
import { checkDuration, checkPositiveInt, checkStorageSize, checkUrl, durationMs } from '../../lib/core/validate';
import { podTemplate, service } from '../../lib/core/workload';
import { LokiAlertRuleGroup } from '../../lib/logging/loki-alert-rule-group';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { endpoints } from '../endpoints';
import { LokiGateway } from './gateway';
import { LOKI_TARGETS, LokiScalable } from './loki-scalable';
import { clusterSize, lokiResources } from '../sizing';
import { LOKI_GRPC_PORT, LOKI_HTTP_PORT, LOKI_MEMBERLIST_PORT, lokiConfig } from './loki-config';
import { logAlerts, lokiAlerts } from './loki-rules';
import { imageOf, versionOf } from '../../lib/core/versions';
import { componentReplicas } from '../replicas';

export const LOKI_VERSION = versionOf('loki');
const RULES_DIR = '/etc/loki/rules';
/** Every Loki pod, of any target (the gateway is `loki-gateway`). */
const LOKI_PODS = { 'app.kubernetes.io/name': 'loki' };

/** The Loki tenant of a cluster: agents push and Grafana queries as this tenant. */
export const lokiTenant = (ctx: ClusterContext) => ctx.name;

/**
 * Loki on S3, its gateway, its ruler rules and its alerts: replicated monolithic Loki, or under
 * the `ha` profile the simple scalable targets (LokiScalable).
 */
export class LokiChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.logging;
    super(scope, 'loki', {
      namespace, phase: 'workloads',
      description: ctx.ha ? 'Loki in simple scalable mode (read, write and backend targets, replication factor 3, S3 storage) and its gateway' : 'Loki (replicated, S3 storage) and its gateway',
    });
    const cfg = ctx.config.loki;
    const where = `config/${ctx.name}/loki`;
    const replicas = componentReplicas(ctx).loki;
    const retention = cfg.retention ?? '30d';
    const storageSize = cfg.storageSize ?? '10Gi';
    checkPositiveInt(where, 'replicas', replicas);
    if (ctx.ha) check(replicas >= 3, where, 'replicas', replicas, 'at least 3 with availability "ha" (pods per target; replication factor 3)');
    checkDuration(where, 'retention', retention);
    check(durationMs(retention) >= durationMs('1d') && durationMs(retention) % 3_600_000 === 0, where, 'retention', retention, 'whole hours, at least "1d" (e.g. "30d")');
    checkStorageSize(where, 'storageSize', storageSize);
    checkUrl(where, 's3.endpoint', cfg.s3?.endpoint);
    const bucket = cfg.s3.buckets?.chunks ?? '';
    check(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes('..'), where, 's3.buckets.chunks', cfg.s3.buckets?.chunks, 'an S3 bucket name: 3-63 lowercase letters, digits, "-" and "." (e.g. "loki-chunks")');

    const identity: AppIdentity = { name: 'loki', component: 'server', version: LOKI_VERSION };
    const labels = recommendedLabels(identity);
    new ServiceIdentity(this, 'identity', { name: 'loki', namespace, labels });

    const rules = new LokiAlertRuleGroup(this, 'log-rules', { name: 'log-alerts', rules: logAlerts() });
    // From the cluster's size (charts/sizing.ts).
    const size = lokiResources(clusterSize(ctx));
    const backend = (suffix: string) => `loki-backend${suffix}.${namespace}.svc.cluster.local`;
    const config = lokiConfig({
      namespace,
      replicas,
      retentionHours: durationMs(retention) / 3_600_000,
      s3: { endpoint: cfg.s3.endpoint, region: cfg.s3.region ?? 'garage', chunksBucket: bucket },
      // Behind the Service's single address an alert would reach one replica only.
      ...(ctx.alertmanagerReplicas > 1
        ? { alertmanagerUrl: endpoints(ctx).alertmanager.replicasSrvUrl, alertmanagerDiscovery: true }
        : { alertmanagerUrl: endpoints(ctx).alertmanager.url }),
      rulesDir: RULES_DIR,
      memoryLimitMiB: size.memoryLimitMiB,
      ...(ctx.ha && { scalable: { backendHost: backend(''), backendHeadlessHost: backend('-headless') } }),
    });
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: 'loki', namespace, labels }, data: { 'config.yaml': config } });

    const accessKey = useSecret(this, cfg.s3.accessKeyId, namespace, 'Loki S3 access key id (Garage)', 'loki.s3.accessKeyId');
    const secretKey = useSecret(this, cfg.s3.secretAccessKey, namespace, 'Loki S3 secret access key (Garage)', 'loki.s3.secretAccessKey');
    const tenant = lokiTenant(ctx);

    const memberlist = (selector: Record<string, string>) => new k8s.KubeService(this, 'memberlist', {
      metadata: { name: 'loki-memberlist', namespace, labels: { ...labels, 'app.kubernetes.io/component': 'memberlist' } },
      spec: {
        clusterIp: 'None',
        // Peers must find each other before they are ready, or the ring never forms.
        publishNotReadyAddresses: true,
        selector,
        ports: [{ name: 'memberlist', port: LOKI_MEMBERLIST_PORT, targetPort: k8s.IntOrString.fromString('memberlist'), protocol: 'TCP' }],
      },
    });

    if (ctx.ha) {
      // Simple scalable: every target's pods join the one ring, and one monitor scrapes each pod.
      memberlist(LOKI_PODS);
      const targets = new LokiScalable(this, 'targets', {
        namespace, version: LOKI_VERSION, replicas, storageClass: ctx.config.storageClass, storageSize,
        env: [
          { name: 'S3_ACCESS_KEY_ID', valueFrom: { secretKeyRef: accessKey } },
          { name: 'S3_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: secretKey } },
        ],
        configChecksum: createHash('sha256').update(config).digest('hex').slice(0, 16),
        rules: { configMapName: rules.configMapName, mountPath: `${RULES_DIR}/${tenant}` },
        resources: { requests: size.requests, limits: size.limits },
      });
      new ObservedService(this, 'monitoring', {
        name: 'loki', kind: 'pod', selector: LOKI_PODS, port: 'http-metrics',
        // One job over the three targets: each target loses its majority on its own.
        alerts: { down: 'critical', replicas: LOKI_TARGETS.map((t) => ({ name: t, podPrefix: `loki-${t}-`, replicas })), extra: lokiAlerts() },
      });
      lokiPushSlo(this);
      new LokiGateway(this, 'gateway', { namespace, lokiHost: targets.hosts.read, targets: targets.hosts, port: endpoints(ctx).lokiGateway.port, spread: true });
      return;
    }

    service(this, 'service', identity, namespace, [
      { name: 'http-metrics', port: LOKI_HTTP_PORT, targetPort: 'http-metrics' },
      { name: 'grpc', port: LOKI_GRPC_PORT, targetPort: 'grpc' },
    ]);
    // The StatefulSet's and the ring's Services carry their own component label, so the
    // monitor (which selects the main Service) never scrapes each pod twice.
    service(this, 'headless', { ...identity, component: 'headless' }, namespace, [{ name: 'http-metrics', port: LOKI_HTTP_PORT, targetPort: 'http-metrics' }], {
      headless: true, name: 'loki-headless', selector: selectorLabels(identity),
    });
    memberlist(selectorLabels(identity));

    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: 'loki', namespace, labels },
      spec: {
        replicas,
        serviceName: 'loki-headless',
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selectorLabels(identity) },
        template: podTemplate({
          identity,
          namespace,
          serviceAccountName: 'loki',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 300,
          annotations: { 'observability-stack/config-checksum': createHash('sha256').update(config).digest('hex').slice(0, 16) },
          containers: [hardenedContainer(this, {
            name: 'loki',
            image: imageOf('loki'),
            args: ['-config.file=/etc/loki/config/config.yaml', '-config.expand-env=true', '-target=all'],
            env: [
              { name: 'S3_ACCESS_KEY_ID', valueFrom: { secretKeyRef: accessKey } },
              { name: 'S3_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: secretKey } },
            ],
            ports: [
              { name: 'http-metrics', containerPort: LOKI_HTTP_PORT, protocol: 'TCP' },
              { name: 'grpc', containerPort: LOKI_GRPC_PORT, protocol: 'TCP' },
              { name: 'memberlist', containerPort: LOKI_MEMBERLIST_PORT, protocol: 'TCP' },
            ],
            resources: { requests: size.requests, limits: size.limits },
            // /ready waits for a healthy ring; a restart cannot fix a peer's stale ring entry, so
            // liveness only asks whether the server answers.
            livenessProbe: httpProbe('/metrics', 'http-metrics', { initialDelaySeconds: 60, failureThreshold: 10 }),
            readinessProbe: httpProbe('/ready', 'http-metrics', { initialDelaySeconds: 15 }),
            volumeMounts: [
              { name: 'config', mountPath: '/etc/loki/config', readOnly: true },
              { name: 'rules', mountPath: `${RULES_DIR}/${tenant}`, readOnly: true },
              { name: 'data', mountPath: '/var/loki' },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          })],
          volumes: [
            { name: 'config', configMap: { name: 'loki' } },
            { name: 'rules', projected: { sources: [{ configMap: { name: rules.configMapName } }] } },
            { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
          ],
        }),
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: ctx.config.storageClass,
            resources: { requests: { storage: k8s.Quantity.fromString(storageSize) } },
          },
        }],
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name: 'loki', namespace, labels },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selectorLabels(identity) } },
    });

    new ObservedService(this, 'monitoring', {
      name: 'loki',
      selector: selectorLabels(identity),
      port: 'http-metrics',
      alerts: { down: 'critical', replicas, extra: lokiAlerts() },
    });
    lokiPushSlo(this);
    new LokiGateway(this, 'gateway', { namespace, lokiHost: `loki.${namespace}.svc.cluster.local`, port: endpoints(ctx).lokiGateway.port });
  }
}
