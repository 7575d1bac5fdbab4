import { App } from 'cdk8s';
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
  const components = app.node.findAll().filter((c): c is Component => c instanceof Component);
  return components.map((component) => ({
    name: component.componentName,
    phase: component.phase,
    description: component.description,
    manifests: serialize(component).map(normalizeManifest),
  }));
}

/** The component's objects; a check failing inside cdk8s' serialization is thrown as itself. */
function serialize(component: Component): Manifest[] {
  try {
    return component.toJson();
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
