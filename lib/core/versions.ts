/**
 * The one place every image of the stack is pinned: charts and constructs take their image and
 * version label from here, `docs/versions.md` is generated from it, and a test checks that every
 * image in `dist/` is one of these. Bumping a component is a one-line change of `version`.
 */
export interface PinnedImage {
  /** What the image runs, as the docs name it. */
  readonly component: string;
  /** Registry and repository, without the tag. */
  readonly repository: string;
  /** The exact release tag. */
  readonly version: string;
  /** Where the release's notes are published (read them before a bump). */
  readonly releaseNotes: string;
}

export const VERSIONS = {
  prometheusOperator: {
    component: 'prometheus-operator',
    repository: 'quay.io/prometheus-operator/prometheus-operator',
    version: 'v0.93.1',
    releaseNotes: 'https://github.com/prometheus-operator/prometheus-operator/releases',
  },
  configReloader: {
    component: 'prometheus-config-reloader',
    repository: 'quay.io/prometheus-operator/prometheus-config-reloader',
    version: 'v0.93.1',
    releaseNotes: 'https://github.com/prometheus-operator/prometheus-operator/releases',
  },
  prometheus: {
    component: 'Prometheus',
    repository: 'quay.io/prometheus/prometheus',
    version: 'v3.13.2',
    releaseNotes: 'https://github.com/prometheus/prometheus/releases',
  },
  alertmanager: {
    component: 'Alertmanager',
    repository: 'quay.io/prometheus/alertmanager',
    version: 'v0.34.0',
    releaseNotes: 'https://github.com/prometheus/alertmanager/releases',
  },
  thanos: {
    component: 'Thanos (sidecar, Query, Store Gateway, Compactor)',
    repository: 'quay.io/thanos/thanos',
    version: 'v0.42.4',
    releaseNotes: 'https://github.com/thanos-io/thanos/releases',
  },
  nodeExporter: {
    component: 'node-exporter',
    repository: 'quay.io/prometheus/node-exporter',
    version: 'v1.12.1',
    releaseNotes: 'https://github.com/prometheus/node_exporter/releases',
  },
  busybox: {
    component: 'busybox (textfile collector runner)',
    repository: 'docker.io/library/busybox',
    version: '1.38.0',
    releaseNotes: 'https://busybox.net/news.html',
  },
  kubeStateMetrics: {
    component: 'kube-state-metrics',
    repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics',
    version: 'v2.20.0',
    releaseNotes: 'https://github.com/kubernetes/kube-state-metrics/releases',
  },
  speedtestExporter: {
    component: 'speedtest-exporter',
    repository: 'ghcr.io/heathcliff26/speedtest-exporter',
    version: 'v1.6.3',
    releaseNotes: 'https://github.com/heathcliff26/speedtest-exporter/releases',
  },
  grafana: {
    component: 'Grafana',
    repository: 'docker.io/grafana/grafana',
    version: '13.2.3',
    releaseNotes: 'https://github.com/grafana/grafana/releases',
  },
  loki: {
    component: 'Loki',
    repository: 'docker.io/grafana/loki',
    version: '3.7.6',
    releaseNotes: 'https://github.com/grafana/loki/releases',
  },
  nginx: {
    component: 'nginx (Loki gateway)',
    repository: 'docker.io/nginxinc/nginx-unprivileged',
    version: '1.30.4-alpine',
    releaseNotes: 'https://nginx.org/en/CHANGES',
  },
  nginxExporter: {
    component: 'nginx-prometheus-exporter',
    repository: 'docker.io/nginx/nginx-prometheus-exporter',
    version: '1.5.3',
    releaseNotes: 'https://github.com/nginx/nginx-prometheus-exporter/releases',
  },
  promtail: {
    // End of life since 2026-03-02 and removed in Loki 3.7. Loki's release workflow stopped
    // building Promtail images after v3.6.11 (3.6.12 and later are source-only tags), so 3.6.11
    // is the last image published: a later 3.6.x tag does not pull.
    component: 'Promtail',
    repository: 'docker.io/grafana/promtail',
    version: '3.6.11',
    releaseNotes: 'https://github.com/grafana/loki/releases',
  },
  alloy: {
    component: 'Grafana Alloy',
    repository: 'docker.io/grafana/alloy',
    version: 'v1.18.1',
    releaseNotes: 'https://github.com/grafana/alloy/releases',
  },
  robustaRunner: {
    component: 'Robusta runner',
    repository: 'docker.io/robustadev/robusta-runner',
    version: '0.47.0',
    releaseNotes: 'https://github.com/robusta-dev/robusta/releases',
  },
  robustaForwarder: {
    component: 'kubewatch (Robusta forwarder)',
    // Robusta's chart 0.47.0 pairs v2.14.0 with this runner (helm/robusta/values.yaml); v2.15.0 is
    // v2.14.0 plus only the Go 1.26.4 toolchain and slack-go v0.23.1 (one commit), for their CVEs.
    repository: 'docker.io/robustadev/kubewatch',
    version: 'v2.15.0',
    releaseNotes: 'https://github.com/robusta-dev/kubewatch/releases',
  },
  // kubectl is supported against API servers one minor older or newer than itself: one image per
  // supported cluster minor, each on that minor's last patch alpine/k8s published
  // (lib/core/kubernetes.ts picks the cluster's).
  kubectl128: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.28 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.28.15',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
  },
  kubectl129: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.29 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.29.14',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
  },
  kubectl130: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.30 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.30.14',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
  },
  kubectl131: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.31 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.31.13',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
  },
  kubectl132: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.32 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.32.13',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
  },
  kubectl133: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.33 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.33.13',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
  },
  kubectl134: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.34 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.34.12',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
  },
} as const satisfies Record<string, PinnedImage>;

export type VersionKey = keyof typeof VERSIONS;

/** The pinned image reference of a component, `repository:version`. */
export function imageOf(key: VersionKey): string {
  const pin = VERSIONS[key];
  return `${pin.repository}:${pin.version}`;
}

/** The pinned version of a component (for `app.kubernetes.io/version` and CR `version` fields). */
export function versionOf(key: VersionKey): string {
  return VERSIONS[key].version;
}
