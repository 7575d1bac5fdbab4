import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Component, SyncPhase } from '../core/component';
import { unwrapSerializationError } from '../core/errors';
import { CLUSTER_SCOPED_KINDS } from './cluster-scoped';

/** A Kubernetes manifest as plain JSON. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** One component's rendered objects, in cdk8s order. */
export interface RenderedComponent {
  /** The component's name (its construct id), also its output folder. */
  readonly name: string;
  /** When it is applied relative to the other components. */
  readonly phase: SyncPhase;
  /** The component's one-line description for the inventory. @default - none */
  readonly description?: string;
  /** Its objects, cluster-scoped ones without a namespace. */
  readonly manifests: Manifest[];
}

/** Renders every Component of the app to plain JSON manifests. */
export function collectComponents(app: App): RenderedComponent[] {
  return [...renderComponents(app)];
}

/**
 * Renders the app's Components one at a time, so a caller can write and drop each before the
 * next. The app is prepared once: cdk8s' `Chart.toJson()` resolves dependencies and runs every
 * validation of the whole app on each call, which grows with the square of the app's size, so
 * only the first component goes through it and the others take the same per-chart step (the
 * chart's objects in dependency order) without repeating the app-wide work.
 */
export function* renderComponents(app: App): Generator<RenderedComponent> {
  const components = app.node.findAll().filter((c): c is Component => c instanceof Component);
  let prepared = false;
  for (const component of components) {
    const manifests = serialize(() => (prepared ? chartObjects(component).map((o) => o.toJson()) : component.toJson()));
    prepared = true;
    yield {
      name: component.componentName,
      phase: component.phase,
      description: component.description,
      manifests: manifests.map(normalizeManifest),
    };
  }
}

/** A chart's own API objects in dependency order, as cdk8s' Chart.toJson() lists them. */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
}

/** Serialized objects; a check failing inside cdk8s' serialization is thrown as itself. */
export function serialize<T>(render: () => T): T {
  try {
    return render();
  } catch (err) {
    throw unwrapSerializationError(err);
  }
}

function normalizeManifest(manifest: Manifest): Manifest {
  if (CLUSTER_SCOPED_KINDS.has(manifest.kind) && manifest.metadata.namespace !== undefined) {
    const { namespace: _dropped, ...metadata } = manifest.metadata;
    return { ...manifest, metadata: metadata as Manifest['metadata'] };
  }
  return manifest;
}
