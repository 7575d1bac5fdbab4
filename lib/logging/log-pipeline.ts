import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { chartOf } from '../core/component';
import { Construct } from 'constructs';
import { check, StackValidationError } from '../core/errors';
import { hardenedContainer, httpProbe } from '../core/container';
import { AppIdentity, recommendedLabels, selectorLabels } from '../core/labels';
import { ServiceIdentity } from '../core/rbac';
import { HostAgentAccess } from '../core/security';
import { checkDnsLabel, checkLabelName, checkOneOf, checkUrl } from '../core/validate';
import { podTemplate } from '../core/workload';
import { ObservedService } from '../monitoring/observed-service';
import { isStreamSelector, logqlSyntaxError, streamSelectorLabels } from '../query/logql';
import { logAgentAlerts } from './agent-alerts';
import { goRegexpError } from '../core/go-regexp';
import { ALLOY_PORT, alloyConfig } from './alloy-config';
import { LogPipelineSpec, LogStageGroup, STREAM_LABELS } from './pipeline-spec';
import { PROMTAIL_PORT, promtailConfig } from './promtail-config';
import { imageOf } from '../core/versions';
import { checkKnownKeys } from '../core/known-keys';

export type LogAgent = 'promtail' | 'alloy';

/** Pinned agent images. */
export const LOG_AGENT_IMAGES: Record<LogAgent, string> = {
  promtail: imageOf('promtail'),
  alloy: imageOf('alloy'),
};

export interface LogPipelineProps {
  /**
   * `alloy` (Grafana Alloy), or `promtail`, which is end of life (no releases after its final
   * 3.6.x, removed in Loki 3.7) and kept for clusters that run it; the same props configure both.
   * @default 'alloy'
   */
  readonly agent?: LogAgent;
  /** The Loki push endpoint, e.g. `http://loki-gateway.logging.svc/loki/api/v1/push`. */
  readonly pushUrl: string;
  /** The Loki tenant sent as X-Scope-OrgID. */
  readonly tenant: string;
  /** Labels added to every stream. @default {} */
  readonly externalLabels?: Record<string, string>;
  /** Processing for chosen streams (json, drop, multiline). @default [] */
  readonly stageGroups?: LogStageGroup[];
  /** Namespace of the agent's DaemonSet, configuration and ServiceAccount. @default - the enclosing Component's namespace */
  readonly namespace?: string;
}

const HOST_ACCESS: HostAgentAccess = {
  reason: 'tails pod log files under /var/log/pods (root-readable, read-only hostPath) and keeps its read positions on the node',
  runAsRoot: true,
};

/**
 * The log agent on every node: discovers the node's pods, tails their CRI log files, labels
 * each stream namespace/pod/container/node/app, applies the configured stages and pushes to
 * Loki. Also its RBAC, its monitor and its alerts.
 */
/** Durations as Go's time.ParseDuration reads them, which the agents use. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export class LogPipeline extends Construct {
  public static all(root: Construct): LogPipeline[] {
    return root.node.findAll().filter((c): c is LogPipeline => c instanceof LogPipeline);
  }

  public readonly agent: LogAgent;
  public readonly name: string;
  public readonly spec: LogPipelineSpec;
  /** The agent configuration as rendered into its ConfigMap. */
  public readonly configText: string;

  constructor(scope: Construct, id: string, props: LogPipelineProps) {
    super(scope, id);
    checkKnownKeys(this, 'LogPipelineProps', props);
    this.agent = props.agent ?? 'alloy';
    checkOneOf(this, 'agent', this.agent, ['promtail', 'alloy']);
    checkUrl(this, 'pushUrl', props.pushUrl);
    check(/^[a-zA-Z0-9_.-]{1,150}$/.test(props.tenant ?? ''), this, 'tenant', props.tenant, 'a Loki tenant id: letters, digits, "_", "-" and "."');
    for (const name of Object.keys(props.externalLabels ?? {})) {
      checkLabelName(this, 'externalLabels', name);
      check(!(STREAM_LABELS as readonly string[]).includes(name), this, 'externalLabels', name, `a label other than the per-stream ones (${STREAM_LABELS.join(', ')})`);
    }
    (props.stageGroups ?? []).forEach((g, i) => this.validateGroup(g, `stageGroups[${i}]`));
    const namespace = props.namespace ?? chartOf(this).namespace;
    checkDnsLabel(this, 'namespace', namespace ?? '');

    this.name = this.agent;
    this.spec = { pushUrl: props.pushUrl, tenant: props.tenant, externalLabels: props.externalLabels ?? {}, stageGroups: props.stageGroups ?? [] };
    const promtail = this.agent === 'promtail';
    this.configText = promtail ? promtailConfig(this.spec) : alloyConfig(this.spec);
    const configFile = promtail ? 'config.yaml' : 'config.alloy';
    const port = promtail ? PROMTAIL_PORT : ALLOY_PORT;
    const identity: AppIdentity = { name: this.agent, component: 'log-agent', version: LOG_AGENT_IMAGES[this.agent].split(':').pop() };
    const labels = recommendedLabels(identity);

    new ServiceIdentity(this, 'identity', {
      name: this.agent,
      namespace: namespace!,
      labels,
      clusterRules: [{ apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: this.agent, namespace, labels }, data: { [configFile]: this.configText } });

    const args = promtail
      ? [`-config.file=/etc/agent/${configFile}`, '-config.expand-env=true']
      : ['run', `/etc/agent/${configFile}`, '--storage.path=/var/lib/alloy/data', `--server.http.listen-addr=0.0.0.0:${port}`, '--stability.level=generally-available'];
    const stateDir = promtail ? '/run/promtail' : '/var/lib/alloy/data';
    new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: { name: this.agent, namespace, labels },
      spec: {
        selector: { matchLabels: selectorLabels(identity) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: podTemplate({
          identity,
          namespace: namespace!,
          serviceAccountName: this.agent,
          automountServiceAccountToken: true,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          tolerations: [{ operator: 'Exists' }],
          priorityClassName: 'system-node-critical',
          annotations: {
            'observability-stack/config-checksum': createHash('sha256').update(this.configText).digest('hex').slice(0, 16),
            'observability-stack/host-access': HOST_ACCESS.reason,
          },
          containers: [hardenedContainer(this, {
            name: this.agent,
            image: LOG_AGENT_IMAGES[this.agent],
            args,
            hostAccess: HOST_ACCESS,
            env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            ports: [{ name: 'http-metrics', containerPort: port, protocol: 'TCP' }],
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
            // Alive while it serves HTTP: readiness (no targets yet, one unhealthy component) is not
            // something a restart fixes.
            livenessProbe: httpProbe('/metrics', 'http-metrics', { initialDelaySeconds: 10 }),
            readinessProbe: httpProbe(promtail ? '/ready' : '/-/ready', 'http-metrics'),
            volumeMounts: [
              { name: 'config', mountPath: '/etc/agent', readOnly: true },
              { name: 'pod-logs', mountPath: '/var/log/pods', readOnly: true },
              { name: 'state', mountPath: stateDir },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          })],
          volumes: [
            { name: 'config', configMap: { name: this.agent } },
            { name: 'pod-logs', hostPath: { path: '/var/log/pods', type: 'Directory' } },
            // Read positions survive restarts, so nothing is shipped twice or skipped.
            { name: 'state', hostPath: { path: `/var/lib/${this.agent}`, type: 'DirectoryOrCreate' } },
            { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
          ],
        }),
      },
    });

    new ObservedService(this, 'monitoring', {
      name: this.agent,
      kind: 'pod',
      selector: selectorLabels(identity),
      port: 'http-metrics',
      relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
      alerts: { extra: logAgentAlerts(this.agent, this.agent) },
    });
  }

  private validateGroup(group: LogStageGroup, at: string): void {
    const syntax = logqlSyntaxError(group.selector);
    if (syntax) throw new StackValidationError(this, `${at}.selector`, group.selector, `a LogQL stream selector: ${syntax}`);
    check(isStreamSelector(group.selector), this, `${at}.selector`, group.selector, 'a bare LogQL stream selector such as {namespace="shop"}');
    // Stages see the labels relabeling gave the stream, nothing else.
    for (const label of streamSelectorLabels(group.selector)) {
      check((STREAM_LABELS as readonly string[]).includes(label), this, `${at}.selector`, group.selector,
        `a selector on the stream labels (${STREAM_LABELS.join(', ')}); "${label}" is not one, so it would match nothing`);
    }
    check(group.stages.length > 0, this, `${at}.stages`, group.stages, 'at least one stage');
    group.stages.forEach((s, i) => {
      const field = `${at}.stages[${i}]`;
      const regex = 'drop' in s ? s.drop.regex : 'multiline' in s ? s.multiline.firstLine : undefined;
      if (regex !== undefined) {
        const error = goRegexpError(regex);
        if (error) throw new StackValidationError(this, field, regex, `a Go (RE2) regular expression: ${error}`);
      }
      if ('multiline' in s && s.multiline.maxWaitTime !== undefined) {
        check(GO_DURATION.test(s.multiline.maxWaitTime), this, `${field}.multiline.maxWaitTime`, s.multiline.maxWaitTime,
          'a Go duration such as "3s" or "500ms" (no days)');
      }
      if ('json' in s) {
        check(Object.keys(s.json.expressions).length > 0, this, `${field}.json.expressions`, s.json.expressions, 'at least one field');
        for (const name of Object.keys(s.json.expressions)) checkLabelName(this, `${field}.json.expressions`, name);
      }
    });
  }
}
