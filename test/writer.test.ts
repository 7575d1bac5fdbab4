import * as fs from 'fs';
import * as path from 'path';
import { fileNames, componentFiles, kustomization, GENERATED_HEADER } from '../lib/render/files';
import { listFiles } from '../lib/render/write';
import { OutputFolder } from '../lib/render/output';
import { Manifest } from '../lib/render/collect';
import { tempDir } from './support/reference';

const obj = (kind: string, name: string, namespace?: string): Manifest =>
  ({ apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } });

describe('fileNames', () => {
  test('names files by kind and name', () => {
    expect(fileNames([obj('ServiceAccount', 'grafana', 'monitoring'), obj('ClusterRole', 'grafana')]))
      .toEqual(['serviceaccount-grafana.yaml', 'clusterrole-grafana.yaml']);
  });

  test('adds the namespace only where two objects would share a name', () => {
    expect(fileNames([obj('Role', 'reader', 'a'), obj('Role', 'reader', 'b'), obj('Role', 'writer', 'a')]))
      .toEqual(['role-a-reader.yaml', 'role-b-reader.yaml', 'role-writer.yaml']);
  });

  test('adding an object does not rename the others', () => {
    const before = fileNames([obj('Service', 'a', 'x'), obj('Service', 'b', 'x')]);
    const after = fileNames([obj('Service', 'a', 'x'), obj('Deployment', 'c', 'x'), obj('Service', 'b', 'x')]);
    expect(after.filter((f) => before.includes(f))).toEqual(before);
  });

  test('rejects two identical objects', () => {
    expect(() => fileNames([obj('Service', 'a', 'x'), obj('Service', 'a', 'x')])).toThrow(/same file service-x-a.yaml/);
  });
});

describe('componentFiles', () => {
  test('one file per object plus a sorted kustomization.yaml', () => {
    const files = componentFiles({ name: 'demo', phase: 'workloads', manifests: [obj('Service', 'b', 'x'), obj('ConfigMap', 'a', 'x')] });
    expect([...files.keys()]).toEqual(['service-b.yaml', 'configmap-a.yaml', 'kustomization.yaml']);
    expect(files.get('kustomization.yaml')).toBe(kustomization(['service-b.yaml', 'configmap-a.yaml']));
    expect(files.get('kustomization.yaml')).toContain('resources:\n  - configmap-a.yaml\n  - service-b.yaml\n');
    expect(files.get('service-b.yaml')!.startsWith(GENERATED_HEADER)).toBe(true);
  });

  test('multi-line strings render as readable block scalars', () => {
    const cm = { ...obj('ConfigMap', 'conf', 'x'), data: { 'config.yaml': 'server:\n  port: 80\n' } };
    expect(componentFiles({ name: 'demo', phase: 'workloads', manifests: [cm] }).get('configmap-conf.yaml'))
      .toContain('config.yaml: |\n    server:\n      port: 80\n');
  });
  test('strings a YAML 1.1 reader would take for something else are quoted', () => {
    const cm = { ...obj('ConfigMap', 'flags', 'x'), data: { a: 'on', b: 'yes', c: 'y', d: 'off', e: '=', f: 'plain', g: 'true', h: '0o755' } };
    const text = componentFiles({ name: 'demo', phase: 'workloads', manifests: [cm] }).get('configmap-flags.yaml')!;
    for (const line of ['a: "on"', 'b: "yes"', 'c: "y"', 'd: "off"', 'e: "="', 'f: plain', 'g: "true"', 'h: "0o755"']) expect(text).toContain(`  ${line}\n`);
    expect(text).not.toContain('%YAML');
  });
});

/** One synth's write of `files` as cluster `c` of `outdir`: staged, then swapped in on commit. */
function writeCluster(outdir: string, files: Map<string, string>): void {
  const output = OutputFolder.open(outdir);
  try {
    const cluster = output.cluster('c');
    for (const [file, content] of files) cluster.add(path.dirname(file) === '.' ? '' : path.dirname(file), new Map([[path.basename(file), content]]));
    output.commit();
  } finally {
    output.close();
  }
}

describe('OutputFolder', () => {
  test('writes exactly the given files and removes stale ones', () => {
    const outdir = path.join(tempDir(), 'dist');
    writeCluster(outdir, new Map([['a/one.yaml', '1'], ['a/two.yaml', '2']]));
    writeCluster(outdir, new Map([['a/one.yaml', '1'], ['b/three.yaml', '3']]));
    expect(listFiles(outdir)).toEqual(['c/a/one.yaml', 'c/b/three.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'c/b/three.yaml'), 'utf8')).toBe('3');
  });

  test('an unchanged cluster is not rewritten', () => {
    const outdir = path.join(tempDir(), 'dist');
    writeCluster(outdir, new Map([['a/one.yaml', '1']]));
    const inode = fs.statSync(path.join(outdir, 'c/a/one.yaml')).ino;
    writeCluster(outdir, new Map([['a/one.yaml', '1']]));
    expect(fs.statSync(path.join(outdir, 'c/a/one.yaml')).ino).toBe(inode);
  });

  test('a failure part-way leaves the previous folder untouched and nothing behind', () => {
    const parent = tempDir();
    const outdir = path.join(parent, 'dist');
    writeCluster(outdir, new Map([['a/one.yaml', 'old']]));
    expect(() => writeCluster(outdir, new Map([['a/one.yaml', 'new'], ['../escape.yaml', 'x']]))).toThrow(/outside the output folder/);
    expect(listFiles(outdir)).toEqual(['c/a/one.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'c/a/one.yaml'), 'utf8')).toBe('old');
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('rejects absolute paths', () => {
    expect(() => writeCluster(path.join(tempDir(), 'dist'), new Map([['/etc/passwd', 'x']]))).toThrow(/outside the output folder/);
  });
});
