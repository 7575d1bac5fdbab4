import * as fs from 'fs';
import * as path from 'path';
import { ClusterConfig, clusters as configuredClusters } from './config';
import { renderCluster, RenderedCluster } from './charts/stack';
import { VERSIONS_DOC, versionsMarkdown } from './charts/docs/versions-md';
import { replaceDirectory } from './lib/render/write';

export interface SynthOptions {
  /** Output folder. @default $CDK8S_OUTDIR or 'dist' */
  readonly outdir?: string;
  /** Clusters to render. @default every configured cluster */
  readonly clusters?: readonly ClusterConfig[];
}

/**
 * Renders every cluster in memory first, then replaces each `dist/<cluster>/` in one swap, so
 * any error leaves the previous output untouched. Folders of clusters no longer configured
 * are removed.
 */
/** The output folder: the option, else the cdk8s CLI's (`cdk8s.yaml` names a scratch folder), else dist/. */
export function outputFolder(options: SynthOptions = {}): string {
  return options.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
}

export function synth(options: SynthOptions = {}): RenderedCluster[] {
  const outdir = outputFolder(options);
  const clusters = options.clusters ?? configuredClusters;
  const rendered = clusters.map((cluster) => renderCluster(cluster));
  for (const cluster of rendered) replaceDirectory(path.join(outdir, cluster.name), cluster.files);
  removeStaleClusters(outdir, new Set(rendered.map((c) => c.name)));
  return rendered;
}

/** A folder in dist/ with an `argocd/` folder is a rendered cluster; drop it once unconfigured. */
function removeStaleClusters(outdir: string, keep: Set<string>): void {
  for (const entry of fs.readdirSync(outdir, { withFileTypes: true })) {
    if (entry.isDirectory() && !keep.has(entry.name) && fs.existsSync(path.join(outdir, entry.name, 'argocd'))) {
      fs.rmSync(path.join(outdir, entry.name), { recursive: true, force: true });
    }
  }
}

function summary(rendered: RenderedCluster[], ms: number): string {
  const lines: string[] = [];
  for (const cluster of rendered) {
    lines.push(`${cluster.name}: ${cluster.files.size} files`);
    for (const c of cluster.components) {
      lines.push(`  ${c.name.padEnd(22)} ${String(c.manifests.length).padStart(3)} objects  ${String(c.manifests.length + 1).padStart(3)} files`);
    }
    const gitops = [...cluster.files.keys()].filter((f) => f.startsWith('argocd/') || f.startsWith('flux/')).length;
    const docs = [...cluster.files.keys()].filter((f) => !f.includes('/')).length;
    lines.push(`  ${'argocd, flux'.padEnd(22)} ${''.padStart(3)}          ${String(gitops).padStart(3)} files`);
    lines.push(`  ${'README.md, SECRETS.md'.padEnd(22)} ${''.padStart(3)}          ${String(docs).padStart(3)} files`);
  }
  lines.push(`rendered ${rendered.reduce((n, c) => n + c.files.size, 0)} files in ${ms.toFixed(0)} ms`);
  return lines.join('\n');
}

if (require.main === module) {
  const start = performance.now();
  try {
    const rendered = synth();
    // The versions page is the repository's, not a cluster's: written next to the sources.
    fs.writeFileSync(VERSIONS_DOC, versionsMarkdown());
    console.log(summary(rendered, performance.now() - start));
  } catch (err) {
    console.error(`synth failed, ${outputFolder()}/ left unchanged:\n  ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
