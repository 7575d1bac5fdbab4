import { ClusterContext } from '../config';
import { durationMs } from '../lib/core/validate';
import { prometheusLocalStorage } from './metrics/prometheus-storage';
import { STACK_SLO_WINDOW } from './slo/stack-slos';

/**
 * The size of a cluster's monitoring load, estimated from its config, and the requests, limits
 * and volumes derived from it. The coefficients are rules of thumb, stated here once:
 *
 * - active series = 20 000 (kube-state-metrics, the API server, the stack's own components)
 *   + 1 500 per node (node-exporter, kubelet and cAdvisor) + 1 000 per observed service
 *   (each enabled stack component, each configured data service and each ObservedService of
 *   the extensions)
 *   + the SLOs' series: 1 200 for the API server SLI histogram the latency SLO keeps (its count
 *   and 1s bucket, each about 600 series of verb, resource and scope on a small cluster, where
 *   count and sum together are reported at about 1 200) and 12 recorded series per SLO
 *   (5 window ratios, 7 meta series; per group-by value), 3 fewer where Prometheus keeps less
 *   than the SLO window and the dashboards compute the period's 3 on Thanos instead;
 * - Prometheus ingests series / scrape interval samples per second and stores 1.5 bytes per
 *   sample on disk (compressed blocks), plus the WAL;
 * - Prometheus needs about 8 KiB of memory per active series (head block, index, queries).
 *
 * What it yields is rounded up to whole steps, with floors, so small clusters keep the floors
 * (the reference homelab's Prometheus: 200m CPU, 1Gi requested, 4Gi limit).
 */
export interface ClusterSize {
  readonly nodes: number;
  readonly observedServices: number;
  readonly activeSeries: number;
  /** Of which the SLOs': the API server SLI histogram kept for them and their recorded series. */
  readonly sloSeries: number;
  /** The stack's own SLOs in this cluster. */
  readonly slos: number;
  /** Series each of them records (the period's are left out where Prometheus keeps less than the SLO window). */
  readonly seriesPerSlo: number;
  readonly samplesPerSecond: number;
  /** Bytes of blocks per day of retention. */
  readonly bytesPerDay: number;
}

export const SERIES_BASE = 20_000;
export const SERIES_PER_NODE = 1_500;
export const SERIES_PER_SERVICE = 1_000;
export const BYTES_PER_SAMPLE = 1.5;
export const SERIES_APISERVER_SLI = 1_200;
export const SERIES_PER_SLO = 12;
/** The period's ratio, burn rate and budget left: not recorded where the local retention is shorter than the SLO window. */
export const SERIES_PER_SLO_PERIOD = 3;
export const MEMORY_PER_SERIES = 8 * 1024;
const MI = 2 ** 20;
const GI = 2 ** 30;

export function clusterSize(ctx: ClusterContext): ClusterSize {
  const cfg = ctx.config;
  const observedServices = cfg.components.length + Object.values(cfg.dataServices ?? {}).filter((s) => s !== undefined).length + (ctx.extensionServices ?? 0);
  // charts/slo/stack-slos.ts: the API server's two, the query path's (Prometheus or Thanos Query), Loki's push path.
  const apiserver = ctx.has('kubernetes-monitors');
  const slos = (apiserver ? 2 : 0) + (ctx.has('prometheus') ? 1 : 0) + (ctx.has('loki') ? 1 : 0);
  const periodRecorded = !ctx.has('prometheus') || durationMs(prometheusLocalStorage(ctx).retention) >= durationMs(STACK_SLO_WINDOW);
  const seriesPerSlo = SERIES_PER_SLO - (periodRecorded ? 0 : SERIES_PER_SLO_PERIOD);
  const sloSeries = (apiserver ? SERIES_APISERVER_SLI : 0) + seriesPerSlo * slos;
  const activeSeries = SERIES_BASE + SERIES_PER_NODE * cfg.nodeCount + SERIES_PER_SERVICE * observedServices + sloSeries;
  const samplesPerSecond = activeSeries / (durationMs(cfg.prometheus?.scrapeInterval ?? '30s') / 1000);
  return { nodes: cfg.nodeCount, observedServices, activeSeries, sloSeries, slos, seriesPerSlo, samplesPerSecond, bytesPerDay: samplesPerSecond * 86_400 * BYTES_PER_SAMPLE };
}

/** `n` bytes rounded up to a whole number of `step`-sized units, as a Kubernetes quantity. */
function roundUp(bytes: number, step: number, floor: number): number {
  return Math.max(floor, Math.ceil(bytes / step) * step);
}
const quantity = (bytes: number) => (bytes % GI === 0 ? `${bytes / GI}Gi` : `${bytes / MI}Mi`);
const cpu = (millis: number) => `${millis}m`;

/** Prometheus's requests and limits: memory for its series, a limit four times the request for queries and compaction. */
export function prometheusResources(size: ClusterSize): { requests: { cpu: string; memory: string }; limits: { memory: string } } {
  const memory = roundUp(size.activeSeries * MEMORY_PER_SERIES, 512 * MI, GI);
  // 100m per 25 000 series, at least 200m.
  const millis = Math.max(200, Math.ceil(size.activeSeries / 25_000) * 100);
  return { requests: { cpu: cpu(millis), memory: quantity(memory) }, limits: { memory: quantity(4 * memory) } };
}

/**
 * Loki's requests and limits per pod: 200m and 512Mi up to 10 nodes, then 100m and 256Mi more per
 * 10 nodes (each node's pods add streams to every ingester); the limit is four times the request
 * and sets the WAL replay ceiling (75% of it).
 */
export function lokiResources(size: ClusterSize): { requests: { cpu: string; memory: string }; limits: { memory: string }; memoryLimitMiB: number } {
  const steps = Math.max(0, Math.ceil((size.nodes - 10) / 10));
  const memoryMiB = 512 + 256 * steps;
  return { requests: { cpu: cpu(200 + 100 * steps), memory: `${memoryMiB}Mi` }, limits: { memory: `${4 * memoryMiB}Mi` }, memoryLimitMiB: 4 * memoryMiB };
}

/** Days in a Prometheus duration, for disk estimates. */
export const days = (duration: string) => durationMs(duration) / 86_400_000;

/** Bytes the blocks of `retention` take, at this cluster's ingestion. */
export function blocksBytes(size: ClusterSize, retention: string): number {
  return size.bytesPerDay * days(retention);
}

/** A volume size for `bytes` of data, with 30% headroom (WAL, compaction), in whole Gi, at least `floorGi`. */
export function volumeFor(bytes: number, floorGi: number): string {
  return quantity(roundUp(bytes * 1.3, GI, floorGi * GI));
}
