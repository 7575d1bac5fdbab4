import { Construct } from 'constructs';
import { ClusterContext, DataServicesConfig } from '../../config';
import { Component } from '../../lib/core/component';
import { GrafanaDashboard } from '../../lib/dashboards/grafana-dashboard';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { DATASOURCE_UIDS } from '../endpoints';
import { applicationPanels, clusterOverviewPanels, internetPanels, logPanels } from './cluster';
import { DATA_SERVICES } from './data-services';
import { DashboardDef, UIDS } from './dashboard-defs';
import { nodeDashboard } from './node';
import {
  clusterResourcesDashboard, namespaceNetworkDashboard, namespaceResourcesDashboard, persistentVolumesDashboard, podNetworkDashboard,
  podResourcesDashboard, workloadResourcesDashboard,
} from './kubernetes-resources';
import { alertmanagerDashboard, apiserverDashboard, corednsDashboard, kubeletDashboard, logAgentDashboard, lokiDashboard, prometheusDashboard } from './components';

const datasources = { prometheus: DATASOURCE_UIDS.prometheus, loki: DATASOURCE_UIDS.loki };

/** The dashboards of every layer, and the monitors and alerts of the data services. */
export class DashboardsChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'dashboards', { namespace, phase: 'workloads', description: 'Grafana dashboards; data-service monitors and alerts' });
    const dashboard = (id: string, props: Omit<ConstructorParameters<typeof GrafanaDashboard>[2], 'datasources'>) =>
      new GrafanaDashboard(this, id, { datasources, ...props });

    dashboard('cluster', { uid: 'cluster-overview', title: 'Cluster overview', folder: 'Cluster', tags: ['kubernetes', 'nodes'], panels: clusterOverviewPanels });
    dashboard('applications', {
      uid: 'application-metrics',
      title: 'Application metrics',
      folder: 'Applications',
      tags: ['kubernetes'],
      variables: [{ name: 'namespace', query: 'label_values(kube_pod_info{job="kube-state-metrics"}, namespace)' }],
      panels: applicationPanels,
    });
    if (ctx.has('speedtest-exporter')) {
      dashboard('internet', {
        uid: 'internet-performance', title: 'Internet performance', folder: 'Network', tags: ['internet'], timeFrom: 'now-7d',
        panels: internetPanels(ctx.config.speedtest?.interval ?? '30m'),
      });
    }
    if (ctx.has('loki')) {
      dashboard('logs', {
        uid: 'logs-explorer',
        title: 'Logs',
        folder: 'Logs',
        tags: ['logs'],
        variables: [
          { name: 'namespace', language: 'logql', query: 'label_values(namespace)' },
          { name: 'pod', language: 'logql', query: 'label_values({namespace="$namespace"}, pod)', multi: true, includeAll: true },
        ],
        panels: logPanels,
      });
    }

    // The node, Kubernetes and stack views; drill-downs only to dashboards this cluster renders.
    const k8s = ctx.has('kube-state-metrics') && ctx.has('kubernetes-monitors');
    const views: DashboardDef[] = [
      ...(ctx.has('node-exporter') ? [nodeDashboard] : []),
      ...(k8s ? [clusterResourcesDashboard, namespaceResourcesDashboard, workloadResourcesDashboard, podResourcesDashboard,
        persistentVolumesDashboard, namespaceNetworkDashboard, podNetworkDashboard] : []),
      ...(ctx.has('kubernetes-monitors') ? [kubeletDashboard, corednsDashboard, apiserverDashboard] : []),
      ...(ctx.has('prometheus') ? [prometheusDashboard] : []),
      ...(ctx.has('alertmanager') ? [alertmanagerDashboard] : []),
      ...(ctx.has('loki') ? [lokiDashboard] : []),
      ...(ctx.has('log-agent') ? [logAgentDashboard(ctx.logAgent)] : []),
    ];
    const rendered = new Set([...views.map((v) => v.uid), ...(ctx.has('loki') ? [UIDS.logs] : [])]);
    for (const view of views) {
      dashboard(view.uid, { ...view, panels: view.panels.map((p) => ({ ...p, links: (p.links ?? []).filter((l) => rendered.has(l.dashboard)) })) });
    }

    const services = ctx.config.dataServices ?? {};
    for (const key of Object.keys(DATA_SERVICES) as (keyof DataServicesConfig)[]) {
      const target = services[key];
      if (!target) continue;
      const def = DATA_SERVICES[key];
      new ObservedService(this, key, {
        name: key,
        targetNamespace: target.namespace,
        selector: target.selector,
        port: target.port,
        kind: target.kind,
        path: target.path,
        scheme: target.scheme,
        auth: target.auth,
        // Between runs of a transient service, no target is the normal state.
        alerts: { extra: [def.alert(key)], ...(def.transient ? { absent: false as const } : {}) },
        dashboard: (scope) => new GrafanaDashboard(scope, 'dashboard', {
          datasources, uid: `data-${key}`, title: def.title, folder: 'Data services', tags: ['data', key], panels: def.panels(key),
        }),
      });
    }
  }
}
