import { parse } from 'yaml';
import { buildCluster } from '../charts/stack';
import { homelab } from '../config/homelab';
import { SecretUse } from '../lib/core/secrets';
import { Manifest } from '../lib/render/collect';
import { referenceCluster } from './support/reference';

const cluster = referenceCluster();
const manifests: Manifest[] = [...cluster.files.entries()]
  .filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'))
  .map(([, c]) => parse(c));

/** Every `namespace/secret[/key]` a manifest references, wherever Kubernetes or the operator reads one. */
function referencedSecrets(): Set<string> {
  const refs = new Set<string>();
  const walk = (node: unknown, ns: string, field = '') => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, ns, field));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (field === 'secretKeyRef' || ['apiURL', 'authPassword', 'webhookURL', 'credentials', 'username', 'password'].includes(field)) {
      if (typeof o.name === 'string' && typeof o.key === 'string') refs.add(`${ns}/${o.name}/${o.key}`);
    }
    if (field === 'secret' && typeof o.name === 'string' && typeof o.key === 'string') refs.add(`${ns}/${o.name}/${o.key}`);
    if (field === 'secret' && typeof o.secretName === 'string') refs.add(`${ns}/${o.secretName}`);
    if (field === 'secretRef' && typeof o.name === 'string') refs.add(`${ns}/${o.name}`);
    if (field === 'tls' && typeof o.secretName === 'string') refs.add(`${ns}/${o.secretName}`);
    for (const [k, v] of Object.entries(o)) walk(v, ns, k);
  };
  for (const m of manifests) walk(m, m.metadata.namespace ?? '');
  return refs;
}

test('every Secret a manifest references is declared, so SECRETS.md lists it', () => {
  const declared = SecretUse.all(buildCluster(homelab).app);
  const known = new Set(declared.flatMap((u) => [`${u.namespace}/${u.secretName}/${u.key}`, `${u.namespace}/${u.secretName}`]));
  const refs = [...referencedSecrets()];
  expect(refs.length).toBeGreaterThan(8);
  expect(refs.filter((r) => !known.has(r))).toEqual([]);
});

test('SECRETS.md lists every declared Secret key with who needs it, and how to create it', () => {
  const doc = cluster.files.get('SECRETS.md')!;
  for (const use of SecretUse.all(buildCluster(homelab).app)) {
    expect(doc).toContain(`| \`${use.secretName}\` | \`${use.namespace}\` | \`${use.key}\` |`);
  }
  expect(doc).toContain('kubeseal');
  expect(doc).toContain('kind: ExternalSecret');
  expect(doc).toContain('sops --encrypt');
});

test('no Secret object is rendered at all', () => {
  expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
});
