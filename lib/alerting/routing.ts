import { SecretKeyReference } from '../core/secrets';

/** A label matcher, as in Alertmanager's `matchers`. */
export interface Matcher {
  /** The label name. */
  readonly name: string;
  /** The value to compare with (an RE2 regex for `=~` and `!~`). */
  readonly value: string;
  /** How the label's value is compared: equal, not equal, regex match, regex non-match. @default '=' */
  readonly op?: '=' | '!=' | '=~' | '!~';
}

export interface NotificationRoute {
  /** Name of the receiver (in `NotificationPolicy.receivers`) the matched alerts go to. */
  readonly receiver: string;
  /** Matchers an alert must all satisfy to take this route. @default [] (matches everything) */
  readonly matchers?: Matcher[];
  /** Labels that group alerts into one notification; `['...']` groups by every label. @default - inherited */
  readonly groupBy?: string[];
  /** Wait before a new group's first notification, a Prometheus duration such as 30s. @default - inherited (Alertmanager's 30s at the root) */
  readonly groupWait?: string;
  /** Wait before notifying about alerts added to a notified group, a Prometheus duration such as 5m. @default - inherited (Alertmanager's 5m at the root) */
  readonly groupInterval?: string;
  /** Wait before resending a group that is still firing, a Prometheus duration such as 4h. @default - inherited (Alertmanager's 4h at the root) */
  readonly repeatInterval?: string;
  /** Keep matching later sibling routes. @default false */
  readonly continue?: boolean;
  /** Child routes, tried in order: an alert goes to the first that matches (and past it when that one sets `continue`), else stays here. @default [] */
  readonly routes?: NotificationRoute[];
}

export interface SlackReceiver {
  /** Channel to post to, e.g. `#alerts`. */
  readonly channel: string;
  /** Incoming-webhook URL. */
  readonly apiUrl: SecretKeyReference;
}
export interface EmailReceiver {
  /** Recipient address. */
  readonly to: string;
  /** Sender address. */
  readonly from: string;
  /** `host:port` of the SMTP relay. */
  readonly smarthost: string;
  /** SMTP user name. @default - no SMTP authentication */
  readonly authUsername?: string;
  /** The Secret key holding the SMTP password. @default - no password */
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
  /** The receiver's name, unique in the policy; routes refer to it. */
  readonly name: string;
  /** Slack channels to post to. @default - none */
  readonly slack?: SlackReceiver[];
  /** E-mail recipients. @default - none */
  readonly email?: EmailReceiver[];
  /** Microsoft Teams webhooks. @default - none */
  readonly teams?: TeamsReceiver[];
  /** Generic webhooks. @default - none */
  readonly webhook?: WebhookReceiver[];
}

export interface InhibitRule {
  /** Matchers selecting the firing alerts that inhibit others. */
  readonly source: Matcher[];
  /** Matchers selecting the alerts that are muted while a source alert fires. */
  readonly target: Matcher[];
  /** Labels that must be equal in source and target. */
  readonly equal: string[];
}

/** A whole Alertmanager routing configuration, independent of how it is deployed. */
export interface NotificationPolicy {
  /** The root route; every alert enters the tree here. */
  readonly route: NotificationRoute;
  /** Every receiver the routes name, each name once. */
  readonly receivers: NotificationReceiver[];
  /** Rules muting some alerts while others fire. */
  readonly inhibitRules: InhibitRule[];
}

/** Every receiver name a route tree uses. */
export function routeReceivers(route: NotificationRoute): string[] {
  return [route.receiver, ...(route.routes ?? []).flatMap(routeReceivers)];
}
