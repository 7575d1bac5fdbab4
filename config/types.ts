import { Construct } from 'constructs';
import { Component } from '../lib/core/component';
import { SecretKeyReference } from '../lib/core/secrets';
import { ScrapeAuth } from '../lib/monitoring/observed-service';
import { LogStageGroup } from '../lib/logging/pipeline-spec';
import { Remediation, RobustaPlaybook } from '../lib/robusta/playbooks';
import { RobustaSink } from '../lib/robusta/robusta';
import { ImageOptions } from '../lib/core/image-refs';

/** Every component the stack can render; each is one folder under `dist/<cluster>/`. */
export const COMPONENT_NAMES = [
  'namespaces',
  'prometheus-operator',
  'prometheus',
  'alertmanager',
  'node-exporter',
  'kube-state-metrics',
  'kubernetes-monitors',
  'speedtest-exporter',
  'grafana',
  'dashboards',
  'loki',
  'log-agent',
  'robusta',
  'network-policies',
] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** Where the GitOps tools find this repository. */
export interface GitOpsConfig {
  /** The git URL Argo CD and Flux pull from. */
  readonly repoURL: string;
  /**
   * What to track: a branch (`main`), a tag (`v1.2.0`), a semver range of tags (`~1.2`, `>=1.2.0
   * <2.0.0`; Flux only), a commit (40 hex digits) or a ref (`refs/heads/main`). Flux's
   * GitRepository gets the matching `ref` field. @default 'main'
   */
  readonly targetRevision?: string;
  /**
   * For a private repository: the Secret in Flux's namespace with its credentials (`username`
   * and `password` for https, `identity` and `known_hosts` for ssh), the GitRepository's
   * `secretRef`. Argo CD reads repository credentials from its own Secrets (see the cluster's
   * README). @default - a public repository
   */
  readonly secretName?: string;
  /** Path of the rendered output within the repository. @default 'dist' */
  readonly distPath?: string;
  /** Namespace Argo CD runs in. @default 'argocd' */
  readonly argocdNamespace?: string;
  /** Argo CD project of the generated Applications. @default 'default' */
  readonly argocdProject?: string;
  /** Namespace Flux runs in. @default 'flux-system' */
  readonly fluxNamespace?: string;
}

/** Namespaces the stack uses. */
export interface NamespacesConfig {
  /** Prometheus, Alertmanager, Grafana, exporters. @default 'monitoring' */
  readonly monitoring?: string;
  /** Host agents (node-exporter, the log agent), at the privileged Pod Security level. @default 'monitoring-agents' */
  readonly agents?: string;
  /** Loki and its gateway. @default 'logging' */
  readonly logging?: string;
  /** Robusta. @default 'robusta' */
  readonly robusta?: string;
}

/** One notification target; credentials come from Secrets by reference. */
export interface SlackTarget {
  /** Channel, e.g. `#alerts` (lowercase letters, digits, "-", "_"), a channel ID such as `C0123ABCDEF`, or `@user`. */
  readonly channel: string;
  /** The Secret key holding the incoming-webhook URL. */
  readonly webhookUrl: SecretKeyReference;
}
export interface EmailTarget {
  /** Recipient address, or several separated by ",". */
  readonly to: string;
  /** Sender address, bare or as `Name <address>`. */
  readonly from: string;
  /** `host:port` of the SMTP relay: the port is required (Alertmanager refuses its whole config without one). */
  readonly smarthost: string;
  /** SMTP user name. @default - no SMTP authentication */
  readonly username?: string;
  /** The Secret key holding the SMTP password. @default - no password */
  readonly password?: SecretKeyReference;
}
export interface TeamsTarget {
  /** The Secret key holding the Teams (Workflows) webhook URL. */
  readonly webhookUrl: SecretKeyReference;
}

export interface NotificationsConfig {
  /**
   * A dead man's switch (healthchecks.io, Better Stack, ...) that the Watchdog alert pings;
   * it alerts you when the pings stop. @default - the Watchdog goes nowhere
   */
  readonly heartbeat?: { readonly url: SecretKeyReference };
  /** Slack: warnings and critical alerts. @default - no Slack */
  readonly slack?: SlackTarget;
  /** Email: critical alerts. @default - no email */
  readonly email?: EmailTarget;
  /** Microsoft Teams: critical alerts. @default - no Teams */
  readonly teams?: TeamsTarget;
}

export interface PrometheusConfig {
  /**
   * Keep samples this long. It must hold the SLO rules' longest alert window (3d for a 30-day
   * SLO), which Prometheus evaluates on what it keeps, and with availability `single` their
   * whole SLO window. @default '30d'; '4d' with availability `ha` (Thanos keeps the history)
   */
  readonly retention?: string;
  /** Keep at most this much on disk, in Prometheus units (B, KB..EB, KiB..EiB, all powers of 1024: GB is 2^30 bytes); at most 85% of storageSize. @default '40GB'; '16GB' with availability `ha` */
  readonly retentionSize?: string;
  /** Volume size. @default '50Gi'; '20Gi' with availability `ha` */
  readonly storageSize?: string;
  /** @default 1 */
  readonly replicas?: number;
  /** Default scrape interval. @default '30s' */
  readonly scrapeInterval?: string;
}

export interface AlertmanagerConfig {
  /** @default 1 */
  readonly replicas?: number;
  /** Volume size. @default '2Gi' */
  readonly storageSize?: string;
}

/** A user-supplied script run on every node, writing metrics for the textfile collector. */
export interface TextfileCollectorConfig {
  /**
   * Metric file base name: the script's output lands in `<name>.prom`. Lowercase letters, digits
   * and `_`, unique, not starting with `collector_`.
   */
  readonly name: string;
  /**
   * Shell script (busybox `sh`, run with `set -eu` as an unprivileged user) printing metrics in
   * the Prometheus text format on stdout; a non-zero exit keeps the previous file. The host is
   * read-only at `$HOST_ROOT` (/), `$HOST_PROC` (/proc) and `$HOST_SYS` (/sys).
   */
  readonly script: string;
  /** How often it runs, in seconds (10 to 86400). @default 300 */
  readonly intervalSeconds?: number;
}

export interface NodeExporterConfig {
  /** @default [] */
  readonly textfileCollectors?: TextfileCollectorConfig[];
}

export interface SpeedtestConfig {
  /** How often the speed test runs (one scrape runs one test). @default '30m' */
  readonly interval?: string;
  /** Alert when download falls below this many Mbit/s. @default 100 */
  readonly minDownloadMbps?: number;
  /** Alert when upload falls below this many Mbit/s. @default 20 */
  readonly minUploadMbps?: number;
}

export interface GrafanaConfig {
  /** Public host name, e.g. `grafana.home.example.org`. @default `grafana.<domain>` */
  readonly hostname?: string;
  /** The Secret with the admin user and password. */
  readonly adminSecret: { readonly name: string; readonly userKey: string; readonly passwordKey: string };
  /** SSO through Dex; omit to use the login form only. @default - no SSO */
  readonly dex?: {
    /** The Dex issuer URL, e.g. `https://dex.home.example.org`. */
    readonly issuer: string;
    /** @default 'grafana' */
    readonly clientId?: string;
    /** The Secret key holding the client secret registered in Dex. */
    readonly clientSecret: SecretKeyReference;
    /** Dex groups whose members are Grafana Admins. @default [] */
    readonly adminGroups?: string[];
    /** Dex groups whose members are Editors; everyone else is a Viewer. @default [] */
    readonly editorGroups?: string[];
  };
  /** Volume size for Grafana's SQLite database (and plugins). @default '5Gi' */
  readonly storageSize?: string;
  /** An external PostgreSQL or MySQL database instead of SQLite on the volume. @default - SQLite */
  readonly database?: {
    /** The database engine. */
    readonly type: 'postgres' | 'mysql';
    /** `host:port`. */
    readonly host: string;
    /** Database name. */
    readonly name: string;
    /** Database user. */
    readonly user: string;
    /** The Secret key holding the user's password. */
    readonly password: SecretKeyReference;
    /** @default 'require' (postgres) */
    readonly sslMode?: 'disable' | 'require' | 'verify-full';
  };
  /** Namespace of the ingress controller, allowed to reach Grafana. @default 'ingress-nginx' */
  readonly ingressNamespace?: string;
  /** IngressClass of the Grafana Ingress. @default 'nginx' */
  readonly ingressClassName?: string;
  /** Secret with the Ingress TLS certificate (tls.crt/tls.key), e.g. from cert-manager. @default 'grafana-tls' */
  readonly tlsSecretName?: string;
}

/** Where a data service runs and how its metrics are scraped. */
export interface DataServiceTarget {
  /** The namespace it runs in. */
  readonly namespace: string;
  /** Labels of its metrics Service (or pods, with kind 'pod'). */
  readonly selector: Record<string, string>;
  /** The metrics port's name. */
  readonly port: string;
  /** @default 'service' */
  readonly kind?: 'service' | 'pod';
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** TLS and credentials for the scrape, by Secret reference. @default - none */
  readonly auth?: ScrapeAuth;
}

/** Data services to monitor; each present entry gets a monitor, alerts and a dashboard. */
export interface DataServicesConfig {
  /** Airflow through its statsd-exporter. */
  readonly airflow?: DataServiceTarget;
  /**
   * Trino's own OpenMetrics endpoint (`/metrics` on the coordinator). It sits behind Trino's
   * authentication: with passwords (HTTPS only), give `auth.basicAuth` a user that may read it.
   */
  readonly trino?: DataServiceTarget;
  /** Redpanda's public metrics endpoint (`/public_metrics`). */
  readonly redpanda?: DataServiceTarget;
  /** PostgreSQL through postgres_exporter. */
  readonly postgresql?: DataServiceTarget;
  /**
   * Executor metrics from the Spark driver's UI (`/metrics/executors/prometheus`; the driver
   * needs `spark.ui.prometheus.enabled=true`).
   */
  readonly spark?: DataServiceTarget;
}

export interface LokiConfig {
  /** @default 2 */
  readonly replicas?: number;
  /** Log retention. @default '30d' */
  readonly retention?: string;
  /** S3-compatible object store (Garage in the reference cluster). */
  readonly s3: {
    /** e.g. `http://garage.garage.svc:3900` */
    readonly endpoint: string;
    /** @default 'garage' */
    readonly region?: string;
    /**
     * Bucket names (S3 rules: 3-63 lowercase letters, digits, '-' and '.'). Only chunks and the
     * index live in S3: ruler rules come from ConfigMaps rendered in git, not from a bucket.
     */
    readonly buckets: { readonly chunks: string };
    /** The Secret key holding the S3 access key id. */
    readonly accessKeyId: SecretKeyReference;
    /** The Secret key holding the S3 secret access key. */
    readonly secretAccessKey: SecretKeyReference;
  };
  /** Volume size per replica. @default '10Gi' */
  readonly storageSize?: string;
}

export interface LogAgentConfig {
  /**
   * `alloy` (Grafana Alloy), or `promtail`: end of life since 2026-03-02, pinned to its final
   * release and kept for clusters that run it (the reference cluster names it). @default 'alloy'
   */
  readonly agent?: 'promtail' | 'alloy';
  /** Processing for chosen streams: json parsing, dropping, multiline joining. @default [] */
  readonly stageGroups?: LogStageGroup[];
}

export interface RobustaConfig {
  /** Where Robusta sends enriched alerts, with routing by severity and namespace. */
  readonly sinks: RobustaSink[];
  /** Enrichment playbooks added to the built-in ones (read-only actions). @default [] */
  readonly playbooks?: RobustaPlaybook[];
  /**
   * Remediations, each enabled for one alert, e.g. `{ alert: 'KubePodCrashLooping', action: 'restart-pod' }`;
   * all are off by default. Each adds exactly the RBAC verbs it uses. @default []
   */
  readonly remediations?: Remediation[];
}

/**
 * How much of the stack is replicated. `single`: one Prometheus, one Alertmanager, Loki with
 * replication factor 1, for one small cluster. `ha`: Prometheus pairs behind Thanos (sidecar
 * uploads to S3, Query, Store Gateway, Compactor), a clustered Alertmanager, disruption budgets
 * and replicas spread over nodes; for three nodes or more.
 */
export type AvailabilityProfile = 'single' | 'ha';

/** A Thanos Store API of another cluster (its sidecars or Store Gateway), reached over gRPC with TLS. */
export interface ThanosRemoteEndpoint {
  /** The peer cluster's name (its `cluster` external label), for docs and error messages. */
  readonly cluster: string;
  /** `host:port` of its gRPC Store API, e.g. `thanos-grpc.eu.example.net:443`. */
  readonly address: string;
  /** The Secret key holding the CA certificate that signed the peer's server certificate. */
  readonly ca: SecretKeyReference;
  /** Client certificate and key for mutual TLS, from one Secret. @default - no client certificate */
  readonly clientCertificate?: { readonly cert: SecretKeyReference; readonly key: SecretKeyReference };
  /** The name the peer's certificate is issued for. @default - the host part of `address` */
  readonly serverName?: string;
}

/**
 * This cluster's Store API offered to a hub: Thanos Query's gRPC port (its sidecars and Store
 * Gateway behind it), served over TLS, reached through what forwards the hub's connections
 * into the cluster (an ingress controller passing TLS through, a Gateway).
 */
export interface ThanosStoreApiConfig {
  /** The Secret key holding the server certificate (PEM) for the name the hub dials. */
  readonly cert: SecretKeyReference;
  /** The Secret key holding the certificate's private key. */
  readonly key: SecretKeyReference;
  /** The Secret key holding the CA of the hub's client certificates: only they may connect. @default - no client certificate asked */
  readonly clientCa?: SecretKeyReference;
  /** The namespace of what forwards the hub's connections, allowed to the gRPC port. @default 'ingress-nginx' */
  readonly ingressNamespace?: string;
}

/** Thanos, for the `ha` profile: long-term storage in S3 and one query view over every replica. */
export interface ThanosConfig {
  /**
   * The Secret key holding the Thanos object-store configuration (YAML, `type: S3`, with the
   * bucket, endpoint and credentials; see SECRETS.md). The sidecars, Store Gateway and Compactor
   * all read it.
   */
  readonly objectStorageConfig: SecretKeyReference;
  /** How long the Compactor keeps raw samples in the bucket. @default '30d' */
  readonly retentionRaw?: string;
  /** How long it keeps the 5-minute downsampled blocks. @default '90d' */
  readonly retention5m?: string;
  /** How long it keeps the 1-hour downsampled blocks. @default '365d' */
  readonly retention1h?: string;
  /**
   * Upload the blocks Prometheus had already compacted before Thanos was added (the sidecar's
   * `--shipper.upload-compacted`, with Prometheus's local compaction off meanwhile): set it for
   * the move from `single`, then remove it once the sidecars report the old blocks uploaded.
   * @default false
   */
  readonly uploadExistingBlocks?: boolean;
  /** Other clusters whose Store APIs this cluster's Thanos Query also reads (this cluster is then the hub). @default [] */
  readonly remoteEndpoints?: readonly ThanosRemoteEndpoint[];
  /** Offer this cluster's Store API to a hub, over TLS. @default - not offered */
  readonly storeApi?: ThanosStoreApiConfig;
}

/** The cluster's own Kubernetes components the stack watches, as the cluster runs them. */
export interface ControlPlaneConfig {
  /** API server instances (control-plane nodes): one down warns, the majority down pages. @default 1 */
  readonly apiServers?: number;
  /** CoreDNS replicas (`kubectl -n kube-system get deploy coredns`): one down warns, the majority down pages. @default 2 (kubeadm's) */
  readonly corednsReplicas?: number;
}

/** The capacity of one node, as the scheduler sees it (allocatable), and of one volume. */
export interface NodeSizeConfig {
  /** Allocatable CPU, a Kubernetes quantity such as "4" or "3500m". @default '4' */
  readonly cpu?: string;
  /** Allocatable memory, such as "16Gi". @default '16Gi' */
  readonly memory?: string;
  /** The largest volume the StorageClass provisions (a node's local disk, for local storage). @default '16Ti' */
  readonly maxVolumeSize?: string;
}

/** One cluster: everything that differs between clusters, and nothing else. */
export interface ClusterConfig {
  /**
   * The cluster's name: the folder under dist/ and the `cluster` external label. A DNS label of at
   * most 38 characters (`<name>-<component>` names its GitOps units, a 63-character label), unique
   * among the configured clusters.
   */
  readonly name: string;
  /** Components to render. Removing one removes its folder. */
  readonly components: readonly ComponentName[];
  /**
   * The cluster's Kubernetes version, `1.N` or `1.N.P`, within the supported range 1.28 to 1.36:
   * tools that talk to its API server (kubectl in Robusta's remediations) are pinned to match it.
   */
  readonly kubernetesVersion: string;
  /** Nodes in the cluster: node-exporter runs on each, and KubeNodesMissing fires when fewer are registered. */
  readonly nodeCount: number;
  /**
   * What one node offers: every pod's requests and every volume the stack derives must fit it,
   * or synth names the input to change. @default - 4 CPUs, 16Gi of memory, volumes up to 16Ti
   */
  readonly nodeSize?: NodeSizeConfig;
  /** `single` or `ha` (three nodes or more, and `thanos` set). @default 'single' */
  readonly availability?: AvailabilityProfile;
  /** Thanos: required with `availability: 'ha'`, refused otherwise. @default - none (single) */
  readonly thanos?: ThanosConfig;
  /** Base DNS domain: ingress host names default to `<service>.<domain>`. */
  readonly domain: string;
  /** StorageClass for every PersistentVolumeClaim. */
  readonly storageClass: string;
  /** Where Argo CD and Flux find this repository and its dist/ folder. */
  readonly gitops: GitOpsConfig;
  /** The stack's namespaces. @default monitoring, monitoring-agents, logging, robusta */
  readonly namespaces?: NamespacesConfig;
  /** Where Alertmanager sends alerts, besides Robusta. */
  readonly notifications: NotificationsConfig;
  /** @default - the defaults of each PrometheusConfig field */
  readonly prometheus?: PrometheusConfig;
  /** How the cluster's API servers and CoreDNS are replicated. @default - the ControlPlaneConfig defaults */
  readonly controlPlane?: ControlPlaneConfig;
  /** @default - the defaults of each AlertmanagerConfig field */
  readonly alertmanager?: AlertmanagerConfig;
  /** @default - no textfile collectors */
  readonly nodeExporter?: NodeExporterConfig;
  /** Speed-test interval and the speeds the link should reach. @default - the SpeedtestConfig defaults */
  readonly speedtest?: SpeedtestConfig;
  /** Grafana: SSO, storage, ingress. */
  readonly grafana: GrafanaConfig;
  /** Loki: replicas, retention, S3 storage. */
  readonly loki: LokiConfig;
  /** The log agent and its per-stream stages. @default - Grafana Alloy, no stages */
  readonly logAgent?: LogAgentConfig;
  /** Robusta's sinks, playbooks and remediations; required when the component is on. @default - none */
  readonly robusta?: RobustaConfig;
  /** @default {} */
  readonly dataServices?: DataServicesConfig;
  /** A registry mirror and image digests for this cluster. @default - the images as lib/core/versions.ts pins them */
  readonly images?: ImageOptions;
  /** A tracing backend that already runs; omit when there is none. @default - no trace links */
  readonly traces?: TracesConfig;
  /**
   * Components of your own, built into this cluster after the stack's: your services with their
   * monitors, alerts and dashboards (see the README). Each renders to its own folder with its own
   * Argo CD Application and Flux Kustomization; its dashboards go to Grafana's namespace, and
   * its scrape targets in the stack's namespaces get their NetworkPolicies. @default []
   */
  readonly extensions?: readonly ((scope: Construct) => Component)[];
}

/**
 * A tracing backend (Tempo, Jaeger or Zipkin) run outside this stack. Grafana gets it as a
 * datasource, log lines and Prometheus exemplars that carry a trace ID link to the trace, and
 * Prometheus stores exemplars.
 */
export interface TracesConfig {
  /** The backend's kind, which picks Grafana's datasource type. */
  readonly type: 'tempo' | 'jaeger' | 'zipkin';
  /** Its query API, e.g. `http://tempo.tracing.svc.cluster.local:3200`. */
  readonly url: string;
  /**
   * A JavaScript regex with one capture group: the trace ID in a log line (Grafana evaluates it
   * in the browser). @default '(?:traceID|traceId|trace_id)"?[=:]\\s*"?(\\w+)'
   */
  readonly logTraceIdPattern?: string;
  /** The exemplar label that carries the trace ID. @default 'trace_id' */
  readonly exemplarLabel?: string;
}
