import { Construct } from 'constructs';
import { ClusterContext, DataServicesConfig } from '../../config';
import { Component } from '../../lib/core/component';
import { GrafanaDashboard } from '../../lib/dashboards/grafana-dashboard';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { DATASOURCE_UIDS } from '../endpoints';
import { applicationPanels, clusterOverviewPanels, internetPanels, logPanels } from './cluster';
import { DATA_SERVICES } from './data-services';
import { DashboardDef, THANOS_UIDS, UIDS } from './dashboard-defs';
import { nodeDashboard } from './node';
import {
  clusterNetworkDashboard, clusterResourcesDashboard, namespaceNetworkDashboard, namespaceResourcesDashboard, namespaceWorkloadsDashboard, nodePodsDashboard,
  persistentVolumesDashboard, podNetworkDashboard, podResourcesDashboard, workloadResourcesDashboard,
} from './kubernetes-resources';
import {
  alertmanagerDashboard, apiserverDashboard, corednsDashboard, kubeletDashboard, logAgentDashboard, lokiDashboard, lokiReadsDashboard, lokiStorageDashboard,
  lokiWritesDashboard, prometheusDashboard, prometheusReplicaDashboard,
} from './components';

const datasources = { prometheus: DATASOURCE_UIDS.prometheus, loki: DATASOURCE_UIDS.loki };

/** The dashboards of every layer, and the monitors and alerts of the data services. */
export class DashboardsChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.monitoring;
    super(scope, 'dashboards', { namespace, phase: 'workloads', description: 'Grafana dashboards; data-service monitors and alerts' });
    const k8s = ctx.has('kube-state-metrics') && ctx.has('kubernetes-monitors');
    // The node, Kubernetes and stack views; drill-downs only to dashboards this cluster renders.
    const views: DashboardDef[] = [
      ...(ctx.has('node-exporter') ? [nodeDashboard] : []),
      ...(k8s ? [clusterResourcesDashboard, namespaceResourcesDashboard, namespaceWorkloadsDashboard, workloadResourcesDashboard, podResourcesDashboard,
        nodePodsDashboard, persistentVolumesDashboard, clusterNetworkDashboard, namespaceNetworkDashboard, podNetworkDashboard] : []),
      ...(ctx.has('kubernetes-monitors') ? [kubeletDashboard, corednsDashboard, apiserverDashboard] : []),
      ...(ctx.has('prometheus') ? [prometheusDashboard, prometheusReplicaDashboard] : []),
      ...(ctx.has('alertmanager') ? [alertmanagerDashboard] : []),
      ...(ctx.has('loki') ? [lokiDashboard, lokiReadsDashboard, lokiWritesDashboard, lokiStorageDashboard] : []),
      ...(ctx.has('log-agent') ? [logAgentDashboard(ctx.logAgent)] : []),
    ];
    const rendered = new Set([...views.map((v) => v.uid), UIDS.overview, UIDS.applications, ...(ctx.has('loki') ? [UIDS.logs] : []), ...(ctx.ha ? THANOS_UIDS : [])]);
    const present = (links: DashboardDef['links']) => (links ?? []).filter((l) => rendered.has(l.dashboard));
    // Links and drill-downs only to dashboards this cluster renders.
    const dashboard = (id: string, props: DashboardDef) =>
      new GrafanaDashboard(this, id, { datasources, ...props, links: present(props.links), panels: props.panels.map((p) => ({ ...p, links: present(p.links) })) });

    const overviewLinks = [
      ...(ctx.has('node-exporter') ? [{ title: 'Node', dashboard: UIDS.node }] : []),
      ...(k8s ? [{ title: 'Compute resources / Cluster', dashboard: UIDS.cluster }, { title: 'Networking / Cluster', dashboard: UIDS.networkCluster }] : []),
    ];
    dashboard('cluster', {
      uid: UIDS.overview, title: 'Cluster overview', folder: 'Cluster', tags: ['kubernetes', 'nodes'], links: overviewLinks, panels: clusterOverviewPanels,
      description: 'The cluster at a glance, then per node; click a node for its own view or its pods.',
    });
    dashboard('applications', {
      uid: UIDS.applications,
      title: 'Application metrics',
      folder: 'Applications',
      tags: ['kubernetes'],
      description: 'CPU, memory, network and restarts of one namespace\'s pods. Click a pod for its resources or logs.',
      links: [{ title: 'Compute resources / Namespace', dashboard: UIDS.namespace, vars: { namespace: '$namespace' } }],
      variables: [{ name: 'namespace', query: 'label_values(kube_pod_info{job="kube-state-metrics"}, namespace)' }],
      panels: applicationPanels,
    });
    if (ctx.has('speedtest-exporter')) {
      dashboard('internet', {
        uid: 'internet-performance', title: 'Internet performance', folder: 'Network', tags: ['internet'], timeFrom: 'now-7d',
        description: 'The speed tests of the internet link: speed, latency, jitter and test success.',
        panels: internetPanels(ctx.config.speedtest?.interval ?? '30m'),
      });
    }
    if (ctx.has('loki')) {
      dashboard('logs', {
        uid: UIDS.logs,
        title: 'Logs',
        folder: 'Logs',
        tags: ['logs'],
        description: 'Log lines and error rates of the picked pods.',
        variables: [
          { name: 'namespace', language: 'logql', query: 'label_values(namespace)' },
          { name: 'pod', language: 'logql', query: 'label_values({namespace="$namespace"}, pod)', multi: true, includeAll: true },
        ],
        panels: logPanels,
      });
    }

    for (const view of views) dashboard(view.uid, view);

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
          description: `${def.title}: the service's own metrics, from the stack's monitor of it.`,
        }),
      });
    }
  }
}
