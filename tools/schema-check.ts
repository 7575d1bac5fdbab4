// Strict schema check of rendered YAML, as kubeconform --strict does it: built-in kinds against
// one Kubernetes version's OpenAPI definitions, custom resources against the pinned CRDs'
// openAPI schemas; unknown fields are errors, and so is a kind the version does not serve.
// The schemas are generated into schemas/ by `npm run import-schemas`.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** The Kubernetes versions the stack supports: every rendered object is checked on both ends. */
export const KUBERNETES_VERSIONS = ['1.28', '1.36'] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

// tools/ in the sources, build/tools/ once compiled.
const SCHEMAS = [path.resolve(__dirname, '..', 'schemas'), path.resolve(__dirname, '..', '..', 'schemas')]
  .find((dir) => fs.existsSync(path.join(dir, 'crds.json')))!;

type Schema = Record<string, any>;

/** One object the check refuses: where it is, which object, and why. */
export interface Finding {
  readonly file: string;
  readonly object: string;
  readonly reason: string;
}

export interface CheckResult {
  readonly version: KubernetesVersion;
  readonly objects: number;
  readonly findings: readonly Finding[];
}

/** The schema with unknown fields refused wherever it lists properties and keeps no unknown fields. */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strict(s)]));
    else if (k === 'x-kubernetes-int-or-string') continue;
    else out[k] = typeof v === 'object' ? strict(v) : v;
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'string' }, { type: 'integer' }];
  }
  if (schema.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out.properties && out.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

// CRD schemas carry Go (RE2) patterns such as `^(?i)(abort|warn)?$`, which JavaScript's RegExp
// rejects before Node 22: an inline `(?i)` makes the whole pattern case-insensitive (slightly
// looser than RE2's group-local flag, never stricter).
function goRegExp(pattern: string, flags?: string): RegExp {
  if (!pattern.includes('(?i)')) return new RegExp(pattern, flags);
  const f = flags ?? '';
  return new RegExp(pattern.replaceAll('(?i)', ''), f.includes('i') ? f : `${f}i`);
}
goRegExp.code = 'new RegExp';

function readJson(file: string): Schema {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
}

/** Validators for one Kubernetes version, compiled per kind on first use. */
class Schemas {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, code: { regExp: goRegExp as any } });
  private readonly kinds: Record<string, string>;
  private readonly crds: Record<string, Schema>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(version: KubernetesVersion) {
    const k8s = readJson(`kubernetes-${version}.json`);
    this.kinds = k8s.kinds;
    this.crds = readJson('crds.json').definitions;
    const definitions = Object.fromEntries(Object.entries(k8s.definitions as Schema).map(([n, s]) => [n, strict(s)]));
    this.ajv.addSchema({ $id: 'k8s', definitions });
  }

  /** The validator for `group/version/Kind`, or undefined when neither Kubernetes nor a CRD has it. */
  validator(gvk: string): ValidateFunction | undefined {
    let v = this.compiled.get(gvk);
    if (v) return v;
    const name = this.kinds[gvk];
    if (name) {
      v = this.ajv.getSchema(`k8s#/definitions/${name}`)!;
    } else if (this.crds[gvk]) {
      const schema = strict(this.crds[gvk]);
      // metadata is checked against ObjectMeta, as the API server does.
      schema.properties.metadata = { $ref: `k8s#/definitions/${this.objectMeta()}` };
      v = this.ajv.compile(schema);
    } else {
      return undefined;
    }
    this.compiled.set(gvk, v);
    return v;
  }

  private objectMeta(): string {
    const configMap = (this.ajv.getSchema('k8s')!.schema as Schema).definitions[this.kinds['/v1/ConfigMap']];
    return configMap.properties.metadata.$ref.replace('#/definitions/', '');
  }
}

const loaded = new Map<KubernetesVersion, Schemas>();

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

/** Checks every object under `dir` (one cluster's folder) against Kubernetes `version`. */
export function checkFolder(dir: string, version: KubernetesVersion): CheckResult {
  let schemas = loaded.get(version);
  if (!schemas) loaded.set(version, (schemas = new Schemas(version)));
  const findings: Finding[] = [];
  const seen = new Map<string, string>();
  let objects = 0;
  for (const file of yamlFiles(dir)) {
    const rel = path.relative(dir, file);
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length) {
        findings.push({ file: rel, object: '-', reason: `YAML: ${doc.errors[0].message}` });
        continue;
      }
      const obj = doc.toJS();
      if (obj == null) continue;
      if (path.basename(rel) === 'kustomization.yaml' && String(obj.apiVersion).startsWith('kustomize.config.k8s.io/')) continue;
      objects++;
      const apiVersion = String(obj.apiVersion);
      const gvk = `${apiVersion.includes('/') ? '' : '/'}${apiVersion}/${obj.kind}`;
      const object = `${apiVersion} ${obj.kind} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name}`;
      const earlier = seen.get(object);
      if (earlier) findings.push({ file: rel, object, reason: `duplicate: also in ${earlier}` });
      seen.set(object, rel);
      const validate = schemas.validator(gvk);
      if (!validate) {
        findings.push({ file: rel, object, reason: `Kubernetes ${version} has no ${apiVersion} ${obj.kind} (and no pinned CRD defines it)` });
        continue;
      }
      if (!validate(obj)) {
        for (const e of validate.errors!.slice(0, 5)) {
          const extra = (e.params as { additionalProperty?: string }).additionalProperty;
          findings.push({ file: rel, object, reason: `${e.instancePath || '/'}: ${e.message}${extra ? ` '${extra}'` : ''} (Kubernetes ${version})` });
        }
      }
    }
  }
  return { version, objects, findings };
}

/** One line per finding: `file: object: reason`. */
export function formatFindings(result: CheckResult): string[] {
  return result.findings.map((f) => `${f.file}: ${f.object}: ${f.reason}`);
}
