/**
 * A Go (RE2) regular expression as a JavaScript RegExp, for checking and for matching test
 * values: what RE2 has and JavaScript lacks is translated (inline flags, read for the whole
 * pattern; `(?P<name>`; `\A`, `\z`). Throws where RE2 itself would refuse the pattern, or where
 * it uses what JavaScript has and RE2 lacks (lookaround, backreferences).
 */
export function goRegExp(pattern: string, anchored = false): RegExp {
  // Compiled once per pattern: services share their regexes (a RegExp without the g or y flag keeps no state).
  const key = `${anchored ? 'a' : 'u'}${pattern}`;
  let compiled = compiledPatterns.get(key);
  if (!compiled) compiledPatterns.set(key, (compiled = compile(pattern, anchored)));
  return compiled;
}
const compiledPatterns = new Map<string, RegExp>();

function compile(pattern: string, anchored: boolean): RegExp {
  if (/\(\?<?[=!]/.test(pattern)) throw new Error('RE2 has no lookahead or lookbehind');
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    if (/[1-9]/.test(pattern[i + 1] ?? '')) throw new Error(`RE2 has no backreferences (\\${pattern[i + 1]})`);
    i++;
  }
  let flags = '';
  // Flags set with `(?flags)` or `(?flags:...)`; those after "-" are cleared, which JavaScript cannot scope.
  const positive = (f: string) => f.split('-')[0].replace('U', '');
  const js = pattern
    .replace(/\(\?([imsU]*(?:-[imsU]*)?)\)/g, (_m, f: string) => { flags += positive(f); return ''; })
    .replace(/\(\?([imsU]*(?:-[imsU]*)?):/g, (_m, f: string) => { flags += positive(f); return '(?:'; })
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  return new RegExp(anchored ? `^(?:${js})$` : js, [...new Set(flags)].join(''));
}

/** Why a Go (RE2) regular expression would be rejected, or undefined when it compiles. */
export function goRegexpError(pattern: string): string | undefined {
  if (pattern === '') return 'the pattern is empty';
  try {
    goRegExp(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
