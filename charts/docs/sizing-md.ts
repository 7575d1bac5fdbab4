import { ClusterContext } from '../../config';
import { Manifest } from '../../lib/render/collect';
import { describeRetention, keptForever, thanosRetention } from '../thanos/thanos-retention';
import { blocksBytes, BYTES_PER_SAMPLE, clusterSize, MEMORY_PER_SERIES, SERIES_APISERVER_SLI, SERIES_BASE, SERIES_PER_NODE, SERIES_PER_SERVICE } from '../sizing';

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
// Grouped by hand: the first toLocaleString call loads ICU's locale data (about 10 ms of a synth).
const thousands = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

interface Resources { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } }
const res = (r: Resources | undefined) => (r ? `${r.requests?.cpu ?? '-'} / ${r.requests?.memory ?? '-'} / ${r.limits?.memory ?? '-'}` : '-');

/**
 * The inventory's sizing section: the load the cluster is expected to carry (charts/sizing.ts)
 * and the requests, limits and volumes rendered from it.
 */
export function sizingSection(ctx: ClusterContext, manifests: readonly Manifest[]): string[] {
  const size = clusterSize(ctx);
  const prometheus = manifests.find((m) => m.kind === 'Prometheus')?.spec as { retention?: string; resources?: Resources; thanos?: { resources?: Resources }; storage?: { volumeClaimTemplate?: { spec?: { resources?: { requests?: { storage?: string } } } } } } | undefined;
  const workload = (name: string) => manifests.find((m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.metadata.name === name)?.spec as
    { template: { spec: { containers: { resources?: Resources }[] } }; volumeClaimTemplates?: { spec: { resources: { requests: { storage: string } } } }[] } | undefined;
  const volume = (name: string) => workload(name)?.volumeClaimTemplates?.[0]?.spec.resources.requests.storage ?? '-';
  const lines = [
    '', '## Sizing', '',
    `Estimated from the config (charts/sizing.ts): ${thousands(SERIES_BASE)} series, plus ${thousands(SERIES_PER_NODE)} per node, plus ${thousands(SERIES_PER_SERVICE)} per observed service,`,
    `plus the SLOs' (${thousands(SERIES_APISERVER_SLI)} for the API server SLI histogram's count and 1s bucket, ${size.seriesPerSlo} recorded per SLO);`,
    `${BYTES_PER_SAMPLE} bytes per sample on disk; ${MEMORY_PER_SERIES / 1024} KiB of Prometheus memory per series.`,
    '', '| figure | value |', '|---|---|',
    `| nodes | ${size.nodes} |`,
    `| observed services (components, data services and the extensions' ObservedServices) | ${size.observedServices} |`,
    `| SLOs of the stack, and their series (included below) | ${size.slos}: ${thousands(size.sloSeries)} |`,
    `| expected active series | ${thousands(size.activeSeries)} |`,
    `| samples per second, per Prometheus replica | ${thousands(size.samplesPerSecond)} |`,
    `| blocks per day | ${gb(size.bytesPerDay)} |`,
    `| Prometheus local disk, ${prometheus?.retention ?? '-'} retention, per replica | ${gb(blocksBytes(size, prometheus?.retention ?? '0d'))} (volume ${prometheus?.storage?.volumeClaimTemplate?.spec?.resources?.requests?.storage ?? '-'}) |`,
  ];
  if (ctx.ha) {
    const retention = thanosRetention(ctx);
    const forever = [retention.raw, retention.fiveMinutes, retention.oneHour].some(keptForever);
    const raw = keptForever(retention.raw) ? undefined : blocksBytes(size, retention.raw);
    // Thanos: downsampled blocks are about the size of the raw blocks of the same span.
    const total = forever ? undefined : blocksBytes(size, retention.raw) + blocksBytes(size, retention.fiveMinutes) + blocksBytes(size, retention.oneHour);
    lines.push(
      `| bucket, raw blocks (${describeRetention(retention.raw)}) | ${raw === undefined ? `no limit: grows by ${gb(size.bytesPerDay)} a day` : gb(raw)} |`,
      `| bucket, at most, with the 5m (${describeRetention(retention.fiveMinutes)}) and 1h (${describeRetention(retention.oneHour)}) resolutions | ${total === undefined ? 'no limit: a resolution is kept forever' : gb(total)} |`,
    );
  }
  lines.push('', '| workload | CPU request / memory request / memory limit | volume |', '|---|---|---|');
  lines.push(`| Prometheus | ${res(prometheus?.resources)} | ${prometheus?.storage?.volumeClaimTemplate?.spec?.resources?.requests?.storage ?? '-'} |`);
  if (prometheus?.thanos) lines.push(`| Thanos sidecar | ${res(prometheus.thanos.resources)} | - |`);
  for (const name of ['thanos-query', 'thanos-store', 'thanos-compact', 'loki', 'loki-read', 'loki-write', 'loki-backend']) {
    const w = workload(name);
    if (w) lines.push(`| ${name} | ${res(w.template.spec.containers[0].resources)} | ${volume(name)} |`);
  }
  return lines;
}
