import * as fs from 'fs';
import * as path from 'path';
import { fileNames, componentFiles, kustomization, GENERATED_HEADER } from '../lib/render/files';
import { listFiles, replaceDirectory } from '../lib/render/write';
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

describe('replaceDirectory', () => {
  test('writes exactly the given files and removes stale ones', () => {
    const dir = path.join(tempDir(), 'cluster');
    replaceDirectory(dir, new Map([['a/one.yaml', '1'], ['a/two.yaml', '2']]));
    replaceDirectory(dir, new Map([['a/one.yaml', '1'], ['b/three.yaml', '3']]));
    expect(listFiles(dir)).toEqual(['a/one.yaml', 'b/three.yaml']);
    expect(fs.readFileSync(path.join(dir, 'b/three.yaml'), 'utf8')).toBe('3');
  });

  test('a failure part-way leaves the previous folder untouched and no staging behind', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'cluster');
    replaceDirectory(dir, new Map([['a/one.yaml', 'old']]));
    expect(() => replaceDirectory(dir, new Map([['a/one.yaml', 'new'], ['../escape.yaml', 'x']]))).toThrow(/outside the output folder/);
    expect(listFiles(dir)).toEqual(['a/one.yaml']);
    expect(fs.readFileSync(path.join(dir, 'a/one.yaml'), 'utf8')).toBe('old');
    expect(fs.readdirSync(parent)).toEqual(['cluster']);
  });

  test('rejects absolute paths', () => {
    expect(() => replaceDirectory(path.join(tempDir(), 'c'), new Map([['/etc/passwd', 'x']]))).toThrow(/outside the output folder/);
  });
});
