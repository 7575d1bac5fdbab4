import { Document, visit } from 'yaml';

/**
 * YAML as reviewers read it: block style, no line folding, multi-line strings as `|` blocks.
 *
 * The text is exactly what the `yaml` package prints for these options; it is written here
 * directly because building a `yaml` Document for every object was a third of the render. The
 * package still decides every string that is not plainly safe (quoting, block scalars), once
 * per distinct string, and prints any object this writer does not handle (then the whole object).
 */
export function toYaml(value: unknown): string {
  const out: string[] = [];
  if (isPlainObject(value) && Object.keys(value).length > 0 && writeMap(value, '', out)) return out.join('');
  return packageYaml(value);
}

const DOC_OPTIONS = { version: '1.1', aliasDuplicateObjects: false } as const;
const STRING_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

/** The `yaml` package's rendering: the reference the writer above matches. */
export function packageYaml(value: unknown): string {
  // Written for YAML 1.1 readers too (kubectl and Argo CD parse with go-yaml v2, PyYAML-based
  // tools with YAML 1.1): strings such as "on", "yes" or "y" are quoted so they stay strings,
  // and so is a bare "=" (YAML 1.1's value tag).
  const doc = new Document(value, DOC_OPTIONS);
  // YAML 1.2 readers (kustomize, the yaml package) take 0o755 for a number; 1.1's schema does not quote it.
  visit(doc, { Scalar: (_key, node) => { if (forceQuoted(node.value)) node.type = 'QUOTE_DOUBLE'; } });
  return doc.toString(STRING_OPTIONS);
}

const forceQuoted = (v: unknown) => v === '=' || (typeof v === 'string' && /^[-+]?0o[0-7]+$/.test(v));

/** Thrown inside the writer for anything it leaves to the package. */
const UNHANDLED = Symbol('unhandled');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function writeMap(map: Record<string, unknown>, indent: string, out: string[]): boolean {
  try {
    mapBody(map, indent, out);
    return true;
  } catch (err) {
    if (err === UNHANDLED) return false;
    throw err;
  }
}

/** The pairs of a non-empty map, each line starting at `indent` (already written for the first one when `started`). */
function mapBody(map: Record<string, unknown>, indent: string, out: string[], started = false): void {
  let empty = true;
  for (const key in map) {
    const v = map[key];
    if (v === undefined) continue;
    if (!(empty && started)) out.push(indent);
    empty = false;
    out.push(keyText(key), ':');
    valueAfterKey(v, indent, out);
  }
  if (empty) throw UNHANDLED; // every value undefined: the package prints `{}`
}

/** A pair's value, after `key:`. */
function valueAfterKey(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) { out.push(' []\n'); return; }
    out.push('\n');
    seqBody(v, `${indent}  `, out);
  } else if (isPlainObject(v)) {
    if (isEmpty(v)) { out.push(' {}\n'); return; }
    out.push('\n', `${indent}  `);
    mapBody(v, `${indent}  `, out, true);
  } else {
    out.push(' ', scalarText(v, `${indent}  `), '\n');
  }
}

/** The items of a non-empty sequence, each `- ` at `indent`. */
function seqBody(items: unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    out.push(indent, '-');
    if (Array.isArray(item)) throw UNHANDLED;
    if (isPlainObject(item)) {
      if (isEmpty(item)) { out.push(' {}\n'); continue; }
      out.push(' ');
      mapBody(item, `${indent}  `, out, true);
    } else {
      if (item === undefined) throw UNHANDLED;
      out.push(' ', scalarText(item, `${indent}  `), '\n');
    }
  }
}

function isEmpty(map: Record<string, unknown>): boolean {
  for (const key in map) if (map[key] !== undefined) return false;
  return true;
}

/** A scalar value whose block-scalar lines (if any) start at `indent`. */
function scalarText(v: unknown, indent: string): string {
  switch (typeof v) {
    case 'string': return stringText(v, indent);
    case 'boolean': return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw UNHANDLED;
      return Object.is(v, -0) ? '-0' : JSON.stringify(v);
    default:
      if (v === null) return 'null';
      throw UNHANDLED;
  }
}

// The package's rules for a plain scalar (stringifyString.ts, plainString), for strings in block
// context; whatever fails them is left to the package.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const CONTROL = /[\x00-\x1f\x7f-\x9f\uD800-\uDFFF]/;
/** Strings the YAML 1.1 schema would read as something else (null, bool, numbers, timestamps, `<<`). */
const OTHER_TYPES: RegExp[] = new Document(null, DOC_OPTIONS).schema.tags
  .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test)
  .map((t) => t.test!);

function plainSafe(s: string): boolean {
  return s !== '' && !CONTROL.test(s) && !NOT_PLAIN.test(s) && !forceQuoted(s) && !OTHER_TYPES.some((re) => re.test(s));
}

const keyCache = new Map<string, string>();
const valueCache = new Map<string, { text: string; block: boolean }>();

function keyText(key: string): string {
  let text = keyCache.get(key);
  if (text === undefined) {
    if (DOCUMENT_MARKER.test(key)) throw UNHANDLED;
    if (plainSafe(key) && key.length < 1000) text = key;
    else {
      const rendered = packageYaml({ [key]: null });
      if (!rendered.endsWith(': null\n') || rendered.indexOf('\n') !== rendered.length - 1) throw UNHANDLED;
      text = rendered.slice(0, -': null\n'.length);
    }
    keyCache.set(key, text);
  }
  return text;
}

/** As the package prints the string as a map value; a `|` block re-indented to `indent`. */
function stringText(s: string, indent: string): string {
  let cached = valueCache.get(s);
  if (cached === undefined) {
    if (DOCUMENT_MARKER.test(s)) throw UNHANDLED; // printed differently at the top of a document
    if (plainSafe(s)) cached = { text: s, block: false };
    else {
      // Rendered as the value of `a` at the top, whose block lines are indented by two spaces.
      const rendered = packageYaml({ a: s });
      const text = rendered.slice('a: '.length, -1);
      const header = text.split('\n', 1)[0];
      if (!text.includes('\n')) cached = { text, block: false };
      // A block with `+` chomping changes how the package ends the line after it: leave it to the package.
      else if (/^\|[1-9]?-?$/.test(header)) cached = { text, block: true };
      else throw UNHANDLED;
    }
    valueCache.set(s, cached);
  }
  if (!cached.block || indent === '  ') return cached.text;
  return cached.text.replace(/\n {2}/g, `\n${indent}`);
}
