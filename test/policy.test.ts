import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Manifest } from '../lib/render/collect';
import { checkPolicies, POLICY_RULES, RBAC_WILDCARD_ALLOWLIST } from '../lib/policy/rules';
import { referenceCluster } from './support/reference';

const cluster = referenceCluster();
const manifests: Manifest[] = [...cluster.files.entries()]
  .filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'))
  .map(([, c]) => parse(c));

test('every rendered object passes every policy rule', () => {
  const violations = checkPolicies(manifests).map((v) => `${v.rule}: ${v.object}: ${v.message}`);
  expect(violations).toEqual([]);
  expect(POLICY_RULES.length).toBeGreaterThan(5);
});

describe('each rule catches what it is for', () => {
  const ns = (name: string, level?: string): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(level ? { labels: { 'pod-security.kubernetes.io/enforce': level } } : {}) } });
  const goodContainer = {
    name: 'app', image: 'example/app:1.0.0', ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    livenessProbe: { tcpSocket: { port: 'http' } }, readinessProbe: { tcpSocket: { port: 'http' } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
  };
  const deployment = (podSpec: Record<string, unknown>, container: Record<string, unknown> = {}, namespace = 'apps', annotations?: Record<string, string>): Manifest => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace },
    spec: { template: { metadata: annotations ? { annotations } : {}, spec: { serviceAccountName: 'app', automountServiceAccountToken: false, ...podSpec, containers: [{ ...goodContainer, ...container }] } } },
  });
  const run = (id: string, manifests: Manifest[]) => checkPolicies(manifests, POLICY_RULES.filter((r) => r.id === id));

  test('a compliant deployment passes them all', () => {
    expect(checkPolicies([ns('apps', 'restricted'), deployment({})])).toEqual([]);
  });
  test.each<[string, Manifest[], RegExp]>([
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, { securityContext: { ...goodContainer.securityContext, readOnlyRootFilesystem: false } })], /container app: root filesystem is writable/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, { securityContext: { ...goodContainer.securityContext, allowPrivilegeEscalation: true } })], /allowPrivilegeEscalation is not false/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({}, { securityContext: { ...goodContainer.securityContext, capabilities: {} } })], /does not drop ALL capabilities/],
    ['pod-security-restricted', [ns('apps', 'restricted'), deployment({ hostNetwork: true })], /uses host namespaces/],
    ['host-agents-isolated', [ns('apps', 'restricted'), deployment({ hostPID: true })], /host access in namespace apps, which is not labelled privileged/],
    ['host-agents-isolated', [ns('agents', 'privileged'), deployment({ hostPID: true }, {}, 'agents')], /without a observability-stack\/host-access annotation/],
    ['namespace-pod-security-label', [ns('apps')], /no pod-security.kubernetes.io\/enforce label/],
    ['container-resources', [deployment({}, { resources: { requests: { cpu: '1' } } })], /missing requests.memory, limits.memory/],
    ['server-probes', [deployment({}, { readinessProbe: undefined })], /exposes ports without a readiness probe/],
    ['pinned-images', [deployment({}, { image: 'example/app:latest' })], /image example\/app:latest is not pinned/],
    ['pinned-images', [deployment({}, { image: 'example/app' })], /image example\/app is not pinned/],
    ['rbac-no-wildcards', [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'greedy' }, rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }], /ClusterRole greedy: wildcard/],
    ['token-only-where-needed', [deployment({ automountServiceAccountToken: true })], /mounts a token for apps\/app, which has no role binding/],
    ['no-secret-data', [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' }, stringData: { password: 'x' } }], /Secret apps\/s: renders Secret data/],
  ])('%s catches a violation', (id, bad, message) => {
    const found = run(id, bad);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((v) => `${v.object}: ${v.message}`).join('\n')).toMatch(message);
  });
});

describe('docs/security.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'security.md'), 'utf8');
  test('lists every policy rule', () => {
    for (const rule of POLICY_RULES) expect(doc).toContain(`\`${rule.id}\``);
  });
  test('lists every workload with host access, and every RBAC allowlist entry', () => {
    const hostWorkloads = manifests.filter((m) => (m.spec as { template?: { metadata?: { annotations?: Record<string, string> } } })?.template?.metadata?.annotations?.['observability-stack/host-access']);
    expect(hostWorkloads.length).toBeGreaterThan(0);
    for (const w of hostWorkloads) expect(doc).toContain(`\`${w.metadata.name}\``);
    for (const entry of RBAC_WILDCARD_ALLOWLIST) expect(doc).toContain(entry.role);
  });
});
