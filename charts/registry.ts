import { Construct } from 'constructs';
import { ClusterContext, ComponentName } from '../config';
import { Component } from '../lib/core/component';
import { NamespacesChart } from './namespaces';
import { AlertmanagerChart } from './metrics/alertmanager';
import { PrometheusChart } from './metrics/prometheus';
import { PrometheusOperatorChart } from './metrics/prometheus-operator';
import { KubeStateMetricsChart } from './exporters/kube-state-metrics';
import { KubernetesMonitorsChart } from './exporters/kubernetes-monitors';
import { NodeExporterChart } from './exporters/node-exporter';
import { SpeedtestExporterChart } from './exporters/speedtest-exporter';
import { LogAgentChart } from './logging/log-agent';
import { LokiChart } from './logging/loki';
import { DashboardsChart } from './dashboards/dashboards';
import { GrafanaChart } from './grafana/grafana';
import { RobustaChart } from './robusta/robusta';
import { NetworkPoliciesChart } from './network/network-policies';
import { ThanosChart } from './thanos/thanos';

/** Builds one component of a cluster. */
export type ComponentFactory = (scope: Construct, ctx: ClusterContext) => Component;

/** How each component is built; the config's `components` list picks which ones a cluster gets. */
export const COMPONENT_FACTORIES: Partial<Record<ComponentName, ComponentFactory>> = {
  namespaces: (scope, ctx) => new NamespacesChart(scope, ctx),
  'prometheus-operator': (scope, ctx) => new PrometheusOperatorChart(scope, ctx),
  // Under `ha`, Thanos comes with Prometheus: it is how the replicas are queried as one.
  prometheus: (scope, ctx) => {
    const chart = new PrometheusChart(scope, ctx);
    if (ctx.ha) new ThanosChart(scope, ctx);
    return chart;
  },
  alertmanager: (scope, ctx) => new AlertmanagerChart(scope, ctx),
  'node-exporter': (scope, ctx) => new NodeExporterChart(scope, ctx),
  'kube-state-metrics': (scope, ctx) => new KubeStateMetricsChart(scope, ctx),
  'kubernetes-monitors': (scope, ctx) => new KubernetesMonitorsChart(scope, ctx),
  'speedtest-exporter': (scope, ctx) => new SpeedtestExporterChart(scope, ctx),
  loki: (scope, ctx) => new LokiChart(scope, ctx),
  'log-agent': (scope, ctx) => new LogAgentChart(scope, ctx),
  grafana: (scope, ctx) => new GrafanaChart(scope, ctx),
  dashboards: (scope, ctx) => new DashboardsChart(scope, ctx),
  robusta: (scope, ctx) => new RobustaChart(scope, ctx),
  'network-policies': (scope, ctx) => new NetworkPoliciesChart(scope, ctx),
};
