import { Construct } from 'constructs';
import { homelab } from './fixtures/homelab';
import { renderCluster } from '../charts/stack';
import { Component } from '../lib/core/component';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { referenceCluster } from './support/reference';
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
    // Service ports are keyed by port, as in a strategic merge: the old one goes, a new one comes.
    expect(diff.get('homelab/grafana')![1].fields).toEqual([{ path: 'spec.ports[port=8080]', after: { port: 8080 } }, { path: 'spec.ports[port=80]', before: { port: 80 } }]);
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
    const diff = diffDist(new Map([['c/svc.yaml', svc(80, '      name: http\n')]]), new Map([['c/svc.yaml', svc(81, '      name: http\n')]]));
    expect(formatDiff(diff, false)).toBe('c: 0 added, 0 removed, 1 changed\n  ~ Service monitoring/grafana\n      - spec.ports[name=http].port: 80\n      + spec.ports[name=http].port: 81\n');
    expect(formatDiff(diff, true)).toContain('### `c` (0 added, 0 removed, 1 changed)\n- ~ **Service monitoring/grafana** (`c/svc.yaml`)\n  ```diff\n  - spec.ports[name=http].port: 80\n  + spec.ports[name=http].port: 81\n  ```');
    expect(formatDiff(new Map(), false)).toBe('no change to the rendered objects\n');
  });
});

describe('lists of named items are compared by key, as a strategic merge does', () => {
  const pod = (containers: unknown[], volumes: unknown[] = []) => ({ spec: { template: { spec: { containers, volumes } } } });
  const grafana = (env: unknown[], mounts: unknown[] = []) => ({ name: 'grafana', image: 'grafana:13', env, volumeMounts: mounts });

  test('reordering named items changes nothing', () => {
    const sidecar = { name: 'sidecar', image: 's:1' };
    expect(fieldChanges(pod([grafana([]), sidecar]), pod([sidecar, grafana([])]))).toEqual([]);
  });

  test('an item inserted first is one addition, named, not a shift of every later item', () => {
    const env = [{ name: 'B', value: '2' }, { name: 'C', value: '3' }];
    const changes = fieldChanges(pod([grafana(env)]), pod([grafana([{ name: 'A', value: '1' }, ...env])]));
    expect(changes).toEqual([{ path: 'spec.template.spec.containers[name=grafana].env[name=A]', after: { name: 'A', value: '1' } }]);
  });

  test('a changed field inside an item is named by the item key (volume mounts by mountPath)', () => {
    const changes = fieldChanges(pod([grafana([], [{ name: 'data', mountPath: '/var/lib/grafana' }])]), pod([grafana([], [{ name: 'data', mountPath: '/var/lib/grafana', readOnly: true }])]));
    expect(changes).toEqual([{ path: 'spec.template.spec.containers[name=grafana].volumeMounts[mountPath=/var/lib/grafana].readOnly', after: true }]);
  });

  test('rules are named by alert or record; an alert repeated at another severity gets #2', () => {
    const rules = (threshold: number) => ({ spec: { groups: [{ name: 'internet', rules: [
      { record: 'instance:speed:avg', expr: 'avg(x)' },
      { alert: 'InternetDownloadSlow', expr: `x < ${threshold}`, labels: { severity: 'warning' } },
      { alert: 'InternetDownloadSlow', expr: 'x < 10', labels: { severity: 'critical' } },
    ] }] } });
    expect(fieldChanges(rules(100), rules(200))).toEqual([{ path: 'spec.groups[name=internet].rules[alert=InternetDownloadSlow].expr', before: 'x < 100', after: 'x < 200' }]);
  });

  test('dependsOn by name, lists of plain values line by line', () => {
    const ks = (deps: string[], args: string[]) => ({ spec: { dependsOn: deps.map((name) => ({ name })), args } });
    expect(fieldChanges(ks(['a', 'b'], ['--x', '--y']), ks(['b', 'c'], ['--x', '--z']))).toEqual([
      { path: 'spec.args', lines: ['  "--x"', '- "--y"', '+ "--z"'] },
      { path: 'spec.dependsOn[name=a]', before: { name: 'a' } },
      { path: 'spec.dependsOn[name=c]', after: { name: 'c' } },
    ]);
  });

  test('adding one dashboard folder shows only the lines that change in the Grafana Deployment', () => {
    // A folder and component of its own, whatever extensions the reference cluster has.
    const extension = (scope: Construct) => {
      const chart = new Component(scope, 'diff-probe', { namespace: 'diff-probe', phase: 'resources' });
      new GrafanaDashboard(chart, 'overview', {
        uid: 'diff-probe-overview', title: 'Diff probe', folder: 'Diff probe',
        datasources: { prometheus: 'prometheus', loki: 'loki' },
        panels: [{ title: 'Up', queries: [{ expr: 'sum(up{job="orders-api"})' }] }],
      });
      return chart;
    };
    const file = 'grafana/deployment-grafana.yaml';
    const before = new Map([[file, referenceCluster().files.get(file)!]]);
    const after = new Map([[file, renderCluster({ ...homelab, extensions: [...(homelab.extensions ?? []), extension] }).files.get(file)!]]);
    const [deployment] = diffDist(before, after).get('grafana')!;
    expect(deployment.fields.map((f) => f.path)).toEqual([
      'spec.template.spec.containers[name=grafana].volumeMounts[mountPath="/etc/grafana/dashboards/Diff probe"]',
      'spec.template.spec.volumes[name=dashboards-diff-probe]',
    ]);
    const text = formatDiff(diffDist(before, after), false).trimEnd().split('\n');
    expect(text).toHaveLength(4);
    expect(text.slice(2).every((l) => l.startsWith('      + '))).toBe(true);
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
