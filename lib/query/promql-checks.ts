import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { goRegexpError } from '../core/go-regexp';
import { parseTree, perExpression } from './parse';

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

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * The value of a PromQL string literal, or why Prometheus would refuse it. Double- and
 * single-quoted strings take Go's escapes (the escaped quote only for the string's own quote
 * character); backtick strings are raw.
 */
function stringValue(literal: string): { value?: string; error?: string } {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return { value: body };
  let value = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') { value += body[i]; continue; }
    const c = body[i + 1] ?? '';
    const hex = (digits: number) => (new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(body.slice(i + 2, i + 2 + digits)) ? parseInt(body.slice(i + 2, i + 2 + digits), 16) : undefined);
    let code: number | undefined;
    let length = 2;
    if (c in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[c];
    else if (c === quote) value += quote;
    else if (c === 'x') { code = hex(2); length = 4; }
    else if (c === 'u') { code = hex(4); length = 6; }
    else if (c === 'U') { code = hex(8); length = 10; }
    else if (/[0-7]/.test(c)) {
      // Three octal digits, at most \377.
      const octal = body.slice(i + 1, i + 4);
      code = /^[0-7]{3}$/.test(octal) && parseInt(octal, 8) <= 255 ? parseInt(octal, 8) : undefined;
      length = 4;
    }
    else return { error: `unknown escape sequence "\\${c}" in ${literal} (write "\\\\${c}", or use a \`raw\` string)` };
    if ('xuU01234567'.includes(c)) {
      if (code === undefined || code > 0x10ffff) return { error: `invalid escape "${body.slice(i, i + length)}" in ${literal}` };
      value += String.fromCodePoint(code);
    }
    i += length - 1;
  }
  return { value };
}

const RANGES = ['MatrixSelector', 'SubqueryExpr'];

/** Why the value of a `=~` or `!~` matcher (`literal` as written) is not a regex Prometheus compiles. */
export function regexMatcherError(literal: string, value: string): string | undefined {
  const regex = regexError(value === '' ? '(?:)' : value);
  return regex ? `the regex ${literal} is not valid RE2: ${regex}` : undefined;
}
const regexError = perExpression('go-regexp', goRegexpError);

/** Whether a StringLiteral node is the value of a regex matcher. */
export function isRegexMatcherValue(node: SyntaxNode, expr: string): boolean {
  const op = node.prevSibling;
  return op?.name === 'MatchOp' && /~/.test(expr.slice(op.from, op.to));
}

/**
 * The range under parentheses, or directly under an `offset` or `@` modifier (Prometheus takes
 * `x[5m] offset 1h`, not `(x[5m]) offset 1h`); otherwise the node itself.
 */
function unwrap(node: SyntaxNode | null): SyntaxNode | null {
  if (node?.name === 'ParenExpr') return unwrap(node.firstChild);
  if ((node?.name === 'OffsetExpr' || node?.name === 'StepInvariantExpr') && RANGES.includes(node.firstChild?.name ?? '')) return node.firstChild;
  return node;
}

/**
 * What Prometheus rejects in an expression that parses: a function given an instant vector
 * where it needs a range, a string escape Go does not know, a regex matcher RE2 cannot compile.
 * Undefined when none of these applies.
 */
export function promqlSemanticError(expr: string): string | undefined {
  let error: string | undefined;
  parseTree(parser, expr).iterate({
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
          if (arg && !RANGES.includes(arg.name)) {
            error = `${name}() needs a range vector (such as x[5m]) as argument ${position + 1}, not "${expr.slice(arg.from, arg.to)}"`;
          }
        }
      }
      // `[5m]` applies to a plain selector only; anything else wants a subquery (`[5m:]`).
      if (node.name === 'MatrixSelector' && node.firstChild?.name !== 'VectorSelector') {
        error = `a range [..] applies to a series selector only, not to "${expr.slice(node.firstChild!.from, node.firstChild!.to)}" (for an expression, use a subquery such as [5m:1m])`;
        return false;
      }
      if (node.name === 'StringLiteral') {
        const literal = expr.slice(node.from, node.to);
        const { value, error: escape } = stringValue(literal);
        if (escape) { error = escape; return false; }
        if (isRegexMatcherValue(node, expr) && value !== undefined) {
          error = regexMatcherError(literal, value);
        }
      }
      return true;
    },
  });
  return error;
}
