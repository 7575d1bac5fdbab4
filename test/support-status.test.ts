import { cli } from '../main';
import { isPastEndOfSupport, supportCheckDate, supportWarnings } from '../lib/core/support';
import { PinnedImage, VERSIONS } from '../lib/core/versions';
import { versionsMarkdown } from '../charts/docs/versions-md';
import { tempDir } from './support/reference';

const entries = Object.entries(VERSIONS) as [string, PinnedImage][];
const keysPast = (date: string) => entries.filter(([, p]) => isPastEndOfSupport(p, date)).map(([k]) => k);

describe('support status of the pinned versions', () => {
  test('every entry names its line; a published end of support is a real date with its source', () => {
    for (const [key, p] of entries) {
      expect({ key, line: p.support.line.length > 0, tagSource: p.tagSource.length > 10 }).toEqual({ key, line: true, tagSource: true });
      if (p.support.endOfSupport !== undefined) {
        expect({ key, date: /^\d{4}-\d{2}-\d{2}$/.test(p.support.endOfSupport) && !Number.isNaN(Date.parse(p.support.endOfSupport)) }).toEqual({ key, date: true });
        expect({ key, policy: p.support.policy?.startsWith('https://') }).toEqual({ key, policy: true });
      } else {
        expect({ key, policy: p.support.policy }).toEqual({ key, policy: undefined });
      }
    }
  });

  test('Prometheus is on the LTS line, supported until its published end', () => {
    expect(VERSIONS.prometheus.support).toMatchObject({ line: '3.13 LTS', endOfSupport: '2027-07-31' });
    expect(VERSIONS.prometheus.version).toMatch(/^v3\.13\.\d+$/);
    expect(isPastEndOfSupport(VERSIONS.prometheus, '2027-07-31')).toBe(false);
    expect(isPastEndOfSupport(VERSIONS.prometheus, '2027-08-01')).toBe(true);
  });

  test('the warnings list exactly the pins past their end of support on the given date, in table order', () => {
    expect(keysPast('2024-10-22')).toEqual([]);
    expect(keysPast('2024-10-23')).toEqual(['kubectl128']);
    expect(keysPast('2026-12-03')).toEqual(['promtail', 'kubectl128', 'kubectl129', 'kubectl130', 'kubectl131', 'kubectl132', 'kubectl133', 'kubectl134']);
    expect(keysPast('2027-08-01')).toContain('prometheus');
    const lines = supportWarnings('2026-12-03');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('warning: Promtail 3.6.11 (promtail) is on 3.6 (Promtail end of life), out of support since 2026-03-02 (https://grafana.com/docs/loki/latest/send-data/promtail/)');
    expect(supportWarnings('2026-12-03')).toEqual(lines);
  });

  test('the check date is SUPPORT_CHECK_DATE when set, else today in UTC; a bad one is refused', () => {
    expect(supportCheckDate({ SUPPORT_CHECK_DATE: '2026-12-03' })).toBe('2026-12-03');
    expect(supportCheckDate({}, new Date('2027-01-02T23:30:00Z'))).toBe('2027-01-02');
    expect(() => supportCheckDate({ SUPPORT_CHECK_DATE: '3 Dec 2026' })).toThrow(/SUPPORT_CHECK_DATE = "3 Dec 2026" is not valid; expected a date as YYYY-MM-DD/);
  });

  test('docs/versions.md shows each line and end of support', () => {
    const doc = versionsMarkdown();
    expect(doc).toContain('| support line | end of support |');
    expect(doc).toContain('| `quay.io/prometheus/prometheus` | `v3.13.2` | 3.13 LTS | [2027-07-31](https://prometheus.io/docs/introduction/release-cycle/) |');
    expect(doc).toContain('| `docker.io/alpine/k8s` | `1.34.12` | Kubernetes 1.34 | [2026-10-27](https://kubernetes.io/releases/1.34/) |');
    expect(doc).toContain('| `quay.io/thanos/thanos` | `v0.42.4` | 0.42 | none published |');
  });

  test('npm run synth prints one warning line per pin past its end of support and still succeeds', () => {
    const saved = { out: process.env.CDK8S_OUTDIR, date: process.env.SUPPORT_CHECK_DATE };
    const errors: string[] = [];
    const err = jest.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line); });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => { throw new Error(`exit ${code}`); }) as never);
    try {
      process.env.CDK8S_OUTDIR = tempDir();
      process.env.SUPPORT_CHECK_DATE = '2026-12-03';
      cli();
      expect(exit).not.toHaveBeenCalled();
      expect(errors).toEqual(supportWarnings('2026-12-03'));
      errors.length = 0;
      process.env.SUPPORT_CHECK_DATE = '2024-01-01';
      cli();
      expect(errors).toEqual([]);
    } finally {
      err.mockRestore(); log.mockRestore(); exit.mockRestore();
      for (const [k, v] of [['CDK8S_OUTDIR', saved.out], ['SUPPORT_CHECK_DATE', saved.date]] as const) {
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
      }
    }
  });
});
