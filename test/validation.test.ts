import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Lazy, Testing } from 'cdk8s';
import { StackValidationError, unwrapSerializationError } from '../lib/core/errors';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { checkClusters, ClusterConfig, clusters } from '../config';
import { synth } from '../main';
import { renderCluster } from '../charts/stack';
import { CRDS_UNIT } from '../charts/gitops/phases';
import { Component, SyncPhase } from '../lib/core/component';
import { ObservedService, ObservedServiceProps } from '../lib/monitoring/observed-service';
import { GrafanaDashboard, GrafanaDashboardProps } from '../lib/dashboards/grafana-dashboard';
import { NotificationPolicyConfig } from '../lib/alerting/alertmanager-config';
import { NotificationPolicy } from '../lib/alerting/routing';
import { listFiles } from '../lib/render/write';
import { secondCluster, tempDir } from './support/reference';
import { addLogPipeline } from '../examples/add-your-service';

/**
 * Every class of bad input is refused by synth with the field the user wrote, and dist/ stays as
 * it was; every class of good input that looks unusual is accepted.
 */

const SECRET = 'xoxb-0000-NEVER-PRINT-ME';
const withChanges = (changes: Partial<ClusterConfig>): ClusterConfig => ({ ...homelab, ...changes });
const withExtension = (extension: (scope: Construct) => Component): ClusterConfig => withChanges({ extensions: [extension] });
const shop = (scope: Construct, phase: SyncPhase = 'resources') => new Component(scope, 'shop', { namespace: 'shop', phase });
const dashboard = (uid: string, folder = 'Shop'): GrafanaDashboardProps => ({
  uid, title: `Dashboard ${uid}`, folder,
  datasources: { prometheus: 'prometheus', loki: 'loki' },
  panels: [{ title: 'Up', queries: [{ expr: 'sum(up{job="orders-api"})' }] }],
});
const service = (props: Partial<ObservedServiceProps> = {}): ObservedServiceProps => ({
  name: 'orders-api', selector: { 'app.kubernetes.io/name': 'orders-api' }, port: 'metrics', ...props,
});
const email = homelab.notifications.email!;

// One rendered dist/ that every refused synth below must leave byte for byte as it is.
let outdir: string;
let before: [string, string][];
const snapshot = () => listFiles(outdir).map((f): [string, string] => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]);
beforeAll(() => {
  outdir = tempDir();
  synth({ outdir, clusters: [homelab] });
  before = snapshot();
});

/** Synth refuses `clusters` with a message matching every pattern, and dist/ is untouched. */
function refused(clusters: ClusterConfig[], ...patterns: (RegExp | string)[]): string {
  let message = '';
  try {
    synth({ outdir, clusters });
  } catch (err) {
    message = err instanceof Error ? err.message : String(err);
  }
  expect(message).not.toBe('');
  for (const p of patterns) expect(message).toMatch(p);
  expect(message).not.toMatch(/Failed serializing construct/);
  expect(snapshot()).toEqual(before);
  return message;
}

describe('names that break later', () => {
  test('a cluster name too long for "<cluster>-<component>" is refused at name', () => {
    const name = 'a'.repeat(39);
    refused([secondCluster(name)], `config/${name}: name = "${name}" is not valid; expected at most 38 characters, so that "<name>-prometheus-operator-crds"`);
  });
  test('the longest unit name the limit is computed from is the CRDs unit', () => {
    // 38 + "-" + "prometheus-operator-crds" is exactly 63.
    expect(38 + 1 + CRDS_UNIT.name.length).toBe(63);
  });
  test('an extension id too long with the cluster name is refused at the component', () => {
    const id = 'a'.repeat(56);
    refused([withExtension((scope) => new Component(scope, id, { namespace: 'shop', phase: 'resources' }))],
      `${id}: component id = "${id}" is not valid; expected at most 55 characters in cluster homelab`);
  });
  test('the configured clusters pass the checks across clusters', () => {
    expect(() => checkClusters(clusters)).not.toThrow();
  });
  test('two clusters of one name are refused', () => {
    refused([homelab, secondCluster('homelab')], 'config/homelab: name = "homelab" is not valid; expected a cluster name no other cluster uses (cluster homelab has it too)');
  });
  test('two clusters sharing a Loki bucket are refused, the S3 host compared by meaning (case, scheme, default port)', () => {
    const external = (endpoint: string) => ({ ...homelab.loki, s3: { ...homelab.loki.s3, endpoint } });
    refused([withChanges({ loki: external('https://s3.example.net') }), secondCluster('lab2', { loki: external('HTTPS://S3.Example.NET:443/') })],
      'config/lab2: loki.s3.buckets.chunks = "loki-chunks" is not valid; expected a Loki bucket no other cluster uses (cluster homelab has it too)');
    refused([withChanges({ loki: external('http://s3.example.net:80') }), secondCluster('lab2', { loki: external('http://S3.example.net') })],
      'config/lab2: loki.s3.buckets.chunks = "loki-chunks" is not valid');
  });
  test("two clusters each on its own in-cluster Garage may use one bucket name: nothing is shared", () => {
    const lab2 = secondCluster('lab2', { loki: homelab.loki });
    expect(homelab.loki.s3.endpoint).toMatch(/\.svc\.cluster\.local:/);
    expect(() => checkClusters([homelab, lab2])).not.toThrow();
  });
  test('two clusters sharing a Dex client are refused', () => {
    refused([homelab, secondCluster('lab2', { grafana: homelab.grafana })], 'config/lab2: grafana.dex.clientId = "grafana" is not valid; expected a Dex client (issuer and clientId) no other cluster uses');
  });
  test('an ObservedService name must start with a letter (it names a Service and alerts)', () => {
    refused([withExtension((scope) => { const c = shop(scope); new ObservedService(c, 'orders', service({ name: '3d-api' })); return c; })],
      'shop/orders: name = "3d-api" is not valid; expected a name starting with a letter');
  });
});

describe('values Kubernetes or the programs refuse', () => {
  test.each<[string, Record<string, string>, string]>([
    ['a key with a space', { 'app name': 'x' }, 'selector key = "app name"'],
    ['a value with a quote', { app: 'a"b' }, 'selector["app"] = "a\\"b"'],
    ['a value with a newline', { app: 'a\nb' }, 'selector["app"] = "a\\nb"'],
    ['a value too long', { app: 'v'.repeat(64) }, 'selector["app"]'],
  ])('a label selector with %s is refused', (_name, selector, field) => {
    refused([withExtension((scope) => { const c = shop(scope); new ObservedService(c, 'orders', service({ selector })); return c; })], `shop/orders: ${field}`);
    refused([withChanges({ dataServices: { postgresql: { ...homelab.dataServices!.postgresql!, selector } } })], `config/homelab: dataServices.postgresql.${field}`);
  });
  test('a data service namespace Kubernetes refuses is refused at its config field', () => {
    refused([withChanges({ dataServices: { postgresql: { ...homelab.dataServices!.postgresql!, namespace: 'Data' } } })],
      'config/homelab: dataServices.postgresql.namespace = "Data" is not valid; expected a DNS label');
  });
  test('an unknown component phase is refused', () => {
    refused([withExtension((scope) => new Component(scope, 'shop', { namespace: 'shop', phase: 'workload' as SyncPhase }))],
      'shop: phase = "workload" is not valid; expected one of "foundation", "operators", "workloads", "resources"');
  });
  test('an e-mail smarthost without a port is refused', () => {
    refused([withChanges({ notifications: { ...homelab.notifications, email: { ...email, smarthost: 'smtp.lab.example.net' } } })],
      'config/homelab: notifications.email.smarthost = "smtp.lab.example.net" is not valid; expected host:port');
  });
  test.each([['to', 'ops at example.net'], ['from', 'alertmanager@'], ['to', 'ops@lab.example.net, nobody']])('an invalid e-mail %s address is refused', (field, address) => {
    refused([withChanges({ notifications: { ...homelab.notifications, email: { ...email, [field]: address } } })],
      `config/homelab: notifications.email.${field} = ${JSON.stringify(address)} is not valid; expected`);
  });
  test.each(['#Homelab Alerts', 'alerts!', `#${'a'.repeat(81)}`])('the Slack channel %j is refused', (channel) => {
    refused([withChanges({ notifications: { ...homelab.notifications, slack: { ...homelab.notifications.slack!, channel } } })],
      `config/homelab: notifications.slack.channel = ${JSON.stringify(channel)} is not valid; expected a Slack channel`);
  });
  test('a Robusta Slack sink channel Slack refuses is refused', () => {
    const sinks = [{ ...homelab.robusta!.sinks[0], channel: 'Homelab Alerts' }];
    refused([withChanges({ robusta: { ...homelab.robusta!, sinks } })], 'robusta/robusta: sinks[0].channel = "Homelab Alerts" is not valid; expected a Slack channel');
  });
  test('a library NotificationPolicyConfig checks its receivers the same way', () => {
    const policy: NotificationPolicy = {
      route: { receiver: 'mail' },
      receivers: [{ name: 'mail', email: [{ to: 'ops@example.org', from: 'am@example.org', smarthost: 'smtp.example.org' }] }],
      inhibitRules: [],
    };
    expect(() => new NotificationPolicyConfig(Testing.chart(), 'policy', { name: 'main', namespace: 'monitoring', policy }))
      .toThrow('policy: policy.receivers[0].email[0].smarthost = "smtp.example.org" is not valid; expected host:port');
  });
});

describe('the field named is the field the user wrote', () => {
  test('Secret references name their full path: grafana.adminSecret.name', () => {
    refused([withChanges({ grafana: { ...homelab.grafana, adminSecret: { ...homelab.grafana.adminSecret, name: 'Grafana Admin' } } })],
      'config/homelab: grafana.adminSecret.name = "Grafana Admin" is not valid');
  });
  test('Secret references name their full path: auth.bearerToken of an ObservedService', () => {
    refused([withExtension((scope) => {
      const c = shop(scope);
      new ObservedService(c, 'orders', service({ auth: { bearerToken: { name: 'orders', key: 'bad key' } } }));
      return c;
    })], 'shop/orders: auth.bearerToken.key = "bad key" is not valid');
  });
  test('Secret references name their full path: dataServices.<name>.auth in the config', () => {
    const trino = homelab.dataServices!.trino!;
    refused([withChanges({ dataServices: { ...homelab.dataServices, trino: { ...trino, auth: { ...trino.auth, basicAuth: { ...trino.auth!.basicAuth!, password: { name: 'Trino', key: 'password' } } } } } })],
      'config/homelab: dataServices.trino.auth.basicAuth.password.name = "Trino" is not valid');
  });
  test('an error in a generated rule names the prop that produced it (errorExample)', () => {
    refused([withExtension((scope) => {
      const c = shop(scope);
      new ObservedService(c, 'orders', service({ alerts: { errorRate: { metric: 'http_requests_total', errorRegex: 'x.y', errorExample: 'x"y' } } }));
      return c;
    })], 'shop/orders: alerts.errorRate.errorExample = "x\\"y" is not valid', /in the rule OrdersApiHighErrorRate generated from alerts\.errorRate\.errorExample/);
  });
  test('an error in a rule written by hand names its prop (alerts.extra[0]), not the generated group', () => {
    refused([withExtension((scope) => {
      const c = shop(scope);
      new ObservedService(c, 'orders', service({ alerts: { extra: [{ alert: 'lowercase', expr: 'up == 0', severity: 'warning', summary: 's', description: 'd' }] } }));
      return c;
    })], 'shop/orders: alerts.extra[0].alert = "lowercase" is not valid');
  });
  test('a dashboard uid clash after normalisation names both uids, unwrapped', () => {
    refused([withExtension((scope) => {
      const c = shop(scope);
      new GrafanaDashboard(c, 'one', dashboard('a_b'));
      new GrafanaDashboard(c, 'two', dashboard('a-b'));
      return c;
    })], /shop\/(one|two): uid = "a[-_]b" is not valid; expected a uid no other dashboard has once lowercased with "_" as "-": uid "a[-_]b" of shop\/(one|two) renders ConfigMap dashboard-a-b too/);
  });
  test('a construct created outside a Component is named, with what to do', () => {
    refused([withChanges({ extensions: [(scope) => { new ObservedService(scope, 'orders', service()); return shop(scope); }] })],
      'orders: scope = "orders" is not valid; expected a construct inside a Component: this ObservedService renders nowhere', /new Component\(app, 'shop'/);
  });
  test('a plain Chart an extension adds at the top is refused (nothing would render it)', () => {
    refused([withChanges({ extensions: [(scope) => { new Chart(scope, 'loose'); return shop(scope); }] })],
      'config/homelab: extensions[0] = "loose" is not valid; expected constructs inside a Component: "loose" (a Chart)');
  });
});

describe('never echo a secret', () => {
  const secretFree = (message: string) => {
    expect(message).not.toContain(SECRET);
    expect(message).toMatch(/literal|password in it/);
  };
  test('a literal webhook URL where a Secret reference belongs', () => {
    secretFree(refused([withChanges({ notifications: { ...homelab.notifications, slack: { channel: '#a', webhookUrl: `https://hooks.slack.com/services/${SECRET}` as never } } })],
      'config/homelab: notifications.slack.webhookUrl = (a literal string was given, not shown)'));
  });
  test('a literal in the Grafana admin Secret', () => {
    secretFree(refused([withChanges({ grafana: { ...homelab.grafana, adminSecret: SECRET as never } })], 'config/homelab: grafana.adminSecret = (a literal string was given, not shown)'));
  });
  test('a literal bearer token of a data service', () => {
    const trino = homelab.dataServices!.trino!;
    secretFree(refused([withChanges({ dataServices: { ...homelab.dataServices, trino: { ...trino, auth: { bearerToken: SECRET as never } } } })],
      'config/homelab: dataServices.trino.auth.bearerToken = (a literal string was given, not shown)'));
  });
  test('a literal bearer token of an ObservedService', () => {
    secretFree(refused([withExtension((scope) => { const c = shop(scope); new ObservedService(c, 'orders', service({ auth: { bearerToken: SECRET as never } })); return c; })],
      'shop/orders: auth.bearerToken = (a literal string was given, not shown)'));
  });
  test('a value beside the name and key of a Secret reference', () => {
    // Refused as a key the type does not declare, whose value is never printed.
    expect(refused([withChanges({ loki: { ...homelab.loki, s3: { ...homelab.loki.s3, secretAccessKey: { name: 'loki-s3', value: SECRET } as never } } })],
      'config/homelab: loki.s3.secretAccessKey.value = (unknown key, value not shown)', /loki\.s3\.secretAccessKey takes "key", "name"/)).not.toContain(SECRET);
  });
  test('a password in the repository URL', () => {
    secretFree(refused([withChanges({ gitops: { repoURL: `https://me:${SECRET}@github.com/me/repo.git` } })],
      'config/homelab: gitops.repoURL = (a URL with a password in it was given, not shown) is not valid; expected a URL without credentials'));
  });
});

describe('control plane replicas', () => {
  test('a replica count that is not a whole number above 0 names the field', () => {
    expect(() => renderCluster(withChanges({ controlPlane: { apiServers: 0 } }))).toThrow('config/homelab: controlPlane.apiServers = 0 is not valid; expected a whole number greater than 0');
    expect(() => renderCluster(withChanges({ controlPlane: { corednsReplicas: 1.5 } }))).toThrow('config/homelab: controlPlane.corednsReplicas = 1.5 is not valid');
  });
  test('three API servers: one down warns, two down page', () => {
    const rules = parse(renderCluster(withChanges({ controlPlane: { apiServers: 3 } })).files.get('kubernetes-monitors/prometheusrule-kubernetes-components.yaml')!).spec.groups[0].rules as { alert: string; expr: string; labels: { severity: string } }[];
    expect(rules.filter((r) => r.alert === 'ApiserverTargetDown').map((r) => [r.labels.severity, r.expr])).toEqual([
      ['warning', 'up{job="apiserver"} == 0'], ['critical', '(sum(up{job="apiserver"}) or vector(0)) <= 1'],
    ]);
  });
});

describe('no false refusals', () => {
  test("Prometheus' binary units: retentionSize 40GiB", () => {
    const files = renderCluster(withChanges({ prometheus: { ...homelab.prometheus, retentionSize: '40GiB', storageSize: '50Gi' } })).files;
    expect(parse(files.get('prometheus/prometheus-prometheus.yaml')!).spec.retentionSize).toBe('40GiB');
  });
  test('Prometheus sizes with a fraction, and still at most 85% of the volume', () => {
    expect(() => renderCluster(withChanges({ prometheus: { retentionSize: '1.5TB', storageSize: '2Ti' } }))).not.toThrow();
    expect(() => renderCluster(withChanges({ prometheus: { retentionSize: '45GiB', storageSize: '50Gi' } }))).toThrow(/at most 85% of storageSize/);
  });
  test('non-ASCII dashboard folder titles get safe, distinct volume names', () => {
    const files = renderCluster(withExtension((scope) => {
      const c = shop(scope);
      new GrafanaDashboard(c, 'de', dashboard('shop-de', 'Überwachung'));
      new GrafanaDashboard(c, 'ja', dashboard('shop-ja', '監視'));
      new GrafanaDashboard(c, 'zh', dashboard('shop-zh', '监控'));
      return c;
    })).files;
    const pod = parse(files.get('grafana/deployment-grafana.yaml')!).spec.template.spec;
    const volumes = pod.volumes.filter((v: { name: string }) => v.name.startsWith('dashboards-')).map((v: { name: string }) => v.name);
    for (const v of volumes) expect(v).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(new Set(volumes).size).toBe(volumes.length);
    const mounts = pod.containers[0].volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/etc/grafana/dashboards/Überwachung', '/etc/grafana/dashboards/監視', '/etc/grafana/dashboards/监控']));
  });
  test('a folder title with "/" or a leading "." is still refused (it is a directory name)', () => {
    expect(() => new GrafanaDashboard(Testing.chart(), 'd', dashboard('x', 'a/b'))).toThrow(/folder = "a\/b" is not valid/);
    expect(() => new GrafanaDashboard(Testing.chart(), 'd', dashboard('x', '..'))).toThrow(/folder = "\.\." is not valid/);
  });
  test('a Slack channel ID, a named sender, an IPv6 smarthost', () => {
    const files = renderCluster(withChanges({
      notifications: {
        ...homelab.notifications,
        slack: { ...homelab.notifications.slack!, channel: 'C0123ABCDEF' },
        email: { ...email, from: 'Alertmanager <alertmanager@lab.example.net>', to: 'ops@lab.example.net,oncall@lab.example.net', smarthost: '[2001:db8::25]:587' },
      },
    })).files;
    const text = files.get('alertmanager/alertmanagerconfig-alertmanager.yaml') ?? [...files.entries()].find(([f]) => f.startsWith('alertmanager/alertmanagerconfig-'))![1];
    expect(text).toContain('channel: C0123ABCDEF');
    expect(text).toContain('smarthost: "[2001:db8::25]:587"');
  });
});

describe('a LogPipeline in an extension', () => {
  test('is refused on a cluster whose log-agent component runs one, pointing at logAgent.stageGroups', () => {
    refused([withExtension(addLogPipeline)], 'logs/agent: LogPipeline = "alloy" is not valid; expected no LogPipeline in an extension of cluster homelab', /logAgent: \{ stageGroups:/);
  });
  test('renders on a cluster without the log-agent component', () => {
    const files = renderCluster(withChanges({ components: homelab.components.filter((c) => c !== 'log-agent'), extensions: [addLogPipeline] })).files;
    expect([...files.keys()].filter((f) => f.startsWith('logs/'))).toContain('logs/daemonset-alloy.yaml');
  });
});

describe('errors raised while cdk8s serializes', () => {
  const lazyFailure = (error: Error) => {
    const chart = Testing.chart();
    new ApiObject(chart, 'obj', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: Lazy.any({ produce: () => { throw error; } }) } as never);
    try {
      chart.toJson();
    } catch (err) {
      return unwrapSerializationError(err);
    }
    throw new Error('serialization did not fail');
  };
  test('a StackValidationError comes back as itself', () => {
    const error = new StackValidationError('shop/board', 'uid', 'a_b', 'a uid no other dashboard has');
    expect(lazyFailure(error)).toBe(error);
  });
  test('any other error comes back with its own message, unwrapped', () => {
    const unwrapped = lazyFailure(new TypeError('boom')) as Error;
    expect(unwrapped.message).toBe('boom');
  });
});
