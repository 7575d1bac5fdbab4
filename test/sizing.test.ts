import { parse } from 'yaml';
import { Construct } from 'constructs';
import { buildCluster, renderCluster } from '../charts/stack';
import { Component } from '../lib/core/component';
import { ObservedService } from '../lib/monitoring/observed-service';
import { clusterSize, lokiResources, prometheusResources } from '../charts/sizing';
import { thanosSizing } from '../charts/thanos/thanos-sizing';
import { datacenter } from './fixtures/datacenter';
import { homelab } from './fixtures/homelab';
import { resolveCluster } from '../config';
import { haReferenceCluster } from './support/reference';

describe('sizing from the cluster config', () => {
  test('the homelab: 50,748 series, of which 1,248 for the SLOs, which take its CPU request past a step', () => {
    const size = clusterSize(resolveCluster(homelab));
    // The API server SLI histogram's kept series and 4 SLOs' 12 recorded series each.
    expect(size).toMatchObject({ nodes: 7, observedServices: 19, activeSeries: 50_748, sloSeries: 1_200 + 4 * 12, slos: 4, seriesPerSlo: 12 });
    expect(size.samplesPerSecond).toBeCloseTo(50_748 / 30);
    expect(prometheusResources(size)).toEqual({ requests: { cpu: '300m', memory: '1Gi' }, limits: { memory: '4Gi' } });
    expect(lokiResources(size)).toEqual({ requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '2048Mi' }, memoryLimitMiB: 2048 });
  });

  test("an extension's ObservedServices count as observed services", () => {
    const shop = (scope: Construct) => {
      const c = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });
      for (const name of ['orders', 'payments', 'stock']) new ObservedService(c, name, { name, selector: { app: name }, port: 'metrics' });
      return c;
    };
    const without = clusterSize(buildCluster(homelab).ctx);
    const withShop = clusterSize(buildCluster({ ...homelab, extensions: [shop] }).ctx);
    expect(withShop.observedServices).toBe(without.observedServices + 3);
    expect(withShop.activeSeries).toBe(without.activeSeries + 3 * 1_000);
  });

  test('larger clusters get more: 60 and 200 nodes', () => {
    const big = resolveCluster({ ...datacenter, nodeCount: 60, components: datacenter.components, dataServices: {} });
    const size = clusterSize(big);
    // ha: the API server SLI histogram and 4 SLOs' 9 recorded series each (the period's are computed on Thanos Query).
    expect(size).toMatchObject({ sloSeries: 1_200 + 4 * 9, seriesPerSlo: 9 });
    expect(size.activeSeries).toBe(20_000 + 60 * 1_500 + 14 * 1_000 + 1_236);
    expect(prometheusResources(size)).toEqual({ requests: { cpu: '600m', memory: '1Gi' }, limits: { memory: '4Gi' } });
    const bigger = clusterSize(resolveCluster({ ...datacenter, nodeCount: 200 }));
    expect(prometheusResources(bigger)).toEqual({ requests: { cpu: '1400m', memory: '3Gi' }, limits: { memory: '12Gi' } });
    expect(lokiResources(bigger)).toEqual({ requests: { cpu: '2100m', memory: '5376Mi' }, limits: { memory: '21504Mi' }, memoryLimitMiB: 21504 });
    const thanos = thanosSizing(resolveCluster({ ...datacenter, nodeCount: 200 }));
    expect(thanos.store.indexCacheMiB).toBe(128 * 4);
    // Two weeks of blocks twice over (source and result), with 30% headroom: 2 x 14 x 1.45 GB x 1.3.
    expect(thanos.compact.storage).toBe('50Gi');
  });

  test('a larger cluster renders those sizes, and Loki\'s WAL replay ceiling follows its limit', () => {
    const out = renderCluster({ ...datacenter, nodeCount: 200 });
    expect(parse(out.files.get('prometheus/prometheus-prometheus.yaml')!).spec.resources).toEqual({ requests: { cpu: '1400m', memory: '3Gi' }, limits: { memory: '12Gi' } });
    const write = parse(out.files.get('loki/statefulset-loki-write.yaml')!).spec.template.spec.containers[0];
    expect(write.resources.limits.memory).toBe('21504Mi');
    expect(parse(parse(out.files.get('loki/configmap-loki.yaml')!).data['config.yaml']).ingester.wal.replay_memory_ceiling).toBe('16128MB');
  });

  test('the ha inventory states the expected series and disk use', () => {
    const readme = haReferenceCluster().files.get('README.md')!;
    // 9 recorded per SLO: the period's 3 are computed on Thanos Query (4d kept locally, the SLOs' window 30d).
    expect(readme).toContain('| expected active series | 44,736 |');
    expect(readme).toContain('| SLOs of the stack, and their series (included below) | 4: 1,236 |');
    expect(readme).toContain('9 recorded per SLO');
    expect(readme).toMatch(/\| Prometheus local disk, 4d retention, per replica \| 0\.8 GB \(volume 20Gi\) \|/);
    expect(readme).toContain('| bucket, raw blocks (30d) | 5.8 GB |');
  });
});
