import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_LIBRARY } from './support/own-config';

/**
 * config/ is the user's: the reference clusters are examples, not fixtures. No test reads a
 * cluster file of config/ (tests that pin behaviour use test/fixtures/), and the generic tests
 * pass on a config/ with both references deleted and a new cluster added, with no snapshot flag.
 */
const TEST_DIR = __dirname;
const CONFIG_DIR = path.resolve(TEST_DIR, '..', 'config');

function testSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__snapshots__' ? [] : testSources(file);
    return e.name.endsWith('.ts') ? [file] : [];
  });
}

test('no test imports a cluster file from config/, only its library modules', () => {
  const offending: string[] = [];
  for (const file of testSources(TEST_DIR)) {
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/(?:from|require\()\s*'(\.[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), spec);
      if (path.dirname(target) !== CONFIG_DIR) continue;
      if (!CONFIG_LIBRARY.includes(`${path.basename(target)}.ts`)) offending.push(`${path.relative(TEST_DIR, file)}: ${spec}`);
    }
  }
  expect(offending).toEqual([]);
});

// The rule unit tests and the strict schema check, which take most of a run's time and do not
// depend on which clusters exist, are left to the configured clusters' own run.
describe('the generic tests on a config/ with the reference clusters deleted and `staging` added', () => {
  jest.doMock('./support/configured', () => ({ ...jest.requireActual('./support/own-config').ownConfig(), SLOW_CHECKS: false }));
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('./dist.test');
  require('./policy.test');
  require('./alert-rules.promtool.test');
  require('./routing.test');
  require('./kustomize.test');
  /* eslint-enable @typescript-eslint/no-require-imports */
});
