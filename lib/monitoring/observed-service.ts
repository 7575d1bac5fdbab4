import { k8s } from 'cdk8s-plus-28';
import { chartOf } from '../core/component';
import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpoints } from '../../imports/podmonitor-monitoring.coreos.com';
import { ServiceMonitor, ServiceMonitorSpecEndpoints } from '../../imports/servicemonitor-monitoring.coreos.com';
import { AlertRuleGroup } from '../alerting/alert-rule-group';
import { AlertingRule, isAlertingRule, Rule, SEVERITIES, Severity } from '../alerting/types';
import { check, StackValidationError } from '../core/errors';
import { PART_OF } from '../core/labels';
import { SecretKeyReference, useSecret } from '../core/secrets';
import { checkDnsLabel, checkDuration, checkLabelName, checkLabels, checkOneOf, checkPort, durationMs, isPortName } from '../core/validate';
import { goRegexpError } from '../core/go-regexp';
import { defaultDashboardNamespace, GrafanaDashboard, GrafanaDashboardProps } from '../dashboards/grafana-dashboard';
import { checkKnownKeys } from '../core/known-keys';
import { ServiceLevelObjective, ServiceLevelObjectiveProps } from '../slo/service-level-objective';
import {
  ErrorRateAlert, errorExampleOf, errorRateAlert, successExampleOf, LatencyAlert, latencyAlert, ReplicaGroup, replicatedTargetDownAlerts, SaturationAlert, saturationAlert, targetAbsentAlert,
} from './standard-alerts';

/** A Prometheus relabeling step (the prometheus-operator RelabelConfig). */
export interface Relabeling {
  /** Labels whose values are joined and matched against `regex`. @default - none */
  readonly sourceLabels?: string[];
  /** Joins the source label values. @default ';' */
  readonly separator?: string;
  /** The label written by `replace`, `hashmod`, `lowercase`, `uppercase`. @default - none */
  readonly targetLabel?: string;
  /** RE2 regex matched against the joined source labels (fully anchored). @default '(.*)' */
  readonly regex?: string;
  /** Value written to `targetLabel`; may use regex groups such as `$1`. @default '$1' */
  readonly replacement?: string;
  /** What the step does. @default 'replace' */
  readonly action?: (typeof RELABEL_ACTIONS)[number];
}

/** How Prometheus authenticates to the target; every credential comes from a Secret. */
export interface ScrapeAuth {
  /** CA bundle to verify the target. @default - system roots */
  readonly tlsCa?: SecretKeyReference;
  /** Server name to verify. @default - the target's address */
  readonly tlsServerName?: string;
  /** Skip certificate verification (self-signed homelab endpoints). @default false */
  readonly tlsInsecureSkipVerify?: boolean;
  /** Basic auth: user name and password, each a Secret key. @default - none */
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
  /**
   * How many replicas serve the job, or its sets of replicas told apart by pod name: with more
   * than one, one lost replica is a warning and the majority lost (all of two) has the `down`
   * severity. Give the number the workload is rendered with, never a constant of its own.
   * @default 1
   */
  readonly replicas?: number | readonly ReplicaGroup[];
  /** Severity of the no-target-discovered alert, or false to leave it out. @default 'warning' */
  readonly absent?: Severity | false;
  /** Alert when too many requests fail. @default - none */
  readonly errorRate?: ErrorRateAlert;
  /** Alert when a latency quantile is too high. @default - none */
  readonly latency?: LatencyAlert;
  /** Alert when a 0-1 utilisation gauge stays high. @default - none */
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
  /** HTTP path of the metrics. @default '/metrics' */
  readonly path?: string;
  /** Scrape over HTTP or HTTPS. @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** How often the target is scraped. @default - Prometheus' scrape interval */
  readonly interval?: string;
  /** Must not exceed the interval. @default - Prometheus' default (10s) */
  readonly scrapeTimeout?: string;
  /** Keep the target's own labels on conflicts (exporters that relay other jobs). @default false */
  readonly honorLabels?: boolean;
  /** Relabeling of the target before the scrape (after `job` is set). @default [] */
  readonly relabelings?: Relabeling[];
  /** Relabeling of the scraped samples, e.g. to drop expensive series. @default [] */
  readonly metricRelabelings?: Relabeling[];
  /** TLS and credentials for the scrape, all by Secret reference. @default - no auth, no TLS settings */
  readonly auth?: ScrapeAuth;
  /** Create a Service for the selected pods (kind 'service' only). @default - none; one exists */
  readonly service?: ObservedServicePort;
  /** The alerts to ship for the service. @default - target down and absent alerts */
  readonly alerts?: ObservedServiceAlerts;
  /** The log labels the service's pods carry (listed in the inventory). @default {} */
  readonly logLabels?: Record<string, string>;
  /**
   * The service's dashboard: GrafanaDashboard props (rendered in Grafana's namespace where the
   * stack names it, else in `namespace`), or a callback
   * that adds a dashboard (or anything else) under the service. @default - none
   */
  readonly dashboard?: GrafanaDashboardProps | ((scope: Construct, service: ObservedService) => void);
  /**
   * Service level objectives of the service, each with burn-rate alerts, their generated
   * promtool cases and an error-budget dashboard; `service` defaults to the name.
   * @default []
   */
  readonly slo?: ObservedServiceSlo[];
}

/** An SLO of an ObservedService: ServiceLevelObjective props whose service is the ObservedService's. */
export type ObservedServiceSlo = Omit<ServiceLevelObjectiveProps, 'service' | 'namespace'> & { readonly service?: string };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// No `hashmod`: it needs a modulus, which Relabeling does not carry.
const RELABEL_ACTIONS = ['replace', 'keep', 'drop', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase', 'keepequal', 'dropequal'] as const;

/** Prometheus reads these regexes with Go's RE2. */
function checkRegex(scope: Construct, field: string, regex: string): void {
  const error = goRegexpError(regex);
  check(error === undefined, scope, field, regex, `a Go (RE2) regular expression${error ? ` (${error})` : ''}`);
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

  /** The `job` label of every series scraped from the service (its name). */
  public readonly job: string;
  /** Where the monitor and rules live. */
  public readonly namespace: string;
  /** Where the monitored workload runs. */
  public readonly targetNamespace: string;
  /** ServiceMonitor (`service`) or PodMonitor (`pod`). */
  public readonly kind: 'service' | 'pod';
  /** The label selector of the Service or pods. */
  public readonly selector: Record<string, string>;
  /** The metrics port's name. */
  public readonly port: string;
  /** The metrics path. */
  public readonly path: string;
  /** The scrape interval, when set. */
  public readonly interval?: string;
  /** The log labels the service's pods carry. */
  public readonly logLabels: Record<string, string>;
  /** The service's alert rules, unless every alert is switched off. */
  public readonly rules?: AlertRuleGroup;
  /** The dashboard, when given as GrafanaDashboard props. */
  public readonly dashboard?: GrafanaDashboard;
  /** The service level objectives, in the order given. */
  public readonly slos: ServiceLevelObjective[];
  private readonly errorExampleGiven: boolean;
  private readonly errorRateProps?: ErrorRateAlert;

  constructor(scope: Construct, id: string, props: ObservedServiceProps) {
    super(scope, id);
    checkKnownKeys(this, 'ObservedServiceProps', props);
    checkDnsLabel(this, 'name', props.name);
    const namespace = props.namespace ?? chartOf(this).namespace;
    check(namespace !== undefined, this, 'namespace', namespace, 'a namespace, or a Component with one');
    checkDnsLabel(this, 'namespace', namespace!);
    if (props.targetNamespace !== undefined) checkDnsLabel(this, 'targetNamespace', props.targetNamespace);
    // The name is a Service name (DNS-1035: starts with a letter) and the stem of alert names.
    check(/^[a-z]/.test(props.name), this, 'name', props.name, 'a name starting with a letter (it names a Service and the alerts, e.g. OrdersApiTargetDown)');
    check(Object.keys(props.selector ?? {}).length > 0, this, 'selector', props.selector, 'at least one label, so the monitor never selects everything');
    checkLabels(this, 'selector', props.selector);
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
    for (const field of ['relabelings', 'metricRelabelings'] as const) {
      (props[field] ?? []).forEach((r, i) => {
        if (r.targetLabel && !r.targetLabel.includes('$')) checkLabelName(this, `${field}[${i}].targetLabel`, r.targetLabel);
        for (const l of r.sourceLabels ?? []) checkLabelName(this, `${field}[${i}].sourceLabels`, l);
        if (r.action !== undefined) checkOneOf(this, `${field}[${i}].action`, r.action, RELABEL_ACTIONS);
        if (r.regex !== undefined) checkRegex(this, `${field}[${i}].regex`, r.regex);
        // Prometheus refuses these actions without a label to write.
        check(!['replace', 'lowercase', 'uppercase'].includes(r.action ?? 'replace') || !!r.targetLabel, this, `${field}[${i}].targetLabel`, r.targetLabel,
          `a label to write for action "${r.action ?? 'replace'}"`);
      });
    }
    this.validateAlerts(props.alerts ?? {});
    this.errorRateProps = props.alerts?.errorRate;
    this.errorExampleGiven = props.alerts?.errorRate?.errorExample !== undefined;

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
    if (props.service) {
      checkPort(this, 'service.port', props.service.port);
      const target = props.service.targetPort;
      if (typeof target === 'string') check(isPortName(target), this, 'service.targetPort', target, 'a container port name (at most 15 lowercase letters, digits and "-", with a letter) or number');
      else if (target !== undefined) checkPort(this, 'service.targetPort', target);
      this.renderService(props.service, labels);
    }
    this.renderMonitor(props, labels);
    this.rules = this.renderRules(props.alerts ?? {});
    if (typeof props.dashboard === 'function') props.dashboard(this, this);
    else if (props.dashboard) this.dashboard = new GrafanaDashboard(this, 'dashboard', { namespace: defaultDashboardNamespace(this, this.namespace), ...props.dashboard });
    this.slos = (props.slo ?? []).map((slo) => new ServiceLevelObjective(this, `slo-${slo.name}`, { ...slo, service: slo.service ?? this.job, namespace: this.namespace }));
  }

  private validateAlerts(alerts: ObservedServiceAlerts): void {
    for (const key of ['down', 'absent'] as const) {
      if (alerts[key] !== undefined && alerts[key] !== false) checkOneOf(this, `alerts.${key}`, alerts[key], SEVERITIES);
    }
    const replicas = alerts.replicas;
    if (typeof replicas === 'number' || replicas === undefined) {
      check(replicas === undefined || (Number.isInteger(replicas) && replicas >= 1), this, 'alerts.replicas', replicas, 'a whole number of replicas, at least 1');
    } else {
      check(Array.isArray(replicas) && replicas.length > 0, this, 'alerts.replicas', replicas, 'a number, or at least one set of replicas');
      replicas.forEach((g, i) => {
        check(/^[a-z][a-z0-9-]*$/.test(g.name ?? ''), this, `alerts.replicas[${i}].name`, g.name, 'a lowercase name such as "read"');
        check(/^[a-z0-9][a-z0-9.-]*$/.test(g.podPrefix ?? ''), this, `alerts.replicas[${i}].podPrefix`, g.podPrefix, 'the start of the pod names, such as "loki-read-"');
        check(Number.isInteger(g.replicas) && g.replicas >= 1, this, `alerts.replicas[${i}].replicas`, g.replicas, 'a whole number of replicas, at least 1');
      });
    }
    const ratio = (field: string, value: number | undefined) =>
      check(value === undefined || (Number.isFinite(value) && value > 0 && value < 1), this, field, value, 'a ratio between 0 and 1 (exclusive)');
    const common = (field: string, a: { for?: string; severity?: Severity }) => {
      if (a.for !== undefined) checkDuration(this, `${field}.for`, a.for);
      if (a.severity !== undefined) checkOneOf(this, `${field}.severity`, a.severity, SEVERITIES);
    };
    if (alerts.errorRate) {
      const a = alerts.errorRate;
      check(METRIC_NAME.test(a.metric ?? ''), this, 'alerts.errorRate.metric', a.metric, 'a metric name such as "http_requests_total"');
      if (a.errorLabel !== undefined) checkLabelName(this, 'alerts.errorRate.errorLabel', a.errorLabel);
      if (a.errorRegex !== undefined) checkRegex(this, 'alerts.errorRate.errorRegex', a.errorRegex);
      check(errorExampleOf(a) !== undefined, this, 'alerts.errorRate.errorExample', a.errorExample,
        `a label value that errorRegex "${a.errorRegex ?? '5..'}" matches, for the generated tests`);
      check(successExampleOf(a) !== undefined, this, 'alerts.errorRate.errorRegex', a.errorRegex,
        'a regex that leaves some values for successful requests (it matches 200, ok, success and 0)');
      ratio('alerts.errorRate.threshold', a.threshold);
      common('alerts.errorRate', a);
    }
    if (alerts.latency) {
      const a = alerts.latency;
      check(METRIC_NAME.test(a.histogram ?? '') && !a.histogram.endsWith('_bucket'), this, 'alerts.latency.histogram', a.histogram,
        'a histogram base name without "_bucket", such as "http_request_duration_seconds"');
      check(Number.isFinite(a.thresholdSeconds) && a.thresholdSeconds > 0, this, 'alerts.latency.thresholdSeconds', a.thresholdSeconds, 'a number of seconds above 0');
      ratio('alerts.latency.quantile', a.quantile);
      common('alerts.latency', a);
    }
    if (alerts.saturation) {
      const a = alerts.saturation;
      check(METRIC_NAME.test(a.metric ?? ''), this, 'alerts.saturation.metric', a.metric, 'a metric name such as "db_pool_utilisation_ratio"');
      ratio('alerts.saturation.threshold', a.threshold);
      common('alerts.saturation', a);
    }
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
    const ref = (r: SecretKeyReference, purpose: string, field: string) => useSecret(this, r, this.namespace, `${this.job} scrape ${purpose}`, `auth.${field}`);
    const tls = auth.tlsCa || auth.tlsServerName || auth.tlsInsecureSkipVerify
      ? { tlsConfig: {
        ...(auth.tlsCa ? { ca: { secret: ref(auth.tlsCa, 'TLS CA', 'tlsCa') } } : {}),
        ...(auth.tlsServerName ? { serverName: auth.tlsServerName } : {}),
        ...(auth.tlsInsecureSkipVerify ? { insecureSkipVerify: true } : {}),
      } }
      : {};
    return {
      ...tls,
      ...(auth.basicAuth ? { basicAuth: { username: ref(auth.basicAuth.username, 'basic auth user', 'basicAuth.username'), password: ref(auth.basicAuth.password, 'basic auth password', 'basicAuth.password') } } : {}),
      ...(auth.bearerToken ? { authorization: { type: 'Bearer', credentials: ref(auth.bearerToken, 'bearer token', 'bearerToken') } } : {}),
    };
  }

  private renderRules(alerts: ObservedServiceAlerts): AlertRuleGroup | undefined {
    // Each rule with the prop it comes from, so an error in a generated rule names that prop.
    const sources: [Rule, string, boolean][] = [
      ...(alerts.recording ?? []).map((r, i): [Rule, string, boolean] => [r, `alerts.recording[${i}]`, false]),
      ...(alerts.down === false ? [] : replicatedTargetDownAlerts(this.job, alerts.down ?? 'warning', alerts.replicas ?? 1).map((r): [Rule, string, boolean] => [r, 'alerts.down', true])),
      ...(alerts.absent === false ? [] : [[targetAbsentAlert(this.job, alerts.absent ?? 'warning'), 'alerts.absent', true] as [Rule, string, boolean]]),
      ...(alerts.errorRate ? [[errorRateAlert(this.job, alerts.errorRate), 'alerts.errorRate', true] as [Rule, string, boolean]] : []),
      ...(alerts.latency ? [[latencyAlert(this.job, alerts.latency), 'alerts.latency', true] as [Rule, string, boolean]] : []),
      ...(alerts.saturation ? [[saturationAlert(this.job, alerts.saturation), 'alerts.saturation', true] as [Rule, string, boolean]] : []),
      ...(alerts.extra ?? []).map((r, i): [Rule, string, boolean] => [r, `alerts.extra[${i}]`, false]),
    ];
    if (sources.length === 0) return undefined;
    try {
      return new AlertRuleGroup(this, 'rules', { name: this.job, namespace: this.namespace, rules: sources.map(([r]) => r) });
    } catch (err) {
      throw this.attribute(err, sources);
    }
  }

  /** An error of the rule group, re-addressed to the prop the rule came from (the user never wrote `rules[2]`). */
  private attribute(err: unknown, sources: [Rule, string, boolean][]): unknown {
    const m = err instanceof StackValidationError && err.where === `${this.node.path}/rules` ? /^rules\[(\d+)\](.*)$/.exec(err.field) : null;
    if (!m) return err;
    const e = err as StackValidationError;
    const [rule, source, generated] = sources[Number(m[1])];
    if (!generated) return new StackValidationError(this, `${source}${m[2]}`, e.value, e.expected);
    const name = isAlertingRule(rule) ? rule.alert : (rule as { record: string }).record;
    // A generated rule's name derives from the service name; its tests from errorExample/errorRegex.
    const field = m[2] === '.alert' ? 'name'
      : source === 'alerts.errorRate' && m[2].includes('.tests[') ? `alerts.errorRate.${this.errorExampleGiven ? 'errorExample' : 'errorRegex'}` : source;
    const value = field === 'name' ? this.job : field.startsWith('alerts.errorRate.') ? this.errorRateProps?.[field.slice('alerts.errorRate.'.length) as 'errorExample'] : e.value;
    return new StackValidationError(this, field, value, `${e.expected} (in the rule ${name} generated from ${field}: ${m[2].slice(1)} = ${JSON.stringify(e.value)})`);
  }
}
