import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterContext } from '../../config';
import { Flow } from '../../lib/policy/network';
import { ScrapeTarget, scrapeTargets } from '../../lib/policy/scrape-targets';
import { podTemplates } from '../../lib/policy/workloads';
import { Manifest, serialize } from '../../lib/render/collect';

const app = (name: string) => ({ 'app.kubernetes.io/name': name });

/** The namespaces the stack owns, where ingress is denied unless a flow allows it. */
export function stackNamespaces(ctx: ClusterContext): string[] {
  const ns = ctx.namespaces;
  return [
    ...(ctx.has('prometheus') || ctx.has('grafana') || ctx.has('alertmanager') ? [ns.monitoring] : []),
    ...(ctx.has('node-exporter') || ctx.has('log-agent') ? [ns.agents] : []),
    ...(ctx.has('loki') ? [ns.logging] : []),
    ...(ctx.has('robusta') ? [ns.robusta] : []),
  ];
}

/**
 * Every connection the stack makes into its own namespaces: Prometheus to each scrape target
 * (the ServiceMonitors and PodMonitors in the construct tree, resolved to their pods and ports), Grafana to its datasources, agents to the Loki
 * gateway, Alertmanager to Robusta, ingress to Grafana, and the peers of Loki and Alertmanager.
 */
/** Whether the pods a scrape target selects run in the host's network namespace. */
function onHostNetwork(objects: readonly Manifest[], t: ScrapeTarget): boolean {
  return podTemplates(objects).some((p) => p.namespace === t.namespace && p.spec.hostNetwork
    && Object.entries(t.pods).every(([k, v]) => p.metadata.labels?.[k] === v));
}

const READ_KINDS = new Set(['ServiceMonitor', 'PodMonitor', 'Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

export function stackFlows(root: IConstruct, ctx: ClusterContext): Flow[] {
  const ns = ctx.namespaces;
  const owned = new Set(stackNamespaces(ctx));
  const prometheus = { namespace: ns.monitoring, pods: app('prometheus') };
  const flows: Flow[] = [];
  const add = (flow: Flow, ...needs: Parameters<ClusterContext['has']>[0][]) => {
    if (needs.every((c) => ctx.has(c)) && owned.has(flow.to.namespace)) flows.push(flow);
  };

  // Every ServiceMonitor and PodMonitor already built, resolved to the pods and container ports behind it.
  // Only the kinds scrapeTargets and podTemplates read: serializing dashboards and rules too would render most of the app twice.
  const objects = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && READ_KINDS.has(c.kind)).map((o) => serialize(() => o.toJson() as Manifest));
  // Host-network pods (node-exporter) are outside NetworkPolicy: a policy for them would do nothing.
  const targets = scrapeTargets(objects, [...owned]).filter((t) => !onHostNetwork(objects, t));
  const portsOf = new Map<string, Set<string | number>>();
  for (const t of targets) portsOf.set(t.id, (portsOf.get(t.id) ?? new Set()).add(t.port));
  const seen = new Set<string>();
  for (const t of targets) {
    const id = `prometheus-scrapes-${t.id}${portsOf.get(t.id)!.size > 1 ? `-${t.port}` : ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    add({ id, from: prometheus, to: { namespace: t.namespace, pods: t.pods }, port: t.port }, 'prometheus');
  }
  const grafana = { namespace: ns.monitoring, pods: app('grafana') };
  if (ctx.ha) {
    // Grafana reads Prometheus through Thanos Query, which reads the sidecars and the Store Gateway.
    const query = { namespace: ns.monitoring, pods: app('thanos-query') };
    add({ id: 'grafana-to-thanos-query', from: grafana, to: query, port: 'http' }, 'grafana', 'prometheus');
    add({ id: 'thanos-query-to-sidecars', from: query, to: prometheus, port: 'grpc' }, 'prometheus');
    add({ id: 'thanos-query-to-store', from: query, to: { namespace: ns.monitoring, pods: app('thanos-store') }, port: 'grpc' }, 'prometheus');
    const storeApi = ctx.config.thanos?.storeApi;
    // A hub's Thanos Query, through the ingress or gateway that forwards its TLS connections.
    if (storeApi) add({ id: 'hub-to-thanos-query', from: { namespace: storeApi.ingressNamespace ?? 'ingress-nginx' }, to: query, port: 'grpc' }, 'prometheus');
  } else {
    add({ id: 'grafana-to-prometheus', from: grafana, to: prometheus, port: 'web' }, 'grafana', 'prometheus');
  }
  add({ id: 'grafana-to-alertmanager', from: grafana, to: { namespace: ns.monitoring, pods: app('alertmanager') }, port: 'web' }, 'grafana', 'alertmanager');
  add({ id: 'grafana-to-loki-gateway', from: grafana, to: { namespace: ns.logging, pods: app('loki-gateway') }, port: 'http' }, 'grafana', 'loki');
  add({ id: 'ingress-to-grafana', from: { namespace: ctx.config.grafana.ingressNamespace ?? 'ingress-nginx' }, to: grafana, port: 'http' }, 'grafana');
  add({ id: 'prometheus-to-alertmanager', from: prometheus, to: { namespace: ns.monitoring, pods: app('alertmanager') }, port: 'web' }, 'prometheus', 'alertmanager');
  // Alertmanager replicas gossip on 9094; a single replica has no peers.
  if (ctx.alertmanagerReplicas > 1) for (const protocol of ['TCP', 'UDP'] as const) {
    add({ id: `alertmanager-peers-${protocol.toLowerCase()}`, from: { namespace: ns.monitoring, pods: app('alertmanager') }, to: { namespace: ns.monitoring, pods: app('alertmanager') }, port: 9094, protocol }, 'alertmanager');
  }
  const agent = ctx.logAgent;
  add({ id: 'log-agent-to-loki-gateway', from: { namespace: ns.agents, pods: app(agent) }, to: { namespace: ns.logging, pods: app('loki-gateway') }, port: 'http' }, 'log-agent', 'loki');
  const loki = { namespace: ns.logging, pods: app('loki') };
  add({ id: 'loki-gateway-to-loki', from: { namespace: ns.logging, pods: app('loki-gateway') }, to: loki, port: 'http-metrics' }, 'loki');
  for (const port of ['http-metrics', 'grpc', 'memberlist']) add({ id: `loki-peers-${port}`, from: loki, to: loki, port }, 'loki');
  add({ id: 'loki-ruler-to-alertmanager', from: loki, to: { namespace: ns.monitoring, pods: app('alertmanager') }, port: 'web' }, 'loki', 'alertmanager');
  const runner = { namespace: ns.robusta, pods: app('robusta-runner') };
  add({ id: 'alertmanager-to-robusta', from: { namespace: ns.monitoring, pods: app('alertmanager') }, to: runner, port: 'http' }, 'alertmanager', 'robusta');
  add({ id: 'robusta-forwarder-to-runner', from: { namespace: ns.robusta, pods: app('robusta-forwarder') }, to: runner, port: 'http' }, 'robusta');
  add({ id: 'robusta-to-prometheus', from: runner, to: prometheus, port: 'web' }, 'robusta', 'prometheus');
  add({ id: 'robusta-to-alertmanager', from: runner, to: { namespace: ns.monitoring, pods: app('alertmanager') }, port: 'web' }, 'robusta', 'alertmanager');
  return flows;
}
