import { imageReferences, ImageOptions, pinnedReference } from './image-refs';
import { kubernetesMinor, kubernetesSupport, SUPPORTED_KUBERNETES_MINORS } from './kubernetes';
import { PinnedImage, SupportLine, VERSIONS, VersionKey } from './versions';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The date support checks are made against: `SUPPORT_CHECK_DATE` (YYYY-MM-DD) when set, so a
 * run can be repeated exactly, else today in UTC.
 */
export function supportCheckDate(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const fixed = env.SUPPORT_CHECK_DATE;
  if (fixed !== undefined && fixed !== '') {
    if (!DATE.test(fixed) || Number.isNaN(Date.parse(fixed))) throw new Error(`SUPPORT_CHECK_DATE = ${JSON.stringify(fixed)} is not valid; expected a date as YYYY-MM-DD`);
    return fixed;
  }
  return now.toISOString().slice(0, 10);
}

/** Whether the pin's line is past its published end of support on `date` (YYYY-MM-DD). */
export function isPastEndOfSupport(pin: PinnedImage, date: string): boolean {
  return isPastDate(pin.support, date);
}

/** What the support check needs of one rendered cluster. */
export interface ClusterSupport {
  /** The cluster's name. */
  readonly name: string;
  /** Where its `kubernetesVersion` is written (`config/homelab.ts:7`), for the fix. */
  readonly declaredIn: string;
  /** Its declared Kubernetes version. */
  readonly kubernetesVersion: string;
  /** The versions-table keys whose image its rendered objects reference (see pinsReferenced). */
  readonly pins: readonly VersionKey[];
}

/**
 * The versions-table keys whose image the manifests reference, in table order: a string value
 * equal to the cluster's reference of the pin, or ending in `=<reference>` (a flag's value), the
 * same places the registry mirror rewrites (image-refs.ts rewriteImages).
 */
export function pinsReferenced(manifests: readonly unknown[], images: ImageOptions = {}): VersionKey[] {
  const refs = imageReferences('images', images);
  const strings = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      strings.add(node);
      const eq = node.indexOf('=');
      if (eq >= 0) strings.add(node.slice(eq + 1));
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(manifests);
  return (Object.keys(VERSIONS) as VersionKey[]).filter((key) => strings.has(refs.get(pinnedReference(VERSIONS[key]))!));
}

/**
 * What `npm run synth` prints as warnings on `date` (YYYY-MM-DD); the build still succeeds, so
 * output stays reproducible. One line per pin past its end of support that a rendered cluster
 * references (table order, naming those clusters), then one per cluster whose declared
 * Kubernetes minor is past its end of support. Pins no cluster renders are not reported.
 */
export function supportWarnings(date: string, clusters: readonly ClusterSupport[]): string[] {
  const pinLines = (Object.entries(VERSIONS) as [VersionKey, PinnedImage][])
    .filter(([key, pin]) => isPastEndOfSupport(pin, date) && clusters.some((c) => c.pins.includes(key)))
    .map(([key, pin]) => `warning: ${pin.component} ${pin.version} (${key}) is on ${pin.support.line}, out of support since ${pin.support.endOfSupport} (${pin.support.policy}); rendered for ${clusters.filter((c) => c.pins.includes(key)).map((c) => c.name).join(', ')}`);
  const supported = SUPPORTED_KUBERNETES_MINORS.filter((minor) => !isPastDate(kubernetesSupport(minor), date));
  const clusterLines = clusters.flatMap((c) => {
    const minor = kubernetesMinor(c.declaredIn, 'kubernetesVersion', c.kubernetesVersion);
    const support = kubernetesSupport(minor);
    if (!isPastDate(support, date)) return [];
    const fix = supported.length > 0
      ? `upgrade the cluster to a Kubernetes minor still supported (${supported.join(', ')}) and set kubernetesVersion to it`
      : `no minor of the supported range ${SUPPORTED_KUBERNETES_MINORS[0]} to ${SUPPORTED_KUBERNETES_MINORS[SUPPORTED_KUBERNETES_MINORS.length - 1]} is still supported upstream: extend SUPPORTED_KUBERNETES_MINORS (lib/core/kubernetes.ts)`;
    return [`warning: cluster ${c.name} declares kubernetesVersion ${c.kubernetesVersion} (${c.declaredIn}): ${support.line} is out of support since ${support.endOfSupport} (${support.policy}); ${fix}`];
  });
  return [...pinLines, ...clusterLines];
}

function isPastDate(support: SupportLine, date: string): boolean {
  return support.endOfSupport !== undefined && date > support.endOfSupport;
}
