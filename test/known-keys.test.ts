import { execFileSync } from 'child_process';
import { App } from 'cdk8s';
import { homelab } from './fixtures/homelab';
import { datacenter } from './fixtures/datacenter';
import { ClusterConfig, resolveCluster } from '../config';
import { Component } from '../lib/core/component';
import { closestKey, unknownKeys } from '../lib/core/known-keys';
import { AlertRuleGroup } from '../lib/alerting/alert-rule-group';
import { ObservedService } from '../lib/monitoring/observed-service';
import { LogPipeline } from '../lib/logging/log-pipeline';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';

/** A config or props object with keys the types do not declare, as a JavaScript caller or a spread could give. */
const loose = <T>(value: unknown): T => value as T;
const chart = () => new Component(new App(), 'shop', { namespace: 'shop', phase: 'resources' });

describe('schemas/inputs.json', () => {
  test('is up to date with the TypeScript types it is generated from', () => {
    execFileSync(process.execPath, ['scripts/input-schema.mjs', '--check'], { stdio: 'pipe' });
  });
});

describe('unknown keys in a cluster config', () => {
  test('the reference configs have none', () => {
    expect(unknownKeys('ClusterConfig', homelab)).toEqual([]);
    expect(unknownKeys('ClusterConfig', datacenter)).toEqual([]);
  });
  test.each<[string, unknown, RegExp]>([
    ['a misspelt speed threshold', { speedtest: { minDownloadMbs: 50 } },
      /speedtest\.minDownloadMbs = \(unknown key, value not shown\) is not valid; expected a key that ClusterConfig declares \(did you mean speedtest\.minDownloadMbps\?\): speedtest takes "interval", "minDownloadMbps", "minUploadMbps"/],
    ['a key at the top level', { retention: '30d' }, /: retention = \(unknown key, value not shown\) is not valid; .*the top level takes .*"prometheus"/],
    ['a key in a list item', { robusta: { ...homelab.robusta, sinks: [{ ...homelab.robusta!.sinks[0], severity: ['HIGH'] }] } },
      /robusta\.sinks\[0\]\.severity = .*did you mean robusta\.sinks\[0\]\.severities\?/],
    ['a key in a Secret reference', { notifications: { ...homelab.notifications, slack: { channel: '#a', webhookUrl: { name: 's', keys: 'k' } } } },
      /notifications\.slack\.webhookUrl\.keys = .*did you mean notifications\.slack\.webhookUrl\.key\?/],
    ['a key of a label-less map entry', { dataServices: { postgres: { namespace: 'db', selector: {}, port: 'metrics' } } },
      /dataServices\.postgres = .*did you mean dataServices\.postgresql\?/],
  ])('%s is refused at synth, naming its path and the closest key', (_name, changes, message) => {
    expect(() => resolveCluster(loose<ClusterConfig>({ ...homelab, ...(changes as object) }))).toThrow(message);
  });
  test('a credential under an unknown key is never printed', () => {
    const config = loose<ClusterConfig>({ ...homelab, notifications: { ...homelab.notifications, slack: { channel: '#a', webhookURL: 'https://hooks.slack.com/xoxb-SECRET' } } });
    expect(() => resolveCluster(config)).toThrow(/webhookURL = \(unknown key, value not shown\).*did you mean notifications\.slack\.webhookUrl\?/);
    expect(() => resolveCluster(config)).not.toThrow(/SECRET/);
  });
  test('functions (extensions) and values of open maps are not keys to check', () => {
    expect(unknownKeys('ClusterConfig', { ...homelab, extensions: [() => undefined], dataServices: { airflow: { namespace: 'a', selector: { 'any/label': 'x' }, port: 'm' } } })).toEqual([]);
  });
});

describe('values of another type than declared', () => {
  test.each<[string, unknown, RegExp]>([
    ['a quoted boolean (the upload would turn on)', { thanos: { ...datacenter.thanos!, uploadExistingBlocks: 'false' } },
      /thanos\.uploadExistingBlocks = "false" is not valid; expected a boolean \(true or false\), not a string \(write false without quotes: the string "false" reads as true\)/],
    ['a quoted number', { nodeCount: '5' }, /: nodeCount = "5" is not valid; expected a number, not a string/],
    ['a number for a string', { domain: 42 }, /: domain = 42 is not valid; expected a string, not a number/],
    ['a string for a number in a list item', { nodeExporter: { textfileCollectors: [{ name: 'x', script: 'echo', intervalSeconds: '60' }] } },
      /nodeExporter\.textfileCollectors\[0\]\.intervalSeconds = "60" is not valid; expected a number, not a string/],
  ])('%s is refused at synth, naming its path', (_name, changes, message) => {
    expect(() => resolveCluster(loose<ClusterConfig>({ ...datacenter, ...(changes as object) }))).toThrow(message);
  });
  test('construct props too: ObservedService honorLabels as a string', () => {
    expect(() => new ObservedService(chart(), 'svc', loose({ name: 'shop', selector: { app: 'shop' }, port: 'metrics', honorLabels: 'true' })))
      .toThrow(/shop\/svc: honorLabels = "true" is not valid; expected a boolean \(true or false\), not a string/);
  });
});

describe('unknown keys in construct props', () => {
  test('AlertRuleGroup: a misspelt rule field, inside a union of alerting and recording rules', () => {
    expect(() => new AlertRuleGroup(chart(), 'rules', loose({
      name: 'shop', rules: [{ alert: 'ShopDown', expr: 'up == 0', severity: 'critical', summary: 's', descripton: 'd' }],
    }))).toThrow(/shop\/rules: rules\[0\]\.descripton = .*did you mean rules\[0\]\.description\?/);
  });
  test('ObservedService: a misspelt top-level prop', () => {
    expect(() => new ObservedService(chart(), 'svc', loose({ name: 'shop', selector: { app: 'shop' }, port: 'metrics', intervall: '30s' })))
      .toThrow(/shop\/svc: intervall = .*did you mean interval\?/);
  });
  test('LogPipeline and GrafanaDashboard refuse keys their props do not declare', () => {
    expect(() => new LogPipeline(chart(), 'logs', loose({ pushUrl: 'http://loki/loki/api/v1/push', tenant: 't', namepsace: 'x' })))
      .toThrow(/namepsace = .*did you mean namespace\?/);
    expect(() => new GrafanaDashboard(chart(), 'dash', loose({ uid: 'shop', title: 'Shop', panels: [], folderr: 'x' })))
      .toThrow(/folderr = .*did you mean folder\?/);
  });
  test('Component refuses a misspelt phase key', () => {
    expect(() => new Component(new App(), 'shop', loose({ namespace: 'shop', phase: 'resources', descripton: 'x' })))
      .toThrow(/descripton = .*did you mean description\?/);
  });
});

describe('closestKey', () => {
  test.each<[string, string[], string | undefined]>([
    ['minDownloadMbs', ['interval', 'minDownloadMbps'], 'minDownloadMbps'],
    ['retenton', ['retention', 'replicas'], 'retention'],
    ['repliacs', ['retention', 'replicas'], 'replicas'],
    ['zzz', ['retention', 'replicas'], undefined],
  ])('%s in %j is %s', (key, known, closest) => expect(closestKey(key, known)).toBe(closest));
});
