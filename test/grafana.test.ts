import { parse } from 'yaml';
import { homelab } from './fixtures/homelab';
import { buildCluster, renderCluster } from '../charts/stack';
import { roleMapping } from '../charts/grafana/grafana-config';
import { dashboardFolders } from '../charts/grafana/dashboard-volumes';
import { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';
import { referenceCluster } from './support/reference';

const cluster = referenceCluster();
const obj = (file: string) => parse(cluster.files.get(file)!);
const ini = obj('grafana/configmap-grafana.yaml').data['grafana.ini'] as string;
const deploy = obj('grafana/deployment-grafana.yaml');
const container = deploy.spec.template.spec.containers[0];

describe('Grafana', () => {
  test('signs in through Dex with URLs derived from the issuer', () => {
    expect(ini).toContain('auth_url = https://dex.lab.example.net/auth');
    expect(ini).toContain('token_url = https://dex.lab.example.net/token');
    expect(ini).toContain('api_url = https://dex.lab.example.net/userinfo');
    expect(ini).toContain('scopes = openid profile email groups');
    expect(ini).toContain('client_id = grafana');
  });
  test('maps Dex groups to roles and turns the login form off', () => {
    expect(ini).toContain("role_attribute_path = (contains(groups[*], 'homelab-admins')) && 'Admin' || (contains(groups[*], 'homelab-editors')) && 'Editor' || 'Viewer'");
    expect(ini).toContain('disable_login_form = true');
    expect(ini).toContain('root_url = https://grafana.lab.example.net/');
  });
  test('keeps the plugins the image bundles: no auto-update on a read-only root filesystem', () => {
    // Section by section, as Grafana reads grafana.ini (a key outside [plugins] would be ignored).
    const sections = new Map<string, Map<string, string>>();
    let current = '';
    for (const line of ini.split('\n').map((l) => l.trim())) {
      const header = /^\[(.+)\]$/.exec(line);
      if (header) { current = header[1]; sections.set(current, sections.get(current) ?? new Map()); continue; }
      const kv = /^([a-z_.]+)\s*=\s*(.*)$/.exec(line);
      if (kv) sections.get(current)!.set(kv[1], kv[2]);
    }
    expect(sections.get('plugins')?.get('preinstall_auto_update')).toBe('false');
    // The setting matters because the root filesystem is read-only, and no variable overrides it.
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.env.map((e: { name: string }) => e.name)).not.toContain('GF_PLUGINS_PREINSTALL_AUTO_UPDATE');
  });
  test('keeps the login form without SSO', () => {
    const { dex: _dex, ...noSso } = homelab.grafana;
    const out = renderCluster({ ...homelab, grafana: noSso });
    const plain = parse(out.files.get('grafana/configmap-grafana.yaml')!).data['grafana.ini'];
    expect(plain).not.toContain('disable_login_form');
    expect(plain).not.toContain('generic_oauth');
  });
  test('takes the admin and OAuth secrets from Secrets', () => {
    expect(container.env).toEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-user' } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } } },
      { name: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'grafana-oauth', key: 'client-secret' } } },
    ]);
  });
  test('provisions Prometheus, Loki (through the gateway, with the tenant) and Alertmanager with stable uids', () => {
    const ds = parse(obj('grafana/configmap-grafana-provisioning.yaml').data['datasources.yaml']).datasources;
    expect(ds.map((d: { uid: string; url: string }) => [d.uid, d.url])).toEqual([
      ['prometheus', 'http://prometheus.monitoring.svc:9090'],
      ['loki', 'http://loki-gateway.logging.svc'],
      ['alertmanager', 'http://alertmanager.monitoring.svc:9093'],
    ]);
    expect(ds[1].secureJsonData).toEqual({ httpHeaderValue1: 'homelab' });
    expect(ds[2].jsonData.implementation).toBe('prometheus');
  });
  test('loads every dashboard ConfigMap into its folder: a real directory per folder, no nested paths', () => {
    const spec = deploy.spec.template.spec;
    const volumes = spec.volumes.filter((v: { name: string }) => v.name.startsWith('dashboards-'));
    const sources = volumes.flatMap((v: { projected: { sources: unknown[] } }) => v.projected.sources);
    const dashboards = [...cluster.files.keys()].filter((f) => /\/configmap-dashboard-/.test(f));
    expect(sources).toHaveLength(dashboards.length);
    // The kubelet links nested item paths in as symlinked directories, which Grafana does not walk.
    for (const s of sources as { configMap: { optional: boolean; items: { path: string }[] } }[]) {
      expect(s.configMap.optional).toBe(true);
      for (const item of s.configMap.items) expect(item.path).not.toContain('/');
    }
    expect(volumes.find((v: { name: string }) => v.name === 'dashboards-cluster').projected.sources)
      .toEqual([
        { configMap: { name: 'dashboard-cluster-overview', optional: true, items: [{ key: 'cluster-overview.json', path: 'cluster-overview.json' }] } },
        { configMap: { name: 'dashboard-node', optional: true, items: [{ key: 'node.json', path: 'node.json' }] } },
      ]);
    const mounts = container.volumeMounts.filter((m: { name: string }) => m.name.startsWith('dashboards-'));
    // One directory per folder of the cluster's dashboards (the stack's and its extensions').
    const folders = [...new Set(GrafanaDashboard.all(buildCluster(homelab).app).map((d) => d.folder))].sort();
    expect(folders).toEqual(expect.arrayContaining(['Applications', 'Cluster', 'Data services', 'Kubernetes', 'Logs', 'Monitoring', 'Network']));
    expect(mounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(folders.map((f) => `/etc/grafana/dashboards/${f}`));
    const provider = parse(obj('grafana/configmap-grafana-provisioning.yaml').data['dashboards.yaml']).providers[0];
    expect(provider.options).toEqual({ path: '/etc/grafana/dashboards', foldersFromFilesStructure: true });
  });
  test('folders whose volume names would collide are rejected', () => {
    const d = (uid: string, folder: string) => ({ uid, folder, configMapName: `dashboard-${uid}` }) as GrafanaDashboard;
    expect(() => dashboardFolders([d('a', 'Data services'), d('b', 'data-services')], 'grafana'))
      .toThrow('grafana: dashboard folders = ["Data services","data-services"] is not valid; expected folder names that differ in more than case and punctuation');
  });
  test('runs as uid 472 with a read-only root filesystem and no API token', () => {
    expect(deploy.spec.template.spec.securityContext.runAsUser).toBe(472);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(deploy.spec.template.spec.automountServiceAccountToken).toBe(false);
  });
  test('is served on its hostname with TLS', () => {
    const ingress = obj('grafana/ingress-grafana.yaml');
    expect(ingress.spec.rules[0].host).toBe('grafana.lab.example.net');
    expect(ingress.spec.tls).toEqual([{ hosts: ['grafana.lab.example.net'], secretName: 'grafana-tls' }]);
  });
  test('uses an external database when configured, its password from a Secret', () => {
    const out = renderCluster({ ...homelab, grafana: { ...homelab.grafana, database: { type: 'postgres', host: 'postgres.data.svc:5432', name: 'grafana', user: 'grafana', password: { name: 'grafana-db', key: 'password' } } } });
    const env = parse(out.files.get('grafana/deployment-grafana.yaml')!).spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'GF_DATABASE_TYPE', value: 'postgres' });
    expect(env).toContainEqual({ name: 'GF_DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-db', key: 'password' } } });
    expect(env).toContainEqual({ name: 'GF_DATABASE_SSL_MODE', value: 'require' });
    expect(() => renderCluster({ ...homelab, grafana: { ...homelab.grafana, database: { type: 'postgres', host: 'postgres', name: 'g', user: 'g', password: { name: 'x', key: 'y' } } } }))
      .toThrow('config/homelab/grafana: database.host = "postgres" is not valid; expected host:port');
  });
  test('its host name defaults to grafana.<domain>, for the Ingress, root_url and Robusta\'s links', () => {
    const out = renderCluster({ ...homelab, domain: 'staging.example.net' });
    expect(parse(out.files.get('grafana/ingress-grafana.yaml')!).spec.rules[0].host).toBe('grafana.staging.example.net');
    expect(parse(out.files.get('grafana/configmap-grafana.yaml')!).data['grafana.ini']).toContain('root_url = https://grafana.staging.example.net/');
    expect(out.files.get('robusta/configmap-robusta-runner.yaml')).toContain('grafana_url: https://grafana.staging.example.net');
    const named = renderCluster({ ...homelab, grafana: { ...homelab.grafana, hostname: 'dash.example.org' } });
    expect(parse(named.files.get('grafana/ingress-grafana.yaml')!).spec.rules[0].host).toBe('dash.example.org');
  });
  test('role mapping with no groups leaves everyone a Viewer', () => {
    expect(roleMapping([], [])).toBe("'Viewer'");
  });
  test('an http Dex issuer is rejected', () => {
    expect(() => renderCluster({ ...homelab, grafana: { ...homelab.grafana, dex: { ...homelab.grafana.dex!, issuer: 'http://dex' } } }))
      .toThrow('config/homelab/grafana: dex.issuer = "http://dex" is not valid; expected an absolute URL (https)');
  });
});

describe('trace links, when a tracing backend is configured', () => {
  const traces = { type: 'tempo', url: 'http://tempo.tracing.svc.cluster.local:3200' } as const;
  const out = renderCluster({ ...homelab, traces });
  const ds = parse(parse(out.files.get('grafana/configmap-grafana-provisioning.yaml')!).data['datasources.yaml']).datasources;
  const byUid = (uid: string) => ds.find((d: { uid: string }) => d.uid === uid);

  test('provisions the backend as a datasource whose spans link to the pods\' logs', () => {
    expect(byUid('traces')).toMatchObject({ type: 'tempo', url: traces.url, jsonData: { tracesToLogsV2: { datasourceUid: 'loki', filterByTraceID: true } } });
    expect(byUid('traces').jsonData.tracesToLogsV2.tags).toEqual([{ key: 'k8s.namespace.name', value: 'namespace' }, { key: 'k8s.pod.name', value: 'pod' }]);
  });
  test('links trace IDs in log lines, escaping "$" from Grafana\'s variable expansion', () => {
    const [field] = byUid('loki').jsonData.derivedFields;
    expect(field).toEqual({ name: 'TraceID', matcherRegex: '(?:traceID|traceId|trace_id)"?[=:]\\s*"?(\\w+)', datasourceUid: 'traces', url: '$${__value.raw}' });
    const re = new RegExp(field.matcherRegex);
    for (const line of ['level=info traceID=4bf92f3577b34da6 msg=ok', '{"trace_id":"4bf92f3577b34da6","msg":"ok"}', 'traceId: 4bf92f3577b34da6']) {
      expect(re.exec(line)?.[1]).toBe('4bf92f3577b34da6');
    }
    const anchored = renderCluster({ ...homelab, traces: { ...traces, logTraceIdPattern: 'trace=(\\w+)$' } });
    const loki = parse(parse(anchored.files.get('grafana/configmap-grafana-provisioning.yaml')!).data['datasources.yaml']).datasources[1];
    expect(loki.jsonData.derivedFields[0].matcherRegex).toBe('trace=(\\w+)$$');
  });
  test('links exemplars to traces, and Prometheus stores them', () => {
    expect(byUid('prometheus').jsonData.exemplarTraceIdDestinations).toEqual([{ name: 'trace_id', datasourceUid: 'traces' }]);
    const prom = parse(out.files.get('prometheus/prometheus-prometheus.yaml')!);
    expect(prom.spec.enableFeatures).toEqual(['exemplar-storage']);
    expect(prom.spec.exemplars).toEqual({ maxSize: 100000 });
  });
  test('are absent without a backend', () => {
    const plain = parse(obj('grafana/configmap-grafana-provisioning.yaml').data['datasources.yaml']).datasources;
    expect(plain.map((d: { uid: string }) => d.uid)).not.toContain('traces');
    expect(plain[1].jsonData.derivedFields).toBeUndefined();
    expect(obj('prometheus/prometheus-prometheus.yaml').spec.enableFeatures).toBeUndefined();
  });
  test('a pattern without exactly one capture group, or not a regex, is rejected', () => {
    for (const logTraceIdPattern of ['traceID=\\w+', '(a)(b)', 'trace=(']) {
      expect(() => renderCluster({ ...homelab, traces: { ...traces, logTraceIdPattern } }))
        .toThrow(`config/homelab: traces.logTraceIdPattern = ${JSON.stringify(logTraceIdPattern)} is not valid; expected a JavaScript regular expression with exactly one capture group, the trace ID`);
    }
  });
  test('an unknown backend type, a bad URL or a bad exemplar label is rejected', () => {
    expect(() => renderCluster({ ...homelab, traces: { ...traces, type: 'xray' as 'tempo' } })).toThrow('config/homelab: traces.type = "xray" is not valid');
    expect(() => renderCluster({ ...homelab, traces: { ...traces, url: 'tempo:3200' } })).toThrow('config/homelab: traces.url = "tempo:3200" is not valid');
    expect(() => renderCluster({ ...homelab, traces: { ...traces, exemplarLabel: 'trace-id' } })).toThrow('config/homelab: traces.exemplarLabel = "trace-id" is not valid');
  });
});
