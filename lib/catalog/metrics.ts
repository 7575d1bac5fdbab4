import { queryMetricNames } from '../dashboards/queries';
import { QueryLanguage } from '../dashboards/types';

/**
 * The metric names each exporter of the stack exports (at the pinned versions), as far as the
 * dashboards and alerts use them. A dashboard query may only read a metric listed here or one
 * recorded by the stack's rules, so a typo or a renamed metric fails the build's tests rather
 * than showing an empty panel.
 */
export const METRIC_CATALOG: Record<string, readonly string[]> = {
  'prometheus (every target)': ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'],
  'node-exporter v1.12': [
    'node_cpu_seconds_total', 'node_load1', 'node_load5', 'node_load15',
    'node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes',
    'node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 'node_filesystem_readonly',
    'node_filesystem_files', 'node_filesystem_files_free',
    'node_disk_read_bytes_total', 'node_disk_written_bytes_total', 'node_disk_io_time_seconds_total',
    'node_network_receive_bytes_total', 'node_network_transmit_bytes_total',
    'node_network_receive_errs_total', 'node_network_transmit_errs_total',
    'node_timex_sync_status', 'node_timex_maxerror_seconds', 'node_timex_offset_seconds',
    'node_boot_time_seconds', 'node_time_seconds', 'node_uname_info', 'node_textfile_scrape_error',
    'node_filefd_allocated', 'node_filefd_maximum', 'node_nf_conntrack_entries', 'node_nf_conntrack_entries_limit', 'node_disk_io_time_weighted_seconds_total',
    'node_network_receive_packets_total', 'node_network_transmit_packets_total', 'node_vmstat_pgmajfault', 'node_network_receive_drop_total', 'node_network_transmit_drop_total',
    'node_memory_Buffers_bytes', 'node_memory_Cached_bytes', 'node_memory_MemFree_bytes',
    'node_disk_reads_completed_total', 'node_disk_writes_completed_total', 'node_disk_read_time_seconds_total', 'node_disk_write_time_seconds_total',
    // The netstat collector's default fields.
    'node_netstat_Tcp_RetransSegs', 'node_netstat_Tcp_OutSegs', 'node_netstat_TcpExt_TCPSynRetrans', 'node_netstat_Tcp_CurrEstab',
    // Written by the stack's textfile collectors.
    'node_reboot_required', 'node_kernel_tainted', 'node_ext4_filesystem_errors',
    'node_textfile_collector_success', 'node_textfile_collector_last_run_timestamp_seconds',
    'node_textfile_collector_duration_seconds', 'node_textfile_collector_interval_seconds',
  ],
  'kube-state-metrics v2.20': [
    'kube_pod_info', 'kube_pod_owner', 'kube_pod_status_phase', 'kube_pod_status_ready', 'kube_pod_container_status_restarts_total',
    'kube_pod_container_status_waiting_reason', 'kube_pod_container_resource_requests', 'kube_pod_container_resource_limits',
    'kube_node_info', 'kube_node_status_condition', 'kube_node_status_allocatable', 'kube_node_status_capacity',
    'kube_deployment_spec_replicas', 'kube_deployment_status_replicas_available', 'kube_deployment_status_replicas_updated',
    'kube_deployment_status_condition', 'kube_daemonset_status_desired_number_scheduled', 'kube_daemonset_status_current_number_scheduled',
    'kube_job_failed', 'kube_namespace_status_phase', 'kube_persistentvolumeclaim_info',
    'kube_node_spec_unschedulable', 'kube_persistentvolumeclaim_status_phase', 'kube_replicaset_owner', 'kube_statefulset_status_replicas_ready',
    'kube_statefulset_replicas', 'kube_statefulset_status_replicas_updated', 'kube_daemonset_status_number_misscheduled',
    'kube_daemonset_status_updated_number_scheduled', 'kube_daemonset_status_number_available', 'kube_job_status_start_time', 'kube_job_status_active',
    'kube_persistentvolume_status_phase', 'kube_persistentvolumeclaim_access_mode', 'kube_persistentvolumeclaim_labels',
  ],
  'kubelet and cAdvisor': [
    'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'container_memory_rss', 'container_memory_cache', 'container_memory_swap',
    'kubelet_pleg_relist_duration_seconds_bucket', 'kubelet_pod_start_duration_seconds_bucket', 'kubelet_running_containers',
    'kubelet_runtime_operations_total', 'kubelet_runtime_operations_errors_total', 'kubelet_volume_stats_inodes', 'kubelet_volume_stats_inodes_used',
    'container_cpu_cfs_periods_total', 'container_cpu_cfs_throttled_periods_total', 'container_network_receive_packets_total', 'container_network_transmit_packets_total',
    'container_network_receive_packets_dropped_total', 'container_network_transmit_packets_dropped_total',
    'container_network_receive_errors_total', 'container_network_transmit_errors_total',
    'container_network_receive_bytes_total', 'container_network_transmit_bytes_total',
    'kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes', 'kubelet_volume_stats_used_bytes',
    'kubelet_running_pods', 'kubelet_evictions', 'kubelet_certificate_manager_client_ttl_seconds', 'kubelet_certificate_manager_server_ttl_seconds',
    'kubelet_certificate_manager_client_expiration_renew_errors', 'kubelet_server_expiration_renew_errors',
  ],
  'kube-apiserver': [
    'apiserver_request_total', 'apiserver_request_duration_seconds_bucket', 'apiserver_client_certificate_expiration_seconds_bucket',
    'apiserver_client_certificate_expiration_seconds_count', 'aggregator_unavailable_apiservice',
    'apiserver_current_inflight_requests', 'workqueue_depth', 'workqueue_adds_total', 'apiserver_storage_objects',
    // Kept for the API server latency SLO: the count and the 1s bucket only (charts/exporters/kubernetes-monitors.ts).
    'apiserver_request_sli_duration_seconds_bucket', 'apiserver_request_sli_duration_seconds_count',
  ],
  'kube-state-metrics telemetry': ['kube_state_metrics_list_total', 'kube_state_metrics_watch_total'],
  'prometheus-config-reloader v0.93': ['reloader_last_reload_successful'],
  'coredns': ['coredns_dns_requests_total', 'coredns_dns_responses_total', 'coredns_dns_request_duration_seconds_bucket', 'coredns_cache_hits_total', 'coredns_cache_misses_total'],
  'prometheus v3.5 (LTS)': [
    'prometheus_config_last_reload_successful', 'prometheus_rule_evaluation_failures_total',
    'prometheus_notifications_alertmanagers_discovered', 'prometheus_notifications_errors_total', 'prometheus_notifications_sent_total',
    'prometheus_tsdb_head_samples_appended_total', 'prometheus_target_metadata_cache_entries', 'prometheus_rule_group_rules', 'prometheus_tsdb_compactions_failed_total', 'prometheus_target_sync_failed_total',
    'prometheus_tsdb_head_series', 'prometheus_rule_group_iterations_missed_total', 'prometheus_engine_query_duration_seconds',
    'prometheus_notifications_dropped_total', 'prometheus_rule_group_last_duration_seconds', 'prometheus_sd_kubernetes_failures_total',
    'prometheus_tsdb_head_chunks', 'prometheus_tsdb_storage_blocks_bytes', 'prometheus_tsdb_retention_limit_bytes', 'prometheus_tsdb_lowest_timestamp_seconds',
    'prometheus_tsdb_wal_storage_size_bytes', 'prometheus_tsdb_wal_fsync_duration_seconds_sum', 'prometheus_tsdb_wal_fsync_duration_seconds_count',
    'prometheus_tsdb_wal_corruptions_total', 'prometheus_tsdb_wal_writes_failed_total', 'prometheus_tsdb_wal_truncations_failed_total',
    'prometheus_tsdb_compactions_total', 'prometheus_tsdb_head_gc_duration_seconds_sum', 'prometheus_tsdb_head_gc_duration_seconds_count', 'prometheus_tsdb_blocks_loaded',
    'prometheus_rule_evaluations_total', 'prometheus_http_requests_total', 'prometheus_http_request_duration_seconds_bucket',
    'prometheus_sd_discovered_targets', 'prometheus_target_interval_length_seconds', 'prometheus_tsdb_head_series_created_total', 'prometheus_tsdb_head_series_removed_total',
    'prometheus_tsdb_out_of_order_samples_total', 'prometheus_target_scrapes_exceeded_sample_limit_total',
  ],
  'alertmanager v0.34': [
    'alertmanager_config_last_reload_successful', 'alertmanager_notifications_failed_total', 'alertmanager_notifications_total',
    'alertmanager_cluster_members', 'alertmanager_alerts', 'alertmanager_alerts_received_total', 'alertmanager_notification_latency_seconds_bucket', 'alertmanager_silences',
    'alertmanager_alerts_invalid_total', 'alertmanager_notification_requests_total', 'alertmanager_notification_requests_failed_total',
  ],
  'prometheus-operator v0.93': ['prometheus_operator_reconcile_errors_total', 'prometheus_operator_reconcile_operations_total', 'prometheus_operator_syncs', 'prometheus_operator_managed_resources'],
  // With the `ha` profile: the sidecar, Query, Store Gateway and Compactor (as the Thanos mixin reads them).
  'thanos v0.42': [
    'http_requests_total', 'grpc_client_handled_total', 'grpc_client_started_total', 'grpc_server_handled_total', 'grpc_server_started_total',
    'thanos_objstore_bucket_operations_total', 'thanos_objstore_bucket_operation_failures_total', 'thanos_objstore_bucket_last_successful_upload_time',
    'thanos_sidecar_prometheus_up', 'thanos_compact_halted', 'thanos_compact_group_compactions_total', 'thanos_compact_downsample_total',
    'thanos_bucket_store_blocks_loaded', 'thanos_shipper_upload_compacted_done',
    'http_request_duration_seconds_bucket', 'grpc_client_handling_seconds_bucket', 'grpc_server_handling_seconds_bucket',
    'thanos_query_concurrent_gate_queries_in_flight', 'thanos_query_concurrent_gate_queries_max', 'thanos_query_store_apis_dns_lookups_total', 'thanos_query_store_apis_dns_failures_total',
    'thanos_objstore_bucket_operation_duration_seconds_bucket', 'thanos_bucket_store_block_loads_total', 'thanos_bucket_store_block_load_failures_total',
    'thanos_bucket_store_block_drops_total', 'thanos_store_index_cache_hits_total', 'thanos_store_index_cache_requests_total',
    'thanos_bucket_store_series_blocks_queried_sum', 'thanos_bucket_store_series_blocks_queried_count', 'thanos_bucket_store_series_data_fetched_sum',
    'thanos_compact_group_compactions_failures_total', 'thanos_compact_downsample_failed_total', 'thanos_compact_garbage_collection_total',
    'thanos_compact_garbage_collection_failures_total', 'thanos_compact_blocks_marked_for_deletion_total', 'thanos_compact_blocks_cleaned_total',
    'thanos_blocks_meta_syncs_total', 'thanos_blocks_meta_sync_failures_total', 'thanos_blocks_meta_sync_duration_seconds_bucket',
    // Prometheus's own, which the sidecar alert joins on.
    'prometheus_tsdb_data_replay_duration_seconds',
  ],
  'loki v3.7': [
    'loki_request_duration_seconds_count', 'loki_request_duration_seconds_bucket', 'loki_discarded_samples_total', 'loki_distributor_lines_received_total',
    'loki_ingester_streams_created_total', 'loki_distributor_bytes_received_total', 'loki_ingester_memory_streams',
    'loki_distributor_structured_metadata_bytes_received_total', 'loki_ingester_memory_chunks', 'loki_ingester_chunks_flushed_total', 'loki_ingester_flush_queue_length',
    'loki_s3_request_duration_seconds_count', 'loki_s3_request_duration_seconds_bucket',
    'loki_compactor_apply_retention_last_successful_run_timestamp_seconds', 'loki_compactor_apply_retention_operation_total',
    'loki_boltdb_shipper_compact_tables_operation_total', 'loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds',
    'loki_boltdb_shipper_retention_marker_count_total', 'loki_boltdb_shipper_retention_sweeper_marker_files_current',
    'loki_compactor_pending_delete_requests_count', 'loki_compactor_oldest_pending_delete_request_age_seconds',
    'loki_prometheus_rule_evaluations_total', 'loki_prometheus_rule_evaluation_failures_total', 'loki_prometheus_rule_group_last_duration_seconds',
    'loki_prometheus_rule_group_iterations_missed_total', 'loki_prometheus_rule_group_rules',
  ],
  'promtail v3.6': ['promtail_dropped_entries_total', 'promtail_request_duration_seconds_count', 'promtail_sent_entries_total', 'promtail_read_bytes_total', 'promtail_files_active_total'],
  'alloy v1.18': ['loki_write_dropped_entries_total', 'loki_write_request_duration_seconds_count', 'loki_write_sent_entries_total', 'loki_write_sent_bytes_total'],
  'nginx-prometheus-exporter v1.5': ['nginx_up', 'nginx_http_requests_total', 'nginx_connections_active'],
  // Every Go component's client library: under the job of whatever scrapes it.
  'Go and process collectors (every component)': [
    'process_resident_memory_bytes', 'process_cpu_seconds_total', 'process_open_fds', 'process_max_fds', 'go_memstats_heap_inuse_bytes', 'go_goroutines',
  ],
  'speedtest-exporter v1.6 (heathcliff26)': [
    'speedtest_download_megabits_per_second', 'speedtest_upload_megabits_per_second',
    'speedtest_ping_latency_milliseconds', 'speedtest_jitter_latency_milliseconds', 'speedtest_up',
    'speedtest_data_used_megabytes', 'speedtest_duration_milliseconds',
  ],
  // Data services, with the exporters the stack's monitors expect.
  'airflow (statsd-exporter, official chart mappings)': [
    'airflow_scheduler_heartbeat', 'airflow_executor_running_tasks', 'airflow_executor_queued_tasks', 'airflow_executor_open_slots',
    'airflow_ti_failures', 'airflow_ti_successes', 'airflow_dag_processing_import_errors',
  ],
  'trino (coordinator /metrics, OpenMetrics)': [
    'trino_execution_name_QueryManager_RunningQueries', 'trino_execution_name_QueryManager_QueuedQueries',
    'trino_execution_name_QueryManager_FailedQueries_TotalCount', 'trino_execution_name_QueryManager_CompletedQueries_TotalCount',
    'trino_memory_type_ClusterMemoryPool_name_general_FreeDistributedBytes', 'trino_metadata_name_DiscoveryNodeManager_ActiveNodeCount',
  ],
  'redpanda (public metrics)': [
    'redpanda_kafka_request_bytes_total', 'redpanda_kafka_under_replicated_replicas', 'redpanda_cluster_brokers',
    'redpanda_storage_disk_free_bytes', 'redpanda_storage_disk_total_bytes', 'redpanda_kafka_consumer_group_lag_sum',
  ],
  'postgres_exporter': [
    'pg_up', 'pg_stat_database_numbackends', 'pg_settings_max_connections', 'pg_stat_database_xact_commit',
    'pg_stat_database_xact_rollback', 'pg_stat_database_deadlocks', 'pg_database_size_bytes',
  ],
  'spark (driver UI, /metrics/executors/prometheus)': [
    'metrics_executor_activeTasks', 'metrics_executor_failedTasks_total', 'metrics_executor_completedTasks_total',
    'metrics_executor_memoryUsed_bytes', 'metrics_executor_totalGCTime_seconds_total',
  ],
  // Read by the alert rules only (the names the kube-prometheus mixins read at these versions).
  'alertmanager v0.34 (cluster)': ['alertmanager_config_hash', 'alertmanager_cluster_failed_peers'],
  'every Go process (client_golang)': ['process_start_time_seconds'],
  'kube-state-metrics v2.20 (rollouts, budgets)': [
    'kube_pod_status_reason', 'kube_statefulset_status_current_revision', 'kube_statefulset_status_update_revision',
    'kube_statefulset_status_observed_generation', 'kube_statefulset_metadata_generation',
    'kube_deployment_status_observed_generation', 'kube_deployment_metadata_generation',
    'kube_poddisruptionbudget_status_desired_healthy', 'kube_poddisruptionbudget_status_current_healthy',
  ],
  'prometheus-operator v0.93 (health)': [
    'prometheus_operator_ready', 'prometheus_operator_list_operations_failed_total', 'prometheus_operator_list_operations_total',
    'prometheus_operator_watch_operations_failed_total', 'prometheus_operator_watch_operations_total',
    'prometheus_operator_status_update_errors_total', 'prometheus_operator_status_update_operations_total',
  ],
  'prometheus v3.5 (notifications, blocks)': ['prometheus_notifications_queue_length', 'prometheus_notifications_queue_capacity', 'prometheus_tsdb_reloads_failures_total'],
  'loki v3.7 (compactor, ruler, panics)': [
    'loki_panic_total', 'loki_boltdb_shipper_compactor_running', 'loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds',
    'loki_prometheus_rule_group_iterations_missed_total',
  ],
  'thanos v0.42 (latency, compaction)': [
    'http_request_duration_seconds_bucket', 'http_request_duration_seconds_count', 'thanos_compact_group_compactions_failures_total',
    'thanos_bucket_store_series_gate_duration_seconds_bucket', 'thanos_bucket_store_series_gate_duration_seconds_count',
    'thanos_objstore_bucket_operation_duration_seconds_bucket', 'thanos_objstore_bucket_operation_duration_seconds_count',
  ],
};

/** Every cataloged metric name. */
export const KNOWN_METRICS: ReadonlySet<string> = new Set(Object.values(METRIC_CATALOG).flat());

/** What the catalog check needs of a dashboard (a GrafanaDashboard). */
export interface QueriedDashboard {
  /** The dashboard's uid, which starts each reported line. */
  readonly uid: string;
  /** Every query of the dashboard: where it is (for the report), its text and its language. */
  readonly queries: readonly { readonly where: string; readonly expr: string; readonly language: QueryLanguage }[];
}

/**
 * The metrics a dashboard's queries read that no exporter of the stack exports and no rule of
 * the stack records, as `<uid> <where>: <metric>`. Empty when every panel can show data.
 */
export function uncatalogedMetrics(dashboard: QueriedDashboard, recorded: ReadonlySet<string> = new Set()): string[] {
  return dashboard.queries.flatMap((q) => queryMetricNames(q.expr, q.language)
    .filter((metric) => !KNOWN_METRICS.has(metric) && !recorded.has(metric))
    .map((metric) => `${dashboard.uid} ${q.where}: ${metric}`));
}

/** What ownMetrics needs of an alert rule group (an AlertRuleGroup). */
export interface TestedRules {
  readonly rules: readonly { readonly record?: string; readonly tests?: readonly { readonly inputSeries: readonly { readonly series: string }[] }[] }[];
}

/**
 * The metrics a component of your own declares as its application's: the series its alerts'
 * promtool tests feed in (a test that fires on `orders_queue_depth` says the service exports it)
 * and what its rules record. Its dashboards and alerts may read these besides the catalog; an
 * ObservedService's generated alerts (errorRate, latency, saturation) count too, since their
 * tests feed in the metric they read.
 */
export function ownMetrics(groups: readonly TestedRules[]): Set<string> {
  const names = new Set<string>();
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.record) names.add(r.record);
      for (const t of r.tests ?? []) for (const s of t.inputSeries) names.add(/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(s.series)?.[0] ?? '');
    }
  }
  names.delete('');
  return names;
}
