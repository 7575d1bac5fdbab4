import { check } from './errors';
import { PinnedImage, VERSIONS, VersionKey } from './versions';

/** A content digest as registries give it. */
export const DIGEST = /^sha256:[0-9a-f]{64}$/;
/**
 * A registry host as container runtimes recognize one (a dot, a port or `localhost`; otherwise
 * the first path element is read as a Docker Hub namespace), with an optional port and an
 * optional path prefix for a mirror that keeps several upstreams apart (`harbor.lan/docker-hub`).
 */
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const REGISTRY = new RegExp(`^(${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?((?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)$`);

/** Whether `value` is a registry host[:port][/prefix] a runtime reads as a registry. */
export function isRegistry(value: unknown): boolean {
  const m = typeof value === 'string' ? REGISTRY.exec(value) : null;
  if (!m) return false;
  const [, host, port] = m;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return host.includes('.') || host === 'localhost' || port !== undefined;
}

/** How a cluster refers to the pinned images. */
export interface ImageOptions {
  /**
   * A registry mirror every image is pulled from: it replaces each image's registry host
   * (`docker.io/grafana/loki:3.7.6` becomes `<registry>/grafana/loki:3.7.6`), for clusters
   * without access to the public registries. `host[:port]`, optionally with a path prefix.
   * @default - each image's own registry
   */
  readonly registry?: string;
  /**
   * Digests to pin, by versions-table key (`sha256:` and 64 hex digits, as the registry lists
   * them for the pinned tag): the image is then referenced as `repository:tag@digest`, which a
   * rebuilt tag cannot change under the cluster. @default - the table's own digests, if any
   */
  readonly digests?: Partial<Record<VersionKey, string>>;
}

/** The reference of a pinned image: `repository:version`, with `@digest` when one is pinned. */
export function pinnedReference(pin: PinnedImage, digest = pin.digest): string {
  return `${pin.repository}:${pin.version}${digest ? `@${digest}` : ''}`;
}

/** The registry host of a repository (its first path element). */
export function registryOf(repository: string): string {
  return repository.split('/')[0];
}

/** Rejects a bad registry or digest, naming the config field. */
export function checkImageOptions(where: string, options: ImageOptions | undefined): void {
  if (options === undefined) return;
  if (options.registry !== undefined) {
    check(isRegistry(options.registry),
      where, 'images.registry', options.registry,
      'a registry host with a dot, a port or "localhost", lowercase, optionally with a port (1-65535) and a path prefix, such as "registry.example.net:5000" or "harbor.example.net/mirror" (no scheme)');
  }
  for (const [key, digest] of Object.entries(options.digests ?? {})) {
    check(key in VERSIONS, where, `images.digests.${key}`, key, `a key of lib/core/versions.ts: ${Object.keys(VERSIONS).join(', ')}`);
    check(typeof digest === 'string' && DIGEST.test(digest), where, `images.digests.${key}`, digest,
      'a digest of the pinned tag: "sha256:" and 64 lowercase hex digits');
  }
}

/**
 * The cluster's reference for every pinned image: table reference -> the reference with the
 * cluster's digest and registry. Two images must not end up as one (a mirror path collapsing two
 * registries' repositories).
 */
export function imageReferences(where: string, options: ImageOptions = {}): Map<string, string> {
  const refs = new Map<string, string>();
  for (const [key, pin] of Object.entries(VERSIONS) as [VersionKey, PinnedImage][]) {
    const digest = options.digests?.[key] ?? pin.digest;
    const repository = options.registry ? `${options.registry}/${pin.repository.slice(registryOf(pin.repository).length + 1)}` : pin.repository;
    refs.set(pinnedReference(pin), pinnedReference({ ...pin, repository }, digest));
  }
  const seen = new Map<string, string>();
  for (const [from, to] of refs) {
    const other = seen.get(to.split('@')[0]);
    check(other === undefined || other === from, where, 'images.registry', options.registry, `a mirror that keeps ${other} and ${from} apart (both become ${to}): add a path prefix per upstream registry`);
    seen.set(to.split('@')[0], from);
  }
  return refs;
}

/**
 * `node` with every pinned image reference replaced by the cluster's: string values equal to
 * one, or ending in `=<reference>` (a flag's value, such as the operator's config-reloader).
 */
export function rewriteImages<T>(node: T, refs: ReadonlyMap<string, string>): T {
  if (refs.size === 0 || [...refs].every(([a, b]) => a === b)) return node;
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const exact = refs.get(value);
      if (exact !== undefined) return exact;
      const eq = value.indexOf('=');
      if (eq >= 0) {
        const flagged = refs.get(value.slice(eq + 1));
        if (flagged !== undefined) return `${value.slice(0, eq + 1)}${flagged}`;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  return visit(node) as T;
}
