import { App } from 'cdk8s';
import { ClusterContext } from '../config';
import { RenderedComponent } from '../lib/render/collect';
import { FileTree } from '../lib/render/write';
import { secretsMarkdown } from './docs/secrets-md';
import { inventoryMarkdown } from './docs/inventory';

/** What a generated document is rendered from: the construct tree and the rendered objects. */
export interface DocumentInput {
  readonly app: App;
  readonly ctx: ClusterContext;
  readonly components: readonly RenderedComponent[];
}

/** Renders files at the top of `dist/<cluster>/` (README inventory, SECRETS.md, ...). */
export type ClusterDocument = (input: DocumentInput) => FileTree;

/** Every document generated for each cluster. */
export const CLUSTER_DOCUMENTS: readonly ClusterDocument[] = [
  (input) => inventoryMarkdown(input),
  (input) => secretsMarkdown(input),
];
