import { ClusterContext } from '../../config';
import { ContainerResources } from '../../lib/core/container';
import { blocksBytes, clusterSize, volumeFor } from '../sizing';
import { keptForever, thanosRetention } from './thanos-retention';

/** The span a volume is sized for when blocks are kept forever (`0d`): it grows past it. */
export const FOREVER_SIZED_AS = '365d';

/**
 * Thanos's requests, limits and volumes from the cluster's size (see charts/sizing.ts):
 * - Query holds one query's series at a time: 256Mi plus 4 KiB per active series, limit 4x.
 * - The Store Gateway caches index entries and chunks: 128MB of index cache and 512MB of chunk
 *   pool per 100 000 active series (at least one step), limit = both + 512Mi; a 10Gi volume (at
 *   least) for the index headers of the raw retention (a year's when raw blocks are kept forever).
 * - The Compactor downloads the blocks of one compaction group (two weeks of raw blocks) and
 *   writes the result beside them: a volume of twice that.
 */
export interface ThanosSizing {
  readonly query: { readonly resources: ContainerResources };
  readonly store: { readonly resources: ContainerResources; readonly storage: string; readonly indexCacheMiB: number; readonly chunkPoolMiB: number };
  readonly compact: { readonly resources: ContainerResources; readonly storage: string };
}

export function thanosSizing(ctx: ClusterContext): ThanosSizing {
  const size = clusterSize(ctx);
  const { raw } = thanosRetention(ctx);
  const steps = Math.max(1, Math.ceil(size.activeSeries / 100_000));
  const queryMiB = 256 + Math.ceil((size.activeSeries * 4) / 1024 / 256) * 256;
  const indexCacheMiB = 128 * steps;
  const chunkPoolMiB = 512 * steps;
  return {
    query: { resources: { requests: { cpu: '100m', memory: `${queryMiB}Mi` }, limits: { memory: `${queryMiB * 4}Mi` } } },
    store: {
      resources: { requests: { cpu: '100m', memory: `${indexCacheMiB + 256}Mi` }, limits: { memory: `${indexCacheMiB + chunkPoolMiB + 512}Mi` } },
      // Index headers are about 2% of the blocks they index.
      storage: volumeFor(0.02 * blocksBytes(size, keptForever(raw) ? FOREVER_SIZED_AS : raw), 10),
      indexCacheMiB,
      chunkPoolMiB,
    },
    compact: {
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } },
      storage: volumeFor(2 * blocksBytes(size, '14d'), 20),
    },
  };
}
