import { IConstruct } from 'constructs';
import { AlertingRule } from './types';

/**
 * Context key of the links every alert of the app gets unless it sets its own: the runbook base
 * URL and the dashboards to open. Set it on the app before building, as `AlertLinks`.
 */
export const ALERT_LINKS_CONTEXT = 'observability-stack:alert-links';

/** A dashboard for the alerts whose `<group>/<alert>` matches a pattern. */
export interface DashboardLink {
  /** An anchored JavaScript regex over `<rule group>/<alert name>`, e.g. `node-exporter/.*`. */
  readonly match: string;
  /** The dashboard URL; may use `{{ $labels.x }}` (e.g. `?var-node={{ $labels.node }}`). */
  readonly url: string;
}

/** The links an app gives its alerts. */
export interface AlertLinks {
  /** Where the stack's own runbooks are published, ending in `/`: an alert links `<base><alert>.md`. */
  readonly runbookBaseUrl: string;
  /** Dashboards by alert, the first match wins. @default [] */
  readonly dashboards?: readonly DashboardLink[];
  /**
   * Grafana's dashboard address, ending in `/d/`: the alerts of a construct that renders its own
   * dashboard (a ServiceLevelObjective) link `<base><uid>`. @default - no such link
   */
  readonly dashboardBaseUrl?: string;
}

/** The alert links of the app `scope` is in, if it sets them. */
export function alertLinksOf(scope: IConstruct): AlertLinks | undefined {
  return scope.node.tryGetContext(ALERT_LINKS_CONTEXT) as AlertLinks | undefined;
}

/** `rule` with the app's runbook and dashboard links where it has none of its own. */
export function withAlertLinks<R extends Pick<AlertingRule, 'alert' | 'runbookUrl' | 'dashboardUrl'>>(rule: R, group: string, links: AlertLinks): R {
  const dashboard = links.dashboards?.find((d) => new RegExp(`^(?:${d.match})$`).test(`${group}/${rule.alert}`));
  return {
    ...rule,
    runbookUrl: rule.runbookUrl ?? `${links.runbookBaseUrl}${rule.alert}.md`,
    ...(rule.dashboardUrl ?? dashboard ? { dashboardUrl: rule.dashboardUrl ?? dashboard!.url } : {}),
  };
}
