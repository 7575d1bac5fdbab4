import { firstSyntaxError } from './syntax';
import { parser } from '@prometheus-io/lezer-promql';
import { promqlSemanticError } from './promql-checks';
import { parseTree, perExpression } from './parse';

/**
 * Why Prometheus would refuse a PromQL expression: where it stops parsing, or what it rejects
 * in one that parses (see promqlSemanticError). Undefined when it is fine.
 */
export function promqlSyntaxError(expr: string): string | undefined {
  return syntaxError(expr);
}
const syntaxError = perExpression((expr) => firstSyntaxError(parser, expr) ?? promqlSemanticError(expr));

/** Metric names an expression reads: selector identifiers and `__name__="..."` matchers. */
export function promqlMetricNames(expr: string): string[] {
  return [...metricNames(expr)];
}
const metricNames = perExpression((expr): readonly string[] => {
  const names = new Set<string>();
  const tree = parseTree(parser, expr);
  tree.iterate({
    enter: (node) => {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.add(expr.slice(node.from, node.to));
      }
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
        const text = expr.slice(node.from, node.to);
        const m = /^__name__\s*=\s*"([^"]+)"$/.exec(text);
        if (m) names.add(m[1]);
      }
    },
  });
  return [...names].sort();
});
