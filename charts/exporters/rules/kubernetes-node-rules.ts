import { AlertingRule } from '../../../lib/alerting/types';
import { runbook } from '../../runbooks';

const ksm = 'job="kube-state-metrics"';
const condition = (node: string, cond: string, status: string) => `kube_node_status_condition{${ksm},node="${node}",condition="${cond}",status="${status}"}`;
const unschedulable = (node: string) => `kube_node_spec_unschedulable{${ksm},node="${node}"}`;

/** Node conditions from kube-state-metrics: pressure and flapping readiness, cordoned nodes excepted. */
export function kubernetesNodeAlerts(): AlertingRule[] {
  return [
    {
      alert: 'KubeNodePressure',
      expr: `kube_node_status_condition{${ksm},condition=~"MemoryPressure|DiskPressure|PIDPressure",status="true"} == 1 and on (node) kube_node_spec_unschedulable{${ksm}} == 0`,
      for: '10m',
      severity: 'info',
      summary: 'Node {{ $labels.node }} reports {{ $labels.condition }}',
      description: 'The kubelet of {{ $labels.node }} has reported {{ $labels.condition }} for 10 minutes and is evicting or refusing pods. Find what uses the resource on that node.',
      tests: [
        {
          inputSeries: [{ series: condition('n1', 'DiskPressure', 'true'), values: '1x30' }, { series: unschedulable('n1'), values: '0x30' }],
          evalTime: '20m', expectAlerts: [{ labels: { job: 'kube-state-metrics', node: 'n1', condition: 'DiskPressure', status: 'true' } }],
        },
        // Cordoned for maintenance: expected, not news.
        { inputSeries: [{ series: condition('n1', 'DiskPressure', 'true'), values: '1x30' }, { series: unschedulable('n1'), values: '1x30' }], evalTime: '20m', expectAlerts: [] },
        { inputSeries: [{ series: condition('n1', 'DiskPressure', 'true'), values: '0x30' }, { series: unschedulable('n1'), values: '0x30' }], evalTime: '20m', expectAlerts: [] },
      ],
    },
    {
      alert: 'KubeNodeReadinessFlapping',
      expr: `sum by (node) (changes(kube_node_status_condition{${ksm},condition="Ready",status="true"}[15m])) > 2 and on (node) kube_node_spec_unschedulable{${ksm}} == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Node {{ $labels.node }} keeps changing readiness',
      description: '{{ $labels.node }} has switched between Ready and NotReady more than twice in 15 minutes: an unstable kubelet, network or power. Check the kubelet log.',
      runbookUrl: runbook('kubernetes', 'KubeNodeReadinessFlapping'),
      tests: [
        { inputSeries: [{ series: condition('n1', 'Ready', 'true'), values: '1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0' }, { series: unschedulable('n1'), values: '0x40' }], evalTime: '35m', expectAlerts: [{ labels: { node: 'n1' } }] },
        { inputSeries: [{ series: condition('n1', 'Ready', 'true'), values: '1x40' }, { series: unschedulable('n1'), values: '0x40' }], evalTime: '35m', expectAlerts: [] },
      ],
    },
  ];
}

const kubelet = 'job="kubelet",metrics_path="/metrics"';
const kubeletSeries = (metric: string, node = 'n1') => `${metric}{${kubelet},instance="10.0.0.1:10250",node="${node}"}`;
const kubeletLabels = { job: 'kubelet', metrics_path: '/metrics', instance: '10.0.0.1:10250', node: 'n1' };
const WEEK = 7 * 24 * 3600;
const DAY = 24 * 3600;

/** The kubelet's own health: evictions and its client and serving certificates. */
export function kubeletAlerts(): AlertingRule[] {
  const certificate = (kind: 'Client' | 'Server', metric: string): AlertingRule[] => ([['warning', WEEK, 'a week'], ['critical', DAY, 'a day']] as const).map(([severity, seconds, within]) => ({
    alert: `Kubelet${kind}CertificateExpiration`,
    expr: `${metric}{${kubelet}} < ${seconds}`,
    severity,
    summary: `The kubelet ${kind.toLowerCase()} certificate of {{ $labels.node }} expires within ${within}`,
    description: `The ${kind.toLowerCase()} certificate of the kubelet on {{ $labels.node }} expires within ${within} and has not been renewed. Check certificate rotation and the kubelet log.`,
    runbookUrl: runbook('kubernetes', `Kubelet${kind}CertificateExpiration`),
    tests: [
      // Within a day is within a week too: the critical case fires both tiers.
      { inputSeries: [{ series: kubeletSeries(metric), values: `${seconds - 60}x10` }], evalTime: '5m',
        expectAlerts: [{ labels: kubeletLabels }, ...(severity === 'critical' ? [{ labels: kubeletLabels, severity: 'warning' as const }] : [])] },
      { inputSeries: [{ series: kubeletSeries(metric), values: `${WEEK * 4}x10` }], evalTime: '5m', expectAlerts: [] },
    ],
  }));
  const renewal = (kind: 'Client' | 'Server', metric: string): AlertingRule => ({
    alert: `Kubelet${kind}CertificateRenewalErrors`,
    expr: `increase(${metric}{${kubelet}}[5m]) > 0`,
    for: '15m',
    severity: 'warning',
    summary: `The kubelet on {{ $labels.node }} fails to renew its ${kind.toLowerCase()} certificate`,
    description: `The kubelet on {{ $labels.node }} has failed to renew its ${kind.toLowerCase()} certificate for 15 minutes; it stops working when the certificate expires. Check its CSRs and log.`,
    runbookUrl: runbook('kubernetes', `Kubelet${kind}CertificateRenewalErrors`),
    tests: [
      { inputSeries: [{ series: kubeletSeries(metric), values: '0+1x40' }], evalTime: '30m', expectAlerts: [{ labels: kubeletLabels }] },
      { inputSeries: [{ series: kubeletSeries(metric), values: '2x40' }], evalTime: '30m', expectAlerts: [] },
    ],
  });
  return [
    {
      alert: 'KubeNodeEviction',
      expr: `sum by (node, eviction_signal) (rate(kubelet_evictions{${kubelet}}[15m])) > 0`,
      severity: 'info',
      summary: 'The kubelet on {{ $labels.node }} is evicting workloads ({{ $labels.eviction_signal }})',
      description: 'The kubelet on {{ $labels.node }} is evicting pods because of {{ $labels.eviction_signal }}. Find what fills memory or disk on that node.',
      tests: [
        { inputSeries: [{ series: `kubelet_evictions{${kubelet},node="n1",eviction_signal="memory.available"}`, values: '0 1 2 3 4 5' }], evalTime: '5m', expectAlerts: [{ labels: { node: 'n1', eviction_signal: 'memory.available' } }] },
        { inputSeries: [{ series: `kubelet_evictions{${kubelet},node="n1",eviction_signal="memory.available"}`, values: '3x5' }], evalTime: '5m', expectAlerts: [] },
      ],
    },
    ...certificate('Client', 'kubelet_certificate_manager_client_ttl_seconds'),
    ...certificate('Server', 'kubelet_certificate_manager_server_ttl_seconds'),
    {
      // The 0.99 quantile the kubernetes-recording group records per node.
      alert: 'KubeletPlegDurationHigh',
      expr: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{quantile="0.99"} >= 10',
      for: '5m',
      severity: 'warning',
      summary: 'The kubelet on {{ $labels.node }} is slow to relist its containers (PLEG)',
      description: 'The 99th percentile of the kubelet\'s pod lifecycle event generator relist on {{ $labels.node }} has been 10 seconds or more for 5 minutes: the container runtime answers slowly, pods start and stop late, and past 3 minutes the node turns NotReady. Check the runtime (crictl ps, its log) and the node\'s load and disk.',
      runbookUrl: runbook('kubernetes', 'KubeletPlegDurationHigh'),
      tests: [
        { inputSeries: [{ series: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{node="n1",quantile="0.99"}', values: '12x20' }], evalTime: '10m', expectAlerts: [{ labels: { node: 'n1', quantile: '0.99' } }] },
        { inputSeries: [{ series: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{node="n1",quantile="0.99"}', values: '0.5x20' }], evalTime: '10m', expectAlerts: [] },
      ],
    },
    renewal('Client', 'kubelet_certificate_manager_client_expiration_renew_errors'),
    renewal('Server', 'kubelet_server_expiration_renew_errors'),
  ];
}

/** The API server: client certificates about to expire, aggregated APIs unavailable. */
export function apiserverAlerts(): AlertingRule[] {
  const api = 'job="apiserver"';
  const bucket = (le: string) => `apiserver_client_certificate_expiration_seconds_bucket{${api},instance="10.0.0.1:6443",le="${le}"}`;
  const count = `apiserver_client_certificate_expiration_seconds_count{${api},instance="10.0.0.1:6443"}`;
  const expiring = (values: [string, string, string, string]) => [
    { series: bucket(String(DAY / 2)), values: values[0] }, { series: bucket(String(3 * DAY)), values: values[1] },
    { series: bucket(String(30 * DAY)), values: values[2] }, { series: bucket('+Inf'), values: values[3] },
    { series: count, values: values[3] },
  ];
  const labels = { job: 'apiserver', instance: '10.0.0.1:6443' };
  const certificate = ([['warning', WEEK, 'a week'], ['critical', DAY, 'a day']] as const).map(([severity, seconds, within]): AlertingRule => ({
    alert: 'KubeClientCertificateExpiration',
    expr: `histogram_quantile(0.01, sum by (job, instance, le) (rate(apiserver_client_certificate_expiration_seconds_bucket{${api}}[5m]))) < ${seconds}`
      + ` and on (job, instance) apiserver_client_certificate_expiration_seconds_count{${api}} > 0`,
    for: '5m',
    severity,
    summary: `A client certificate used against the API server expires within ${within}`,
    description: `Some client presented the API server {{ $labels.instance }} a certificate that expires within ${within}. Find and renew it before it stops working.`,
    runbookUrl: runbook('kubernetes', 'KubeClientCertificateExpiration'),
    tests: [
      // Certificates expiring in 3 to 30 days: the warning alone; within half a day: both tiers.
      severity === 'warning'
        ? { inputSeries: expiring(['0x30', '0x30', '0+10x30', '0+10x30']), evalTime: '20m', expectAlerts: [{ labels }] }
        : { inputSeries: expiring(['0+10x30', '0+10x30', '0+10x30', '0+10x30']), evalTime: '20m', expectAlerts: [{ labels }, { labels, severity: 'warning' }] },
      { inputSeries: expiring(['0x30', '0x30', '0x30', '0+10x30']), evalTime: '20m', expectAlerts: [] },
    ],
  }));
  const unavailable = (values: string) => [{ series: `aggregator_unavailable_apiservice{${api},name="v1beta1.metrics.k8s.io"}`, values }];
  return [
    ...certificate,
    {
      alert: 'KubeAggregatedAPIDown',
      expr: `(1 - max by (name, namespace) (avg_over_time(aggregator_unavailable_apiservice{${api}}[10m]))) * 100 < 85`,
      for: '5m',
      severity: 'warning',
      summary: 'Aggregated API {{ $labels.name }} is down',
      description: 'The aggregated API {{ $labels.name }} has been unavailable more than 15% of the last 10 minutes; kubectl and controllers that use it fail. Check the Service and pods behind the APIService.',
      runbookUrl: runbook('kubernetes', 'KubeAggregatedAPIDown'),
      tests: [
        { inputSeries: unavailable('1x30'), evalTime: '20m', expectAlerts: [{ labels: { name: 'v1beta1.metrics.k8s.io' } }] },
        { inputSeries: unavailable('0x30'), evalTime: '20m', expectAlerts: [] },
      ],
    },
  ];
}
