import { Construct, IConstruct } from 'constructs';
import { check } from './errors';
import { k8s } from 'cdk8s-plus-28';

/** One RBAC rule: exact verbs on exact resources (no wildcards). */
export interface AccessRule {
  /** `''` for the core group. */
  readonly apiGroups: string[];
  /** Resources, e.g. `pods` or `pods/log`. @default - none (a non-resource rule) */
  readonly resources?: string[];
  /** Verbs allowed, e.g. `get`, `list`, `watch`. */
  readonly verbs: string[];
  /** Limits the rule to these object names. @default - every object of the resources */
  readonly resourceNames?: string[];
  /** URL paths outside the API's resources, e.g. `/metrics`; a rule with them names no API groups or resources. @default - none */
  readonly nonResourceURLs?: string[];
}

export interface ServiceIdentityProps {
  /** Name of the ServiceAccount, and of its roles and bindings. */
  readonly name: string;
  /** Namespace of the ServiceAccount, its Role and RoleBinding. */
  readonly namespace: string;
  /** Labels on every object created. */
  readonly labels: Record<string, string>;
  /** Cluster-wide access. @default - none */
  readonly clusterRules?: AccessRule[];
  /** Access within its own namespace. @default - none */
  readonly namespaceRules?: AccessRule[];
}

/**
 * The generated Kubernetes type spells the field `nonResourceUrLs` and drops `nonResourceURLs`
 * silently; a non-resource rule names no API group.
 */
function policyRule(scope: IConstruct, field: string, rule: AccessRule): k8s.PolicyRule {
  const { nonResourceURLs, ...rest } = rule;
  if (!nonResourceURLs) return rest;
  // Mixed with resources, the API server would refuse the rule: say so rather than drop half.
  check(!rule.apiGroups.length && !rule.resources?.length && !rule.resourceNames?.length, scope, field, rule,
    'a rule with either non-resource URLs or API groups and resources, not both');
  return { verbs: rule.verbs, nonResourceUrLs: nonResourceURLs };
}

/**
 * A ServiceAccount with the access it needs and nothing else: a ClusterRole and/or Role of the
 * same name, bound to it. Without rules, the account gets no token mounted.
 */
export class ServiceIdentity extends Construct {
  public readonly name: string;
  /** Whether pods of this identity call the Kubernetes API (and so need a token). */
  public readonly callsApi: boolean;

  constructor(scope: Construct, id: string, props: ServiceIdentityProps) {
    super(scope, id);
    this.name = props.name;
    this.callsApi = (props.clusterRules?.length ?? 0) + (props.namespaceRules?.length ?? 0) > 0;
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    new k8s.KubeServiceAccount(this, 'account', { metadata, automountServiceAccountToken: this.callsApi });
    const subjects = [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }];
    if (props.clusterRules?.length) {
      new k8s.KubeClusterRole(this, 'cluster-role', { metadata: { name: props.name, labels: props.labels }, rules: props.clusterRules.map((r, i) => policyRule(this, `clusterRules[${i}]`, r)) });
      new k8s.KubeClusterRoleBinding(this, 'cluster-binding', {
        metadata: { name: props.name, labels: props.labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
        subjects,
      });
    }
    if (props.namespaceRules?.length) {
      new k8s.KubeRole(this, 'role', { metadata, rules: props.namespaceRules.map((r, i) => policyRule(this, `namespaceRules[${i}]`, r)) });
      new k8s.KubeRoleBinding(this, 'binding', {
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
        subjects,
      });
    }
  }
}
