import { parseTree, QueryParser } from './parse';

/** Where a lezer grammar stops parsing `expr`, or undefined when it parses. */
export function firstSyntaxError(parser: QueryParser, expr: string): string | undefined {
  if (expr.trim() === '') return 'the expression is empty';
  let at: number | undefined;
  parseTree(parser, expr).iterate({
    enter: (node) => {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  if (at === undefined) return undefined;
  const excerpt = expr.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');
  return `syntax error at character ${at + 1} (near "${excerpt}")`;
}
