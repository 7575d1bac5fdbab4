import { AlertingRule } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

/** The job of the config-reloader sidecars the operator runs beside Prometheus and Alertmanager. */
export const CONFIG_RELOADER_JOB = 'config-reloader';

/** The operator's config-reloader sidecars failing to apply a new configuration. */
export function configReloaderAlerts(): AlertingRule[] {
  const series = (values: string) => [{ series: `reloader_last_reload_successful{job="${CONFIG_RELOADER_JOB}",namespace="monitoring",pod="prometheus-prometheus-0"}`, values }];
  return [{
    alert: 'ConfigReloaderSidecarErrors',
    expr: `max_over_time(reloader_last_reload_successful{job="${CONFIG_RELOADER_JOB}"}[5m]) == 0`,
    for: '10m',
    severity: 'warning',
    summary: 'The config-reloader of {{ $labels.namespace }}/{{ $labels.pod }} fails to reload',
    description: 'The config-reloader sidecar of {{ $labels.namespace }}/{{ $labels.pod }} has failed to apply the new configuration for 10 minutes; the old one stays in force. Check the sidecar log.',
    runbookUrl: runbook('prometheus-operator', 'ConfigReloaderSidecarErrors'),
    tests: [
      { inputSeries: series('0x30'), evalTime: '20m', expectAlerts: [{ labels: { job: CONFIG_RELOADER_JOB, namespace: 'monitoring', pod: 'prometheus-prometheus-0' } }] },
      { inputSeries: series('1x30'), evalTime: '20m', expectAlerts: [] },
    ],
  }];
}

/**
 * Targets down in any job the stack has no target-down alert of its own for: monitors added
 * later, outside the stack. `coveredJobs` have their own alert and are left out, so one down
 * target raises one alert; so is a second port of a down covered target's address (a sidecar such
 * as the config-reloader, kube-state-metrics' telemetry port), which that alert already reports.
 */
export function catchAllTargetDownAlert(coveredJobs: readonly string[]): AlertingRule {
  const regex = [...new Set(coveredJobs)].sort().map((j) => j.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&')).join('|');
  const up = regex ? `up{job!~"${regex}"}` : 'up';
  // The address without its port; an instance without a port (a probed URL, a relabelled node
  // name) keeps its whole value on the left and none on the right, so it is never matched.
  const down = regex
    ? `(label_replace(${up} == 0, "host", "$1$2", "instance", "(.+):[0-9]+|(.+)")`
      + ` unless on (host) label_replace(up{job=~"${regex}"} == 0, "host", "$1", "instance", "(.+):[0-9]+"))`
    : `${up} == 0`;
  const target = (job: string, i: number, value: number, port = 8080) => ({ series: `up{job="${job}",namespace="shop",service="api",instance="10.0.0.${i}:${port}"}`, values: `${value}x20` });
  const covered = coveredJobs[0];
  return {
    alert: 'TargetDown',
    expr: `100 * (count by (job, namespace, service) (${down}) / count by (job, namespace, service) (${up})) > 10`,
    for: '10m',
    severity: 'warning',
    summary: 'Targets of {{ $labels.namespace }}/{{ $labels.service }} ({{ $labels.job }}) are down',
    description: 'More than 10% of the targets of job {{ $labels.job }} ({{ $labels.namespace }}/{{ $labels.service }}) have been unreachable for 10 minutes. Check the pods and their metrics port.',
    runbookUrl: runbook('general', 'TargetDown'),
    tests: [
      { inputSeries: [target('shop-api', 1, 0), target('shop-api', 2, 1)], evalTime: '15m', expectAlerts: [{ labels: { job: 'shop-api', namespace: 'shop', service: 'api' } }] },
      { inputSeries: [target('shop-api', 1, 1), target('shop-api', 2, 1)], evalTime: '15m', expectAlerts: [] },
      ...(covered ? [
        // A job with its own target-down alert is left to it.
        { inputSeries: [target(covered, 1, 0)], evalTime: '15m', expectAlerts: [] },
        // A sidecar of a down covered target is that target's news; on another address it is not.
        { inputSeries: [target(covered, 1, 0, 9090), target('shop-api', 1, 0)], evalTime: '15m', expectAlerts: [] },
        { inputSeries: [target(covered, 2, 0, 9090), target('shop-api', 1, 0)], evalTime: '15m', expectAlerts: [{ labels: { job: 'shop-api', namespace: 'shop', service: 'api' } }] },
        // Instances without a port on both sides share no address.
        { inputSeries: [{ series: `up{job="${covered}",instance="n1"}`, values: '0x20' }, { series: 'up{job="shop-probe",namespace="shop",service="api",instance="https://shop.example.com"}', values: '0x20' }],
          evalTime: '15m', expectAlerts: [{ labels: { job: 'shop-probe', namespace: 'shop', service: 'api' } }] },
      ] : []),
    ],
  };
}
