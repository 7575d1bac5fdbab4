import { AlertingRule } from '../../lib/alerting/types';

/**
 * The essential alerts of the Thanos mixin (thanos-io/thanos `mixin/`, at the pinned release),
 * with the stack's job names: a compactor that halted or stopped uploading, failing bucket
 * operations, a Query that fails its queries or its Store API calls, a Store Gateway that fails
 * its gRPC requests, a sidecar that lost its Prometheus. Targets being down is the job's
 * TargetDown alert. The mixin's runbook links land on its generated table of alerts, not on
 * remediation text, so these link the stack's own runbooks.
 */

/** A failure ratio of bucket operations above 5% for `for`, per job. */
function bucketFailures(alert: string, job: string, what: string, forDuration: string): AlertingRule {
  const failures = `thanos_objstore_bucket_operation_failures_total{job="${job}",operation="get"}`;
  const total = `thanos_objstore_bucket_operations_total{job="${job}",operation="get"}`;
  return {
    alert,
    expr: `sum by (job) (rate(thanos_objstore_bucket_operation_failures_total{job="${job}"}[5m])) / sum by (job) (rate(thanos_objstore_bucket_operations_total{job="${job}"}[5m])) * 100 > 5`,
    for: forDuration,
    severity: 'warning',
    summary: `The ${what} fails more than 5% of its bucket operations`,
    description: `{{ $labels.job }} fails more than 5% of its object-store operations. Check the S3 endpoint, the bucket and the credentials in the object-store Secret.`,
    tests: [
      { inputSeries: [{ series: failures, values: '0+2x40' }, { series: total, values: '0+10x40' }], evalTime: '35m', expectAlerts: [{ labels: { job } }] },
      { inputSeries: [{ series: failures, values: '0x40' }, { series: total, values: '0+10x40' }], evalTime: '35m', expectAlerts: [] },
    ],
  };
}

export function thanosSidecarAlerts(): AlertingRule[] {
  const pod = { namespace: 'monitoring', pod: 'prometheus-prometheus-0' };
  const up = (v: string) => ({ series: `thanos_sidecar_prometheus_up{job="thanos-sidecar",namespace="monitoring",pod="prometheus-prometheus-0"}`, values: v });
  const replay = { series: 'prometheus_tsdb_data_replay_duration_seconds{job="prometheus",namespace="monitoring",pod="prometheus-prometheus-0"}', values: '12x20' };
  const ops = (v: string) => ({ series: 'thanos_objstore_bucket_operation_failures_total{job="thanos-sidecar",instance="10.0.0.7:10902",operation="upload"}', values: v });
  return [
    {
      alert: 'ThanosSidecarBucketOperationsFailed',
      expr: 'sum by (job, instance) (rate(thanos_objstore_bucket_operation_failures_total{job="thanos-sidecar"}[5m])) > 0',
      for: '5m',
      severity: 'critical',
      summary: 'A Thanos sidecar fails to upload to the bucket',
      description: '{{ $labels.instance }} fails object-store operations: new blocks stay on the Prometheus volume and are lost with it. Check the S3 endpoint and the object-store Secret.',
      tests: [
        { inputSeries: [ops('0+1x20')], evalTime: '15m', expectAlerts: [{ labels: { job: 'thanos-sidecar', instance: '10.0.0.7:10902' } }] },
        { inputSeries: [ops('3x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
    {
      alert: 'ThanosSidecarNoConnectionToStartedPrometheus',
      expr: 'thanos_sidecar_prometheus_up{job="thanos-sidecar"} == 0 and on (namespace, pod) prometheus_tsdb_data_replay_duration_seconds != 0',
      for: '5m',
      severity: 'critical',
      summary: 'A Thanos sidecar cannot reach its started Prometheus',
      description: 'The sidecar of {{ $labels.namespace }}/{{ $labels.pod }} cannot reach Prometheus although it has replayed its WAL: queries miss this replica and nothing is uploaded.',
      tests: [
        { inputSeries: [up('0x20'), replay], evalTime: '15m', expectAlerts: [{ labels: { job: 'thanos-sidecar', ...pod } }] },
        { inputSeries: [up('1x20'), replay], evalTime: '15m', expectAlerts: [] },
      ],
    },
  ];
}

/**
 * A p99 latency above `seconds` for 10 minutes while requests come in, as the Thanos mixin reads
 * its histograms.
 */
function latency(alert: string, job: string, histogram: string, matcher: string, seconds: number, severity: 'warning' | 'critical', what: string, impact: string): AlertingRule {
  const sel = `job="${job}"${matcher ? `,${matcher}` : ''}`;
  const bucket = (le: string, v: string) => ({ series: `${histogram}_bucket{${sel},le="${le}"}`, values: v });
  const count = (v: string) => ({ series: `${histogram}_count{${sel}}`, values: v });
  return {
    alert,
    expr: `histogram_quantile(0.99, sum by (job, le) (rate(${histogram}_bucket{${sel}}[5m]))) > ${seconds} and sum by (job) (rate(${histogram}_count{${sel}}[5m])) > 0`,
    for: '10m',
    severity,
    summary: `{{ $labels.job }} takes more than ${seconds}s for its ${what}`,
    description: `The 99th percentile of {{ $labels.job }}'s ${what} has been above ${seconds} seconds for 10 minutes. ${impact} Check its CPU and memory, the Store APIs and the bucket it reads.`,
    tests: [
      { inputSeries: [bucket(String(seconds), '0x30'), bucket(String(seconds * 4), '0+60x30'), bucket('+Inf', '0+60x30'), count('0+60x30')], evalTime: '25m', expectAlerts: [{ labels: { job } }] },
      { inputSeries: [bucket(String(seconds), '0+60x30'), bucket(String(seconds * 4), '0+60x30'), bucket('+Inf', '0+60x30'), count('0+60x30')], evalTime: '25m', expectAlerts: [] },
    ],
  };
}

export function thanosQueryAlerts(): AlertingRule[] {
  const job = 'thanos-query';
  const http = (code: string, v: string) => ({ series: `http_requests_total{job="${job}",handler="query",code="${code}"}`, values: v });
  const range = (code: string, v: string) => ({ series: `http_requests_total{job="${job}",handler="query_range",code="${code}"}`, values: v });
  const grpc = (metric: string, code: string | undefined, v: string) =>
    ({ series: `${metric}{job="${job}",grpc_service="thanos.Store",grpc_method="Series"${code ? `,grpc_code="${code}"` : ''}}`, values: v });
  return [
    {
      alert: 'ThanosQueryHttpRequestQueryErrorRateHigh',
      expr: `sum by (job) (rate(http_requests_total{code=~"5..",job="${job}",handler="query"}[5m])) / sum by (job) (rate(http_requests_total{job="${job}",handler="query"}[5m])) * 100 > 5`,
      for: '5m',
      severity: 'critical',
      summary: 'Thanos Query fails more than 5% of its queries',
      description: '{{ $labels.job }} answers more than 5% of instant queries with a server error: dashboards and alerts read through it. Check its logs and the Store APIs it reaches.',
      tests: [
        { inputSeries: [http('500', '0+2x20'), http('200', '0+10x20')], evalTime: '15m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: [http('500', '0x20'), http('200', '0+10x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
    {
      // What Grafana sends: range queries.
      alert: 'ThanosQueryHttpRequestQueryRangeErrorRateHigh',
      expr: `sum by (job) (rate(http_requests_total{code=~"5..",job="${job}",handler="query_range"}[5m])) / sum by (job) (rate(http_requests_total{job="${job}",handler="query_range"}[5m])) * 100 > 5`,
      for: '5m',
      severity: 'critical',
      summary: 'Thanos Query fails more than 5% of its range queries',
      description: '{{ $labels.job }} answers more than 5% of range queries with a server error: Grafana\'s panels fail. Check its logs and the Store APIs it reaches (its Stores page).',
      tests: [
        { inputSeries: [range('500', '0+2x20'), range('200', '0+10x20')], evalTime: '15m', expectAlerts: [{ labels: { job } }] },
        // Instant queries failing do not count here.
        { inputSeries: [range('200', '0+10x20'), http('500', '0+10x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
    latency('ThanosQueryInstantLatencyHigh', job, 'http_request_duration_seconds', 'handler="query"', 40, 'critical', 'instant queries', 'Alert rules evaluated through it and dashboards time out.'),
    latency('ThanosQueryRangeLatencyHigh', job, 'http_request_duration_seconds', 'handler="query_range"', 90, 'critical', 'range queries', 'Grafana\'s panels time out.'),
    {
      alert: 'ThanosQueryGrpcClientErrorRate',
      expr: `sum by (job) (rate(grpc_client_handled_total{grpc_code!="OK",job="${job}"}[5m])) / sum by (job) (rate(grpc_client_started_total{job="${job}"}[5m])) * 100 > 5`,
      for: '5m',
      severity: 'warning',
      summary: 'Thanos Query fails more than 5% of its Store API calls',
      description: '{{ $labels.job }} fails more than 5% of its calls to sidecars and Store Gateways: results may be partial. Check the endpoints on its Stores page.',
      tests: [
        { inputSeries: [grpc('grpc_client_handled_total', 'Unavailable', '0+2x20'), grpc('grpc_client_started_total', undefined, '0+10x20')], evalTime: '15m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: [grpc('grpc_client_handled_total', 'OK', '0+10x20'), grpc('grpc_client_started_total', undefined, '0+10x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
  ];
}

export function thanosStoreAlerts(): AlertingRule[] {
  const job = 'thanos-store';
  const grpc = (metric: string, code: string | undefined, v: string) =>
    ({ series: `${metric}{job="${job}",grpc_service="thanos.Store",grpc_method="Series"${code ? `,grpc_code="${code}"` : ''}}`, values: v });
  return [
    {
      alert: 'ThanosStoreGrpcErrorRate',
      expr: `sum by (job) (rate(grpc_server_handled_total{grpc_code=~"Unknown|Internal|Unavailable|DataLoss|DeadlineExceeded",job="${job}"}[5m])) / sum by (job) (rate(grpc_server_started_total{job="${job}"}[5m])) * 100 > 5`,
      for: '5m',
      severity: 'warning',
      summary: 'The Thanos Store Gateway fails more than 5% of its requests',
      description: '{{ $labels.job }} fails more than 5% of its gRPC requests: queries over older data come back partial. Check its logs, memory and the bucket.',
      tests: [
        { inputSeries: [grpc('grpc_server_handled_total', 'Internal', '0+2x20'), grpc('grpc_server_started_total', undefined, '0+10x20')], evalTime: '15m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: [grpc('grpc_server_handled_total', 'OK', '0+10x20'), grpc('grpc_server_started_total', undefined, '0+10x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
    bucketFailures('ThanosStoreBucketHighOperationFailures', job, 'Store Gateway', '15m'),
    latency('ThanosStoreSeriesGateLatencyHigh', job, 'thanos_bucket_store_series_gate_duration_seconds', '', 2, 'warning', 'Series requests waiting at its gate', 'Queries over older data are slow: the gate limits concurrent Series calls.'),
    latency('ThanosStoreObjstoreOperationLatencyHigh', job, 'thanos_objstore_bucket_operation_duration_seconds', '', 2, 'warning', 'bucket operations', 'Queries over older data are slow: the object store answers slowly.'),
  ];
}

export function thanosCompactAlerts(): AlertingRule[] {
  const job = 'thanos-compact';
  const halted = (v: string) => ({ series: `thanos_compact_halted{job="${job}",instance="10.0.0.8:10902"}`, values: v });
  const compactions = (metric: string, v: string) => ({ series: `${metric}{job="${job}",instance="10.0.0.8:10902",resolution="0"}`, values: v });
  const upload = (v: string) => ({ series: `thanos_objstore_bucket_last_successful_upload_time{job="${job}",instance="10.0.0.8:10902",bucket="thanos"}`, values: v });
  return [
    {
      alert: 'ThanosCompactHalted',
      expr: `thanos_compact_halted{job="${job}"} == 1`,
      for: '5m',
      severity: 'warning',
      summary: 'The Thanos Compactor has halted',
      description: '{{ $labels.job }} hit an error it does not retry (often overlapping blocks) and stopped: no compaction, downsampling or retention until it is fixed. Read its logs.',
      tests: [
        { inputSeries: [halted('1x20')], evalTime: '15m', expectAlerts: [{ labels: { job, instance: '10.0.0.8:10902' } }] },
        { inputSeries: [halted('0x20')], evalTime: '15m', expectAlerts: [] },
      ],
    },
    bucketFailures('ThanosCompactBucketHighOperationFailures', job, 'Compactor', '15m'),
    {
      alert: 'ThanosCompactHighCompactionFailures',
      expr: `sum by (job) (rate(thanos_compact_group_compactions_failures_total{job="${job}"}[5m])) / sum by (job) (rate(thanos_compact_group_compactions_total{job="${job}"}[5m])) * 100 > 5`,
      for: '15m',
      severity: 'warning',
      summary: 'The Thanos Compactor fails more than 5% of its compactions',
      description: '{{ $labels.job }} has failed more than 5% of its compactions for 15 minutes: blocks pile up uncompacted, the bucket grows and long-range queries slow down. Read its log for the failing block group.',
      tests: [
        { inputSeries: [compactions('thanos_compact_group_compactions_failures_total', '0+1x30'), compactions('thanos_compact_group_compactions_total', '0+2x30')], evalTime: '25m', expectAlerts: [{ labels: { job } }] },
        { inputSeries: [compactions('thanos_compact_group_compactions_failures_total', '0x30'), compactions('thanos_compact_group_compactions_total', '0+2x30')], evalTime: '25m', expectAlerts: [] },
      ],
    },
    {
      alert: 'ThanosCompactHasNotRun',
      expr: `(time() - max by (job) (max_over_time(thanos_objstore_bucket_last_successful_upload_time{job="${job}"}[24h]))) / 60 / 60 > 24`,
      severity: 'warning',
      summary: 'The Thanos Compactor has uploaded nothing for 24 hours',
      description: '{{ $labels.job }} has not written a compacted or downsampled block for a day: the bucket grows and long-range queries slow down. Check that it runs and its logs.',
      tests: [
        // The last upload at t=0, never again: more than 24 hours later it fires.
        { interval: '1h', inputSeries: [upload('0x30')], evalTime: '25h', expectAlerts: [{ labels: { job } }] },
        // An upload every hour (the timestamp follows time).
        { interval: '1h', inputSeries: [upload('0+3600x30')], evalTime: '25h', expectAlerts: [] },
      ],
    },
  ];
}
