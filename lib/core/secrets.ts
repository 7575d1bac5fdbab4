import { Construct, IConstruct } from 'constructs';
import { checkDnsLabel } from './validate';
import { check } from './errors';

/** A key in a Secret that the cluster operator creates; manifests only ever reference it. */
export interface SecretKeyReference {
  /** The Secret's name. */
  readonly name: string;
  /** The key within the Secret. */
  readonly key: string;
}

/**
 * A record, in the construct tree, that a workload needs a Secret key. The inventory and
 * SECRETS.md are generated from these, so every Secret a cluster needs is listed exactly once.
 */
export class SecretUse extends Construct {
  /** Every SecretUse under `root`, in tree order. */
  public static all(root: IConstruct): SecretUse[] {
    return root.node.findAll().filter((c): c is SecretUse => c instanceof SecretUse);
  }

  constructor(scope: Construct, id: string,
    public readonly secretName: string,
    public readonly key: string,
    public readonly namespace: string,
    public readonly purpose: string) {
    super(scope, id);
  }
}

/** Rejects a Secret key that Kubernetes would not take. */
function checkSecretKey(where: IConstruct | string, field: string, key: unknown): void {
  check(typeof key === 'string' && /^[-._a-zA-Z0-9]+$/.test(key), where, field, key, 'a Secret key: letters, digits, "-", "_" and "."');
}

/** Rejects a Secret reference that is not `{ name, key }` with a valid Secret name and key. */
export function checkSecretRef(where: IConstruct | string, field: string, ref: unknown): void {
  const r = ref as Partial<SecretKeyReference> | undefined;
  check(typeof r === 'object' && r !== null && typeof r.name === 'string' && typeof r.key === 'string', where, field, ref,
    'a Secret reference { name, key }, e.g. { name: "alertmanager-notifications", key: "slack-webhook-url" }');
  checkDnsLabel(where, `${field}.name`, r!.name!);
  checkSecretKey(where, `${field}.key`, r!.key);
}

/**
 * Declares that `scope` uses `ref` (in `namespace`) for `purpose`, and returns the selector for
 * an env var's `valueFrom.secretKeyRef`.
 */
export function useSecret(scope: Construct, ref: SecretKeyReference, namespace: string, purpose: string): { name: string; key: string } {
  checkDnsLabel(scope, 'secret name', ref.name);
  checkSecretKey(scope, `secret ${ref.name} key`, ref.key);
  const id = `secret-${ref.name}-${ref.key}`;
  if (!scope.node.tryFindChild(id)) new SecretUse(scope, id, ref.name, ref.key, namespace, purpose);
  return { name: ref.name, key: ref.key };
}
