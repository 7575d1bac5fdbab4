/** The identity of one part of the stack, rendered as the recommended `app.kubernetes.io/*` labels. */
export interface AppIdentity {
  /** The application's name, e.g. `grafana`. */
  readonly name: string;
  /** The instance, unique within the cluster, e.g. `grafana` or `loki-gateway`. @default name */
  readonly instance?: string;
  /** The role within the application, e.g. `gateway`, `exporter`. @default - none */
  readonly component?: string;
  /** The larger whole this belongs to. @default 'observability-stack' */
  readonly partOf?: string;
  /** The application's version, usually the image tag. @default - none */
  readonly version?: string;
}

export const PART_OF = 'observability-stack';

/** All recommended labels, for object metadata and pod templates. */
export function recommendedLabels(id: AppIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance ?? id.name,
  };
  if (id.component) labels['app.kubernetes.io/component'] = id.component;
  labels['app.kubernetes.io/part-of'] = id.partOf ?? PART_OF;
  if (id.version) labels['app.kubernetes.io/version'] = id.version;
  return labels;
}

/**
 * The subset used in selectors. It never includes the version (selectors are immutable on
 * Deployments and DaemonSets, so an upgrade must not change them).
 */
export function selectorLabels(id: AppIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance ?? id.name,
  };
  if (id.component) labels['app.kubernetes.io/component'] = id.component;
  return labels;
}

/** The version part of an image reference (`repo:1.2.3` -> `1.2.3`), for the version label. */
export function imageVersion(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(colon + 1) : undefined;
}
