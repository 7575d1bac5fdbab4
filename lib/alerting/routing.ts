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

/** Every receiver name a route tree uses. */
export function routeReceivers(route: NotificationRoute): string[] {
  return [route.receiver, ...(route.routes ?? []).flatMap(routeReceivers)];
}
