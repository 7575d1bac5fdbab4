import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { VERSIONS_DOC, versionsMarkdown } from '../charts/docs/versions-md';
import { isPinned } from '../lib/core/container';
import { imageOf, PinnedImage, VERSIONS, versionOf } from '../lib/core/versions';
import { resolveCluster } from '../config';
import { clusters, DIST_DIR } from './support/configured';

/** A tagged image reference with a registry host (`quay.io/...:tag`), alone or as a flag's value. */
const IMAGE_REF = /(?:^|=)((?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\/[a-z0-9._/-]+(?::[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64}))$/;

/** Every image a manifest names: `image` fields at any depth, and image references in strings (flags, env). */
function imagesIn(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) imagesIn(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'image' && typeof value === 'string') found.add(value);
      else if (key !== 'apiVersion') imagesIn(value, found);
    }
  } else if (typeof node === 'string') {
    const m = IMAGE_REF.exec(node);
    if (m) found.add(m[1]);
  }
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return e.name.endsWith('.yaml') ? [p] : [];
  });
}

/** image -> the dist files that use it. */
function distImages(): Map<string, string[]> {
  const dist = DIST_DIR;
  const images = new Map<string, string[]>();
  for (const file of yamlFiles(dist)) {
    const found = new Set<string>();
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) imagesIn(doc.toJS(), found);
    for (const image of found) images.set(image, [...(images.get(image) ?? []), path.relative(dist, file)]);
  }
  return images;
}

describe('versions table', () => {
  // The table's references, as each configured cluster names them (its registry mirror and digests applied).
  const pinned = new Map(clusters.flatMap((c) => [...resolveCluster(c).imageRefs].map(([table, own]) => [own, table])));
  const images = distImages();

  test('dist/ names images, and finds the ones in flags and CR fields too', () => {
    expect(images.size).toBeGreaterThan(10);
    // The operator's config-reloader is a flag value, Prometheus's image a CR field.
    expect(images.has(imageOf('configReloader'))).toBe(true);
    expect(images.has(imageOf('prometheus'))).toBe(true);
  });

  test('every image in dist/ is pinned to an exact version', () => {
    const loose = [...images.keys()].filter((image) => !isPinned(image));
    expect(loose).toEqual([]);
  });

  test('every image in dist/ comes from lib/core/versions.ts', () => {
    const foreign = [...images.entries()].filter(([image]) => !pinned.has(image)).map(([image, files]) => `${image} (${files[0]})`);
    expect(foreign).toEqual([]);
  });

  test('every entry names a registry, an exact version and its release notes', () => {
    for (const [key, p] of Object.entries(VERSIONS) as [string, PinnedImage][]) {
      expect({ key, pinned: isPinned(`${p.repository}:${p.version}`) }).toEqual({ key, pinned: true });
      expect({ key, registry: /^[a-z0-9-]+(\.[a-z0-9-]+)+\//.test(p.repository) }).toEqual({ key, registry: true });
      expect({ key, notes: p.releaseNotes.startsWith('https://') }).toEqual({ key, notes: true });
    }
  });

  test(`${VERSIONS_DOC} is current (npm run synth rewrites it)`, () => {
    expect(versionsMarkdown()).toMatchCommittedFile(VERSIONS_DOC);
  });

  test('Promtail is pinned to the last release Grafana published an image for', () => {
    // Loki v3.6.12 and later tags build no Promtail image (.github/release-workflows.jsonnet).
    const [major, minor, patch] = versionOf('promtail').split('.').map(Number);
    expect({ major, minor }).toEqual({ major: 3, minor: 6 });
    expect(patch).toBeLessThanOrEqual(11);
  });

  test(`${VERSIONS_DOC} lists every entry of the table`, () => {
    const doc = versionsMarkdown();
    for (const p of Object.values(VERSIONS) as PinnedImage[]) expect(doc).toContain(`| \`${p.repository}\` | \`${p.version}\``);
  });
});
