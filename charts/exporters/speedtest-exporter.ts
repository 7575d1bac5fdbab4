import { Construct } from 'constructs';
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
import { imageOf } from '../../lib/core/versions';

/**
 * miguelndecarvalho/speedtest-exporter runs one Ookla speed test per scrape of /metrics and
 * exports speedtest_download_bits_per_second, speedtest_upload_bits_per_second,
 * speedtest_ping_latency_milliseconds, speedtest_jitter_latency_milliseconds and speedtest_up.
 */
export const SPEEDTEST_IMAGE = imageOf('speedtestExporter');
/** A speed test takes about a minute; the scrape must be allowed to wait for it. */
const SCRAPE_TIMEOUT = '90s';
const SPEEDTEST_TIMEOUT_SECONDS = 80;

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

    const identity: AppIdentity = { name: 'speedtest-exporter', component: 'exporter', version: 'v3.5.4' };
    new ServiceIdentity(this, 'identity', { name: 'speedtest-exporter', namespace, labels: recommendedLabels(identity) });
    const tcp = { tcpSocket: { port: k8s.IntOrString.fromString('metrics') }, periodSeconds: 20, timeoutSeconds: 5 };
    deployment(this, 'deployment', {
      identity,
      namespace,
      serviceAccountName: 'speedtest-exporter',
      automountServiceAccountToken: false,
      containers: [hardenedContainer(this, {
        name: 'speedtest-exporter',
        image: SPEEDTEST_IMAGE,
        // The Ookla CLI stores its licence acceptance under $HOME.
        env: [
          { name: 'HOME', value: '/tmp' },
          { name: 'SPEEDTEST_PORT', value: '9798' },
          // Give up before the scrape does, so a hung test reports speedtest_up 0 rather than up 0.
          { name: 'SPEEDTEST_TIMEOUT', value: String(SPEEDTEST_TIMEOUT_SECONDS) },
        ],
        ports: [{ name: 'metrics', containerPort: 9798, protocol: 'TCP' }],
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
        // Never probe /metrics: every request to it runs a speed test.
        livenessProbe: tcp,
        readinessProbe: tcp,
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      })],
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } }],
    });

    new ObservedService(this, 'monitoring', {
      name: 'speedtest-exporter',
      selector: selectorLabels(identity),
      port: 'metrics',
      interval,
      scrapeTimeout: SCRAPE_TIMEOUT,
      service: { port: 9798, targetPort: 'metrics' },
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
  // A failed test reports 0 for every result: the slow alerts need at least one successful
  // test in the window (failures are InternetSpeedtestFailing's), the latency alerts skip zeros.
  const slow = (alert: string, metric: string, what: string, min: number): AlertingRule => ({
    alert,
    expr: `max by (job) (max_over_time(${metric}${sel}[${window}])) < ${min * 1e6} and on (job) max by (job) (max_over_time(speedtest_up${sel}[${window}])) == 1`,
    severity: 'warning',
    summary: `Internet ${what} is below ${min} Mbit/s`,
    description: `Every successful speed test in the last ${window} measured ${what} below ${min} Mbit/s. Check the router and the provider's status.`,
    tests: [
      { ...step, inputSeries: [{ series: series(metric), values: `${min * 0.5e6}x10` }, up('1x10')], evalTime: '3h', expectAlerts: [{ labels }] },
      { ...step, inputSeries: [{ series: series(metric), values: `${min * 2e6}x10` }, up('1x10')], evalTime: '3h', expectAlerts: [] },
      { ...step, name: `${alert}: failed tests are not slow tests`, inputSeries: [{ series: series(metric), values: '0x10' }, up('0x10')], evalTime: '3h', expectAlerts: [] },
      {
        ...step,
        name: `${alert}: one slow test on a restarted exporter, a fast one still in the window`,
        inputSeries: [
          { series: series(metric), values: `${min * 2e6}x4 _x6` }, up('1x4 _x6'),
          { series: restarted(metric), values: `_x5 ${min * 0.5e6}x1` }, { series: restarted('speedtest_up'), values: '_x5 1x1' },
        ],
        evalTime: '3h',
        expectAlerts: [],
      },
    ],
  });
  const high = (alert: string, metric: string, what: string, max: number): AlertingRule => ({
    alert,
    expr: `min by (job) (min_over_time((${metric}${sel} > 0)[${window}:5m])) > ${max}`,
    severity: 'warning',
    summary: `Internet ${what} is above ${max} ms`,
    description: `Every successful speed test in the last ${window} measured ${what} above ${max} ms.`,
    tests: [
      { ...step, inputSeries: [{ series: series(metric), values: `${max * 2}x10` }], evalTime: '3h', expectAlerts: [{ labels }] },
      { ...step, name: `${alert}: a failed test (0) in between does not hide it`, inputSeries: [{ series: series(metric), values: `${max * 2}x4 0 ${max * 2}x5` }], evalTime: '2h50m', expectAlerts: [{ labels }] },
      { ...step, inputSeries: [{ series: series(metric), values: `${max / 2}x10` }], evalTime: '3h', expectAlerts: [] },
    ],
  });
  return [
    slow('InternetDownloadSlow', 'speedtest_download_bits_per_second', 'download', minDownMbps),
    slow('InternetUploadSlow', 'speedtest_upload_bits_per_second', 'upload', minUpMbps),
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
