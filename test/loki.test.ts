import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { renderCluster } from '../charts/stack';
import { referenceCluster } from './support/reference';
import { isLogMetricQuery, logqlSyntaxError } from '../lib/query/logql';

const cluster = referenceCluster();
const obj = (file: string) => parse(cluster.files.get(file)!);
const loki = parse(obj('loki/configmap-loki.yaml').data['config.yaml']);
const sts = obj('loki/statefulset-loki.yaml');

describe('Loki', () => {
  test('stores chunks and index in Garage over S3, path-style, keys from the environment', () => {
    expect(loki.common.storage.s3).toEqual({
      endpoint: 'garage.garage.svc.cluster.local:3900',
      insecure: true,
      region: 'garage',
      bucketnames: 'loki-chunks',
      s3forcepathstyle: true,
      access_key_id: '${S3_ACCESS_KEY_ID}',
      secret_access_key: '${S3_SECRET_ACCESS_KEY}',
    });
    const env = sts.spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'S3_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'loki-s3', key: 'access-key-id' } } },
      { name: 'S3_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'loki-s3', key: 'secret-access-key' } } },
    ]);
    expect(sts.spec.template.spec.containers[0].args).toContain('-config.expand-env=true');
  });
  test('uses the TSDB index with schema v13', () => {
    expect(loki.schema_config.configs).toEqual([{ from: '2024-04-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'index_', period: '24h' } }]);
  });
  test('forms a memberlist ring between the replicas', () => {
    expect(loki.common.ring.kvstore.store).toBe('memberlist');
    expect(loki.memberlist.join_members).toEqual(['loki-memberlist.logging.svc.cluster.local:7946']);
    expect(obj('loki/service-loki-memberlist.yaml').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(sts.spec.replicas).toBe(2);
  });
  test('applies retention from config in the compactor', () => {
    expect(loki.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 's3' });
    expect(loki.limits_config.retention_period).toBe('720h');
  });
  test('keeps its WAL on a persistent volume and has a disruption budget', () => {
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'longhorn', resources: { requests: { storage: '10Gi' } } });
    expect(obj('loki/poddisruptionbudget-loki.yaml').spec.maxUnavailable).toBe(1);
  });
  test('the ruler loads the log alert rules and alerts to Alertmanager', () => {
    expect(loki.ruler.alertmanager_url).toBe('http://alertmanager.monitoring.svc:9093');
    // One Alertmanager: its Service is the replica, no SRV lookup.
    expect(loki.ruler.enable_alertmanager_discovery).toBeUndefined();
    const rules = obj('loki/configmap-loki-rules-log-alerts.yaml');
    expect(Object.keys(rules.data)).toEqual(['log-alerts.yaml']);
    const mount = sts.spec.template.spec.containers[0].volumeMounts.find((m: { name: string }) => m.name === 'rules');
    expect(mount.mountPath).toBe('/etc/loki/rules/homelab');
  });
  test('bucket names follow S3 rules', () => {
    const withBucket = (chunks: string) => () => renderCluster({ ...homelab, loki: { ...homelab.loki, s3: { ...homelab.loki.s3, buckets: { chunks } } } });
    expect(withBucket('Loki_Chunks')).toThrow('config/homelab/loki: s3.buckets.chunks = "Loki_Chunks" is not valid; expected an S3 bucket name');
    expect(withBucket('lc')).toThrow(/s3\.buckets\.chunks = "lc" is not valid/);
    expect(withBucket('loki.chunks')).not.toThrow();
  });
  test('ships log alerts that pod logs can fire, each parsed as LogQL', () => {
    const groups = parse(obj('loki/configmap-loki-rules-log-alerts.yaml').data['log-alerts.yaml']).groups;
    const rules = groups[0].rules as { alert: string; expr: string }[];
    expect(rules.map((r) => r.alert)).toEqual(['NamespaceErrorLogBurst', 'JavaOutOfMemoryInLogs']);
    for (const r of rules) {
      expect(logqlSyntaxError(r.expr)).toBeUndefined();
      expect(isLogMetricQuery(r.expr)).toBe(true);
      // Streams carry only the labels the log agent sets.
      for (const [, label] of r.expr.matchAll(/[{,]\s*([a-z_]+)\s*=~?/g)) expect(['namespace', 'pod', 'container', 'node', 'app', 'cluster']).toContain(label);
    }
  });
  test('bad retention is rejected', () => {
    expect(() => renderCluster({ ...homelab, loki: { ...homelab.loki, retention: '90m' } })).toThrow('config/homelab/loki: retention = "90m" is not valid; expected whole hours, at least "1d"');
  });
});

describe('Loki gateway', () => {
  const conf = obj('loki/configmap-loki-gateway.yaml').data['nginx.conf'];
  test('is the Service agents and Grafana use, on port 80', () => {
    expect(obj('loki/service-loki-gateway.yaml').spec.ports[0]).toEqual({ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' });
  });
  test('routes push and query paths to Loki', () => {
    expect(conf).toContain('set $loki http://loki.logging.svc.cluster.local:3100;');
    expect(conf).toContain('location = /loki/api/v1/push {');
    expect(conf).toContain('location /loki/api/ {');
    expect(conf).toContain('location = /ready {');
    expect(conf).toContain('resolver kube-dns.kube-system.svc.cluster.local');
  });
  test('runs unprivileged with a read-only root filesystem', () => {
    const c = obj('loki/deployment-loki-gateway.yaml').spec.template.spec.containers[0];
    expect(c.image).toMatch(/nginx-unprivileged:1\.30\.4-alpine$/);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  });
});

describe('log-agent', () => {
  test('the reference cluster runs Promtail pushing to the gateway', () => {
    const cm = parse(obj('log-agent/configmap-promtail.yaml').data['config.yaml']);
    expect(cm.clients[0].url).toBe('http://loki-gateway.logging.svc/loki/api/v1/push');
  });
  test('the same config switches to Alloy', () => {
    const alloy = renderCluster({ ...homelab, logAgent: { ...homelab.logAgent, agent: 'alloy' } });
    expect(alloy.files.has('log-agent/daemonset-alloy.yaml')).toBe(true);
    expect(alloy.files.has('log-agent/daemonset-promtail.yaml')).toBe(false);
  });
});
