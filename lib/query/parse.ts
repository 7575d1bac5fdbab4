import * as fs from 'fs';
import * as path from 'path';
import type { Tree } from '@lezer/common';

/** A lezer parser (the PromQL and LogQL grammars). */
export interface QueryParser {
  parse(input: string): Tree;
}

/** Trees of the last expressions parsed: checks of one expression follow each other. */
const RECENT = 64;
const recent = new Map<QueryParser, Map<string, Tree>>();

/** The syntax tree of `expr`, parsed once while it is among the recent ones. */
export function parseTree(parser: QueryParser, expr: string): Tree {
  let trees = recent.get(parser);
  if (!trees) recent.set(parser, (trees = new Map()));
  let tree = trees.get(expr);
  if (!tree) {
    tree = parser.parse(expr);
    trees.set(expr, tree);
    if (trees.size > RECENT) trees.delete(trees.keys().next().value!);
  }
  return tree;
}

/**
 * Results kept between runs, when the app runs from build/ (the loader scripts/compile.mjs writes
 * sets STACK_QUERY_CACHE to a file named after the bundle's content, so any change of the code
 * or of a parser starts an empty one). A synth with no source change then parses no query.
 */
const STORE_FILE = process.env.STACK_QUERY_CACHE;
let store: Record<string, Record<string, unknown>> | undefined;
let storeChanged = false;

function storeOf(name: string): Record<string, unknown> | undefined {
  if (!STORE_FILE) return undefined;
  if (!store) {
    try {
      store = JSON.parse(fs.readFileSync(STORE_FILE, 'utf8')) as Record<string, Record<string, unknown>>;
    } catch {
      store = {};
    }
    process.once('exit', saveStore);
  }
  return (store[name] ??= {});
}

function saveStore(): void {
  if (!storeChanged || !STORE_FILE || !store) return;
  try {
    const tmp = `${STORE_FILE}.${process.pid}`;
    fs.mkdirSync(path.dirname(STORE_FILE), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(store));
    fs.renameSync(tmp, STORE_FILE);
  } catch { /* a cache is an optimisation only */ }
}

/**
 * `fn` computed once per distinct expression: a query repeated across services is checked once.
 * `name` keys the results kept between runs; they must survive JSON (undefined is kept as null).
 */
export function perExpression<R>(name: string, fn: (expr: string) => R): (expr: string) => R {
  const results = new Map<string, R>();
  const kept = storeOf(name);
  return (expr) => {
    if (results.has(expr)) return results.get(expr)!;
    let result: R;
    if (kept && expr in kept) {
      result = (kept[expr] ?? undefined) as R;
    } else {
      result = fn(expr);
      if (kept) {
        kept[expr] = result ?? null;
        storeChanged = true;
      }
    }
    results.set(expr, result);
    return result;
  };
}
