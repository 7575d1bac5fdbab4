import { Manifest } from '../render/collect';
import { violation, Violation } from './rules';

/** A Secret (and, where the reference names one, a key) that a rendered object reads. */
export interface SecretReference {
  /** Namespace of the object reading it, where the Secret must be; `''` for a cluster-scoped object. */
  readonly namespace: string;
  /** The Secret's name. */
  readonly name: string;
  /** The key read. @default - the whole Secret (secret volume, envFrom, Ingress TLS) */
  readonly key?: string;
  /** The field that holds the reference, e.g. `secretKeyRef`. */
  readonly field: string;
  /** The rendered object that holds the reference. */
  readonly owner: Manifest;
}

/** Fields holding a `{ name, key }` selector of a ConfigMap, not a Secret. */
const CONFIGMAP_FIELDS = new Set(['configMapKeyRef', 'configMap']);

/**
 * Every Secret reference in `manifests`: `secretKeyRef` and `envFrom.secretRef`, secret and
 * projected volumes, Ingress TLS, and the `{ name, key }` Secret selectors of the operator CRs
 * (AlertmanagerConfig receivers, monitor auth and TLS).
 */
export function secretReferences(manifests: readonly Manifest[]): SecretReference[] {
  const out: SecretReference[] = [];
  for (const m of manifests) {
    const namespace = m.metadata.namespace ?? '';
    const add = (field: string, name: string, key?: string) => out.push({ namespace, name, field, owner: m, ...(key !== undefined ? { key } : {}) });
    const walk = (node: unknown, field: string): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, field));
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.name === 'string' && typeof o.key === 'string' && !CONFIGMAP_FIELDS.has(field)) add(field, o.name, o.key);
      else if (field === 'secret' && typeof o.secretName === 'string') add(field, o.secretName);
      else if (field === 'secret' && typeof o.name === 'string') add(field, o.name);
      else if (field === 'secretRef' && typeof o.name === 'string') add(field, o.name);
      else if (field === 'tls' && typeof o.secretName === 'string') add(field, o.secretName);
      if (field === 'secret' && Array.isArray(o.items)) {
        for (const item of o.items as { key?: string }[]) if (item.key) add(field, (o.secretName ?? o.name) as string, item.key);
      }
      for (const [k, v] of Object.entries(o)) walk(v, k);
    };
    walk(m, '');
  }
  return out;
}

/** A Secret key declared with useSecret(): the only way a component may reference one. */
export interface DeclaredSecret {
  /** Namespace the Secret must be in. */
  readonly namespace: string;
  /** The Secret's name. */
  readonly secretName: string;
  /** The key within the Secret. */
  readonly key: string;
}

/**
 * Violations for every reference to a Secret key (or a whole Secret) that no declaration
 * covers, so SECRETS.md cannot miss one.
 */
export function undeclaredSecretReferences(manifests: readonly Manifest[], declared: readonly DeclaredSecret[]): Violation[] {
  const keys = new Set(declared.map((d) => `${d.namespace}/${d.secretName}/${d.key}`));
  const secrets = new Set(declared.map((d) => `${d.namespace}/${d.secretName}`));
  return secretReferences(manifests)
    .filter((r) => (r.key !== undefined ? !keys.has(`${r.namespace}/${r.name}/${r.key}`) : !secrets.has(`${r.namespace}/${r.name}`)))
    .map((r) => violation('secret-references-declared', r.owner,
      `${r.field} references Secret ${r.namespace}/${r.name}${r.key !== undefined ? ` key ${r.key}` : ''}, which no useSecret() declares`));
}
