import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PART_OF } from './labels';
import { checkDnsLabel } from './validate';

/**
 * When a component is applied, relative to the others. GitOps output turns this into Argo CD
 * sync waves and Flux `dependsOn`: namespaces and CRDs first, then operators, then workloads,
 * then the custom resources that operators act on.
 */
export type SyncPhase = 'foundation' | 'operators' | 'workloads' | 'resources';
export const SYNC_PHASES: readonly SyncPhase[] = ['foundation', 'operators', 'workloads', 'resources'];

export interface ComponentProps {
  /** The namespace its namespaced objects live in. @default - objects set their own */
  readonly namespace?: string;
  /** When it is applied relative to other components. */
  readonly phase: SyncPhase;
  /** One line for the inventory. @default - none */
  readonly description?: string;
}

/**
 * One deployable part of the stack: a cdk8s Chart that renders to its own folder,
 * `dist/<cluster>/<id>/`, and becomes one Argo CD Application and one Flux Kustomization.
 * The construct id is the folder name, so it must be a stable DNS label.
 */
export class Component extends Chart {
  /** The component that contains `scope`. */
  public static of(scope: IConstruct): Component {
    const found = scope.node.scopes.slice().reverse().find((s): s is Component => s instanceof Component);
    if (!found) throw new Error(`${scope.node.path}: not inside a Component`);
    return found;
  }

  public readonly componentName: string;
  public readonly phase: SyncPhase;
  public readonly description?: string;

  constructor(scope: Construct, id: string, props: ComponentProps) {
    // Every object gets the recommended labels; objects that set their own keep theirs.
    super(scope, id, {
      namespace: props.namespace,
      disableResourceNameHashes: true,
      labels: { 'app.kubernetes.io/name': id, 'app.kubernetes.io/instance': id, 'app.kubernetes.io/part-of': PART_OF },
    });
    checkDnsLabel(this, 'component id', id);
    this.componentName = id;
    this.phase = props.phase;
    this.description = props.description;
  }
}
