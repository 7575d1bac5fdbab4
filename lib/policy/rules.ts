import { Manifest } from '../render/collect';
import { allContainers, objectRef, podTemplates, usesHost } from './workloads';

/** One broken rule on one object. */
export interface Violation {
  readonly rule: string;
  readonly object: string;
  readonly message: string;
}

export interface PolicyRule {
  readonly id: string;
  readonly description: string;
  check(manifests: readonly Manifest[]): Violation[];
}

/** RBAC rules that may use a wildcard, with the reason. Empty: nothing in the stack needs one. */
export const RBAC_WILDCARD_ALLOWLIST: readonly { readonly role: string; readonly reason: string }[] = [];

const POD_SECURITY_LABEL = 'pod-security.kubernetes.io/enforce';
export const HOST_ACCESS_ANNOTATION = 'observability-stack/host-access';

function namespaceLevels(manifests: readonly Manifest[]): Map<string, string | undefined> {
  return new Map(manifests.filter((m) => m.kind === 'Namespace').map((ns) => [ns.metadata.name, (ns.metadata.labels as Record<string, string> | undefined)?.[POD_SECURITY_LABEL]]));
}

const restricted: PolicyRule = {
  id: 'pod-security-restricted',
  description: 'Workloads outside privileged namespaces meet the restricted Pod Security Standard and have a read-only root filesystem',
  check(manifests) {
    const levels = namespaceLevels(manifests);
    const out: Violation[] = [];
    for (const pod of podTemplates(manifests)) {
      if (levels.get(pod.namespace) === 'privileged') continue;
      const v = (message: string) => out.push({ rule: this.id, object: objectRef(pod.owner), message });
      if (usesHost(pod.spec)) v('uses host namespaces, hostPath or hostPort outside a privileged namespace');
      const podNonRoot = pod.spec.securityContext?.runAsNonRoot === true;
      const podSeccomp = pod.spec.securityContext?.seccompProfile?.type;
      for (const c of allContainers(pod.spec)) {
        const sc = c.securityContext ?? {};
        if (!(sc.runAsNonRoot ?? podNonRoot)) v(`container ${c.name}: runAsNonRoot is not true`);
        if (sc.runAsUser === 0 || (sc.runAsUser === undefined && pod.spec.securityContext?.runAsUser === 0)) v(`container ${c.name}: runs as uid 0`);
        if (sc.allowPrivilegeEscalation !== false) v(`container ${c.name}: allowPrivilegeEscalation is not false`);
        if (sc.privileged) v(`container ${c.name}: is privileged`);
        if (!(sc.capabilities?.drop ?? []).includes('ALL')) v(`container ${c.name}: does not drop ALL capabilities`);
        if ((sc.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')) v(`container ${c.name}: adds capabilities ${sc.capabilities?.add}`);
        if (!['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type ?? podSeccomp ?? '')) v(`container ${c.name}: no RuntimeDefault seccomp profile`);
        if (sc.readOnlyRootFilesystem !== true) v(`container ${c.name}: root filesystem is writable`);
      }
    }
    return out;
  },
};

const hostAgents: PolicyRule = {
  id: 'host-agents-isolated',
  description: 'Pods with host access run only in privileged namespaces, each with its reason recorded',
  check(manifests) {
    const levels = namespaceLevels(manifests);
    return podTemplates(manifests).filter((p) => usesHost(p.spec)).flatMap((p) => {
      const out: Violation[] = [];
      if (levels.get(p.namespace) !== 'privileged') out.push({ rule: this.id, object: objectRef(p.owner), message: `host access in namespace ${p.namespace}, which is not labelled privileged` });
      if (!p.metadata.annotations?.[HOST_ACCESS_ANNOTATION]) out.push({ rule: this.id, object: objectRef(p.owner), message: `host access without a ${HOST_ACCESS_ANNOTATION} annotation giving the reason` });
      return out;
    });
  },
};

const namespaceLabels: PolicyRule = {
  id: 'namespace-pod-security-label',
  description: `Every namespace carries ${POD_SECURITY_LABEL}`,
  check(manifests) {
    return manifests.filter((m) => m.kind === 'Namespace' && !(m.metadata.labels as Record<string, string> | undefined)?.[POD_SECURITY_LABEL])
      .map((m) => ({ rule: this.id, object: objectRef(m), message: `no ${POD_SECURITY_LABEL} label` }));
  },
};

const resources: PolicyRule = {
  id: 'container-resources',
  description: 'Every container requests CPU and memory and has a memory limit',
  check(manifests) {
    return podTemplates(manifests).flatMap((p) => allContainers(p.spec).flatMap((c) => {
      const missing = [
        !c.resources?.requests?.cpu && 'requests.cpu',
        !c.resources?.requests?.memory && 'requests.memory',
        !c.resources?.limits?.memory && 'limits.memory',
      ].filter(Boolean);
      return missing.length ? [{ rule: this.id, object: objectRef(p.owner), message: `container ${c.name}: missing ${missing.join(', ')}` }] : [];
    }));
  },
};

const probes: PolicyRule = {
  id: 'server-probes',
  description: 'Every container that exposes ports has liveness and readiness probes',
  check(manifests) {
    return podTemplates(manifests).flatMap((p) => p.spec.containers
      .filter((c) => (c.ports ?? []).length > 0 && (!c.livenessProbe || !c.readinessProbe))
      .map((c) => ({ rule: this.id, object: objectRef(p.owner), message: `container ${c.name}: exposes ports without ${!c.livenessProbe ? 'a liveness' : 'a readiness'} probe` })));
  },
};

export function isPinned(image: string): boolean {
  const [ref, digest] = image.split('@');
  if (digest) return /^sha256:[0-9a-f]{64}$/.test(digest);
  const tag = ref.lastIndexOf(':') > ref.lastIndexOf('/') ? ref.slice(ref.lastIndexOf(':') + 1) : '';
  return tag !== '' && tag !== 'latest';
}

const pinnedImages: PolicyRule = {
  id: 'pinned-images',
  description: 'Every image (in pods and in operator CRs) is pinned to an exact version',
  check(manifests) {
    const out: Violation[] = [];
    for (const p of podTemplates(manifests)) {
      for (const c of allContainers(p.spec)) {
        if (!c.image || !isPinned(c.image)) out.push({ rule: this.id, object: objectRef(p.owner), message: `container ${c.name}: image ${c.image ?? '(none)'} is not pinned` });
      }
    }
    for (const m of manifests.filter((x) => ['Prometheus', 'Alertmanager'].includes(x.kind))) {
      const image = (m.spec as { image?: string }).image;
      if (!image || !isPinned(image)) out.push({ rule: this.id, object: objectRef(m), message: `image ${image ?? '(operator default)'} is not pinned` });
    }
    return out;
  },
};

const rbacWildcards: PolicyRule = {
  id: 'rbac-no-wildcards',
  description: 'Roles grant named verbs on named resources; wildcards only where allowlisted with a reason',
  check(manifests) {
    const allowed = new Set(RBAC_WILDCARD_ALLOWLIST.map((a) => a.role));
    return manifests.filter((m) => (m.kind === 'ClusterRole' || m.kind === 'Role') && !allowed.has(m.metadata.name)).flatMap((m) =>
      ((m.rules as { verbs?: string[]; resources?: string[]; apiGroups?: string[] }[] | undefined) ?? [])
        .filter((r) => [...(r.verbs ?? []), ...(r.resources ?? []), ...(r.apiGroups ?? [])].includes('*'))
        .map((r) => ({ rule: this.id, object: objectRef(m), message: `wildcard in ${JSON.stringify(r)}` })));
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
      const sa = p.spec.serviceAccountName ?? 'default';
      const key = `${p.namespace}/${sa}`;
      const mounted = p.spec.automountServiceAccountToken ?? (accounts.get(key)?.automountServiceAccountToken as boolean | undefined) ?? true;
      return !bound.has(key) && mounted
        ? [{ rule: this.id, object: objectRef(p.owner), message: `mounts a token for ${key}, which has no role binding` }]
        : [];
    });
  },
};

const noSecretData: PolicyRule = {
  id: 'no-secret-data',
  description: 'No Secret with data is rendered: Secrets are created in the cluster and referenced by name',
  check(manifests) {
    return manifests.filter((m) => m.kind === 'Secret' && (m.data !== undefined || m.stringData !== undefined))
      .map((m) => ({ rule: this.id, object: objectRef(m), message: 'renders Secret data into git' }));
  },
};

/** The policy suite every rendered object must pass. */
export const POLICY_RULES: readonly PolicyRule[] = [
  restricted, hostAgents, namespaceLabels, resources, probes, pinnedImages, rbacWildcards, automount, noSecretData,
];

export function checkPolicies(manifests: readonly Manifest[], rules: readonly PolicyRule[] = POLICY_RULES): Violation[] {
  return rules.flatMap((r) => r.check(manifests));
}
