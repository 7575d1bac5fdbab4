import { firstSyntaxError } from './syntax';
import { parser } from '@prometheus-io/lezer-promql';
import { promqlSemanticError } from './promql-checks';

/**
 * Why Prometheus would refuse a PromQL expression: where it stops parsing, or what it rejects
 * in one that parses (see promqlSemanticError). Undefined when it is fine.
 */
export function promqlSyntaxError(expr: string): string | undefined {
  return firstSyntaxError(parser, expr) ?? promqlSemanticError(expr);
}

/** Metric names an expression reads: selector identifiers and `__name__="..."` matchers. */
export function promqlMetricNames(expr: string): string[] {
  const names = new Set<string>();
  const tree = parser.parse(expr);
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
}

/** One label matcher of a selector, e.g. `mode!="idle"`. */
export interface PromqlMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Every vector selector of an expression: its metric name (if any) and its label matchers. */
export function promqlSelectors(expr: string): { readonly metric?: string; readonly matchers: PromqlMatcher[] }[] {
  const out: { metric?: string; matchers: PromqlMatcher[] }[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return;
      const text = expr.slice(node.from, node.to);
      const metric = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text)?.[0];
      const matchers: PromqlMatcher[] = [];
      for (const m of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
        matchers.push({ name: m[1], op: m[2] as PromqlMatcher['op'], value: JSON.parse(`"${m[3]}"`) as string });
      }
      out.push({ metric, matchers });
      return false;
    },
  });
  return out;
}
