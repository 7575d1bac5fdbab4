import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { listFiles } from '../lib/render/write';
import { haReferenceCluster, REPO_ROOT } from './support/reference';

// The `ha` reference cluster, pinned file by file like the homelab (test/dist.test.ts).
const cluster = haReferenceCluster();
const files = [...cluster.files.keys()].sort();
const committedDir = path.join(REPO_ROOT, 'dist', cluster.name);

describe('rendered ha reference cluster', () => {
  test.each(files)('%s matches its snapshot', (file) => {
    expect(cluster.files.get(file)).toMatchSnapshot();
  });

  test('dist/ in git is what a fresh synth renders (run `npm run synth` and commit)', () => {
    expect(listFiles(committedDir)).toEqual(files);
    const stale = files.filter((f) => fs.readFileSync(path.join(committedDir, f), 'utf8') !== cluster.files.get(f));
    expect(stale).toEqual([]);
  });

  test('every manifest file holds exactly one object, and every folder a kustomization listing them', () => {
    for (const file of files.filter((f) => f.endsWith('.yaml'))) expect(parseAllDocuments(cluster.files.get(file)!)).toHaveLength(1);
    const folders = new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]));
    for (const folder of folders) {
      const listed = parseAllDocuments(cluster.files.get(`${folder}/kustomization.yaml`)!)[0].toJS().resources;
      const present = files.filter((f) => f.startsWith(`${folder}/`) && f.endsWith('.yaml') && !f.endsWith('/kustomization.yaml')).map((f) => f.slice(folder.length + 1));
      expect(listed).toEqual(present.sort());
    }
  });
});
