import * as fs from 'fs';
import * as path from 'path';
import { acquireLock } from './lock';
import { FileTree, listFiles } from './write';

/**
 * The output folder (`dist/`) as one synth writes it: one synth at a time (a lock file beside
 * the folder), every cluster staged beside the folder (never inside it, where `git add dist`
 * would take a killed run's leftovers) and swapped in by rename only once every cluster has
 * rendered. A cluster whose files are all unchanged is not touched at all.
 *
 * Beside `dist/` live `.dist-synth.lock`, `.dist-staging-<pid>/` and `.dist-old-<pid>/`; a
 * run finds the leftovers of killed runs, puts back a cluster folder a kill left moved aside,
 * and removes the rest.
 */
export class OutputFolder {
  /** Opens `outdir` for writing: waits for the lock, then tidies after killed runs. */
  public static open(outdir: string): OutputFolder {
    const parent = path.dirname(path.resolve(outdir));
    fs.mkdirSync(parent, { recursive: true });
    const release = acquireLock(path.join(parent, `.${path.basename(outdir)}-synth.lock`), `${outdir}/`);
    try {
      return new OutputFolder(outdir, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  private readonly staging: string;
  private readonly old: string;
  private readonly clusters = new Map<string, ClusterOutput>();

  private constructor(public readonly outdir: string, private readonly release: () => void) {
    const parent = path.dirname(path.resolve(outdir));
    const prefix = `.${path.basename(outdir)}-`;
    this.staging = path.join(parent, `${prefix}staging-${process.pid}`);
    this.old = path.join(parent, `${prefix}old-${process.pid}`);
    fs.mkdirSync(outdir, { recursive: true });
    for (const leftover of fs.readdirSync(parent)) {
      if (!leftover.startsWith(`${prefix}staging-`) && !leftover.startsWith(`${prefix}old-`)) continue;
      const dir = path.join(parent, leftover);
      // A run killed between its two renames left a cluster moved aside: put it back.
      if (leftover.startsWith(`${prefix}old-`)) {
        for (const cluster of fs.readdirSync(dir)) {
          if (!fs.existsSync(path.join(outdir, cluster))) fs.renameSync(path.join(dir, cluster), path.join(outdir, cluster));
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Where one cluster's files go: `<outdir>/<name>/`. */
  public cluster(name: string): ClusterOutput {
    if (this.clusters.has(name)) throw new Error(`two clusters render to ${this.outdir}/${name}/`);
    const out = new ClusterOutput(path.join(this.outdir, name), path.join(this.staging, name));
    this.clusters.set(name, out);
    return out;
  }

  /**
   * Swaps in every cluster that changed and, with `prune`, removes the folders of clusters no
   * longer rendered (a folder with an `argocd/` folder is a rendered cluster). Call once every
   * cluster rendered.
   */
  public commit(prune = true): void {
    fs.mkdirSync(this.old, { recursive: true });
    for (const [name, cluster] of this.clusters) {
      if (!cluster.finish()) continue;
      const target = path.join(this.outdir, name);
      const aside = path.join(this.old, name);
      const existed = fs.existsSync(target);
      if (existed) fs.renameSync(target, aside);
      try {
        fs.renameSync(cluster.staged, target);
      } catch (err) {
        if (existed) fs.renameSync(aside, target);
        throw err;
      }
    }
    for (const entry of prune ? fs.readdirSync(this.outdir, { withFileTypes: true }) : []) {
      if (entry.isDirectory() && !this.clusters.has(entry.name) && fs.existsSync(path.join(this.outdir, entry.name, 'argocd'))) {
        fs.renameSync(path.join(this.outdir, entry.name), path.join(this.old, entry.name));
      }
    }
  }

  /** Removes staging and replaced folders and releases the lock; call whether or not commit() ran. */
  public close(): void {
    try {
      fs.rmSync(this.staging, { recursive: true, force: true });
      fs.rmSync(this.old, { recursive: true, force: true });
    } finally {
      this.release();
    }
  }
}

/**
 * One cluster's output, written folder by folder as each is rendered. Files are compared with
 * the cluster's current folder first; staging starts only at the first difference (copying the
 * unchanged files written so far), so a run that renders the same output writes nothing.
 */
export class ClusterOutput {
  private readonly written: string[] = [];
  private readonly seen = new Set<string>();
  private readonly madeDirs = new Set<string>();
  private changed = false;

  constructor(public readonly target: string, public readonly staged: string) {}

  /** Every file path written so far, relative to the cluster folder. */
  public get files(): readonly string[] {
    return this.written;
  }

  /** Adds `files` under `folder` (relative to the cluster folder; '' for its top). */
  public add(folder: string, files: FileTree): void {
    for (const [name, content] of files) {
      const rel = folder ? `${folder}/${name}` : name;
      checkRelativePath(rel);
      if (this.seen.has(rel)) throw new Error(`two files render to ${this.target}/${rel}`);
      if (!this.changed && !sameContent(path.join(this.target, rel), content)) this.startStaging();
      this.written.push(rel);
      this.seen.add(rel);
      if (this.changed) this.write(rel, content);
    }
  }

  /** Whether the cluster folder must be replaced (a file differs, or one is stale). */
  public finish(): boolean {
    if (!this.changed) {
      const existing = listFiles(this.target);
      if (existing.length === this.seen.size && existing.every((f) => this.seen.has(f))) return false;
      this.startStaging();
    }
    return true;
  }

  private startStaging(): void {
    this.changed = true;
    fs.mkdirSync(this.staged, { recursive: true });
    for (const rel of this.written) {
      this.makeDir(rel);
      fs.copyFileSync(path.join(this.target, rel), path.join(this.staged, rel));
    }
  }

  private write(rel: string, content: string): void {
    this.makeDir(rel);
    fs.writeFileSync(path.join(this.staged, rel), content);
  }

  private makeDir(rel: string): void {
    const dir = path.dirname(path.join(this.staged, rel));
    if (this.madeDirs.has(dir)) return;
    fs.mkdirSync(dir, { recursive: true });
    this.madeDirs.add(dir);
  }
}

/** Whether `file` exists and holds exactly `content`. */
export function sameContent(file: string, content: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8') === content;
  } catch {
    return false;
  }
}

function checkRelativePath(rel: string): void {
  if (rel === '' || path.isAbsolute(rel) || rel.split('/').some((part) => part === '..' || part === '' || part === '.')) {
    throw new Error(`refusing to write outside the output folder: ${JSON.stringify(rel)}`);
  }
}
