import * as fs from 'fs';
import * as path from 'path';
import { StackValidationError } from '../lib/core/errors';

/**
 * Where in config/ a user wrote what an error is about, so a failed synth names the file and
 * line to edit (`config/lab2.ts:14`) rather than the cluster (`config/lab2`). Config errors
 * carry `config/<cluster>[/<section>]` and a field path; the file is the one under config/ that
 * sets the cluster's `name`, the line the one where the field's keys appear in order. Where a
 * field is not written in that file (inherited through a spread), only the file is named.
 */

/** Where a cluster's config literal sets its name: `name: 'lab2'` (any quote). */
function nameDeclaration(name: string): RegExp {
  return new RegExp(String.raw`\bname\s*:\s*(['"\`])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\1`);
}

/** The file under `dir` that declares the cluster `name` (`name: 'lab2'`), relative to the project, or undefined. */
export function configFileOf(name: string, dir = 'config'): string | undefined {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  } catch {
    return undefined;
  }
  const declares = nameDeclaration(name);
  const file = files.find((f) => declares.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  return file === undefined ? undefined : path.join(dir, file).split(path.sep).join('/');
}

/**
 * The 1-based line of `field` (e.g. `prometheus.retention`, `robusta.sinks[0].kind`) in `text`:
 * each key found after the previous one, starting at the cluster's `name`. Undefined unless the
 * last key is found.
 */
export function fieldLine(text: string, clusterName: string, field: string): number | undefined {
  const keys = field.split(/[.[\]]+/).filter((k) => k !== '' && !/^\d+$/.test(k) && !k.startsWith('"'));
  if (keys.length === 0) return undefined;
  const start = nameDeclaration(clusterName).exec(text);
  // Keys before `name:` in the same object literal count too: start at the literal's line.
  let pos = start ? text.lastIndexOf('{', start.index) : 0;
  let at = -1;
  for (const key of keys) {
    const re = new RegExp(String.raw`(?:^|[\s{,])['"]?${key.replace(/[$]/g, '\\$&')}['"]?\s*:`, 'gm');
    re.lastIndex = Math.max(pos, 0);
    const m = re.exec(text);
    if (!m) return undefined;
    at = m.index + m[0].search(/\S/);
    pos = at + 1;
  }
  return text.slice(0, at).split('\n').length;
}

/** Which cluster was rendering when an error was raised, for errors that name a construct only. */
const clusterOf = new WeakMap<object, string>();

/** Marks `err` as raised while `cluster` rendered (the first mark wins). */
export function raisedIn(cluster: string, err: unknown): unknown {
  if (typeof err === 'object' && err !== null && !clusterOf.has(err)) clusterOf.set(err, cluster);
  return err;
}

/**
 * The message of a failed synth for a person: config errors at `config/<file>.ts:<line>`, other
 * errors prefixed with the cluster's config file, cdk8s' duplicate-id message said in full.
 */
export function describeFailure(err: unknown, dir = 'config'): string {
  const message = err instanceof Error ? err.message : String(err);
  const cluster = typeof err === 'object' && err !== null ? clusterOf.get(err) : undefined;
  const fileOf = (name: string) => configFileOf(name, dir);
  if (err instanceof StackValidationError) {
    const m = /^config\/([^/]+)(?:\/(.+))?$/.exec(err.where);
    if (m) {
      const [, name, section] = m;
      const file = fileOf(name);
      if (file) {
        const field = section ? `${section}.${err.field}` : err.field;
        const line = fieldLine(fs.readFileSync(file, 'utf8'), name, field);
        const prefix = `${err.where}: ${err.field}`;
        const rest = message.startsWith(prefix) ? message.slice(prefix.length) : `: ${message}`;
        return `${file}${line ? `:${line}` : ''} (cluster ${name}): ${field}${rest}`;
      }
    }
  }
  const duplicate = /^There is already a Construct with name '([^']+)' in (\w+) \[([^\]]*)\]/.exec(message);
  const text = duplicate
    ? `${duplicate[3] || '<root>'}: two constructs with the id "${duplicate[1]}": each construct in one scope needs its own id (the second argument of new X(scope, id, props)), and the id names its objects; rename one`
    : message;
  if (cluster === undefined) return text;
  const file = fileOf(cluster);
  return `${file ?? `config/ (cluster ${cluster})`}${file ? ` (cluster ${cluster})` : ''}: ${text}`;
}
