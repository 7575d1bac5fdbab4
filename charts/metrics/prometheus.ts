import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { Prometheus, PrometheusSpecAlertingAlertmanagersPort, PrometheusSpecResourcesLimits, PrometheusSpecResourcesRequests, PrometheusSpecStorageVolumeClaimTemplateSpecResourcesRequests } from '../../imports/prometheus-monitoring.coreos.com';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { Component } from '../../lib/core/component';
import { check } from '../../lib/core/errors';
import { AppIdentity, recommendedLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { checkDuration, checkPositiveInt, checkStorageSize, quantityBytes } from '../../lib/core/validate';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { endpoints } from '../endpoints';
import { queryPathSlo } from '../slo/stack-slos';
import { prometheusAlerts } from './rules/prometheus-rules';
import { runbook } from '../runbooks';
import { catchAllTargetDownAlert, configReloaderAlerts } from './rules/general-rules';
import { configReloaderMonitor } from './config-reloader';
import { imageOf, versionOf } from '../../lib/core/versions';
import { spreadOverNodes } from '../../lib/core/spread';
import { clusterSize, prometheusResources } from '../sizing';
import { PROMETHEUS_POD_SELECTOR, ThanosSidecar } from './thanos-sidecar';
import { haDisablesCompaction } from './thanos-compaction';
import { componentReplicas } from '../replicas';
import { prometheusConfigAt, prometheusLocalStorage } from './prometheus-storage';

export const PROMETHEUS_VERSION = versionOf('prometheus');


/**
 * Prometheus, run by the operator. It selects every ServiceMonitor, PodMonitor, Probe and
 * PrometheusRule in every namespace: empty selectors, so no `release:` label is needed.
 */
export class PrometheusChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'prometheus', { namespace, phase: 'resources', description: ctx.ha
      ? 'Prometheus, replicated: scrapes every monitor in the cluster, evaluates every rule; its Thanos sidecars upload to S3'
      : 'Prometheus: scrapes every monitor in the cluster, evaluates every rule' });
    const cfg = ctx.config.prometheus ?? {};
    const where = prometheusConfigAt(ctx);
    // Under `ha` the bucket keeps the history: Prometheus keeps a few days (prometheus-storage.ts).
    const { retention, retentionSize, storageSize } = prometheusLocalStorage(ctx);
    const replicas = componentReplicas(ctx).prometheus;
    const scrapeInterval = cfg.scrapeInterval ?? '30s';
    // Prometheus' own units (and the operator CRD's pattern): B, KB..EB and KiB..EiB, all powers
    // of 1024, with an optional fraction; "0" turns the size limit off.
    const [, amount, unit] = /^(\d*\.?\d+)((?:[KMGTPE]i?)?B)$/.exec(retentionSize) ?? (retentionSize === '0' ? [, '0', 'B'] : []);
    check(amount !== undefined, where, 'retentionSize', retentionSize, 'a Prometheus size such as "45GB" or "40GiB" (B, KB, MB, GB, TB, PB, EB or KiB..EiB; all powers of 1024)');
    checkStorageSize(where, 'storageSize', storageSize);
    // Prometheus reads "GB" as 2^30 bytes. The size limit is enforced only as blocks are deleted,
    // and compaction writes new blocks before it drops old ones: keep it at 85% of the volume.
    const retentionBytes = Number(amount) * 2 ** (10 * 'BKMGTPE'.indexOf(unit![0]));
    check(retentionBytes <= 0.85 * quantityBytes(storageSize), where, 'retentionSize', retentionSize,
      `at most 85% of storageSize (${storageSize}), leaving room for the WAL and compaction${cfg.retentionSize === undefined ? ' (this is the default: set retentionSize with a smaller volume)' : ''}`);
    checkPositiveInt(where, 'replicas', replicas);
    if (ctx.ha) check(replicas >= 2, where, 'replicas', replicas, 'at least 2 with availability "ha" (Thanos Query deduplicates the replicas)');
    checkDuration(where, 'scrapeInterval', scrapeInterval);

    const ep = endpoints(ctx);
    // From the cluster's size (charts/sizing.ts): nodes, observed services, scrape interval.
    const resources = prometheusResources(clusterSize(ctx));
    const identity: AppIdentity = { name: 'prometheus', component: 'server', version: PROMETHEUS_VERSION };
    const labels = recommendedLabels(identity);

    new ServiceIdentity(this, 'identity', {
      name: 'prometheus',
      namespace,
      labels,
      clusterRules: [
        { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        { apiGroups: [], nonResourceURLs: ['/metrics', '/metrics/cadvisor'], verbs: ['get'] },
      ],
    });

    const everything = {};
    const podSelector = PROMETHEUS_POD_SELECTOR;
    const thanos = ctx.ha ? new ThanosSidecar(this, 'thanos-sidecar', { ctx, namespace, podSelector, replicas }) : undefined;
    new Prometheus(this, 'prometheus', {
      metadata: { name: 'prometheus', namespace, labels },
      spec: {
        version: PROMETHEUS_VERSION,
        image: imageOf('prometheus'),
        replicas,
        serviceAccountName: 'prometheus',
        podMetadata: { labels },
        serviceMonitorSelector: everything,
        serviceMonitorNamespaceSelector: everything,
        podMonitorSelector: everything,
        podMonitorNamespaceSelector: everything,
        probeSelector: everything,
        probeNamespaceSelector: everything,
        ruleSelector: everything,
        ruleNamespaceSelector: everything,
        scrapeInterval,
        evaluationInterval: scrapeInterval,
        retention,
        retentionSize,
        walCompression: true,
        enableAdminApi: false,
        externalLabels: { cluster: ctx.name },
        // Exemplars (trace IDs on samples) are worth keeping only where a trace backend exists.
        ...(ctx.config.traces && { enableFeatures: ['exemplar-storage'], exemplars: { maxSize: 100000 } }),
        alerting: {
          alertmanagers: [{ namespace: ep.alertmanager.namespace, name: ep.alertmanager.service, port: PrometheusSpecAlertingAlertmanagersPort.fromString('web') }],
        },
        ...(thanos && { thanos: thanos.spec, ...spreadOverNodes(podSelector) }),
        // Local compaction under the sidecar: see thanos-compaction.ts.
        ...(ctx.ha && haDisablesCompaction(ctx.config.thanos?.uploadExistingBlocks ?? false) && { disableCompaction: true }),
        storage: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: ctx.config.storageClass,
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: PrometheusSpecStorageVolumeClaimTemplateSpecResourcesRequests.fromString(storageSize) } },
            },
          },
        },
        resources: {
          requests: { cpu: PrometheusSpecResourcesRequests.fromString(resources.requests.cpu), memory: PrometheusSpecResourcesRequests.fromString(resources.requests.memory) },
          limits: { memory: PrometheusSpecResourcesLimits.fromString(resources.limits.memory) },
        },
        securityContext: {
          runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' },
        },
      },
    });

    const pods = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/component': 'server' };
    configReloaderMonitor(this, 'prometheus', namespace, pods);
    new ObservedService(this, 'monitoring', {
      name: 'prometheus',
      selector: pods,
      port: 'web',
      service: { port: ep.prometheus.port, targetPort: 'web' },
      alerts: { down: 'critical', replicas, extra: prometheusAlerts() },
    });
    // Grafana queries Prometheus itself, or Thanos Query under `ha` (its SLO is Thanos').
    if (!ctx.ha) queryPathSlo(this, 'prometheus');
    new AlertRuleGroup(this, 'watchdog-rules', {
      name: 'general',
      rules: [{
        alert: 'Watchdog',
        expr: 'vector(1)',
        severity: 'none',
        summary: 'The alerting pipeline is alive',
        description: 'This alert always fires. If the heartbeat receiver stops getting it, Prometheus or Alertmanager is broken.',
        runbookUrl: runbook('general', 'Watchdog'),
        tests: [
          { inputSeries: [{ series: 'up{job="any"}', values: '1x5' }], evalTime: '1m', expectAlerts: [{}] },
        ],
      }, ...configReloaderAlerts()],
    });
  }

  /**
   * Adds the catch-all TargetDown for every job under `root` that has no target-down alert of
   * its own; called once the whole cluster is built, extensions included.
   */
  public addCatchAllTargetDown(root: Construct): void {
    const covered = AlertRuleGroup.all(root).flatMap((g) => g.alerts)
      .map((a) => /^up\{job="([^"]+)"\} == 0(?: unless | and |$)/.exec(a.expr.trim())?.[1])
      .filter((job): job is string => job !== undefined);
    new AlertRuleGroup(this, 'target-rules', { name: 'targets', rules: [catchAllTargetDownAlert(covered)] });
  }
}
