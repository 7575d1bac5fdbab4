import { parse } from 'yaml';
import { renderCluster } from '../charts/stack';
import { DELAYED_COMPACTION_SINCE, haCompactionMode, sidecarCompactionMode } from '../charts/metrics/thanos-compaction';
import { datacenter } from './fixtures/datacenter';
import { haReferenceCluster } from './support/reference';

const prometheusCr = (files: Map<string, string>) => parse(files.get('prometheus/prometheus-prometheus.yaml')!).spec;

describe('the operator rule for local compaction under the sidecar', () => {
  test.each([
    ['v3.13.2', 'v0.42.4', false, 'delayed'],
    ['v3.9.0', 'v0.41.0', false, 'delayed'],
    ['v3.8.1', 'v0.42.4', false, 'disabled'],
    ['v3.5.5', 'v0.42.4', false, 'disabled'],
    ['v3.13.2', 'v0.40.1', false, 'disabled'],
    ['v3.13.2', 'v0.42.4', true, 'disabled'],
  ] as const)('Prometheus %s, Thanos %s, disableCompaction %s: %s', (prometheus, thanos, disable, mode) => {
    expect(sidecarCompactionMode(prometheus, thanos, disable)).toBe(mode);
  });
});

describe('the ha profile at the pinned versions', () => {
  const cr = prometheusCr(haReferenceCluster().files);

  test('keeps local compaction on, coordinated with the uploads (the operator\'s delayed mode)', () => {
    expect(cr.disableCompaction).toBeUndefined();
    expect(sidecarCompactionMode(cr.version, cr.thanos.version, cr.disableCompaction ?? false)).toBe('delayed');
    expect(haCompactionMode(false)).toBe('delayed');
    // The rendered versions are the ones that pass the operator's thresholds, not older ones.
    expect(sidecarCompactionMode(cr.version, DELAYED_COMPACTION_SINCE.thanos, false)).toBe('delayed');
    expect(sidecarCompactionMode(DELAYED_COMPACTION_SINCE.prometheus, cr.thanos.version, false)).toBe('delayed');
  });

  test('while the old blocks upload, compaction is off, as the sidecar\'s --shipper.upload-compacted requires', () => {
    const moving = prometheusCr(renderCluster({ ...datacenter, thanos: { ...datacenter.thanos!, uploadExistingBlocks: true } }).files);
    expect(moving.disableCompaction).toBe(true);
    expect(moving.thanos.additionalArgs).toEqual([{ name: 'shipper.upload-compacted' }]);
    expect(sidecarCompactionMode(moving.version, moving.thanos.version, moving.disableCompaction)).toBe('disabled');
    expect(haCompactionMode(true)).toBe('disabled');
  });

  test('a single cluster has no sidecar and leaves compaction to Prometheus', () => {
    const single = prometheusCr(renderCluster({ ...datacenter, availability: 'single', thanos: undefined }).files);
    expect(single.thanos).toBeUndefined();
    expect(single.disableCompaction).toBeUndefined();
  });
});
