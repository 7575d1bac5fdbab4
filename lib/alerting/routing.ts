import { SecretKeyReference } from '../core/secrets';

/** A label matcher, as in Alertmanager's `matchers`. */
export interface Matcher {
  readonly name: string;
  readonly value: string;
  /** @default '=' */
  readonly op?: '=' | '!=' | '=~' | '!~';
}

export interface NotificationRoute {
  readonly receiver: string;
  /** @default [] (matches everything) */
  readonly matchers?: Matcher[];
  /** @default - inherited */
  readonly groupBy?: string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  /** Keep matching later sibling routes. @default false */
  readonly continue?: boolean;
  /** @default [] */
  readonly routes?: NotificationRoute[];
}

export interface SlackReceiver {
  readonly channel: string;
  /** Incoming-webhook URL. */
  readonly apiUrl: SecretKeyReference;
}
export interface EmailReceiver {
  readonly to: string;
  readonly from: string;
  readonly smarthost: string;
  readonly authUsername?: string;
  readonly authPassword?: SecretKeyReference;
}
export interface TeamsReceiver {
  /** A Teams Workflows webhook URL (Alertmanager's msteamsv2). */
  readonly webhookUrl: SecretKeyReference;
}
/** A webhook; its URL given as is, or from a Secret when the URL itself is a credential. */
export type WebhookReceiver = ({ readonly url: string } | { readonly urlSecret: SecretKeyReference }) & {
  /** Post resolutions too; a heartbeat must not (a "resolved" ping would read as alive). @default true */
  readonly sendResolved?: boolean;
};

/** A receiver: any mix of integrations, or none (a sink that drops alerts). */
export interface NotificationReceiver {
  readonly name: string;
  readonly slack?: SlackReceiver[];
  readonly email?: EmailReceiver[];
  readonly teams?: TeamsReceiver[];
  readonly webhook?: WebhookReceiver[];
}

export interface InhibitRule {
  readonly source: Matcher[];
  readonly target: Matcher[];
  /** Labels that must be equal in source and target. */
  readonly equal: string[];
}

/** A whole Alertmanager routing configuration, independent of how it is deployed. */
export interface NotificationPolicy {
  readonly route: NotificationRoute;
  readonly receivers: NotificationReceiver[];
  readonly inhibitRules: InhibitRule[];
}

/** `name="value"` as Alertmanager writes matchers. */
export function matcherString(m: Matcher): string {
  return `${m.name}${m.op ?? '='}${JSON.stringify(m.value)}`;
}

/** Every receiver name a route tree uses. */
export function routeReceivers(route: NotificationRoute): string[] {
  return [route.receiver, ...(route.routes ?? []).flatMap(routeReceivers)];
}

/**
 * The policy as a plain `alertmanager.yaml` object. Credentials are filled in by `secret`, so
 * tools such as amtool and a local Alertmanager can run the exact routing the cluster gets.
 */
export function toAlertmanagerYaml(policy: NotificationPolicy, secret: (ref: SecretKeyReference) => string): Record<string, unknown> {
  const route = (r: NotificationRoute): Record<string, unknown> => ({
    receiver: r.receiver,
    ...(r.matchers?.length ? { matchers: r.matchers.map(matcherString) } : {}),
    ...(r.groupBy ? { group_by: r.groupBy } : {}),
    ...(r.groupWait ? { group_wait: r.groupWait } : {}),
    ...(r.groupInterval ? { group_interval: r.groupInterval } : {}),
    ...(r.repeatInterval ? { repeat_interval: r.repeatInterval } : {}),
    ...(r.continue ? { continue: true } : {}),
    ...(r.routes?.length ? { routes: r.routes.map(route) } : {}),
  });
  return {
    route: route(policy.route),
    receivers: policy.receivers.map((r) => ({
      name: r.name,
      ...(r.slack ? { slack_configs: r.slack.map((s) => ({ api_url: secret(s.apiUrl), channel: s.channel, send_resolved: true })) } : {}),
      ...(r.email ? {
        email_configs: r.email.map((e) => ({
          to: e.to, from: e.from, smarthost: e.smarthost, send_resolved: true,
          ...(e.authUsername ? { auth_username: e.authUsername } : {}),
          ...(e.authPassword ? { auth_password: secret(e.authPassword) } : {}),
        })),
      } : {}),
      ...(r.teams ? { msteamsv2_configs: r.teams.map((t) => ({ webhook_url: secret(t.webhookUrl), send_resolved: true })) } : {}),
      ...(r.webhook ? { webhook_configs: r.webhook.map((w) => ({ url: 'url' in w ? w.url : secret(w.urlSecret), send_resolved: w.sendResolved ?? true })) } : {}),
    })),
    inhibit_rules: policy.inhibitRules.map((i) => ({
      source_matchers: i.source.map(matcherString),
      target_matchers: i.target.map(matcherString),
      equal: i.equal,
    })),
  };
}
