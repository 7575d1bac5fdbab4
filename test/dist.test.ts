import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { listFiles } from '../lib/render/write';
import { clusters } from '../config';
import { renderCluster } from '../charts/stack';
import { REPO_ROOT } from './support/reference';

// Every configured cluster, a cluster added to config/ included, is pinned file by file.
describe.each(clusters.map((c) => [c.name, c] as const))('rendered cluster %s', (_name, config) => {
  const cluster = renderCluster(config);
  const files = [...cluster.files.keys()].sort();
  const committedDir = path.join(REPO_ROOT, 'dist', cluster.name);

  test.each(files)('%s matches its snapshot', (file) => {
    expect(cluster.files.get(file)).toMatchSnapshot();
  });

  test('dist/ in git is what a fresh synth renders (run `npm run synth` and commit)', () => {
    const committed = listFiles(committedDir);
    expect(committed).toEqual(files);
    const stale = files.filter((f) => fs.readFileSync(path.join(committedDir, f), 'utf8') !== cluster.files.get(f));
    expect(stale).toEqual([]);
  });

  test('every manifest file holds exactly one object with apiVersion, kind and name', () => {
    for (const file of files.filter((f) => f.endsWith('.yaml'))) {
      const docs = parseAllDocuments(cluster.files.get(file)!);
      expect(docs).toHaveLength(1);
      const obj = docs[0].toJS();
      expect(typeof obj.apiVersion).toBe('string');
      expect(typeof obj.kind).toBe('string');
      if (!file.endsWith('/kustomization.yaml')) expect(typeof obj.metadata.name).toBe('string');
    }
  });

  test('every folder has a kustomization.yaml listing exactly its objects', () => {
    const folders = new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]));
    for (const folder of folders) {
      const kustomization = cluster.files.get(`${folder}/kustomization.yaml`);
      expect(kustomization).toBeDefined();
      const listed = parseAllDocuments(kustomization!)[0].toJS().resources;
      const present = files.filter((f) => f.startsWith(`${folder}/`) && f.endsWith('.yaml') && !f.endsWith('/kustomization.yaml'))
        .map((f) => f.slice(folder.length + 1));
      expect(listed).toEqual(present.sort());
    }
  });

  test('file names carry no hashes or order prefixes', () => {
    for (const file of files) {
      const base = path.basename(file);
      expect(base).not.toMatch(/^\d/);
      expect(base).not.toMatch(/[0-9a-f]{8,}/);
    }
  });
});
