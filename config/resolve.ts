import { check, Redacted } from '../lib/core/errors';
import { issuerIdentity, serverIdentity } from '../lib/core/endpoints';
import { checkKnownKeys } from '../lib/core/known-keys';
import { kubernetesMinor } from '../lib/core/kubernetes';
import { checkImageOptions, imageReferences } from '../lib/core/image-refs';
import { checkSecretKey, checkSecretRef } from '../lib/core/secrets';
import {
  checkDnsLabel, checkDnsSubdomain, checkEmail, checkHostPort, checkLabels, checkNoUrlPassword, checkPositiveInt, checkSlackChannel, isUrl,
} from '../lib/core/validate';
import { checkTraces } from './traces';
import { revisionRef } from '../lib/core/git-revision';
import { AvailabilityProfile, ClusterConfig, ComponentName, COMPONENT_NAMES, NotificationsConfig } from './types';

/**
 * The longest GitOps unit name the stack derives: the upstream CRDs' unit (charts/gitops/phases.ts)
 * or a component's, whichever is longer.
 */
const LONGEST_UNIT_NAME = ['prometheus-operator-crds', ...COMPONENT_NAMES].reduce((a, b) => (b.length > a.length ? b : a));

/** The namespaces with defaults applied. */
export interface Namespaces {
  readonly monitoring: string;
  readonly agents: string;
  readonly logging: string;
  readonly robusta: string;
}

/** The GitOps settings with defaults applied. */
export interface GitOps {
  readonly repoURL: string;
  readonly targetRevision: string;
  readonly distPath: string;
  readonly argocdNamespace: string;
  readonly argocdProject: string;
  readonly fluxNamespace: string;
  /** The Secret with the repository's credentials, for Flux. */
  readonly secretName?: string;
}

/** Cluster-wide settings every chart needs, validated, with defaults applied once. */
export interface ClusterContext {
  readonly config: ClusterConfig;
  readonly name: string;
  readonly namespaces: Namespaces;
  readonly gitops: GitOps;
  has(component: ComponentName): boolean;
  /** Grafana's public host name: the configured one, else `grafana.<domain>`. */
  readonly grafanaHostname: string;
  /** The notification channels configured, by name ("Slack", "email", "Teams"), for the docs. */
  readonly notificationChannels: string[];
  /** The availability profile: `single` (the default) or `ha`. */
  readonly availability: AvailabilityProfile;
  /** Whether the profile is `ha`: replicated Prometheus behind Thanos, clustered Alertmanager. */
  readonly ha: boolean;
  /** Alertmanager replicas: the configured number, else 3 under `ha` and 1 otherwise. */
  readonly alertmanagerReplicas: number;
  /** Whether Grafana's Prometheus datasource sees other clusters too (this cluster is a Thanos hub). */
  readonly multiCluster: boolean;
  /** The log agent on every node: `logAgent.agent`, else Grafana Alloy. */
  readonly logAgent: 'promtail' | 'alloy';
  /** Every pinned image reference -> this cluster's (its registry mirror and digests applied). */
  readonly imageRefs: ReadonlyMap<string, string>;
  /** ObservedServices the extensions add (counted by the cluster build, for sizing). @default 0 */
  readonly extensionServices?: number;
}

/** The profiles a cluster can choose. */
export const AVAILABILITY_PROFILES: readonly AvailabilityProfile[] = ['single', 'ha'];
/** Nodes an `ha` cluster needs at least: three Alertmanagers and the Loki write path on separate nodes. */
export const HA_MIN_NODES = 3;

/** Validates the cluster-wide fields of `config` and applies their defaults. */
export function resolveCluster(config: ClusterConfig): ClusterContext {
  const where = `config/${config.name ?? '<unnamed>'}`;
  checkKnownKeys(where, 'ClusterConfig', config);
  checkDnsLabel(where, 'name', config.name);
  // Argo CD Applications and Flux Kustomizations are named `<cluster>-<component>`, and Flux
  // writes that name into a label on every object it applies: labels take 63 characters.
  check(config.name.length + 1 + LONGEST_UNIT_NAME.length <= 63, where, 'name', config.name,
    `at most ${62 - LONGEST_UNIT_NAME.length} characters, so that "<name>-${LONGEST_UNIT_NAME}" (an Argo CD Application and Flux Kustomization name, and a label value) fits in 63`);
  checkPositiveInt(where, 'nodeCount', config.nodeCount);
  kubernetesMinor(where, 'kubernetesVersion', config.kubernetesVersion);
  checkImageOptions(where, config.images);
  check(Array.isArray(config.components), where, 'components', config.components, 'a list of component names');
  for (const c of config.components) {
    check((COMPONENT_NAMES as readonly string[]).includes(c), where, 'components', c,
      `one of ${COMPONENT_NAMES.join(', ')}`);
  }
  check(new Set(config.components).size === config.components.length, where, 'components', config.components, 'each component listed once');
  check(typeof config.domain === 'string' && /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/.test(config.domain), where, 'domain', config.domain,
    'a DNS domain such as "lab.example.net"');
  checkDnsSubdomain(where, 'storageClass', config.storageClass);
  // Flux's GitRepository takes URLs only, not the scp-like git@host:owner/repo.git.
  checkNoUrlPassword(where, 'gitops.repoURL', config.gitops?.repoURL);
  check(isUrl(config.gitops?.repoURL, ['http:', 'https:', 'ssh:']), where, 'gitops.repoURL', config.gitops?.repoURL,
    'an absolute URL: https://host/owner/repo.git, or ssh://git@host/owner/repo.git (Flux does not take git@host:owner/repo.git)');

  const ns = config.namespaces ?? {};
  const namespaces: Namespaces = {
    monitoring: ns.monitoring ?? 'monitoring',
    agents: ns.agents ?? 'monitoring-agents',
    logging: ns.logging ?? 'logging',
    robusta: ns.robusta ?? 'robusta',
  };
  for (const [key, value] of Object.entries(namespaces)) checkDnsLabel(where, `namespaces.${key}`, value);

  const g = config.gitops;
  const gitops: GitOps = {
    repoURL: g.repoURL,
    targetRevision: g.targetRevision ?? 'main',
    distPath: (g.distPath ?? 'dist').replace(/\/+$/, ''),
    argocdNamespace: g.argocdNamespace ?? 'argocd',
    argocdProject: g.argocdProject ?? 'default',
    fluxNamespace: g.fluxNamespace ?? 'flux-system',
    secretName: g.secretName,
  };
  if (gitops.secretName !== undefined) checkDnsSubdomain(where, 'gitops.secretName', gitops.secretName);
  revisionRef(where, gitops.targetRevision);
  checkDnsLabel(where, 'gitops.argocdNamespace', gitops.argocdNamespace);
  checkDnsLabel(where, 'gitops.fluxNamespace', gitops.fluxNamespace);
  check(!gitops.distPath.startsWith('/') && !gitops.distPath.split('/').includes('..'), where, 'gitops.distPath', g.distPath,
    'a path relative to the repository root, such as "dist"');

  if (config.traces) checkTraces(where, config.traces);
  const availability = config.availability ?? 'single';
  check(AVAILABILITY_PROFILES.includes(availability), where, 'availability', config.availability, `one of ${AVAILABILITY_PROFILES.map((p) => `"${p}"`).join(', ')}`);
  const ha = availability === 'ha';
  if (ha) {
    check(config.nodeCount >= HA_MIN_NODES, where, 'nodeCount', config.nodeCount,
      `at least ${HA_MIN_NODES} with availability "ha" (replicas are spread over nodes); use availability "single" on smaller clusters`);
    check(config.thanos !== undefined, where, 'thanos', config.thanos, 'a Thanos section with availability "ha" (at least objectStorageConfig, the Secret key of the object-store configuration)');
  } else {
    check(config.thanos === undefined, where, 'thanos', config.thanos, 'no Thanos section with availability "single" (Thanos runs only with availability "ha")');
  }
  // Secret references are checked here, where the error can name the config field.
  for (const [field, ref] of secretReferences(config)) checkSecretRef(where, field, ref);
  checkAdminSecret(where, config.grafana?.adminSecret);
  if (config.grafana?.tlsSecretName !== undefined) checkDnsLabel(where, 'grafana.tlsSecretName', config.grafana.tlsSecretName);
  checkNotifications(where, config.notifications ?? {});
  for (const [service, target] of Object.entries(config.dataServices ?? {})) {
    if (target?.namespace !== undefined) checkDnsLabel(where, `dataServices.${service}.namespace`, target.namespace);
    if (target?.selector !== undefined) checkLabels(where, `dataServices.${service}.selector`, target.selector);
  }

  const enabled = new Set<ComponentName>(config.components);
  const grafanaHostname = config.grafana?.hostname ?? `grafana.${config.domain}`;
  const n = config.notifications ?? {};
  const notificationChannels = [n.slack && 'Slack', n.email && 'email', n.teams && 'Teams'].filter((c): c is string => !!c);
  const alertmanagerReplicas = config.alertmanager?.replicas ?? (ha ? 3 : 1);
  const multiCluster = ha && (config.thanos?.remoteEndpoints?.length ?? 0) > 0;
  // Grafana Alloy unless the cluster keeps the end-of-life Promtail.
  const logAgent = config.logAgent?.agent ?? 'alloy';
  return {
    config, name: config.name, namespaces, gitops, has: (c) => enabled.has(c), grafanaHostname, notificationChannels,
    availability, ha, alertmanagerReplicas, multiCluster, logAgent, imageRefs: imageReferences(where, config.images),
  };
}

/** The Grafana admin Secret: a name and two keys, never the credentials themselves. */
function checkAdminSecret(where: string, admin: unknown): void {
  const a = admin as Record<string, unknown> | undefined;
  check(typeof a === 'object' && a !== null, where, 'grafana.adminSecret', a === undefined ? a : new Redacted(`a literal ${typeof a} was given`),
    'the Secret with the admin credentials, { name, userKey, passwordKey }, e.g. { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" }');
  checkDnsLabel(where, 'grafana.adminSecret.name', a!.name as string);
  checkSecretKey(where, 'grafana.adminSecret.userKey', a!.userKey);
  checkSecretKey(where, 'grafana.adminSecret.passwordKey', a!.passwordKey);
}

/** Alertmanager refuses its whole configuration over one bad receiver field: check them here, by config field. */
function checkNotifications(where: string, n: NotificationsConfig): void {
  if (n.slack) checkSlackChannel(where, 'notifications.slack.channel', n.slack.channel);
  if (n.email) {
    checkEmail(where, 'notifications.email.to', n.email.to, true);
    checkEmail(where, 'notifications.email.from', n.email.from);
    checkHostPort(where, 'notifications.email.smarthost', n.email.smarthost);
  }
}

/**
 * Every Secret reference in a cluster config, by its field path: the required ones wherever
 * their section is configured, the optional ones where set.
 */
function secretReferences(config: ClusterConfig): [string, unknown][] {
  const n = config.notifications ?? {};
  const g = config.grafana;
  const s3 = config.loki?.s3;
  const required: [string, unknown, unknown][] = [
    ['notifications.heartbeat.url', n.heartbeat, n.heartbeat?.url],
    ['notifications.slack.webhookUrl', n.slack, n.slack?.webhookUrl],
    ['notifications.teams.webhookUrl', n.teams, n.teams?.webhookUrl],
    ['grafana.dex.clientSecret', g?.dex, g?.dex?.clientSecret],
    ['grafana.database.password', g?.database, g?.database?.password],
    ['loki.s3.accessKeyId', s3, s3?.accessKeyId],
    ['loki.s3.secretAccessKey', s3, s3?.secretAccessKey],
    ...Object.entries(config.dataServices ?? {}).flatMap(([service, target]): [string, unknown, unknown][] => {
      const auth = target?.auth;
      const at = `dataServices.${service}.auth`;
      return auth ? [[`${at}.tlsCa`, auth.tlsCa, auth.tlsCa], [`${at}.bearerToken`, auth.bearerToken, auth.bearerToken],
        [`${at}.basicAuth.username`, auth.basicAuth, auth.basicAuth?.username], [`${at}.basicAuth.password`, auth.basicAuth, auth.basicAuth?.password]] : [];
    }),
    ['thanos.objectStorageConfig', config.thanos, config.thanos?.objectStorageConfig],
    ['thanos.storeApi.cert', config.thanos?.storeApi, config.thanos?.storeApi?.cert],
    ['thanos.storeApi.key', config.thanos?.storeApi, config.thanos?.storeApi?.key],
    ...(config.thanos?.remoteEndpoints ?? []).flatMap((e, i): [string, unknown, unknown][] => [
      [`thanos.remoteEndpoints[${i}].ca`, e, e.ca],
      [`thanos.remoteEndpoints[${i}].clientCertificate.cert`, e.clientCertificate, e.clientCertificate?.cert],
      [`thanos.remoteEndpoints[${i}].clientCertificate.key`, e.clientCertificate, e.clientCertificate?.key],
    ]),
    ...(config.robusta?.sinks ?? []).map((sink, i): [string, unknown, unknown] => [`robusta.sinks[${i}].credential`, sink, sink.credential]),
  ];
  return [
    ...required.filter(([, section]) => section !== undefined).map(([field, , ref]): [string, unknown] => [field, ref]),
    ...(n.email?.password !== undefined ? [['notifications.email.password', n.email.password] as [string, unknown]] : []),
    ...(config.thanos?.storeApi?.clientCa !== undefined ? [['thanos.storeApi.clientCa', config.thanos.storeApi.clientCa] as [string, unknown]] : []),
  ];
}

/**
 * Checks across clusters: each renders to `dist/<name>/`, so two of one name would overwrite each
 * other; two Lokis in one bucket delete each other's chunks (each compactor applies its own
 * retention to the whole bucket); two Grafanas on one Dex client share its secret and redirect
 * URIs, so revoking one revokes both. Each is refused, naming both clusters. Endpoints are
 * compared by the server they reach (lib/core/endpoints.ts): case, scheme and default ports do
 * not make two, and each cluster's in-cluster addresses are its own.
 */
export function checkClusters(clusters: readonly ClusterConfig[]): void {
  const seen = (kind: string, field: string) => {
    const owners = new Map<string, string>();
    return (config: ClusterConfig, key: string | undefined, value: unknown) => {
      if (key === undefined) return;
      const first = owners.get(key);
      check(first === undefined, `config/${config.name}`, field, value, `${kind} no other cluster uses (cluster ${first} has it too)`);
      owners.set(key, config.name);
    };
  };
  const name = seen('a cluster name', 'name');
  const bucket = seen('a Loki bucket', 'loki.s3.buckets.chunks');
  const dex = seen('a Dex client (issuer and clientId)', 'grafana.dex.clientId');
  for (const c of clusters) {
    name(c, c.name, c.name);
    const s3 = c.components.includes('loki') ? c.loki?.s3 : undefined;
    bucket(c, s3 ? `${serverIdentity(s3.endpoint, c.name)} ${String(s3.buckets?.chunks).toLowerCase()}` : undefined, s3?.buckets?.chunks);
    const d = c.components.includes('grafana') ? c.grafana?.dex : undefined;
    dex(c, d ? `${issuerIdentity(d.issuer, c.name)} ${d.clientId ?? 'grafana'}` : undefined, d?.clientId ?? 'grafana');
  }
}
