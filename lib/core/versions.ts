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
  /**
   * The tag's content digest (`sha256:` and 64 hex digits), for a tag that upstream rebuilds:
   * the image is then referenced as `repository:version@digest`. A cluster can pin its own
   * (`images.digests`). @default - the tag alone
   */
  readonly digest?: string;
  /** Where the release's notes are published (read them before a bump). */
  readonly releaseNotes: string;
  /** The upstream release line the version is on, and when upstream stops supporting it. */
  readonly support: SupportLine;
  /** Where the exact tag was confirmed to exist upstream, with the date of that record. */
  readonly tagSource: string;
}

/** An upstream release line. */
export interface SupportLine {
  /** The line as upstream names it (`3.13 LTS`, `Kubernetes 1.31`). */
  readonly line: string;
  /**
   * The last day upstream supports the line (YYYY-MM-DD), where it publishes one; `npm run synth`
   * warns about a pin past it. @default - upstream publishes no date (supported until superseded)
   */
  readonly endOfSupport?: string;
  /** Where upstream publishes that date. Required with `endOfSupport`. */
  readonly policy?: string;
}

export const VERSIONS = {
  prometheusOperator: {
    component: 'prometheus-operator',
    repository: 'quay.io/prometheus-operator/prometheus-operator',
    version: 'v0.93.1',
    releaseNotes: 'https://github.com/prometheus-operator/prometheus-operator/releases',
    support: { line: '0.93' },
    tagSource: 'github.com/prometheus-operator/prometheus-operator: v0.93.1 release notes (0.93.1 / 2026-08-10), as quoted in public update pull requests of 2026-08-29',
  },
  configReloader: {
    component: 'prometheus-config-reloader',
    repository: 'quay.io/prometheus-operator/prometheus-config-reloader',
    version: 'v0.93.1',
    releaseNotes: 'https://github.com/prometheus-operator/prometheus-operator/releases',
    support: { line: '0.93' },
    tagSource: 'github.com/prometheus-operator/prometheus-operator: v0.93.1 release notes (0.93.1 / 2026-08-10), as quoted in public update pull requests of 2026-08-29',
  },
  prometheus: {
    component: 'Prometheus',
    repository: 'quay.io/prometheus/prometheus',
    version: 'v3.13.2',
    releaseNotes: 'https://github.com/prometheus/prometheus/releases',
    support: { line: '3.13 LTS', endOfSupport: '2027-07-31', policy: 'https://prometheus.io/docs/introduction/release-cycle/' },
    tagSource: 'github.com/prometheus/prometheus: tag v3.13.2 (2026-07-30), repository copy of 2026-08-21',
  },
  alertmanager: {
    component: 'Alertmanager',
    repository: 'quay.io/prometheus/alertmanager',
    version: 'v0.34.0',
    releaseNotes: 'https://github.com/prometheus/alertmanager/releases',
    support: { line: '0.34' },
    tagSource: 'github.com/prometheus/alertmanager: tag v0.34.0 (2026-08-16), repository copy of 2026-08-22',
  },
  thanos: {
    component: 'Thanos (sidecar, Query, Store Gateway, Compactor)',
    repository: 'quay.io/thanos/thanos',
    version: 'v0.42.4',
    releaseNotes: 'https://github.com/thanos-io/thanos/releases',
    support: { line: '0.42' },
    tagSource: 'github.com/thanos-io/thanos: tag v0.42.4 (2026-07-30), repository copy of 2026-08-22',
  },
  nodeExporter: {
    component: 'node-exporter',
    repository: 'quay.io/prometheus/node-exporter',
    version: 'v1.12.1',
    releaseNotes: 'https://github.com/prometheus/node_exporter/releases',
    support: { line: '1.12' },
    tagSource: 'github.com/prometheus/node_exporter: tag v1.12.1 (2026-07-14), repository copy of 2026-08-08',
  },
  busybox: {
    component: 'busybox (textfile collector runner)',
    repository: 'docker.io/library/busybox',
    version: '1.38.0',
    releaseNotes: 'https://busybox.net/news.html',
    support: { line: '1.38' },
    tagSource: 'Docker Hub library/busybox:1.38.0, seen pinned by digest in public manifests (2026-08); not yet checked against busybox.net',
  },
  kubeStateMetrics: {
    component: 'kube-state-metrics',
    repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics',
    version: 'v2.20.0',
    releaseNotes: 'https://github.com/kubernetes/kube-state-metrics/releases',
    support: { line: '2.20' },
    tagSource: 'github.com/kubernetes/kube-state-metrics: tag v2.20.0 (2026-08-17), repository copy of 2026-08-20',
  },
  speedtestExporter: {
    component: 'speedtest-exporter',
    repository: 'ghcr.io/heathcliff26/speedtest-exporter',
    version: 'v1.6.3',
    releaseNotes: 'https://github.com/heathcliff26/speedtest-exporter/releases',
    support: { line: '1.6' },
    tagSource: 'github.com/heathcliff26/speedtest-exporter: tag v1.6.3 (2026-08-13), repository copy of 2026-08-22',
  },
  grafana: {
    component: 'Grafana',
    repository: 'docker.io/grafana/grafana',
    version: '13.2.3',
    releaseNotes: 'https://github.com/grafana/grafana/releases',
    support: { line: '13.2' },
    tagSource: 'grafana/grafana:13.2.3 seen pinned by digest in public manifests (2026-09 onward); not yet checked against the Grafana release history',
  },
  loki: {
    component: 'Loki',
    repository: 'docker.io/grafana/loki',
    version: '3.7.6',
    releaseNotes: 'https://github.com/grafana/loki/releases',
    support: { line: '3.7' },
    tagSource: 'github.com/grafana/loki: tag v3.7.6 (2026-08-05), repository copy of 2026-08-22',
  },
  nginx: {
    component: 'nginx (Loki gateway)',
    repository: 'docker.io/nginxinc/nginx-unprivileged',
    version: '1.30.4-alpine',
    releaseNotes: 'https://nginx.org/en/CHANGES',
    support: { line: '1.30 stable' },
    tagSource: 'github.com/nginx/docker-nginx-unprivileged: stable 1.30.4 Dockerfiles, repository copy of 2026-07-15',
  },
  nginxExporter: {
    component: 'nginx-prometheus-exporter',
    repository: 'docker.io/nginx/nginx-prometheus-exporter',
    version: '1.5.3',
    releaseNotes: 'https://github.com/nginx/nginx-prometheus-exporter/releases',
    support: { line: '1.5' },
    tagSource: 'github.com/nginx/nginx-prometheus-exporter: tag v1.5.3 (2026-08-14), repository copy of 2026-08-14',
  },
  promtail: {
    // End of life since 2026-03-02 and removed in Loki 3.7. Loki's release workflow stopped
    // building Promtail images after v3.6.11 (3.6.12 and later are source-only tags), so 3.6.11
    // is the last image published: a later 3.6.x tag does not pull.
    component: 'Promtail',
    repository: 'docker.io/grafana/promtail',
    version: '3.6.11',
    releaseNotes: 'https://github.com/grafana/loki/releases',
    support: { line: '3.6 (Promtail end of life)', endOfSupport: '2026-03-02', policy: 'https://grafana.com/docs/loki/latest/send-data/promtail/' },
    tagSource: 'github.com/grafana/loki: tag v3.6.11 (2026-05-13) is the last whose release workflow builds a Promtail image; repository copy of 2026-08-22',
  },
  alloy: {
    component: 'Grafana Alloy',
    repository: 'docker.io/grafana/alloy',
    version: 'v1.18.1',
    releaseNotes: 'https://github.com/grafana/alloy/releases',
    support: { line: '1.18' },
    tagSource: 'github.com/grafana/alloy: tag v1.18.1 (2026-08-06), repository copy of 2026-08-21',
  },
  robustaRunner: {
    component: 'Robusta runner',
    repository: 'docker.io/robustadev/robusta-runner',
    version: '0.47.0',
    releaseNotes: 'https://github.com/robusta-dev/robusta/releases',
    support: { line: '0.47' },
    tagSource: 'github.com/robusta-dev/robusta: tag 0.47.0 (2026-08-10), repository copy of 2026-08-16',
  },
  robustaForwarder: {
    component: 'kubewatch (Robusta forwarder)',
    // Robusta's chart 0.47.0 pairs v2.14.0 with this runner (helm/robusta/values.yaml); v2.15.0 is
    // v2.14.0 plus only the Go 1.26.4 toolchain and slack-go v0.23.1 (one commit), for their CVEs.
    repository: 'docker.io/robustadev/kubewatch',
    version: 'v2.15.0',
    releaseNotes: 'https://github.com/robusta-dev/kubewatch/releases',
    support: { line: '2.15' },
    tagSource: 'github.com/robusta-dev/kubewatch: tag v2.15.0 (2026-06-07), repository copy of 2026-08-20',
  },
  // kubectl is supported against API servers one minor older or newer than itself: one image per
  // supported cluster minor, each on that minor's last patch alpine/k8s published
  // (lib/core/kubernetes.ts picks the cluster's).
  kubectl128: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.28 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.28.15',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.28', endOfSupport: '2024-10-22', policy: 'https://kubernetes.io/releases/1.28/' },
    tagSource: 'docker.io/alpine/k8s:1.28.15 seen pinned in public manifests; alpine/k8s builds each Kubernetes patch of the four newest minors (build.sh)',
  },
  kubectl129: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.29 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.29.14',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.29', endOfSupport: '2025-02-28', policy: 'https://kubernetes.io/releases/1.29/' },
    tagSource: 'docker.io/alpine/k8s:1.29.14 seen pinned in public manifests; alpine/k8s builds each Kubernetes patch of the four newest minors (build.sh)',
  },
  kubectl130: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.30 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.30.14',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.30', endOfSupport: '2025-07-15', policy: 'https://kubernetes.io/releases/1.30/' },
    tagSource: 'docker.io/alpine/k8s:1.30.14 seen pinned in public manifests; alpine/k8s builds each Kubernetes patch of the four newest minors (build.sh)',
  },
  kubectl131: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.31 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.31.13',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.31', endOfSupport: '2025-11-11', policy: 'https://kubernetes.io/releases/1.31/' },
    tagSource: 'docker.io/alpine/k8s:1.31.13 seen pinned in public manifests; alpine/k8s builds each Kubernetes patch of the four newest minors (build.sh)',
  },
  kubectl132: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.32 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.32.13',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.32', endOfSupport: '2026-02-28', policy: 'https://kubernetes.io/releases/1.32/' },
    tagSource: 'docker.io/alpine/k8s:1.32.13 seen pinned in public manifests; alpine/k8s builds each Kubernetes patch of the four newest minors (build.sh)',
  },
  kubectl133: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.33 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.33.13',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.33', endOfSupport: '2026-06-28', policy: 'https://kubernetes.io/releases/1.33/' },
    tagSource: 'docker.io/alpine/k8s:1.33.13 seen pinned in public manifests; alpine/k8s builds each Kubernetes patch of the four newest minors (build.sh)',
  },
  kubectl134: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.34 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.34.12',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.34', endOfSupport: '2026-10-27', policy: 'https://kubernetes.io/releases/1.34/' },
    tagSource: 'docker.io/alpine/k8s:1.34.12 seen pinned in public manifests; alpine/k8s builds each Kubernetes patch of the four newest minors (build.sh)',
  },
  kubectl135: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.35 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.35.9',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.35', endOfSupport: '2027-02-28', policy: 'https://kubernetes.io/releases/1.35/' },
    tagSource: 'docker.io/alpine/k8s:1.35.9 seen pinned in four public repositories\' manifests (code index read 2026-12-03); no later 1.35 patch seen',
  },
  kubectl136: {
    component: 'kubectl for Robusta remediations (Kubernetes 1.36 clusters)',
    repository: 'docker.io/alpine/k8s',
    version: '1.36.2',
    releaseNotes: 'https://github.com/alpine-docker/k8s/releases',
    support: { line: 'Kubernetes 1.36', endOfSupport: '2027-06-28', policy: 'https://kubernetes.io/releases/1.36/' },
    tagSource: 'docker.io/alpine/k8s:1.36.2 pinned by digest in public manifests and recorded there as pulled and run (kubectl v1.36.2); code index read 2026-12-03. 1.36.4 is also pinned publicly but recorded elsewhere as not found, so not used',
  },
} as const satisfies Record<string, PinnedImage>;

export type VersionKey = keyof typeof VERSIONS;

/** The pinned image reference of a component, `repository:version` (with `@digest` when the table pins one). */
export function imageOf(key: VersionKey): string {
  const pin: PinnedImage = VERSIONS[key];
  return `${pin.repository}:${pin.version}${pin.digest ? `@${pin.digest}` : ''}`;
}

/** The pinned version of a component (for `app.kubernetes.io/version` and CR `version` fields). */
export function versionOf(key: VersionKey): string {
  return VERSIONS[key].version;
}
