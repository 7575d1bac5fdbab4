import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { k8s } from 'cdk8s-plus-28';
import { ClusterContext } from '../../config';
import { AlertingRule } from '../../lib/alerting/types';
import { Component } from '../../lib/core/component';
import { check } from '../../lib/core/errors';
import { hardenedContainer } from '../../lib/core/container';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { checkDuration, durationMs } from '../../lib/core/validate';
import { deployment } from '../../lib/core/workload';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { imageOf, versionOf } from '../../lib/core/versions';

/**
 * heathcliff26/speedtest-exporter runs a speedtest.net test (Go-native, no Ookla CLI) when a
 * scrape of /metrics finds its cached result expired, and exports
 * speedtest_download_megabits_per_second, speedtest_upload_megabits_per_second,
 * speedtest_ping_latency_milliseconds, speedtest_jitter_latency_milliseconds (only after a
 * successful test) and speedtest_up (always: 1 when the test succeeded).
 */
export const SPEEDTEST_IMAGE = imageOf('speedtestExporter');
/** A speed test takes about a minute; the scrape must be allowed to wait for it. */
const SCRAPE_TIMEOUT = '90s';
const SPEEDTEST_PORT = 9798;

/**
 * The exporter's configuration: a result is cached for one scrape interval (the exporter
 * expires it early by the test's own duration plus 5 s), so each scrape runs one new test and a
 * stray request runs none.
 * Nothing is persisted: the root filesystem is read-only.
 */
export function speedtestExporterConfig(interval: string): string {
  // In seconds: Go durations have no days or weeks, Prometheus durations do.
  const cache = `${Math.round(durationMs(interval) / 1000)}s`;
  return stringify({ logLevel: 'info', port: SPEEDTEST_PORT, cache, persistCache: false, speedtestCLI: '', remote: { enable: false } });
}

/** The speed-test exporter, scraped rarely: every scrape runs a real test. */
export class SpeedtestExporterChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'speedtest-exporter', { namespace, phase: 'workloads', description: 'Internet speed tests (download, upload, ping, jitter) on a long interval' });
    const cfg = ctx.config.speedtest ?? {};
    const where = `config/${ctx.name}/speedtest`;
    const interval = cfg.interval ?? '30m';
    checkDuration(where, 'interval', interval);
    check(durationMs(interval) >= durationMs('5m'), where, 'interval', interval, 'at least "5m": each scrape runs a full speed test');
    const minDown = cfg.minDownloadMbps ?? 100;
    const minUp = cfg.minUploadMbps ?? 20;
    check(minDown > 0 && minUp > 0, where, 'minDownloadMbps/minUploadMbps', [minDown, minUp], 'positive numbers of Mbit/s');

    const identity: AppIdentity = { name: 'speedtest-exporter', component: 'exporter', version: versionOf('speedtestExporter') };
    const labels = recommendedLabels(identity);
    new ServiceIdentity(this, 'identity', { name: 'speedtest-exporter', namespace, labels });
    const config = speedtestExporterConfig(interval);
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: 'speedtest-exporter', namespace, labels }, data: { 'config.yaml': config } });
    const tcp = { tcpSocket: { port: k8s.IntOrString.fromString('metrics') }, periodSeconds: 20, timeoutSeconds: 5 };
    deployment(this, 'deployment', {
      identity,
      namespace,
      serviceAccountName: 'speedtest-exporter',
      automountServiceAccountToken: false,
      annotations: { 'observability-stack/config-checksum': createHash('sha256').update(config).digest('hex').slice(0, 16) },
      containers: [hardenedContainer(this, {
        name: 'speedtest-exporter',
        image: SPEEDTEST_IMAGE,
        args: ['-config', '/config/config.yaml'],
        ports: [{ name: 'metrics', containerPort: SPEEDTEST_PORT, protocol: 'TCP' }],
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
        // Never probe /metrics: a request to it after the cache expired runs a speed test.
        livenessProbe: tcp,
        readinessProbe: tcp,
        volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }],
      })],
      volumes: [{ name: 'config', configMap: { name: 'speedtest-exporter' } }],
    });

    new ObservedService(this, 'monitoring', {
      name: 'speedtest-exporter',
      selector: selectorLabels(identity),
      port: 'metrics',
      interval,
      scrapeTimeout: SCRAPE_TIMEOUT,
      service: { port: SPEEDTEST_PORT, targetPort: 'metrics' },
      // With one sample per interval, `up` exists only just after each scrape: the standard
      // down/absent alerts cannot hold for their `for`, so these look back over the interval.
      alerts: { down: false, absent: false, extra: internetAlerts(interval, minDown, minUp) },
    });
  }
}

/** Alerts on the last results within two test intervals (plus a margin). */
export function internetAlerts(interval: string, minDownMbps: number, minUpMbps: number): AlertingRule[] {
  const window = `${Math.round((2 * durationMs(interval)) / 60_000) + 5}m`;
  const job = 'speedtest-exporter';
  const sel = `{job="${job}"}`;
  const series = (metric: string) => `${metric}{job="${job}",instance="10.0.0.9:9798"}`;
  // The link is the cluster's, not the exporter pod's: results are taken per job, so a restarted
  // exporter (a new instance) continues the same history.
  const labels = { job };
  const step = { interval };
  const up = (v: string) => ({ series: series('speedtest_up'), values: v });
  const restarted = (metric: string) => `${metric}{job="${job}",instance="10.0.0.10:9798"}`;
  // A failed test reports speedtest_up 0 and no results: the slow alerts need at least one
  // successful test in the window (failures are InternetSpeedtestFailing's). Speeds are in Mbit/s.
  const slow = (alert: string, metric: string, what: string, min: number): AlertingRule => ({
    alert,
    expr: `max by (job) (max_over_time(${metric}${sel}[${window}])) < ${min} and on (job) max by (job) (max_over_time(speedtest_up${sel}[${window}])) == 1`,
    severity: 'warning',
    summary: `Internet ${what} is below ${min} Mbit/s`,
    description: `Every successful speed test in the last ${window} measured ${what} below ${min} Mbit/s. Check the router and the provider's status.`,
    tests: [
      { ...step, inputSeries: [{ series: series(metric), values: `${min * 0.5}x10` }, up('1x10')], evalTime: '3h', expectAlerts: [{ labels }] },
      { ...step, inputSeries: [{ series: series(metric), values: `${min * 2}x10` }, up('1x10')], evalTime: '3h', expectAlerts: [] },
      {
        ...step,
        name: `${alert}: failed tests are not slow tests`,
        inputSeries: [{ series: series(metric), values: `${min * 0.5}x2 _x8` }, up('1x2 0x8')],
        evalTime: '3h',
        expectAlerts: [],
      },
      {
        ...step,
        name: `${alert}: one slow test on a restarted exporter, a fast one still in the window`,
        inputSeries: [
          { series: series(metric), values: `${min * 2}x4 _x6` }, up('1x4 _x6'),
          { series: restarted(metric), values: `_x5 ${min * 0.5}x1` }, { series: restarted('speedtest_up'), values: '_x5 1x1' },
        ],
        evalTime: '3h',
        expectAlerts: [],
      },
    ],
  });
  const high = (alert: string, metric: string, what: string, max: number): AlertingRule => ({
    alert,
    expr: `min by (job) (min_over_time(${metric}${sel}[${window}])) > ${max}`,
    severity: 'warning',
    summary: `Internet ${what} is above ${max} ms`,
    description: `Every successful speed test in the last ${window} measured ${what} above ${max} ms.`,
    tests: [
      { ...step, inputSeries: [{ series: series(metric), values: `${max * 2}x10` }], evalTime: '3h', expectAlerts: [{ labels }] },
      { ...step, name: `${alert}: a failed test (no result) in between does not hide it`, inputSeries: [{ series: series(metric), values: `${max * 2}x4 _ ${max * 2}x5` }], evalTime: '2h50m', expectAlerts: [{ labels }] },
      { ...step, name: `${alert}: one fast test in the window clears it`, inputSeries: [{ series: series(metric), values: `${max * 2}x4 ${max / 2} ${max * 2}x4` }], evalTime: '3h', expectAlerts: [] },
      { ...step, inputSeries: [{ series: series(metric), values: `${max / 2}x10` }], evalTime: '3h', expectAlerts: [] },
    ],
  });
  return [
    slow('InternetDownloadSlow', 'speedtest_download_megabits_per_second', 'download', minDownMbps),
    slow('InternetUploadSlow', 'speedtest_upload_megabits_per_second', 'upload', minUpMbps),
    high('InternetLatencyHigh', 'speedtest_ping_latency_milliseconds', 'latency', 100),
    high('InternetJitterHigh', 'speedtest_jitter_latency_milliseconds', 'jitter', 30),
    {
      alert: 'InternetSpeedtestFailing',
      expr: `max by (job) (max_over_time(speedtest_up${sel}[${window}])) == 0 or max by (job) (max_over_time(up${sel}[${window}])) == 0`,
      severity: 'warning',
      summary: 'Speed tests are failing',
      description: `No speed test has succeeded in the last ${window}: the link is down, or the exporter cannot reach the test servers.`,
      tests: [
        { ...step, inputSeries: [{ series: series('speedtest_up'), values: '0x10' }, { series: series('up'), values: '1x10' }], evalTime: '3h', expectAlerts: [{ labels }] },
        { ...step, inputSeries: [{ series: series('speedtest_up'), values: '1x10' }, { series: series('up'), values: '1x10' }], evalTime: '3h', expectAlerts: [] },
      ],
    },
    {
      alert: 'InternetSpeedtestAbsent',
      expr: `absent_over_time(up${sel}[${window}])`,
      severity: 'warning',
      summary: 'The speed-test exporter is not scraped',
      description: `Prometheus has no scrape of speedtest-exporter in the last ${window}: the exporter is gone or its monitor selects nothing.`,
      tests: [
        { ...step, inputSeries: [{ series: 'up{job="other"}', values: '1x10' }], evalTime: '3h', expectAlerts: [{ labels: { job } }] },
        { ...step, inputSeries: [{ series: series('up'), values: '1x10' }], evalTime: '3h', expectAlerts: [] },
      ],
    },
  ];
}
