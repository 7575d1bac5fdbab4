import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { tempDir } from './reference';

export interface ToolResult {
  readonly ok: boolean;
  readonly output: string;
}

function run(cmd: string, args: string[], cwd: string): ToolResult {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (res.error) throw res.error;
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

/** Writes plain Prometheus rule files for the groups; returns their paths. */
export function writeRuleFiles(groups: readonly AlertRuleGroup[], dir = tempDir('rules-')): string[] {
  return groups.map((group, i) => {
    const file = path.join(dir, `${String(i).padStart(3, '0')}-${group.name}.rules.yaml`);
    fs.writeFileSync(file, stringify({ groups: [group.ruleFileGroup()] }));
    return file;
  });
}

/** `promtool check rules` over the groups' rule files. */
export function promtoolCheckRules(groups: readonly AlertRuleGroup[]): ToolResult {
  const files = writeRuleFiles(groups);
  return run('promtool', ['check', 'rules', ...files], path.dirname(files[0]));
}

/** `promtool test rules` over every test case the groups carry. */
export function promtoolTestRules(groups: readonly AlertRuleGroup[]): ToolResult {
  const dir = tempDir('promtool-');
  const ruleFiles = writeRuleFiles(groups, dir).map((f) => path.basename(f));
  const tests = groups.flatMap((g) => g.promtoolTests());
  fs.writeFileSync(path.join(dir, 'tests.yaml'), stringify({ rule_files: ruleFiles, evaluation_interval: '1m', tests }));
  return run('promtool', ['test', 'rules', 'tests.yaml'], dir);
}
