import { ClusterConfig, COMPONENT_NAMES } from './types';

/** The reference cluster: a 7-node homelab with Garage for S3 and Dex for SSO. */
export const homelab: ClusterConfig = {
  name: 'homelab',
  components: COMPONENT_NAMES,
  kubernetesVersion: '1.36',
  nodeCount: 7,
  domain: 'lab.example.net',
  storageClass: 'longhorn',
  gitops: {
    repoURL: 'https://github.com/example/homelab-observability.git',
    targetRevision: 'main',
  },
  notifications: {
    heartbeat: { url: { name: 'alertmanager-notifications', key: 'heartbeat-url' } },
    slack: { channel: '#homelab-alerts', webhookUrl: { name: 'alertmanager-notifications', key: 'slack-webhook-url' } },
    email: {
      to: 'ops@lab.example.net',
      from: 'alertmanager@lab.example.net',
      smarthost: 'smtp.lab.example.net:587',
      username: 'alertmanager@lab.example.net',
      password: { name: 'alertmanager-notifications', key: 'smtp-password' },
    },
    teams: { webhookUrl: { name: 'alertmanager-notifications', key: 'teams-webhook-url' } },
  },
  prometheus: { retention: '30d', retentionSize: '40GB', storageSize: '50Gi' },
  nodeExporter: {
    textfileCollectors: [
      {
        name: 'var_log_size',
        intervalSeconds: 900,
        script: [
          '# Logs are what fills the small SD/eMMC system disks of these nodes. Directories only root',
          '# may read (e.g. /var/log/private) are not counted; a missing /var/log fails the run.',
          'log_dir="${HOST_ROOT:-/host/root}/var/log"',
          '[ -d "$log_dir" ] || exit 1',
          'kb=$(du -sk "$log_dir" 2>/dev/null | cut -f1)',
          '[ -n "$kb" ] || exit 1',
          'echo "# HELP node_var_log_bytes Disk space used under /var/log (what an unprivileged user can see)."',
          'echo "# TYPE node_var_log_bytes gauge"',
          'echo "node_var_log_bytes $((kb * 1024))"',
        ].join('\n'),
      },
      {
        name: 'zombie_processes',
        intervalSeconds: 300,
        script: [
          '# Zombies pile up under containers without an init that reaps their children.',
          'n=0',
          'for f in "${HOST_PROC:-/host/proc}"/[0-9]*/stat; do',
          '  # The state follows the command name, which may contain spaces: cut after the last ")".',
          '  st=$(sed "s/.*) //" "$f" 2>/dev/null | cut -c1)',
          '  if [ "$st" = Z ]; then n=$((n + 1)); fi',
          'done',
          'echo "# HELP node_zombie_processes Processes that exited but were not reaped by their parent."',
          'echo "# TYPE node_zombie_processes gauge"',
          'echo "node_zombie_processes $n"',
        ].join('\n'),
      },
    ],
  },
  speedtest: { interval: '30m', minDownloadMbps: 200, minUploadMbps: 20 },
  grafana: {
    adminSecret: { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
    dex: {
      issuer: 'https://dex.lab.example.net',
      clientId: 'grafana',
      clientSecret: { name: 'grafana-oauth', key: 'client-secret' },
      adminGroups: ['homelab-admins'],
      editorGroups: ['homelab-editors'],
    },
  },
  loki: {
    replicas: 2,
    retention: '30d',
    s3: {
      endpoint: 'http://garage.garage.svc.cluster.local:3900',
      region: 'garage',
      buckets: { chunks: 'loki-chunks' },
      accessKeyId: { name: 'loki-s3', key: 'access-key-id' },
      secretAccessKey: { name: 'loki-s3', key: 'secret-access-key' },
    },
  },
  logAgent: {
    // Grafana Alloy, the default: Promtail, which this cluster ran first, is end of life (see the README).
    stageGroups: [
      // Grafana logs logfmt, but its plugins log JSON; Loki's own debug chatter is noise.
      { selector: '{namespace="logging", container="loki"}', stages: [{ drop: { regex: 'level=debug' } }] },
      // Java services (Trino, Spark) print multi-line stack traces.
      { selector: '{namespace="data"}', stages: [{ multiline: { firstLine: '^\\d{4}-\\d{2}-\\d{2}' } }] },
    ],
  },
  robusta: {
    sinks: [
      { name: 'slack_alerts', kind: 'slack', channel: 'homelab-alerts', credential: { name: 'robusta-sinks', key: 'slack-bot-token' } },
      { name: 'teams_critical', kind: 'teams', severities: ['HIGH'], credential: { name: 'robusta-sinks', key: 'teams-webhook-url' } },
      { name: 'mail_critical', kind: 'email', severities: ['HIGH'], credential: { name: 'robusta-sinks', key: 'mailto-url' } },
    ],
    remediations: [],
  },
  dataServices: {
    airflow: { namespace: 'data', selector: { component: 'statsd', release: 'airflow' }, port: 'statsd-scrape' },
    // Trino with password authentication: its /metrics needs HTTPS and a user.
    trino: {
      namespace: 'data', selector: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/component': 'coordinator' }, port: 'https', scheme: 'https', kind: 'pod',
      auth: {
        tlsCa: { name: 'trino-metrics', key: 'ca.crt' },
        tlsServerName: 'trino.data.svc.cluster.local',
        basicAuth: { username: { name: 'trino-metrics', key: 'username' }, password: { name: 'trino-metrics', key: 'password' } },
      },
    },
    redpanda: { namespace: 'data', selector: { 'app.kubernetes.io/name': 'redpanda' }, port: 'admin', path: '/public_metrics' },
    postgresql: { namespace: 'data', selector: { 'app.kubernetes.io/name': 'prometheus-postgres-exporter' }, port: 'http' },
    spark: { namespace: 'data', selector: { 'spark-role': 'driver' }, port: 'spark-ui', kind: 'pod', path: '/metrics/executors/prometheus' },
  },
};
