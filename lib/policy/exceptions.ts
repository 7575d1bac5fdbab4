import { Manifest } from '../render/collect';
import { objectRef } from './manifests';
import { HOST_ACCESS_ANNOTATION, POD_SECURITY_LABEL, POD_SECURITY_REASON_ANNOTATION, RBAC_WILDCARD_ALLOWLIST, RbacWildcardException } from './rules';
import { allContainers, podTemplates, usesHost } from './workloads';

/** A documented departure from the secure defaults, with its reason. */
export interface SecurityException {
  /** The object granted it, as `Kind namespace/name` (`Kind name` when cluster-scoped). */
  readonly object: string;
  /** What is granted beyond the defaults. */
  readonly grants: string;
  /** Why it is needed, as recorded on the object (or in the allowlist); `(none given)` when missing. */
  readonly reason: string;
}

/**
 * Every exception in the rendered objects: namespaces below `restricted` (reason from the
 * StackNamespace annotation), pods with host access (reason from HostAgentAccess), and the RBAC
 * wildcard allowlist.
 */
export function securityExceptions(manifests: readonly Manifest[], allowlist: readonly RbacWildcardException[] = RBAC_WILDCARD_ALLOWLIST): SecurityException[] {
  const out: SecurityException[] = [];
  for (const ns of manifests.filter((m) => m.kind === 'Namespace')) {
    const level = (ns.metadata.labels as Record<string, string> | undefined)?.[POD_SECURITY_LABEL];
    if (level && level !== 'restricted') {
      const reason = (ns.metadata.annotations as Record<string, string> | undefined)?.[POD_SECURITY_REASON_ANNOTATION] ?? '(none given)';
      out.push({ object: objectRef(ns), grants: `Pod Security level ${level}`, reason });
    }
  }
  for (const pod of podTemplates(manifests).filter((p) => usesHost(p.spec))) {
    const spec = pod.spec;
    const grants = [
      ...(['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => spec[k]),
      ...(spec.volumes ?? []).filter((v) => v.hostPath).map((v) => {
        const readOnly = allContainers(spec).every((c) => (c.volumeMounts ?? [])
          .filter((vm) => vm.name === v.name).every((vm) => vm.readOnly));
        return `hostPath ${v.hostPath!.path}${readOnly ? ' (read-only)' : ''}`;
      }),
      ...allContainers(spec).flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => `hostPort ${p.hostPort}`)),
      ...allContainers(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => `container ${c.name} as uid 0`),
      ...allContainers(spec).filter((c) => c.securityContext?.capabilities?.add?.length).map((c) => `container ${c.name} adds ${c.securityContext!.capabilities!.add!.join(', ')}`),
    ];
    out.push({ object: objectRef(pod.owner), grants: grants.join('; '), reason: pod.metadata.annotations?.[HOST_ACCESS_ANNOTATION] ?? '(none given)' });
  }
  for (const a of allowlist) {
    out.push({ object: `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`, grants: 'RBAC wildcard', reason: a.reason });
  }
  return out;
}

/** The exceptions as a Markdown table, for docs/security.md. */
export function exceptionsMarkdown(exceptions: readonly SecurityException[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| object | grants | why |',
    '|---|---|---|',
    ...exceptions.map((e) => `| \`${e.object}\` | ${cell(e.grants)} | ${cell(e.reason)} |`),
  ].join('\n');
}
