// Loaded with require(), as the package's CommonJS build loads them: an ES import would bundle a
// second copy of the @codemirror packages, whose instanceof checks then refuse the first one's values.
import codemirrorPromql = require('@prometheus-io/codemirror-promql');
import codemirrorParser = require('@prometheus-io/codemirror-promql/dist/cjs/parser');

/**
 * PromQL's type checks (promql/parser's checkAST: what an aggregation, function, binary or set
 * operator, subquery accepts), run at synth with the port Prometheus ships for its own UI's
 * linter (@prometheus-io/codemirror-promql), headless. The grammar parses `sum(x[5m]) > 0.2`;
 * Prometheus refuses it ("expected type vector in aggregation expression, got matrix"), and so
 * does this. Call it on an expression that parses.
 */
const language = codemirrorPromql.promQLLanguage(codemirrorPromql.LanguageType.PromQL);

type LinterState = ConstructorParameters<typeof codemirrorParser.Parser>[0];

/** Why Prometheus refuses the types of `expr` (the first finding, with the part it concerns), or undefined. */
export function promqlTypeError(expr: string): string | undefined {
  // The linter reads the tree of an editor state and its text. A real EditorState parses for at
  // most 20 ms when created (an editor finishes in idle time), so on a busy machine the linter
  // would see a cut tree and report errors that are not there: the tree is parsed here in full,
  // with the linter's own grammar, and handed over as the state's syntax tree.
  const tree = language.parser.parse(expr);
  const state = { field: () => ({ tree }), sliceDoc: (from = 0, to = expr.length) => expr.slice(from, to) } as unknown as LinterState;
  const parser = new codemirrorParser.Parser(state);
  parser.analyze();
  const [first] = parser.getDiagnostics().filter((d) => d.severity === 'error');
  if (!first) return undefined;
  const part = expr.slice(first.from, first.to);
  return part === expr || part === '' ? first.message : `${first.message} (in "${part}")`;
}
