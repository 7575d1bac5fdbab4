// Before the tests (first in `npm test`, before the type-check, and as jest's globalSetup): every
// program the tests run must be there. The Debian trixie/unstable programs are fetched into
// .tools/trixie/ on first use (one line says so); a missing system program stops the run with
// one line naming the Debian packages to install. The list is test/support/tools.json.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tools = Object.values(require('../test/support/tools.json'));
const trixieDir = process.env.TRIXIE_TOOLS_DIR || path.join(root, '.tools', 'trixie');
/** Debian's Alertmanager builds read their default templates from here; the system package installs them. */
const SYSTEM_TEMPLATE = '/usr/share/prometheus/alertmanager/default.tmpl';

const shown = (dir) => (path.relative(root, dir).startsWith('..') ? dir : path.relative(root, dir));

function found(tool) {
  if (tool.trixie && fs.existsSync(path.join(trixieDir, 'root', 'usr', 'bin', tool.name))) return true;
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, tool.name)));
}

/** Returns the one-line problem, or undefined when everything is there. */
function checkTestTools() {
  // The system programs first: fetching the others needs no time when these are missing anyway.
  const packages = tools.filter((t) => !t.trixie && !found(t)).map((t) => t.debian);
  if (!fs.existsSync(SYSTEM_TEMPLATE)) packages.push('prometheus-alertmanager');
  if (!fs.existsSync('/usr/share/keyrings/debian-archive-keyring.gpg') && tools.some((t) => t.trixie && !found(t))) packages.push('debian-archive-keyring');
  if (packages.length > 0) {
    const unique = [...new Set(packages)];
    return `npm test: missing Debian package${unique.length > 1 ? 's' : ''} ${unique.join(', ')}: run \`sudo apt-get install ${unique.join(' ')}\` (see the README's Quick start)`;
  }
  const fetch = tools.filter((t) => t.trixie && !found(t));
  if (fetch.length > 0) {
    console.error(`npm test: downloading ${fetch.map((t) => t.name).join(', ')} from Debian into ${shown(trixieDir)}/ (once, about 330 MB on disk)...`);
    const res = spawnSync('bash', [path.join(root, 'scripts', 'fetch-trixie-tools.sh')], { encoding: 'utf8', env: { ...process.env, TRIXIE_TOOLS_DIR: trixieDir } });
    if (res.status !== 0) process.stderr.write(`${res.stdout}${res.stderr}`);
    const still = tools.filter((t) => t.trixie && !found(t));
    if (still.length > 0) return `npm test: scripts/fetch-trixie-tools.sh did not bring ${still.map((t) => t.name).join(', ')} (its output is above)`;
  }
  return undefined;
}

/** jest's globalSetup: the same check when jest runs on its own (`npx jest`). */
module.exports = async function globalSetup() {
  const problem = checkTestTools();
  if (problem) throw new Error(problem);
};

if (require.main === module) {
  const problem = checkTestTools();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
