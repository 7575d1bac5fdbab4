/**
 * The first three things a responder checks, by alert: what the stack's own runbooks list
 * (`docs/runbooks/`). The first pattern matching the alert name wins; `NS` stands for the
 * namespace of the alert's rule group, `JOB` for its job.
 */
const CHECKS: [RegExp, string[]][] = [
  [/^NodeExporterTargetDown$/, [
    'Is the node up? `kubectl get node <node>` (NotReady, cordoned?) and the machine\'s console, power and network.',
    'If the node is up: the node-exporter pod on it, `kubectl -n NS get pods -o wide --field-selector spec.nodeName=<node>`, and its events.',
    'Which pods ran there and whether they were rescheduled: `kubectl get pods -A -o wide --field-selector spec.nodeName=<node>`.',
  ]],
  [/TargetDown$/, [
    'The pods of the job: `kubectl -n NS get pods -o wide -l app.kubernetes.io/name=JOB` (not Running, restarts, on one node?).',
    'Their events and previous log: `kubectl -n NS describe pod <pod>`, `kubectl -n NS logs <pod> --previous`.',
    'Whether Prometheus may reach them: its Targets page (the scrape error), and the NetworkPolicies of NS.',
  ]],
  [/TargetAbsent$/, [
    'Does the workload exist and run? `kubectl -n NS get deploy,sts,ds,pods -l app.kubernetes.io/name=JOB`.',
    'Does its ServiceMonitor or PodMonitor select it? Compare the monitor\'s selector with the Service or pod labels.',
    'Prometheus\' Service Discovery page: the monitor\'s targets, dropped by relabeling or missing RBAC.',
  ]],
  [/^AlertmanagerCluster|^AlertmanagerConfigInconsistent$/, [
    'The Alertmanager pods: `kubectl -n NS get pods -l app.kubernetes.io/name=alertmanager -o wide`, restarts and events.',
    'Their cluster status: the Status page of each Alertmanager (peers, configuration hash), and port 9094 between them.',
    'The configuration the operator generated: the config-reloader log of each pod and the operator log.',
  ]],
  [/^Alertmanager/, [
    'The Alertmanager log: `kubectl -n NS logs alertmanager-<n> -c alertmanager` (failed notifications name the integration).',
    'The receiver\'s Secret and endpoint (webhook URL, Slack channel, SMTP relay) and the egress path to it.',
    'The Alertmanager dashboard: notifications sent and failed per integration.',
  ]],
  [/^PrometheusOperator/, [
    'The operator log: `kubectl -n NS logs deploy/prometheus-operator` (a refused request names the resource and verb).',
    'Its ClusterRole against what the log asks for: `kubectl auth can-i --as=system:serviceaccount:NS:prometheus-operator <verb> <resource>`.',
    'The objects it reconciles: `kubectl get prometheus,alertmanager,servicemonitors,prometheusrules -A` and their status.',
  ]],
  [/^Prometheus|^ConfigReloader/, [
    'The Prometheus log: `kubectl -n NS logs prometheus-prometheus-<n> -c prometheus`.',
    'Its Status pages: Configuration, Rules (evaluation errors), Targets, Runtime & Build Information (storage, WAL).',
    'Its volume and resources: `kubectl -n NS describe pod prometheus-prometheus-<n>` (OOMKilled, disk full).',
  ]],
  [/^Thanos/, [
    'The Thanos component\'s log: `kubectl -n NS logs -l app.kubernetes.io/name=JOB`.',
    'Thanos Query\'s Stores page: which Store APIs are up, and their time ranges.',
    'The bucket: the object store\'s health and the `thanos-objstore` Secret, and the component\'s memory and CPU.',
  ]],
  [/^Loki/, [
    'The Loki log: `kubectl -n NS logs -l app.kubernetes.io/name=loki --tail=200` (errors, panics, ring).',
    'Its ring and compactor pages: `/ring`, `/compactor/ring` through the gateway or a port-forward.',
    'The object store: the S3 endpoint, the `loki-s3` Secret, the bucket\'s health.',
  ]],
  [/^LogAgent/, [
    'The log agent on the node: `kubectl -n NS logs <agent pod>` (push errors name the status code).',
    'The Loki gateway and Loki write path: their pods and the LokiRequestErrors alert.',
    'Ingestion limits: Loki\'s `limits_config` (rate limits, line size) against the volume the agent sends.',
  ]],
  [/^KubeletFilesystem|^NodeFilesystem/, [
    'What fills the filesystem: `du -xh --max-depth=2 <mountpoint> | sort -h | tail` on the node.',
    'Images and containers the kubelet can reclaim: `crictl images`, `crictl rmi --prune`; logs under /var/log.',
    'Whether it grows steadily (the Node dashboard\'s disk panel): grow the volume or move the data.',
  ]],
  [/^Node/, [
    'The Node dashboard for the node (the link on the alert).',
    'The node itself: `kubectl describe node <node>` (conditions, pressure, allocated resources).',
    'The busiest pods on it: `kubectl top pods -A --sort-by=cpu` (or memory) and `kubectl get pods -A -o wide --field-selector spec.nodeName=<node>`.',
  ]],
  [/^KubePod|^KubeContainer/, [
    'The pod: `kubectl -n <namespace> describe pod <pod>` (events: scheduling, image, probes).',
    'Its log and previous log: `kubectl -n <namespace> logs <pod> --all-containers --previous`.',
    'Its owner\'s rollout: `kubectl -n <namespace> get deploy,sts,ds` and `kubectl -n <namespace> rollout status`.',
  ]],
  [/^KubeStatefulSet|^KubeDeployment|^KubeDaemonSet|^KubePdb/, [
    'The rollout: `kubectl -n <namespace> rollout status <kind>/<name>` and `kubectl -n <namespace> describe <kind> <name>`.',
    'Its newest pods: `kubectl -n <namespace> get pods -l <selector> -o wide` (not ready: probe, image, volume, node).',
    'Disruption budgets and nodes: `kubectl -n <namespace> get pdb`, and whether nodes are cordoned or full.',
  ]],
  [/^KubeNode|^KubeCPU|^KubeMemory/, [
    'The nodes: `kubectl get nodes` and `kubectl describe node <node>` (conditions, taints, allocated resources).',
    'The kubelet on the node: `journalctl -u kubelet` (or k3s) for errors.',
    'The capacity left: requests against allocatable per node (the cluster resources dashboard).',
  ]],
  [/^Kube/, [
    'The object the alert names: `kubectl describe` it and read its events.',
    'The component that acts on it (controller manager, kubelet, storage provisioner): its log.',
    'Whether the cluster is short of capacity or permissions: `kubectl get events -A --sort-by=.lastTimestamp | tail -30`.',
  ]],
  [/^Internet/, [
    'The Internet performance dashboard: is it one metric or all, since when?',
    'The speedtest-exporter log: `kubectl -n NS logs deploy/speedtest-exporter`.',
    'The link itself: the router, the ISP\'s status page, a speed test from another machine.',
  ]],
];

const GENERIC = [
  'The component\'s pods and events: `kubectl -n NS get pods -l app.kubernetes.io/name=JOB`, `kubectl -n NS describe pod <pod>`.',
  'Its log: `kubectl -n NS logs <pod> --tail=200`.',
  'The dashboard linked from the alert, and the alert\'s expression in Prometheus (Graph) to see which series fire.',
];

/** The first three things to check for `alert`, with its rule group's namespace and job filled in. */
export function firstChecks(alert: string, namespace: string, job: string): string[] {
  const checks = CHECKS.find(([pattern]) => pattern.test(alert))?.[1] ?? GENERIC;
  return checks.map((c) => c.replace(/\bNS\b/g, namespace).replace(/\bJOB\b/g, job));
}
