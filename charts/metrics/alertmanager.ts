import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { Alertmanager, AlertmanagerSpecResourcesLimits, AlertmanagerSpecResourcesRequests, AlertmanagerSpecStorageVolumeClaimTemplateSpecResourcesRequests } from '../../imports/alertmanager-monitoring.coreos.com';
import { NotificationPolicyConfig } from '../../lib/alerting/alertmanager-config';
import { Component } from '../../lib/core/component';
import { AppIdentity, recommendedLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { checkPositiveInt, checkStorageSize } from '../../lib/core/validate';
import { check } from '../../lib/core/errors';
import { replicaBudget, spreadOverNodes } from '../../lib/core/spread';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { endpoints } from '../endpoints';
import { notificationPolicy } from './alertmanager-policy';
import { alertmanagerAlerts } from './rules/alertmanager-rules';
import { configReloaderMonitor } from './config-reloader';
import { imageOf, versionOf } from '../../lib/core/versions';

export const ALERTMANAGER_VERSION = versionOf('alertmanager');
/** The pods of the Alertmanager CR named `alertmanager` (the operator adds its name label). */
const ALERTMANAGER_POD_SELECTOR = { 'app.kubernetes.io/name': 'alertmanager', 'alertmanager': 'alertmanager' };

/**
 * Alertmanager, run by the operator. Its configuration is an AlertmanagerConfig used as the
 * global configuration: the operator resolves the Secret references in it, so no credential
 * and no Secret with data is ever rendered.
 */
/** "a", "a and b", "a, b and c". */
const listed = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

export class AlertmanagerChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    const targets = [...(ctx.has('robusta') ? ['Robusta'] : []), ...ctx.notificationChannels];
    super(scope, 'alertmanager', { namespace, phase: 'resources', description: `Alertmanager: routes alerts${targets.length ? ` to ${listed(targets)}` : ''}` });
    const cfg = ctx.config.alertmanager ?? {};
    const where = `config/${ctx.name}/alertmanager`;
    const replicas = ctx.alertmanagerReplicas;
    const storageSize = cfg.storageSize ?? '2Gi';
    checkPositiveInt(where, 'replicas', replicas);
    // A lone Alertmanager has no peer to take over its notifications and silences.
    if (ctx.ha) check(replicas >= 2, where, 'replicas', replicas, 'at least 2 with availability "ha" (the default there is 3)');
    checkStorageSize(where, 'storageSize', storageSize);

    const identity: AppIdentity = { name: 'alertmanager', component: 'server', version: ALERTMANAGER_VERSION };
    const labels = recommendedLabels(identity);
    new ServiceIdentity(this, 'identity', { name: 'alertmanager', namespace, labels });
    new NotificationPolicyConfig(this, 'config', { name: 'alertmanager', namespace, policy: notificationPolicy(ctx) });

    new Alertmanager(this, 'alertmanager', {
      metadata: { name: 'alertmanager', namespace, labels },
      spec: {
        version: ALERTMANAGER_VERSION,
        image: imageOf('alertmanager'),
        replicas,
        serviceAccountName: 'alertmanager',
        podMetadata: { labels },
        alertmanagerConfiguration: { name: 'alertmanager', global: { resolveTimeout: '5m' } },
        retention: '120h',
        storage: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: ctx.config.storageClass,
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: AlertmanagerSpecStorageVolumeClaimTemplateSpecResourcesRequests.fromString(storageSize) } },
            },
          },
        },
        resources: {
          requests: { cpu: AlertmanagerSpecResourcesRequests.fromString('20m'), memory: AlertmanagerSpecResourcesRequests.fromString('64Mi') },
          limits: { memory: AlertmanagerSpecResourcesLimits.fromString('256Mi') },
        },
        securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
        ...(ctx.ha && spreadOverNodes(ALERTMANAGER_POD_SELECTOR)),
      },
    });
    // The operator peers the replicas itself (`--cluster.peer` for each pod, mesh port 9094).
    if (ctx.ha) {
      replicaBudget(this, 'pdb', { name: 'alertmanager', namespace, labels, selector: ALERTMANAGER_POD_SELECTOR, replicas });
    }

    const pods = { 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/component': 'server' };
    configReloaderMonitor(this, 'alertmanager', namespace, pods);
    new ObservedService(this, 'monitoring', {
      name: 'alertmanager',
      selector: pods,
      port: 'web',
      service: { port: endpoints(ctx).alertmanager.port, targetPort: 'web' },
      // Replicated: one member down warns, AlertmanagerClusterDown pages for the majority.
      alerts: { down: replicas > 1 ? 'warning' : 'critical', replicas, extra: alertmanagerAlerts(replicas) },
    });
  }
}
