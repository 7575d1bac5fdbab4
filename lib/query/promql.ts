import { firstSyntaxError } from './syntax';
import { parser } from '@prometheus-io/lezer-promql';
import { isRegexMatcherValue, promqlSemanticError, regexMatcherError } from './promql-checks';
import { parseTree, perExpression } from './parse';
import { promqlTypeError } from './promql-types';

/**
 * Why Prometheus would refuse a PromQL expression: where it stops parsing, what it rejects in
 * one that parses (see promqlSemanticError), or a type error (see promqlTypeError). Undefined
 * when it is fine.
 */
export function promqlSyntaxError(expr: string): string | undefined {
  const shape = shapeOf(expr);
  if (!shape) return syntaxError(expr);
  const { error, regexLiterals } = shapeCheck(shape.text);
  // Errors are reported from the expression itself, with its own text in the message.
  if (error) return syntaxError(expr);
  for (const i of regexLiterals) {
    const regex = regexMatcherError(`"${shape.literals[i]}"`, shape.literals[i]);
    if (regex) return regex;
  }
  return undefined;
}
const syntaxError = perExpression('promql-syntax', (expr) => firstSyntaxError(parser, expr) ?? promqlSemanticError(expr) ?? promqlTypeError(expr));

/**
 * An expression with the text of its double-quoted strings taken out (`up{job=""}`), so that
 * expressions differing only in label values (one per service) are parsed once between them.
 * A string's text never changes how the expression parses; only the values of regex matchers
 * are checked further, one by one. Undefined where strings could hide elsewhere (comments,
 * other quotes) or hold escapes.
 */
function shapeOf(expr: string): { text: string; literals: string[] } | undefined {
  if (/[#`'\\]/.test(expr)) return undefined;
  const literals: string[] = [];
  let text = '';
  let from = 0;
  for (let open = expr.indexOf('"'); open !== -1; open = expr.indexOf('"', from)) {
    const close = expr.indexOf('"', open + 1);
    if (close === -1) return undefined;
    const body = expr.slice(open + 1, close);
    if (body.includes('\n')) return undefined;
    literals.push(body);
    text += `${expr.slice(from, open)}""`;
    from = close + 1;
  }
  return { text: text + expr.slice(from), literals };
}

/** A shape's syntax check, and which of its strings (by position) are regex matcher values. */
const shapeCheck = perExpression('promql-shape', (shape: string) => {
  const error = syntaxError(shape);
  const regexLiterals: number[] = [];
  let i = 0;
  parseTree(parser, shape).iterate({
    enter: (ref) => {
      if (ref.name !== 'StringLiteral') return;
      if (isRegexMatcherValue(ref.node, shape)) regexLiterals.push(i);
      i++;
    },
  });
  return { error, regexLiterals };
});

/** Metric names an expression reads: selector identifiers and `__name__="..."` matchers. */
export function promqlMetricNames(expr: string): string[] {
  const shape = expr.includes('__name__') ? undefined : shapeOf(expr);
  return [...metricNames(shape ? shape.text : expr)];
}
const metricNames = perExpression('promql-metrics', (expr): readonly string[] => {
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
