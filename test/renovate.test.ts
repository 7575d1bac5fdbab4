import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { imageOf, PinnedImage, VERSIONS, VersionKey, versionOf } from '../lib/core/versions';
import { REPO_ROOT } from './support/reference';
import { renovateSchema } from './support/renovate-schema';

interface CustomManager {
  customType: string;
  managerFilePatterns: string[];
  matchStrings: string[];
  datasourceTemplate?: string;
  depNameTemplate?: string;
}
interface Dep { manager: number; file: string; start: number; end: number; depName?: string; currentValue?: string; datasource?: string; currentDigest?: string }

const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'renovate.json'), 'utf8'));
const managers: CustomManager[] = config.customManagers;
const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** The repository's files, as Renovate sees them (generated and installed folders left out). */
function repoFiles(dir = ''): string[] {
  const skip = new Set(['.git', 'node_modules', 'dist', 'imports', 'build', '.tools', 'schemas']);
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) return skip.has(e.name) || e.name.startsWith('.dist-') ? [] : repoFiles(rel);
    return [rel];
  });
}

/** A `managerFilePatterns` entry: `/regex/` is a regular expression on the path, anything else a literal path here. */
const fileMatches = (pattern: string, file: string) =>
  pattern.startsWith('/') && pattern.endsWith('/') ? new RegExp(pattern.slice(1, -1)).test(file) : pattern === file;

/**
 * What a regex custom manager extracts, as Renovate does it with the default `matchStringsStrategy`
 * ("any"): each match string is applied to the whole file with the global flag, and every match is
 * a dependency whose fields come from its named groups, else the manager's templates.
 */
function extract(manager: CustomManager, index: number, file: string, text: string): Dep[] {
  return manager.matchStrings.flatMap((source) => [...text.matchAll(new RegExp(source, 'g'))].map((m) => ({
    manager: index, file, start: m.index!, end: m.index! + m[0].length,
    depName: m.groups?.depName ?? manager.depNameTemplate,
    currentValue: m.groups?.currentValue,
    datasource: m.groups?.datasource ?? manager.datasourceTemplate,
    currentDigest: m.groups?.currentDigest,
  })));
}

function allDeps(files: Record<string, string> = Object.fromEntries(repoFiles().map((f) => [f, read(f)]))): Dep[] {
  return managers.flatMap((m, i) => Object.entries(files)
    .filter(([file]) => m.managerFilePatterns.some((p) => fileMatches(p, file)))
    .flatMap(([file, text]) => extract(m, i, file, text)));
}

const deps = allDeps();
const at = (file: string, start: number, end: number) => deps.filter((d) => d.file === file && d.start < end && d.end > start);

describe('renovate.json', () => {
  test('is valid against Renovate\'s own schema, with no key the schema does not know', () => {
    const schema = renovateSchema();
    const ajv = new Ajv({ strict: false, allErrors: true });
    // The schema marks regular expressions with the `regex` format: check them as JavaScript reads them.
    ajv.addFormat('regex', (value: string) => { try { new RegExp(value); return true; } catch { return false; } });
    const validate = ajv.compile(schema);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    // The schema allows unknown keys; Renovate's validator does not: check the names ourselves.
    const known = (def: string) => Object.keys(schema.definitions[def].items.allOf[0].properties);
    expect(Object.keys(config).filter((k) => k !== '$schema' && !(k in schema.properties))).toEqual([]);
    for (const m of config.customManagers) expect(Object.keys(m).filter((k) => !known('customManagers').includes(k))).toEqual([]);
    // A package rule takes its own match keys and any option of the top level.
    for (const r of config.packageRules) expect(Object.keys(r).filter((k) => !known('packageRules').includes(k) && !(k in schema.properties))).toEqual([]);
    for (const t of [config.postUpgradeTasks, ...config.packageRules.map((r: { postUpgradeTasks?: object }) => r.postUpgradeTasks).filter(Boolean)]) {
      expect(Object.keys(t).filter((k) => !known('postUpgradeTasks').includes(k))).toEqual([]);
    }
    // A typo is caught.
    expect(validate({ ...config, customManagers: [{ ...config.customManagers[0], customType: 'regexp' }] })).toBe(false);
  });

  test('every entry of the versions table is matched by exactly one manager, with its image, version and datasource', () => {
    const file = 'lib/core/versions.ts';
    const text = read(file);
    for (const [key, pin] of Object.entries(VERSIONS) as [VersionKey, PinnedImage][]) {
      const start = text.indexOf(`repository: '${pin.repository}',\n    version: '${pin.version}',`);
      expect({ key, found: start >= 0 }).toEqual({ key, found: true });
      const found = at(file, start, start + 1);
      expect({ key, matches: found.map((d) => ({ depName: d.depName, currentValue: d.currentValue, datasource: d.datasource })) })
        .toEqual({ key, matches: [{ depName: pin.repository, currentValue: pin.version, datasource: 'docker' }] });
    }
    expect(deps.filter((d) => d.file === file)).toHaveLength(Object.keys(VERSIONS).length);
  });

  test('every CRD pin in cdk8s.yaml is matched by exactly one manager, with its repository and tag', () => {
    const text = read('cdk8s.yaml');
    const pins = [...text.matchAll(/^\s*- [a-z]+:=https:\/\/raw\.githubusercontent\.com\/([^/]+\/[^/]+)\/(v[^/]+)\/.*$/gm)];
    expect(pins).toHaveLength(10);
    for (const pin of pins) {
      const found = at('cdk8s.yaml', pin.index!, pin.index! + pin[0].length);
      expect({ line: pin[0].trim(), matches: found.map((d) => ({ depName: d.depName, currentValue: d.currentValue, datasource: d.datasource })) })
        .toEqual({ line: pin[0].trim(), matches: [{ depName: pin[1], currentValue: pin[2], datasource: 'github-tags' }] });
    }
    // The operator's CRDs are pinned at the operator's own release.
    const operator = pins.filter((p) => p[1] === 'prometheus-operator/prometheus-operator');
    expect(operator.map((p) => p[2])).toEqual(Array(7).fill(versionOf('prometheusOperator')));
  });

  test('the GitOps targetRevision of the upstream CRDs has no literal of its own: it is the operator entry\'s version', () => {
    const literal = versionOf('prometheusOperator');
    const holders = repoFiles().filter((f) => /\.(ts|mjs|sh|ya?ml|json|md)$/.test(f) && !f.startsWith('test/') && !f.startsWith('docs/'))
      .filter((f) => read(f).includes(literal));
    expect(holders.sort()).toEqual(['cdk8s.yaml', 'lib/core/versions.ts']);
  });

  test('the operator, its reloader and its CRDs are one group; every rule names dependencies that exist', () => {
    const names = new Set(deps.map((d) => d.depName));
    for (const rule of config.packageRules) for (const name of rule.matchDepNames ?? []) expect({ name, extracted: names.has(name) }).toEqual({ name, extracted: true });
    const group = config.packageRules.find((r: { groupName?: string }) => r.groupName === 'prometheus-operator');
    expect(group.matchDepNames.sort()).toEqual([
      'prometheus-operator/prometheus-operator',
      VERSIONS.configReloader.repository,
      VERSIONS.prometheusOperator.repository,
    ].sort());
  });

  test('npm packages are Renovate\'s npm manager\'s alone', () => {
    expect(config.enabledManagers.sort()).toEqual(['custom.regex', 'npm']);
    expect(deps.filter((d) => d.file.endsWith('package.json') || d.file.endsWith('package-lock.json'))).toEqual([]);
  });

  test('an update re-renders dist/ and the snapshots that hold versions in the same branch', () => {
    // Snapshots holding a version Renovate may change (Promtail's is frozen: its updates are off).
    const updated = (Object.keys(VERSIONS) as VersionKey[]).filter((k) => k !== 'promtail');
    const holdsVersion = (text: string) => updated.some((k) => text.includes(imageOf(k))
      || text.includes(`app.kubernetes.io/version: ${versionOf(k)}\n`) || text.includes(`"app.kubernetes.io/version": "${versionOf(k)}"`));
    const snapshots = fs.readdirSync(path.join(REPO_ROOT, 'test', '__snapshots__'))
      .filter((f) => holdsVersion(read(`test/__snapshots__/${f}`)))
      .map((f) => `test/${f.replace(/\.snap$/, '')}`).sort();
    expect(snapshots.length).toBeGreaterThan(0);
    for (const tasks of [config.postUpgradeTasks, config.packageRules.find((r: { groupName?: string }) => r.groupName === 'prometheus-operator').postUpgradeTasks]) {
      expect(tasks.commands).toContain('npm run synth');
      const jest = tasks.commands.find((c: string) => c.startsWith('npx jest'));
      expect(jest).toContain('--config jest.snapshots.config.js');
      expect(jest.split(' ').filter((w: string) => w.startsWith('test/')).sort()).toEqual(snapshots);
      expect(tasks.fileFilters).toEqual(expect.arrayContaining(['dist/**', 'docs/versions.md', 'test/__snapshots__/**']));
    }
    // The refresh runs the suite's settings, without the external programs' check.
    const refresh = require(path.join(REPO_ROOT, 'jest.snapshots.config.js'));
    const { globalSetup, ...base } = require(path.join(REPO_ROOT, 'jest.config.js'));
    expect(globalSetup).toBeDefined();
    expect(refresh).toEqual(base);
  });

  test('the check itself fails on an entry the managers cannot read', () => {
    // A comment between repository and version hides the entry from the versions manager.
    const hidden = "  x: {\n    repository: 'quay.io/x/y',\n    // pinned for a reason\n    version: 'v1.0.0',\n  },\n";
    expect(allDeps({ 'lib/core/versions.ts': hidden })).toEqual([]);
    const digest = `    repository: 'quay.io/x/y',\n    version: 'v1.0.0',\n    digest: 'sha256:${'a'.repeat(64)}',\n`;
    expect(allDeps({ 'lib/core/versions.ts': digest })).toMatchObject([{ depName: 'quay.io/x/y', currentValue: 'v1.0.0', currentDigest: `sha256:${'a'.repeat(64)}` }]);
  });
});
