import { ClusterConfig, COMPONENT_NAMES } from './types';

/**
 * The `ha` reference cluster: five nodes, every component replicated, Prometheus pairs behind
 * Thanos with blocks in Garage, a three-member Alertmanager cluster.
 */
export const datacenter: ClusterConfig = {
  name: 'datacenter',
  availability: 'ha',
  components: COMPONENT_NAMES,
  nodeCount: 5,
  domain: 'dc.example.net',
  storageClass: 'ceph-rbd',
  gitops: {
    repoURL: 'https://github.com/example/datacenter-observability.git',
    targetRevision: 'main',
  },
  notifications: {
    heartbeat: { url: { name: 'alertmanager-notifications', key: 'heartbeat-url' } },
    slack: { channel: '#dc-alerts', webhookUrl: { name: 'alertmanager-notifications', key: 'slack-webhook-url' } },
  },
  thanos: {
    objectStorageConfig: { name: 'thanos-objstore', key: 'objstore.yaml' },
    retentionRaw: '30d',
    retention5m: '180d',
    retention1h: '730d',
  },
  grafana: {
    adminSecret: { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
    dex: {
      issuer: 'https://dex.dc.example.net',
      clientSecret: { name: 'grafana-oauth', key: 'client-secret' },
      adminGroups: ['dc-admins'],
      editorGroups: ['dc-operators'],
    },
  },
  loki: {
    retention: '30d',
    s3: {
      endpoint: 'http://garage.garage.svc.cluster.local:3900',
      region: 'garage',
      buckets: { chunks: 'dc-loki-chunks' },
      accessKeyId: { name: 'loki-s3', key: 'access-key-id' },
      secretAccessKey: { name: 'loki-s3', key: 'secret-access-key' },
    },
  },
  logAgent: { agent: 'alloy' },
  robusta: {
    sinks: [
      { name: 'slack_alerts', kind: 'slack', channel: 'dc-alerts', credential: { name: 'robusta-sinks', key: 'slack-bot-token' } },
    ],
  },
  dataServices: {
    postgresql: { namespace: 'data', selector: { 'app.kubernetes.io/name': 'prometheus-postgres-exporter' }, port: 'http' },
    redpanda: { namespace: 'data', selector: { 'app.kubernetes.io/name': 'redpanda' }, port: 'admin', path: '/public_metrics' },
  },
};
