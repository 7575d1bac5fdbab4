import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import toolList from './tools.json';

/** Where scripts/fetch-trixie-tools.sh unpacks the Debian trixie programs. */
export const TRIXIE_DIR = process.env.TRIXIE_TOOLS_DIR ?? path.resolve(__dirname, '..', '..', '.tools', 'trixie');

/** A program the tests run, and the Debian package that brings it. */
export interface Tool {
  readonly name: string;
  /** The Debian package (suite) that installs it. */
  readonly debian: string;
  /** Taken from the trixie programs unpacked by scripts/fetch-trixie-tools.sh, else from PATH. */
  readonly trixie?: boolean;
  /** Arguments printing the version. */
  readonly versionArgs: readonly string[];
}

/** The programs the tests run (scripts/check-test-tools.cjs checks them before any test). */
export const TOOLS = toolList satisfies Record<string, Tool>;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return undefined;
}

/** The executable to run for `tool`: the unpacked trixie one when there is one, else PATH's. */
export function toolPath(tool: Tool): string {
  const trixie = path.join(TRIXIE_DIR, 'root', 'usr', 'bin', tool.name);
  if (tool.trixie && fs.existsSync(trixie)) return trixie;
  return onPath(tool.name) ?? tool.name;
}

/** The tool's first version line, e.g. `alertmanager, version 0.33.1 (...)`, and the Debian package it came from. */
export function toolVersion(tool: Tool): string {
  const res = spawnSync(toolPath(tool), [...tool.versionArgs], { encoding: 'utf8' });
  const line = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n')[0];
  const pkg = tool.debian.split(' ')[0];
  const deb = tool.trixie && fs.existsSync(path.join(TRIXIE_DIR, 'debs'))
    ? fs.readdirSync(path.join(TRIXIE_DIR, 'debs')).find((f) => f.startsWith(`${pkg}_`)) : undefined;
  return deb ? `${line} [Debian ${deb.split('_').slice(0, 2).join(' ')}]` : line;
}

/**
 * The default.tmpl of the Alertmanager the tests run, when it is the unpacked trixie one.
 * Debian builds Alertmanager to read its default notification templates from
 * /usr/share/prometheus/alertmanager/default.tmpl (that file must exist, as the system's
 * prometheus-alertmanager package installs it; scripts/check-test-tools.cjs checks it) instead
 * of embedding them. The system's copy may be an older release's, without the newer
 * integrations' templates (Teams Workflows): a test configuration lists the unpacked trixie copy
 * as well, whose definitions replace the older ones.
 */
export function alertmanagerTemplate(): string | undefined {
  const file = path.join(TRIXIE_DIR, 'root', 'usr', 'share', 'prometheus', 'alertmanager', 'default.tmpl');
  return toolPath(TOOLS.alertmanager).startsWith(TRIXIE_DIR) && fs.existsSync(file) ? file : undefined;
}
