import { SyncPhase } from '../../lib/core/component';

/** A unit that GitOps applies: a rendered component, or the upstream CRDs. */
export interface GitOpsUnit {
  readonly name: string;
  readonly phase: SyncPhase;
}

/** The upstream prometheus-operator CRDs, applied before everything that uses them. */
export const CRDS_UNIT: GitOpsUnit = { name: 'prometheus-operator-crds', phase: 'foundation' };

/** Argo CD sync wave of each phase. */
export const SYNC_WAVE: Record<SyncPhase, number> = { foundation: 0, operators: 1, workloads: 2, resources: 3 };

/** The units of the nearest earlier phase that has any: what a unit must wait for. */
export function predecessors(unit: GitOpsUnit, units: readonly GitOpsUnit[]): GitOpsUnit[] {
  const earlier = units.filter((u) => SYNC_WAVE[u.phase] < SYNC_WAVE[unit.phase]);
  if (earlier.length === 0) return [];
  const wave = Math.max(...earlier.map((u) => SYNC_WAVE[u.phase]));
  return earlier.filter((u) => SYNC_WAVE[u.phase] === wave);
}
