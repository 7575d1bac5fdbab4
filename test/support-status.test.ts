import * as fs from 'fs';
import { cli, clusterSupport } from '../main';
import { isPastEndOfSupport, pinsReferenced, supportCheckDate, supportWarnings } from '../lib/core/support';
import { ClusterConfig } from '../config';
import { clusters } from './support/configured';
import { renderCluster } from '../charts/stack';
import { homelab } from './fixtures/homelab';
import { datacenter } from './fixtures/datacenter';
import { imageOf, PinnedImage, VERSIONS, VersionKey } from '../lib/core/versions';
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

  test('the pins past their end of support on a date, in table order', () => {
    expect(keysPast('2024-10-22')).toEqual([]);
    expect(keysPast('2024-10-23')).toEqual(['kubectl128']);
    expect(keysPast('2026-12-03')).toEqual(['promtail', 'kubectl128', 'kubectl129', 'kubectl130', 'kubectl131', 'kubectl132', 'kubectl133', 'kubectl134']);
    expect(keysPast('2027-08-01')).toContain('prometheus');
  });

  test('the pins a rendered cluster references: its images, through its registry mirror and digests', () => {
    const pins = (config: ClusterConfig) => pinsReferenced(renderCluster(config).components.map((c) => c.manifests), config.images);
    const lab = pins(homelab);
    expect(lab).toEqual(expect.arrayContaining(['prometheus', 'configReloader', 'promtail', 'grafana']));
    // The reference clusters have no scale remediation: no kubectl image is rendered.
    expect(lab.filter((k) => k.startsWith('kubectl'))).toEqual([]);
    expect(pins(datacenter)).not.toContain('promtail');
    const scale = { ...homelab, kubernetesVersion: '1.29.8', robusta: { ...homelab.robusta!, remediations: [{ alert: 'KubeDeploymentReplicasMismatch', action: 'scale' as const, replicas: 2 }] } };
    expect(pins(scale).filter((k) => k.startsWith('kubectl'))).toEqual(['kubectl129']);
    const mirrored = { ...scale, images: { registry: 'registry.example.net:5000', digests: { promtail: `sha256:${'a'.repeat(64)}` } } };
    expect(pins(mirrored)).toEqual(pins(scale));
    expect(pinsReferenced([{ env: [{ value: `--image=${imageOf('thanos')}` }] }])).toEqual(['thanos']);
    expect(pinsReferenced([{ note: `${imageOf('thanos')} is not an image field` }])).toEqual([]);
  });

  test('warnings: only pins some cluster renders, naming those clusters; one per cluster on an unsupported Kubernetes', () => {
    const lab = { name: 'lab', declaredIn: 'config/lab.ts:7', kubernetesVersion: '1.33', pins: ['promtail', 'kubectl133', 'prometheus'] as VersionKey[] };
    const dc = { name: 'dc', declaredIn: 'config/dc.ts:13', kubernetesVersion: '1.34.2', pins: ['promtail', 'prometheus'] as VersionKey[] };
    expect(supportWarnings('2026-07-01', [lab, dc])).toEqual([
      'warning: Promtail 3.6.11 (promtail) is on 3.6 (Promtail end of life), out of support since 2026-03-02 (https://grafana.com/docs/loki/latest/send-data/promtail/); rendered for lab, dc',
      'warning: kubectl for Robusta remediations (Kubernetes 1.33 clusters) 1.33.13 (kubectl133) is on Kubernetes 1.33, out of support since 2026-06-28 (https://kubernetes.io/releases/1.33/); rendered for lab',
      'warning: cluster lab declares kubernetesVersion 1.33 (config/lab.ts:7): Kubernetes 1.33 is out of support since 2026-06-28 (https://kubernetes.io/releases/1.33/); upgrade the cluster to a Kubernetes minor still supported (1.34, 1.35, 1.36) and set kubernetesVersion to it',
    ]);
    // kubectl128..kubectl132 are past their end too, but no cluster renders them.
    expect(supportWarnings('2026-07-01', [{ ...lab, pins: [] }])).toHaveLength(1);
    expect(supportWarnings('2026-07-01', [])).toEqual([]);
    expect(supportWarnings('2024-01-01', [lab, dc])).toEqual([]);
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

  test('npm run synth warns of the pins the clusters render and of each cluster past support, and still succeeds', () => {
    const saved = { out: process.env.CDK8S_OUTDIR, date: process.env.SUPPORT_CHECK_DATE, argv: process.argv };
    // As `npm run synth` runs it: the test runner's own arguments are not synth's.
    process.argv = [process.argv[0], 'build/main.js'];
    const errors: string[] = [];
    const err = jest.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line); });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => { throw new Error(`exit ${code}`); }) as never);
    try {
      process.env.CDK8S_OUTDIR = tempDir();
      process.env.SUPPORT_CHECK_DATE = '2026-12-03';
      cli();
      expect(exit).not.toHaveBeenCalled();
      const support = clusters.map((c) => clusterSupport(c, { name: c.name, components: renderCluster(c).components, files: [] }));
      expect(errors).toEqual(supportWarnings('2026-12-03', support));
      // Where each cluster's version is written, to the line.
      for (const c of support) {
        const [file, line] = c.declaredIn.split(':');
        expect(fs.readFileSync(file, 'utf8').split('\n')[Number(line) - 1]).toMatch(/^\s*kubernetesVersion: /);
      }
      // Promtail (past its end) is reported for the clusters that run it only; no cluster renders a
      // kubectl image, so no kubectl pin is reported.
      const promtail = clusters.filter((c) => c.logAgent?.agent === 'promtail' && c.components.includes('log-agent')).map((c) => c.name);
      expect(errors.filter((l) => l.includes('(promtail)'))).toEqual(promtail.length ? [expect.stringMatching(new RegExp(`; rendered for ${promtail.join(', ')}$`))] : []);
      expect(errors.filter((l) => l.includes('(kubectl1'))).toEqual([]);
      errors.length = 0;
      // Once every supported minor is past its end, each cluster is told to move, naming its field.
      process.env.SUPPORT_CHECK_DATE = '2030-01-01';
      cli();
      for (const c of support) {
        expect(errors.filter((l) => l.startsWith(`warning: cluster ${c.name} `))).toEqual([
          expect.stringMatching(new RegExp(`^warning: cluster ${c.name} declares kubernetesVersion ${c.kubernetesVersion.replace(/\./g, '\\.')} \\(${c.declaredIn}\\): Kubernetes 1\\.\\d+ is out of support since \\d{4}-\\d{2}-\\d{2} .*extend SUPPORTED_KUBERNETES_MINORS`)),
        ]);
      }
      errors.length = 0;
      process.env.SUPPORT_CHECK_DATE = '2024-01-01';
      cli();
      expect(errors).toEqual([]);
    } finally {
      err.mockRestore(); log.mockRestore(); exit.mockRestore();
      process.argv = saved.argv;
      for (const [k, v] of [['CDK8S_OUTDIR', saved.out], ['SUPPORT_CHECK_DATE', saved.date]] as const) {
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
      }
    }
  });
});
