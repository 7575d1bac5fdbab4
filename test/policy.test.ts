import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../lib/render/collect';
import { exceptionsMarkdown, securityExceptions } from '../lib/policy/exceptions';
import { fileOf, loadManifests } from '../lib/policy/manifests';
import { checkPolicies, formatViolation, POLICY_RULES, RBAC_WILDCARD_ALLOWLIST, rbacWildcardRule } from '../lib/policy/rules';
import { clusters } from './support/configured';
import { renderCluster } from '../charts/stack';
import { referenceCluster, REPO_ROOT } from './support/reference';

const cluster = referenceCluster();

// Every configured cluster, a cluster added to config/ included, passes the whole suite.
describe.each(clusters.map((c) => [c.name, c] as const))('the rendered cluster %s', (_name, config) => {
  const manifests = loadManifests(renderCluster(config).files);

  test('loads every object with its file', () => {
    expect(manifests.length).toBeGreaterThan(100);
    expect(manifests.every((m) => fileOf(m))).toBe(true);
  });

  // One test per rule, so a failure names the rule, then lists `rule: Kind ns/name (file): what`.
  test.each(POLICY_RULES.map((r) => [r.id, r] as const))('passes %s', (_id, rule) => {
    expect(rule.check(manifests).map(formatViolation)).toEqual([]);
  });
});

describe('the policy suite', () => {

  test('the suite covers every requirement of the security model', () => {
    expect(POLICY_RULES.map((r) => r.id).sort()).toEqual([
      'container-resources', 'host-agents-isolated', 'host-pid-own-uid', 'namespace-pod-security-label', 'no-secret-data', 'pinned-images',
      'pod-security-restricted', 'rbac-no-escalation', 'rbac-no-wildcards', 'rbac-rules-valid', 'server-probes', 'token-only-where-needed', 'volume-mounts-resolve',
    ]);
    for (const rule of POLICY_RULES) expect(rule.description.length).toBeGreaterThan(20);
  });
});

describe('each rule catches what it is for', () => {
  const ns = (name: string, level?: string, reason?: string): Manifest => ({
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name, ...(level ? { labels: { 'pod-security.kubernetes.io/enforce': level } } : {}), ...(reason ? { annotations: { 'observability-stack/pod-security-reason': reason } } : {}) },
  });
  const goodSc = { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
  const goodContainer = {
    name: 'app', image: 'example/app:1.0.0', ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    livenessProbe: { tcpSocket: { port: 'http' } }, readinessProbe: { tcpSocket: { port: 'http' } },
    securityContext: goodSc,
  };
  const deployment = (podSpec: Record<string, unknown>, container: Record<string, unknown> = {}, namespace = 'apps', annotations?: Record<string, string>): Manifest => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace },
    spec: { template: { metadata: annotations ? { annotations } : {}, spec: { serviceAccountName: 'app', automountServiceAccountToken: false, ...podSpec, containers: [{ ...goodContainer, ...container }] } } },
  });
  const sc = (change: Record<string, unknown>) => ({ securityContext: { ...goodSc, ...change } });
  const role = (rules: unknown[], name = 'greedy'): Manifest => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
  const prometheus = (spec: Record<string, unknown>): Manifest => ({
    apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'prometheus', namespace: 'apps' },
    spec: { image: 'quay.io/prometheus/prometheus:v3.5.0', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } }, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, ...spec },
  });
  const run = (id: string, objects: Manifest[]) => checkPolicies(objects, POLICY_RULES.filter((r) => r.id === id));

  test('a compliant namespace, deployment and Prometheus pass them all', () => {
    expect(checkPolicies([ns('apps', 'restricted'), deployment({}), prometheus({})]).map(formatViolation)).toEqual([]);
  });

  test.each<[string, Manifest[], RegExp]>([
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ readOnlyRootFilesystem: false }))], /Deployment apps\/app: container app: root filesystem is writable/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ allowPrivilegeEscalation: true }))], /allowPrivilegeEscalation is not false/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ capabilities: {} }))], /does not drop ALL capabilities/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }))], /adds capabilities SYS_ADMIN/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ runAsNonRoot: undefined }))], /runAsNonRoot is not true/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ runAsUser: 0 }))], /runs as uid 0/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ privileged: true }))], /is privileged/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, sc({ seccompProfile: { type: 'Unconfined' } }))], /no RuntimeDefault seccomp profile/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({ hostNetwork: true })], /uses host namespaces/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, { ports: [{ containerPort: 80, hostPort: 80 }] })], /uses host namespaces, hostPath or hostPort/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({ volumes: [{ name: 'nfs', nfs: { server: 'nas', path: '/' } }] })], /volume nfs: type nfs is not allowed/],
    ['pod-security-restricted', [ns('apps', 'restricted'), prometheus({ securityContext: { runAsNonRoot: true } })], /Prometheus apps\/prometheus: spec.securityContext has no RuntimeDefault seccomp/],
    ['host-agents-isolated', [ns('apps', 'restricted'), deployment({ hostPID: true })], /host access in namespace apps, which is not labelled privileged/],
    ['host-agents-isolated', [ns('agents', 'privileged', 'agents'), deployment({ volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] }, {}, 'agents')], /without a observability-stack\/host-access annotation/],
    ['namespace-pod-security-label', [ns('apps')], /Namespace apps: no pod-security.kubernetes.io\/enforce label/],
    ['namespace-pod-security-label', [ns('agents', 'privileged')], /enforces privileged without a observability-stack\/pod-security-reason annotation/],
    ['container-resources', [deployment({}, { resources: { requests: { cpu: '1' } } })], /container app: missing requests.memory, limits.memory/],
    ['container-resources', [prometheus({ resources: { requests: { cpu: '1', memory: '1Gi' } } })], /Prometheus apps\/prometheus: spec.resources: missing limits.memory/],
    ['server-probes', [deployment({}, { readinessProbe: undefined })], /exposes ports without a readiness probe/],
    ['server-probes', [deployment({}, { livenessProbe: undefined })], /exposes ports without a liveness probe/],
    ['pinned-images', [deployment({}, { image: 'example/app:latest' })], /image example\/app:latest is not pinned/],
    ['pinned-images', [deployment({}, { image: 'registry:5000/example/app' })], /image registry:5000\/example\/app is not pinned/],
    ['pinned-images', [prometheus({ image: undefined })], /image \(operator default\) is not pinned/],
    ['rbac-no-wildcards', [role([{ apiGroups: [''], resources: ['*'], verbs: ['get'] }])], /ClusterRole greedy: wildcard/],
    ['rbac-no-wildcards', [role([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }])], /ClusterRole greedy: wildcard/],
    ['rbac-no-wildcards', [role([{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }])], /ClusterRole greedy: wildcard/],
    ['rbac-no-wildcards', [role([{ nonResourceURLs: ['/metrics/*'], verbs: ['get'] }])], /ClusterRole greedy: wildcard/],
    ['host-pid-own-uid', [
      { ...deployment({ hostPID: true, securityContext: { runAsUser: 65534 } }, {}, 'agents'), metadata: { name: 'agent', namespace: 'agents' } },
      deployment({ securityContext: { runAsUser: 65534 } }),
    ], /Deployment agents\/agent: runs as uid 65534, as does Deployment apps\/app/],
    ['volume-mounts-resolve', [deployment({ volumes: [{ name: 'tmp', emptyDir: {} }] }, { volumeMounts: [{ name: 'dashboards', mountPath: '/etc/dashboards' }] })], /container app: mount \/etc\/dashboards names volume dashboards, which the pod does not have/],
    ['rbac-rules-valid', [role([{ apiGroups: [], verbs: ['get'] }])], /ClusterRole greedy: rule .* names no API group/],
    ['rbac-rules-valid', [role([{ apiGroups: [''], verbs: ['get'] }])], /names no resources/],
    ['rbac-rules-valid', [role([{ apiGroups: [''], resources: ['pods'] }])], /names no verbs/],
    ['rbac-rules-valid', [{ ...role([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]), kind: 'Role' }], /only a ClusterRole can/],
    ['rbac-no-escalation', [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'app' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] }], /binds the built-in cluster-admin role/],
    ['rbac-no-escalation', [role([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] }])], /grants bind on \["clusterroles"\]/],
    ['token-only-where-needed', [deployment({ automountServiceAccountToken: true })], /mounts a token for apps\/app, which has no role binding/],
    ['token-only-where-needed', [deployment({ automountServiceAccountToken: undefined, serviceAccountName: undefined })], /mounts a token for apps\/default/],
    ['no-secret-data', [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' }, stringData: { password: 'x' } }], /Secret apps\/s: renders Secret data/],
    ['no-secret-data', [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' }, data: { password: 'eA==' } }], /Secret apps\/s: renders Secret data/],
  ])('%s catches a violation (%#)', (id, bad, message) => {
    const found = run(id, bad);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map(formatViolation).join('\n')).toMatch(message);
    expect(found.every((v) => v.rule === id)).toBe(true);
  });

  test('a violation names the rendered file it came from', () => {
    const [v] = run('pinned-images', loadManifests(new Map([['apps/deployment-app.yaml', JSON.stringify(deployment({}, { image: 'example/app' }))]])));
    expect(v).toMatchObject({ rule: 'pinned-images', kind: 'Deployment', namespace: 'apps', name: 'app', file: 'apps/deployment-app.yaml' });
    expect(formatViolation(v)).toBe('pinned-images: Deployment apps/app (apps/deployment-app.yaml): container app: image example/app is not pinned');
  });

  test('a bound ServiceAccount may mount its token; a privileged namespace may run host agents', () => {
    const binding: Manifest = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'app', namespace: 'apps' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app' }, subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'apps' }] };
    expect(run('token-only-where-needed', [deployment({ automountServiceAccountToken: true }), binding])).toEqual([]);
    const agent = deployment({ hostPID: true }, sc({ runAsNonRoot: false, runAsUser: 0 }), 'agents', { 'observability-stack/host-access': 'reads /proc' });
    expect(checkPolicies([ns('agents', 'privileged', 'host agents'), agent], POLICY_RULES.filter((r) => r.id.startsWith('pod-security') || r.id.startsWith('host-')))).toEqual([]);
  });

  test('an allowlisted role may use a wildcard, and only that role', () => {
    const rule = rbacWildcardRule([{ kind: 'ClusterRole', name: 'upstream', reason: 'upstream needs it' }]);
    const wildcard = [{ apiGroups: ['example.com'], resources: ['*'], verbs: ['get'] }];
    expect(rule.check([role(wildcard, 'upstream')])).toEqual([]);
    expect(rule.check([role(wildcard, 'other')])).toHaveLength(1);
  });
});

describe('docs/security.md', () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'security.md'), 'utf8');

  test('lists every policy rule', () => {
    for (const rule of POLICY_RULES) expect(doc).toContain(`\`${rule.id}\``);
  });

  test('its exceptions table is the one generated from the rendered objects and the RBAC allowlist', () => {
    const exceptions = securityExceptions(loadManifests(cluster.files));
    // Host agents and their namespace, at least; each with its reason.
    expect(exceptions.length).toBeGreaterThanOrEqual(3);
    for (const e of exceptions) expect(e.reason).not.toBe('(none given)');
    for (const a of RBAC_WILDCARD_ALLOWLIST) expect(exceptions.some((e) => e.reason === a.reason)).toBe(true);
    const block = /<!-- exceptions:begin -->\n([\s\S]*?)\n<!-- exceptions:end -->/.exec(doc)?.[1];
    // On failure, paste the expected table between the markers.
    expect(block).toBe(exceptionsMarkdown(exceptions));
  });
});
