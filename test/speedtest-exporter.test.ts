import { parse } from 'yaml';
import { homelab } from '../config/homelab';
import { renderCluster } from '../charts/stack';
import { referenceCluster } from './support/reference';

const cluster = referenceCluster();
const obj = (file: string, files = cluster.files) => {
  const content = files.get(`speedtest-exporter/${file}`);
  if (!content) throw new Error(`speedtest-exporter/${file} not rendered`);
  return parse(content);
};
const container = obj('deployment-speedtest-exporter.yaml').spec.template.spec.containers[0];
type Rule = { alert: string; expr: string };
const rules = (files = cluster.files) => obj('prometheusrule-speedtest-exporter.yaml', files).spec.groups[0].rules as Rule[];
const expr = (alert: string, files = cluster.files) => rules(files).find((r) => r.alert === alert)!.expr;

describe('speedtest-exporter', () => {
  test('runs the pinned image on its port, without an API token', () => {
    expect(container.image).toBe('ghcr.io/miguelndecarvalho/speedtest-exporter:v3.5.4');
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9798, protocol: 'TCP' }]);
    expect(obj('deployment-speedtest-exporter.yaml').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('is scraped on the configured long interval with a timeout that fits a speed test', () => {
    const ep = obj('servicemonitor-speedtest-exporter.yaml').spec.endpoints[0];
    expect(ep.interval).toBe('30m');
    expect(ep.scrapeTimeout).toBe('90s');
  });

  test('the test itself gives up before the scrape does', () => {
    const env = Object.fromEntries((container.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    expect(Number(env.SPEEDTEST_TIMEOUT)).toBeLessThan(90);
    expect(env.SPEEDTEST_PORT).toBe('9798');
  });

  test('is never probed on /metrics (that would run a test)', () => {
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 'metrics' } });
    expect(container.readinessProbe).toMatchObject({ tcpSocket: { port: 'metrics' } });
  });

  test('alerts compare against the configured speeds over two test intervals', () => {
    expect(expr('InternetDownloadSlow')).toBe('max by (job) (max_over_time(speedtest_download_bits_per_second{job="speedtest-exporter"}[65m])) < 200000000'
      + ' and on (job) max by (job) (max_over_time(speedtest_up{job="speedtest-exporter"}[65m])) == 1');
    expect(expr('InternetUploadSlow')).toContain('< 20000000');
    expect(expr('InternetLatencyHigh')).toBe('min by (job) (min_over_time((speedtest_ping_latency_milliseconds{job="speedtest-exporter"} > 0)[65m:5m])) > 100');
    expect(rules().map((r) => r.alert).sort()).toEqual([
      'InternetDownloadSlow', 'InternetJitterHigh', 'InternetLatencyHigh', 'InternetSpeedtestAbsent', 'InternetSpeedtestFailing', 'InternetUploadSlow',
    ]);
  });

  test('defaults: a test every 30 minutes, 100/20 Mbit/s', () => {
    const files = renderCluster({ ...homelab, speedtest: {} }).files;
    expect(obj('servicemonitor-speedtest-exporter.yaml', files).spec.endpoints[0].interval).toBe('30m');
    expect(expr('InternetDownloadSlow', files)).toContain('< 100000000');
    expect(expr('InternetUploadSlow', files)).toContain('< 20000000');
  });

  test('a longer interval widens the alert window', () => {
    const files = renderCluster({ ...homelab, speedtest: { interval: '1h' } }).files;
    expect(expr('InternetSpeedtestAbsent', files)).toBe('absent_over_time(up{job="speedtest-exporter"}[125m])');
  });

  test.each([
    [{ interval: '1m' }, 'config/homelab/speedtest: interval = "1m" is not valid; expected at least "5m"'],
    [{ interval: 'soon' }, 'config/homelab/speedtest: interval = "soon" is not valid'],
    [{ minDownloadMbps: 0 }, 'config/homelab/speedtest: minDownloadMbps/minUploadMbps'],
    [{ minUploadMbps: -5 }, 'config/homelab/speedtest: minDownloadMbps/minUploadMbps'],
  ])('rejects bad config %#', (speedtest, message) => {
    expect(() => renderCluster({ ...homelab, speedtest })).toThrow(message);
  });
});
