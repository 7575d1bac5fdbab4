import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { chartOf } from '../core/component';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { check } from '../core/errors';
import { checkPinnedImage, hardenedContainer } from '../core/container';
import { kubectlImageKey } from '../core/kubernetes';
import { imageOf } from '../core/versions';
import { AppIdentity, recommendedLabels } from '../core/labels';
import { AccessRule, ServiceIdentity } from '../core/rbac';
import { SecretKeyReference, useSecret } from '../core/secrets';
import { checkDnsLabel, checkOneOf, checkSlackChannel, checkUrl } from '../core/validate';
import { deployment, service } from '../core/workload';
import {
  ENRICHMENT_ACCESS, ENRICHMENT_ACTIONS, enrichmentPlaybooks, Remediation, RemediationAction, remediationParams, REMEDIATIONS,
  RobustaPlaybook, RobustaSeverity,
} from './playbooks';

export const ROBUSTA_RUNNER_IMAGE = imageOf('robustaRunner');
export const ROBUSTA_FORWARDER_IMAGE = imageOf('robustaForwarder');
/**
 * The image `kubectl_command` runs (it needs a shell; Robusta's default is an unpinned `latest`),
 * for a cluster of this Kubernetes version: kubectl within one minor of the API server.
 */
export function robustaKubectlImage(where: Construct | string, kubernetesVersion: string): string {
  return imageOf(kubectlImageKey(where, 'kubernetesVersion', kubernetesVersion));
}
export const RUNNER_PORT = 5000;
/** The runner image's Python packages (Python 3.11 in the pinned image, as Robusta's chart mounts it). */
const RUNNER_SITE_PACKAGES = '/venv/lib/python3.11/site-packages';
/** kubewatch serves its Prometheus metrics here. */
export const FORWARDER_METRICS_PORT = 2112;

const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Where Robusta sends findings; the credential always comes from a Secret. */
export interface RobustaSink {
  /** Unique sink name. */
  readonly name: string;
  /** The kind of sink, which decides what `credential` holds. */
  readonly kind: 'slack' | 'teams' | 'email';
  /** Slack: a bot token (xoxb-...). Teams: the incoming webhook URL. Email: an apprise `mailtos://user:pass@host?to=...` URL. */
  readonly credential: SecretKeyReference;
  /** Slack only: the channel. @default - none; required for a slack sink */
  readonly channel?: string;
  /** Only findings of these severities. @default - all */
  readonly severities?: RobustaSeverity[];
  /** Only findings from these namespaces. @default - all */
  readonly namespaces?: string[];
}

export interface RobustaProps {
  /** The cluster's name, shown on findings; a DNS label. */
  readonly clusterName: string;
  /** URL the runner queries Prometheus at, e.g. `http://prometheus.monitoring.svc:9090`. */
  readonly prometheusUrl: string;
  /** URL the runner reaches Alertmanager at, e.g. `http://alertmanager.monitoring.svc:9093`. */
  readonly alertmanagerUrl: string;
  /** Grafana's URL, for links in findings. @default - no Grafana links */
  readonly grafanaUrl?: string;
  /** Where findings are sent, at least one. */
  readonly sinks: RobustaSink[];
  /** Enrichment playbooks added to the built-in ones (read-only actions only). @default [] */
  readonly playbooks?: RobustaPlaybook[];
  /** Remediations, each for one alert; none are on by default. @default [] */
  readonly remediations?: Remediation[];
  /** The runner Service port Alertmanager and the forwarder post to. @default 80 */
  readonly servicePort?: number;
  /**
   * The cluster's Kubernetes version (`1.N` or `1.N.P`, 1.28 to 1.36): the `scale` remediation
   * runs the kubectl pinned for that minor. Required with a `scale` remediation unless
   * `kubectlImage` is given. @default - none
   */
  readonly kubernetesVersion?: string;
  /** The image the `scale` remediation runs kubectl in. @default - the pinned kubectl for `kubernetesVersion` */
  readonly kubectlImage?: string;
}

/**
 * Robusta: the runner (Alertmanager's webhook receiver: enriches, routes and remediates) and
 * the forwarder (watches Kubernetes changes for the runner). Its access is read-only plus the
 * exact verbs the enabled remediations need.
 */
export class Robusta extends Construct {
  public static all(root: Construct): Robusta[] {
    return root.node.findAll().filter((c): c is Robusta => c instanceof Robusta);
  }

  /** The runner's active playbooks configuration, as rendered. */
  public readonly config: Record<string, unknown>;
  /** The runner's cluster-wide access: enrichment reads plus the enabled remediations' writes. */
  public readonly runnerAccess: AccessRule[];
  /** The runner's access in its own namespace (Jobs, for remediations that run one). */
  public readonly runnerNamespaceAccess: AccessRule[];
  public readonly servicePort: number;

  constructor(scope: Construct, id: string, props: RobustaProps) {
    super(scope, id);
    const namespace = chartOf(this).namespace!;
    checkDnsLabel(this, 'clusterName', props.clusterName);
    checkUrl(this, 'prometheusUrl', props.prometheusUrl);
    checkUrl(this, 'alertmanagerUrl', props.alertmanagerUrl);
    if (props.grafanaUrl) checkUrl(this, 'grafanaUrl', props.grafanaUrl);
    check(props.sinks.length > 0, this, 'sinks', props.sinks, 'at least one sink');
    this.servicePort = props.servicePort ?? 80;

    const env: k8s.EnvVar[] = [];
    const sinkNames = new Set<string>();
    const sinks = props.sinks.map((s, i) => {
      const at = `sinks[${i}]`;
      check(/^[a-z][a-z0-9_]*$/.test(s.name) && !sinkNames.has(s.name), this, `${at}.name`, s.name, 'a unique lowercase name (letters, digits, "_")');
      sinkNames.add(s.name);
      checkOneOf(this, `${at}.kind`, s.kind, ['slack', 'teams', 'email']);
      check(s.kind !== 'slack' || !!s.channel, this, `${at}.channel`, s.channel, 'a Slack channel for a slack sink');
      if (s.kind === 'slack') checkSlackChannel(this, `${at}.channel`, s.channel!, 'optional');
      for (const sev of s.severities ?? []) checkOneOf(this, `${at}.severities`, sev, ['HIGH', 'MEDIUM', 'LOW', 'INFO']);
      for (const ns of s.namespaces ?? []) checkDnsLabel(this, `${at}.namespaces`, ns);
      // Robusta fills `{{ env.X }}` from the runner's environment: the credential stays in its Secret.
      const variable = `SINK_${s.name.toUpperCase()}_CREDENTIAL`;
      env.push({ name: variable, valueFrom: { secretKeyRef: useSecret(this, s.credential, namespace, `Robusta ${s.kind} sink ${s.name}`, `${at}.credential`) } });
      const credential = `{{ env.${variable} }}`;
      const include: Record<string, unknown>[] = [];
      if (s.severities?.length || s.namespaces?.length) {
        include.push({
          // A list matches any of its items; one comma-joined string would be a single regex.
          ...(s.severities?.length ? { severity: [...s.severities] } : {}),
          ...(s.namespaces?.length ? { namespace: [...s.namespaces] } : {}),
        });
      }
      const scope = include.length ? { scope: { include } } : {};
      if (s.kind === 'slack') return { slack_sink: { name: s.name, slack_channel: s.channel, api_key: credential, ...scope } };
      if (s.kind === 'teams') return { ms_teams_sink: { name: s.name, webhook_url: credential, ...scope } };
      return { mail_sink: { name: s.name, mailto: credential, ...scope } };
    });

    const playbookNames = new Set(enrichmentPlaybooks().map((p) => p.name as string));
    const customPlaybooks = (props.playbooks ?? []).map((p, i) => {
      const at = `playbooks[${i}]`;
      check(/^[A-Z][A-Za-z0-9]*$/.test(p.name) && !playbookNames.has(p.name), this, `${at}.name`, p.name, 'a PascalCase playbook name, unique and not a built-in one');
      playbookNames.add(p.name);
      check(p.alerts.length > 0, this, `${at}.alerts`, p.alerts, 'at least one alert name');
      p.alerts.forEach((a, j) => check(ALERT_NAME.test(a), this, `${at}.alerts[${j}]`, a, 'an alert name such as "KubePodCrashLooping"'));
      check(p.actions.length > 0, this, `${at}.actions`, p.actions, 'at least one enrichment action');
      p.actions.forEach((a, j) => checkOneOf(this, `${at}.actions[${j}].action`, a.action, ENRICHMENT_ACTIONS));
      return {
        name: p.name,
        triggers: p.alerts.map((alert_name) => ({ on_prometheus_alert: { alert_name } })),
        actions: p.actions.map((a) => ({ [a.action]: a.params ?? {} })),
      };
    });

    const remediations = props.remediations ?? [];
    const remediationKeys = new Set<string>();
    const remediationPlaybooks = remediations.map((r, i) => {
      const at = `remediations[${i}]`;
      check(typeof r.alert === 'string' && ALERT_NAME.test(r.alert), this, `${at}.alert`, r.alert, 'an alert name such as "KubePodCrashLooping"');
      checkOneOf(this, `${at}.action`, r.action, Object.keys(REMEDIATIONS) as RemediationAction[]);
      check((r.action === 'diagnose') === (r.command !== undefined) && (r.command === undefined || r.command.trim() !== ''), this,
        `${at}.command`, r.command, 'a command for "diagnose", and none for other actions');
      check((r.action === 'scale') === (r.replicas !== undefined) && (r.replicas === undefined || (Number.isInteger(r.replicas) && r.replicas >= 0)), this,
        `${at}.replicas`, r.replicas, 'a replica count (an integer >= 0) for "scale", and none for other actions');
      const key = `${r.alert}-${r.action}`;
      check(!remediationKeys.has(key), this, `${at}`, key, 'at most one remediation per alert and action');
      remediationKeys.add(key);
      return {
        name: `Remediate-${key}`,
        triggers: [{ on_prometheus_alert: { alert_name: r.alert, status: 'firing' } }],
        actions: [{ [REMEDIATIONS[r.action].action]: remediationParams(r) }],
      };
    });
    if (props.kubectlImage !== undefined) checkPinnedImage(this, 'kubectlImage', props.kubectlImage);
    const kubectlImage = props.kubectlImage ?? (props.kubernetesVersion !== undefined ? robustaKubectlImage(this, props.kubernetesVersion) : undefined);

    this.config = {
      global_config: {
        cluster_name: props.clusterName,
        prometheus_url: props.prometheusUrl,
        alertmanager_url: props.alertmanagerUrl,
        ...(props.grafanaUrl ? { grafana_url: props.grafanaUrl } : {}),
        check_prometheus_flags: false,
      },
      sinks_config: sinks,
      active_playbooks: [...enrichmentPlaybooks(), ...customPlaybooks, ...remediationPlaybooks],
      playbook_repos: {},
      light_actions: [],
    };
    const used = [...new Set(remediations.map((r) => r.action))].sort();
    this.runnerAccess = [...ENRICHMENT_ACCESS, ...used.flatMap((a) => REMEDIATIONS[a].access)];
    this.runnerNamespaceAccess = used.flatMap((a) => REMEDIATIONS[a].ownNamespaceAccess ?? []);
    if (used.includes('scale')) {
      // kubectl_command reads these when it builds its Job: a pinned image, and this account.
      check(kubectlImage !== undefined, this, 'kubernetesVersion', props.kubernetesVersion,
        'the cluster\'s Kubernetes version (e.g. "1.31"), so the "scale" remediation runs a kubectl within one minor of it, or a kubectlImage');
      env.push({ name: 'KUBECTL_IMAGE_OVERRIDE', value: kubectlImage! });
    }

    this.renderRunner(namespace, env);
    this.renderForwarder(namespace);
  }

  private renderRunner(namespace: string, env: k8s.EnvVar[]): void {
    const identity: AppIdentity = { name: 'robusta-runner', component: 'runner', version: ROBUSTA_RUNNER_IMAGE.split(':').pop() };
    const labels = recommendedLabels(identity);
    const text = stringify(this.config, { lineWidth: 0 });
    new ServiceIdentity(this, 'runner-identity', {
      name: 'robusta-runner', namespace, labels, clusterRules: this.runnerAccess, namespaceRules: this.runnerNamespaceAccess,
    });
    new k8s.KubeConfigMap(this, 'runner-config', { metadata: { name: 'robusta-runner', namespace, labels }, data: { 'active_playbooks.yaml': text } });
    deployment(this, 'runner', {
      identity,
      namespace,
      serviceAccountName: 'robusta-runner',
      automountServiceAccountToken: true,
      annotations: { 'observability-stack/config-checksum': createHash('sha256').update(text).digest('hex').slice(0, 16) },
      // The runner writes into its Python site-packages at start-up (it loads the playbook
      // packages there): on a read-only root filesystem they live on a volume, seeded from the
      // image, as Robusta's own chart does with `runner.hardenedFs`.
      initContainers: [hardenedContainer(this, {
        name: 'setup-venv',
        image: ROBUSTA_RUNNER_IMAGE,
        command: ['sh', '-c', `cp -a ${RUNNER_SITE_PACKAGES}/. /venv-writable/`],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        runAsUser: 1000,
        volumeMounts: [{ name: 'site-packages', mountPath: '/venv-writable' }],
      })],
      containers: [hardenedContainer(this, {
        name: 'runner',
        image: ROBUSTA_RUNNER_IMAGE,
        env: [
          { name: 'PLAYBOOKS_CONFIG_FILE_PATH', value: '/etc/robusta/config/active_playbooks.yaml' },
          { name: 'RELEASE_NAME', value: 'robusta' },
          // Pods Robusta starts run as this account (its default name assumes the Helm chart's).
          { name: 'RUNNER_SERVICE_ACCOUNT', value: 'robusta-runner' },
          { name: 'INSTALLATION_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'LOG_LEVEL', value: 'INFO' },
          { name: 'DISABLE_HELM_MONITORING', value: 'True' },
          // No usage reports to robusta.dev from a self-hosted stack.
          { name: 'ENABLE_TELEMETRY', value: 'false' },
          // Read-only root filesystem: no bytecode files, caches under /tmp.
          { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
          { name: 'HOME', value: '/tmp' },
          ...env,
        ],
        ports: [{ name: 'http', containerPort: RUNNER_PORT, protocol: 'TCP' }],
        resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } },
        livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, initialDelaySeconds: 30, periodSeconds: 20 },
        readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, initialDelaySeconds: 10, periodSeconds: 10 },
        runAsUser: 1000,
        volumeMounts: [
          { name: 'config', mountPath: '/etc/robusta/config', readOnly: true },
          { name: 'tmp', mountPath: '/tmp' },
          { name: 'playbook-repos', mountPath: '/app/robusta-git' },
          { name: 'site-packages', mountPath: RUNNER_SITE_PACKAGES },
        ],
      })],
      volumes: [
        { name: 'config', configMap: { name: 'robusta-runner' } },
        { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
        { name: 'playbook-repos', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
        { name: 'site-packages', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } },
      ],
    });
    service(this, 'runner-service', identity, namespace, [{ name: 'http', port: this.servicePort, targetPort: 'http' }]);
  }

  private renderForwarder(namespace: string): void {
    const identity: AppIdentity = { name: 'robusta-forwarder', component: 'forwarder', version: ROBUSTA_FORWARDER_IMAGE.split(':').pop() };
    const labels = recommendedLabels(identity);
    new ServiceIdentity(this, 'forwarder-identity', {
      name: 'robusta-forwarder',
      namespace,
      labels,
      clusterRules: [
        { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces', 'events', 'services'], verbs: ['get', 'list', 'watch'] },
        // kubewatch's `event` resource watches events.k8s.io/v1, not the core Events.
        { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'daemonsets', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    const kubewatch = stringify({
      namespace: '',
      handler: { cloudevent: { url: `http://robusta-runner.${namespace}.svc:${this.servicePort}/api/handle` } },
      // The forwarder's own resource keys (`services` is plural in kubewatch's schema).
      resource: { deployment: true, replicaset: true, daemonset: true, statefulset: true, pod: true, job: true, node: true, namespace: true, event: true, services: true, secret: false, configmap: false },
    });
    new k8s.KubeConfigMap(this, 'forwarder-config', { metadata: { name: 'robusta-forwarder', namespace, labels }, data: { '.kubewatch.yaml': kubewatch } });
    deployment(this, 'forwarder', {
      identity,
      namespace,
      serviceAccountName: 'robusta-forwarder',
      automountServiceAccountToken: true,
      annotations: { 'observability-stack/config-checksum': createHash('sha256').update(kubewatch).digest('hex').slice(0, 16) },
      containers: [hardenedContainer(this, {
        name: 'kubewatch',
        image: ROBUSTA_FORWARDER_IMAGE,
        env: [{ name: 'KW_CONFIG', value: '/config' }, { name: 'ADVANCED_FILTERS', value: 'true' }],
        ports: [{ name: 'metrics', containerPort: FORWARDER_METRICS_PORT, protocol: 'TCP' }],
        livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('metrics') }, initialDelaySeconds: 10, periodSeconds: 20 },
        readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('metrics') }, initialDelaySeconds: 5, periodSeconds: 10 },
        resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '512Mi' } },
        runAsUser: 1000,
        volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }],
      })],
      volumes: [{ name: 'config', configMap: { name: 'robusta-forwarder' } }],
    });
    service(this, 'forwarder-service', identity, namespace, [{ name: 'metrics', port: FORWARDER_METRICS_PORT, targetPort: 'metrics' }]);
  }
}
