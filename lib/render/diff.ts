import { parse } from 'yaml';

/** One changed field of an object. */
export interface FieldChange {
  /**
   * Path of the field, e.g. `spec.template.spec.containers[name=grafana].image`: list items are
   * named by their key (see ITEM_KEYS), by position only where they have none; keys that are not
   * plain names are JSON-quoted.
   */
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

/**
 * The fields that identify an item of a list, as Kubernetes' strategic merge keys do (containers,
 * volumes and env by name, volume mounts by mountPath, ports) plus the stack's own lists (rules
 * by alert or record name, dependsOn by name, projected sources by the ConfigMap or Secret).
 * The first one an item has is its key.
 */
const ITEM_KEYS = ['name', 'alert', 'record', 'mountPath', 'devicePath', 'containerPort', 'port', 'uid', 'configMap.name', 'secret.name', 'key', 'path'];

/** Lists whose Kubernetes merge key comes before `name` (two mounts may share a volume's name). */
const LIST_KEYS: Record<string, string[]> = { volumeMounts: ['mountPath'], volumeDevices: ['devicePath'] };

const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const lookup = (item: Record<string, unknown>, key: string): unknown =>
  key.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), item);
const quoteKey = (v: unknown) => (typeof v === 'string' && /^[^\s\[\]=#"]+$/.test(v) ? v : JSON.stringify(v));

/**
 * `key=value` of each item of a list, or undefined when the items are not all objects with a key
 * (the list is then compared by position). A key repeated (an alert at two severities) gets `#2`.
 */
function itemKeys(list: unknown[], listName: string): string[] | undefined {
  const candidates = [...(LIST_KEYS[listName] ?? []), ...ITEM_KEYS];
  const keys: string[] = [];
  const seen = new Map<string, number>();
  for (const item of list) {
    if (!isObject(item)) return undefined;
    const field = candidates.find((k) => isPrimitive(lookup(item, k)) && lookup(item, k) !== null);
    if (field === undefined) return undefined;
    const key = `${field}=${quoteKey(lookup(item, field))}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    keys.push(n > 1 ? `${key}#${n}` : key);
  }
  return keys;
}

/** Leaf paths to values in `out`; the paths of keyed list items to the items in `items`. */
function flatten(value: unknown, path: string, out: Map<string, unknown>, items: Map<string, unknown>): void {
  if (isObject(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)}` : k, out, items);
  } else if (Array.isArray(value) && value.length && !value.every(isPrimitive)) {
    const keys = itemKeys(value, path.slice(path.lastIndexOf('.') + 1));
    value.forEach((v, i) => {
      if (keys) items.set(`${path}[${keys[i]}]`, v);
      flatten(v, `${path}[${keys ? keys[i] : i}]`, out, items);
    });
  } else {
    // Scalars, and lists of scalars (args, syncOptions), which are compared as one line per item.
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

/** Field-level changes between two versions of an object; a list item added or removed whole is one change. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  const aItems = new Map<string, unknown>();
  const bItems = new Map<string, unknown>();
  flatten(before, '', a, aItems);
  flatten(after, '', b, bItems);
  const within = (path: string, item: string) => path === item || path.startsWith(`${item}.`) || path.startsWith(`${item}[`);
  const outermost = (only: string[]) => only.filter((p) => !only.some((q) => q !== p && within(p, q)));
  const added = outermost([...bItems.keys()].filter((p) => !aItems.has(p)));
  const removed = outermost([...aItems.keys()].filter((p) => !bItems.has(p)));
  const whole = new Map<string, FieldChange>([
    ...added.map((p): [string, FieldChange] => [p, { path: p, after: bItems.get(p) }]),
    ...removed.map((p): [string, FieldChange] => [p, { path: p, before: aItems.get(p) }]),
  ]);
  const paths = [...new Set([...a.keys(), ...b.keys(), ...whole.keys()])].sort();
  const out: FieldChange[] = [];
  for (const path of paths) {
    if (whole.has(path)) { out.push(whole.get(path)!); continue; }
    if ([...whole.keys()].some((item) => within(path, item))) continue;
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (typeof x === 'string' && typeof y === 'string' && (x.includes('\n') || y.includes('\n'))) out.push({ path, lines: lineDiff(x, y) });
    else if (Array.isArray(x) && Array.isArray(y)) out.push({ path, lines: lineDiff(x.map((v) => JSON.stringify(v)).join('\n'), y.map((v) => JSON.stringify(v)).join('\n')) });
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

/**
 * The diff as plain text or as Markdown for a pull-request comment: `-` marks an old value, `+`
 * a new one, `~` a multi-line value whose changed lines follow.
 */
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
        if (f.lines) lines.push(`~ ${f.path}:`, ...f.lines.filter((l) => !l.startsWith('  ')).map((l) => `${l[0]}     ${l.slice(2)}`));
        else {
          if ('before' in f) lines.push(`- ${f.path}: ${show(f.before)}`);
          if ('after' in f) lines.push(`+ ${f.path}: ${show(f.after)}`);
        }
      }
      if (markdown) out.push('  ```diff', ...lines.map((l) => `  ${l}`), '  ```');
      else out.push(...lines.map((l) => `      ${l}`));
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
