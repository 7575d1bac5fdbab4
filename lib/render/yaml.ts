import { Document, visit } from 'yaml';

/**
 * YAML as reviewers read it: block style, no line folding, multi-line strings as `|` blocks.
 *
 * The text is exactly what the `yaml` package prints for these options (its rules for plain,
 * quoted and block strings are followed here); it is written directly because building a
 * `yaml` Document for every object was a third of the render. Any object with something this
 * writer does not handle is printed by the package, whole.
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

// The package's rules (stringify/stringifyString.ts) for strings in block context, for the cases
// that occur in manifests; anything else (a line starting with a document marker, control
// characters, a block that keeps trailing newlines, ...) is left to the package.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** Characters the package always double-quotes (it escapes them). */
const ESCAPED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\uD800-\uDFFF]/;
/** Strings the YAML 1.1 schema would read as something else (null, bool, numbers, timestamps, `<<`). */
const OTHER_TYPES: RegExp[] = new Document(null, DOC_OPTIONS).schema.tags
  .filter((t) => t.default === true && t.tag !== 'tag:yaml.org,2002:str' && t.test)
  .map((t) => t.test!);
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

const keyCache = new Map<string, string>();
const valueCache = new Map<string, string>();

/** A single-line string, plain when it reads back as the same string, else quoted as the package quotes it. */
function lineText(s: string): string {
  if (s.length >= 1000 || s.includes('\n') || ESCAPED.test(s) || DOCUMENT_MARKER.test(s)) throw UNHANDLED;
  if (s !== '' && !NOT_PLAIN.test(s) && !forceQuoted(s) && !OTHER_TYPES.some((re) => re.test(s))) return s;
  // Double quotes only where single quotes would need escaping (forced ones are always double).
  return !forceQuoted(s) && s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

function keyText(key: string): string {
  let text = keyCache.get(key);
  if (text === undefined) keyCache.set(key, (text = lineText(key)));
  return text;
}

/** A string value; a multi-line one as a `|` block whose lines start at `indent`. */
function stringText(s: string, indent: string): string {
  if (!s.includes('\n')) {
    let text = valueCache.get(s);
    if (text === undefined) valueCache.set(s, (text = lineText(s)));
    return text;
  }
  return blockText(s, indent);
}

/** The package's literal block scalar (lineWidth 0 never folds), with strip or clip chomping. */
function blockText(value: string, indent: string): string {
  if (ESCAPED.test(value) || DOCUMENT_MARKER.test(value) || /\n[\t ]+$/.test(value)) throw UNHANDLED;
  let endStart = value.length;
  while (endStart > 0 && (value[endStart - 1] === '\n' || value[endStart - 1] === '\t' || value[endStart - 1] === ' ')) endStart--;
  let end = value.substring(endStart);
  const endNl = end.indexOf('\n');
  if (endNl !== -1 && (value === end || endNl !== end.length - 1)) throw UNHANDLED; // `|+`
  const chomp = endNl === -1 ? '-' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end.endsWith('\n')) end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNl = -1;
  for (; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNl = startEnd;
    else break;
  }
  let start = value.substring(0, startNl < startEnd ? startNl + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}
