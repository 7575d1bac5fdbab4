import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { checkDnsLabel, checkOneOf } from './validate';
import { PART_OF } from './labels';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface StackNamespaceProps {
  /** The Namespace's name, a DNS label. */
  readonly name: string;
  /** The Pod Security Standard enforced (and audited, and warned) in the namespace. */
  readonly podSecurity: PodSecurityLevel;
  /** Why a level below `restricted` is needed; required for such namespaces. @default - none */
  readonly reason?: string;
}

/** A Namespace carrying Pod Security Admission labels for enforce, audit and warn. */
export class StackNamespace extends Construct {
  public readonly name: string;
  public readonly podSecurity: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: StackNamespaceProps) {
    super(scope, id);
    checkDnsLabel(this, 'name', props.name);
    checkOneOf(this, 'podSecurity', props.podSecurity, ['restricted', 'baseline', 'privileged']);
    if (props.podSecurity !== 'restricted' && !props.reason) {
      throw new Error(`${this.node.path}: reason is missing; a namespace below the "restricted" Pod Security level must say why`);
    }
    this.name = props.name;
    this.podSecurity = props.podSecurity;
    new k8s.KubeNamespace(this, 'resource', {
      metadata: {
        name: props.name,
        labels: {
          'app.kubernetes.io/part-of': PART_OF,
          'pod-security.kubernetes.io/enforce': props.podSecurity,
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          'pod-security.kubernetes.io/audit': props.podSecurity,
          'pod-security.kubernetes.io/warn': props.podSecurity,
        },
        ...(props.reason ? { annotations: { 'observability-stack/pod-security-reason': props.reason } } : {}),
      },
    });
  }
}
