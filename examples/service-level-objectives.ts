import { Construct } from 'constructs';
import { Component, ObservedService } from '../lib';

/**
 * docs/library.md's SLO example, rendered by test/examples.test.ts: an HTTP service with an
 * availability SLO (99.9 % of requests without a 5xx over 28 days) and a latency SLO (99 % of
 * requests within 300 ms), each with burn-rate alerts, their generated promtool cases and an
 * error-budget dashboard.
 */
export function addServiceLevelObjectives(scope: Construct): Component {
  const chart = new Component(scope, 'checkout', { namespace: 'checkout', phase: 'resources' });
  const dashboard = { datasources: { prometheus: 'prometheus', loki: 'loki' } };
  new ObservedService(chart, 'api', {
    name: 'checkout-api',
    selector: { 'app.kubernetes.io/name': 'checkout-api' },
    port: 'metrics',
    slo: [
      {
        name: 'availability', objective: 99.9, window: '28d', dashboard,
        sli: { events: {
          errors: 'http_requests_total{job="checkout-api",code=~"5.."}',
          total: 'http_requests_total{job="checkout-api"}',
        } },
      },
      {
        name: 'latency', objective: 99, window: '28d', dashboard,
        sli: { latency: {
          histogram: 'http_request_duration_seconds',
          matchers: 'job="checkout-api",handler!="/healthz"',
          thresholdSeconds: 0.3,
          // The service's own histogram: its bucket bounds, so the threshold is checked against them.
          buckets: [0.05, 0.1, 0.3, 1, 3],
        } },
      },
    ],
  });
  return chart;
}
