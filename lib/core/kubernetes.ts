import { IConstruct } from 'constructs';
import { check } from './errors';
import { SupportLine, VERSIONS, VersionKey } from './versions';

/** The Kubernetes minors the stack renders for (and checks its output against). */
export const SUPPORTED_KUBERNETES_MINORS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'] as const;
export type KubernetesMinor = (typeof SUPPORTED_KUBERNETES_MINORS)[number];

/** kubectl's version skew policy: it works against API servers within one minor of itself. */
export const KUBECTL_SKEW = 1;

/** The versions-table entry of the kubectl image for each supported cluster minor. */
export const KUBECTL_FOR_MINOR: Record<KubernetesMinor, VersionKey> = {
  '1.28': 'kubectl128', '1.29': 'kubectl129', '1.30': 'kubectl130', '1.31': 'kubectl131',
  '1.32': 'kubectl132', '1.33': 'kubectl133', '1.34': 'kubectl134', '1.35': 'kubectl135', '1.36': 'kubectl136',
};

const VERSION = /^v?(1)\.(\d+)(?:\.\d+)?$/;

/** The minor (`1.31`) of a Kubernetes version given as `1.31`, `1.31.4` or `v1.31.4`. */
export function kubernetesMinor(where: IConstruct | string, field: string, version: string): KubernetesMinor {
  const m = typeof version === 'string' ? VERSION.exec(version) : null;
  const minor = m ? `${m[1]}.${Number(m[2])}` : undefined;
  check(minor !== undefined && (SUPPORTED_KUBERNETES_MINORS as readonly string[]).includes(minor), where, field, version,
    `the cluster's Kubernetes version, "1.N" or "1.N.P", within the supported range ${SUPPORTED_KUBERNETES_MINORS[0]} to ${SUPPORTED_KUBERNETES_MINORS[SUPPORTED_KUBERNETES_MINORS.length - 1]}`);
  return minor as KubernetesMinor;
}

/** Minor number of a `1.N[.P]` version string. */
export function minorNumber(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[1]);
}

/** The pinned kubectl image for a cluster of this Kubernetes version, within kubectl's skew. */
export function kubectlImageKey(where: IConstruct | string, field: string, version: string): VersionKey {
  const minor = kubernetesMinor(where, field, version);
  const key = KUBECTL_FOR_MINOR[minor];
  const kubectl = VERSIONS[key].version;
  check(Math.abs(minorNumber(kubectl) - minorNumber(minor)) <= KUBECTL_SKEW, where, field, version,
    `a version whose kubectl (${kubectl}) is within ${KUBECTL_SKEW} minor of it; fix the ${key} entry of lib/core/versions.ts`);
  return key;
}

/**
 * Upstream support of a Kubernetes minor: the line and end of support of its kubectl pin, which
 * is that minor's release line (`Kubernetes 1.N`, from the minor's kubernetes.io releases page).
 */
export function kubernetesSupport(minor: KubernetesMinor): SupportLine {
  return VERSIONS[KUBECTL_FOR_MINOR[minor]].support;
}
