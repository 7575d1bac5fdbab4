import { DashboardDef, toLogs } from './dashboard-defs';

const r = '[$__rate_interval]';
const q99 = (bucket: string, by = '') => `histogram_quantile(0.99, sum by (le${by ? `, ${by}` : ''}) (rate(${bucket}${r})))`;

/** The kubelets: pods, containers, the container runtime and the pod lifecycle loop. */
export const kubeletDashboard: DashboardDef = {
  uid: 'kubelet',
  title: 'Kubelet',
  folder: 'Kubernetes',
  tags: ['kubernetes'],
  variables: [{ name: 'node', query: 'label_values(kubelet_running_pods{job="kubelet"}, node)' }],
  panels: ((): DashboardDef['panels'] => {
    const K = 'job="kubelet",metrics_path="/metrics",node=~"$node"';
    return [
      { title: 'Running pods', type: 'stat', queries: [{ expr: `sum(kubelet_running_pods{${K}})` }] },
      { title: 'Running containers', type: 'stat', queries: [{ expr: `sum(kubelet_running_containers{${K},container_state="running"})` }] },
      { title: 'Evictions (1h)', type: 'stat', queries: [{ expr: `sum(increase(kubelet_evictions{${K}}[1h]))` }] },
      { title: 'Client certificate expires in', type: 'stat', unit: 's', queries: [{ expr: `min(kubelet_certificate_manager_client_ttl_seconds{${K}})` }] },
      { title: 'Runtime operations', unit: 'ops', queries: [{ expr: `sum by (operation_type) (rate(kubelet_runtime_operations_total{${K}}${r}))`, legend: '{{ operation_type }}' }] },
      { title: 'Runtime operation errors', unit: 'ops', queries: [{ expr: `sum by (operation_type) (rate(kubelet_runtime_operations_errors_total{${K}}${r}))`, legend: '{{ operation_type }}' }] },
      { title: 'Pod lifecycle relist (PLEG) p99', unit: 's', queries: [{ expr: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{node=~"$node",quantile="0.99"}', legend: '{{ node }}' }] },
      { title: 'Pod start duration p99', unit: 's', queries: [{ expr: q99(`kubelet_pod_start_duration_seconds_bucket{${K}}`, 'node'), legend: '{{ node }}' }] },
    ];
  })(),
};

/** CoreDNS: queries, answers, latency and cache. */
export const corednsDashboard: DashboardDef = {
  uid: 'coredns',
  title: 'CoreDNS',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'dns'],
  panels: [
    { title: 'Instances up', type: 'stat', queries: [{ expr: 'sum(up{job="coredns"})' }] },
    { title: 'Cache hit ratio', type: 'stat', unit: 'percentunit', queries: [{ expr: `sum(rate(coredns_cache_hits_total{job="coredns"}${r})) / (sum(rate(coredns_cache_hits_total{job="coredns"}${r})) + sum(rate(coredns_cache_misses_total{job="coredns"}${r})))` }] },
    { title: 'Requests by type', unit: 'reqps', queries: [{ expr: `sum by (type) (rate(coredns_dns_requests_total{job="coredns"}${r}))`, legend: '{{ type }}' }] },
    { title: 'Responses by code', unit: 'reqps', queries: [{ expr: `sum by (rcode) (rate(coredns_dns_responses_total{job="coredns"}${r}))`, legend: '{{ rcode }}' }] },
    { title: 'Request latency p99', unit: 's', queries: [{ expr: q99('coredns_dns_request_duration_seconds_bucket{job="coredns"}', 'server'), legend: '{{ server }}' }] },
  ],
};

/** The API server: availability, errors, latency, queues. */
export const apiserverDashboard: DashboardDef = {
  uid: 'apiserver',
  title: 'API server',
  folder: 'Kubernetes',
  tags: ['kubernetes'],
  panels: [
    { title: 'Instances up', type: 'stat', queries: [{ expr: 'sum(up{job="apiserver"})' }] },
    { title: 'Error ratio (5xx)', type: 'stat', unit: 'percentunit', queries: [{ expr: `sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}${r})) / sum(rate(apiserver_request_total{job="apiserver"}${r}))` }] },
    { title: 'Requests by code', unit: 'reqps', queries: [{ expr: 'sum by (code) (code_resource:apiserver_request_total:rate5m)', legend: '{{ code }}' }] },
    { title: 'Requests by resource', unit: 'reqps', queries: [{ expr: 'sum by (resource) (code_resource:apiserver_request_total:rate5m)', legend: '{{ resource }}' }] },
    { title: 'Request latency p99 by verb', unit: 's', queries: [{ expr: 'max by (verb) (cluster_quantile:apiserver_request_duration_seconds:histogram_quantile{quantile="0.99"})', legend: '{{ verb }}' }] },
    { title: 'Work queue depth', queries: [{ expr: 'sum by (name) (workqueue_depth{job="apiserver"})', legend: '{{ name }}' }] },
    { title: 'Requests in flight', queries: [{ expr: 'sum by (request_kind) (apiserver_current_inflight_requests{job="apiserver"})', legend: '{{ request_kind }}' }] },
    { title: 'Memory', unit: 'bytes', queries: [{ expr: 'process_resident_memory_bytes{job="apiserver"}', legend: '{{ instance }}' }] },
  ],
};

/** Prometheus itself: series, ingestion, scrapes, rules, queries, notifications. */
export const prometheusDashboard: DashboardDef = {
  uid: 'prometheus-self',
  title: 'Prometheus',
  folder: 'Monitoring',
  tags: ['prometheus'],
  panels: [
    { title: 'Head series', type: 'stat', queries: [{ expr: 'sum(prometheus_tsdb_head_series{job="prometheus"})' }] },
    { title: 'Samples appended', type: 'stat', unit: 'short', queries: [{ expr: `sum(rate(prometheus_tsdb_head_samples_appended_total{job="prometheus"}${r}))` }] },
    { title: 'Targets down', type: 'stat', queries: [{ expr: 'count(up == 0) or vector(0)' }] },
    { title: 'Config reloaded', type: 'stat', queries: [{ expr: 'min(prometheus_config_last_reload_successful{job="prometheus"})' }] },
    { title: 'Targets up by job', queries: [{ expr: 'sum by (job) (up)', legend: '{{ job }}' }] },
    { title: 'Scrape duration by job', unit: 's', queries: [{ expr: 'max by (job) (scrape_duration_seconds)', legend: '{{ job }}' }] },
    { title: 'Samples scraped by job', queries: [{ expr: 'sum by (job) (scrape_samples_scraped)', legend: '{{ job }}' }] },
    { title: 'Rule group evaluation time', unit: 's', queries: [{ expr: 'max by (rule_group) (prometheus_rule_group_last_duration_seconds{job="prometheus"})', legend: '{{ rule_group }}' }] },
    { title: 'Query duration p90', unit: 's', queries: [{ expr: 'max by (slice) (prometheus_engine_query_duration_seconds{job="prometheus",quantile="0.9"})', legend: '{{ slice }}' }] },
    { title: 'Notifications', unit: 'ops', queries: [
      { expr: `sum(rate(prometheus_notifications_sent_total{job="prometheus"}${r}))`, legend: 'sent' },
      { expr: `sum(rate(prometheus_notifications_errors_total{job="prometheus"}${r}))`, legend: 'errors' },
      { expr: `sum(rate(prometheus_notifications_dropped_total{job="prometheus"}${r}))`, legend: 'dropped' },
    ] },
  ],
};

/** Alertmanager: alerts, notifications per integration, their failures and latency. */
export const alertmanagerDashboard: DashboardDef = {
  uid: 'alertmanager-self',
  title: 'Alertmanager',
  folder: 'Monitoring',
  tags: ['alertmanager'],
  panels: [
    { title: 'Active alerts', type: 'stat', queries: [{ expr: 'max(alertmanager_alerts{job="alertmanager",state="active"})' }] },
    { title: 'Suppressed alerts', type: 'stat', queries: [{ expr: 'max(alertmanager_alerts{job="alertmanager",state="suppressed"})' }] },
    { title: 'Active silences', type: 'stat', queries: [{ expr: 'max(alertmanager_silences{job="alertmanager",state="active"})' }] },
    { title: 'Cluster members', type: 'stat', queries: [{ expr: 'min(alertmanager_cluster_members{job="alertmanager"})' }] },
    { title: 'Alerts received', unit: 'ops', queries: [{ expr: `sum by (status) (rate(alertmanager_alerts_received_total{job="alertmanager"}${r}))`, legend: '{{ status }}' }] },
    { title: 'Notifications by integration', unit: 'ops', queries: [{ expr: `sum by (integration) (rate(alertmanager_notifications_total{job="alertmanager"}${r}))`, legend: '{{ integration }}' }] },
    { title: 'Failed notifications by integration', unit: 'ops', queries: [{ expr: `sum by (integration) (rate(alertmanager_notifications_failed_total{job="alertmanager"}${r}))`, legend: '{{ integration }}' }] },
    { title: 'Notification latency p99', unit: 's', queries: [{ expr: q99('alertmanager_notification_latency_seconds_bucket{job="alertmanager"}', 'integration'), legend: '{{ integration }}' }] },
  ],
};

/** Loki: pushes, queries, ingestion, discarded lines, streams. */
export const lokiDashboard: DashboardDef = {
  uid: 'loki-self',
  title: 'Loki',
  folder: 'Logs',
  tags: ['logs', 'loki'],
  panels: [
    { title: 'Lines received', type: 'stat', unit: 'short', queries: [{ expr: `sum(rate(loki_distributor_lines_received_total{job="loki"}${r}))` }] },
    { title: 'Bytes received', type: 'stat', unit: 'Bps', queries: [{ expr: `sum(rate(loki_distributor_bytes_received_total{job="loki"}${r}))` }] },
    { title: 'Streams in memory', type: 'stat', queries: [{ expr: 'sum(loki_ingester_memory_streams{job="loki"})' }] },
    { title: 'Gateway requests', type: 'stat', unit: 'reqps', queries: [{ expr: `sum(rate(nginx_http_requests_total{job="loki-gateway"}${r}))` }] },
    { title: 'Requests by route and status', unit: 'reqps', queries: [{ expr: `sum by (route, status_code) (rate(loki_request_duration_seconds_count{job="loki"}${r}))`, legend: '{{ route }} {{ status_code }}' }] },
    { title: 'Push latency p99', unit: 's', queries: [{ expr: q99('loki_request_duration_seconds_bucket{job="loki",route="loki_api_v1_push"}'), legend: 'push' }] },
    { title: 'Discarded lines by reason', unit: 'short', queries: [{ expr: `sum by (reason) (rate(loki_discarded_samples_total{job="loki"}${r}))`, legend: '{{ reason }}' }] },
    { title: 'Streams created', unit: 'short', queries: [{ expr: `sum(rate(loki_ingester_streams_created_total{job="loki"}${r}))`, legend: 'streams' }] },
  ],
};

/** The log agent on every node: lines shipped, dropped, push errors. */
export function logAgentDashboard(agent: 'promtail' | 'alloy'): DashboardDef {
  const J = `job="${agent}",node=~"$node"`;
  const [sent, dropped, requests] = agent === 'promtail'
    ? ['promtail_sent_entries_total', 'promtail_dropped_entries_total', 'promtail_request_duration_seconds_count']
    : ['loki_write_sent_entries_total', 'loki_write_dropped_entries_total', 'loki_write_request_duration_seconds_count'];
  const logs = [toLogs('${__field.labels.namespace}', '${__field.labels.pod}')];
  return {
    uid: 'log-agent',
    title: `Log agent (${agent})`,
    folder: 'Logs',
    tags: ['logs', agent],
    variables: [{ name: 'node', query: `label_values(up{job="${agent}"}, node)`, multi: true, includeAll: true }],
    panels: [
      { title: 'Agents up', type: 'stat', queries: [{ expr: `sum(up{${J}})` }] },
      { title: 'Lines shipped', type: 'stat', unit: 'short', queries: [{ expr: `sum(rate(${sent}{${J}}${r}))` }] },
      { title: 'Lines dropped (1h)', type: 'stat', queries: [{ expr: `sum(increase(${dropped}{${J}}[1h]))` }] },
      { title: 'Push errors', type: 'stat', unit: 'reqps', queries: [{ expr: `sum(rate(${requests}{${J},status_code!~"2.."}${r}))` }] },
      { title: 'Lines shipped by node', unit: 'short', queries: [{ expr: `sum by (node) (rate(${sent}{${J}}${r}))`, legend: '{{ node }}' }] },
      { title: 'Lines dropped by reason', unit: 'short', links: logs, queries: [{ expr: `sum by (node, reason) (rate(${dropped}{${J}}${r}))`, legend: '{{ node }} {{ reason }}' }] },
      { title: 'Push requests by status', unit: 'reqps', queries: [{ expr: `sum by (status_code) (rate(${requests}{${J}}${r}))`, legend: '{{ status_code }}' }] },
      ...(agent === 'promtail' ? [
        { title: 'Bytes read by node', unit: 'Bps', queries: [{ expr: `sum by (node) (rate(promtail_read_bytes_total{${J}}${r}))`, legend: '{{ node }}' }] },
        { title: 'Files tailed by node', queries: [{ expr: `sum by (node) (promtail_files_active_total{${J}})`, legend: '{{ node }}' }] },
      ] : [
        { title: 'Bytes shipped by node', unit: 'Bps', queries: [{ expr: `sum by (node) (rate(loki_write_sent_bytes_total{${J}}${r}))`, legend: '{{ node }}' }] },
      ]),
    ],
  };
}
