import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterConfig } from '../../config';
import { synth } from '../../main';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The modules of config/ that are the project's, not a cluster's: everything else there is the user's. */
export const CONFIG_LIBRARY = ['index.ts', 'types.ts', 'resolve.ts', 'traces.ts', 'locate.ts'];

/**
 * A user's config/ as the README leads to it: a copy of config/ with both reference clusters
 * deleted and the README's second cluster (examples/second-cluster.ts, `staging`) added and
 * listed in index.ts; then `npm run synth` into the copy's dist/. Returns what
 * test/support/configured.ts exports for the repository, for this copy.
 */
export function ownConfig(): { clusters: readonly ClusterConfig[]; DIST_DIR: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'own-config-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const config = path.join(root, 'config');
  fs.mkdirSync(config);
  // The copy's imports of the project's code point back at the repository.
  const rebase = (text: string) => text.replace(/from '\.\.\/(lib|charts|extensions)\//g, `from '${REPO_ROOT}/$1/`);
  for (const file of fs.readdirSync(path.join(REPO_ROOT, 'config'))) {
    if (file === 'homelab.ts' || file === 'datacenter.ts') continue;
    fs.writeFileSync(path.join(config, file), rebase(fs.readFileSync(path.join(REPO_ROOT, 'config', file), 'utf8')));
  }
  const example = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'second-cluster.ts'), 'utf8');
  fs.writeFileSync(path.join(config, 'staging.ts'), rebase(example.replace("from '../config/types'", "from './types'")));

  const index = fs.readFileSync(path.join(config, 'index.ts'), 'utf8');
  const list = /^export const clusters\b[^=]*= \[[^\]]*\];$/m;
  if (!list.test(index)) throw new Error('config/index.ts: no `export const clusters ... = [...];` line to edit; update test/support/own-config.ts');
  fs.writeFileSync(path.join(config, 'index.ts'), index
    .replace(/^import \{ (homelab|datacenter) \} from '\.\/\1';\n/gm, '')
    .replace(list, "import { staging } from './staging';\nexport const clusters: readonly ClusterConfig[] = [staging];"));

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const clusters = (require(path.join(config, 'index.ts')) as { clusters: readonly ClusterConfig[] }).clusters;
  const DIST_DIR = path.join(root, 'dist');
  synth({ outdir: DIST_DIR, clusters });
  return { clusters, DIST_DIR };
}
