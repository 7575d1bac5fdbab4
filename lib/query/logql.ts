import { parser } from '@grafana/lezer-logql';

/** Where a LogQL expression stops parsing, or undefined when it parses. */
export function logqlSyntaxError(expr: string): string | undefined {
  if (expr.trim() === '') return 'the expression is empty';
  const tree = parser.parse(expr);
  let at: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  if (at === undefined) return undefined;
  const excerpt = expr.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');
  return `syntax error at character ${at + 1} (near "${excerpt}")`;
}

/** Whether `expr` is a bare stream selector such as `{namespace="shop"}`. */
export function isStreamSelector(expr: string): boolean {
  if (logqlSyntaxError(expr)) return false;
  const top = parser.parse(expr).topNode.firstChild;
  const inner = top?.firstChild;
  return top?.name === 'Expr' && inner?.name === 'LogExpr' && inner.firstChild?.name === 'Selector' && inner.firstChild.nextSibling === null;
}
