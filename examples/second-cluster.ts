import { ClusterConfig, COMPONENT_NAMES } from '../config/types';

/** The README's second-cluster example (config/base.ts and config/staging.ts), rendered by test/examples.test.ts. */
export const base = {
  components: COMPONENT_NAMES,
  storageClass: 'longhorn',
  gitops: { repoURL: 'https://github.com/example/homelab-observability.git' },
  prometheus: { retention: '30d', retentionSize: '40GiB', storageSize: '50Gi' },
} satisfies Partial<ClusterConfig>;

export const staging: ClusterConfig = {
  ...base,
  name: 'staging',
  components: base.components.filter((c) => c !== 'speedtest-exporter'),
  kubernetesVersion: '1.35',
  nodeCount: 3,
  domain: 'staging.example.net',
  notifications: {
    slack: { channel: '#staging-alerts', webhookUrl: { name: 'alertmanager-notifications', key: 'slack-webhook-url' } },
  },
  grafana: {
    adminSecret: { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
    dex: { issuer: 'https://dex.staging.example.net', clientId: 'grafana-staging', clientSecret: { name: 'grafana-oauth', key: 'client-secret' } },
  },
  loki: {
    s3: {
      endpoint: 'http://garage.garage.svc.cluster.local:3900',
      buckets: { chunks: 'loki-chunks-staging' },
      accessKeyId: { name: 'loki-s3', key: 'access-key-id' },
      secretAccessKey: { name: 'loki-s3', key: 'secret-access-key' },
    },
  },
  robusta: { sinks: [{ name: 'slack_staging', kind: 'slack', channel: 'staging-alerts', credential: { name: 'robusta-sinks', key: 'slack-bot-token' } }] },
  extensions: [],
};
