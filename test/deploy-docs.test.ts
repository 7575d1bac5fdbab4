import { parse } from 'yaml';
import { renderCluster } from '../charts/stack';
import { APPLICATION_HEALTH_LUA } from '../charts/docs/deploy-md';
import { homelab } from './fixtures/homelab';
import { datacenter } from './fixtures/datacenter';
import { referenceCluster } from './support/reference';

/** The README's Deploy section, per tool: its numbered steps and their command blocks. */
function deploy(readme: string, tool: 'Argo CD' | 'Flux'): { steps: string[]; commands: string[] } {
  const section = readme.split('\n## Deploy\n')[1].split('\n## ')[0];
  const part = section.split(`\n### ${tool}\n`)[1].split('\n### ')[0];
  return {
    steps: part.split('\n').filter((l) => /^\d+\. /.test(l)),
    commands: [...part.matchAll(/```sh\n([\s\S]*?)\n\s*```/g)].map((m) => m[1].split('\n').map((l) => l.replace(/^ {3}/, '')).join('\n')),
  };
}

describe('the Deploy section of dist/<cluster>/README.md', () => {
  const readme = referenceCluster().files.get('README.md')!;

  test.each(['Argo CD', 'Flux'] as const)('%s: namespaces, then the Secrets, then the root object, with the exact commands', (tool) => {
    const { steps, commands } = deploy(readme, tool);
    const at = (re: RegExp) => steps.findIndex((s) => re.test(s));
    expect(at(/namespaces/)).toBeGreaterThan(0);
    expect(at(/Create the \d+ Secrets in \[SECRETS\.md\]/)).toBeGreaterThan(at(/namespaces/));
    expect(at(/Apply the (root Application|GitRepository and the root Kustomization)/)).toBeGreaterThan(at(/Secrets/));
    expect(commands).toContain('kubectl apply --server-side -k dist/homelab/namespaces');
    expect(commands).toContain(tool === 'Argo CD'
      ? 'kubectl apply -n argocd -f dist/homelab/argocd/application-homelab.yaml'
      : 'kubectl apply -f dist/homelab/flux/gitrepository-homelab.yaml -f dist/homelab/flux/kustomization-homelab.yaml');
  });
  test('every file a command applies is one synth rendered', () => {
    const files = referenceCluster().files;
    for (const tool of ['Argo CD', 'Flux'] as const) {
      for (const command of deploy(readme, tool).commands) {
        for (const [, file] of command.matchAll(/-f dist\/homelab\/(\S+)/g)) expect(files.has(file)).toBe(true);
        for (const [, folder] of command.matchAll(/-k dist\/homelab\/(\S+)/g)) expect(files.has(`${folder}/kustomization.yaml`)).toBe(true);
      }
    }
  });
  test("Argo CD: the argocd-cm patch is YAML carrying the Application health check", () => {
    const patch = deploy(readme, 'Argo CD').commands.find((c) => c.includes('patch configmap argocd-cm'))!;
    const body = patch.split("<<'EOF'\n")[1].split('\nEOF')[0];
    expect(parse(body)).toEqual({ data: { 'resource.customizations.health.argoproj.io_Application': `${APPLICATION_HEALTH_LUA}\n` } });
  });
  test('a private repository adds its credentials step to both tools', () => {
    const files = renderCluster({ ...homelab, gitops: { ...homelab.gitops, secretName: 'homelab-repo' } }).files;
    const text = files.get('README.md')!;
    expect(deploy(text, 'Flux').commands).toContain('flux create secret git homelab-repo -n flux-system --url=https://github.com/example/homelab-observability.git --username=... --password=...');
    expect(deploy(text, 'Argo CD').steps.some((s) => /private \(`gitops\.secretName`\)/.test(s))).toBe(true);
    expect(deploy(readme, 'Argo CD').steps.some((s) => /private/.test(s))).toBe(false);
  });
});

describe("SECRETS.md of an ha cluster", () => {
  test('says its Thanos bucket must be its own; a single cluster has no such section', () => {
    const ha = renderCluster(datacenter).files.get('SECRETS.md')!;
    expect(ha).toMatch(/## The Thanos bucket is this cluster's own\n\nThe object-store configuration in `thanos-objstore` \(key `objstore.yaml`\) must name a bucket no other cluster,/);
    expect(referenceCluster().files.get('SECRETS.md')).not.toMatch(/Thanos bucket/);
  });
});
