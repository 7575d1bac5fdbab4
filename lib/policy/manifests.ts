import { parseAllDocuments } from 'yaml';
import { Manifest } from '../render/collect';

/** The file each loaded manifest came from, so a violation can point at it. */
const FILES = new WeakMap<Manifest, string>();

/**
 * Parses every object of a rendered file tree (`dist/<cluster>/` relative paths to YAML text),
 * remembering the file of each. Non-YAML files and kustomization files are skipped.
 */
export function loadManifests(files: ReadonlyMap<string, string>): Manifest[] {
  const out: Manifest[] = [];
  for (const [file, text] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!file.endsWith('.yaml') || file.endsWith('kustomization.yaml')) continue;
    for (const doc of parseAllDocuments(text)) {
      const m = doc.toJS() as Manifest | null;
      if (!m?.kind) continue;
      FILES.set(m, file);
      out.push(m);
    }
  }
  return out;
}

/** The file `m` was loaded from, if it came from loadManifests(). */
export function fileOf(m: Manifest): string | undefined {
  return FILES.get(m);
}

/** `Kind namespace/name` (cluster-scoped objects have no namespace part). */
export function objectRef(m: Manifest): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}
