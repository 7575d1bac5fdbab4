import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { PromtoolTest } from '../../lib/alerting/promtool';
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
 * Test files (with their rules) promtool passed in this process, by content: clusters share most
 * groups unchanged (the `ha` fixture 96 of its 121 alerts' cases with the `single` one), and the
 * same promtool gives the same answer for the same files, so those are not run again.
 */
const passed = new Set<string>();

/**
 * `promtool test rules` over every test case the groups carry. promtool evaluates every loaded
 * rule at every step of every test, so each alert's cases load only the rules of that alert
 * (and the group's recording rules, which alerts may read): one shared file would cost
 * (all tests x all rules). Cases already passed in this process with the same rules are skipped.
 */
export function promtoolTestRules(groups: readonly AlertRuleGroup[]): ToolResult {
  const dir = tempDir('promtool-');
  const testFiles: string[] = [];
  const hashes: string[] = [];
  groups.forEach((group, i) => {
    const byRule = new Map<string, PromtoolTest[]>();
    for (const t of group.promtoolTests()) {
      const key = t.alert_rule_test?.[0].alertname ?? '';
      byRule.set(key, [...(byRule.get(key) ?? []), t]);
    }
    const full = group.ruleFileGroup() as { rules: { alert?: string; record?: string }[] };
    [...byRule].forEach(([alert, tests], j) => {
      const base = `${String(i).padStart(3, '0')}-${String(j).padStart(3, '0')}-${group.name}`;
      const rules = full.rules.filter((r) => r.record !== undefined || r.alert === alert);
      const ruleText = stringify({ groups: [{ ...full, rules }] });
      const testText = stringify({ evaluation_interval: '1m', tests });
      const hash = createHash('sha256').update(ruleText).update('\0').update(testText).digest('hex');
      if (passed.has(hash)) return;
      fs.writeFileSync(path.join(dir, `${base}.rules.yaml`), ruleText);
      fs.writeFileSync(path.join(dir, `${base}.test.yaml`), stringify({ rule_files: [`${base}.rules.yaml`], evaluation_interval: '1m', tests }));
      testFiles.push(`${base}.test.yaml`);
      hashes.push(hash);
    });
  });
  if (testFiles.length === 0) return { ok: true, output: passed.size > 0 ? 'SUCCESS (every case already passed in this run)' : 'no test cases' };
  const result = run(toolPath(TOOLS.promtool), ['test', 'rules', ...testFiles], dir);
  if (result.ok) for (const h of hashes) passed.add(h);
  return result;
}
