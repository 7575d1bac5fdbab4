import { buildCluster } from '../charts/stack';
import { homelab } from './fixtures/homelab';
import { SecretUse } from '../lib/core/secrets';
import { loadManifests } from '../lib/policy/manifests';
import { formatViolation } from '../lib/policy/rules';
import { secretReferences, undeclaredSecretReferences } from '../lib/policy/secrets';
import { Manifest } from '../lib/render/collect';
import { referenceCluster } from './support/reference';

const cluster = referenceCluster();
const manifests = loadManifests(cluster.files);
const declared = SecretUse.all(buildCluster(homelab).app);

test('every Secret a manifest references is declared with useSecret(), so SECRETS.md lists it', () => {
  const refs = secretReferences(manifests);
  expect(refs.length).toBeGreaterThan(8);
  // Operator CR selectors are found too, not only pod specs.
  expect(refs.some((r) => r.owner.kind === 'AlertmanagerConfig')).toBe(true);
  expect(undeclaredSecretReferences(manifests, declared).map(formatViolation)).toEqual([]);
});

test('an undeclared Secret reference is reported with the object, file and key', () => {
  const pod: Manifest = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'apps' },
    spec: { template: { spec: {
      containers: [{ name: 'app', env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'app-token', key: 'token' } } }], envFrom: [{ secretRef: { name: 'app-env' } }] }],
      volumes: [{ name: 'certs', secret: { secretName: 'app-certs' } }, { name: 'conf', configMap: { name: 'app-conf' } }],
    } } },
  };
  const objects = loadManifests(new Map([['apps/deployment-app.yaml', JSON.stringify(pod)]]));
  const found = undeclaredSecretReferences(objects, [{ namespace: 'apps', secretName: 'app-token', key: 'other' }]).map(formatViolation);
  expect(found).toEqual([
    'secret-references-declared: Deployment apps/app (apps/deployment-app.yaml): secretKeyRef references Secret apps/app-token key token, which no useSecret() declares',
    'secret-references-declared: Deployment apps/app (apps/deployment-app.yaml): secretRef references Secret apps/app-env, which no useSecret() declares',
    'secret-references-declared: Deployment apps/app (apps/deployment-app.yaml): secret references Secret apps/app-certs, which no useSecret() declares',
  ]);
  expect(undeclaredSecretReferences(objects, [
    { namespace: 'apps', secretName: 'app-token', key: 'token' }, { namespace: 'apps', secretName: 'app-env', key: 'A' }, { namespace: 'apps', secretName: 'app-certs', key: 'tls.crt' },
  ])).toEqual([]);
});

test('SECRETS.md lists every declared Secret key with who needs it, and how to create each', () => {
  const doc = cluster.files.get('SECRETS.md')!;
  expect(declared.length).toBeGreaterThan(5);
  for (const use of declared) {
    expect(doc).toContain(`| \`${use.secretName}\` | \`${use.namespace}\` | \`${use.key}\` |`);
    const command = doc.split('\n').find((l) => new RegExp(`^kubectl create secret (generic|tls) ${use.secretName} -n ${use.namespace} `).test(l));
    expect(command).toMatch(use.key.startsWith('tls.') ? `=${use.key}` : `--from-literal=${use.key}=`);
    expect(doc).toContain(`    - secretKey: ${use.key}\n      remoteRef: { key: homelab/${use.secretName}, property: ${use.key} }`);
  }
  expect(doc).toContain('kubeseal');
  expect(doc).toContain('kind: ExternalSecret');
  expect(doc).toContain('sops --encrypt');
});

test('no Secret object is rendered at all', () => {
  expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
});
