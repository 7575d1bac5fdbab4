import { parse } from 'yaml';
import { referenceCluster } from './support/reference';

const cluster = referenceCluster();
const obj = (file: string) => {
  const content = cluster.files.get(`kube-state-metrics/${file}`);
  if (!content) throw new Error(`kube-state-metrics/${file} not rendered`);
  return parse(content);
};
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
const role = obj('clusterrole-kube-state-metrics.yaml');
const container = obj('deployment-kube-state-metrics.yaml').spec.template.spec.containers[0];
const arg = (name: string) => (container.args as string[]).find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');

describe('kube-state-metrics', () => {
  test('runs the pinned release', () => {
    expect(container.image).toBe('registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0');
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http-metrics' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'telemetry' });
  });

  test('may only list and watch, and only what it is told to export', () => {
    for (const rule of role.rules as Rule[]) expect(rule.verbs).toEqual(['list', 'watch']);
    const granted = (role.rules as Rule[]).flatMap((r) => r.resources).sort();
    expect(granted).toEqual(arg('resources')!.split(',').sort());
    expect(granted).not.toContain('secrets');
    expect(granted).not.toContain('configmaps');
  });

  test('grants each resource in its own API group', () => {
    const groupOf = (resource: string) => (role.rules as Rule[]).find((r) => r.resources.includes(resource))?.apiGroups;
    expect(groupOf('pods')).toEqual(['']);
    expect(groupOf('deployments')).toEqual(['apps']);
    expect(groupOf('cronjobs')).toEqual(['batch']);
    expect(groupOf('ingresses')).toEqual(['networking.k8s.io']);
    expect(groupOf('leases')).toEqual(['coordination.k8s.io']);
  });

  test('the role is bound to its own ServiceAccount', () => {
    const binding = obj('clusterrolebinding-kube-state-metrics.yaml');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kube-state-metrics' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-state-metrics', namespace: 'monitoring' }]);
    expect(obj('deployment-kube-state-metrics.yaml').spec.template.spec.serviceAccountName).toBe('kube-state-metrics');
  });

  test('exports the pod labels dashboards group by', () => {
    expect(arg('metric-labels-allowlist')).toContain('pods=[app.kubernetes.io/name,app.kubernetes.io/instance,app]');
  });

  test('exports the excluded_from_alerts label of claims, which the volume alerts honour', () => {
    expect(arg('metric-labels-allowlist')).toContain('persistentvolumeclaims=[excluded_from_alerts]');
  });

  test('its telemetry port is scraped, for its list and watch error alerts', () => {
    expect(obj('podmonitor-kube-state-metrics-telemetry.yaml').spec.podMetricsEndpoints[0].port).toBe('telemetry');
    const alerts = obj('prometheusrule-kube-state-metrics-telemetry.yaml').spec.groups[0].rules.map((r: { alert: string }) => r.alert);
    expect(alerts).toEqual(['KubeStateMetricsListErrors', 'KubeStateMetricsWatchErrors']);
  });

  test('its monitor honours the exported namespace/pod labels', () => {
    const sm = obj('servicemonitor-kube-state-metrics.yaml');
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'http-metrics', honorLabels: true });
    expect(obj('service-kube-state-metrics.yaml').spec.ports).toEqual([{ name: 'http-metrics', port: 8080, targetPort: 'http-metrics' }]);
  });

  test('ships the Kubernetes workload alerts', () => {
    const alerts = obj('prometheusrule-kubernetes.yaml').spec.groups[0].rules.map((r: { alert: string }) => r.alert);
    expect(alerts).toEqual(expect.arrayContaining([
      'KubePodCrashLooping', 'KubePodNotReady', 'KubeJobFailed', 'KubeDeploymentReplicasMismatch',
      'KubeDeploymentRolloutStuck', 'KubeDaemonSetNotScheduled', 'KubeNodeNotReady',
    ]));
  });
});
