import { check } from '../lib/core/errors';
import { checkSecretRef } from '../lib/core/secrets';
import { checkDnsLabel, checkDnsSubdomain, checkPositiveInt, isUrl } from '../lib/core/validate';
import { checkTraces } from './traces';
import { AvailabilityProfile, ClusterConfig, ComponentName, COMPONENT_NAMES } from './types';

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
}

/** The profiles a cluster can choose. */
export const AVAILABILITY_PROFILES: readonly AvailabilityProfile[] = ['single', 'ha'];
/** Nodes an `ha` cluster needs at least: three Alertmanagers and the Loki write path on separate nodes. */
export const HA_MIN_NODES = 3;

/** Validates the cluster-wide fields of `config` and applies their defaults. */
export function resolveCluster(config: ClusterConfig): ClusterContext {
  const where = `config/${config.name ?? '<unnamed>'}`;
  checkDnsLabel(where, 'name', config.name);
  checkPositiveInt(where, 'nodeCount', config.nodeCount);
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
  };
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
    availability, ha, alertmanagerReplicas, multiCluster, logAgent,
  };
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
