import { diffDist, fieldChanges, formatDiff, lineDiff } from '../lib/render/diff';

const svc = (port: number, extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: grafana\n  namespace: monitoring\nspec:\n  ports:\n    - port: ${port}\n${extra}`;
const cm = (text: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\n  namespace: x\ndata:\n  conf.ini: |\n${text.split('\n').map((l) => `    ${l}`).join('\n')}\n`;

describe('diff engine', () => {
  test('reports added, removed and changed objects per component folder', () => {
    const before = new Map([['homelab/grafana/service-grafana.yaml', svc(80)], ['homelab/grafana/configmap-old.yaml', cm('a')], ['homelab/grafana/kustomization.yaml', 'x']]);
    const after = new Map([['homelab/grafana/service-grafana.yaml', svc(8080)], ['homelab/loki/configmap-conf.yaml', cm('a')], ['homelab/grafana/kustomization.yaml', 'y']]);
    const diff = diffDist(before, after);
    expect([...diff.keys()]).toEqual(['homelab/grafana', 'homelab/loki']);
    expect(diff.get('homelab/grafana')!.map((o) => [o.change, o.object])).toEqual([
      ['removed', 'ConfigMap x/conf'], ['changed', 'Service monitoring/grafana'],
    ]);
    expect(diff.get('homelab/grafana')![1].fields).toEqual([{ path: 'spec.ports[0].port', before: 80, after: 8080 }]);
    expect(diff.get('homelab/loki')![0].change).toBe('added');
  });

  test('ignores formatting-only changes and identical files', () => {
    expect(diffDist(new Map([['a/b.yaml', svc(80)]]), new Map([['a/b.yaml', `# header\n${svc(80)}`]])).size).toBe(0);
  });

  test('multi-line strings are shown as a line diff', () => {
    const [change] = fieldChanges({ data: { c: 'a\nb\nc\n' } }, { data: { c: 'a\nB\nc\n' } });
    expect(change.path).toBe('data.c');
    expect(change.lines).toEqual(['  a', '- b', '+ B', '  c', '  ']);
  });

  test('lineDiff keeps common lines and orders removals before additions', () => {
    expect(lineDiff('x\ny', 'x\nz')).toEqual(['  x', '- y', '+ z']);
  });

  test('formats for a terminal and for a pull-request comment', () => {
    const diff = diffDist(new Map([['c/svc.yaml', svc(80)]]), new Map([['c/svc.yaml', svc(81)]]));
    expect(formatDiff(diff, false)).toBe('c: 0 added, 0 removed, 1 changed\n  ~ Service monitoring/grafana\n      spec.ports[0].port: 80 -> 81\n');
    expect(formatDiff(diff, true)).toContain('### `c` (0 added, 0 removed, 1 changed)\n- ~ **Service monitoring/grafana** (`c/svc.yaml`)\n  ```diff\n  spec.ports[0].port: 80 -> 81\n  ```');
    expect(formatDiff(new Map(), false)).toBe('no change to the rendered objects\n');
  });
});

describe('dist/ at a git ref', () => {
  test('reads every file under dist/ at the ref, byte for byte', () => {
    const { execFileSync } = require('child_process') as typeof import('child_process');
    const { distAt } = require('../tools/diff') as typeof import('../tools/diff');
    const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const listed = git('ls-tree', '-r', '--name-only', 'HEAD', '--', 'dist/').split('\n').filter(Boolean);
    const files = distAt('HEAD');
    expect([...files.keys()].sort()).toEqual(listed.map((f) => f.slice('dist/'.length)).sort());
    for (const f of listed.slice(0, 5).concat(listed.slice(-5))) expect(files.get(f.slice('dist/'.length))).toBe(git('show', `HEAD:${f}`));
    expect(() => distAt('no-such-ref')).toThrow('no-such-ref is not a commit');
  });
});
