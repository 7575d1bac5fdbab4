import { loadManifests } from '../lib/policy/manifests';
import { formatViolation, POLICY_RULES } from '../lib/policy/rules';
import { haReferenceCluster } from './support/reference';

// The security policy suite (test/policy.test.ts) on the `ha` reference cluster.
const manifests = loadManifests(haReferenceCluster().files);

describe('the rendered ha reference cluster', () => {
  test.each(POLICY_RULES.map((r) => [r.id, r] as const))('passes %s', (_id, rule) => {
    expect(rule.check(manifests).map(formatViolation)).toEqual([]);
  });
});
