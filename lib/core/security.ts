import { k8s } from 'cdk8s-plus-28';

/**
 * Hardened defaults that every workload gets: the Pod Security Standard `restricted` profile
 * plus a read-only root filesystem.
 */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod-level defaults: a non-root user and group and RuntimeDefault seccomp. */
export function restrictedPodSecurityContext(uid = 65534): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The documented opt-out for host agents (node-exporter, log agents): they read host paths
 * that only root can read, so they run as root, still without privilege escalation, with all
 * capabilities dropped but the ones they name, and a read-only root filesystem. Such pods live
 * in a namespace whose Pod Security level allows it.
 */
export interface HostAgentAccess {
  /** Why this workload needs host access; rendered into the docs and an annotation. */
  readonly reason: string;
  /** Run as root (uid 0) to read root-owned host files. @default false */
  readonly runAsRoot?: boolean;
  /** Capabilities to add back after dropping ALL. @default [] */
  readonly addCapabilities?: string[];
}

export function hostAgentContainerSecurityContext(access: HostAgentAccess): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: access.runAsRoot ? false : true,
    ...(access.runAsRoot ? { runAsUser: 0, runAsGroup: 0 } : {}),
    capabilities: { drop: ['ALL'], ...(access.addCapabilities?.length ? { add: access.addCapabilities } : {}) },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
