import { Construct } from 'constructs';
import { ServiceLevelObjective } from '../../lib/slo/service-level-objective';
import { DATASOURCE_UIDS } from '../endpoints';
import { runbook } from '../runbooks';

/**
 * The stack's own SLOs: the paths its users depend on. Each renders its rules beside the
 * component it measures and its error-budget dashboard in Grafana's folder "SLOs".
 */
/** The window of every stack SLO. */
export const STACK_SLO_WINDOW = '30d';

const dashboard = { datasources: { prometheus: DATASOURCE_UIDS.prometheus, loki: DATASOURCE_UIDS.loki } };

/** The verbs kubernetes-mixin's API server SLO counts (its read and write selectors); WATCH and CONNECT stream. */
const APISERVER_VERBS = 'LIST|GET|POST|PUT|PATCH|DELETE';
/** Long-running subresources, left out of latency as kubernetes-mixin does. */
const STREAMING = 'proxy|attach|log|exec|portforward';

/**
 * The API server's availability and latency, after kubernetes-mixin's KubeAPIErrorBudgetBurn:
 * 99 % over 30 days, errors = 5xx responses, slow = above 1s for single-object reads and
 * writes (the `le="1"` bucket of apiserver_request_sli_duration_seconds, which leaves out
 * webhook and queue time). The mixin folds both into one budget per verb class and adds the
 * 5s and 30s bounds of namespace and cluster LISTs; here they are two SLOs, LIST in
 * availability only.
 */
export function apiserverSlos(scope: Construct): ServiceLevelObjective[] {
  const runbookUrl = runbook('kubernetes', 'KubeAPIErrorBudgetBurn');
  return [
    new ServiceLevelObjective(scope, 'apiserver-availability', {
      service: 'apiserver', name: 'availability', objective: 99, window: STACK_SLO_WINDOW, runbookUrl, dashboard, alertName: 'KubeAPIAvailabilityErrorBudgetBurn',
      sli: { events: {
        errors: `apiserver_request_total{job="apiserver",verb=~"${APISERVER_VERBS}",code=~"5.."}`,
        total: `apiserver_request_total{job="apiserver",verb=~"${APISERVER_VERBS}"}`,
      } },
    }),
    new ServiceLevelObjective(scope, 'apiserver-latency', {
      service: 'apiserver', name: 'latency', objective: 99, window: STACK_SLO_WINDOW, runbookUrl, dashboard, alertName: 'KubeAPILatencyErrorBudgetBurn',
      sli: { latency: {
        histogram: 'apiserver_request_sli_duration_seconds', thresholdSeconds: 1,
        matchers: `job="apiserver",verb=~"GET|POST|PUT|PATCH|DELETE",subresource!~"${STREAMING}"`,
      } },
    }),
  ];
}

/**
 * Grafana's queries: the instant and range query API of what its Prometheus datasource reads,
 * Prometheus itself or, under `ha`, Thanos Query (the handlers the Thanos mixin watches).
 * 99.5 % of them answered without a server error over 30 days.
 */
export function queryPathSlo(scope: Construct, via: 'prometheus' | 'thanos-query'): ServiceLevelObjective {
  const selector = via === 'prometheus'
    ? { metric: 'prometheus_http_requests_total', matchers: 'job="prometheus",handler=~"/api/v1/query|/api/v1/query_range"' }
    : { metric: 'http_requests_total', matchers: 'job="thanos-query",handler=~"query|query_range"' };
  return new ServiceLevelObjective(scope, 'query-slo', {
    service: 'grafana-queries', name: 'availability', objective: 99.5, window: STACK_SLO_WINDOW, dashboard,
    sli: { events: { errors: `${selector.metric}{${selector.matchers},code=~"5.."}`, total: `${selector.metric}{${selector.matchers}}` } },
  });
}

/**
 * Loki's push path: pushes the log agents send (the routes the Loki mixin's write dashboard
 * counts) answered without a server error, 99.5 % over 30 days.
 */
export function lokiPushSlo(scope: Construct): ServiceLevelObjective {
  const push = 'job="loki",route=~"api_prom_push|loki_api_v1_push|otlp_v1_logs"';
  return new ServiceLevelObjective(scope, 'push-slo', {
    service: 'loki-push', name: 'availability', objective: 99.5, window: STACK_SLO_WINDOW, dashboard,
    sli: { events: { errors: `loki_request_duration_seconds_count{${push},status_code=~"5.."}`, total: `loki_request_duration_seconds_count{${push}}` } },
  });
}
