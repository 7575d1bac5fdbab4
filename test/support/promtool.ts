import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { tempDir } from './reference';
import { TOOLS, toolPath } from './tools';

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
  return run(toolPath(TOOLS.promtool), ['check', 'rules', ...files], path.dirname(files[0]));
}

/**
 * `promtool test rules` over every test case the groups carry. Each group gets its own test
 * file that loads only its own rules: promtool evaluates every loaded rule at every step, so
 * one shared file would cost (all tests x all rules).
 */
export function promtoolTestRules(groups: readonly AlertRuleGroup[]): ToolResult {
  const dir = tempDir('promtool-');
  const ruleFiles = writeRuleFiles(groups, dir).map((f) => path.basename(f));
  const testFiles: string[] = [];
  groups.forEach((group, i) => {
    const tests = group.promtoolTests();
    if (tests.length === 0) return;
    const file = `${ruleFiles[i]}.test.yaml`;
    fs.writeFileSync(path.join(dir, file), stringify({ rule_files: [ruleFiles[i]], evaluation_interval: '1m', tests }));
    testFiles.push(file);
  });
  if (testFiles.length === 0) return { ok: true, output: 'no test cases' };
  return run(toolPath(TOOLS.promtool), ['test', 'rules', ...testFiles], dir);
}
