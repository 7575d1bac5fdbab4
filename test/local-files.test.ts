import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { synth } from '../main';
import { tempDir } from './support/reference';

const SEALED = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: loki-s3\n  namespace: logging\nspec:\n  encryptedData:\n    access-key-id: AgB...\n';

describe("a component's local/ folder", () => {
  const out = tempDir('dist-');
  const cluster = path.join(out, homelab.name);
  synth({ outdir: out, clusters: [homelab] });

  test('is kept by the next synth and listed in the kustomization, files as they are', () => {
    fs.mkdirSync(path.join(cluster, 'loki', 'local'), { recursive: true });
    fs.writeFileSync(path.join(cluster, 'loki', 'local', 'loki-s3.sealedsecret.yaml'), SEALED);
    fs.writeFileSync(path.join(cluster, 'loki', 'local', 'NOTES.txt'), 'how the secret was sealed\n');
    const before = parse(fs.readFileSync(path.join(cluster, 'loki', 'kustomization.yaml'), 'utf8')).resources as string[];
    const [result] = synth({ outdir: out, clusters: [homelab] });
    expect(fs.readFileSync(path.join(cluster, 'loki', 'local', 'loki-s3.sealedsecret.yaml'), 'utf8')).toBe(SEALED);
    expect(fs.readFileSync(path.join(cluster, 'loki', 'local', 'NOTES.txt'), 'utf8')).toBe('how the secret was sealed\n');
    const after = parse(fs.readFileSync(path.join(cluster, 'loki', 'kustomization.yaml'), 'utf8')).resources as string[];
    expect(after).toEqual([...before, 'local/loki-s3.sealedsecret.yaml'].sort());
    expect(result.files).toContain('loki/local/loki-s3.sealedsecret.yaml');
    // Another folder is untouched by it.
    expect(parse(fs.readFileSync(path.join(cluster, 'grafana', 'kustomization.yaml'), 'utf8')).resources).not.toContain('local/loki-s3.sealedsecret.yaml');
  });
  test('with a kustomization of its own, the folder is listed as one resource', () => {
    fs.writeFileSync(path.join(cluster, 'loki', 'local', 'kustomization.yaml'), 'resources:\n  - loki-s3.sealedsecret.yaml\n');
    synth({ outdir: out, clusters: [homelab] });
    const resources = parse(fs.readFileSync(path.join(cluster, 'loki', 'kustomization.yaml'), 'utf8')).resources as string[];
    expect(resources).toContain('local');
    expect(resources).not.toContain('local/loki-s3.sealedsecret.yaml');
  });
  test('a file placed elsewhere in the folder is still removed as stale output', () => {
    fs.writeFileSync(path.join(cluster, 'loki', 'stray.yaml'), 'kind: ConfigMap\n');
    synth({ outdir: out, clusters: [homelab] });
    expect(fs.existsSync(path.join(cluster, 'loki', 'stray.yaml'))).toBe(false);
  });
});
