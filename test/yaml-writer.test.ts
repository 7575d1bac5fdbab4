import { homelab } from './fixtures/homelab';
import { buildCluster } from '../charts/stack';
import { renderComponents } from '../lib/render/collect';
import { packageYaml, toYaml } from '../lib/render/yaml';

// The writer must print exactly what the yaml package prints: dist/ stays byte-identical.
describe('toYaml', () => {
  test('matches the yaml package on every object of the reference cluster', () => {
    const { app } = buildCluster(homelab);
    const manifests = [...renderComponents(app)].flatMap((c) => c.manifests);
    expect(manifests.length).toBeGreaterThan(100);
    for (const m of manifests) expect(`${m.kind}/${m.metadata.name}\n${toYaml(m)}`).toBe(`${m.kind}/${m.metadata.name}\n${packageYaml(m)}`);
  });

  const strings = [
    '', ' ', 'plain', 'two words', 'a: b', 'a:b', 'a #b', 'a#b', '#x', '-', '- x', '-x', '?', '? x', ':x', 'x:', 'x ', ' x',
    'y', 'Y', 'yes', 'No', 'on', 'OFF', 'true', 'False', 'null', '~', '<<', '=', '0o755', '-0o7', '0755', '0x1F', '0b101', '1_000',
    '12', '-3', '1.5', '.5', '1e3', '.inf', '.NaN', '1:30', '2024-01-01', '2024-01-01T10:00:00Z', '@x', '`x`', '%x', '!x', '&x', '*x',
    '|x', '>x', '"q"', "'q'", 'it\'s', 'say "hi"', 'both \' and "', '[x]', '{x}', 'x,y', 'tab\there', 'bell\x07', 'é ü ✓', '😀',
    '---', '--- x', '...', 'a\nb', 'a\nb\n', 'a\nb\n\n', 'a\n\nb', ' lead\nx', '  lead\n x\n', 'x\n  ', 'x \ny', '\nx', '\n\nx\n',
    'x\t\ny', '\ty\nz', ' \nx', 'a\n\n', 'a \n b\n', 'q"uote\nx', 'x\n\n\n', '\n', '%x\ny', 'x\n%y',
    'line one\n# not a comment\n', 'a\n---\nb\n', 'a\n...\n', 'key: value\nlist:\n  - a\n', `long ${'word '.repeat(40)}end`,
  ];

  test.each(strings.map((s) => [JSON.stringify(s), s]))('prints the string %s as the package does, as key and value, nested', (_name, s) => {
    const value = { a: s, [s || 'empty']: 1, n: { m: { v: s, l: [s, { k: s }] } }, seq: [s] };
    expect(toYaml(value)).toBe(packageYaml(value));
  });

  test.each<[string, Record<string, unknown>]>([
    ['empty collections', { a: {}, b: [], c: [{}, []], d: { e: {} } }],
    ['undefined values', { a: undefined, b: { c: undefined }, d: [1], e: { f: undefined, g: 2 } }],
    ['nested sequences', { a: [[1, 2], [], [[3]]] }],
    ['numbers', { a: 0, b: -0, c: 1.5, d: 1e21, e: -7, f: 2 ** 53, g: 0.1, h: NaN, i: Infinity }],
    ['booleans and null', { a: true, b: false, c: null, d: [null, true] }],
    ['maps in sequences', { a: [{ b: 1, c: [2, { d: 'x\ny' }] }, { e: { f: [] } }] }],
    ['an undefined item', { a: [1, undefined, 3] }],
    ['a date', { a: new Date(0) }],
  ])('prints %s as the package does', (_name, value) => {
    expect(toYaml(value)).toBe(packageYaml(value));
  });
});
