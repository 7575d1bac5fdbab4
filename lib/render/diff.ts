import { parse } from 'yaml';

/** One changed field of an object. */
export interface FieldChange {
  /** Path of the field, e.g. `spec.template.spec.containers[0].image`; keys that are not plain names are JSON-quoted. */
  readonly path: string;
  /** The old value. @default - none: the field is new, or `lines` is set */
  readonly before?: unknown;
  /** The new value. @default - none: the field was removed, or `lines` is set */
  readonly after?: unknown;
  /** For multi-line strings: a line diff (`-`/`+`/` ` prefixed). @default - none: `before` and `after` hold the values */
  readonly lines?: string[];
}

export interface ObjectDiff {
  /** The object's file, relative to the compared renders' root. */
  readonly file: string;
  /** `Kind namespace/name` of the object. */
  readonly object: string;
  /** Whether the file is new, gone, or different. */
  readonly change: 'added' | 'removed' | 'changed';
  /** The changed fields; empty for an added or removed object. */
  readonly fields: FieldChange[];
}

/** Per folder (component), the objects that differ. */
export type DistDiff = Map<string, ObjectDiff[]>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (isObject(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)}` : k, out);
  } else if (Array.isArray(value) && value.length) {
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else {
    out.set(path, value);
  }
}

/** A line diff from the longest common subsequence: small, exact, enough for configs. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) {
    lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { out.push(`  ${a[i]}`); i++; j++; continue; }
    if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}

/** Field-level changes between two versions of an object. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: FieldChange[] = [];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (typeof x === 'string' && typeof y === 'string' && (x.includes('\n') || y.includes('\n'))) out.push({ path, lines: lineDiff(x, y) });
    else out.push({ path, ...(a.has(path) ? { before: x } : {}), ...(b.has(path) ? { after: y } : {}) });
  }
  return out;
}

const describe = (content: string) => {
  const o = parse(content) as { kind?: string; metadata?: { name?: string; namespace?: string } };
  return `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
};

/** Compares two renders (relative path -> content); only Kubernetes object files count. */
export function diffDist(before: Map<string, string>, after: Map<string, string>): DistDiff {
  const isObjectFile = (f: string) => f.endsWith('.yaml') && !f.endsWith('/kustomization.yaml');
  const files = [...new Set([...before.keys(), ...after.keys()])].filter(isObjectFile).sort();
  const result: DistDiff = new Map();
  for (const file of files) {
    const a = before.get(file);
    const b = after.get(file);
    if (a === b) continue;
    const folder = file.split('/').slice(0, -1).join('/');
    const entry: ObjectDiff = a === undefined
      ? { file, object: describe(b!), change: 'added', fields: [] }
      : b === undefined
        ? { file, object: describe(a), change: 'removed', fields: [] }
        : { file, object: describe(b), change: 'changed', fields: fieldChanges(parse(a), parse(b)) };
    if (entry.change === 'changed' && entry.fields.length === 0) continue; // formatting only
    result.set(folder, [...(result.get(folder) ?? []), entry]);
  }
  return result;
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** The diff as plain text or as Markdown for a pull-request comment. */
export function formatDiff(diff: DistDiff, markdown: boolean): string {
  if (diff.size === 0) return markdown ? 'No change to the rendered objects.\n' : 'no change to the rendered objects\n';
  const out: string[] = [];
  for (const [folder, objects] of diff) {
    const counts = ['added', 'removed', 'changed'].map((c) => `${objects.filter((o) => o.change === c).length} ${c}`).join(', ');
    out.push(markdown ? `### \`${folder}\` (${counts})` : `${folder}: ${counts}`);
    for (const o of objects) {
      const sign = o.change === 'added' ? '+' : o.change === 'removed' ? '-' : '~';
      out.push(markdown ? `- ${sign} **${o.object}** (\`${o.file}\`)` : `  ${sign} ${o.object}`);
      if (o.fields.length === 0) continue;
      const lines: string[] = [];
      for (const f of o.fields) {
        if (f.lines) lines.push(`${f.path}:`, ...f.lines.filter((l) => !l.startsWith('  ')).map((l) => `    ${l}`));
        else lines.push(`${f.path}: ${show(f.before)} -> ${show(f.after)}`);
      }
      if (markdown) out.push('  ```diff', ...lines.map((l) => `  ${l}`), '  ```');
      else out.push(...lines.map((l) => `      ${l}`));
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
