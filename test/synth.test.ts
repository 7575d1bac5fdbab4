import * as fs from 'fs';
import * as path from 'path';
import { homelab } from './fixtures/homelab';
import { ClusterConfig } from '../config';
import { selectedClusters, synth } from '../main';
import { clusters } from '../config';
import { renderCluster } from '../charts/stack';
import { listFiles } from '../lib/render/write';
import { Manifest } from '../lib/render/collect';
import { CLUSTER_SCOPED_KINDS } from '../lib/render/cluster-scoped';
import { parse } from 'yaml';
import { secondCluster, tempDir } from './support/reference';
import { Construct } from 'constructs';
import { Component } from '../lib/core/component';
import { ObservedService } from '../lib/monitoring/observed-service';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';

const withChanges = (changes: Partial<ClusterConfig>): ClusterConfig => ({ ...homelab, ...changes });

describe('synth', () => {
  test('renders each configured cluster to its own folder', () => {
    const dir = tempDir();
    synth({ outdir: dir, clusters: [homelab, secondCluster('lab2')] });
    expect(fs.readdirSync(dir).sort()).toEqual(['homelab', 'lab2']);
    expect(fs.readFileSync(path.join(dir, 'lab2/argocd/application-lab2.yaml'), 'utf8')).toContain('path: dist/lab2/argocd');
  });

  test('removing a component from the config removes its files', () => {
    const dir = tempDir();
    synth({ outdir: dir, clusters: [homelab] });
    const last = homelab.components[homelab.components.length - 1];
    expect(fs.existsSync(path.join(dir, 'homelab', last))).toBe(true);
    synth({ outdir: dir, clusters: [withChanges({ components: homelab.components.filter((c) => c !== last) })] });
    expect(fs.existsSync(path.join(dir, 'homelab', last))).toBe(false);
    expect(listFiles(path.join(dir, 'homelab')).some((f) => f.includes(`-${last}.yaml`))).toBe(false);
  });

  test('removing a cluster from the config removes its folder', () => {
    const dir = tempDir();
    synth({ outdir: dir, clusters: [homelab, secondCluster('lab2')] });
    synth({ outdir: dir, clusters: [homelab] });
    expect(fs.readdirSync(dir)).toEqual(['homelab']);
  });

  test('a run for some clusters only (--cluster) leaves the other clusters\' folders as they are', () => {
    const dir = tempDir();
    synth({ outdir: dir, clusters: [homelab, secondCluster('lab2')] });
    const lab2 = listFiles(path.join(dir, 'lab2'));
    const last = homelab.components[homelab.components.length - 1];
    synth({ outdir: dir, clusters: [withChanges({ components: homelab.components.filter((c) => c !== last) })], prune: false });
    expect(fs.readdirSync(dir).sort()).toEqual(['homelab', 'lab2']);
    expect(fs.existsSync(path.join(dir, 'homelab', last))).toBe(false);
    expect(listFiles(path.join(dir, 'lab2'))).toEqual(lab2);
  });

  test('--cluster picks configured clusters by name and refuses an unknown one, listing the configured', () => {
    expect(selectedClusters(undefined)).toBeUndefined();
    expect(selectedClusters([clusters[0].name])).toEqual([clusters[0]]);
    expect(() => selectedClusters(['nope'])).toThrow(`--cluster "nope": no such cluster in config/; configured: ${clusters.map((c) => c.name).join(', ')}`);
  });

  test('a failed synth leaves the previous output untouched', () => {
    const dir = tempDir();
    synth({ outdir: dir, clusters: [homelab] });
    const before = listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
    expect(() => synth({ outdir: dir, clusters: [homelab, secondCluster('Bad Name')] })).toThrow(/config\/Bad Name: name = "Bad Name" is not valid/);
    expect(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')])).toEqual(before);
  });
});

describe('cluster config validation', () => {
  test.each<[string, Partial<ClusterConfig>, RegExp]>([
    ['name', { name: 'Home_Lab' }, /name = "Home_Lab" is not valid; expected a DNS label/],
    ['nodeCount', { nodeCount: 0 }, /nodeCount = 0 is not valid; expected a whole number greater than 0/],
    ['unknown component', { components: ['namespaces', 'nagios' as never] }, /components = "nagios" is not valid; expected one of/],
    ['duplicate component', { components: ['namespaces', 'namespaces'] }, /expected each component listed once/],
    ['domain', { domain: 'not a domain' }, /domain = "not a domain" is not valid; expected a DNS domain/],
    ['storageClass', { storageClass: 'Fast SSD' }, /storageClass = "Fast SSD" is not valid/],
    ['repoURL', { gitops: { repoURL: 'github.com/x/y' } }, /gitops.repoURL = "github.com\/x\/y" is not valid; expected an absolute URL/],
    ['namespace', { namespaces: { monitoring: 'Monitoring' } }, /namespaces.monitoring = "Monitoring" is not valid/],
    ['scp-like repoURL', { gitops: { repoURL: 'git@github.com:me/repo.git' } }, /expected an absolute URL: https:\/\/host\/owner\/repo\.git, or ssh:\/\/git@host\/owner\/repo\.git/],
    ['Secret reference without a key', { notifications: { ...homelab.notifications, slack: { channel: '#a', webhookUrl: { name: 'am-slack' } as never } } },
      /config\/homelab: notifications\.slack\.webhookUrl = \{"name":"am-slack"\} is not valid; expected a Secret reference \{ name, key \}/],
    ['Secret reference given as a string', { grafana: { ...homelab.grafana, dex: { ...homelab.grafana.dex!, clientSecret: 'grafana-oauth' as never } } },
      /config\/homelab: grafana\.dex\.clientSecret = \(a literal string was given, not shown\) is not valid; expected a Secret reference/],
    ['volume size without a unit', { alertmanager: { storageSize: '2' } }, /config\/homelab\/alertmanager: storageSize = "2" is not valid; expected a volume size with a unit, at least 1Mi/],
  ])('rejects a bad %s with a message naming the field', (_name, change, message) => {
    expect(() => renderCluster(withChanges(change))).toThrow(message);
  });
  test('takes a StorageClass name with dots, as Kubernetes does', () => {
    const pvc = renderCluster(withChanges({ storageClass: 'ceph.rbd.csi' })).files.get('grafana/persistentvolumeclaim-grafana.yaml')!;
    expect(parse(pvc).spec.storageClassName).toBe('ceph.rbd.csi');
  });
});

describe('object ownership', () => {
  test('an object two components render is refused, naming both', () => {
    const clash = (scope: Construct) => {
      const chart = new Component(scope, 'team-rules', { namespace: 'monitoring', phase: 'resources' });
      new AlertRuleGroup(chart, 'rules', { name: 'kubernetes', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] });
      return chart;
    };
    expect(() => renderCluster(withChanges({ extensions: [clash] })))
      .toThrow('team-rules/rules: name = "kubernetes" is not valid; expected a name no other construct renders: kube-state-metrics/kubernetes-rules (AlertRuleGroup) renders PrometheusRule monitoring/kubernetes too; rename one of them');
  });
  test('an ObservedService and an AlertRuleGroup of one name (one PrometheusRule) are refused, naming both constructs', () => {
    const clash = (scope: Construct) => {
      const chart = new Component(scope, 'shop', { namespace: 'shop', phase: 'resources' });
      new ObservedService(chart, 'orders', { name: 'orders', selector: { app: 'orders' }, port: 'metrics' });
      new AlertRuleGroup(chart, 'orders-rules', { name: 'orders', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] });
      return chart;
    };
    expect(() => renderCluster(withChanges({ extensions: [clash] })))
      .toThrow('shop/orders-rules: name = "orders" is not valid; expected a name no other construct renders: shop/orders (ObservedService) renders PrometheusRule shop/orders too; rename one of them');
  });
});

describe('rendered objects', () => {
  const manifests = renderCluster(homelab).files;
  const objects: Manifest[] = [...manifests.entries()]
    .filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'))
    .map(([, content]) => parse(content));

  test('cluster-scoped objects carry no namespace; namespaced ones do', () => {
    for (const o of objects) {
      if (CLUSTER_SCOPED_KINDS.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else expect(`${o.kind}/${o.metadata.name}: ${o.metadata.namespace}`).toMatch(/: [a-z0-9-]+$/);
    }
  });

  test('namespaces carry Pod Security labels', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces.length).toBeGreaterThan(0);
    for (const ns of namespaces) {
      expect((ns.metadata.labels as Record<string, string>)['pod-security.kubernetes.io/enforce']).toMatch(/^(restricted|baseline|privileged)$/);
    }
  });
});

test('every object carries the recommended name and part-of labels', () => {
  const files = renderCluster(homelab).files;
  const missing = [...files.entries()]
    .filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'))
    .map(([f, c]) => [f, parse(c).metadata.labels ?? {}] as const)
    .filter(([, l]) => !l['app.kubernetes.io/name'] || l['app.kubernetes.io/part-of'] !== 'observability-stack')
    .map(([f]) => f);
  expect(missing).toEqual([]);
});

describe('cdk8s.yaml', () => {
  test('names each CRD import once, at its pinned upstream URL', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'cdk8s.yaml'), 'utf8');
    const imports = [...text.matchAll(/^\s*- ([a-z]+):=(\S+)$/gm)].map(([, name, source]) => ({ name, source }));
    expect(imports.map((i) => i.name).sort()).toEqual(['alertmanager', 'alertmanagerconfig', 'application', 'gitrepository', 'kustomization', 'podmonitor', 'probe', 'prometheus', 'prometheusrule', 'servicemonitor']);
    for (const i of imports) expect(i.source).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/v\d+\.\d+\.\d+\//);
    // The CLI empties its output folder before the app runs: never dist/.
    expect(text).toMatch(/^output: \.dist-cdk8s$/m);
  });
});
