import { AlertingRule } from '../../lib/alerting/types';
import { DashboardPanel } from '../../lib/dashboards/types';
import { DataServicesConfig } from '../../config';

/** What the stack knows about one data service: its dashboard and its key alert. */
export interface DataServiceDefinition {
  readonly title: string;
  readonly panels: (job: string) => DashboardPanel[];
  readonly alert: (job: string) => AlertingRule;
  /** Targets exist only while work runs (Spark drivers): no absent-target alert. @default false */
  readonly transient?: boolean;
}

const up = (job: string): DashboardPanel => ({ title: 'Targets up', type: 'stat', unit: 'short', description: 'Targets of the service Prometheus scrapes successfully.', queries: [{ expr: `sum(up{job="${job}"})` }] });
const i = (job: string, extra = '') => `{job="${job}",namespace="data",instance="10.0.2.1:9102"${extra}}`;

export const DATA_SERVICES: Record<keyof DataServicesConfig, DataServiceDefinition> = {
  airflow: {
    title: 'Airflow',
    panels: (job) => [
      up(job),
      { title: 'Running tasks', type: 'stat', unit: 'short', description: 'Task instances the executor runs now.', queries: [{ expr: `sum(airflow_executor_running_tasks{job="${job}"})` }] },
      { title: 'Queued tasks', type: 'stat', unit: 'short', description: 'Task instances waiting for an executor slot.', queries: [{ expr: `sum(airflow_executor_queued_tasks{job="${job}"})` }] },
      { title: 'DAG import errors', type: 'stat', unit: 'short', description: 'DAG files that failed to import: their DAGs do not run.', queries: [{ expr: `max(airflow_dag_processing_import_errors{job="${job}"})` }] },
      { title: 'Task outcomes', unit: 'ops', description: 'Task instances succeeding and failing per second.', queries: [
        { expr: `sum(rate(airflow_ti_successes{job="${job}"}[$__rate_interval]))`, legend: 'succeeded' },
        { expr: `sum(rate(airflow_ti_failures{job="${job}"}[$__rate_interval]))`, legend: 'failed' },
      ] },
      { title: 'Scheduler heartbeats', unit: 'ops', description: 'Scheduler heartbeats per second: zero, nothing is scheduled.', queries: [{ expr: `sum(rate(airflow_scheduler_heartbeat{job="${job}"}[$__rate_interval]))` }] },
    ],
    alert: (job) => ({
      alert: 'AirflowSchedulerNoHeartbeat',
      // Gone is as bad as stopped: absent() fires once no scheduler reports at all.
      expr: `sum by (namespace, job) (rate(airflow_scheduler_heartbeat{job="${job}"}[5m])) == 0 or absent(airflow_scheduler_heartbeat{job="${job}"})`,
      for: '10m',
      severity: 'critical',
      summary: 'The Airflow scheduler ({{ $labels.job }}) has stopped heartbeating',
      description: 'No scheduler heartbeat for 10 minutes: no DAG runs are being scheduled. Check the scheduler pod.',
      tests: [
        { inputSeries: [{ series: `airflow_scheduler_heartbeat${i(job)}`, values: '100x30' }], evalTime: '20m', expectAlerts: [{ labels: { namespace: 'data', job } }] },
        { inputSeries: [{ series: `airflow_executor_running_tasks${i(job)}`, values: '1x30' }], evalTime: '20m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: [{ series: `airflow_scheduler_heartbeat${i(job)}`, values: '0+12x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    }),
  },
  trino: {
    title: 'Trino',
    panels: (job) => [
      up(job),
      { title: 'Active workers', type: 'stat', unit: 'short', description: 'Workers the coordinator sees.', queries: [{ expr: `max(trino_metadata_name_DiscoveryNodeManager_ActiveNodeCount{job="${job}"})` }] },
      { title: 'Running queries', type: 'stat', unit: 'short', description: 'Queries running now.', queries: [{ expr: `sum(trino_execution_name_QueryManager_RunningQueries{job="${job}"})` }] },
      { title: 'Queued queries', type: 'stat', unit: 'short', description: 'Queries waiting for resources.', queries: [{ expr: `sum(trino_execution_name_QueryManager_QueuedQueries{job="${job}"})` }] },
      { title: 'Queries finished and failed', unit: 'ops', description: 'Queries completed and failed per second.', queries: [
        { expr: `sum(rate(trino_execution_name_QueryManager_CompletedQueries_TotalCount{job="${job}"}[$__rate_interval]))`, legend: 'completed' },
        { expr: `sum(rate(trino_execution_name_QueryManager_FailedQueries_TotalCount{job="${job}"}[$__rate_interval]))`, legend: 'failed' },
      ] },
      { title: 'Free cluster memory', unit: 'bytes', description: 'Memory of the general pool free for queries, cluster-wide.', queries: [{ expr: `min(trino_memory_type_ClusterMemoryPool_name_general_FreeDistributedBytes{job="${job}"})` }] },
    ],
    alert: (job) => ({
      alert: 'TrinoQueriesFailing',
      expr: `sum by (namespace, job) (rate(trino_execution_name_QueryManager_FailedQueries_TotalCount{job="${job}"}[10m])) / sum by (namespace, job) (rate(trino_execution_name_QueryManager_CompletedQueries_TotalCount{job="${job}"}[10m])) > 0.2`,
      for: '15m',
      severity: 'warning',
      summary: 'More than 20% of Trino queries fail in {{ $labels.namespace }}',
      description: 'For 15 minutes more than a fifth of finished Trino queries failed. Check the coordinator logs and the catalogs.',
      tests: [
        { inputSeries: [{ series: `trino_execution_name_QueryManager_FailedQueries_TotalCount${i(job)}`, values: '0+5x40' }, { series: `trino_execution_name_QueryManager_CompletedQueries_TotalCount${i(job)}`, values: '0+10x40' }], evalTime: '35m', expectAlerts: [{ labels: { namespace: 'data', job } }] },
        { inputSeries: [{ series: `trino_execution_name_QueryManager_FailedQueries_TotalCount${i(job)}`, values: '0x40' }, { series: `trino_execution_name_QueryManager_CompletedQueries_TotalCount${i(job)}`, values: '0+10x40' }], evalTime: '35m', expectAlerts: [] },
      ],
    }),
  },
  redpanda: {
    title: 'Redpanda',
    panels: (job) => [
      up(job),
      { title: 'Brokers', type: 'stat', unit: 'short', description: 'Brokers in the cluster.', queries: [{ expr: `max(redpanda_cluster_brokers{job="${job}"})` }] },
      { title: 'Under-replicated replicas', type: 'stat', unit: 'short', description: 'Partition replicas behind their leader: another broker lost could lose data.', queries: [{ expr: `sum(redpanda_kafka_under_replicated_replicas{job="${job}"})` }] },
      { title: 'Disk free', type: 'stat', unit: 'percentunit', description: 'Share of the fullest broker\'s disk still free.', queries: [{ expr: `min(redpanda_storage_disk_free_bytes{job="${job}"} / redpanda_storage_disk_total_bytes{job="${job}"})` }] },
      { title: 'Kafka traffic', unit: 'Bps', description: 'Bytes produced and fetched per second, by request type.', queries: [{ expr: `sum by (redpanda_request) (rate(redpanda_kafka_request_bytes_total{job="${job}"}[$__rate_interval]))`, legend: '{{ redpanda_request }}' }] },
      { title: 'Consumer group lag', unit: 'short', description: 'Messages each consumer group is behind.', queries: [{ expr: `sum by (redpanda_group) (redpanda_kafka_consumer_group_lag_sum{job="${job}"})`, legend: '{{ redpanda_group }}' }] },
    ],
    alert: (job) => ({
      alert: 'RedpandaUnderReplicated',
      expr: `sum by (namespace, job, redpanda_namespace, redpanda_topic) (redpanda_kafka_under_replicated_replicas{job="${job}"}) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'Redpanda topic {{ $labels.redpanda_topic }} has under-replicated partitions',
      description: 'Partitions of {{ $labels.redpanda_namespace }}/{{ $labels.redpanda_topic }} have had fewer in-sync replicas than configured for 10 minutes; losing another broker could lose data.',
      tests: [
        { inputSeries: [{ series: `redpanda_kafka_under_replicated_replicas${i(job, ',redpanda_namespace="kafka",redpanda_topic="events",redpanda_partition="0"')}`, values: '2x30' }], evalTime: '20m',
          expectAlerts: [{ labels: { namespace: 'data', job, redpanda_namespace: 'kafka', redpanda_topic: 'events' } }] },
        { inputSeries: [{ series: `redpanda_kafka_under_replicated_replicas${i(job, ',redpanda_namespace="kafka",redpanda_topic="events",redpanda_partition="0"')}`, values: '0x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    }),
  },
  postgresql: {
    title: 'PostgreSQL',
    panels: (job) => [
      { title: 'Up', type: 'stat', unit: 'bool', description: '1 while the exporter reaches the database.', queries: [{ expr: `min(pg_up{job="${job}"})` }] },
      { title: 'Connections used', type: 'stat', unit: 'percentunit', description: 'Backends connected against max_connections.', queries: [{ expr: `sum(pg_stat_database_numbackends{job="${job}"}) / max(pg_settings_max_connections{job="${job}"})` }] },
      { title: 'Deadlocks (1h)', type: 'stat', unit: 'short', description: 'Deadlocks detected in the last hour.', queries: [{ expr: `sum(increase(pg_stat_database_deadlocks{job="${job}"}[1h]))` }] },
      { title: 'Transactions', unit: 'ops', description: 'Commits and rollbacks per second.', queries: [
        { expr: `sum(rate(pg_stat_database_xact_commit{job="${job}"}[$__rate_interval]))`, legend: 'commits' },
        { expr: `sum(rate(pg_stat_database_xact_rollback{job="${job}"}[$__rate_interval]))`, legend: 'rollbacks' },
      ] },
      { title: 'Database size', unit: 'bytes', description: 'Size of each database.', queries: [{ expr: `sum by (datname) (pg_database_size_bytes{job="${job}"})`, legend: '{{ datname }}' }] },
    ],
    alert: (job) => ({
      alert: 'PostgresConnectionsNearLimit',
      expr: `sum by (instance) (pg_stat_database_numbackends{job="${job}"}) / max by (instance) (pg_settings_max_connections{job="${job}"}) > 0.8`,
      for: '10m',
      severity: 'warning',
      summary: 'PostgreSQL {{ $labels.instance }} uses more than 80% of its connections',
      description: 'New clients of {{ $labels.instance }} will soon be refused. Add a pooler or raise max_connections.',
      tests: [
        { inputSeries: [{ series: `pg_stat_database_numbackends${i(job, ',datname="app"')}`, values: '90x30' }, { series: `pg_settings_max_connections${i(job)}`, values: '100x30' }], evalTime: '20m', expectAlerts: [{ labels: { instance: '10.0.2.1:9102' } }] },
        { inputSeries: [{ series: `pg_stat_database_numbackends${i(job, ',datname="app"')}`, values: '10x30' }, { series: `pg_settings_max_connections${i(job)}`, values: '100x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    }),
  },
  spark: {
    transient: true,
    title: 'Spark',
    panels: (job) => [
      up(job),
      { title: 'Active tasks', type: 'stat', unit: 'short', description: 'Tasks the executors run now.', queries: [{ expr: `sum(metrics_executor_activeTasks{job="${job}"})` }] },
      { title: 'Executor memory used', unit: 'bytes', description: 'Storage memory the executors use, per application.', queries: [{ expr: `sum by (application_name) (metrics_executor_memoryUsed_bytes{job="${job}"})`, legend: '{{ application_name }}' }] },
      { title: 'Task outcomes', unit: 'ops', description: 'Tasks completed and failed per second.', queries: [
        { expr: `sum(rate(metrics_executor_completedTasks_total{job="${job}"}[$__rate_interval]))`, legend: 'completed' },
        { expr: `sum(rate(metrics_executor_failedTasks_total{job="${job}"}[$__rate_interval]))`, legend: 'failed' },
      ] },
      { title: 'GC time', unit: 's', description: 'Seconds of JVM garbage collection per second, all executors.', queries: [{ expr: `sum(rate(metrics_executor_totalGCTime_seconds_total{job="${job}"}[$__rate_interval]))` }] },
    ],
    alert: (job) => ({
      alert: 'SparkTasksFailing',
      expr: `sum by (namespace, job, application_name) (increase(metrics_executor_failedTasks_total{job="${job}"}[15m])) > 10`,
      for: '5m',
      severity: 'warning',
      summary: 'Tasks of Spark application {{ $labels.application_name }} are failing',
      description: 'More than 10 tasks of {{ $labels.namespace }}/{{ $labels.application_name }} failed in 15 minutes. Check its executor logs.',
      tests: [
        { inputSeries: [{ series: `metrics_executor_failedTasks_total${i(job, ',application_name="etl"')}`, values: '0+2x30' }], evalTime: '25m', expectAlerts: [{ labels: { namespace: 'data', job, application_name: 'etl' } }] },
        { inputSeries: [{ series: `metrics_executor_failedTasks_total${i(job, ',application_name="etl"')}`, values: '1x30' }], evalTime: '25m', expectAlerts: [] },
      ],
    }),
  },
};
