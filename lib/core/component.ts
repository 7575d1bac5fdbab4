import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PART_OF } from './labels';
import { checkDnsLabel, checkOneOf } from './validate';
import { StackValidationError } from './errors';
import { checkKnownKeys } from './known-keys';

/**
 * When a component is applied, relative to the others. GitOps output turns this into Argo CD
 * sync waves and Flux `dependsOn`: namespaces and CRDs first, then operators, then workloads,
 * then the custom resources that operators act on.
 */
export type SyncPhase = 'foundation' | 'operators' | 'workloads' | 'resources';
export const SYNC_PHASES: readonly SyncPhase[] = ['foundation', 'operators', 'workloads', 'resources'];

const COMPONENT = Symbol.for('observability-stack.Component');

export interface ComponentProps {
  /** The namespace its namespaced objects live in. @default - objects set their own */
  readonly namespace?: string;
  /**
   * When it is applied relative to other components: `foundation` (namespaces, CRDs),
   * `operators`, `workloads` (Deployments, DaemonSets, Services), or `resources` (custom
   * resources an operator acts on: ServiceMonitors, PrometheusRules; dashboards as ConfigMaps).
   * A component of custom resources only is `resources`, so its CRDs exist when it is applied.
   */
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
  /**
   * Whether `x` is a Component. cdk8s' Chart answers `instanceof` for every Chart, so without
   * this a plain Chart would pass for a Component (and render as a folder without a name).
   */
  public static isComponent(x: unknown): x is Component {
    return typeof x === 'object' && x !== null && COMPONENT in x;
  }

  public static [Symbol.hasInstance](x: unknown): x is Component {
    return Component.isComponent(x);
  }

  /** The component that contains `scope`. */
  public static of(scope: IConstruct): Component {
    const found = scope.node.scopes.slice().reverse().find((s): s is Component => s instanceof Component);
    if (!found) throw notInComponent(scope);
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
    Object.defineProperty(this, COMPONENT, { value: true });
    checkDnsLabel(this, 'component id', id);
    checkKnownKeys(this, 'ComponentProps', props);
    checkOneOf(this, 'phase', props.phase, SYNC_PHASES);
    this.componentName = id;
    this.phase = props.phase;
    this.description = props.description;
  }
}

/**
 * The cdk8s Chart `scope` renders in (a Component, or a plain Chart in a unit test). Outside of
 * any, the error names the construct and what to do instead of cdk8s' bare "cannot find a parent chart".
 */
export function chartOf(scope: IConstruct): Chart {
  const found = scope.node.scopes.slice().reverse().find((s): s is Chart => Chart.isChart(s));
  if (!found) throw notInComponent(scope);
  return found;
}

function notInComponent(scope: IConstruct): StackValidationError {
  return new StackValidationError(scope, 'scope', scope.node.path,
    `a construct inside a Component: this ${scope.constructor.name} renders nowhere. Create it with a Component (or a construct inside one) as its scope, ` +
    "e.g. const chart = new Component(app, 'shop', { namespace: 'shop', phase: 'resources' }); new " + `${scope.constructor.name}(chart, ...)`);
}
