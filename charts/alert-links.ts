import { ClusterContext } from '../config';
import { AlertLinks, DashboardLink } from '../lib/alerting/alert-links';

/** Where the stack's own runbooks live in the repository, generated from the rules (`npm run synth`). */
export const RUNBOOKS_DIR = 'docs/runbooks';

/**
 * The web address of the cluster's GitOps repository: an `https://host/owner/repo(.git)` or
 * `ssh://git@host/owner/repo(.git)` URL as the forge shows it, without `.git` or credentials.
 */
export function repositoryWebUrl(repoURL: string): string {
  const url = new URL(repoURL);
  const path = url.pathname.replace(/\.git$/, '').replace(/\/+$/, '');
  return `https://${url.hostname}${url.protocol === 'https:' && url.port ? `:${url.port}` : ''}${path}`;
}

/** A runbook of the stack's own, as the repository's forge shows it at the tracked revision. */
export function runbookBaseUrl(ctx: ClusterContext): string {
  return `${repositoryWebUrl(ctx.gitops.repoURL)}/blob/${ctx.gitops.targetRevision}/${RUNBOOKS_DIR}/`;
}

/** Where the cluster's Grafana opens a dashboard by uid. */
const dashboardBaseUrl = (ctx: ClusterContext) => `https://${ctx.grafanaHostname}/d/`;

/**
 * The dashboard to open first for each alert (`<rule group>/<alert>`, first match wins), among
 * the dashboards this cluster renders: the component's own view, the node of node alerts, the
 * workload views of Kubernetes objects.
 */
export function dashboardLinks(ctx: ClusterContext): DashboardLink[] {
  const grafana = dashboardBaseUrl(ctx);
  const links: [string, string, boolean][] = [
    ['thanos-.*/.*', 'thanos-overview', ctx.ha],
    ['prometheus/.*|targets/.*|general/ConfigReloader.*', 'prometheus-self', true],
    ['alertmanager/.*', 'alertmanager-self', true],
    ['log-alerts/.*', 'logs-explorer', ctx.has('loki')],
    ['loki(-gateway)?/.*', 'loki-self', ctx.has('loki')],
    ['(promtail|alloy)/.*', 'log-agent', ctx.has('log-agent')],
    ['node-exporter/.*|node-textfile/.*', 'node?var-node={{ $labels.node }}', true],
    ['kubernetes-components/Kubelet.*|kubernetes-components/KubeNodeEviction', 'kubelet', true],
    ['kubernetes-components/(Apiserver.*|KubeAggregatedAPIDown|KubeClientCertificateExpiration)', 'apiserver', true],
    ['kubernetes-components/Coredns.*', 'coredns', true],
    ['kubernetes-components/KubePersistentVolume.*|kubernetes/KubePersistentVolume.*', 'k8s-persistent-volumes', true],
    ['kubernetes/KubeNode.*|kubernetes/Kube(CPU|Memory)Overcommit', 'k8s-resources-cluster', true],
    ['kubernetes/.*', 'k8s-resources-namespace?var-namespace={{ $labels.namespace }}', true],
    ['speedtest-exporter/.*', 'internet-performance', ctx.has('speedtest-exporter')],
    ['postgresql/.*', 'data-postgresql', ctx.config.dataServices?.postgresql !== undefined],
    ['redpanda/.*', 'data-redpanda', ctx.config.dataServices?.redpanda !== undefined],
  ];
  return ctx.has('dashboards') || ctx.ha
    ? links.filter(([, uid, on]) => on && (ctx.has('dashboards') || uid === 'thanos-overview')).map(([match, uid]) => ({ match, url: `${grafana}${uid}` }))
    : [];
}

/** The links every alert of the cluster gets: its runbook in the repository, its dashboard. */
export function alertLinks(ctx: ClusterContext): AlertLinks {
  return {
    runbookBaseUrl: runbookBaseUrl(ctx), dashboards: dashboardLinks(ctx),
    ...(ctx.has('grafana') ? { dashboardBaseUrl: dashboardBaseUrl(ctx) } : {}),
  };
}
