import { checkClusters, ClusterConfig, clusters as configuredClusters } from './config';
import * as fs from 'fs';
import * as path from 'path';
import { withLocalFiles } from './lib/render/local-files';
import { renderClusterTo } from './charts/stack';
import { RenderedComponent } from './lib/render/collect';
import { OutputFolder, sameContent } from './lib/render/output';
import { VERSIONS_DOC, versionsMarkdown } from './charts/docs/versions-md';
import { configFileOf, describeFailure, fieldLine, raisedIn } from './config/locate';
import { CommandSpec, commandLine, programArgs } from './tools/command-line';
import { ClusterSupport, pinsReferenced, supportCheckDate, supportWarnings } from './lib/core/support';
import { runbookFiles } from './charts/docs/runbooks-md';
import { scenarioCluster, scenariosMarkdown, SCENARIOS_END, SCENARIOS_START } from './charts/docs/failure-scenarios';
import { RUNBOOKS_DIR } from './charts/alert-links';

export interface SynthOptions {
  /** Output folder. @default $CDK8S_OUTDIR or 'dist' */
  readonly outdir?: string;
  /** Clusters to render. @default every configured cluster */
  readonly clusters?: readonly ClusterConfig[];
  /**
   * Remove the folders of clusters not rendered by this run. Off when a run renders some of
   * the configured clusters only (`--cluster`), so the others' folders stay as they are.
   * @default true
   */
  readonly prune?: boolean;
}

/** What a synth rendered for one cluster: its components and the files of `dist/<cluster>/`. */
export interface SynthResult {
  readonly name: string;
  readonly components: RenderedComponent[];
  /** Every file of the cluster folder, relative to it. */
  readonly files: readonly string[];
}

/** The output folder: the option, else the cdk8s CLI's (`cdk8s.yaml` names a scratch folder), else dist/. */
export function outputFolder(options: SynthOptions = {}): string {
  return options.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
}

/**
 * Renders every cluster, then replaces each changed `dist/<cluster>/` in one swap, so any
 * error leaves the previous output untouched; one synth at a time per output folder (see
 * OutputFolder). Each folder is written to staging as soon as it is rendered. Folders of
 * clusters no longer configured are removed; unchanged clusters are not rewritten.
 */
export function synth(options: SynthOptions = {}): SynthResult[] {
  const clusters = options.clusters ?? configuredClusters;
  checkClusters(clusters);
  const output = OutputFolder.open(outputFolder(options));
  try {
    const results = clusters.map((config) => {
      try {
        const cluster = output.cluster(config.name);
        // Each folder keeps the user's own manifests in its local/ folder.
        const { name, components } = renderClusterTo(config, (folder, files) => cluster.add(folder, folder === '' ? files : withLocalFiles(path.join(cluster.target, folder), files)));
        return { name, components, files: cluster.files };
      } catch (err) {
        // Errors that name a construct only are reported with the cluster's config file.
        throw raisedIn(config.name, err);
      }
    });
    output.commit(options.prune ?? true);
    return results;
  } finally {
    output.close();
  }
}

function summary(rendered: SynthResult[], ms: number): string {
  const lines: string[] = [];
  for (const cluster of rendered) {
    lines.push(`${cluster.name}: ${cluster.files.length} files`);
    for (const c of cluster.components) {
      lines.push(`  ${c.name.padEnd(22)} ${String(c.manifests.length).padStart(3)} objects  ${String(c.manifests.length + 1).padStart(3)} files`);
    }
    const gitops = cluster.files.filter((f) => f.startsWith('argocd/') || f.startsWith('flux/')).length;
    const docs = cluster.files.filter((f) => !f.includes('/')).length;
    lines.push(`  ${'argocd, flux'.padEnd(22)} ${''.padStart(3)}          ${String(gitops).padStart(3)} files`);
    lines.push(`  ${'README.md, SECRETS.md'.padEnd(22)} ${''.padStart(3)}          ${String(docs).padStart(3)} files`);
  }
  lines.push(`rendered ${rendered.reduce((n, c) => n + c.files.length, 0)} files in ${ms.toFixed(0)} ms`);
  return lines.join('\n');
}

/**
 * What the support check needs of a rendered cluster: the pins its output references, and where
 * its `kubernetesVersion` is written (`config/homelab.ts:7`; the file alone where the field is
 * inherited, `config/<name>` for a cluster declared elsewhere).
 */
export function clusterSupport(config: ClusterConfig, rendered: SynthResult): ClusterSupport {
  const file = configFileOf(config.name);
  const line = file === undefined ? undefined : fieldLine(fs.readFileSync(file, 'utf8'), config.name, 'kubernetesVersion');
  return {
    name: config.name,
    declaredIn: file === undefined ? `config/${config.name}` : line === undefined ? file : `${file}:${line}`,
    kubernetesVersion: config.kubernetesVersion,
    pins: pinsReferenced(rendered.components.map((c) => c.manifests), config.images),
  };
}

/** `docs/runbooks/`: each page rewritten when it changes, pages of alerts no longer shipped removed. */
function writeRunbooks(): void {
  const files = runbookFiles();
  fs.mkdirSync(RUNBOOKS_DIR, { recursive: true });
  for (const name of fs.readdirSync(RUNBOOKS_DIR)) {
    if (name.endsWith('.md') && !files.has(path.posix.join(RUNBOOKS_DIR, name))) fs.rmSync(path.join(RUNBOOKS_DIR, name));
  }
  for (const [file, text] of files) writeIfChanged(file, text);
}

/** The README's failure-scenario matrix, between its markers, from the scenario table. */
function writeScenarioMatrix(): void {
  const readme = fs.readFileSync('README.md', 'utf8');
  const start = readme.indexOf(SCENARIOS_START);
  const end = readme.indexOf(SCENARIOS_END);
  if (start < 0 || end < start) throw new Error(`README.md: the markers ${SCENARIOS_START} and ${SCENARIOS_END} are missing; put them back where the matrix goes`);
  writeIfChanged('README.md', readme.slice(0, start) + scenariosMarkdown(configuredClusters.map(scenarioCluster)) + readme.slice(end + SCENARIOS_END.length));
}

/** Rewrites a file only when its text changes, so an unchanged synth touches nothing. */
function writeIfChanged(file: string, text: string): void {
  if (!sameContent(file, text)) fs.writeFileSync(file, text);
}

/**
 * The clusters named by `--cluster NAME` options, or undefined for all of them.
 * @throws naming the unknown cluster and the configured ones
 */
export function selectedClusters(names: readonly string[] | undefined): ClusterConfig[] | undefined {
  if (names === undefined || names.length === 0) return undefined;
  return names.map((name) => {
    const config = configuredClusters.find((c) => c.name === name);
    if (!config) throw new Error(`--cluster ${JSON.stringify(name)}: no such cluster in config/; configured: ${configuredClusters.map((c) => c.name).join(', ')}`);
    return config;
  });
}

export const SYNTH_COMMAND: CommandSpec = {
  command: 'npm run synth --',
  summary: 'Renders every cluster in config/ (or the named ones) to dist/<cluster>/; on an error, dist/ is left as it was.',
  options: {
    cluster: { type: 'string', multiple: true, value: 'NAME', description: 'render this cluster only (repeatable); the other clusters\' folders stay as they are' },
  },
};

/**
 * `npm run synth [-- --cluster NAME ...]`: render every cluster (or the named ones, leaving the
 * others' folders as they are), print the summary; on error print where the input is and exit
 * 1, dist/ unchanged.
 */
export function cli(): void {
  const start = performance.now();
  const { values } = commandLine(SYNTH_COMMAND, programArgs());
  try {
    const only = selectedClusters(values.cluster as string[] | undefined);
    // The clusters not rendered still must not clash with those that are.
    if (only) checkClusters(configuredClusters);
    const rendered = synth(only ? { clusters: only, prune: false } : {});
    // The versions page is the repository's, not a cluster's: written next to the sources.
    writeIfChanged(VERSIONS_DOC, versionsMarkdown());
    // The stack's runbooks cover every configured cluster's alerts: rewritten on a full synth only.
    if (!only) {
      writeRunbooks();
      writeScenarioMatrix();
    }
    console.log(summary(rendered, performance.now() - start));
    // Past end of support (the pins the clusters render, the clusters' own Kubernetes versions):
    // reported, not fatal, so a rebuild stays reproducible.
    const configs = only ?? configuredClusters;
    const support = rendered.map((r) => clusterSupport(configs.find((c) => c.name === r.name)!, r));
    for (const line of supportWarnings(supportCheckDate(), support)) console.error(line);
  } catch (err) {
    console.error(`synth failed, ${outputFolder()}/ left unchanged:\n  ${describeFailure(err)}`);
    process.exit(1);
  }
}

// Only as the program itself: a bundle that imports synth() (a test's helper process) is its own
// main module too, and must not run this command line.
if (require.main === module && /(?:^|[/\\])main(?:\.bundle)?\.[jt]s$/.test(require.main.filename)) cli();
