import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpoints } from '../../imports/podmonitor-monitoring.coreos.com';
import { PART_OF } from '../../lib/core/labels';
import { CONFIG_RELOADER_JOB } from './rules/general-rules';

/**
 * Scrapes the config-reloader sidecar prometheus-operator adds to the pods it runs (container
 * port `reloader-web`), under one job for Prometheus and Alertmanager alike.
 */
export function configReloaderMonitor(scope: Construct, name: string, namespace: string, podSelector: Record<string, string>): PodMonitor {
  return new PodMonitor(scope, 'config-reloader-monitor', {
    metadata: { name: `${name}-config-reloader`, namespace, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': PART_OF } },
    spec: {
      selector: { matchLabels: podSelector },
      podMetricsEndpoints: [{
        port: 'reloader-web',
        path: '/metrics',
        relabelings: [{ action: 'replace', targetLabel: 'job', replacement: CONFIG_RELOADER_JOB }],
      } as unknown as PodMonitorSpecPodMetricsEndpoints],
    },
  });
}
