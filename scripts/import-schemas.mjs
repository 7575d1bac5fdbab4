// Regenerates schemas/ (the strict schema check's data) from pinned upstream sources:
// - schemas/kubernetes-1.28.json: the Kubernetes v1.28.0 OpenAPI definitions
//   (_definitions.json as kubeconform/kubeval publish it, read from SCHEMAS_DIR);
// - schemas/kubernetes-1.36.json: the Kubernetes 1.36 OpenAPI definitions as
//   @kubernetes/client-node 2.0.1 (generated from the release-1.36 branch's spec) carries them:
//   its models marked as generated from that spec give every type's fields, their types and
//   which are required; its API classes give the kinds each group/version serves;
// - schemas/crds.json: the openAPIV3Schema of every version of the pinned CRDs (CRDS_DIR,
//   the same copies `npm run import` reads). The CRD manifests themselves are not kept.
// Descriptions are dropped: the check needs only structure. Usage: node scripts/import-schemas.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const schemasDir = process.env.SCHEMAS_DIR ?? path.join(root, '..', 'shared', 'schemas');
const crdsDir = process.env.CRDS_DIR ?? path.join(root, '..', 'shared', 'crds');
// The newest supported minor, from the client generated from its spec: the package, the
// registry's integrity of its tarball (the package cannot change under the same version), and
// the spec version its models name (client-node 2.0.x is generated from the release-1.36 branch).
const CLIENT_NODE = {
  minor: '1.36',
  package: '@kubernetes/client-node@2.0.1',
  integrity: 'sha512-evJgmEtgArEYlj6DNkMGjK41IrFK/hEwb5lWVxx0VRBWybQpnvi+2TtA19mLgVfRHfqX5yjHObX6e9W7LEZBjw==',
  spec: 'release-1.36',
};
const out = path.join(root, 'schemas');

/** The schema without descriptions (deep). */
function bare(schema) {
  if (Array.isArray(schema)) return schema.map(bare);
  if (!schema || typeof schema !== 'object') return schema;
  const copy = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description') continue;
    copy[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, bare(s)])) : bare(v);
  }
  return copy;
}

/** One entry per line: small diffs when a source moves. */
function write(file, header, entries) {
  const body = Object.entries(entries).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',\n');
  const text = `{${Object.entries(header).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',\n')},\n"definitions":{\n${body}\n}}\n`;
  fs.writeFileSync(path.join(out, file), text);
  console.log(`${file}: ${Object.keys(entries).length} definitions`);
}

// Kubernetes 1.28: definitions carry their group/version/kind.
function kubernetes128() {
  const defs = JSON.parse(fs.readFileSync(path.join(schemasDir, 'kubernetes-v1.28.0', '_definitions.json'), 'utf8')).definitions;
  const kinds = {};
  for (const [name, s] of Object.entries(defs)) {
    for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) kinds[`${gvk.group}/${gvk.version}/${gvk.kind}`] ??= name;
  }
  const definitions = Object.fromEntries(Object.entries(defs).map(([name, s]) => {
    const { 'x-kubernetes-group-version-kind': _gvk, ...rest } = bare(s);
    return [name, rest];
  }));
  write('kubernetes-1.28.json', { source: 'Kubernetes v1.28.0 OpenAPI definitions (_definitions.json)', kinds: sortKeys(kinds) }, sortKeys(definitions));
}

const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

// The newest minor from the client generated from its OpenAPI spec.
function kubernetesFromClient({ minor, package: pkg, integrity, spec: expected }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'client-node-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', pkg], { cwd: tmp, encoding: 'utf8' }));
    if (packed.integrity !== integrity) throw new Error(`${pkg}: integrity ${packed.integrity}, expected ${integrity}`);
    const tgz = packed.filename;
    execFileSync('tar', ['xzf', tgz], { cwd: tmp });
    const gen = path.join(tmp, 'package', 'dist', 'gen');
    const models = path.join(gen, 'models');
    const spec = fs.readFileSync(path.join(models, 'V1Pod.js'), 'utf8').match(/OpenAPI spec version: (\S+)/)[1];
    if (spec !== expected) throw new Error(`${pkg} carries OpenAPI ${spec}, expected ${expected}`);
    const definitions = {};
    for (const file of fs.readdirSync(models).filter((f) => /^[A-Z]\w*\.js$/.test(f) && f !== 'ObjectSerializer.js')) {
      const name = file.slice(0, -3);
      const js = fs.readFileSync(path.join(models, file), 'utf8');
      // The package also carries models left over from older specs (their header says so).
      if (!js.includes(`OpenAPI spec version: ${spec}`)) continue;
      const map = js.match(/\.attributeTypeMap = (\[[\s\S]*?\]);/);
      if (!map) continue; // enums
      const attrs = JSON.parse(map[1]);
      const dts = fs.readFileSync(path.join(models, `${name}.d.ts`), 'utf8');
      const required = [...dts.matchAll(/^\s+'([^']+)': /gm)].map((m) => m[1]);
      const properties = Object.fromEntries(attrs.map((a) => [a.baseName, typeSchema(a.type, a.format)]));
      definitions[name] = { type: 'object', properties, ...(required.length ? { required: attrs.filter((a) => required.includes(a.name)).map((a) => a.baseName) } : {}) };
    }
    // Types the generator maps to TypeScript primitives.
    definitions.IntOrString = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    definitions.V1MicroTime = { type: 'string', format: 'date-time' };
    // Kinds: what each group/version creates at its collection path (not subresources).
    const kinds = {};
    const apis = path.join(gen, 'apis');
    for (const file of fs.readdirSync(apis).filter((f) => f.endsWith('Api.js'))) {
      const js = fs.readFileSync(path.join(apis, file), 'utf8');
      for (const m of js.matchAll(/localVarPath = '([^']+)'[\s\S]*?HttpMethod\.(\w+)[\s\S]*?(?:serialize\(body, "(\w+)"|return requestContext)/g)) {
        const [, p, method, type] = m;
        const gv = p.match(/^\/api\/(v1)\/(?:namespaces\/\{namespace\}\/)?[a-z]+$/) ?? p.match(/^\/apis\/([^/]+\/[^/]+)\/(?:namespaces\/\{namespace\}\/)?[a-z]+$/);
        if (method !== 'POST' || !type || !gv || !definitions[type]) continue;
        const groupVersion = gv[1].includes('/') ? gv[1] : `/${gv[1]}`;
        const kind = type.replace(/^(?:[A-Z][a-z]+)*V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/, '');
        kinds[`${groupVersion}/${kind}`] = type;
      }
    }
    write(`kubernetes-${minor}.json`, { source: `Kubernetes ${spec} OpenAPI definitions, from ${pkg}`, kinds: sortKeys(kinds) }, sortKeys(definitions));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A client-node attribute type as JSON schema. */
function typeSchema(type, format) {
  const array = type.match(/^Array<(.+)>$/);
  if (array) return { type: 'array', items: typeSchema(array[1], '') };
  const map = type.match(/^\{ \[key: string\]: (.+); \}$/);
  if (map) return { type: 'object', additionalProperties: typeSchema(map[1], '') };
  switch (type) {
    case 'string': return { type: 'string' };
    case 'number': return format === 'double' ? { type: 'number' } : { type: 'integer' };
    case 'boolean': return { type: 'boolean' };
    case 'Date': return { type: 'string', format: 'date-time' };
    case 'any': case 'object': return {};
    default: return { $ref: `#/definitions/${type}` };
  }
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function crds() {
  const schemas = {};
  const versions = new Set();
  for (const file of walk(crdsDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const pinned = crd.metadata.annotations?.['operator.prometheus.io/version'] ?? crd.metadata.labels?.['app.kubernetes.io/version'];
      if (pinned) versions.add(`${crd.spec.group} ${pinned}`);
      for (const v of crd.spec.versions) schemas[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = bare(v.schema.openAPIV3Schema);
    }
  }
  write('crds.json', { source: `openAPIV3Schema of the pinned CRDs (${[...versions].join(', ') || 'see npm run import'})` }, sortKeys(schemas));
}

// Checked before anything is written, so a missing input leaves schemas/ as it was.
const inputs = [path.join(schemasDir, 'kubernetes-v1.28.0', '_definitions.json'), crdsDir];
const absent = inputs.filter((p) => !fs.existsSync(p));
if (absent.length > 0) {
  console.error(`import-schemas: not found: ${absent.join(', ')} (the Kubernetes 1.28 definitions and the pinned CRDs; set SCHEMAS_DIR and CRDS_DIR to other copies). schemas/ is unchanged.`);
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
kubernetes128();
kubernetesFromClient(CLIENT_NODE);
crds();
