import { Construct } from 'constructs';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { Component } from '../../lib/core/component';
import { GrafanaDashboard } from '../../lib/dashboards/grafana-dashboard';

/**
 * A cluster extension for the dashboard checks: a shop whose alert test says its service exports
 * `orders_queue_depth`, and a dashboard with one panel per given metric name (`max(<metric>)`).
 */
export function shopExtension(panels: Record<string, string>): (scope: Construct) => Component {
  return (scope) => {
    const shop = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });
    new AlertRuleGroup(shop, 'rules', { name: 'shop', rules: [{
      alert: 'OrdersQueueBacklog', expr: 'max(orders_queue_depth{job="orders-api"}) > 1000', for: '10m', severity: 'warning',
      summary: 'The orders queue is backing up', description: 'More than 1000 orders have waited for 10 minutes.',
      tests: [{ inputSeries: [{ series: 'orders_queue_depth{job="orders-api"}', values: '5000x20' }], evalTime: '15m', expectAlerts: [{}] }],
    }] });
    new GrafanaDashboard(shop, 'dashboard', {
      uid: 'shop', title: 'Shop', folder: 'Shop', datasources: { prometheus: 'prometheus', loki: 'loki' },
      panels: Object.entries(panels).map(([title, metric]) => ({ title, queries: [{ expr: `max(${metric}{job="orders-api"})` }] })),
    });
    return shop;
  };
}
