/**
 * Why a Go (RE2) regular expression, as Promtail and Alloy read it, would be rejected, or
 * undefined when it compiles. RE2 syntax is checked with JavaScript's engine after translating
 * what RE2 has and JavaScript lacks (inline flags, `(?P<name>`, `\A`, `\z`); what JavaScript
 * has and RE2 lacks (lookaround, backreferences) is rejected.
 */
export function goRegexpError(pattern: string): string | undefined {
  if (pattern === '') return 'the pattern is empty';
  if (/\(\?<?[=!]/.test(pattern)) return 'RE2 has no lookahead or lookbehind';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    if (/[1-9]/.test(pattern[i + 1] ?? '')) return `RE2 has no backreferences (\\${pattern[i + 1]})`;
    i++;
  }
  let flags = '';
  const js = pattern
    .replace(/\(\?([imsU]+)\)/g, (_m, f: string) => { flags += f.replace('U', ''); return ''; })
    .replace(/\(\?[imsU]+:/g, '(?:')
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  try {
    new RegExp(js, [...new Set(flags)].join(''));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
