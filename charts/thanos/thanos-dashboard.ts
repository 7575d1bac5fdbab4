import { Construct } from 'constructs';
import { GrafanaDashboard, GrafanaDashboardProps } from '../../lib/dashboards/grafana-dashboard';
import { DashboardPanel, DrillDown } from '../../lib/dashboards/types';
import { UIDS } from '../dashboards/dashboard-defs';
import { DATASOURCE_UIDS } from '../endpoints';

const r = '[$__rate_interval]';
const q99 = (bucket: string, by: string) => `histogram_quantile(0.99, sum by (le, ${by}) (rate(${bucket}${r})))`;
const BUCKET_JOBS = 'job=~"thanos-sidecar|thanos-store|thanos-compact"';

/** Rate, error ratio and p99 latency of one HTTP handler of Thanos Query, per pod. */
const httpHandler = (handler: string, name: string): DashboardPanel[] => {
  const S = `job="thanos-query",handler="${handler}"`;
  return [
    { title: `${name} requests by code`, unit: 'reqps', description: `Requests per second to /api/v1/${handler}, by status code.`,
      queries: [{ expr: `sum by (code) (rate(http_requests_total{${S}}${r}))`, legend: '{{ code }}' }] },
    { title: `${name} error ratio`, unit: 'percentunit', description: `Share of /api/v1/${handler} requests answered with a 5xx code.`,
      queries: [{ expr: `sum(rate(http_requests_total{${S},code=~"5.."}${r})) / sum(rate(http_requests_total{${S}}${r}))`, legend: 'errors' }] },
    { title: `${name} latency p99 by pod`, unit: 's', description: `99th percentile of the time to answer /api/v1/${handler}, per Query pod.`,
      queries: [{ expr: q99(`http_request_duration_seconds_bucket{${S}}`, 'pod'), legend: '{{ pod }}' }] },
  ];
};

/** Rate, error ratio and p99 of a component's gRPC server (the Store API it serves). */
const grpcServer = (job: string): DashboardPanel[] => {
  const S = `job="${job}",grpc_type="unary"`;
  const streams = `job="${job}"`;
  return [
    { title: 'Store API requests by method', unit: 'reqps', description: 'Store API calls served per second, by method.',
      queries: [{ expr: `sum by (grpc_method) (rate(grpc_server_handled_total{${streams}}${r}))`, legend: '{{ grpc_method }}' }] },
    { title: 'Store API error ratio', unit: 'percentunit', description: 'Share of Store API calls that ended with a code other than OK.',
      queries: [{ expr: `sum(rate(grpc_server_handled_total{${streams},grpc_code!="OK"}${r})) / sum(rate(grpc_server_handled_total{${streams}}${r}))`, legend: 'errors' }] },
    { title: 'Store API latency p99 by method', unit: 's', description: '99th percentile of the time to serve a Store API call (streamed Series calls included), by method.',
      queries: [{ expr: q99(`grpc_server_handling_seconds_bucket{${streams}}`, 'grpc_method'), legend: '{{ grpc_method }}' }] },
    { title: 'Store API unary latency p99', unit: 's', description: '99th percentile of unary Store API calls (Info, LabelNames, LabelValues).',
      queries: [{ expr: q99(`grpc_server_handling_seconds_bucket{${S}}`, 'pod'), legend: '{{ pod }}' }] },
  ];
};

/** Bucket operations of one component: rate, failures, p99 latency. */
const bucket = (job: string): DashboardPanel[] => [
  { title: 'Bucket operations by operation', unit: 'ops', description: 'Object store operations per second, by operation.',
    queries: [{ expr: `sum by (operation) (rate(thanos_objstore_bucket_operations_total{job="${job}"}${r}))`, legend: '{{ operation }}' }] },
  { title: 'Bucket operation failures by operation', unit: 'ops', description: 'Failed object store operations per second, by operation.',
    queries: [{ expr: `sum by (operation) (rate(thanos_objstore_bucket_operation_failures_total{job="${job}"}${r}))`, legend: '{{ operation }}' }] },
  { title: 'Bucket operation latency p99', unit: 's', description: '99th percentile of object store operation time, by operation.',
    queries: [{ expr: q99(`thanos_objstore_bucket_operation_duration_seconds_bucket{job="${job}"}`, 'operation'), legend: '{{ operation }}' }] },
];

/** Memory, CPU and goroutines of one component, per pod. */
const resources = (job: string): DashboardPanel[] => [
  { title: 'Memory by pod', unit: 'bytes', description: 'Resident memory and Go heap in use of each pod.', queries: [
    { expr: `sum by (pod) (process_resident_memory_bytes{job="${job}"})`, legend: '{{ pod }} resident' },
    { expr: `sum by (pod) (go_memstats_heap_inuse_bytes{job="${job}"})`, legend: '{{ pod }} heap' },
  ] },
  { title: 'CPU by pod', unit: 'short', description: 'CPU cores each pod uses.', queries: [{ expr: `sum by (pod) (rate(process_cpu_seconds_total{job="${job}"}${r}))`, legend: '{{ pod }}' }] },
  { title: 'Goroutines by pod', unit: 'short', description: 'Goroutines of each pod: a steady climb is a leak.', queries: [{ expr: `sum by (pod) (go_goroutines{job="${job}"})`, legend: '{{ pod }}' }] },
];

const overview: DrillDown[] = [{ title: 'Thanos', dashboard: UIDS.thanos }];

/** The Thanos views: an overview, and Query, Store Gateway, Compactor and sidecar views, as the Thanos mixin has them. */
export function thanosDashboards(scope: Construct): GrafanaDashboard[] {
  const datasources = { prometheus: DATASOURCE_UIDS.prometheus, loki: DATASOURCE_UIDS.loki };
  const dashboard = (id: string, props: Omit<GrafanaDashboardProps, 'datasources' | 'folder'>) =>
    new GrafanaDashboard(scope, id, { datasources, folder: 'Cluster', ...props, tags: ['thanos', 'prometheus', ...(props.tags ?? [])] });
  const toView = (uid: string, title: string): DrillDown => ({ title, dashboard: uid });
  return [
    dashboard('dashboard', {
      uid: UIDS.thanos,
      title: 'Thanos',
      description: 'Thanos at a glance: queries, Store API calls, uploads, the bucket, the Compactor. Links lead to each component\'s view.',
      links: [toView(UIDS.thanosQuery, 'Thanos Query'), toView(UIDS.thanosStore, 'Thanos Store Gateway'), toView(UIDS.thanosCompact, 'Thanos Compactor'), toView(UIDS.thanosSidecar, 'Thanos sidecar')],
      panels: [
        { title: 'Query requests by code', unit: 'reqps', links: [toView(UIDS.thanosQuery, 'Thanos Query')], description: 'Instant and range queries per second, by status code.',
          queries: [{ expr: `sum by (code) (rate(http_requests_total{job="thanos-query",handler=~"query|query_range"}${r}))`, legend: '{{ code }}' }] },
        { title: 'Store API calls failing', unit: 'percentunit', links: [toView(UIDS.thanosQuery, 'Thanos Query')], description: 'Share of Query\'s calls to Store APIs (sidecars, Store Gateway, remote clusters) that failed.',
          queries: [{ expr: `sum by (job) (rate(grpc_client_handled_total{job="thanos-query",grpc_code!="OK"}${r})) / sum by (job) (rate(grpc_client_started_total{job="thanos-query"}${r}))`, legend: '{{ job }}' }] },
        { title: 'Sidecar: seconds since last upload', unit: 's', links: [toView(UIDS.thanosSidecar, 'Thanos sidecar')], description: 'Time since each sidecar last uploaded a block: past 2-3 hours, uploads are stuck.',
          queries: [{ expr: 'time() - max by (pod) (thanos_objstore_bucket_last_successful_upload_time{job="thanos-sidecar"})', legend: '{{ pod }}' }] },
        { title: 'Bucket operations failing', unit: 'ops', description: 'Failed object store operations per second, by component and operation.',
          queries: [{ expr: `sum by (job, operation) (rate(thanos_objstore_bucket_operation_failures_total{${BUCKET_JOBS}}${r}))`, legend: '{{ job }} {{ operation }}' }] },
        { title: 'Store Gateway: blocks loaded', unit: 'short', links: [toView(UIDS.thanosStore, 'Thanos Store Gateway')], description: 'Blocks the Store Gateway serves from the bucket.',
          queries: [{ expr: 'sum(thanos_bucket_store_blocks_loaded{job="thanos-store"})', legend: 'blocks' }] },
        { title: 'Compactor halted', type: 'stat', unit: 'bool', links: [toView(UIDS.thanosCompact, 'Thanos Compactor')], description: '1 when the Compactor stopped on an error it cannot pass (overlapping blocks...): no compaction, no retention.',
          queries: [{ expr: 'max(thanos_compact_halted{job="thanos-compact"})' }] },
        { title: 'Compactions and downsamplings', unit: 'ops', links: [toView(UIDS.thanosCompact, 'Thanos Compactor')], description: 'Compactions and downsamplings per second.', queries: [
          { expr: `sum(rate(thanos_compact_group_compactions_total{job="thanos-compact"}${r}))`, legend: 'compactions' },
          { expr: `sum(rate(thanos_compact_downsample_total{job="thanos-compact"}${r}))`, legend: 'downsamplings' },
        ] },
        // While moving from `single`: 1 once a sidecar has uploaded the blocks Prometheus had compacted.
        { title: 'Sidecar: existing blocks uploaded', type: 'stat', unit: 'bool', description: '1 after a sync in which every block, compacted ones included, reached the bucket; 0 while uploadExistingBlocks is off.',
          queries: [{ expr: 'min(thanos_shipper_upload_compacted_done{job="thanos-sidecar"})' }] },
        { title: 'Heap in use by component', unit: 'bytes', description: 'Go heap in use, summed per component.', queries: [{ expr: 'sum by (job) (go_memstats_heap_inuse_bytes{job=~"thanos-.*"})', legend: '{{ job }}' }] },
        { title: 'Query latency p99', unit: 's', links: [toView(UIDS.thanosQuery, 'Thanos Query')], description: '99th percentile of the time to answer instant and range queries.',
          queries: [{ expr: q99('http_request_duration_seconds_bucket{job="thanos-query",handler=~"query|query_range"}', 'handler'), legend: '{{ handler }}' }] },
      ],
    }),
    dashboard('query-dashboard', {
      uid: UIDS.thanosQuery,
      title: 'Thanos Query',
      description: 'Thanos Query, as the Thanos mixin\'s Query view: instant and range query rate, errors and p99 latency; its Store API calls; concurrency.',
      links: overview,
      panels: [
        ...httpHandler('query', 'Instant query'),
        ...httpHandler('query_range', 'Range query'),
        { title: 'Store API calls by code', unit: 'ops', description: 'Query\'s calls to Store APIs per second, by gRPC code.',
          queries: [{ expr: `sum by (grpc_code) (rate(grpc_client_handled_total{job="thanos-query"}${r}))`, legend: '{{ grpc_code }}' }] },
        { title: 'Store API call latency p99 by method', unit: 's', description: '99th percentile of the time of Query\'s Store API calls, by method.',
          queries: [{ expr: q99('grpc_client_handling_seconds_bucket{job="thanos-query"}', 'grpc_method'), legend: '{{ grpc_method }}' }] },
        { title: 'Concurrent queries against the limit', unit: 'percentunit', description: 'Queries in flight against the concurrency limit: at 100%, queries queue.',
          queries: [{ expr: 'sum by (pod) (thanos_query_concurrent_gate_queries_in_flight{job="thanos-query"}) / sum by (pod) (thanos_query_concurrent_gate_queries_max{job="thanos-query"})', legend: '{{ pod }}' }] },
        { title: 'Store discovery DNS failures', unit: 'percentunit', description: 'Share of DNS lookups for Store API endpoints that failed.',
          queries: [{ expr: `sum(rate(thanos_query_store_apis_dns_failures_total{job="thanos-query"}${r})) / sum(rate(thanos_query_store_apis_dns_lookups_total{job="thanos-query"}${r}))`, legend: 'failures' }] },
        ...resources('thanos-query'),
      ],
    }),
    dashboard('store-dashboard', {
      uid: UIDS.thanosStore,
      title: 'Thanos Store Gateway',
      description: 'The Store Gateway, as the Thanos mixin\'s Store view: Store API calls, bucket operations, block loads, index cache and series fetched.',
      links: overview,
      panels: [
        ...grpcServer('thanos-store'),
        ...bucket('thanos-store'),
        { title: 'Block loads and drops', unit: 'ops', description: 'Blocks loaded from and dropped to the bucket per second, and failed loads.', queries: [
          { expr: `sum(rate(thanos_bucket_store_block_loads_total{job="thanos-store"}${r}))`, legend: 'loads' },
          { expr: `sum(rate(thanos_bucket_store_block_load_failures_total{job="thanos-store"}${r}))`, legend: 'load failures' },
          { expr: `sum(rate(thanos_bucket_store_block_drops_total{job="thanos-store"}${r}))`, legend: 'drops' },
        ] },
        { title: 'Blocks loaded by pod', unit: 'short', description: 'Blocks each Store Gateway pod serves.', queries: [{ expr: 'sum by (pod) (thanos_bucket_store_blocks_loaded{job="thanos-store"})', legend: '{{ pod }}' }] },
        { title: 'Index cache hit ratio by item type', unit: 'percentunit', description: 'Share of index cache lookups served from the cache, by item type.',
          queries: [{ expr: `sum by (item_type) (rate(thanos_store_index_cache_hits_total{job="thanos-store"}${r})) / sum by (item_type) (rate(thanos_store_index_cache_requests_total{job="thanos-store"}${r}))`, legend: '{{ item_type }}' }] },
        { title: 'Blocks queried per request', unit: 'short', description: 'Average blocks a Series request touches.',
          queries: [{ expr: `sum(rate(thanos_bucket_store_series_blocks_queried_sum{job="thanos-store"}${r})) / sum(rate(thanos_bucket_store_series_blocks_queried_count{job="thanos-store"}${r}))`, legend: 'blocks' }] },
        { title: 'Data fetched by type', unit: 'short', description: 'Postings, series and chunks fetched from the bucket per second, by data type.',
          queries: [{ expr: `sum by (data_type) (rate(thanos_bucket_store_series_data_fetched_sum{job="thanos-store"}${r}))`, legend: '{{ data_type }}' }] },
        ...resources('thanos-store'),
      ],
    }),
    dashboard('compact-dashboard', {
      uid: UIDS.thanosCompact,
      title: 'Thanos Compactor',
      description: 'The Compactor, as the Thanos mixin\'s Compact view: compactions, downsampling, garbage collection, block deletion and meta syncs.',
      links: overview,
      panels: [
        { title: 'Halted', type: 'stat', unit: 'bool', description: '1 when the Compactor stopped on an error it cannot pass: no compaction, no retention.', queries: [{ expr: 'max(thanos_compact_halted{job="thanos-compact"})' }] },
        { title: 'Group compactions', unit: 'ops', description: 'Compactions per second, and those that failed.', queries: [
          { expr: `sum(rate(thanos_compact_group_compactions_total{job="thanos-compact"}${r}))`, legend: 'compactions' },
          { expr: `sum(rate(thanos_compact_group_compactions_failures_total{job="thanos-compact"}${r}))`, legend: 'failures' },
        ] },
        { title: 'Downsamplings', unit: 'ops', description: 'Downsamplings per second, and those that failed.', queries: [
          { expr: `sum(rate(thanos_compact_downsample_total{job="thanos-compact"}${r}))`, legend: 'downsamplings' },
          { expr: `sum(rate(thanos_compact_downsample_failed_total{job="thanos-compact"}${r}))`, legend: 'failures' },
        ] },
        { title: 'Garbage collections', unit: 'ops', description: 'Garbage collections of compacted blocks per second, and those that failed.', queries: [
          { expr: `sum(rate(thanos_compact_garbage_collection_total{job="thanos-compact"}${r}))`, legend: 'collections' },
          { expr: `sum(rate(thanos_compact_garbage_collection_failures_total{job="thanos-compact"}${r}))`, legend: 'failures' },
        ] },
        { title: 'Blocks marked for deletion and cleaned', unit: 'ops', description: 'Blocks marked for deletion (retention, compaction) and blocks deleted per second.', queries: [
          { expr: `sum(rate(thanos_compact_blocks_marked_for_deletion_total{job="thanos-compact"}${r}))`, legend: 'marked' },
          { expr: `sum(rate(thanos_compact_blocks_cleaned_total{job="thanos-compact"}${r}))`, legend: 'cleaned' },
        ] },
        { title: 'Meta syncs', unit: 'ops', description: 'Syncs of the bucket\'s block metadata per second, and those that failed.', queries: [
          { expr: `sum(rate(thanos_blocks_meta_syncs_total{job="thanos-compact"}${r}))`, legend: 'syncs' },
          { expr: `sum(rate(thanos_blocks_meta_sync_failures_total{job="thanos-compact"}${r}))`, legend: 'failures' },
        ] },
        { title: 'Meta sync duration p99', unit: 's', description: '99th percentile of the time to sync block metadata.',
          queries: [{ expr: q99('thanos_blocks_meta_sync_duration_seconds_bucket{job="thanos-compact"}', 'pod'), legend: '{{ pod }}' }] },
        ...bucket('thanos-compact'),
        ...resources('thanos-compact'),
      ],
    }),
    dashboard('sidecar-dashboard', {
      uid: UIDS.thanosSidecar,
      title: 'Thanos sidecar',
      description: 'The sidecars beside each Prometheus replica, as the Thanos mixin\'s Sidecar view: Store API, uploads, bucket operations.',
      links: [...overview, { title: 'Prometheus', dashboard: UIDS.prometheus }],
      panels: [
        { title: 'Prometheus reachable', type: 'stat', unit: 'bool', description: '1 while every sidecar reaches its Prometheus.', queries: [{ expr: 'min(thanos_sidecar_prometheus_up{job="thanos-sidecar"})' }] },
        { title: 'Seconds since last upload by pod', unit: 's', description: 'Time since each sidecar last uploaded a block.',
          queries: [{ expr: 'time() - max by (pod) (thanos_objstore_bucket_last_successful_upload_time{job="thanos-sidecar"})', legend: '{{ pod }}' }] },
        ...grpcServer('thanos-sidecar'),
        ...bucket('thanos-sidecar'),
        ...resources('thanos-sidecar'),
      ],
    }),
  ];
}
