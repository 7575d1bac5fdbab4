// `npm run validate [DIST]`: the strict schema check of every rendered cluster folder on the
// oldest and the newest supported Kubernetes version, one cluster at a time (clusters share
// object names). Prints each refused object as `file: object: reason`; exits 1 on any.
import * as fs from 'fs';
import * as path from 'path';
import { checkFolder, formatFindings, KUBERNETES_VERSIONS } from './schema-check';
import { commandLine, programArgs } from './command-line';

const { positionals } = commandLine({
  command: 'npm run validate --',
  summary: `Checks every object of every cluster folder against the Kubernetes ${KUBERNETES_VERSIONS.join(' and ')} schemas and the CRDs (unknown fields are errors); exits 1 on any refusal.`,
  options: {},
  positionals: [{ name: 'DIST', description: 'the rendered folder (default: dist)' }],
}, programArgs());
const dist = positionals[0] ?? 'dist';
const clusters = fs.readdirSync(dist, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dist, e.name));
let failed = false;
for (const cluster of clusters) {
  for (const version of KUBERNETES_VERSIONS) {
    const result = checkFolder(cluster, version);
    for (const line of formatFindings(result)) console.log(`${cluster}/${line}`);
    console.log(`${cluster}: Kubernetes ${version}: objects ${result.objects}, refused ${result.findings.length}`);
    failed ||= result.findings.length > 0;
  }
}
process.exit(failed ? 1 : 0);
