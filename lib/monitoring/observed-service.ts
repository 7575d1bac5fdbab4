import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpoints } from '../../imports/podmonitor-monitoring.coreos.com';
import { ServiceMonitor, ServiceMonitorSpecEndpoints } from '../../imports/servicemonitor-monitoring.coreos.com';
import { AlertRuleGroup } from '../alerting/alert-rule-group';
import { AlertingRule, Rule, Severity } from '../alerting/types';
import { check } from '../core/errors';
import { PART_OF } from '../core/labels';
import { SecretKeyReference, useSecret } from '../core/secrets';
import { checkDnsLabel, checkDuration, checkLabelName, checkOneOf, durationMs } from '../core/validate';
import { ErrorRateAlert, errorRateAlert, LatencyAlert, latencyAlert, SaturationAlert, saturationAlert, targetAbsentAlert, targetDownAlert } from './standard-alerts';

/** A Prometheus relabeling step (the prometheus-operator RelabelConfig). */
export interface Relabeling {
  readonly sourceLabels?: string[];
  readonly separator?: string;
  readonly targetLabel?: string;
  readonly regex?: string;
  readonly replacement?: string;
  /** @default 'replace' */
  readonly action?: 'replace' | 'keep' | 'drop' | 'labelmap' | 'labeldrop' | 'labelkeep' | 'hashmod' | 'lowercase' | 'uppercase' | 'keepequal' | 'dropequal';
}

/** How Prometheus authenticates to the target; every credential comes from a Secret. */
export interface ScrapeAuth {
  /** CA bundle to verify the target. @default - system roots */
  readonly tlsCa?: SecretKeyReference;
  /** Server name to verify. @default - the target's address */
  readonly tlsServerName?: string;
  /** Skip certificate verification (self-signed homelab endpoints). @default false */
  readonly tlsInsecureSkipVerify?: boolean;
  /** Basic auth. @default - none */
  readonly basicAuth?: { readonly username: SecretKeyReference; readonly password: SecretKeyReference };
  /** A bearer token. @default - none */
  readonly bearerToken?: SecretKeyReference;
}

/** A Service to create when the workload has none. */
export interface ObservedServicePort {
  /** Service port number. */
  readonly port: number;
  /** Container port (number or name). @default - same as port */
  readonly targetPort?: number | string;
}

/** The standard alerts to add; target down and absent are on by default. */
export interface ObservedServiceAlerts {
  /** Severity of the target-down alert, or false to leave it out. @default 'warning' */
  readonly down?: Severity | false;
  /** Severity of the no-target-discovered alert, or false to leave it out. @default 'warning' */
  readonly absent?: Severity | false;
  /** @default - none */
  readonly errorRate?: ErrorRateAlert;
  /** @default - none */
  readonly latency?: LatencyAlert;
  /** @default - none */
  readonly saturation?: SaturationAlert;
  /** More alerts, written by hand (with their promtool tests). @default [] */
  readonly extra?: AlertingRule[];
  /** Recording rules to ship beside them. @default [] */
  readonly recording?: Rule[];
}

export interface ObservedServiceProps {
  /** The job name: object names, the `job` label and alert names derive from it. */
  readonly name: string;
  /** Namespace the monitor (and Service, rules) live in. @default - the enclosing Component's namespace */
  readonly namespace?: string;
  /** Namespace the workload runs in, when it differs (an existing service elsewhere). @default - namespace */
  readonly targetNamespace?: string;
  /** Labels selecting the Service (or the pods, with `kind: 'pod'`). */
  readonly selector: Record<string, string>;
  /** Monitor a Service (ServiceMonitor) or pods directly (PodMonitor). @default 'service' */
  readonly kind?: 'service' | 'pod';
  /** The metrics port's name. */
  readonly port: string;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default - Prometheus' scrape interval */
  readonly interval?: string;
  /** Must not exceed the interval. @default - Prometheus' default (10s) */
  readonly scrapeTimeout?: string;
  /** Keep the target's own labels on conflicts (exporters that relay other jobs). @default false */
  readonly honorLabels?: boolean;
  /** @default [] */
  readonly relabelings?: Relabeling[];
  /** @default [] */
  readonly metricRelabelings?: Relabeling[];
  /** @default - no auth, no TLS settings */
  readonly auth?: ScrapeAuth;
  /** Create a Service for the selected pods (kind 'service' only). @default - none; one exists */
  readonly service?: ObservedServicePort;
  /** @default - target down and absent alerts */
  readonly alerts?: ObservedServiceAlerts;
  /** The log labels the service's pods carry (listed in the inventory). @default {} */
  readonly logLabels?: Record<string, string>;
  /** Adds a dashboard (or anything else) for the service. @default - none */
  readonly dashboard?: (scope: Construct, service: ObservedService) => void;
}

/**
 * Attaches monitoring to a service, new or existing: its ServiceMonitor or PodMonitor, a
 * Service when none exists, its alerts with promtool tests, an optional dashboard. The `job`
 * label is set to `name` whatever the discovery, so alerts and dashboards can rely on it.
 */
export class ObservedService extends Construct {
  /** Every ObservedService under `root`. */
  public static all(root: Construct): ObservedService[] {
    return root.node.findAll().filter((c): c is ObservedService => c instanceof ObservedService);
  }

  public readonly job: string;
  public readonly namespace: string;
  public readonly targetNamespace: string;
  public readonly kind: 'service' | 'pod';
  public readonly selector: Record<string, string>;
  public readonly port: string;
  public readonly path: string;
  public readonly interval?: string;
  public readonly logLabels: Record<string, string>;
  public readonly rules?: AlertRuleGroup;

  constructor(scope: Construct, id: string, props: ObservedServiceProps) {
    super(scope, id);
    checkDnsLabel(this, 'name', props.name);
    const namespace = props.namespace ?? Chart.of(this).namespace;
    check(namespace !== undefined, this, 'namespace', namespace, 'a namespace, or a Component with one');
    checkDnsLabel(this, 'namespace', namespace!);
    if (props.targetNamespace !== undefined) checkDnsLabel(this, 'targetNamespace', props.targetNamespace);
    check(Object.keys(props.selector ?? {}).length > 0, this, 'selector', props.selector, 'at least one label, so the monitor never selects everything');
    check(typeof props.port === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.port) && /[a-z]/.test(props.port) && props.port.length <= 15, this, 'port', props.port,
      'a port name (IANA service name: lowercase letters, digits and "-", at least one letter, at most 15 characters)');
    if (props.kind !== undefined) checkOneOf(this, 'kind', props.kind, ['service', 'pod']);
    if (props.scheme !== undefined) checkOneOf(this, 'scheme', props.scheme, ['http', 'https']);
    if (props.path !== undefined) check(props.path.startsWith('/'), this, 'path', props.path, 'an absolute path such as "/metrics"');
    if (props.interval !== undefined) checkDuration(this, 'interval', props.interval);
    if (props.scrapeTimeout !== undefined) {
      checkDuration(this, 'scrapeTimeout', props.scrapeTimeout);
      check(durationMs(props.scrapeTimeout) <= durationMs(props.interval ?? '30s'), this, 'scrapeTimeout', props.scrapeTimeout,
        `a timeout no longer than the interval (${props.interval ?? '30s'})`);
    }
    check(!(props.service && props.kind === 'pod'), this, 'service', props.service, 'no Service for a PodMonitor (kind "pod")');
    for (const r of [...(props.relabelings ?? []), ...(props.metricRelabelings ?? [])]) {
      if (r.targetLabel && !r.targetLabel.includes('$')) checkLabelName(this, 'relabelings.targetLabel', r.targetLabel);
    }

    this.job = props.name;
    this.namespace = namespace!;
    this.targetNamespace = props.targetNamespace ?? this.namespace;
    this.kind = props.kind ?? 'service';
    this.selector = props.selector;
    this.port = props.port;
    this.path = props.path ?? '/metrics';
    this.interval = props.interval;
    this.logLabels = props.logLabels ?? {};

    const labels = { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/part-of': PART_OF };
    if (props.service) this.renderService(props.service, labels);
    this.renderMonitor(props, labels);
    this.rules = this.renderRules(props.alerts ?? {});
    props.dashboard?.(this, this);
  }

  private renderService(svc: ObservedServicePort, labels: Record<string, string>): void {
    new k8s.KubeService(this, 'service', {
      metadata: { name: this.job, namespace: this.targetNamespace, labels: { ...labels, ...this.selector } },
      spec: {
        selector: this.selector,
        ports: [{
          name: this.port,
          port: svc.port,
          targetPort: typeof svc.targetPort === 'string' ? k8s.IntOrString.fromString(svc.targetPort) : k8s.IntOrString.fromNumber(svc.targetPort ?? svc.port),
        }],
      },
    });
  }

  private renderMonitor(props: ObservedServiceProps, labels: Record<string, string>): void {
    const relabel = (r: Relabeling) => ({ ...r, action: r.action ?? 'replace' });
    // The job label is the name, for ServiceMonitors (default: Service name) and PodMonitors
    // (default: namespace/monitor) alike.
    const relabelings = [{ action: 'replace', targetLabel: 'job', replacement: this.job }, ...(props.relabelings ?? []).map(relabel)];
    const endpoint = {
      port: this.port,
      path: this.path,
      ...(props.scheme ? { scheme: props.scheme } : {}),
      ...(props.interval ? { interval: props.interval } : {}),
      ...(props.scrapeTimeout ? { scrapeTimeout: props.scrapeTimeout } : {}),
      ...(props.honorLabels ? { honorLabels: true } : {}),
      ...this.authFields(props.auth),
      relabelings,
      ...(props.metricRelabelings?.length ? { metricRelabelings: props.metricRelabelings.map(relabel) } : {}),
    };
    const spec = {
      selector: { matchLabels: this.selector },
      ...(this.targetNamespace !== this.namespace ? { namespaceSelector: { matchNames: [this.targetNamespace] } } : {}),
    };
    const metadata = { name: this.job, namespace: this.namespace, labels };
    if (this.kind === 'pod') {
      new PodMonitor(this, 'monitor', { metadata, spec: { ...spec, podMetricsEndpoints: [endpoint as unknown as PodMonitorSpecPodMetricsEndpoints] } });
    } else {
      new ServiceMonitor(this, 'monitor', { metadata, spec: { ...spec, endpoints: [endpoint as unknown as ServiceMonitorSpecEndpoints] } });
    }
  }

  private authFields(auth: ScrapeAuth | undefined): Record<string, unknown> {
    if (!auth) return {};
    const ref = (r: SecretKeyReference, purpose: string) => useSecret(this, r, this.namespace, `${this.job} scrape ${purpose}`);
    const tls = auth.tlsCa || auth.tlsServerName || auth.tlsInsecureSkipVerify
      ? { tlsConfig: {
        ...(auth.tlsCa ? { ca: { secret: ref(auth.tlsCa, 'TLS CA') } } : {}),
        ...(auth.tlsServerName ? { serverName: auth.tlsServerName } : {}),
        ...(auth.tlsInsecureSkipVerify ? { insecureSkipVerify: true } : {}),
      } }
      : {};
    return {
      ...tls,
      ...(auth.basicAuth ? { basicAuth: { username: ref(auth.basicAuth.username, 'basic auth user'), password: ref(auth.basicAuth.password, 'basic auth password') } } : {}),
      ...(auth.bearerToken ? { authorization: { type: 'Bearer', credentials: ref(auth.bearerToken, 'bearer token') } } : {}),
    };
  }

  private renderRules(alerts: ObservedServiceAlerts): AlertRuleGroup | undefined {
    const rules: Rule[] = [
      ...(alerts.recording ?? []),
      ...(alerts.down === false ? [] : [targetDownAlert(this.job, alerts.down ?? 'warning')]),
      ...(alerts.absent === false ? [] : [targetAbsentAlert(this.job, alerts.absent ?? 'warning')]),
      ...(alerts.errorRate ? [errorRateAlert(this.job, alerts.errorRate)] : []),
      ...(alerts.latency ? [latencyAlert(this.job, alerts.latency)] : []),
      ...(alerts.saturation ? [saturationAlert(this.job, alerts.saturation)] : []),
      ...(alerts.extra ?? []),
    ];
    if (rules.length === 0) return undefined;
    return new AlertRuleGroup(this, 'rules', { name: this.job, namespace: this.namespace, rules });
  }
}
