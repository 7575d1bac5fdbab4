import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { hardenedContainer, httpProbe } from '../../lib/core/container';
import { check } from '../../lib/core/errors';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { useSecret } from '../../lib/core/secrets';
import { checkDnsLabel, checkHostPort, checkOneOf, checkStorageSize, checkUrl } from '../../lib/core/validate';
import { deployment, service } from '../../lib/core/workload';
import { GrafanaDashboard } from '../../lib/dashboards/grafana-dashboard';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { DATASOURCE_UIDS, endpoints } from '../endpoints';
import { dashboardFolders } from './dashboard-volumes';
import { dashboardProviders, datasources, grafanaIni } from './grafana-config';
import { imageOf, versionOf } from '../../lib/core/versions';

export const GRAFANA_VERSION = versionOf('grafana');

/**
 * Grafana with SSO through Dex, provisioned datasources, and the dashboards of the stack.
 * Dashboards are files from the GrafanaDashboard ConfigMaps (a projected volume, one folder per
 * Grafana folder): no sidecar, and no API token in the Grafana pod.
 */
export class GrafanaChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'grafana', { namespace, phase: 'workloads', description: 'Grafana with Dex SSO, datasources and dashboards' });
    const g = ctx.config.grafana;
    const where = `config/${ctx.name}/grafana`;
    const hostname = ctx.grafanaHostname;
    check(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/.test(hostname), where, 'hostname', hostname, 'a DNS name such as "grafana.lab.example.net"');
    if (g.dex) checkUrl(where, 'dex.issuer', g.dex.issuer, ['https:']);
    const storageSize = g.storageSize ?? '5Gi';
    checkStorageSize(where, 'storageSize', storageSize);
    const ingressClass = g.ingressClassName ?? 'nginx';
    const tlsSecret = g.tlsSecretName ?? 'grafana-tls';
    checkDnsLabel(where, 'ingressClassName', ingressClass);

    const identity: AppIdentity = { name: 'grafana', component: 'dashboards', version: GRAFANA_VERSION };
    const labels = recommendedLabels(identity);
    new ServiceIdentity(this, 'identity', { name: 'grafana', namespace, labels });

    const ini = grafanaIni(ctx);
    const provisioning = { 'datasources.yaml': datasources(ctx), 'dashboards.yaml': dashboardProviders() };
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: 'grafana', namespace, labels }, data: { 'grafana.ini': ini } });
    new k8s.KubeConfigMap(this, 'provisioning', { metadata: { name: 'grafana-provisioning', namespace, labels }, data: provisioning });
    new k8s.KubePersistentVolumeClaim(this, 'pvc', {
      metadata: { name: 'grafana', namespace, labels },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: ctx.config.storageClass, resources: { requests: { storage: k8s.Quantity.fromString(storageSize) } } },
    });

    const admin = g.adminSecret;
    const env: k8s.EnvVar[] = [
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: useSecret(this, { name: admin.name, key: admin.userKey }, namespace, 'Grafana admin user name', 'grafana.adminSecret') } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: useSecret(this, { name: admin.name, key: admin.passwordKey }, namespace, 'Grafana admin password', 'grafana.adminSecret') } },
    ];
    if (g.database) {
      const db = g.database;
      checkOneOf(where, 'database.type', db.type, ['postgres', 'mysql']);
      checkHostPort(where, 'database.host', db.host, 'postgres.data.svc:5432');
      env.push(
        { name: 'GF_DATABASE_TYPE', value: db.type },
        { name: 'GF_DATABASE_HOST', value: db.host },
        { name: 'GF_DATABASE_NAME', value: db.name },
        { name: 'GF_DATABASE_USER', value: db.user },
        { name: 'GF_DATABASE_PASSWORD', valueFrom: { secretKeyRef: useSecret(this, db.password, namespace, 'Grafana database password', 'grafana.database.password') } },
        ...(db.type === 'postgres' ? [{ name: 'GF_DATABASE_SSL_MODE', value: db.sslMode ?? 'require' }] : []),
      );
    }
    if (g.dex) {
      env.push({ name: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET', valueFrom: { secretKeyRef: useSecret(this, g.dex.clientSecret, namespace, 'Dex OAuth client secret of Grafana', 'grafana.dex.clientSecret') } });
    }

    // Resolved at synth time, once every component (the dashboards one included) exists.
    const folders = () => dashboardFolders(GrafanaDashboard.all(this.node.root), this, namespace, DATASOURCE_UIDS);
    const checksum = createHash('sha256').update(ini + JSON.stringify(provisioning)).digest('hex').slice(0, 16);

    deployment(this, 'deployment', {
      identity,
      namespace,
      recreate: true,
      serviceAccountName: 'grafana',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472, seccompProfile: { type: 'RuntimeDefault' } },
      annotations: { 'observability-stack/config-checksum': checksum },
      containers: [{ ...hardenedContainer(this, {
        name: 'grafana',
        image: imageOf('grafana'),
        env,
        ports: [{ name: 'http', containerPort: 3000, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
        livenessProbe: httpProbe('/api/health', 'http', { initialDelaySeconds: 30 }),
        readinessProbe: httpProbe('/api/health', 'http'),
      }), volumeMounts: Lazy.any({
        produce: () => [
          { name: 'config', mountPath: '/etc/grafana/grafana.ini', subPath: 'grafana.ini', readOnly: true },
          { name: 'provisioning', mountPath: '/etc/grafana/provisioning/datasources/datasources.yaml', subPath: 'datasources.yaml', readOnly: true },
          { name: 'provisioning', mountPath: '/etc/grafana/provisioning/dashboards/dashboards.yaml', subPath: 'dashboards.yaml', readOnly: true },
          ...folders().map((f) => f.mount),
          { name: 'data', mountPath: '/var/lib/grafana' },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      }) as unknown as k8s.VolumeMount[] }],
      volumes: Lazy.any({
        produce: () => [
          { name: 'config', configMap: { name: 'grafana' } },
          { name: 'provisioning', configMap: { name: 'grafana-provisioning' } },
          ...folders().map((f) => f.volume),
          { name: 'data', persistentVolumeClaim: { claimName: 'grafana' } },
          { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('128Mi') } },
        ],
      }) as unknown as k8s.Volume[],
    });
    service(this, 'service', identity, namespace, [{ name: 'http', port: endpoints(ctx).grafana.port, targetPort: 'http' }]);
    for (const key of ['tls.crt', 'tls.key']) useSecret(this, { name: tlsSecret, key }, namespace, 'Grafana ingress TLS certificate (e.g. issued by cert-manager)', 'grafana.tlsSecretName');
    new k8s.KubeIngress(this, 'ingress', {
      metadata: { name: 'grafana', namespace, labels },
      spec: {
        ingressClassName: ingressClass,
        tls: [{ hosts: [hostname], secretName: tlsSecret }],
        rules: [{ host: hostname, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'grafana', port: { name: 'http' } } } }] } }],
      },
    });
    new ObservedService(this, 'monitoring', { name: 'grafana', selector: selectorLabels(identity), port: 'http' });
  }
}
