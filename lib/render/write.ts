import * as fs from 'fs';
import * as path from 'path';

/** Relative file path (with `/`) to file content. */
export type FileTree = Map<string, string>;

/**
 * Replaces `target` with exactly `files`, all or nothing: everything is written to a staging
 * folder beside it first and swapped in by rename, so stale files disappear and a failure
 * part-way leaves the previous folder as it was.
 */
export function replaceDirectory(target: string, files: FileTree): void {
  const parent = path.dirname(target);
  const base = path.basename(target);
  const staging = path.join(parent, `.${base}.staging-${process.pid}`);
  const old = path.join(parent, `.${base}.old-${process.pid}`);
  fs.mkdirSync(parent, { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const [rel, content] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      checkRelativePath(rel);
      const file = path.join(staging, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    const existed = fs.existsSync(target);
    if (existed) fs.renameSync(target, old);
    try {
      fs.renameSync(staging, target);
    } catch (err) {
      if (existed) fs.renameSync(old, target);
      throw err;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function checkRelativePath(rel: string): void {
  if (rel === '' || path.isAbsolute(rel) || rel.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`refusing to write outside the output folder: ${JSON.stringify(rel)}`);
  }
}

/** Every file under `dir`, as relative paths with `/`, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}
