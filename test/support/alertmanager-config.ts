import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { ClusterConfig, resolveCluster } from '../../config';
import { notificationPolicy } from '../../charts/metrics/alertmanager-policy';
import { NotificationPolicy, toAlertmanagerYaml } from '../../lib/alerting/routing';

/** The notification policy of a cluster, with Robusta in it whether or not it is deployed. */
export function policyWithRobusta(config: ClusterConfig): NotificationPolicy {
  const components = config.components.includes('robusta') ? config.components : [...config.components, 'robusta' as const];
  return notificationPolicy(resolveCluster({ ...config, components }));
}

/**
 * Writes the policy as alertmanager.yaml for the Debian Alertmanager/amtool (0.25), with
 * every credential replaced by a loopback test URL (`http://127.0.0.1:<sinkPort>/<secret>/<key>`)
 * and every email relay by a loopback address, so a running test Alertmanager never sends
 * anything off this machine. 0.25 predates Teams Workflows (`msteamsv2_configs`, Alertmanager
 * 0.28), so those integrations are left out; the cluster's Alertmanager (v0.28.1) gets them
 * through the AlertmanagerConfig.
 */
export function writeAlertmanagerYaml(dir: string, policy: NotificationPolicy, rewriteUrl: (url: string) => string = (u) => u, sinkPort = 9): string {
  const plain = toAlertmanagerYaml(policy, (ref) => `http://127.0.0.1:${sinkPort}/${ref.name}/${ref.key}`) as {
    receivers: Record<string, unknown>[];
  };
  for (const receiver of plain.receivers) {
    delete receiver.msteamsv2_configs;
    const hooks = receiver.webhook_configs as { url: string }[] | undefined;
    hooks?.forEach((h) => { h.url = rewriteUrl(h.url); });
    const mails = receiver.email_configs as { smarthost: string }[] | undefined;
    mails?.forEach((m) => { m.smarthost = `127.0.0.1:${sinkPort}`; });
  }
  const file = path.join(dir, 'alertmanager.yaml');
  fs.writeFileSync(file, stringify(plain));
  return file;
}
