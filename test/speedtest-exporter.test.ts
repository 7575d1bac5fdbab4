import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
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
    expect(container.image).toBe('ghcr.io/heathcliff26/speedtest-exporter:v1.6.3');
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9798, protocol: 'TCP' }]);
    expect(obj('deployment-speedtest-exporter.yaml').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('is scraped on the configured long interval with a timeout that fits a speed test', () => {
    const ep = obj('servicemonitor-speedtest-exporter.yaml').spec.endpoints[0];
    expect(ep.interval).toBe('30m');
    expect(ep.scrapeTimeout).toBe('90s');
  });

  test('caches a result for one scrape interval, listens on its port and writes nothing to disk', () => {
    expect(container.args).toEqual(['-config', '/config/config.yaml']);
    const config = parse(obj('configmap-speedtest-exporter.yaml').data['config.yaml']);
    expect(config).toEqual({ logLevel: 'info', port: 9798, cache: '1800s', persistCache: false, speedtestCLI: '', remote: { enable: false } });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('is never probed on /metrics (that would run a test)', () => {
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 'metrics' } });
    expect(container.readinessProbe).toMatchObject({ tcpSocket: { port: 'metrics' } });
  });

  test('alerts compare against the configured speeds over two test intervals', () => {
    expect(expr('InternetDownloadSlow')).toBe('max by (job) (max_over_time(speedtest_download_megabits_per_second{job="speedtest-exporter"}[65m])) < 200'
      + ' and on (job) max by (job) (max_over_time(speedtest_up{job="speedtest-exporter"}[65m])) == 1');
    expect(expr('InternetUploadSlow')).toContain('< 20 and');
    expect(expr('InternetLatencyHigh')).toBe('min by (job) (min_over_time(speedtest_ping_latency_milliseconds{job="speedtest-exporter"}[65m])) > 100');
    expect(rules().map((r) => r.alert).sort()).toEqual([
      'InternetDownloadSlow', 'InternetJitterHigh', 'InternetLatencyHigh', 'InternetSpeedtestAbsent', 'InternetSpeedtestFailing', 'InternetUploadSlow',
    ]);
  });

  test('defaults: a test every 30 minutes, 100/20 Mbit/s', () => {
    const files = renderCluster({ ...homelab, speedtest: {} }).files;
    expect(obj('servicemonitor-speedtest-exporter.yaml', files).spec.endpoints[0].interval).toBe('30m');
    expect(expr('InternetDownloadSlow', files)).toContain('< 100 and');
    expect(expr('InternetUploadSlow', files)).toContain('< 20 and');
  });

  test('a day-long interval reaches the exporter in Go duration syntax (which has no days)', () => {
    const files = renderCluster({ ...homelab, speedtest: { interval: '1d' } }).files;
    expect(parse(obj('configmap-speedtest-exporter.yaml', files).data['config.yaml']).cache).toBe('86400s');
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
