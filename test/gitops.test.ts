import { parse } from 'yaml';
import { renderCluster } from '../charts/stack';
import { homelab } from './fixtures/homelab';
import { revisionRef } from '../lib/core/git-revision';
import { versionOf } from '../lib/core/versions';
import { referenceCluster } from './support/reference';

const cluster = referenceCluster();
const read = (file: string) => {
  const content = cluster.files.get(file);
  if (!content) throw new Error(`${file} was not rendered`);
  return parse(content);
};
const folderObjects = (folder: string) => [...cluster.files.entries()]
  .filter(([f]) => f.startsWith(`${folder}/`) && !f.endsWith('/kustomization.yaml'))
  .map(([, c]) => parse(c));
const componentFolders = cluster.components.map((c) => c.name);

describe('Argo CD app-of-apps', () => {
  const apps = folderObjects('argocd');

  test('a root Application syncs the argocd folder itself', () => {
    const root = read('argocd/application-homelab.yaml');
    expect(root.spec.source).toEqual({ repoURL: 'https://github.com/example/homelab-observability.git', targetRevision: 'main', path: 'dist/homelab/argocd' });
    expect(root.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('one Application per component, plus the upstream CRDs', () => {
    const names = apps.map((a) => a.metadata.name).sort();
    expect(names).toEqual(['homelab', ...['prometheus-operator-crds', ...componentFolders].map((c) => `homelab-${c}`)].sort());
  });

  test('every Application applies server-side, prunes and self-heals (CRDs are never pruned)', () => {
    for (const app of apps) {
      expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      expect(app.spec.syncPolicy.automated.selfHeal).toBe(true);
      expect(app.spec.syncPolicy.automated.prune).toBe(app.metadata.name !== 'homelab-prometheus-operator-crds');
    }
  });

  test('the CRDs come from the upstream release at the pinned tag, in the first wave', () => {
    const crds = read('argocd/application-homelab-prometheus-operator-crds.yaml');
    expect(crds.spec.source).toEqual({
      repoURL: 'https://github.com/prometheus-operator/prometheus-operator.git',
      targetRevision: versionOf('prometheusOperator'),
      path: 'example/prometheus-operator-crd',
    });
    const waves = apps.filter((a) => a.metadata.annotations).map((a) => Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']));
    expect(Number(crds.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBe(Math.min(...waves));
  });

  test('sync waves follow the component phases', () => {
    const wave = (component: string) => Number(read(`argocd/application-homelab-${component}.yaml`).metadata.annotations['argocd.argoproj.io/sync-wave']);
    const order = { foundation: 0, operators: 1, workloads: 2, resources: 3 };
    for (const c of cluster.components) expect(wave(c.name)).toBe(order[c.phase]);
  });

  test('Argo CD tracking never uses app.kubernetes.io/instance', () => {
    for (const app of apps) expect(JSON.stringify(app)).not.toContain('app.kubernetes.io/instance');
  });
});

describe('Flux', () => {
  const objects = folderObjects('flux');
  const kustomizations = objects.filter((o) => o.kind === 'Kustomization');

  test('a GitRepository for this repository and one for the upstream CRDs at the pinned tag', () => {
    expect(read('flux/gitrepository-homelab.yaml').spec).toMatchObject({ url: 'https://github.com/example/homelab-observability.git', ref: { branch: 'main' } });
    expect(read('flux/gitrepository-prometheus-operator-crds.yaml').spec).toMatchObject({ ref: { tag: versionOf('prometheusOperator') } });
  });

  test('one Kustomization per component, plus the root and the CRDs', () => {
    expect(kustomizations.map((k) => k.metadata.name).sort())
      .toEqual(['homelab', ...['prometheus-operator-crds', ...componentFolders].map((c) => `homelab-${c}`)].sort());
  });

  test('dependsOn orders every component after the phase before it, CRDs first', () => {
    const byName = new Map(kustomizations.map((k) => [k.metadata.name, k]));
    const crds = byName.get('homelab-prometheus-operator-crds');
    expect(crds.spec.dependsOn).toBeUndefined();
    expect(crds.spec.prune).toBe(false);
    const order = { foundation: 0, operators: 1, workloads: 2, resources: 3 };
    for (const c of cluster.components) {
      const k = byName.get(`homelab-${c.name}`);
      expect(k.spec.path).toBe(`./dist/homelab/${c.name}`);
      for (const dep of k.spec.dependsOn ?? []) {
        const depPhase = dep.name === 'homelab-prometheus-operator-crds' ? 'foundation'
          : cluster.components.find((x) => `homelab-${x.name}` === dep.name)!.phase;
        expect(order[depPhase]).toBeLessThan(order[c.phase]);
      }
      if (order[c.phase] > 0) expect((k.spec.dependsOn ?? []).length).toBeGreaterThan(0);
    }
  });
});

describe('Argo CD finalizer', () => {
  test('every component Application cascades its deletion with the domain-qualified finalizer (no Kubernetes 1.34 warning)', () => {
    const apps = folderObjects('argocd').filter((a) => a.metadata.finalizers);
    expect(apps.length).toBe(cluster.components.length);
    for (const app of apps) expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io/foreground']);
  });
});

describe('Flux GitRepository ref from gitops.targetRevision', () => {
  test.each<[string, Record<string, string>]>([
    ['main', { branch: 'main' }],
    ['release/2026-q4', { branch: 'release/2026-q4' }],
    ['v1.2.0', { tag: 'v1.2.0' }],
    ['1.2.0-rc.1', { tag: '1.2.0-rc.1' }],
    ['>=1.2.0 <2.0.0', { semver: '>=1.2.0 <2.0.0' }],
    ['~1.2', { semver: '~1.2' }],
    ['1.2.x', { semver: '1.2.x' }],
    ['0123456789abcdef0123456789abcdef01234567', { commit: '0123456789abcdef0123456789abcdef01234567' }],
    ['refs/heads/main', { branch: 'main' }],
    ['refs/tags/v1.2.0', { tag: 'v1.2.0' }],
    ['refs/pull/42/head', { name: 'refs/pull/42/head' }],
  ])('%s renders %j', (revision, ref) => {
    expect(revisionRef('config/x', revision)).toEqual(ref);
  });
  test('a revision git refuses is refused, naming the field', () => {
    for (const bad of ['feature..x', 'has space', 'ends.lock', 'HEAD', '']) {
      expect(() => revisionRef('config/x', bad)).toThrow(/config\/x: gitops\.targetRevision = .* is not valid; expected a branch \("main"\), a tag \("v1\.2\.0"\)/);
    }
  });
  test('a tag and a private repository render ref.tag and secretRef', () => {
    const files = renderCluster({ ...homelab, gitops: { ...homelab.gitops, targetRevision: 'v1.2.0', secretName: 'homelab-repo' } }).files;
    const repo = parse(files.get('flux/gitrepository-homelab.yaml')!);
    expect(repo.spec.ref).toEqual({ tag: 'v1.2.0' });
    expect(repo.spec.secretRef).toEqual({ name: 'homelab-repo' });
    expect(parse(files.get('argocd/application-homelab.yaml')!).spec.source.targetRevision).toBe('v1.2.0');
  });
});
