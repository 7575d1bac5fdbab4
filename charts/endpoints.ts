import { ClusterContext } from '../config';

/**
 * The in-cluster addresses components use to reach each other. Each is defined once here, and
 * the chart that creates the Service uses the same name and port, so the two cannot drift.
 */
export function endpoints(ctx: ClusterContext) {
  const ns = ctx.namespaces;
  const svc = (name: string, namespace: string) => `${name}.${namespace}.svc`;
  return {
    prometheus: { service: 'prometheus', namespace: ns.monitoring, port: 9090, url: `http://${svc('prometheus', ns.monitoring)}:9090` },
    alertmanager: {
      service: 'alertmanager', namespace: ns.monitoring, port: 9093, url: `http://${svc('alertmanager', ns.monitoring)}:9093`,
      // The SRV records of the operator's governing Service (port `web`): one per replica, for
      // senders that must reach every replica (replicas do not share alerts, only silences and
      // the notification log).
      replicasSrvUrl: `http://_web._tcp.alertmanager-operated.${ns.monitoring}.svc.cluster.local`,
    },
    // Under `ha`: Grafana's Prometheus datasource, deduplicating the Prometheus replicas.
    thanosQuery: { service: 'thanos-query', namespace: ns.monitoring, port: 9090, url: `http://${svc('thanos-query', ns.monitoring)}:9090` },
    grafana: { service: 'grafana', namespace: ns.monitoring, port: 80, url: `http://${svc('grafana', ns.monitoring)}` },
    lokiGateway: {
      service: 'loki-gateway', namespace: ns.logging, port: 80,
      url: `http://${svc('loki-gateway', ns.logging)}`,
      pushUrl: `http://${svc('loki-gateway', ns.logging)}/loki/api/v1/push`,
    },
    robustaRunner: {
      service: 'robusta-runner', namespace: ns.robusta, port: 80,
      webhookUrl: `http://${svc('robusta-runner', ns.robusta)}/api/alerts`,
    },
  };
}

/** Stable Grafana datasource uids, referenced by dashboards. */
export const DATASOURCE_UIDS = { prometheus: 'prometheus', loki: 'loki', alertmanager: 'alertmanager' } as const;
