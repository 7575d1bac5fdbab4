import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { alertmanagerTemplate } from './tools';

type Obj = Record<string, any>;
interface SecretRef { name: string; key: string }
interface CrMatcher { name: string; value: string; matchType?: string }

const matchers = (ms: CrMatcher[] | undefined) => (ms ?? []).map((m) => `${m.name}${m.matchType ?? '='}${JSON.stringify(m.value)}`);

/**
 * alertmanager.yaml as prometheus-operator generates it from an Alertmanager whose
 * `alertmanagerConfiguration` names an AlertmanagerConfig: receiver names namespaced as
 * `<namespace>/<config>/<receiver>`, no namespace matcher (it is the global configuration),
 * camelCase fields in Alertmanager's snake_case, Secret references read through `secret`.
 */
export function operatorAlertmanagerYaml(alertmanager: Obj, config: Obj, secret: (ref: SecretRef) => string): Obj {
  const prefix = `${config.metadata.namespace}/${config.metadata.name}/`;
  const route = (r: Obj): Obj => ({
    receiver: prefix + r.receiver,
    ...(r.matchers?.length ? { matchers: matchers(r.matchers) } : {}),
    ...(r.groupBy ? { group_by: r.groupBy } : {}),
    ...(r.groupWait ? { group_wait: r.groupWait } : {}),
    ...(r.groupInterval ? { group_interval: r.groupInterval } : {}),
    ...(r.repeatInterval ? { repeat_interval: r.repeatInterval } : {}),
    ...(r.continue ? { continue: true } : {}),
    ...(r.routes?.length ? { routes: r.routes.map(route) } : {}),
  });
  const receiver = (r: Obj): Obj => ({
    name: prefix + r.name,
    ...(r.slackConfigs ? { slack_configs: r.slackConfigs.map((s: Obj) => ({ api_url: secret(s.apiURL), channel: s.channel, send_resolved: s.sendResolved })) } : {}),
    ...(r.emailConfigs ? {
      email_configs: r.emailConfigs.map((e: Obj) => ({
        to: e.to, from: e.from, smarthost: e.smarthost, send_resolved: e.sendResolved,
        ...(e.authUsername ? { auth_username: e.authUsername } : {}),
        ...(e.authPassword ? { auth_password: secret(e.authPassword) } : {}),
      })),
    } : {}),
    ...(r.msteamsv2Configs ? { msteamsv2_configs: r.msteamsv2Configs.map((t: Obj) => ({ webhook_url: secret(t.webhookURL), send_resolved: t.sendResolved })) } : {}),
    ...(r.webhookConfigs ? { webhook_configs: r.webhookConfigs.map((w: Obj) => ({ url: w.url ?? secret(w.urlSecret), send_resolved: w.sendResolved })) } : {}),
  });
  const global = alertmanager.spec.alertmanagerConfiguration?.global ?? {};
  return {
    global: { ...(global.resolveTimeout ? { resolve_timeout: global.resolveTimeout } : {}) },
    route: route(config.spec.route),
    receivers: config.spec.receivers.map(receiver),
    inhibit_rules: (config.spec.inhibitRules ?? []).map((i: Obj) => ({
      source_matchers: matchers(i.sourceMatch), target_matchers: matchers(i.targetMatch), equal: i.equal,
    })),
  };
}

/**
 * Writes the rendered Alertmanager configuration as alertmanager.yaml for the tests' Debian
 * Alertmanager/amtool (0.33.1 from unstable, 0.28.1 from trixie at least: both know every
 * receiver the stack renders, Teams Workflows included), with every credential replaced by a loopback test URL
 * (`http://127.0.0.1:<sinkPort>/<secret>/<key>`) and every email relay by a loopback address,
 * so a running test Alertmanager never sends anything off this machine.
 */
export function writeAlertmanagerYaml(dir: string, alertmanager: Obj, config: Obj, rewriteUrl: (url: string) => string = (u) => u, sinkPort = 9): string {
  const plain = operatorAlertmanagerYaml(alertmanager, config, (ref) => `http://127.0.0.1:${sinkPort}/${ref.name}/${ref.key}`);
  for (const receiver of plain.receivers as Obj[]) {
    (receiver.webhook_configs as Obj[] | undefined)?.forEach((h) => { h.url = rewriteUrl(h.url); });
    (receiver.email_configs as Obj[] | undefined)?.forEach((m) => { m.smarthost = `127.0.0.1:${sinkPort}`; });
  }
  // The release's own default templates, over the older ones a Debian system may hold.
  const template = alertmanagerTemplate();
  const file = path.join(dir, 'alertmanager.yaml');
  fs.writeFileSync(file, stringify(template ? { templates: [template], ...plain } : plain));
  return file;
}
