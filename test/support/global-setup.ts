import { spawnSync } from 'child_process';
import * as path from 'path';
import * as fs from 'fs';
import { SYSTEM_ALERTMANAGER_TEMPLATE, Tool, TOOLS, toolFound } from './tools';

/**
 * Before any test: every program the tests run must be there, or the run stops with one line per
 * missing program naming the Debian package that brings it (instead of failed assertions later).
 * The trixie programs are unpacked into .tools/ on first use by scripts/fetch-trixie-tools.sh.
 */
export default function globalSetup(): void {
  const tools: Tool[] = Object.values(TOOLS);
  if (tools.some((t) => t.trixie && !toolFound(t))) {
    const script = path.resolve(__dirname, '..', '..', 'scripts', 'fetch-trixie-tools.sh');
    const res = spawnSync('bash', [script], { encoding: 'utf8' });
    if (res.status !== 0) process.stderr.write(`\n${script} failed:\n${res.stdout}${res.stderr}`);
  }
  const missing = tools.filter((t) => !toolFound(t));
  const lines = missing.map((t) => t.trixie
    ? `missing ${t.name}: Debian package ${t.debian}; run scripts/fetch-trixie-tools.sh`
    : `missing ${t.name}: install the Debian package ${t.debian} (apt-get install ${t.debian.split(' ')[0]})`);
  // Debian's Alertmanager will not start without it.
  if (!fs.existsSync(SYSTEM_ALERTMANAGER_TEMPLATE)) {
    lines.push(`missing ${SYSTEM_ALERTMANAGER_TEMPLATE}: install the Debian package prometheus-alertmanager (apt-get install prometheus-alertmanager)`);
  }
  if (lines.length === 0) return;
  throw new Error(`\n${lines.join('\n')}\n`);
}
