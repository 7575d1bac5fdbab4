import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { configFileOf, describeFailure, fieldLine, raisedIn } from '../config/locate';
import { StackValidationError } from '../lib/core/errors';
import { SYNTH_COMMAND } from '../main';
import { DIFF_COMMAND } from '../tools/diff';
import { CommandLineError, parseCommandLine, programArgs, usage } from '../tools/command-line';
import { tempDir } from './support/reference';

describe('command line', () => {
  test('an unknown flag is an error naming the flag it could have meant', () => {
    expect(() => parseCommandLine(SYNTH_COMMAND, ['--clusters', 'lab2'])).toThrow(new CommandLineError('unknown option --clusters (did you mean --cluster?)'));
    expect(() => parseCommandLine(DIFF_COMMAND, ['--markdwn'])).toThrow('unknown option --markdwn (did you mean --markdown?)');
    expect(() => parseCommandLine(SYNTH_COMMAND, ['-x'])).toThrow(/^unknown option -x$/);
  });
  test('--flag=value works like --flag value, and repeats', () => {
    expect(parseCommandLine(SYNTH_COMMAND, ['--cluster=lab2']).values.cluster).toEqual(['lab2']);
    expect(parseCommandLine(SYNTH_COMMAND, ['--cluster', 'lab2', '--cluster=homelab']).values.cluster).toEqual(['lab2', 'homelab']);
  });
  test('a missing value, a value for a switch and an argument too many are errors', () => {
    expect(() => parseCommandLine(SYNTH_COMMAND, ['--cluster'])).toThrow('--cluster needs a value: --cluster NAME or --cluster=NAME');
    expect(() => parseCommandLine(DIFF_COMMAND, ['--markdown=yes'])).toThrow('--markdown takes no value');
    expect(() => parseCommandLine(SYNTH_COMMAND, ['lab2'])).toThrow('unexpected argument "lab2" (this command takes options only)');
    expect(() => parseCommandLine(DIFF_COMMAND, ['main', 'other'])).toThrow('unexpected argument "other"');
    expect(parseCommandLine(DIFF_COMMAND, ['main', '--markdown'])).toEqual({ help: false, values: { markdown: true }, positionals: ['main'] });
  });
  test('--help asks for the usage, which lists every option', () => {
    expect(parseCommandLine(SYNTH_COMMAND, ['--cluster', 'x', '--help']).help).toBe(true);
    expect(usage(SYNTH_COMMAND)).toMatch(/^usage: npm run synth -- \[--cluster NAME\]\.\.\.\n/);
    expect(usage(DIFF_COMMAND)).toMatch(/--markdown +print Markdown/);
    expect(usage(DIFF_COMMAND)).toMatch(/BASE +the git ref/);
  });
  test('the program\'s own arguments, when run directly and through scripts/compile.mjs', () => {
    expect(programArgs(['/usr/bin/node', '/p/build/main.js', '--cluster', 'a'])).toEqual(['--cluster', 'a']);
    expect(programArgs(['/usr/bin/node', 'scripts/compile.mjs', 'build/main.js', '--help'])).toEqual(['--help']);
  });
});

describe('a failed synth names the config file and line', () => {
  const dir = tempDir('config-');
  const file = path.join(dir, 'lab2.ts');
  fs.writeFileSync(file, [
    "import { staging } from './staging';",
    'export const lab2 = {',
    '  ...staging,',
    "  name: 'lab2',",
    "  prometheus: { retention: '0d' },",
    '  speedtest: {',
    '    minDownloadMbs: 50,',
    '  },',
    '};',
    '',
  ].join('\n'));
  const rel = (p: string) => p.replace(`${dir}/`, '');

  test('the file that declares the cluster', () => {
    expect(configFileOf('lab2', dir)).toBe(path.join(dir, 'lab2.ts'));
    expect(configFileOf('nope', dir)).toBeUndefined();
  });
  test('the line of a field, its keys found in order', () => {
    const text = fs.readFileSync(file, 'utf8');
    expect(fieldLine(text, 'lab2', 'prometheus.retention')).toBe(5);
    expect(fieldLine(text, 'lab2', 'speedtest.minDownloadMbs')).toBe(7);
    // Inherited through the spread: not in this file, so no line rather than a wrong one.
    expect(fieldLine(text, 'lab2', 'loki.s3.endpoint')).toBeUndefined();
  });
  test('config errors: file, line and the full field path instead of config/<cluster>', () => {
    const section = new StackValidationError('config/lab2/prometheus', 'retention', '0d', 'a duration longer than zero');
    expect(rel(describeFailure(section, dir))).toBe('lab2.ts:5 (cluster lab2): prometheus.retention = "0d" is not valid; expected a duration longer than zero');
    const top = new StackValidationError('config/lab2', 'speedtest.minDownloadMbs', 50, 'a key that ClusterConfig declares');
    expect(rel(describeFailure(top, dir))).toMatch(/^lab2\.ts:7 \(cluster lab2\): speedtest\.minDownloadMbs = 50 is not valid/);
    const inherited = new StackValidationError('config/lab2', 'loki.s3.endpoint', 'x', 'a URL');
    expect(rel(describeFailure(inherited, dir))).toMatch(/^lab2\.ts \(cluster lab2\): loki\.s3\.endpoint = "x"/);
  });
  test('construct errors raised while a cluster rendered name its config file', () => {
    const err = raisedIn('lab2', new StackValidationError('log-agent/pipeline', 'stageGroups[0].selector', '{a=b}', 'a LogQL stream selector'));
    expect(rel(describeFailure(err, dir))).toBe('lab2.ts (cluster lab2): log-agent/pipeline: stageGroups[0].selector = "{a=b}" is not valid; expected a LogQL stream selector');
  });
  test("a duplicate construct id is said in full, not as constructs' bare message", () => {
    let raw: unknown;
    try {
      const scope = new Construct(new App(), 'shop');
      new Construct(scope, 'orders');
      new Construct(scope, 'orders');
    } catch (err) {
      raw = err;
    }
    expect(rel(describeFailure(raisedIn('lab2', raw), dir))).toBe(
      'lab2.ts (cluster lab2): shop: two constructs with the id "orders": each construct in one scope needs its own id (the second argument of new X(scope, id, props)), and the id names its objects; rename one');
  });
});
