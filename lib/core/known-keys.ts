import { IConstruct } from 'constructs';
import schema from '../../schemas/inputs.json';
import { Redacted, StackValidationError } from './errors';

/**
 * Refuses keys the TypeScript types do not declare, at synth: tsc sees a typo in a config only
 * when someone type-checks, and an object literal built elsewhere (a spread, a JSON file, a
 * plain JavaScript caller) escapes it. The check reads schemas/inputs.json, generated from the
 * types by scripts/input-schema.mjs (a test keeps it up to date), so it cannot drift from them.
 * Only keys are checked here: values have their own checks, which say what a field accepts.
 */

/** A type whose shape synth checks: the root types of schemas/inputs.json. */
export type CheckedType = 'ClusterConfig' | 'ObservedServiceProps' | 'AlertRuleGroupProps' | 'GrafanaDashboardProps' | 'LogPipelineProps' | 'ComponentProps';

interface Schema {
  readonly $ref?: string;
  readonly type?: string | string[];
  readonly properties?: Record<string, Schema>;
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema | Schema[];
  readonly anyOf?: Schema[];
  readonly allOf?: Schema[];
  readonly const?: unknown;
  readonly enum?: unknown[];
  readonly required?: string[];
}

const DEFINITIONS = (schema as unknown as { definitions: Record<string, Schema> }).definitions;

/** One key no type declares: where it is, and the declared keys it could have meant. */
export interface UnknownKey {
  /** The path of the key, e.g. `speedtest.minDownloadMbs`. */
  readonly path: string;
  readonly key: string;
  /** The keys declared at that place. */
  readonly known: readonly string[];
  /** The declared key closest to it, when one is close enough to be a typo. */
  readonly closest?: string;
}

function resolve(s: Schema): Schema {
  let out = s;
  for (let i = 0; out.$ref && i < 20; i++) out = DEFINITIONS[decodeURIComponent(out.$ref.replace('#/definitions/', ''))] ?? {};
  return out;
}

/** Only plain data is checked: constructs, class instances and functions carry their own shape. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function acceptsObjects(s: Schema): boolean {
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return types.includes('object') || s.properties !== undefined || (types.length === 0 && (s.anyOf !== undefined || s.allOf !== undefined));
}

/** Whether `value` contradicts a constant property of the union member `s` (e.g. `type: 'json'`). */
function contradicts(s: Schema, value: Record<string, unknown>): boolean {
  return Object.entries(s.properties ?? {}).some(([key, p]) => {
    const r = resolve(p);
    if (!(key in value)) return false;
    if (r.const !== undefined) return value[key] !== r.const;
    return r.enum !== undefined && !r.enum.includes(value[key]);
  });
}

/** The object shapes a schema allows for `value`: the members of a union that fit it. */
function objectShapes(s: Schema, value: Record<string, unknown>): Schema[] {
  const r = resolve(s);
  if (r.anyOf) {
    const members = r.anyOf.flatMap((m) => objectShapes(m, value));
    // The members the value could be: no constant contradicted, every required key present.
    const fitting = members.filter((m) => !contradicts(m, value) && (m.required ?? []).every((k) => k in value));
    return fitting.length > 0 ? fitting : members;
  }
  if (r.allOf) {
    const parts = r.allOf.flatMap((m) => objectShapes(m, value));
    return [{ type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      additionalProperties: parts.every((p) => p.additionalProperties === false) ? false : undefined }];
  }
  return acceptsObjects(r) ? [r] : [];
}

function arrayItems(s: Schema): Schema[] {
  const r = resolve(s);
  if (r.anyOf) return r.anyOf.flatMap(arrayItems);
  if (r.items === undefined) return [];
  return Array.isArray(r.items) ? r.items : [r.items];
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known key a typo most likely meant: within a third of its length in edits (at least 2),
 * or a singular for a plural (`severity` for `severities`): what one stem starts.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(key.length / 3));
  const stem = (k: string) => k.toLowerCase().slice(0, Math.max(4, Math.min(k.length, key.length) - 2));
  for (const k of known) {
    const distance = editDistance(key, k);
    const sameStem = key.length >= 5 && k.length >= 5 && stem(k) === stem(key);
    if ((distance <= limit || sameStem) && distance < bestDistance) [best, bestDistance] = [k, distance];
  }
  return best;
}

/** A value of another primitive type than the one declared (a string `'false'` for a boolean). */
export interface WrongType {
  readonly path: string;
  readonly value: unknown;
  /** The declared types, e.g. `['boolean']`. */
  readonly expected: readonly string[];
}

const PRIMITIVES = ['boolean', 'number', 'integer', 'string'];

/** The primitive types a schema allows, or undefined when it allows anything else too (objects, arrays, unknown). */
function primitiveTypes(s: Schema): string[] | undefined {
  const r = resolve(s);
  if (r.anyOf) {
    const parts = r.anyOf.map(primitiveTypes);
    return parts.every((p) => p !== undefined) ? [...new Set(parts.flat() as string[])] : undefined;
  }
  if (r.const !== undefined) return [typeof r.const];
  const types = r.type === undefined ? [] : Array.isArray(r.type) ? r.type : [r.type];
  return types.length > 0 && types.every((t) => PRIMITIVES.includes(t)) ? types : undefined;
}

function fitsPrimitive(value: unknown, types: readonly string[]): boolean {
  return types.some((t) => (t === 'integer' ? Number.isInteger(value) : t === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === t));
}

function walk(s: Schema, value: unknown, path: string, out: UnknownKey[], depth: number, wrong: WrongType[] = []): void {
  if (depth > 40 || typeof value === 'function' || value === undefined) return;
  const primitive = primitiveTypes(s);
  if (primitive !== undefined) {
    if (!fitsPrimitive(value, primitive)) wrong.push({ path, value, expected: primitive });
    return;
  }
  const at = (key: string) => (path === '' ? key : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
  if (Array.isArray(value)) {
    const items = arrayItems(s);
    value.forEach((item, i) => {
      const shape = items.length === 1 ? items[0] : { anyOf: items };
      if (items.length > 0) walk(shape, item, `${path}[${i}]`, out, depth + 1, wrong);
    });
    return;
  }
  if (!isPlainObject(value)) return;
  const shapes = objectShapes(s, value);
  if (shapes.length === 0) return;
  const known = [...new Set(shapes.flatMap((shape) => Object.keys(shape.properties ?? {})))].sort();
  const closed = shapes.every((shape) => shape.additionalProperties === false);
  for (const [key, v] of Object.entries(value)) {
    const declared = shapes.flatMap((shape) => (shape.properties?.[key] !== undefined ? [shape.properties[key]] : []));
    if (declared.length > 0) walk(declared.length === 1 ? declared[0] : { anyOf: declared }, v, at(key), out, depth + 1, wrong);
    else if (closed) out.push({ path: at(key), key, known, closest: closestKey(key, known) });
    else {
      const open = shapes.find((shape) => typeof shape.additionalProperties === 'object');
      if (open) walk(open.additionalProperties as Schema, v, at(key), out, depth + 1, wrong);
    }
  }
}

/** Every key in `value` that `type` does not declare, in the order met. */
export function unknownKeys(type: CheckedType, value: unknown): UnknownKey[] {
  const out: UnknownKey[] = [];
  walk({ $ref: `#/definitions/${type}` }, value, '', out, 0);
  return out;
}

/** Every value of another primitive type than `type` declares for it, in the order met. */
export function wrongTypes(type: CheckedType, value: unknown): WrongType[] {
  const wrong: WrongType[] = [];
  walk({ $ref: `#/definitions/${type}` }, value, '', [], 0, wrong);
  return wrong;
}

/**
 * Throws naming the first key `type` does not declare, its path (under `prefix`), the closest
 * declared key and the others (the value is not printed: a mistyped key may hold a credential);
 * else the first value of another primitive type than declared (`'false'` for a boolean).
 */
export function checkKnownKeys(where: IConstruct | string, type: CheckedType, value: unknown, prefix = ''): void {
  const out: UnknownKey[] = [];
  const wrong: WrongType[] = [];
  walk({ $ref: `#/definitions/${type}` }, value, '', out, 0, wrong);
  const [first] = out;
  if (!first) {
    if (wrong.length > 0) throwWrongType(where, wrong[0], prefix);
    return;
  }
  const join = (a: string, b: string) => (a === '' ? b : b === '' ? a : b.startsWith('[') ? `${a}${b}` : `${a}.${b}`);
  const field = join(prefix, first.path);
  const parent = field.slice(0, field.length - first.path.length) + first.path.slice(0, first.path.length - first.key.length);
  const owner = parent.replace(/[.[]$/, '');
  const suggestion = first.closest ? ` (did you mean ${join(owner, first.closest)}?)` : '';
  throw new StackValidationError(where, field, new UnknownKeyValue(),
    `a key that ${type} declares${suggestion}: ${owner === '' ? 'the top level' : owner} takes ${first.known.map((k) => `"${k}"`).join(', ')}`);
}

/** Stands in for the value of a key no type declares. */
class UnknownKeyValue extends Redacted {
  constructor() {
    super('unknown key');
  }
  public toJSON(): string {
    return '(unknown key, value not shown)';
  }
}

const ARTICLE: Record<string, string> = { boolean: 'a boolean (true or false)', number: 'a number', integer: 'a whole number', string: 'a string' };

function throwWrongType(where: IConstruct | string, w: WrongType, prefix: string): never {
  const field = prefix === '' ? w.path : w.path.startsWith('[') ? `${prefix}${w.path}` : `${prefix}.${w.path}`;
  const given = w.value === null ? 'null' : Array.isArray(w.value) ? 'a list' : `a ${typeof w.value}`;
  // A quoted "false" is the trap: JavaScript reads every non-empty string as true.
  const trap = typeof w.value === 'string' && w.expected.includes('boolean') && /^(true|false)$/i.test(w.value.trim())
    ? ` (write ${w.value.trim().toLowerCase()} without quotes: the string "${w.value}" reads as true)` : '';
  throw new StackValidationError(where, field, typeof w.value === 'string' && w.value.length > 40 ? new Redacted(`${given} was given`) : w.value,
    `${w.expected.map((t) => ARTICLE[t] ?? t).join(' or ')}, not ${given}${trap}`);
}
