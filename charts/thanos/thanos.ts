import { createHash } from 'crypto';
import { queryPathSlo } from '../slo/stack-slos';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { ContainerResources, hardenedContainer, httpProbe } from '../../lib/core/container';
import { check } from '../../lib/core/errors';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { useSecret } from '../../lib/core/secrets';
import { replicaBudget, spreadOverNodes } from '../../lib/core/spread';
import { restrictedPodSecurityContext } from '../../lib/core/security';
import { checkDnsLabel, checkDnsName, checkHostPort } from '../../lib/core/validate';
import { imageOf, versionOf } from '../../lib/core/versions';
import { deployment, podTemplate, service } from '../../lib/core/workload';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { endpoints } from '../endpoints';
import { PROMETHEUS_REPLICA_LABEL, THANOS_OBJSTORE_PURPOSE } from '../metrics/thanos-sidecar';
import { thanosDashboards } from './thanos-dashboard';
import { QueryEndpoint, queryEndpointsConfig } from './thanos-endpoints';
import { thanosCompactAlerts, thanosQueryAlerts, thanosStoreAlerts } from './thanos-rules';
import { thanosRetention } from './thanos-retention';
import { thanosSizing } from './thanos-sizing';
import { THANOS_QUERY_REPLICAS } from '../replicas';

export const THANOS_VERSION = versionOf('thanos');
export const THANOS_HTTP_PORT = 10902;
export const THANOS_GRPC_PORT = 10901;
const OBJSTORE_DIR = '/etc/thanos/objstore';
const OBJSTORE_FILE = `${OBJSTORE_DIR}/objstore.yaml`;

/**
 * Thanos for the `ha` profile: Query (the one PromQL endpoint, deduplicating the Prometheus
 * replicas on their replica label, reading the sidecars, the Store Gateway and, on a hub, other
 * clusters), the Store Gateway (the bucket's blocks) and the Compactor (compaction, downsampling,
 * retention per resolution). Each is monitored, alerted on, and on one dashboard.
 */
export class ThanosChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'thanos', { namespace, phase: 'workloads', description: 'Thanos: Query over every Prometheus replica and the S3 bucket, Store Gateway, Compactor' });
    const cfg = ctx.config.thanos!;
    const where = `config/${ctx.name}/thanos`;
    const retention = thanosRetention(ctx);
    const remotes = cfg.remoteEndpoints ?? [];
    remotes.forEach((r, i) => {
      checkDnsLabel(where, `remoteEndpoints[${i}].cluster`, r.cluster);
      check(r.cluster !== ctx.name, where, `remoteEndpoints[${i}].cluster`, r.cluster, `another cluster than this one (${ctx.name})`);
      checkHostPort(where, `remoteEndpoints[${i}].address`, r.address, 'thanos-grpc.eu.example.net:443');
      if (r.serverName !== undefined) checkDnsName(where, `remoteEndpoints[${i}].serverName`, r.serverName);
    });
    const clusters = remotes.map((r) => r.cluster);
    check(new Set(clusters).size === clusters.length, where, 'remoteEndpoints', clusters, 'each remote cluster once');

    const size = thanosSizing(ctx);
    const objstore = useSecret(this, cfg.objectStorageConfig, namespace, THANOS_OBJSTORE_PURPOSE, 'thanos.objectStorageConfig');
    const objstoreVolume: k8s.Volume = { name: 'objstore', secret: { secretName: objstore.name, items: [{ key: objstore.key, path: 'objstore.yaml' }] } };
    const objstoreMount: k8s.VolumeMount = { name: 'objstore', mountPath: OBJSTORE_DIR, readOnly: true };
    const common = [`--http-address=0.0.0.0:${THANOS_HTTP_PORT}`, `--grpc-address=0.0.0.0:${THANOS_GRPC_PORT}`, '--log.level=info'];
    const ports: k8s.ContainerPort[] = [
      { name: 'http', containerPort: THANOS_HTTP_PORT, protocol: 'TCP' },
      { name: 'grpc', containerPort: THANOS_GRPC_PORT, protocol: 'TCP' },
    ];
    const probes = {
      livenessProbe: httpProbe('/-/healthy', 'http'),
      readinessProbe: httpProbe('/-/ready', 'http'),
    };
    const container = (name: string, args: string[], resources: ContainerResources, volumeMounts: k8s.VolumeMount[]) => hardenedContainer(this, {
      name, image: imageOf('thanos'), args, ports, resources, volumeMounts, ...probes,
    });

    // Store Gateway: serves the bucket's blocks over the Store API.
    const store: AppIdentity = { name: 'thanos-store', component: 'store-gateway', version: THANOS_VERSION };
    new ServiceIdentity(this, 'store-identity', { name: 'thanos-store', namespace, labels: recommendedLabels(store) });
    this.statefulSet('store', 'thanos-store-grpc', store, namespace, ctx.config.storageClass, size.store.storage, {
      identity: store, namespace, serviceAccountName: 'thanos-store', automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(),
      containers: [container('thanos-store', ['store', ...common, '--data-dir=/var/thanos/store', `--objstore.config-file=${OBJSTORE_FILE}`,
        `--index-cache-size=${size.store.indexCacheMiB}MB`, `--chunk-pool-size=${size.store.chunkPoolMiB}MB`], size.store.resources,
      [{ name: 'data', mountPath: '/var/thanos/store' }, objstoreMount])],
      volumes: [objstoreVolume],
    });
    // Thanos Query finds each Store Gateway pod through the SRV records of this headless Service.
    service(this, 'store-grpc', { ...store, component: 'store-gateway-grpc' }, namespace, [{ name: 'grpc', port: THANOS_GRPC_PORT, targetPort: 'grpc' }],
      { headless: true, name: 'thanos-store-grpc', selector: selectorLabels(store) });
    new ObservedService(this, 'store-monitoring', {
      name: 'thanos-store', selector: selectorLabels(store), port: 'http',
      service: { port: THANOS_HTTP_PORT, targetPort: 'http' },
      alerts: { down: 'critical', extra: thanosStoreAlerts() },
    });

    // Compactor: one per bucket, never more.
    const compact: AppIdentity = { name: 'thanos-compact', component: 'compactor', version: THANOS_VERSION };
    new ServiceIdentity(this, 'compact-identity', { name: 'thanos-compact', namespace, labels: recommendedLabels(compact) });
    this.statefulSet('compact', 'thanos-compact', compact, namespace, ctx.config.storageClass, size.compact.storage, {
      identity: compact, namespace, serviceAccountName: 'thanos-compact', automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(),
      containers: [hardenedContainer(this, {
        name: 'thanos-compact', image: imageOf('thanos'),
        args: ['compact', '--wait', `--http-address=0.0.0.0:${THANOS_HTTP_PORT}`, '--log.level=info', '--data-dir=/var/thanos/compact', `--objstore.config-file=${OBJSTORE_FILE}`,
          `--retention.resolution-raw=${retention.raw}`, `--retention.resolution-5m=${retention.fiveMinutes}`, `--retention.resolution-1h=${retention.oneHour}`],
        ports: [{ name: 'http', containerPort: THANOS_HTTP_PORT, protocol: 'TCP' }],
        resources: size.compact.resources,
        volumeMounts: [{ name: 'data', mountPath: '/var/thanos/compact' }, objstoreMount],
        ...probes,
      })],
      volumes: [objstoreVolume],
    });
    new ObservedService(this, 'compact-monitoring', {
      name: 'thanos-compact', selector: selectorLabels(compact), port: 'http',
      service: { port: THANOS_HTTP_PORT, targetPort: 'http' },
      alerts: { down: 'warning', extra: thanosCompactAlerts() },
    });

    // Query: the sidecars of every Prometheus replica, the Store Gateway, and remote clusters.
    const query: AppIdentity = { name: 'thanos-query', component: 'query', version: THANOS_VERSION };
    const queryLabels = recommendedLabels(query);
    new ServiceIdentity(this, 'query-identity', { name: 'thanos-query', namespace, labels: queryLabels });
    const local = (svc: string) => `dnssrv+_grpc._tcp.${svc}.${namespace}.svc.cluster.local`;
    const remoteVolumes: k8s.Volume[] = [];
    const remoteMounts: k8s.VolumeMount[] = [];
    const remoteEndpoints: QueryEndpoint[] = remotes.map((r, i) => {
      const dir = `/etc/thanos/remote/${r.cluster}`;
      const purpose = `Thanos Query TLS for the Store API of cluster ${r.cluster}`;
      const ca = useSecret(this, r.ca, namespace, `${purpose}: CA certificate`, `thanos.remoteEndpoints[${i}].ca`);
      const sources: k8s.VolumeProjection[] = [{ secret: { name: ca.name, items: [{ key: ca.key, path: 'ca.crt' }] } }];
      if (r.clientCertificate) {
        const cert = useSecret(this, r.clientCertificate.cert, namespace, `${purpose}: client certificate`, `thanos.remoteEndpoints[${i}].clientCertificate.cert`);
        const key = useSecret(this, r.clientCertificate.key, namespace, `${purpose}: client key`, `thanos.remoteEndpoints[${i}].clientCertificate.key`);
        sources.push({ secret: { name: cert.name, items: [{ key: cert.key, path: 'tls.crt' }] } }, { secret: { name: key.name, items: [{ key: key.key, path: 'tls.key' }] } });
      }
      remoteVolumes.push({ name: `remote-${i}`, projected: { sources } });
      remoteMounts.push({ name: `remote-${i}`, mountPath: dir, readOnly: true });
      return {
        address: r.address,
        tls: {
          caFile: `${dir}/ca.crt`,
          ...(r.clientCertificate && { certFile: `${dir}/tls.crt`, keyFile: `${dir}/tls.key` }),
          serverName: r.serverName ?? r.address.split(':')[0],
        },
      };
    });
    // Offered to a hub: Query's gRPC server over TLS, with the files from the Secrets.
    const storeApi = cfg.storeApi;
    const storeApiArgs: string[] = [];
    if (storeApi) {
      const dir = '/etc/thanos/store-api';
      const purpose = 'Thanos Query Store API offered to a hub: TLS';
      const cert = useSecret(this, storeApi.cert, namespace, `${purpose} server certificate`, 'thanos.storeApi.cert');
      const key = useSecret(this, storeApi.key, namespace, `${purpose} server key`, 'thanos.storeApi.key');
      const sources: k8s.VolumeProjection[] = [
        { secret: { name: cert.name, items: [{ key: cert.key, path: 'tls.crt' }] } },
        { secret: { name: key.name, items: [{ key: key.key, path: 'tls.key' }] } },
      ];
      storeApiArgs.push(`--grpc-server-tls-cert=${dir}/tls.crt`, `--grpc-server-tls-key=${dir}/tls.key`);
      if (storeApi.clientCa) {
        const ca = useSecret(this, storeApi.clientCa, namespace, `${purpose} client CA`, 'thanos.storeApi.clientCa');
        sources.push({ secret: { name: ca.name, items: [{ key: ca.key, path: 'client-ca.crt' }] } });
        storeApiArgs.push(`--grpc-server-tls-client-ca=${dir}/client-ca.crt`);
      }
      remoteVolumes.push({ name: 'store-api-tls', projected: { sources } });
      remoteMounts.push({ name: 'store-api-tls', mountPath: dir, readOnly: true });
      checkDnsLabel(where, 'storeApi.ingressNamespace', storeApi.ingressNamespace ?? 'ingress-nginx');
    }
    const endpointsFile = queryEndpointsConfig([
      { address: local('prometheus-operated') },
      { address: local('thanos-store-grpc') },
      ...remoteEndpoints,
    ]);
    new k8s.KubeConfigMap(this, 'query-endpoints', { metadata: { name: 'thanos-query-endpoints', namespace, labels: queryLabels }, data: { 'endpoints.yaml': endpointsFile } });
    const queryReplicas = THANOS_QUERY_REPLICAS;
    const querySelector = selectorLabels(query);
    deployment(this, 'query', {
      identity: query, namespace, replicas: queryReplicas, serviceAccountName: 'thanos-query', automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(),
      ...spreadOverNodes(querySelector),
      annotations: { 'observability-stack/config-checksum': createHash('sha256').update(endpointsFile).digest('hex').slice(0, 16) },
      containers: [container('thanos-query', ['query', ...common,
        `--query.replica-label=${PROMETHEUS_REPLICA_LABEL}`,
        '--query.auto-downsampling',
        '--endpoint.sd-config-file=/etc/thanos/endpoints/endpoints.yaml', ...storeApiArgs], size.query.resources,
      [{ name: 'endpoints', mountPath: '/etc/thanos/endpoints', readOnly: true }, ...remoteMounts])],
      volumes: [{ name: 'endpoints', configMap: { name: 'thanos-query-endpoints' } }, ...remoteVolumes],
    });
    // What the ingress or gateway forwarding a hub's connections routes to.
    if (storeApi) service(this, 'query-grpc', { ...query, component: 'query-grpc' }, namespace, [{ name: 'grpc', port: THANOS_GRPC_PORT, targetPort: 'grpc' }], { name: 'thanos-query-grpc', selector: querySelector });
    replicaBudget(this, 'query-pdb', { name: 'thanos-query', namespace, labels: queryLabels, selector: querySelector, replicas: queryReplicas });
    new ObservedService(this, 'query-monitoring', {
      name: 'thanos-query', selector: querySelector, port: 'http',
      service: { port: endpoints(ctx).thanosQuery.port, targetPort: 'http' },
      alerts: { down: 'critical', replicas: queryReplicas, extra: thanosQueryAlerts() },
    });
    queryPathSlo(this, 'thanos-query');

    thanosDashboards(this);
  }

  private statefulSet(id: string, serviceName: string, identity: AppIdentity, namespace: string, storageClass: string, storage: string, pod: Parameters<typeof podTemplate>[0]): void {
    new k8s.KubeStatefulSet(this, id, {
      metadata: { name: identity.name, namespace, labels: recommendedLabels(identity) },
      spec: {
        replicas: 1,
        serviceName,
        selector: { matchLabels: selectorLabels(identity) },
        template: podTemplate(pod),
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels: recommendedLabels(identity) },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: storageClass, resources: { requests: { storage: k8s.Quantity.fromString(storage) } } },
        }],
      },
    });
  }
}
