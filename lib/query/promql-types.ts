// Loaded with require(), as the package's CommonJS build loads it: an ES import would bundle a
// second copy of @codemirror/state, whose instanceof checks then refuse the first one's values.
import codemirrorState = require('@codemirror/state');
import codemirrorLanguage = require('@codemirror/language');
import codemirrorPromql = require('@prometheus-io/codemirror-promql');
import codemirrorParser = require('@prometheus-io/codemirror-promql/dist/cjs/parser');

/**
 * PromQL's type checks (promql/parser's checkAST: what an aggregation, function, binary or set
 * operator, subquery accepts), run at synth with the port Prometheus ships for its own UI's
 * linter (@prometheus-io/codemirror-promql), headless over an editor state. The grammar parses
 * `sum(x[5m]) > 0.2`; Prometheus refuses it ("expected type vector in aggregation expression,
 * got matrix"), and so does this. Call it on an expression that parses.
 */
const language = new codemirrorPromql.PromQLExtension().asExtension();

/** Why Prometheus refuses the types of `expr` (the first finding, with the part it concerns), or undefined. */
export function promqlTypeError(expr: string): string | undefined {
  const state = completelyParsed(codemirrorState.EditorState.create({ doc: expr, extensions: language }));
  // One package, typed twice (its .d.ts and .d.cts): the same class at run time.
  const parser = new codemirrorParser.Parser(state as unknown as ConstructorParameters<typeof codemirrorParser.Parser>[0]);
  parser.analyze();
  const [first] = parser.getDiagnostics().filter((d) => d.severity === 'error');
  if (!first) return undefined;
  const part = expr.slice(first.from, first.to);
  return part === expr || part === '' ? first.message : `${first.message} (in "${part}")`;
}

/**
 * The state with its whole document parsed. An editor state parses for 20 ms when created and
 * leaves the rest to a background worker; on a busy machine the linter would then read a
 * truncated tree and report arguments missing from a valid call.
 */
function completelyParsed(state: codemirrorState.EditorState): codemirrorState.EditorState {
  if (!codemirrorLanguage.ensureSyntaxTree(state, state.doc.length, 60_000)) throw new Error(`PromQL parse did not finish: ${state.doc}`);
  // An empty transaction makes the language field take the finished tree of its parse context.
  return state.update({}).state;
}
