import { App, Testing } from 'cdk8s';
import { Component } from '../lib/core/component';
import { hardenedContainer, HardenedContainerProps } from '../lib/core/container';
import { recommendedLabels, selectorLabels, imageVersion } from '../lib/core/labels';
import { StackNamespace } from '../lib/core/namespace';
import { ServiceIdentity } from '../lib/core/rbac';
import { SecretUse, useSecret } from '../lib/core/secrets';

const chart = () => new Component(new App(), 'demo', { namespace: 'demo', phase: 'workloads' });
const container: HardenedContainerProps = {
  name: 'app', image: 'example/app:1.2.3',
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
};

describe('hardenedContainer', () => {
  test('applies the restricted profile and requests/limits', () => {
    const c = hardenedContainer(chart(), container);
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources?.requests?.cpu.value).toBe('10m');
    expect(c.resources?.limits?.memory.value).toBe('32Mi');
  });
  test('the host-agent opt-out keeps everything else hardened', () => {
    const c = hardenedContainer(chart(), { ...container, hostAccess: { reason: 'reads /proc', runAsRoot: true } });
    expect(c.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });
  test.each<[string, Partial<HardenedContainerProps>, RegExp]>([
    ['latest', { image: 'example/app:latest' }, /demo\/containers\/app: image = "example\/app:latest" is not valid; expected an image pinned/],
    ['untagged', { image: 'registry:5000/app' }, /image = "registry:5000\/app" is not valid/],
    ['bad memory', { resources: { requests: { cpu: '10m', memory: 'lots' }, limits: { memory: '1Gi' } } }, /resources.requests.memory = "lots" is not valid/],
    ['a server without probes', { ports: [{ name: 'http', containerPort: 80 }] }, /livenessProbe\/readinessProbe = \(missing\) is not valid; expected both probes/],
    ['a moving tag', { image: 'example/app:main' }, /image = "example\/app:main" is not valid; expected an image pinned to an exact version/],
    ['a name Kubernetes refuses', { name: 'Bad_Name' }, /containers\/Bad_Name: name = "Bad_Name" is not valid; expected a DNS label/],
    ['a memory limit below the request', { resources: { requests: { cpu: '10m', memory: '512Mi' }, limits: { memory: '256Mi' } } }, /resources\.limits\.memory = "256Mi" is not valid; expected at least the memory request \(512Mi\)/],
    ['root without the host-agent opt-out', { runAsUser: 0 }, /runAsUser = 0 is not valid; expected a non-root user/],
  ])('rejects %s', (_n, props, message) => {
    expect(() => hardenedContainer(chart(), { ...container, ...props })).toThrow(message);
  });
  test('accepts digests', () => {
    expect(() => hardenedContainer(chart(), { ...container, image: `example/app@sha256:${'a'.repeat(64)}` })).not.toThrow();
  });
});

describe('labels', () => {
  test('selectors never include the version', () => {
    const id = { name: 'grafana', component: 'dashboards', version: '13.2.3' };
    expect(recommendedLabels(id)['app.kubernetes.io/version']).toBe('13.2.3');
    expect(selectorLabels(id)).toEqual({ 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'grafana', 'app.kubernetes.io/component': 'dashboards' });
    expect(imageVersion('registry:5000/grafana/grafana:13.2.3')).toBe('13.2.3');
  });
});

describe('StackNamespace', () => {
  test('labels enforce, audit and warn', () => {
    const c = chart();
    new StackNamespace(c, 'ns', { name: 'apps', podSecurity: 'restricted' });
    expect(Testing.synth(c)[0].metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted',
    });
  });
  test('a level below restricted needs a reason', () => {
    expect(() => new StackNamespace(chart(), 'ns', { name: 'agents', podSecurity: 'privileged' })).toThrow(/reason is missing/);
  });
});

describe('ServiceIdentity', () => {
  test('no rules: no token, no roles', () => {
    const c = chart();
    new ServiceIdentity(c, 'id', { name: 'app', namespace: 'demo', labels: {} });
    const objects = Testing.synth(c);
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount']);
    expect(objects[0].automountServiceAccountToken).toBe(false);
  });
  test('rules: a bound ClusterRole and Role of the same name', () => {
    const c = chart();
    const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
    new ServiceIdentity(c, 'id', { name: 'app', namespace: 'demo', labels: {}, clusterRules: [rule], namespaceRules: [rule] });
    expect(Testing.synth(c).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/app', 'ClusterRole/app', 'ClusterRoleBinding/app', 'Role/app', 'RoleBinding/app',
    ]);
  });
  test('a rule mixing non-resource URLs with resources is refused, not half-rendered', () => {
    expect(() => new ServiceIdentity(chart(), 'id', { name: 'app', namespace: 'demo', labels: {}, clusterRules: [{ apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/metrics'], verbs: ['get'] }] }))
      .toThrow(/clusterRules\[0\] = .* expected a rule with either non-resource URLs or API groups and resources, not both/);
  });
  test('non-resource URLs reach the rendered ClusterRole, without API groups', () => {
    const c = chart();
    new ServiceIdentity(c, 'id', { name: 'app', namespace: 'demo', labels: {}, clusterRules: [{ apiGroups: [], nonResourceURLs: ['/metrics'], verbs: ['get'] }] });
    expect(Testing.synth(c).find((o) => o.kind === 'ClusterRole')!.rules).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
  });
});

describe('useSecret', () => {
  test('records each use once and returns the selector', () => {
    const c = chart();
    expect(useSecret(c, { name: 'db', key: 'password' }, 'demo', 'database', 'password')).toEqual({ name: 'db', key: 'password' });
    useSecret(c, { name: 'db', key: 'password' }, 'demo', 'database', 'password');
    expect(SecretUse.all(c)).toHaveLength(1);
  });
  test('rejects bad names and keys', () => {
    expect(() => useSecret(chart(), { name: 'DB', key: 'x' }, 'demo', 'x', 'auth.token')).toThrow(/auth\.token\.name = "DB" is not valid/);
    expect(() => useSecret(chart(), { name: 'db', key: 'a b' }, 'demo', 'x', 'auth.token')).toThrow(/auth\.token\.key = "a b" is not valid/);
  });
});
