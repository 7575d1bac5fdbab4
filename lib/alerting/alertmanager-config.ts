import { Construct } from 'constructs';
import { AlertmanagerConfig, AlertmanagerConfigSpec } from '../../imports/alertmanagerconfig-monitoring.coreos.com';
import { check } from '../core/errors';
import { PART_OF } from '../core/labels';
import { SecretKeyReference, useSecret } from '../core/secrets';
import { checkDnsLabel, checkDuration, checkEmail, checkHostPort, checkLabelName, checkSlackChannel, checkUrl } from '../core/validate';
import { Matcher, NotificationPolicy, NotificationRoute, routeReceivers } from './routing';

export interface NotificationPolicyConfigProps {
  /** The AlertmanagerConfig's name. */
  readonly name: string;
  /** Namespace of the AlertmanagerConfig; the Secrets the policy references must be in it. */
  readonly namespace: string;
  /** The routing configuration to render. */
  readonly policy: NotificationPolicy;
}

/**
 * A NotificationPolicy as an AlertmanagerConfig, for `Alertmanager.spec.alertmanagerConfiguration`
 * (used as the global configuration, so no namespace matcher is injected). Credentials stay in
 * Secrets: the operator reads them by reference when it builds Alertmanager's configuration.
 */
export class NotificationPolicyConfig extends Construct {
  public readonly policy: NotificationPolicy;

  constructor(scope: Construct, id: string, props: NotificationPolicyConfigProps) {
    super(scope, id);
    checkDnsLabel(this, 'name', props.name);
    validatePolicy(this, props.policy);
    this.policy = props.policy;
    const secret = (ref: SecretKeyReference, purpose: string, field: string) => useSecret(this, ref, props.namespace, purpose, field);
    const matchers = (ms: Matcher[] | undefined) => ms?.map((m) => ({ name: m.name, value: m.value, matchType: m.op ?? '=' }));
    const route = (r: NotificationRoute): Record<string, unknown> => ({
      receiver: r.receiver,
      ...(r.matchers?.length ? { matchers: matchers(r.matchers) } : {}),
      ...(r.groupBy ? { groupBy: r.groupBy } : {}),
      ...(r.groupWait ? { groupWait: r.groupWait } : {}),
      ...(r.groupInterval ? { groupInterval: r.groupInterval } : {}),
      ...(r.repeatInterval ? { repeatInterval: r.repeatInterval } : {}),
      ...(r.continue ? { continue: true } : {}),
      ...(r.routes?.length ? { routes: r.routes.map(route) } : {}),
    });
    const spec = {
      route: route(props.policy.route),
      receivers: props.policy.receivers.map((r, i) => ({
        name: r.name,
        ...(r.slack ? { slackConfigs: r.slack.map((s, j) => ({ apiUrl: secret(s.apiUrl, `Slack webhook for receiver ${r.name}`, `policy.receivers[${i}].slack[${j}].apiUrl`), channel: s.channel, sendResolved: true })) } : {}),
        ...(r.email ? {
          emailConfigs: r.email.map((e, j) => ({
            to: e.to, from: e.from, smarthost: e.smarthost, sendResolved: true,
            ...(e.authUsername ? { authUsername: e.authUsername } : {}),
            ...(e.authPassword ? { authPassword: secret(e.authPassword, `SMTP password for receiver ${r.name}`, `policy.receivers[${i}].email[${j}].authPassword`) } : {}),
          })),
        } : {}),
        ...(r.teams ? { msteamsv2Configs: r.teams.map((t, j) => ({ webhookUrl: secret(t.webhookUrl, `Teams webhook for receiver ${r.name}`, `policy.receivers[${i}].teams[${j}].webhookUrl`), sendResolved: true })) } : {}),
        ...(r.webhook ? {
          webhookConfigs: r.webhook.map((w, j) => ({
            ...('url' in w ? { url: w.url } : { urlSecret: secret(w.urlSecret, `webhook URL for receiver ${r.name}`, `policy.receivers[${i}].webhook[${j}].urlSecret`) }),
            sendResolved: w.sendResolved ?? true,
          })),
        } : {}),
      })),
      inhibitRules: props.policy.inhibitRules.map((i) => ({ sourceMatch: matchers(i.source), targetMatch: matchers(i.target), equal: i.equal })),
    } as unknown as AlertmanagerConfigSpec;
    new AlertmanagerConfig(this, 'resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { 'app.kubernetes.io/part-of': PART_OF } },
      spec,
    });
  }
}

function validatePolicy(scope: Construct, policy: NotificationPolicy): void {
  const names = policy.receivers.map((r) => r.name);
  check(new Set(names).size === names.length, scope, 'policy.receivers', names, 'unique receiver names');
  for (const used of routeReceivers(policy.route)) {
    check(names.includes(used), scope, 'policy.route.receiver', used, `a defined receiver: ${names.join(', ')}`);
  }
  const walk = (r: NotificationRoute, at: string) => {
    for (const [field, value] of [['groupWait', r.groupWait], ['groupInterval', r.groupInterval], ['repeatInterval', r.repeatInterval]] as const) {
      if (value !== undefined) checkDuration(scope, `${at}.${field}`, value);
    }
    for (const m of r.matchers ?? []) checkLabelName(scope, `${at}.matchers.name`, m.name);
    (r.routes ?? []).forEach((child, i) => walk(child, `${at}.routes[${i}]`));
  };
  walk(policy.route, 'policy.route');
  // Alertmanager refuses its whole configuration over one bad receiver: no alert would go anywhere.
  policy.receivers.forEach((r, i) => {
    (r.slack ?? []).forEach((s, j) => checkSlackChannel(scope, `policy.receivers[${i}].slack[${j}].channel`, s.channel));
    (r.email ?? []).forEach((e, j) => {
      const at = `policy.receivers[${i}].email[${j}]`;
      checkEmail(scope, `${at}.to`, e.to, true);
      checkEmail(scope, `${at}.from`, e.from);
      checkHostPort(scope, `${at}.smarthost`, e.smarthost);
    });
    (r.webhook ?? []).forEach((w, j) => { if ('url' in w) checkUrl(scope, `policy.receivers[${i}].webhook[${j}].url`, w.url); });
  });
}
