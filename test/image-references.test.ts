import { parseAllDocuments } from 'yaml';
import { renderCluster } from '../charts/stack';
import { resolveCluster } from '../config';
import { homelab } from './fixtures/homelab';
import { datacenter } from './fixtures/datacenter';
import { DIGEST, imageReferences, isRegistry, pinnedReference, rewriteImages } from '../lib/core/image-refs';
import { isPinned } from '../lib/core/container';
import { imageOf, PinnedImage, VERSIONS, VersionKey } from '../lib/core/versions';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** Every image reference in a rendered cluster: `image` fields, and whole strings or flag values that name a registry. */
function imagesOf(files: Map<string, string>): Set<string> {
  const found = new Set<string>();
  // A registry host (with a dot, or a port), a repository, and a tag and/or digest.
  const ref = /(?:^|=)((?:(?:[a-z0-9-]+\.)+[a-z0-9-]+(?::\d+)?|[a-z0-9-]+:\d+)\/[a-z0-9._/-]+(?::[A-Za-z0-9._-]+(?:@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64}))$/;
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) node.forEach((n) => visit(n));
    else if (node && typeof node === 'object') Object.entries(node).forEach(([k, v]) => { if (k !== 'apiVersion') visit(v, k); });
    else if (typeof node === 'string') {
      if (key === 'image') found.add(node);
      else { const m = ref.exec(node); if (m) found.add(m[1]); }
    }
  };
  for (const [file, text] of files) if (file.endsWith('.yaml')) for (const doc of parseAllDocuments(text)) visit(doc.toJS());
  return found;
}

describe('immutable image references', () => {
  test('the table\'s digests, where pinned, are sha256 digests and become part of the reference', () => {
    for (const [key, pin] of Object.entries(VERSIONS) as [VersionKey, PinnedImage][]) {
      if (pin.digest !== undefined) expect({ key, digest: DIGEST.test(pin.digest) }).toEqual({ key, digest: true });
      expect(imageOf(key)).toBe(pinnedReference(pin));
    }
    const pin: PinnedImage = { ...VERSIONS.nginx, digest: DIGEST_A };
    expect(pinnedReference(pin)).toBe(`docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine@${DIGEST_A}`);
    expect(isPinned(pinnedReference(pin))).toBe(true);
  });

  test('a cluster pins digests: those images are referenced by tag and digest, the others unchanged', () => {
    const files = renderCluster({ ...homelab, images: { digests: { nginx: DIGEST_A, grafana: DIGEST_B } } }).files;
    const images = imagesOf(files);
    expect(images).toContain(`docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine@${DIGEST_A}`);
    expect(images).toContain(`${imageOf('grafana')}@${DIGEST_B}`);
    expect(images).not.toContain(imageOf('nginx'));
    expect(images).toContain(imageOf('loki'));
  });

  test('a registry mirror rewrites the registry host of every image, flag values and CR fields included', () => {
    const images = { registry: 'registry.example.net:5000', digests: { nginx: DIGEST_A } };
    const files = renderCluster({ ...datacenter, images }).files;
    const refs = imageReferences('test', images);
    const expected = new Set(refs.values());
    const found = imagesOf(files);
    expect(found.size).toBeGreaterThan(10);
    // Nothing escapes the mirror, and nothing bypasses the table.
    expect([...found].filter((i) => !i.startsWith('registry.example.net:5000/'))).toEqual([]);
    expect([...found].filter((i) => !expected.has(i))).toEqual([]);
    expect(found).toContain('registry.example.net:5000/prometheus/prometheus:v3.13.2');
    expect(found).toContain(`registry.example.net:5000/nginxinc/nginx-unprivileged:1.30.4-alpine@${DIGEST_A}`);
    expect(found).toContain('registry.example.net:5000/library/busybox:1.38.0');
    const operator = files.get('prometheus-operator/deployment-prometheus-operator.yaml')!;
    expect(operator).toContain('--prometheus-config-reloader=registry.example.net:5000/prometheus-operator/prometheus-config-reloader:v0.93.1');
    const prometheus = parseAllDocuments(files.get('prometheus/prometheus-prometheus.yaml')!)[0].toJS();
    expect(prometheus.spec.thanos.image).toBe('registry.example.net:5000/thanos/thanos:v0.42.4');
  });

  test('a mirror with a path prefix keeps it; rewriting leaves other strings alone', () => {
    const refs = imageReferences('test', { registry: 'harbor.example.net/mirror' });
    expect(refs.get(imageOf('loki'))).toBe('harbor.example.net/mirror/grafana/loki:3.7.6');
    const manifest = { spec: { image: imageOf('loki'), args: [`--x=${imageOf('loki')}`, `prefix ${imageOf('loki')}`, 'docker.io'] } };
    expect(rewriteImages(manifest, refs)).toEqual({ spec: {
      image: 'harbor.example.net/mirror/grafana/loki:3.7.6', args: ['--x=harbor.example.net/mirror/grafana/loki:3.7.6', `prefix ${imageOf('loki')}`, 'docker.io'],
    } });
  });

  test('the reference clusters set neither, and render the table\'s references', () => {
    expect(homelab.images).toBeUndefined();
    expect([...imageReferences('test')].every(([a, b]) => a === b)).toBe(true);
  });

  test.each([
    ['registry.example.net', true], ['registry.example.net:5000', true], ['localhost:5000', true], ['localhost', true],
    ['mirror:5000', true], ['10.0.0.5:5000/hub', true], ['harbor.example.net/docker-hub/proxy', true],
    ['mirror', false], ['https://registry.example.net', false], ['Registry.Example.net', false], ['registry.example.net:0', false],
    ['registry.example.net:70000', false], ['registry.example.net/', false], ['-bad.example.net', false], ['', false],
  ])('registry %p is %p', (value, ok) => {
    expect(isRegistry(value)).toBe(ok);
  });

  test.each([
    ['a registry with a scheme', { registry: 'https://registry.example.net' }, /config\/homelab: images\.registry = "https:\/\/registry\.example\.net" is not valid; expected a registry host with a dot, a port or "localhost"/],
    ['a bare name read as a Docker Hub namespace', { registry: 'mirror' }, /images\.registry = "mirror" is not valid/],
    ['a short digest', { digests: { nginx: 'sha256:abc' } }, /config\/homelab: images\.digests\.nginx = "sha256:abc" is not valid; expected a digest of the pinned tag: "sha256:" and 64 lowercase hex digits/],
    ['a digest without its algorithm', { digests: { nginx: 'a'.repeat(64) } }, /images\.digests\.nginx = "a{64}" is not valid/],
    ['an unknown key', { digests: { nginxx: DIGEST_A } as never }, /images\.digests\.nginxx = \(unknown key, value not shown\) is not valid; expected a key that ClusterConfig declares \(did you mean images\.digests\.nginx\?\)/],
  ])('rejects %s', (_n, images, message) => {
    expect(() => resolveCluster({ ...homelab, images })).toThrow(message);
  });
});
