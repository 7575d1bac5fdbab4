import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './reference';

/**
 * Renovate's own JSON schema for its configuration, as its npm package ships it
 * (`renovate-schema.json`). Renovate itself is not a dependency (it pulls in hundreds of
 * megabytes and needs Node 24): the package's tarball is fetched once with `npm pack`, checked
 * against the registry's integrity for this version, and the schema kept in node_modules/.cache.
 */
export const RENOVATE_PACKAGE = {
  version: '44.121.2',
  integrity: 'sha512-gNsY+POw2UN3B4e8x0B5UK3onH1qF7wMirKGaUnJcSx3+xEWH4n35RS4rvVEtTIIV/BoZoFbsIo7njTb9Mydxg==',
};

const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', `renovate-schema-${RENOVATE_PACKAGE.version}.json`);

export function renovateSchema(): Record<string, any> {
  if (!fs.existsSync(CACHE)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renovate-pack-'));
    try {
      const pack = spawnSync('npm', ['pack', `renovate@${RENOVATE_PACKAGE.version}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8', timeout: 120_000 });
      const tarball = path.join(dir, `renovate-${RENOVATE_PACKAGE.version}.tgz`);
      if (pack.status !== 0 || !fs.existsSync(tarball)) {
        throw new Error(`npm pack renovate@${RENOVATE_PACKAGE.version} failed (the npm registry is needed once, then the schema is cached in ${CACHE}):\n${pack.stderr}`);
      }
      const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
      if (integrity !== RENOVATE_PACKAGE.integrity) throw new Error(`renovate-${RENOVATE_PACKAGE.version}.tgz has integrity ${integrity}, not the registry's ${RENOVATE_PACKAGE.integrity}`);
      const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, 'package/renovate-schema.json'], { encoding: 'utf8' });
      if (untar.status !== 0) throw new Error(`tar could not extract renovate-schema.json: ${untar.stderr}`);
      fs.mkdirSync(path.dirname(CACHE), { recursive: true });
      fs.copyFileSync(path.join(dir, 'package', 'renovate-schema.json'), CACHE);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return JSON.parse(fs.readFileSync(CACHE, 'utf8'));
}
