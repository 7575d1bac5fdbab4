import { Construct } from 'constructs';
import { GrafanaDashboard } from '../../lib/dashboards/grafana-dashboard';
import { DATASOURCE_UIDS } from '../endpoints';

/** Thanos at a glance: queries, Store API calls, uploads, the bucket, the Compactor. */
export function thanosDashboard(scope: Construct): GrafanaDashboard {
  return new GrafanaDashboard(scope, 'dashboard', {
    uid: 'thanos-overview',
    title: 'Thanos',
    folder: 'Cluster',
    tags: ['thanos', 'prometheus'],
    datasources: { prometheus: DATASOURCE_UIDS.prometheus, loki: DATASOURCE_UIDS.loki },
    panels: [
      { title: 'Query requests by code', unit: 'reqps', queries: [{ expr: 'sum by (code) (rate(http_requests_total{job="thanos-query",handler=~"query|query_range"}[$__rate_interval]))', legend: '{{ code }}' }] },
      { title: 'Store API calls failing', unit: 'percentunit', queries: [{ expr: 'sum by (job) (rate(grpc_client_handled_total{job="thanos-query",grpc_code!="OK"}[$__rate_interval])) / sum by (job) (rate(grpc_client_started_total{job="thanos-query"}[$__rate_interval]))', legend: '{{ job }}' }] },
      { title: 'Sidecar: seconds since last upload', unit: 's', queries: [{ expr: 'time() - max by (pod) (thanos_objstore_bucket_last_successful_upload_time{job="thanos-sidecar"})', legend: '{{ pod }}' }] },
      { title: 'Bucket operations failing', unit: 'ops', queries: [{ expr: 'sum by (job, operation) (rate(thanos_objstore_bucket_operation_failures_total{job=~"thanos-sidecar|thanos-store|thanos-compact"}[$__rate_interval]))', legend: '{{ job }} {{ operation }}' }] },
      { title: 'Store Gateway: blocks loaded', queries: [{ expr: 'sum(thanos_bucket_store_blocks_loaded{job="thanos-store"})' }] },
      { title: 'Compactor halted', type: 'stat', queries: [{ expr: 'max(thanos_compact_halted{job="thanos-compact"})' }] },
      { title: 'Compactions and downsamplings', unit: 'ops', queries: [
        { expr: 'sum(rate(thanos_compact_group_compactions_total{job="thanos-compact"}[$__rate_interval]))', legend: 'compactions' },
        { expr: 'sum(rate(thanos_compact_downsample_total{job="thanos-compact"}[$__rate_interval]))', legend: 'downsamplings' },
      ] },
      // While moving from `single`: 1 once a sidecar has uploaded the blocks Prometheus had compacted.
      { title: 'Sidecar: existing blocks uploaded', type: 'stat', description: '1 after a sync in which every block, compacted ones included, reached the bucket; 0 while uploadExistingBlocks is off.', queries: [{ expr: 'min(thanos_shipper_upload_compacted_done{job="thanos-sidecar"})' }] },
      { title: 'Memory by component', unit: 'bytes', queries: [{ expr: 'sum by (job) (go_memstats_heap_inuse_bytes{job=~"thanos-.*"})', legend: '{{ job }}' }] },
    ],
  });
}
