// CRD schemas carry Go (RE2) patterns such as `^(?i)(abort|warn)?$`, which JavaScript's RegExp
// rejects, so a JSON-schema validator in Node crashes compiling them. Preloaded into the
// schema check, this makes an inline `(?i)` compile as a case-insensitive JavaScript pattern
// (for the whole pattern: slightly looser than RE2's group-local flag, never stricter).
const NativeRegExp = globalThis.RegExp;
globalThis.RegExp = new Proxy(NativeRegExp, {
  construct(target, [pattern, flags]) {
    if (typeof pattern === 'string' && pattern.includes('(?i)')) {
      const f = flags ?? '';
      return new target(pattern.replaceAll('(?i)', ''), f.includes('i') ? f : `${f}i`);
    }
    return new target(pattern, flags);
  },
});
