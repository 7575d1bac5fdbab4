import { ClusterConfig, COMPONENT_NAMES } from './types';

/**
 * The `ha` reference cluster: five nodes, every component replicated, Prometheus pairs behind
 * Thanos with blocks in Garage, a three-member Alertmanager cluster, Loki in simple scalable
 * mode; and the hub of a multi-cluster view, its Thanos Query reading the edge cluster too and
 * offering its own Store API over mutual TLS.
 */
export const datacenter: ClusterConfig = {
  name: 'datacenter',
  availability: 'ha',
  components: COMPONENT_NAMES,
  kubernetesVersion: '1.35',
  nodeCount: 5,
  controlPlane: { apiServers: 3, corednsReplicas: 2 },
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
    // The hub: its Thanos Query also reads the edge cluster's Store API, over mutual TLS.
    remoteEndpoints: [{
      cluster: 'edge',
      address: 'thanos-grpc.edge.example.net:443',
      ca: { name: 'thanos-remote-edge', key: 'ca.crt' },
      clientCertificate: { cert: { name: 'thanos-remote-edge', key: 'tls.crt' }, key: { name: 'thanos-remote-edge', key: 'tls.key' } },
    }],
    // And it offers its own Store API (for a global view), to clients with a certificate.
    storeApi: {
      cert: { name: 'thanos-store-api', key: 'tls.crt' },
      key: { name: 'thanos-store-api', key: 'tls.key' },
      clientCa: { name: 'thanos-store-api', key: 'client-ca.crt' },
    },
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
