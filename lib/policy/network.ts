import { Manifest } from '../render/collect';

/** One side of a connection: pods (by labels) in a namespace, or every pod of a namespace. */
export interface Peer {
  /** The pods' namespace. */
  readonly namespace: string;
  /** Labels selecting the pods. @default - every pod of the namespace */
  readonly pods?: Record<string, string>;
}

/** A connection the stack makes: `from` opens TCP (or UDP) connections to `to` on `port`. */
export interface Flow {
  /** The flow's name, unique in the stack, e.g. `grafana-to-prometheus`. */
  readonly id: string;
  /** The pods that open the connection. */
  readonly from: Peer;
  /** The pods that accept it, always selected by labels (the pods a NetworkPolicy selects). */
  readonly to: Peer & { readonly pods: Record<string, string> };
  /** A container port name or number. */
  readonly port: string | number;
  /** The transport protocol. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** The label every namespace carries with its own name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }
interface PolicyPeer { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: unknown }
interface PolicyRule { from?: PolicyPeer[]; ports?: { port?: string | number; protocol?: string }[] }
interface PolicySpec { podSelector: LabelSelector; policyTypes?: string[]; ingress?: PolicyRule[] }

function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  if (selector.matchExpressions?.length) return false; // not used by the stack; never guess
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/**
 * Whether the NetworkPolicies among `manifests` let `flow` through, by the Kubernetes rules:
 * a pod selected by no ingress policy accepts everything; otherwise some rule of a policy
 * selecting it must match both the source and the port. Pod labels must be given in full for
 * the source; named ports match by name, numbered ports by number.
 */
export function allows(manifests: readonly Manifest[], flow: Flow, sourcePodLabels: Record<string, string> = flow.from.pods ?? {}): boolean {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === flow.to.namespace)
    .map((m) => m.spec as PolicySpec)
    .filter((spec) => (spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(spec.podSelector, flow.to.pods));
  if (policies.length === 0) return true;
  const sourceNamespaceLabels = { [NAMESPACE_NAME_LABEL]: flow.from.namespace };
  const protocol = flow.protocol ?? 'TCP';
  return policies.some((spec) => (spec.ingress ?? []).some((rule) => {
    const fromOk = !rule.from?.length || rule.from.some((peer) => {
      if (peer.ipBlock) return false;
      const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, sourceNamespaceLabels) : flow.from.namespace === flow.to.namespace;
      return nsOk && selects(peer.podSelector, sourcePodLabels);
    });
    const portOk = !rule.ports?.length || rule.ports.some((p) => (p.port === undefined || p.port === flow.port) && (p.protocol ?? 'TCP') === protocol);
    return fromOk && portOk;
  }));
}
