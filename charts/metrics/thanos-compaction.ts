import { versionOf } from '../../lib/core/versions';

/**
 * How prometheus-operator v0.93 configures Prometheus's local compaction when the Thanos sidecar
 * uploads blocks (`compactionModeFor` in pkg/prometheus/server/statefulset.go):
 * - `delayed`: compaction stays on and Prometheus compacts a 2h block only once the sidecar's
 *   shipper meta file lists it as uploaded (`--storage.tsdb.delay-compact-file.path` on
 *   Prometheus, `--shipper.meta-file-name` and `--shipper.ignore-unequal-block-size` on the
 *   sidecar). Needs Prometheus >= 3.9.0 and Thanos >= 0.41.0.
 * - `disabled`: min and max block duration both 2h, no local compaction at all. Older versions,
 *   or `spec.disableCompaction: true`.
 */
export type CompactionMode = 'delayed' | 'disabled';

/** The operator's thresholds for `delayed` (minVersionPrometheusDelayedCompaction, minVersionThanosDelayedCompaction). */
export const DELAYED_COMPACTION_SINCE = { prometheus: '3.9.0', thanos: '0.41.0' } as const;

function atLeast(version: string, min: string): boolean {
  const parse = (v: string) => v.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
  const [a, b] = [parse(version), parse(min)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** The mode the operator renders for these versions and this `disableCompaction`. */
export function sidecarCompactionMode(prometheus: string, thanos: string, disableCompaction: boolean): CompactionMode {
  if (disableCompaction) return 'disabled';
  return atLeast(prometheus, DELAYED_COMPACTION_SINCE.prometheus) && atLeast(thanos, DELAYED_COMPACTION_SINCE.thanos) ? 'delayed' : 'disabled';
}

/**
 * The `ha` profile's choice. In steady state the operator's `delayed` mode: Prometheus keeps
 * compacting its two local days (fewer, larger blocks to query) and never compacts a block
 * before the sidecar uploaded it. While `uploadExistingBlocks` is on, compaction is turned off:
 * the sidecar documents `--shipper.upload-compacted` as working only without local compaction,
 * and the delay covers only 2h blocks, so Prometheus could merge old compacted blocks while they
 * upload and leave overlapping blocks in the bucket.
 */
export function haDisablesCompaction(uploadExistingBlocks: boolean): boolean {
  return uploadExistingBlocks;
}

/** The mode an `ha` cluster runs at the pinned versions. */
export function haCompactionMode(uploadExistingBlocks: boolean): CompactionMode {
  return sidecarCompactionMode(versionOf('prometheus'), versionOf('thanos'), haDisablesCompaction(uploadExistingBlocks));
}
