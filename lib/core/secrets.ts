import { Construct, IConstruct } from 'constructs';
import { checkDnsLabel } from './validate';
import { check, Redacted } from './errors';

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
export function checkSecretKey(where: IConstruct | string, field: string, key: unknown): void {
  check(typeof key === 'string' && /^[-._a-zA-Z0-9]+$/.test(key), where, field, key, 'a Secret key: letters, digits, "-", "_" and "."');
}

/** A Secret reference as an error may print it: its name and key, nothing else it carries. */
function printable(ref: unknown): unknown {
  if (typeof ref !== 'object' || ref === null) return ref === undefined || ref === null ? ref : new Redacted(`a literal ${typeof ref} was given`);
  const r = ref as Record<string, unknown>;
  return Object.fromEntries(Object.keys(r).map((k) => [k, (k === 'name' || k === 'key') && typeof r[k] === 'string' ? r[k] : new Redacted('a value')]));
}

/**
 * Rejects a Secret reference that is not `{ name, key }` with a valid Secret name and key. A
 * literal (a string where the reference belongs, most likely the credential itself) is named as
 * such and never printed.
 */
export function checkSecretRef(where: IConstruct | string, field: string, ref: unknown): void {
  const r = ref as Partial<SecretKeyReference> | undefined;
  const literal = typeof ref !== 'object' && ref !== undefined;
  const extra = typeof r === 'object' && r !== null ? Object.keys(r).filter((k) => k !== 'name' && k !== 'key') : [];
  const hint = literal ? ': a literal value was given; put it into a Secret and reference that'
    : extra.length ? `: ${extra.join(', ')} was given beside them (a literal value has no place here; put it into the Secret)` : '';
  check(typeof r === 'object' && r !== null && typeof r.name === 'string' && typeof r.key === 'string' && extra.length === 0, where, field, printable(ref),
    `a Secret reference { name, key }, e.g. { name: "alertmanager-notifications", key: "slack-webhook-url" }${hint}`);
  checkDnsLabel(where, `${field}.name`, r!.name!);
  checkSecretKey(where, `${field}.key`, r!.key);
}

/**
 * Declares that `scope` uses `ref` (in `namespace`) for `purpose`, and returns the selector for
 * an env var's `valueFrom.secretKeyRef`. `field` is the prop or config field the reference came
 * from, which an error names.
 */
export function useSecret(scope: Construct, ref: SecretKeyReference, namespace: string, purpose: string, field: string): { name: string; key: string } {
  checkSecretRef(scope, field, ref);
  const id = `secret-${ref.name}-${ref.key}`;
  if (!scope.node.tryFindChild(id)) new SecretUse(scope, id, ref.name, ref.key, namespace, purpose);
  return { name: ref.name, key: ref.key };
}
