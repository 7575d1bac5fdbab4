import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { TOOLS, toolPath, toolVersion } from './support/tools';
import { DIST_DIR } from './support/configured';

/**
 * Argo CD and Flux both run kustomize on every folder they sync: a real kustomize (Debian
 * trixie's 5.6.0) builds each committed dist/<cluster>/<folder>/ (components, and the argocd/ and
 * flux/ entry folders) and must give back exactly the folder's objects, nothing added, changed
 * or lost.
 */
const dist = DIST_DIR;
const folders = fs.readdirSync(dist, { withFileTypes: true }).filter((c) => c.isDirectory())
  .flatMap((c) => fs.readdirSync(path.join(dist, c.name), { withFileTypes: true })
    .filter((f) => f.isDirectory() && fs.existsSync(path.join(dist, c.name, f.name, 'kustomization.yaml')))
    .map((f) => `${c.name}/${f.name}`))
  .sort();

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
const id = (o: Obj) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byId = (objs: Obj[]) => new Map(objs.map((o) => [id(o), o]));
const docs = (text: string): Obj[] => parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o != null);

beforeAll(() => console.log(`building every folder with kustomize ${toolVersion(TOOLS.kustomize)}`));

test('every cluster has its component folders and both entry folders', () => {
  for (const cluster of new Set(folders.map((f) => f.split('/')[0]))) {
    expect(folders).toEqual(expect.arrayContaining([`${cluster}/argocd`, `${cluster}/flux`, `${cluster}/prometheus`]));
  }
});

test.each(folders)('kustomize build dist/%s gives exactly the folder\'s objects', (folder) => {
  const dir = path.join(dist, folder);
  const res = spawnSync(toolPath(TOOLS.kustomize), ['build', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  const built = byId(docs(res.stdout));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  const own = byId(files.flatMap((f) => docs(fs.readFileSync(path.join(dir, f), 'utf8'))));
  expect([...built.keys()].sort()).toEqual([...own.keys()].sort());
  const changed = [...own].filter(([k, o]) => !isDeepStrictEqual(built.get(k), o)).map(([k]) => k);
  expect(changed).toEqual([]);
});
