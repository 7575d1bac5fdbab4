import { isPinned } from '../core/container';
import { Manifest } from '../render/collect';
import { fileOf, objectRef } from './manifests';
import { allContainers, PodSpec, podTemplates, usesHost } from './workloads';

/** One broken rule on one object. */
export interface Violation {
  /** The rule's id. */
  readonly rule: string;
  /** The object's kind. */
  readonly kind: string;
  /** The object's namespace. @default - none: the object is cluster-scoped */
  readonly namespace?: string;
  /** The object's name. */
  readonly name: string;
  /** The rendered file, relative to `dist/<cluster>/`. @default - none: the object was not loaded from a file */
  readonly file?: string;
  /** `Kind namespace/name`. */
  readonly object: string;
  /** What is wrong, e.g. `container app: runs as uid 0`. */
  readonly message: string;
}

export interface PolicyRule {
  /** Stable kebab-case id, e.g. `pinned-images`; each violation names it. */
  readonly id: string;
  /** One sentence stating what the rule requires. */
  readonly description: string;
  /** The rule's violations among the rendered objects; empty when they all comply. */
  check(manifests: readonly Manifest[]): Violation[];
}

/** A Role or ClusterRole allowed to use a wildcard, and why. */
export interface RbacWildcardException {
  /** Whether the allowed object is a ClusterRole or a (namespaced) Role. */
  readonly kind: 'ClusterRole' | 'Role';
  /** The Role's namespace. @default - cluster-scoped (ClusterRole) */
  readonly namespace?: string;
  /** The role's name. */
  readonly name: string;
  /** Why it needs the wildcard; listed among the security exceptions. */
  readonly reason: string;
}

/**
 * RBAC rules that may use a wildcard, with the reason. Empty: the upstream prometheus-operator
 * ClusterRole grants `*` on its CRDs, StatefulSets, ConfigMaps and Secrets, and this stack
 * spells those verbs out instead, so nothing needs one.
 */
export const RBAC_WILDCARD_ALLOWLIST: readonly RbacWildcardException[] = [];

export const POD_SECURITY_LABEL = 'pod-security.kubernetes.io/enforce';
/** Why a namespace runs below `restricted` (set by StackNamespace from its `reason`). */
export const POD_SECURITY_REASON_ANNOTATION = 'observability-stack/pod-security-reason';
/** Why a pod needs host access (set from HostAgentAccess.reason). */
export const HOST_ACCESS_ANNOTATION = 'observability-stack/host-access';

/** Volume types the restricted Pod Security Standard admits. */
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
/** Pods the prometheus-operator creates from these CRs; their pod settings live in the CR spec. */
const OPERATOR_POD_KINDS = ['Prometheus', 'Alertmanager', 'ThanosRuler', 'PrometheusAgent'];
/** Built-in roles that grant far more than any component of the stack needs. */
const BROAD_ROLES = new Set(['cluster-admin', 'admin', 'edit']);
/** Verbs that let a ServiceAccount grant itself more than it was given. */
const ESCALATING_VERBS = ['escalate', 'bind', 'impersonate'];

/** A violation of `rule` on `m`. */
export function violation(rule: string, m: Manifest, message: string): Violation {
  const file = fileOf(m);
  return {
    rule, kind: m.kind, name: m.metadata.name, object: objectRef(m), message,
    ...(m.metadata.namespace ? { namespace: m.metadata.namespace } : {}),
    ...(file ? { file } : {}),
  };
}

/** `rule: Kind ns/name (file): message`, the line a failing test prints. */
export function formatViolation(v: Violation): string {
  return `${v.rule}: ${v.object}${v.file ? ` (${v.file})` : ''}: ${v.message}`;
}

const labelsOf = (m: Manifest) => (m.metadata.labels as Record<string, string> | undefined) ?? {};
const annotationsOf = (m: Manifest) => (m.metadata.annotations as Record<string, string> | undefined) ?? {};

/** Each rendered namespace's enforced Pod Security level. */
export function namespaceLevels(manifests: readonly Manifest[]): Map<string, string | undefined> {
  return new Map(manifests.filter((m) => m.kind === 'Namespace').map((ns) => [ns.metadata.name, labelsOf(ns)[POD_SECURITY_LABEL]]));
}

const restricted: PolicyRule = {
  id: 'pod-security-restricted',
  description: 'Workloads outside privileged namespaces meet the restricted Pod Security Standard and have a read-only root filesystem',
  check(manifests) {
    const levels = namespaceLevels(manifests);
    const out: Violation[] = [];
    for (const pod of podTemplates(manifests)) {
      if (levels.get(pod.namespace) === 'privileged') continue;
      const v = (message: string) => out.push(violation(this.id, pod.owner, message));
      if (usesHost(pod.spec)) v('uses host namespaces, hostPath or hostPort outside a privileged namespace');
      for (const vol of pod.spec.volumes ?? []) {
        const type = Object.keys(vol).find((k) => k !== 'name');
        if (type && !RESTRICTED_VOLUME_TYPES.has(type)) v(`volume ${vol.name}: type ${type} is not allowed by the restricted level`);
      }
      const podSc = pod.spec.securityContext ?? {};
      for (const c of allContainers(pod.spec)) {
        const sc = c.securityContext ?? {};
        if (!(sc.runAsNonRoot ?? podSc.runAsNonRoot)) v(`container ${c.name}: runAsNonRoot is not true`);
        if ((sc.runAsUser ?? podSc.runAsUser) === 0) v(`container ${c.name}: runs as uid 0`);
        if (sc.allowPrivilegeEscalation !== false) v(`container ${c.name}: allowPrivilegeEscalation is not false`);
        if (sc.privileged) v(`container ${c.name}: is privileged`);
        if (!(sc.capabilities?.drop ?? []).includes('ALL')) v(`container ${c.name}: does not drop ALL capabilities`);
        if ((sc.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')) v(`container ${c.name}: adds capabilities ${sc.capabilities?.add}`);
        if (!['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type ?? podSc.seccompProfile?.type ?? '')) v(`container ${c.name}: no RuntimeDefault seccomp profile`);
        if (sc.readOnlyRootFilesystem !== true) v(`container ${c.name}: root filesystem is writable`);
      }
    }
    // The operator hardens its containers itself; the pod-level settings come from the CR.
    for (const cr of manifests.filter((m) => OPERATOR_POD_KINDS.includes(m.kind) && levels.get(m.metadata.namespace ?? '') !== 'privileged')) {
      const sc = (cr.spec as { securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type?: string } } } | undefined)?.securityContext ?? {};
      if (sc.runAsNonRoot !== true) out.push(violation(this.id, cr, 'spec.securityContext.runAsNonRoot is not true'));
      if (sc.runAsUser === 0) out.push(violation(this.id, cr, 'spec.securityContext runs as uid 0'));
      if (!['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type ?? '')) out.push(violation(this.id, cr, 'spec.securityContext has no RuntimeDefault seccomp profile'));
    }
    return out;
  },
};

const hostAgents: PolicyRule = {
  id: 'host-agents-isolated',
  description: 'Pods with host access run only in privileged namespaces, each with its reason recorded',
  check(manifests) {
    const levels = namespaceLevels(manifests);
    return podTemplates(manifests).filter((p) => usesHost(p.spec)).flatMap((p) => [
      ...(levels.get(p.namespace) !== 'privileged' ? [violation(this.id, p.owner, `host access in namespace ${p.namespace}, which is not labelled privileged`)] : []),
      ...(!p.metadata.annotations?.[HOST_ACCESS_ANNOTATION] ? [violation(this.id, p.owner, `host access without a ${HOST_ACCESS_ANNOTATION} annotation giving the reason`)] : []),
    ]);
  },
};

const namespaceLabels: PolicyRule = {
  id: 'namespace-pod-security-label',
  description: `Every namespace carries ${POD_SECURITY_LABEL}; one below restricted says why in ${POD_SECURITY_REASON_ANNOTATION}`,
  check(manifests) {
    return manifests.filter((m) => m.kind === 'Namespace').flatMap((m) => {
      const level = labelsOf(m)[POD_SECURITY_LABEL];
      if (!level) return [violation(this.id, m, `no ${POD_SECURITY_LABEL} label`)];
      if (level !== 'restricted' && !annotationsOf(m)[POD_SECURITY_REASON_ANNOTATION]) {
        return [violation(this.id, m, `enforces ${level} without a ${POD_SECURITY_REASON_ANNOTATION} annotation giving the reason`)];
      }
      return [];
    });
  },
};

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;
function missingResources(r: Resources): string[] {
  return [
    !r?.requests?.cpu && 'requests.cpu',
    !r?.requests?.memory && 'requests.memory',
    !r?.limits?.memory && 'limits.memory',
  ].filter((x): x is string => !!x);
}

const resources: PolicyRule = {
  id: 'container-resources',
  description: 'Every container (and every operator-run server) requests CPU and memory and has a memory limit',
  check(manifests) {
    const out: Violation[] = [];
    for (const p of podTemplates(manifests)) {
      for (const c of allContainers(p.spec)) {
        const missing = missingResources(c.resources);
        if (missing.length) out.push(violation(this.id, p.owner, `container ${c.name}: missing ${missing.join(', ')}`));
      }
    }
    for (const cr of manifests.filter((m) => OPERATOR_POD_KINDS.includes(m.kind))) {
      const missing = missingResources((cr.spec as { resources?: Resources } | undefined)?.resources);
      if (missing.length) out.push(violation(this.id, cr, `spec.resources: missing ${missing.join(', ')}`));
    }
    return out;
  },
};

const probes: PolicyRule = {
  id: 'server-probes',
  description: 'Every container that exposes ports has liveness and readiness probes',
  check(manifests) {
    return podTemplates(manifests).flatMap((p) => p.spec.containers
      .filter((c) => (c.ports ?? []).length > 0 && (!c.livenessProbe || !c.readinessProbe))
      .map((c) => violation(this.id, p.owner, `container ${c.name}: exposes ports without ${!c.livenessProbe ? 'a liveness' : 'a readiness'} probe`)));
  },
};

/** The uids a pod's containers run as, where the manifests say. */
const podUids = (pod: PodSpec) => new Set(allContainers(pod)
  .map((c) => c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser).filter((u): u is number => u !== undefined));

const hostPidOwnUid: PolicyRule = {
  id: 'host-pid-own-uid',
  description: 'A pod in the host PID namespace runs as a non-root uid no other pod uses: the same uid could read the other pods\' files, tokens included, through /proc/<pid>/root',
  check(manifests) {
    const pods = podTemplates(manifests);
    const operatorUids = manifests.filter((m) => OPERATOR_POD_KINDS.includes(m.kind))
      .map((m) => (m.spec as { securityContext?: { runAsUser?: number } } | undefined)?.securityContext?.runAsUser).filter((u): u is number => u !== undefined);
    return pods.filter((p) => p.spec.hostPID).flatMap((p) => [...podUids(p.spec)].filter((uid) => uid !== 0).flatMap((uid) => {
      const sharers = pods.filter((o) => o !== p && podUids(o.spec).has(uid)).map((o) => `${o.owner.kind} ${o.namespace}/${o.owner.metadata.name}`);
      if (operatorUids.includes(uid)) sharers.push('an operator-run pod');
      return sharers.length ? [violation(this.id, p.owner, `runs as uid ${uid}, as does ${sharers.join(', ')}`)] : [];
    }));
  },
};

const mountsResolve: PolicyRule = {
  id: 'volume-mounts-resolve',
  description: 'Every volume mount names a volume of its pod (or a StatefulSet claim template), or the API server rejects the pod',
  check(manifests) {
    return podTemplates(manifests).flatMap((p) => {
      const claims = (p.owner.spec as { volumeClaimTemplates?: { metadata: { name: string } }[] } | undefined)?.volumeClaimTemplates ?? [];
      const volumes = new Set([...(p.spec.volumes ?? []).map((v) => v.name), ...claims.map((c) => c.metadata.name)]);
      return allContainers(p.spec).flatMap((c) => (c.volumeMounts ?? []).filter((m) => !volumes.has(m.name))
        .map((m) => violation(this.id, p.owner, `container ${c.name}: mount ${m.mountPath} names volume ${m.name}, which the pod does not have`)));
    });
  },
};

const pinnedImages: PolicyRule = {
  id: 'pinned-images',
  description: 'Every image (in pods and in operator CRs) is pinned to an exact version',
  check(manifests) {
    const out: Violation[] = [];
    for (const p of podTemplates(manifests)) {
      for (const c of allContainers(p.spec)) {
        if (!c.image || !isPinned(c.image)) out.push(violation(this.id, p.owner, `container ${c.name}: image ${c.image ?? '(none)'} is not pinned`));
      }
    }
    for (const m of manifests.filter((x) => OPERATOR_POD_KINDS.includes(x.kind))) {
      const image = (m.spec as { image?: string }).image;
      if (!image || !isPinned(image)) out.push(violation(this.id, m, `image ${image ?? '(operator default)'} is not pinned`));
    }
    return out;
  },
};

interface RbacRule { verbs?: string[]; resources?: string[]; apiGroups?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }
const rulesOf = (m: Manifest) => (m.rules as RbacRule[] | undefined) ?? [];

/** The wildcard rule, checked against `allowlist`. */
export function rbacWildcardRule(allowlist: readonly RbacWildcardException[]): PolicyRule {
  const allowed = (m: Manifest) => allowlist.some((a) => a.kind === m.kind && a.name === m.metadata.name && (a.namespace ?? undefined) === (m.metadata.namespace ?? undefined));
  return {
    id: 'rbac-no-wildcards',
    description: 'Roles grant named verbs on named resources and API groups; wildcards only where allowlisted with a reason',
    check(manifests) {
      return manifests.filter((m) => (m.kind === 'ClusterRole' || m.kind === 'Role') && !allowed(m)).flatMap((m) => rulesOf(m)
        .filter((r) => [...(r.verbs ?? []), ...(r.resources ?? []), ...(r.apiGroups ?? []), ...(r.nonResourceURLs ?? [])].some((x) => x === '*' || x.endsWith('/*')))
        .map((r) => violation(this.id, m, `wildcard in ${JSON.stringify(r)}`)));
    },
  };
}

/** What the API server's validation accepts: a resource rule or, in a ClusterRole, a URL rule. */
function rbacRuleProblem(kind: string, r: RbacRule): string | undefined {
  if (!r.verbs?.length) return 'names no verbs';
  if (r.nonResourceURLs?.length) {
    if (kind !== 'ClusterRole') return 'grants non-resource URLs, which only a ClusterRole can';
    if (r.resources?.length || r.apiGroups?.length || r.resourceNames?.length) return 'mixes non-resource URLs with API groups, resources or resource names';
    return undefined;
  }
  if (!r.apiGroups?.length) return 'names no API group';
  if (!r.resources?.length) return 'names no resources';
  return undefined;
}

const rbacWellFormed: PolicyRule = {
  id: 'rbac-rules-valid',
  description: 'Every RBAC rule has verbs and either API groups with resources or (ClusterRoles only) non-resource URLs, or the API server rejects the role',
  check(manifests) {
    return manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role').flatMap((m) => rulesOf(m).flatMap((r) => {
      const problem = rbacRuleProblem(m.kind, r);
      return problem ? [violation(this.id, m, `rule ${JSON.stringify(r)} ${problem}`)] : [];
    }));
  },
};

const rbacEscalation: PolicyRule = {
  id: 'rbac-no-escalation',
  description: `No binding to the built-in ${[...BROAD_ROLES].join('/')} roles, and no ${ESCALATING_VERBS.join('/')} verbs`,
  check(manifests) {
    const bindings = manifests.filter((m) => (m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding')
      && BROAD_ROLES.has((m.roleRef as { name?: string } | undefined)?.name ?? ''))
      .map((m) => violation(this.id, m, `binds the built-in ${(m.roleRef as { name: string }).name} role`));
    const verbs = manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role').flatMap((m) => rulesOf(m)
      .filter((r) => (r.verbs ?? []).some((v) => ESCALATING_VERBS.includes(v)))
      .map((r) => violation(this.id, m, `grants ${(r.verbs ?? []).filter((v) => ESCALATING_VERBS.includes(v)).join(', ')} on ${JSON.stringify(r.resources)}`)));
    return [...bindings, ...verbs];
  },
};

const automount: PolicyRule = {
  id: 'token-only-where-needed',
  description: 'Pods whose ServiceAccount has no role binding do not mount an API token',
  check(manifests) {
    const bound = new Set<string>();
    for (const b of manifests.filter((m) => m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding')) {
      for (const s of (b.subjects as { kind: string; name: string; namespace?: string }[] | undefined) ?? []) {
        if (s.kind === 'ServiceAccount') bound.add(`${s.namespace ?? b.metadata.namespace}/${s.name}`);
      }
    }
    const accounts = new Map(manifests.filter((m) => m.kind === 'ServiceAccount').map((sa) => [`${sa.metadata.namespace}/${sa.metadata.name}`, sa]));
    return podTemplates(manifests).flatMap((p) => {
      const key = `${p.namespace}/${p.spec.serviceAccountName ?? 'default'}`;
      const mounted = p.spec.automountServiceAccountToken ?? (accounts.get(key)?.automountServiceAccountToken as boolean | undefined) ?? true;
      return !bound.has(key) && mounted ? [violation(this.id, p.owner, `mounts a token for ${key}, which has no role binding`)] : [];
    });
  },
};

const noSecretData: PolicyRule = {
  id: 'no-secret-data',
  description: 'No Secret with data is rendered: Secrets are created in the cluster and referenced by name',
  check(manifests) {
    return manifests.filter((m) => m.kind === 'Secret' && (m.data !== undefined || m.stringData !== undefined))
      .map((m) => violation(this.id, m, 'renders Secret data into git'));
  },
};

/** The policy suite every rendered object must pass. */
export const POLICY_RULES: readonly PolicyRule[] = [
  restricted, hostAgents, hostPidOwnUid, namespaceLabels, resources, probes, mountsResolve, pinnedImages, rbacWildcardRule(RBAC_WILDCARD_ALLOWLIST), rbacWellFormed, rbacEscalation, automount, noSecretData,
];

/** Every violation of `rules` among `manifests`. */
export function checkPolicies(manifests: readonly Manifest[], rules: readonly PolicyRule[] = POLICY_RULES): Violation[] {
  return rules.flatMap((r) => r.check(manifests));
}
