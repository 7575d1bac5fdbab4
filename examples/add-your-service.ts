import { Construct } from 'constructs';
import {
  AlertRuleGroup, Component, GrafanaDashboard, LogPipeline, ObservedService,
} from '../lib';

/** The README's "add your service" examples, rendered by test/examples.test.ts. */
export function addYourService(scope: Construct): Component {
  const chart = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });

  // ObservedService: monitor a service that already runs, with its alerts and a dashboard.
  new ObservedService(chart, 'orders', {
    name: 'orders-api',
    selector: { 'app.kubernetes.io/name': 'orders-api' },
    port: 'metrics',
    interval: '30s',
    alerts: { errorRate: { metric: 'http_requests_total', threshold: 0.02 } },
    dashboard: (scope) => new GrafanaDashboard(scope, 'dashboard', {
      uid: 'orders-api', title: 'Orders API', folder: 'Shop',
      datasources: { prometheus: 'prometheus', loki: 'loki' },
      panels: [{ title: 'Requests', queries: [{ expr: 'sum(rate(http_requests_total{job="orders-api"}[$__rate_interval]))' }] }],
    }),
  });

  // AlertRuleGroup: an alert with its own promtool test cases.
  new AlertRuleGroup(chart, 'rules', {
    name: 'shop',
    rules: [{
      alert: 'OrdersQueueBacklog',
      expr: 'max(orders_queue_depth{job="orders-api"}) > 1000',
      for: '10m',
      severity: 'warning',
      summary: 'The orders queue is backing up',
      description: 'More than 1000 orders have waited for 10 minutes. Scale the workers.',
      tests: [
        { inputSeries: [{ series: 'orders_queue_depth{job="orders-api"}', values: '5000x20' }], evalTime: '15m', expectAlerts: [{}] },
        { inputSeries: [{ series: 'orders_queue_depth{job="orders-api"}', values: '10x20' }], evalTime: '15m', expectAlerts: [] },
      ],
    }],
  });

  // A recording rule, with a case that reads the recorded series back.
  new AlertRuleGroup(chart, 'recording-rules', {
    name: 'shop-recording',
    rules: [{
      record: 'job:orders_processed:rate5m',
      expr: 'sum by (job) (rate(orders_processed_total[5m]))',
      tests: [{
        inputSeries: [{ series: 'orders_processed_total{job="orders-api",instance="a"}', values: '0+60x20' }],
        evalTime: '10m',
        expectSamples: [{ labels: { job: 'orders-api' }, value: 1 }],
      }],
    }],
  });

  // GrafanaDashboard: a dashboard of its own, with a variable and a log panel.
  new GrafanaDashboard(chart, 'overview', {
    uid: 'shop-overview', title: 'Shop overview', folder: 'Shop',
    datasources: { prometheus: 'prometheus', loki: 'loki' },
    variables: [{ name: 'pod', query: 'label_values(kube_pod_info{namespace="shop"}, pod)' }],
    panels: [
      { title: 'Memory', unit: 'bytes', queries: [{ expr: 'sum by (pod) (container_memory_working_set_bytes{namespace="shop",pod=~"$pod"})' }] },
      { title: 'Logs', type: 'logs', queries: [{ language: 'logql', expr: '{namespace="shop", pod=~"$pod"}' }] },
    ],
  });
  return chart;
}

/** LogPipeline: the log agent for a cluster (its own host-agent namespace). */
export function addLogPipeline(scope: Construct): Component {
  const chart = new Component(scope, 'logs', { namespace: 'monitoring-agents', phase: 'workloads' });
  new LogPipeline(chart, 'agent', {
    agent: 'alloy',
    pushUrl: 'http://loki-gateway.logging.svc/loki/api/v1/push',
    tenant: 'homelab',
    stageGroups: [{ selector: '{namespace="shop"}', stages: [{ json: { expressions: { level: 'level' } } }] }],
  });
  return chart;
}
