import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { kustomization } from './files';
import { FileTree, listFiles } from './write';

/** The folder in each component folder that holds the user's own manifests. */
export const LOCAL_FOLDER = 'local';

/**
 * A rendered folder together with the user's own manifests in its `local/` folder (sealed
 * secrets, extra objects): synth replaces a cluster folder whole, so what it does not carry over
 * is deleted. Each file is kept as it is; the folder's kustomization.yaml lists the `.yaml` and
 * `.yml` files, or `local` itself when it has a kustomization of its own.
 * @param current the folder as it is now in the output (`dist/<cluster>/<folder>`)
 */
export function withLocalFiles(current: string, files: FileTree): FileTree {
  const local = path.join(current, LOCAL_FOLDER);
  const own = listFiles(local);
  if (own.length === 0 || !files.has('kustomization.yaml')) return files;
  const out: FileTree = new Map(files);
  for (const rel of own) out.set(`${LOCAL_FOLDER}/${rel}`, fs.readFileSync(path.join(local, rel), 'utf8'));
  const hasKustomization = own.some((f) => /^kustomization\.ya?ml$|^Kustomization$/.test(f));
  const listed = hasKustomization ? [LOCAL_FOLDER] : own.filter((f) => /\.ya?ml$/.test(f)).map((f) => `${LOCAL_FOLDER}/${f}`);
  const rendered = (parse(files.get('kustomization.yaml')!) as { resources?: string[] }).resources ?? [];
  out.set('kustomization.yaml', kustomization([...rendered, ...listed]));
  return out;
}
