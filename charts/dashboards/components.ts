import { DashboardPanel } from '../../lib/dashboards/types';
import { DashboardDef, toLogs, toPrometheusReplica, UIDS } from './dashboard-defs';

const r = '[$__rate_interval]';
const q99 = (bucket: string, by = '') => `histogram_quantile(0.99, sum by (le${by ? `, ${by}` : ''}) (rate(${bucket}${r})))`;
const ratio = (failed: string, total: string, by = '') => `sum${by ? ` by (${by})` : ''} (rate(${failed}${r})) / sum${by ? ` by (${by})` : ''} (rate(${total}${r}))`;

/** The kubelets: pods, containers, the container runtime and the pod lifecycle loop. */
export const kubeletDashboard: DashboardDef = {
  uid: UIDS.kubelet,
  title: 'Kubelet',
  folder: 'Kubernetes',
  tags: ['kubernetes'],
  description: 'The kubelets of the picked nodes: pods, containers, runtime operations, PLEG, certificates and volumes.',
  links: [{ title: 'Compute resources / Node (Pods)', dashboard: UIDS.nodePods, vars: { node: '$node' } }],
  variables: [{ name: 'node', query: 'label_values(kubelet_running_pods{job="kubelet"}, node)', multi: true, includeAll: true }],
  panels: ((): DashboardPanel[] => {
    const K = 'job="kubelet",metrics_path="/metrics",node=~"$node"';
    return [
      { title: 'Running pods', type: 'stat', unit: 'short', description: 'Pods the picked kubelets run.', queries: [{ expr: `sum(kubelet_running_pods{${K}})` }] },
      { title: 'Running containers', type: 'stat', unit: 'short', description: 'Containers in state running.', queries: [{ expr: `sum(kubelet_running_containers{${K},container_state="running"})` }] },
      { title: 'Evictions (1h)', type: 'stat', unit: 'short', description: 'Pods evicted in the last hour for lack of a node resource.', queries: [{ expr: `sum(increase(kubelet_evictions{${K}}[1h]))` }] },
      { title: 'Client certificate expires in', type: 'stat', unit: 's', description: 'Time left on the soonest-expiring kubelet client certificate.', queries: [{ expr: `min(kubelet_certificate_manager_client_ttl_seconds{${K}})` }] },
      { title: 'Running pods by node', unit: 'short', description: 'Pods each kubelet runs.', queries: [{ expr: `sum by (node) (kubelet_running_pods{${K}})`, legend: '{{ node }}' }] },
      { title: 'Running containers by node', unit: 'short', description: 'Running containers on each node.', queries: [{ expr: `sum by (node) (kubelet_running_containers{${K},container_state="running"})`, legend: '{{ node }}' }] },
      { title: 'Runtime operations', unit: 'ops', description: 'Calls to the container runtime per second, by operation.', queries: [{ expr: `sum by (operation_type) (rate(kubelet_runtime_operations_total{${K}}${r}))`, legend: '{{ operation_type }}' }] },
      { title: 'Runtime operation errors', unit: 'ops', description: 'Failed calls to the container runtime per second, by operation.', queries: [{ expr: `sum by (operation_type) (rate(kubelet_runtime_operations_errors_total{${K}}${r}))`, legend: '{{ operation_type }}' }] },
      { title: 'Pod lifecycle relist (PLEG) p99', unit: 's', description: '99th percentile of the pod lifecycle event generator\'s relist: above a few seconds, the node turns NotReady.',
        queries: [{ expr: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{node=~"$node",quantile="0.99"}', legend: '{{ node }}' }] },
      { title: 'Pod start duration p99', unit: 's', description: '99th percentile of the time from a pod\'s creation to its containers running.', queries: [{ expr: q99(`kubelet_pod_start_duration_seconds_bucket{${K}}`, 'node'), legend: '{{ node }}' }] },
      { title: 'Evictions by node (1h)', unit: 'short', description: 'Evictions per node and signal in the last hour.', queries: [{ expr: `sum by (node, eviction_signal) (increase(kubelet_evictions{${K}}[1h]))`, legend: '{{ node }} {{ eviction_signal }}' }] },
      { title: 'Server certificate expires in', unit: 's', description: 'Time left on each kubelet\'s serving certificate.', queries: [{ expr: `min by (node) (kubelet_certificate_manager_server_ttl_seconds{${K}})`, legend: '{{ node }}' }] },
      { title: 'Certificate renewal errors', unit: 'short', description: 'Failed renewals of the kubelets\' client and serving certificates.', queries: [
        { expr: `sum(kubelet_certificate_manager_client_expiration_renew_errors{${K}})`, legend: 'client' },
        { expr: `sum(kubelet_server_expiration_renew_errors{${K}})`, legend: 'server' },
      ] },
    ];
  })(),
};

/** CoreDNS: queries, answers, latency and cache. */
export const corednsDashboard: DashboardDef = {
  uid: 'coredns',
  title: 'CoreDNS',
  folder: 'Kubernetes',
  tags: ['kubernetes', 'dns'],
  description: 'CoreDNS: requests, responses, latency and cache.',
  panels: [
    { title: 'Instances up', type: 'stat', unit: 'short', description: 'CoreDNS instances Prometheus scrapes successfully.', queries: [{ expr: 'sum(up{job="coredns"})' }] },
    { title: 'Cache hit ratio', type: 'stat', unit: 'percentunit', description: 'Share of answers served from the cache.',
      queries: [{ expr: `sum(rate(coredns_cache_hits_total{job="coredns"}${r})) / (sum(rate(coredns_cache_hits_total{job="coredns"}${r})) + sum(rate(coredns_cache_misses_total{job="coredns"}${r})))` }] },
    { title: 'Requests', type: 'stat', unit: 'reqps', description: 'DNS requests per second.', queries: [{ expr: `sum(rate(coredns_dns_requests_total{job="coredns"}${r}))` }] },
    { title: 'SERVFAIL ratio', type: 'stat', unit: 'percentunit', description: 'Share of responses that were SERVFAIL: upstream or plugin failures.',
      queries: [{ expr: `sum(rate(coredns_dns_responses_total{job="coredns",rcode="SERVFAIL"}${r})) / sum(rate(coredns_dns_responses_total{job="coredns"}${r}))` }] },
    { title: 'Requests by type', unit: 'reqps', description: 'DNS requests per second by record type.', queries: [{ expr: `sum by (type) (rate(coredns_dns_requests_total{job="coredns"}${r}))`, legend: '{{ type }}' }] },
    { title: 'Responses by code', unit: 'reqps', description: 'DNS responses per second by response code.', queries: [{ expr: `sum by (rcode) (rate(coredns_dns_responses_total{job="coredns"}${r}))`, legend: '{{ rcode }}' }] },
    { title: 'Request latency p99', unit: 's', description: '99th percentile of the time to answer, per server block.', queries: [{ expr: q99('coredns_dns_request_duration_seconds_bucket{job="coredns"}', 'server'), legend: '{{ server }}' }] },
    { title: 'Cache hits and misses', unit: 'ops', description: 'Cache hits per second by cache type, and misses.', queries: [
      { expr: `sum by (type) (rate(coredns_cache_hits_total{job="coredns"}${r}))`, legend: 'hits {{ type }}' },
      { expr: `sum(rate(coredns_cache_misses_total{job="coredns"}${r}))`, legend: 'misses' },
    ] },
    { title: 'Memory by instance', unit: 'bytes', description: 'Resident memory of each CoreDNS process.', queries: [{ expr: 'sum by (pod) (process_resident_memory_bytes{job="coredns"})', legend: '{{ pod }}' }] },
  ],
};

/** The API server: availability, errors, latency, queues. */
export const apiserverDashboard: DashboardDef = {
  uid: 'apiserver',
  title: 'API server',
  folder: 'Kubernetes',
  tags: ['kubernetes'],
  description: 'The Kubernetes API server: requests, errors, latency, work queues and resources.',
  panels: [
    { title: 'Instances up', type: 'stat', unit: 'short', description: 'API server instances Prometheus scrapes successfully.', queries: [{ expr: 'sum(up{job="apiserver"})' }] },
    { title: 'Error ratio (5xx)', type: 'stat', unit: 'percentunit', description: 'Share of requests answered with a 5xx code.',
      queries: [{ expr: ratio('apiserver_request_total{job="apiserver",code=~"5.."}', 'apiserver_request_total{job="apiserver"}') }] },
    { title: 'Requests', type: 'stat', unit: 'reqps', description: 'Requests per second, over 5 minutes.', queries: [{ expr: 'sum(code_resource:apiserver_request_total:rate5m)' }] },
    { title: 'Requests in flight', type: 'stat', unit: 'short', description: 'Requests being served now, all kinds.', queries: [{ expr: 'sum(apiserver_current_inflight_requests{job="apiserver"})' }] },
    { title: 'Requests by code', unit: 'reqps', description: 'Requests per second by response code, over 5 minutes.', queries: [{ expr: 'sum by (code) (code_resource:apiserver_request_total:rate5m)', legend: '{{ code }}' }] },
    { title: 'Requests by resource', unit: 'reqps', description: 'Requests per second by resource, over 5 minutes.', queries: [{ expr: 'sum by (resource) (code_resource:apiserver_request_total:rate5m)', legend: '{{ resource }}' }] },
    { title: 'Requests by verb and code (1h)', unit: 'short', description: 'Requests of the last hour by verb and code (the availability SLO\'s input).',
      queries: [{ expr: 'sum by (verb, code) (code_verb:apiserver_request_total:increase1h)', legend: '{{ verb }} {{ code }}' }] },
    { title: 'Request latency p99 by verb', unit: 's', description: '99th percentile of request latency per verb (long-running WATCH and CONNECT left out).',
      queries: [{ expr: 'max by (verb) (cluster_quantile:apiserver_request_duration_seconds:histogram_quantile{quantile="0.99"})', legend: '{{ verb }}' }] },
    { title: 'Request latency p99 by resource', unit: 's', description: '99th percentile of request latency per resource.',
      queries: [{ expr: 'max by (resource) (cluster_quantile:apiserver_request_duration_seconds:histogram_quantile{quantile="0.99"})', legend: '{{ resource }}' }] },
    { title: 'Work queue depth', unit: 'short', description: 'Items waiting in each controller work queue.', queries: [{ expr: 'sum by (name) (workqueue_depth{job="apiserver"})', legend: '{{ name }}' }] },
    { title: 'Work queue adds', unit: 'ops', description: 'Items added to each work queue per second.', queries: [{ expr: `sum by (name) (rate(workqueue_adds_total{job="apiserver"}${r}))`, legend: '{{ name }}' }] },
    { title: 'Requests in flight by kind', unit: 'short', description: 'Requests being served now, mutating and read-only.',
      queries: [{ expr: 'sum by (request_kind) (apiserver_current_inflight_requests{job="apiserver"})', legend: '{{ request_kind }}' }] },
    { title: 'Stored objects by resource', unit: 'short', description: 'Objects in etcd per resource, as the API server last counted them.',
      queries: [{ expr: 'topk(15, max by (resource) (apiserver_storage_objects{job="apiserver"}))', legend: '{{ resource }}' }] },
    { title: 'Memory', unit: 'bytes', description: 'Resident memory of each API server.', queries: [{ expr: 'sum by (instance) (process_resident_memory_bytes{job="apiserver"})', legend: '{{ instance }}' }] },
    { title: 'CPU', unit: 'short', description: 'CPU cores each API server uses.', queries: [{ expr: `sum by (instance) (rate(process_cpu_seconds_total{job="apiserver"}${r}))`, legend: '{{ instance }}' }] },
  ],
};

const PROM = 'job="prometheus"';

/** Prometheus itself: series, ingestion, scrapes, rules, queries, notifications, per replica. */
export const prometheusDashboard: DashboardDef = {
  uid: UIDS.prometheus,
  title: 'Prometheus',
  folder: 'Monitoring',
  tags: ['prometheus'],
  description: 'Prometheus: every replica side by side, scrapes, rules, queries and notifications. Click a replica for its own view.',
  links: [{ title: 'Prometheus replica', dashboard: UIDS.prometheusReplica }],
  panels: [
    { title: 'Replicas up', type: 'stat', unit: 'short', description: 'Prometheus replicas that scrape themselves successfully.', queries: [{ expr: `sum(up{${PROM}})` }] },
    { title: 'Targets down', type: 'stat', unit: 'short', description: 'Scrape targets whose last scrape failed.', queries: [{ expr: 'count(up == 0) or vector(0)' }] },
    { title: 'Config reloaded', type: 'stat', unit: 'bool', description: '1 while every replica\'s last configuration reload succeeded.', queries: [{ expr: `min(prometheus_config_last_reload_successful{${PROM}})` }] },
    { title: 'Rule evaluation failures', type: 'stat', unit: 'ops', description: 'Rule evaluations failing per second, all replicas.', queries: [{ expr: `sum(rate(prometheus_rule_evaluation_failures_total{${PROM}}${r}))` }] },
    { title: 'Head series by replica', unit: 'short', links: [toPrometheusReplica], description: 'Series in each replica\'s head block (replicas of a pair hold the same series).',
      queries: [{ expr: `sum by (pod) (prometheus_tsdb_head_series{${PROM}})`, legend: '{{ pod }}' }] },
    { title: 'Samples appended by replica', unit: 'short', links: [toPrometheusReplica], description: 'Samples ingested per second by each replica.',
      queries: [{ expr: `sum by (pod) (rate(prometheus_tsdb_head_samples_appended_total{${PROM}}${r}))`, legend: '{{ pod }}' }] },
    { title: 'Memory by replica', unit: 'bytes', links: [toPrometheusReplica], description: 'Resident memory of each replica.',
      queries: [{ expr: `sum by (pod) (process_resident_memory_bytes{${PROM}})`, legend: '{{ pod }}' }] },
    { title: 'Storage against retention size by replica', unit: 'percentunit', links: [toPrometheusReplica],
      description: 'Bytes of persisted blocks against retentionSize: at 100% the oldest blocks are deleted before the retention time.',
      queries: [{ expr: `sum by (pod) (prometheus_tsdb_storage_blocks_bytes{${PROM}}) / sum by (pod) (prometheus_tsdb_retention_limit_bytes{${PROM}} > 0)`, legend: '{{ pod }}' }] },
    { title: 'Targets up by job', unit: 'short', description: 'Targets answering, per scrape job.', queries: [{ expr: 'sum by (job) (up)', legend: '{{ job }}' }] },
    { title: 'Scrape duration by job', unit: 's', description: 'Longest scrape of each job.', queries: [{ expr: 'max by (job) (scrape_duration_seconds)', legend: '{{ job }}' }] },
    { title: 'Samples scraped by job', unit: 'short', description: 'Samples per scrape, summed per job: what each job costs.', queries: [{ expr: 'sum by (job) (scrape_samples_scraped)', legend: '{{ job }}' }] },
    { title: 'Rule group evaluation time', unit: 's', description: 'Duration of each rule group\'s last evaluation, slowest replica.', queries: [{ expr: `max by (rule_group) (prometheus_rule_group_last_duration_seconds{${PROM}})`, legend: '{{ rule_group }}' }] },
    { title: 'Query duration p90', unit: 's', description: '90th percentile of query time per stage, slowest replica.', queries: [{ expr: `max by (slice) (prometheus_engine_query_duration_seconds{${PROM},quantile="0.9"})`, legend: '{{ slice }}' }] },
    { title: 'Notifications', unit: 'ops', description: 'Alerts sent to Alertmanager per second, and those that failed or were dropped.', queries: [
      { expr: `sum(rate(prometheus_notifications_sent_total{${PROM}}${r}))`, legend: 'sent' },
      { expr: `sum(rate(prometheus_notifications_errors_total{${PROM}}${r}))`, legend: 'errors' },
      { expr: `sum(rate(prometheus_notifications_dropped_total{${PROM}}${r}))`, legend: 'dropped' },
    ] },
    { title: 'Alertmanagers discovered', unit: 'short', description: 'Alertmanagers each replica sends to.', queries: [{ expr: `sum by (pod) (prometheus_notifications_alertmanagers_discovered{${PROM}})`, legend: '{{ pod }}' }] },
    { title: 'Rule group iterations missed', unit: 'ops', description: 'Rule group evaluations skipped because the previous one was still running.',
      queries: [{ expr: `sum by (rule_group) (rate(prometheus_rule_group_iterations_missed_total{${PROM}}${r}))`, legend: '{{ rule_group }}' }] },
  ],
};

/** One Prometheus replica: its TSDB, WAL, storage against retention, memory, queries and scrapes. */
export const prometheusReplicaDashboard: DashboardDef = {
  uid: UIDS.prometheusReplica,
  title: 'Prometheus replica',
  folder: 'Monitoring',
  tags: ['prometheus'],
  description: 'One Prometheus replica: head, WAL, blocks against retention, memory, queries, rules and scrapes.',
  links: [{ title: 'Prometheus', dashboard: UIDS.prometheus }],
  variables: [{ name: 'pod', label: 'replica', query: `label_values(prometheus_tsdb_head_series{${PROM}}, pod)` }],
  panels: ((): DashboardPanel[] => {
    const P = `${PROM},pod="$pod"`;
    return [
      { title: 'Head series', type: 'stat', unit: 'short', description: 'Series in the replica\'s head block.', queries: [{ expr: `sum(prometheus_tsdb_head_series{${P}})` }] },
      { title: 'Memory', type: 'stat', unit: 'bytes', description: 'Resident memory of the replica.', queries: [{ expr: `sum(process_resident_memory_bytes{${P}})` }] },
      { title: 'Storage against retention size', type: 'stat', unit: 'percentunit', description: 'Bytes of persisted blocks against retentionSize.',
        queries: [{ expr: `sum(prometheus_tsdb_storage_blocks_bytes{${P}}) / sum(prometheus_tsdb_retention_limit_bytes{${P}} > 0)` }] },
      { title: 'Oldest data', type: 'stat', unit: 's', description: 'Age of the oldest sample the replica holds: how far back it answers.',
        queries: [{ expr: `time() - min(prometheus_tsdb_lowest_timestamp_seconds{${P}})` }] },
      { title: 'Head series and chunks', unit: 'short', description: 'Series and chunks in the head block.', queries: [
        { expr: `sum(prometheus_tsdb_head_series{${P}})`, legend: 'series' },
        { expr: `sum(prometheus_tsdb_head_chunks{${P}})`, legend: 'chunks' },
      ] },
      { title: 'Series churn', unit: 'ops', description: 'Series created and removed in the head per second: high churn costs memory.', queries: [
        { expr: `sum(rate(prometheus_tsdb_head_series_created_total{${P}}${r}))`, legend: 'created' },
        { expr: `sum(rate(prometheus_tsdb_head_series_removed_total{${P}}${r}))`, legend: 'removed' },
      ] },
      { title: 'Samples appended', unit: 'short', description: 'Samples ingested per second.', queries: [{ expr: `sum(rate(prometheus_tsdb_head_samples_appended_total{${P}}${r}))`, legend: 'samples' }] },
      { title: 'Memory and heap', unit: 'bytes', description: 'Resident memory and the Go heap in use.', queries: [
        { expr: `sum(process_resident_memory_bytes{${P}})`, legend: 'resident' },
        { expr: `sum(go_memstats_heap_inuse_bytes{${P}})`, legend: 'heap in use' },
      ] },
      { title: 'Storage: blocks, WAL and retention size', unit: 'bytes', description: 'Bytes of persisted blocks and of the WAL, against retentionSize.', queries: [
        { expr: `sum(prometheus_tsdb_storage_blocks_bytes{${P}})`, legend: 'blocks' },
        { expr: `sum(prometheus_tsdb_wal_storage_size_bytes{${P}})`, legend: 'WAL' },
        { expr: `sum(prometheus_tsdb_retention_limit_bytes{${P}})`, legend: 'retention size' },
      ] },
      { title: 'WAL fsync duration', unit: 's', description: 'Average time to sync the WAL to disk: slow disks slow ingestion.',
        queries: [{ expr: `sum(rate(prometheus_tsdb_wal_fsync_duration_seconds_sum{${P}}${r})) / sum(rate(prometheus_tsdb_wal_fsync_duration_seconds_count{${P}}${r}))`, legend: 'fsync' }] },
      { title: 'WAL failures', unit: 'ops', description: 'WAL corruptions, failed writes and failed truncations per second: any is data at risk.', queries: [
        { expr: `sum(rate(prometheus_tsdb_wal_corruptions_total{${P}}${r}))`, legend: 'corruptions' },
        { expr: `sum(rate(prometheus_tsdb_wal_writes_failed_total{${P}}${r}))`, legend: 'failed writes' },
        { expr: `sum(rate(prometheus_tsdb_wal_truncations_failed_total{${P}}${r}))`, legend: 'failed truncations' },
      ] },
      { title: 'Compactions', unit: 'ops', description: 'Block compactions per second, and those that failed.', queries: [
        { expr: `sum(rate(prometheus_tsdb_compactions_total{${P}}${r}))`, legend: 'compactions' },
        { expr: `sum(rate(prometheus_tsdb_compactions_failed_total{${P}}${r}))`, legend: 'failed' },
      ] },
      { title: 'Blocks loaded', unit: 'short', description: 'Persisted blocks the replica has open.', queries: [{ expr: `sum(prometheus_tsdb_blocks_loaded{${P}})`, legend: 'blocks' }] },
      { title: 'Head GC duration', unit: 's', description: 'Average time of a head garbage collection.',
        queries: [{ expr: `sum(rate(prometheus_tsdb_head_gc_duration_seconds_sum{${P}}${r})) / sum(rate(prometheus_tsdb_head_gc_duration_seconds_count{${P}}${r}))`, legend: 'head GC' }] },
      { title: 'Out-of-order samples', unit: 'ops', description: 'Samples rejected per second for arriving out of order.', queries: [{ expr: `sum(rate(prometheus_tsdb_out_of_order_samples_total{${P}}${r}))`, legend: 'out of order' }] },
      { title: 'Rule evaluations', unit: 'ops', description: 'Rule evaluations per second, and those that failed.', queries: [
        { expr: `sum(rate(prometheus_rule_evaluations_total{${P}}${r}))`, legend: 'evaluations' },
        { expr: `sum(rate(prometheus_rule_evaluation_failures_total{${P}}${r}))`, legend: 'failures' },
      ] },
      { title: 'HTTP requests by handler', unit: 'reqps', description: 'API requests per second by handler.', queries: [{ expr: `sum by (handler) (rate(prometheus_http_requests_total{${P}}${r}))`, legend: '{{ handler }}' }] },
      { title: 'HTTP request latency p99 by handler', unit: 's', description: '99th percentile of API request time per handler.',
        queries: [{ expr: q99(`prometheus_http_request_duration_seconds_bucket{${P}}`, 'handler'), legend: '{{ handler }}' }] },
      { title: 'Query duration p99 by stage', unit: 's', description: '99th percentile of query time per stage (queue, prepare, evaluate, sort).',
        queries: [{ expr: `max by (slice) (prometheus_engine_query_duration_seconds{${P},quantile="0.99"})`, legend: '{{ slice }}' }] },
      { title: 'Discovered targets by scrape config', unit: 'short', description: 'Targets service discovery found, per scrape config.',
        queries: [{ expr: `sum by (config) (prometheus_sd_discovered_targets{${P}})`, legend: '{{ config }}' }] },
      { title: 'Scrape interval p99', unit: 's', description: 'Actual interval between scrapes, 99th percentile: above the configured interval, scrapes lag.',
        queries: [{ expr: `max by (interval) (prometheus_target_interval_length_seconds{${P},quantile="0.99"})`, legend: '{{ interval }}' }] },
      { title: 'Scrapes over the sample limit', unit: 'ops', description: 'Scrapes rejected per second for exceeding their sample limit.',
        queries: [{ expr: `sum(rate(prometheus_target_scrapes_exceeded_sample_limit_total{${P}}${r}))`, legend: 'over limit' }] },
      { title: 'CPU', unit: 'short', description: 'CPU cores the replica uses.', queries: [{ expr: `sum(rate(process_cpu_seconds_total{${P}}${r}))`, legend: 'cores' }] },
      { title: 'Open file descriptors', unit: 'percentunit', description: 'Share of the file descriptor limit in use.', queries: [{ expr: `sum(process_open_fds{${P}}) / sum(process_max_fds{${P}})`, legend: 'fds' }] },
    ];
  })(),
};

/** Alertmanager: alerts, notifications per integration, their failures and latency. */
export const alertmanagerDashboard: DashboardDef = {
  uid: 'alertmanager-self',
  title: 'Alertmanager',
  folder: 'Monitoring',
  tags: ['alertmanager'],
  description: 'Alertmanager: alerts received, notifications per integration, failures, latency and the cluster.',
  panels: [
    { title: 'Active alerts', type: 'stat', unit: 'short', description: 'Alerts active (not silenced or inhibited).', queries: [{ expr: 'max(alertmanager_alerts{job="alertmanager",state="active"})' }] },
    { title: 'Suppressed alerts', type: 'stat', unit: 'short', description: 'Alerts silenced or inhibited.', queries: [{ expr: 'max(alertmanager_alerts{job="alertmanager",state="suppressed"})' }] },
    { title: 'Active silences', type: 'stat', unit: 'short', description: 'Silences in effect.', queries: [{ expr: 'max(alertmanager_silences{job="alertmanager",state="active"})' }] },
    { title: 'Cluster members', type: 'stat', unit: 'short', description: 'Members the smallest view of the cluster sees: fewer than the replicas, a split.', queries: [{ expr: 'min(alertmanager_cluster_members{job="alertmanager"})' }] },
    { title: 'Alerts received', unit: 'ops', description: 'Alerts received from Prometheus and Loki per second, by status.', queries: [{ expr: `sum by (status) (rate(alertmanager_alerts_received_total{job="alertmanager"}${r}))`, legend: '{{ status }}' }] },
    { title: 'Invalid alerts', unit: 'ops', description: 'Alerts rejected as invalid per second.', queries: [{ expr: `sum(rate(alertmanager_alerts_invalid_total{job="alertmanager"}${r}))`, legend: 'invalid' }] },
    { title: 'Notifications by integration', unit: 'ops', description: 'Notifications sent per second, per integration.', queries: [{ expr: `sum by (integration) (rate(alertmanager_notifications_total{job="alertmanager"}${r}))`, legend: '{{ integration }}' }] },
    { title: 'Failed notifications by integration', unit: 'ops', description: 'Notifications that failed after retries, per integration.', queries: [{ expr: `sum by (integration) (rate(alertmanager_notifications_failed_total{job="alertmanager"}${r}))`, legend: '{{ integration }}' }] },
    { title: 'Notification latency p99', unit: 's', description: '99th percentile of the time to deliver a notification, per integration.', queries: [{ expr: q99('alertmanager_notification_latency_seconds_bucket{job="alertmanager"}', 'integration'), legend: '{{ integration }}' }] },
    { title: 'Notification requests failing', unit: 'percentunit', description: 'Share of requests to each integration that failed (before retries).',
      queries: [{ expr: ratio('alertmanager_notification_requests_failed_total{job="alertmanager"}', 'alertmanager_notification_requests_total{job="alertmanager"}', 'integration'), legend: '{{ integration }}' }] },
    { title: 'Active alerts by replica', unit: 'short', description: 'Active alerts each replica holds: replicas of a cluster should agree.', queries: [{ expr: 'sum by (pod) (alertmanager_alerts{job="alertmanager",state="active"})', legend: '{{ pod }}' }] },
    { title: 'Memory by replica', unit: 'bytes', description: 'Resident memory of each replica.', queries: [{ expr: 'sum by (pod) (process_resident_memory_bytes{job="alertmanager"})', legend: '{{ pod }}' }] },
  ],
};

const LOKI = 'job="loki"';
/** A route's p99, p50 and rate from Loki's request histogram. */
const routeLatency = (route: string, name: string): DashboardPanel[] => [
  { title: `${name} requests by status`, unit: 'reqps', description: `Requests per second to ${route}, by status code.`,
    queries: [{ expr: `sum by (status_code) (rate(loki_request_duration_seconds_count{${LOKI},route=~"${route}"}${r}))`, legend: '{{ status_code }}' }] },
  { title: `${name} latency`, unit: 's', description: `99th and 50th percentile of the time to serve ${route}.`, queries: [
    { expr: `histogram_quantile(0.99, sum by (le) (rate(loki_request_duration_seconds_bucket{${LOKI},route=~"${route}"}${r})))`, legend: 'p99' },
    { expr: `histogram_quantile(0.5, sum by (le) (rate(loki_request_duration_seconds_bucket{${LOKI},route=~"${route}"}${r})))`, legend: 'p50' },
  ] },
  { title: `${name} latency p99 by pod`, unit: 's', description: `99th percentile of the time to serve ${route}, per Loki pod.`,
    queries: [{ expr: `histogram_quantile(0.99, sum by (le, pod) (rate(loki_request_duration_seconds_bucket{${LOKI},route=~"${route}"}${r})))`, legend: '{{ pod }}' }] },
];

/** Loki: pushes, queries, ingestion, discarded lines, streams; detail views a click away. */
export const lokiDashboard: DashboardDef = {
  uid: UIDS.loki,
  title: 'Loki',
  folder: 'Logs',
  tags: ['logs', 'loki'],
  description: 'Loki at a glance: ingestion, requests, discarded lines, streams. Links lead to the read, write and storage views.',
  links: [
    { title: 'Loki reads', dashboard: UIDS.lokiReads },
    { title: 'Loki writes', dashboard: UIDS.lokiWrites },
    { title: 'Loki storage and retention', dashboard: UIDS.lokiStorage },
    { title: 'Log agent', dashboard: UIDS.logAgent },
  ],
  panels: [
    { title: 'Lines received', type: 'stat', unit: 'short', description: 'Log lines the distributors receive per second.', queries: [{ expr: `sum(rate(loki_distributor_lines_received_total{${LOKI}}${r}))` }] },
    { title: 'Bytes received', type: 'stat', unit: 'Bps', description: 'Log bytes the distributors receive per second.', queries: [{ expr: `sum(rate(loki_distributor_bytes_received_total{${LOKI}}${r}))` }] },
    { title: 'Streams in memory', type: 'stat', unit: 'short', description: 'Streams the ingesters hold in memory.', queries: [{ expr: `sum(loki_ingester_memory_streams{${LOKI}})` }] },
    { title: 'Gateway requests', type: 'stat', unit: 'reqps', description: 'Requests through the Loki gateway per second.', queries: [{ expr: `sum(rate(nginx_http_requests_total{job="loki-gateway"}${r}))` }] },
    { title: 'Requests by route and status', unit: 'reqps', description: 'Requests per second by API route and status code.',
      queries: [{ expr: `sum by (route, status_code) (rate(loki_request_duration_seconds_count{${LOKI}}${r}))`, legend: '{{ route }} {{ status_code }}' }] },
    { title: 'Push latency p99', unit: 's', description: '99th percentile of the time to accept a push.', queries: [{ expr: q99(`loki_request_duration_seconds_bucket{${LOKI},route="loki_api_v1_push"}`), legend: 'push' }] },
    { title: 'Query latency p99', unit: 's', description: '99th percentile of the time to answer a range or instant query.',
      queries: [{ expr: q99(`loki_request_duration_seconds_bucket{${LOKI},route=~"loki_api_v1_query_range|loki_api_v1_query"}`), legend: 'query' }] },
    { title: 'Discarded lines by reason', unit: 'short', description: 'Lines refused per second, by reason (rate limit, too old, line too long...).',
      queries: [{ expr: `sum by (reason) (rate(loki_discarded_samples_total{${LOKI}}${r}))`, legend: '{{ reason }}' }] },
    { title: 'Streams created', unit: 'short', description: 'New streams per second: a label with changing values makes many.', queries: [{ expr: `sum(rate(loki_ingester_streams_created_total{${LOKI}}${r}))`, legend: 'streams' }] },
    { title: 'Memory by pod', unit: 'bytes', description: 'Resident memory of each Loki pod.', queries: [{ expr: `sum by (pod) (process_resident_memory_bytes{${LOKI}})`, legend: '{{ pod }}' }] },
    { title: 'CPU by pod', unit: 'short', description: 'CPU cores each Loki pod uses.', queries: [{ expr: `sum by (pod) (rate(process_cpu_seconds_total{${LOKI}}${r}))`, legend: '{{ pod }}' }] },
    { title: 'Ruler evaluation failures', unit: 'ops', description: 'Log alert rule evaluations failing per second.', queries: [{ expr: `sum(rate(loki_prometheus_rule_evaluation_failures_total{${LOKI}}${r}))`, legend: 'failures' }] },
  ],
};

/** Loki's read path: query latency per route, queriers. */
export const lokiReadsDashboard: DashboardDef = {
  uid: UIDS.lokiReads,
  title: 'Loki reads',
  folder: 'Logs',
  tags: ['logs', 'loki'],
  description: 'Loki\'s read path, as loki-mixin\'s Reads: rate, status and latency of range, instant, label and series queries.',
  links: [{ title: 'Loki', dashboard: UIDS.loki }],
  panels: [
    ...routeLatency('loki_api_v1_query_range', 'Range query'),
    ...routeLatency('loki_api_v1_query', 'Instant query'),
    ...routeLatency('loki_api_v1_labels|loki_api_v1_label_name_values', 'Label'),
    ...routeLatency('loki_api_v1_series', 'Series'),
    { title: 'Read error ratio', unit: 'percentunit', description: 'Share of read requests answered with a 5xx code.',
      queries: [{ expr: ratio(`loki_request_duration_seconds_count{${LOKI},route=~"loki_api_v1_query.*|loki_api_v1_label.*|loki_api_v1_series",status_code=~"5.."}`, `loki_request_duration_seconds_count{${LOKI},route=~"loki_api_v1_query.*|loki_api_v1_label.*|loki_api_v1_series"}`), legend: '5xx' }] },
  ],
};

/** Loki's write path: push latency, ingestion, ingesters and their chunks. */
export const lokiWritesDashboard: DashboardDef = {
  uid: UIDS.lokiWrites,
  title: 'Loki writes',
  folder: 'Logs',
  tags: ['logs', 'loki'],
  description: 'Loki\'s write path, as loki-mixin\'s Writes and Chunks: push latency, ingestion, streams, chunks and flushes.',
  links: [{ title: 'Loki', dashboard: UIDS.loki }, { title: 'Log agent', dashboard: UIDS.logAgent }],
  panels: [
    ...routeLatency('loki_api_v1_push', 'Push'),
    { title: 'Bytes received by tenant', unit: 'Bps', description: 'Log bytes received per second, per tenant.', queries: [{ expr: `sum by (tenant) (rate(loki_distributor_bytes_received_total{${LOKI}}${r}))`, legend: '{{ tenant }}' }] },
    { title: 'Lines received by tenant', unit: 'short', description: 'Log lines received per second, per tenant.', queries: [{ expr: `sum by (tenant) (rate(loki_distributor_lines_received_total{${LOKI}}${r}))`, legend: '{{ tenant }}' }] },
    { title: 'Structured metadata received', unit: 'Bps', description: 'Bytes of structured metadata received per second.', queries: [{ expr: `sum(rate(loki_distributor_structured_metadata_bytes_received_total{${LOKI}}${r}))`, legend: 'structured metadata' }] },
    { title: 'Streams in memory by pod', unit: 'short', description: 'Streams each ingester holds.', queries: [{ expr: `sum by (pod) (loki_ingester_memory_streams{${LOKI}})`, legend: '{{ pod }}' }] },
    { title: 'Chunks in memory by pod', unit: 'short', description: 'Chunks each ingester holds, not yet flushed.', queries: [{ expr: `sum by (pod) (loki_ingester_memory_chunks{${LOKI}})`, legend: '{{ pod }}' }] },
    { title: 'Chunks flushed by reason', unit: 'ops', description: 'Chunks flushed to the object store per second, by reason (full, idle, max age...).',
      queries: [{ expr: `sum by (reason) (rate(loki_ingester_chunks_flushed_total{${LOKI}}${r}))`, legend: '{{ reason }}' }] },
    { title: 'Flush queue length', unit: 'short', description: 'Chunks waiting to be flushed: growing, the object store cannot keep up.', queries: [{ expr: `sum by (pod) (loki_ingester_flush_queue_length{${LOKI}})`, legend: '{{ pod }}' }] },
    { title: 'Discarded lines by reason and tenant', unit: 'short', description: 'Lines refused per second, by reason and tenant.',
      queries: [{ expr: `sum by (reason, tenant) (rate(loki_discarded_samples_total{${LOKI}}${r}))`, legend: '{{ tenant }} {{ reason }}' }] },
  ],
};

/** Loki's storage: the object store, the compactor, retention and deletes, and the ruler. */
export const lokiStorageDashboard: DashboardDef = {
  uid: UIDS.lokiStorage,
  title: 'Loki storage and retention',
  folder: 'Logs',
  tags: ['logs', 'loki'],
  description: 'As loki-mixin\'s Object Store, Retention and Deletion views: S3 requests, the compactor, retention, delete requests, and the ruler.',
  links: [{ title: 'Loki', dashboard: UIDS.loki }],
  panels: [
    { title: 'Last successful compaction', type: 'stat', unit: 's', description: 'Time since the compactor last compacted the index successfully.',
      queries: [{ expr: `time() - max(loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds{${LOKI}})` }] },
    { title: 'Last successful retention run', type: 'stat', unit: 's', description: 'Time since the compactor last applied retention successfully.',
      queries: [{ expr: `time() - max(loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${LOKI}})` }] },
    { title: 'Pending delete requests', type: 'stat', unit: 'short', description: 'Log delete requests not yet processed.', queries: [{ expr: `sum(loki_compactor_pending_delete_requests_count{${LOKI}})` }] },
    { title: 'Oldest pending delete request', type: 'stat', unit: 's', description: 'Age of the oldest delete request waiting.', queries: [{ expr: `max(loki_compactor_oldest_pending_delete_request_age_seconds{${LOKI}})` }] },
    // Loki 3.7 talks to S3 through its own client by default (thanos-io/objstore only with use_thanos_objstore), which reports loki_s3_*.
    { title: 'S3 requests by operation', unit: 'reqps', description: 'Requests to the S3 bucket per second, by operation.',
      queries: [{ expr: `sum by (operation) (rate(loki_s3_request_duration_seconds_count{${LOKI}}${r}))`, legend: '{{ operation }}' }] },
    { title: 'S3 requests failing by operation', unit: 'reqps', description: 'Requests to the S3 bucket per second that did not succeed, by operation.',
      queries: [{ expr: `sum by (operation) (rate(loki_s3_request_duration_seconds_count{${LOKI},status_code!~"2.."}${r}))`, legend: '{{ operation }}' }] },
    { title: 'S3 request latency p99 by operation', unit: 's', description: '99th percentile of the time of a request to the S3 bucket, by operation.',
      queries: [{ expr: q99(`loki_s3_request_duration_seconds_bucket{${LOKI}}`, 'operation'), legend: '{{ operation }}' }] },
    { title: 'Compactions by status', unit: 'ops', description: 'Index compaction runs per second, by outcome.',
      queries: [{ expr: `sum by (status) (rate(loki_boltdb_shipper_compact_tables_operation_total{${LOKI}}${r}))`, legend: '{{ status }}' }] },
    { title: 'Retention runs by status', unit: 'ops', description: 'Retention runs per second, by outcome.',
      queries: [{ expr: `sum by (status) (rate(loki_compactor_apply_retention_operation_total{${LOKI}}${r}))`, legend: '{{ status }}' }] },
    { title: 'Chunks marked for deletion', unit: 'ops', description: 'Chunks retention marks for deletion per second.',
      queries: [{ expr: `sum(rate(loki_boltdb_shipper_retention_marker_count_total{${LOKI}}${r}))`, legend: 'marked' }] },
    { title: 'Marker files waiting', unit: 'short', description: 'Marker files the sweeper has yet to process: growing, deletes lag.',
      queries: [{ expr: `sum(loki_boltdb_shipper_retention_sweeper_marker_files_current{${LOKI}})`, legend: 'marker files' }] },
    { title: 'Ruler evaluations', unit: 'ops', description: 'Log alert rule evaluations per second, and those that failed.', queries: [
      { expr: `sum(rate(loki_prometheus_rule_evaluations_total{${LOKI}}${r}))`, legend: 'evaluations' },
      { expr: `sum(rate(loki_prometheus_rule_evaluation_failures_total{${LOKI}}${r}))`, legend: 'failures' },
    ] },
    { title: 'Ruler group evaluation time', unit: 's', description: 'Duration of each log rule group\'s last evaluation.',
      queries: [{ expr: `max by (rule_group) (loki_prometheus_rule_group_last_duration_seconds{${LOKI}})`, legend: '{{ rule_group }}' }] },
    { title: 'Ruler iterations missed', unit: 'ops', description: 'Rule group evaluations skipped because the previous one was still running.',
      queries: [{ expr: `sum by (rule_group) (rate(loki_prometheus_rule_group_iterations_missed_total{${LOKI}}${r}))`, legend: '{{ rule_group }}' }] },
    { title: 'Ruler rules', unit: 'short', description: 'Rules loaded per group.', queries: [{ expr: `sum by (rule_group) (loki_prometheus_rule_group_rules{${LOKI}})`, legend: '{{ rule_group }}' }] },
  ],
};

/** The log agent on every node: lines shipped, dropped, push errors. */
export function logAgentDashboard(agent: 'promtail' | 'alloy'): DashboardDef {
  const J = `job="${agent}",node=~"$node"`;
  const [sent, dropped, requests] = agent === 'promtail'
    ? ['promtail_sent_entries_total', 'promtail_dropped_entries_total', 'promtail_request_duration_seconds_count']
    : ['loki_write_sent_entries_total', 'loki_write_dropped_entries_total', 'loki_write_request_duration_seconds_count'];
  // The agent's own pod (the scrape's target labels): its logs say why lines were dropped.
  const agentLogs = [{ ...toLogs('${__field.labels.namespace}', '${__field.labels.pod}'), title: 'Agent logs' }];
  return {
    uid: UIDS.logAgent,
    title: `Log agent (${agent})`,
    folder: 'Logs',
    tags: ['logs', agent],
    description: `The ${agent} agents on the picked nodes: lines shipped and dropped, push requests to Loki.`,
    links: [{ title: 'Loki writes', dashboard: UIDS.lokiWrites }],
    variables: [{ name: 'node', query: `label_values(up{job="${agent}"}, node)`, multi: true, includeAll: true }],
    panels: [
      { title: 'Agents up', type: 'stat', unit: 'short', description: 'Agents Prometheus scrapes successfully.', queries: [{ expr: `sum(up{${J}})` }] },
      { title: 'Lines shipped', type: 'stat', unit: 'short', description: 'Lines sent to Loki per second.', queries: [{ expr: `sum(rate(${sent}{${J}}${r}))` }] },
      { title: 'Lines dropped (1h)', type: 'stat', unit: 'short', description: 'Lines given up on in the last hour.', queries: [{ expr: `sum(increase(${dropped}{${J}}[1h]))` }] },
      { title: 'Push errors', type: 'stat', unit: 'reqps', description: 'Push requests to Loki per second that did not succeed.', queries: [{ expr: `sum(rate(${requests}{${J},status_code!~"2.."}${r}))` }] },
      { title: 'Lines shipped by node', unit: 'short', description: 'Lines sent per second, per node.', queries: [{ expr: `sum by (node) (rate(${sent}{${J}}${r}))`, legend: '{{ node }}' }] },
      { title: 'Lines dropped by reason', unit: 'short', links: agentLogs, description: 'Lines given up on per second, by agent pod and reason. Click for the agent\'s own logs.',
        queries: [{ expr: `sum by (node, namespace, pod, reason) (rate(${dropped}{${J}}${r}))`, legend: '{{ node }} {{ reason }}' }] },
      { title: 'Push requests by status', unit: 'reqps', description: 'Push requests to Loki per second, by status code.', queries: [{ expr: `sum by (status_code) (rate(${requests}{${J}}${r}))`, legend: '{{ status_code }}' }] },
      { title: 'Memory by node', unit: 'bytes', links: agentLogs, description: 'Resident memory of the agent on each node.',
        queries: [{ expr: `sum by (node, namespace, pod) (process_resident_memory_bytes{${J}})`, legend: '{{ node }}' }] },
      { title: 'CPU by node', unit: 'short', description: 'CPU cores the agent uses on each node.', queries: [{ expr: `sum by (node) (rate(process_cpu_seconds_total{${J}}${r}))`, legend: '{{ node }}' }] },
      ...(agent === 'promtail' ? [
        { title: 'Bytes read by node', unit: 'Bps', description: 'Log bytes read from files per second, per node.', queries: [{ expr: `sum by (node) (rate(promtail_read_bytes_total{${J}}${r}))`, legend: '{{ node }}' }] },
        { title: 'Files tailed by node', unit: 'short', description: 'Log files tailed, per node.', queries: [{ expr: `sum by (node) (promtail_files_active_total{${J}})`, legend: '{{ node }}' }] },
      ] : [
        { title: 'Bytes shipped by node', unit: 'Bps', description: 'Log bytes sent to Loki per second, per node.', queries: [{ expr: `sum by (node) (rate(loki_write_sent_bytes_total{${J}}${r}))`, legend: '{{ node }}' }] },
      ]),
    ],
  };
}
