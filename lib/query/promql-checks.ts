import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { goRegexpError } from '../core/go-regexp';

/**
 * Functions whose argument at the given position is a range vector (`x[5m]` or a subquery).
 * The grammar accepts any expression there; Prometheus rejects the rule at load time.
 */
const RANGE_ARGUMENT: Record<string, number> = {
  rate: 0, irate: 0, increase: 0, delta: 0, idelta: 0, deriv: 0, changes: 0, resets: 0,
  predict_linear: 0, holt_winters: 0, double_exponential_smoothing: 0,
  avg_over_time: 0, min_over_time: 0, max_over_time: 0, sum_over_time: 0, count_over_time: 0,
  stddev_over_time: 0, stdvar_over_time: 0, last_over_time: 0, present_over_time: 0,
  absent_over_time: 0, mad_over_time: 0, quantile_over_time: 1,
};

/** Go's string escapes, as PromQL reads double- and single-quoted strings. */
const GO_ESCAPE = /\\(?:[abfnrtv\\'"]|x[0-9a-fA-F]{2}|[0-7]{3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/y;

/** The value of a PromQL string literal, or why Prometheus would refuse it. */
function stringValue(literal: string): { value?: string; error?: string } {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return { value: body };
  let value = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') { value += body[i]; continue; }
    GO_ESCAPE.lastIndex = i;
    const m = GO_ESCAPE.exec(body);
    if (!m) return { error: `unknown escape sequence "\\${body[i + 1] ?? ''}" in ${literal} (write "\\\\${body[i + 1] ?? ''}", or use a \`raw\` string)` };
    value += JSON.parse(`"${m[0].replace(/^\\'/, "'").replace(/^\\x/, '\\u00').replace(/^\\U0*/, '\\u')}"`);
    i += m[0].length - 1;
  }
  return { value };
}

const unwrap = (node: SyntaxNode | null): SyntaxNode | null => (node?.name === 'ParenExpr' ? unwrap(node.firstChild) : node);

/**
 * What Prometheus rejects in an expression that parses: a function given an instant vector
 * where it needs a range, a string escape Go does not know, a regex matcher RE2 cannot compile.
 * Undefined when none of these applies.
 */
export function promqlSemanticError(expr: string): string | undefined {
  let error: string | undefined;
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (error) return false;
      const node = ref.node;
      if (node.name === 'FunctionCall') {
        const name = expr.slice(node.firstChild!.from, node.firstChild!.to);
        const position = RANGE_ARGUMENT[name];
        if (position !== undefined) {
          const body = node.getChild('FunctionCallBody');
          const args: SyntaxNode[] = [];
          for (let c = body?.firstChild ?? null; c; c = c.nextSibling) if (!c.type.isError && !['(', ')', ','].includes(c.name)) args.push(c);
          const arg = unwrap(args[position] ?? null);
          if (arg && arg.name !== 'MatrixSelector' && arg.name !== 'SubqueryExpr') {
            error = `${name}() needs a range vector (such as x[5m]) as argument ${position + 1}, not "${expr.slice(arg.from, arg.to)}"`;
          }
        }
      }
      if (node.name === 'StringLiteral') {
        const literal = expr.slice(node.from, node.to);
        const { value, error: escape } = stringValue(literal);
        if (escape) { error = escape; return false; }
        const op = node.prevSibling;
        if (op?.name === 'MatchOp' && /~/.test(expr.slice(op.from, op.to)) && value !== undefined) {
          const regex = goRegexpError(value === '' ? '(?:)' : value);
          if (regex) error = `the regex ${literal} is not valid RE2: ${regex}`;
        }
      }
      return true;
    },
  });
  return error;
}
