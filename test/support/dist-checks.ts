import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ClusterConfig } from '../../config';
import { renderCluster } from '../../charts/stack';
import { expectNoOtherClusters, expectNoOtherFiles } from './committed-files';

/**
 * The output checks every cluster gets, whatever config/ holds: each file of a fresh in-memory
 * render equals the file in `outdir/<cluster>/` (the committed dist/ is the snapshot), nothing
 * else is there, and every file is well-formed for kustomize and GitOps.
 */
export function describeDistChecks(clusters: readonly ClusterConfig[], outdir: string): void {
  test(`${path.basename(outdir)}/ holds no folder of a cluster no longer configured`, () => {
    expectNoOtherClusters(outdir, clusters.map((c) => c.name));
  });

  describe.each(clusters.map((c) => [c.name, c] as const))('rendered cluster %s', (_name, config) => {
    const cluster = renderCluster(config);
    const files = [...cluster.files.keys()].sort();
    const committedDir = path.join(outdir, cluster.name);

    test.each(files)('%s is the committed file', (file) => {
      expect(cluster.files.get(file)).toMatchCommittedFile(path.join(committedDir, file));
    });

    test('the committed folder holds no file the code no longer renders', () => {
      expectNoOtherFiles(committedDir, files);
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
}
