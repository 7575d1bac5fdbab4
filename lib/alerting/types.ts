/** Alert severities: the `severity` label that routing and inhibition match on. */
export const SEVERITIES = ['critical', 'warning', 'info', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One input series of a promtool test, in promtool's expanding notation (`0+1x10`, `1x5 _x3`). */
export interface InputSeries {
  /** A series selector with all its labels, e.g. `up{job="node-exporter",instance="n1"}`. */
  readonly series: string;
  /** Values per interval, e.g. `0x15` or `1+1x30`. */
  readonly values: string;
}

/** An alert that must be firing at the test's evaluation time. */
export interface ExpectedAlert {
  /**
   * The severity of the expected alert: another severity names the rule of the same alert name
   * at that severity in the group (a warning tier fires alongside its critical escalation).
   * @default - the rule's severity
   */
  readonly severity?: Severity;
  /**
   * The alert's labels from the expression (the rule's own static labels and severity are
   * added automatically). @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * The alert's annotations as Prometheus expands them. @default - summary, description and
   * runbook_url of the rule with `{{ $labels.x }}` filled in from `labels`; give them explicitly
   * when the templates use anything else (e.g. `$value`)
   */
  readonly annotations?: Record<string, string>;
}

/** A promtool unit test case for one alert. */
export interface AlertTestCase {
  /** Shown in failures. @default - the alert name and case number */
  readonly name?: string;
  /** Step between input values. @default '1m' */
  readonly interval?: string;
  /** The series Prometheus sees during the test. */
  readonly inputSeries: InputSeries[];
  /** When the alert is evaluated, relative to the start, e.g. `10m`. */
  readonly evalTime: string;
  /** The alerts firing then; an empty list asserts the alert must not fire. */
  readonly expectAlerts: ExpectedAlert[];
  /** More evaluation times over the same series, each with the alerts firing then. @default [] */
  readonly alsoAt?: { readonly evalTime: string; readonly expectAlerts: ExpectedAlert[] }[];
}

/** An alerting rule. */
export interface AlertingRule {
  /** Alert name in UpperCamelCase, e.g. `NodeFilesystemAlmostOutOfSpace`. */
  readonly alert: string;
  /** PromQL; parsed when the app is built. */
  readonly expr: string;
  /** How long the condition must hold. @default - fire at once */
  readonly for?: string;
  /** Keep firing this long after the condition clears. @default - none */
  readonly keepFiringFor?: string;
  /** The `severity` label, which routing and inhibition match on. */
  readonly severity: Severity;
  /** One line; may use `{{ $labels.x }}`. */
  readonly summary: string;
  /** What happened and what to do. */
  readonly description: string;
  /**
   * The `runbook_url` annotation: where the responder reads what to do.
   * @default - the app's runbook base URL (see `ALERT_LINKS_CONTEXT`) + `<alert>.md`, else none
   */
  readonly runbookUrl?: string;
  /**
   * The `dashboard_url` annotation: the dashboard to open first; may use `{{ $labels.x }}`.
   * @default - the first of the app's dashboard links (see `ALERT_LINKS_CONTEXT`) matching the alert, else none
   */
  readonly dashboardUrl?: string;
  /** Extra labels. @default {} */
  readonly labels?: Record<string, string>;
  /** promtool test cases: at least one where it fires and one where it must not. @default [] */
  readonly tests?: AlertTestCase[];
}

/** A sample a recording rule must have recorded at the test's evaluation time. */
export interface ExpectedSample {
  /**
   * The recorded series' labels (its name is the rule's `record`); the rule's own labels are
   * added unless given here (a sample of a sibling rule recording the same name). @default {}
   */
  readonly labels?: Record<string, string>;
  /** Its value. */
  readonly value: number;
}

/** A promtool unit test case for one recording rule. */
export interface RecordingTestCase {
  /** Shown in failures. @default - the record name and case number */
  readonly name?: string;
  /** Step between input values. @default '1m' */
  readonly interval?: string;
  /** The series Prometheus sees during the test. */
  readonly inputSeries: InputSeries[];
  /** When the recorded series is read, relative to the start, e.g. `10m`. */
  readonly evalTime: string;
  /** Every series the rule records then, with its value. */
  readonly expectSamples: ExpectedSample[];
}

/** A recording rule. */
export interface RecordingRule {
  /** Series name in `level:metric:operations` form. */
  readonly record: string;
  /** PromQL; parsed when the app is built. */
  readonly expr: string;
  /** Labels added to the recorded series. @default {} */
  readonly labels?: Record<string, string>;
  /** promtool test cases: what the rule records from given series. @default [] */
  readonly tests?: RecordingTestCase[];
}

export type Rule = AlertingRule | RecordingRule;

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return (rule as AlertingRule).alert !== undefined;
}
