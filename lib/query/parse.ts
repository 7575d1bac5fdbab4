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

/** `fn` computed once per distinct expression: a query repeated across services is checked once. */
export function perExpression<R>(fn: (expr: string) => R): (expr: string) => R {
  const results = new Map<string, R>();
  return (expr) => {
    if (results.has(expr)) return results.get(expr)!;
    const result = fn(expr);
    results.set(expr, result);
    return result;
  };
}
