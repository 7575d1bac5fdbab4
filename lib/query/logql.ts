import { firstSyntaxError } from './syntax';
import { parser } from '@grafana/lezer-logql';
import { parseTree } from './parse';

/** Where a LogQL expression stops parsing, or undefined when it parses. */
export function logqlSyntaxError(expr: string): string | undefined {
  return firstSyntaxError(parser, expr);
}

/** Whether `expr` is a bare stream selector such as `{namespace="shop"}`. */
export function isStreamSelector(expr: string): boolean {
  if (logqlSyntaxError(expr)) return false;
  const top = parseTree(parser, expr).topNode.firstChild;
  const inner = top?.firstChild;
  return top?.name === 'Expr' && inner?.name === 'LogExpr' && inner.firstChild?.name === 'Selector' && inner.firstChild.nextSibling === null;
}

/** Whether `expr` is a LogQL metric query over logs (what an alert or recording rule needs). */
export function isLogMetricQuery(expr: string): boolean {
  if (logqlSyntaxError(expr)) return false;
  const tree = parseTree(parser, expr);
  if (tree.topNode.firstChild?.firstChild?.name !== 'MetricExpr') return false;
  let readsLogs = false;
  tree.iterate({ enter: (n) => { if (n.name === 'Selector') readsLogs = true; return !readsLogs; } });
  return readsLogs;
}

/** The label names a LogQL expression's matchers name (for a bare selector: the stream labels it selects on). */
export function streamSelectorLabels(expr: string): string[] {
  const names = new Set<string>();
  parseTree(parser, expr).iterate({
    enter: (n) => {
      if (n.name === 'Matcher') {
        const id = n.node.getChild('Identifier');
        if (id) names.add(expr.slice(id.from, id.to));
      }
    },
  });
  return [...names];
}
