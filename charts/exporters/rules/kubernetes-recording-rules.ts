import { InputSeries, RecordingRule } from '../../../lib/alerting/types';

const ksm = 'job="kube-state-metrics"';
const cadvisor = 'job="kubelet",metrics_path="/metrics/cadvisor"';
const POD = 'namespace="shop",pod="api-1"';
/** The node each pod runs on, one per pod (kube-state-metrics may briefly export two). */
const POD_NODE = `topk by (namespace, pod) (1, max by (namespace, pod, node) (kube_pod_info{${ksm},node!=""}))`;
/** Pods that hold their requests: finished pods linger in kube-state-metrics until deleted. */
const ACTIVE = `max by (namespace, pod) (kube_pod_status_phase{${ksm},phase=~"Pending|Running"} == 1)`;

/** One pod of one container on node n1, with its usage, requests, limits and owner. */
const POD_SERIES: InputSeries[] = [
  { series: `kube_pod_info{${ksm},${POD},node="n1"}`, values: '1x20' },
  { series: `kube_pod_status_phase{${ksm},${POD},phase="Running"}`, values: '1x20' },
  { series: `container_cpu_usage_seconds_total{${cadvisor},${POD},container="api",image="api:1",node="n1"}`, values: '0+30x20' },
  ...(['working_set_bytes', 'rss', 'cache', 'swap'] as const).map((m, i) => ({ series: `container_memory_${m}{${cadvisor},${POD},container="api",image="api:1",node="n1"}`, values: `${100 - i * 10}x20` })),
  ...([['requests', 'cpu', 'core', 0.25], ['requests', 'memory', 'byte', 64], ['limits', 'cpu', 'core', 1], ['limits', 'memory', 'byte', 128]] as const)
    .map(([kind, resource, unit, v]) => ({ series: `kube_pod_container_resource_${kind}{${ksm},${POD},container="api",node="n1",resource="${resource}",unit="${unit}"}`, values: `${v}x20` })),
];
const CONTAINER = { job: 'kubelet', metrics_path: '/metrics/cadvisor', namespace: 'shop', pod: 'api-1', container: 'api', image: 'api:1', node: 'n1' };
const rule = (record: string, expr: string, expected: { labels?: Record<string, string>; value: number }, labels?: Record<string, string>): RecordingRule =>
  ({ record, expr, ...(labels ? { labels } : {}), tests: [{ inputSeries: POD_SERIES, evalTime: '10m', expectSamples: [expected] }] });

/** Per-container usage joined to its node, and requests and limits of active pods, per namespace. */
export function containerRecordingRules(): RecordingRule[] {
  const memory = (m: string, value: number) => rule(`node_namespace_pod_container:container_memory_${m}`,
    `container_memory_${m}{${cadvisor},image!=""} * on (namespace, pod) group_left (node) ${POD_NODE}`, { labels: CONTAINER, value });
  const resources = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory', value: number) => {
    const active = `cluster:namespace:pod_${resource}:active:kube_pod_container_resource_${kind}`;
    return [
      rule(active, `kube_pod_container_resource_${kind}{${ksm},resource="${resource}"} * on (namespace, pod) group_left () ${ACTIVE}`,
        { labels: { job: 'kube-state-metrics', namespace: 'shop', pod: 'api-1', container: 'api', node: 'n1', resource, unit: resource === 'cpu' ? 'core' : 'byte' }, value }),
      rule(`namespace_${resource}:kube_pod_container_resource_${kind}:sum`, `sum by (namespace) (${active})`, { labels: { namespace: 'shop' }, value }),
    ];
  };
  return [
    rule('node_namespace_pod:kube_pod_info:', POD_NODE, { labels: { namespace: 'shop', pod: 'api-1', node: 'n1' }, value: 1 }),
    // kubernetes-mixin's current CPU usage; its older `:sum_irate` twin is not recorded (one definition).
    rule('node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m',
      `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{${cadvisor},image!=""}[5m])) * on (namespace, pod) group_left (node) ${POD_NODE}`,
      { labels: { namespace: 'shop', pod: 'api-1', container: 'api', node: 'n1' }, value: 0.5 }),
    memory('working_set_bytes', 100), memory('rss', 90), memory('cache', 80), memory('swap', 70),
    ...resources('requests', 'memory', 64), ...resources('requests', 'cpu', 0.25),
    ...resources('limits', 'memory', 128), ...resources('limits', 'cpu', 1),
  ];
}

/** Each pod's workload (Deployment, DaemonSet, StatefulSet, Job): what the workload views group by. */
export function workloadRecordingRules(): RecordingRule[] {
  const record = 'namespace_workload_pod:kube_pod_owner:relabel';
  const owned = (kind: string) => ({ series: `kube_pod_owner{${ksm},${POD},owner_kind="${kind}",owner_name="api-7d9f",owner_is_controller="true"}`, values: '1x20' });
  const direct = (kind: string, type: string): RecordingRule => ({
    record,
    expr: `max by (namespace, workload, pod) (label_replace(kube_pod_owner{${ksm},owner_kind="${kind}"}, "workload", "$1", "owner_name", "(.*)"))`,
    labels: { workload_type: type },
    tests: [{ inputSeries: [owned(kind)], evalTime: '5m', expectSamples: [{ labels: { namespace: 'shop', workload: 'api-7d9f', pod: 'api-1' }, value: 1 }] }],
  });
  return [
    {
      record,
      // A Deployment owns its pods through a ReplicaSet.
      expr: `max by (namespace, workload, pod) (label_replace(label_replace(kube_pod_owner{${ksm},owner_kind="ReplicaSet"}, "replicaset", "$1", "owner_name", "(.*)")`
        + ` * on (replicaset, namespace) group_left (owner_name) topk by (replicaset, namespace) (1, max by (replicaset, namespace, owner_name) (kube_replicaset_owner{${ksm},owner_kind="Deployment"})),`
        + ' "workload", "$1", "owner_name", "(.*)"))',
      labels: { workload_type: 'deployment' },
      tests: [{
        inputSeries: [owned('ReplicaSet'), { series: `kube_replicaset_owner{${ksm},namespace="shop",replicaset="api-7d9f",owner_kind="Deployment",owner_name="api",owner_is_controller="true"}`, values: '1x20' }],
        evalTime: '5m', expectSamples: [{ labels: { namespace: 'shop', workload: 'api', pod: 'api-1' }, value: 1 }],
      }],
    },
    direct('DaemonSet', 'daemonset'), direct('StatefulSet', 'statefulset'), direct('Job', 'job'),
  ];
}

/** Latency quantiles of the kubelet's pod lifecycle loop and of the API server, and its request rates. */
export function controlPlaneRecordingRules(): RecordingRule[] {
  const pleg = (le: string) => ({ series: `kubelet_pleg_relist_duration_seconds_bucket{job="kubelet",metrics_path="/metrics",node="n1",le="${le}"}`, values: '0+60x20' });
  const api = (le: string) => ({ series: `apiserver_request_duration_seconds_bucket{job="apiserver",verb="GET",resource="pods",le="${le}"}`, values: '0+60x20' });
  return [
    ...[0.99, 0.9, 0.5].map((q): RecordingRule => ({
      record: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile',
      expr: `histogram_quantile(${q}, sum by (node, le) (rate(kubelet_pleg_relist_duration_seconds_bucket{job="kubelet",metrics_path="/metrics"}[5m])))`,
      labels: { quantile: String(q) },
      tests: [{ inputSeries: [pleg('1'), pleg('+Inf')], evalTime: '10m', expectSamples: [0.99, 0.9, 0.5].map((v) => ({ labels: { node: 'n1', quantile: String(v) }, value: v })) }],
    })),
    {
      record: 'cluster_quantile:apiserver_request_duration_seconds:histogram_quantile',
      expr: 'histogram_quantile(0.99, sum by (verb, resource, le) (rate(apiserver_request_duration_seconds_bucket{job="apiserver",verb!~"WATCH|CONNECT"}[5m])))',
      labels: { quantile: '0.99' },
      tests: [{ inputSeries: [api('1'), api('+Inf')], evalTime: '10m', expectSamples: [{ labels: { verb: 'GET', resource: 'pods' }, value: 0.99 }] }],
    },
    {
      record: 'code_verb:apiserver_request_total:increase1h',
      expr: 'sum by (code, verb) (increase(apiserver_request_total{job="apiserver",verb=~"LIST|GET|POST|PUT|PATCH|DELETE"}[1h]))',
      tests: [{ inputSeries: [{ series: 'apiserver_request_total{job="apiserver",code="200",resource="pods",verb="GET"}', values: '0+60x80' }], evalTime: '70m', expectSamples: [{ labels: { code: '200', verb: 'GET' }, value: 3600 }] }],
    },
    {
      record: 'code_resource:apiserver_request_total:rate5m',
      expr: 'sum by (code, resource) (rate(apiserver_request_total{job="apiserver"}[5m]))',
      tests: [{ inputSeries: [{ series: 'apiserver_request_total{job="apiserver",code="200",resource="pods",verb="GET"}', values: '0+60x20' }], evalTime: '10m', expectSamples: [{ labels: { code: '200', resource: 'pods' }, value: 1 }] }],
    },
  ];
}
