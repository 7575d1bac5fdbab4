import { stringify } from 'yaml';
import { ClusterContext } from '../../config';
import { DATASOURCE_UIDS, endpoints } from '../endpoints';
import { lokiTenant } from '../logging/loki';
import { exemplarTraceIdDestinations, lokiDerivedFields, tracesDatasource } from './traces';

export const DASHBOARDS_DIR = '/etc/grafana/dashboards';

/** A JMESPath expression mapping Dex groups to Grafana roles (first match wins). */
export function roleMapping(adminGroups: readonly string[], editorGroups: readonly string[]): string {
  const any = (groups: readonly string[]) => groups.map((g) => `contains(groups[*], '${g}')`).join(' || ');
  const parts: string[] = [];
  if (adminGroups.length) parts.push(`(${any(adminGroups)}) && 'Admin'`);
  if (editorGroups.length) parts.push(`(${any(editorGroups)}) && 'Editor'`);
  parts.push("'Viewer'");
  return parts.join(' || ');
}

/** grafana.ini: root URL, SSO through Dex (generic OAuth), no login form when SSO is on, bundled plugins kept. */
export function grafanaIni(ctx: ClusterContext): string {
  const g = ctx.config.grafana;
  const lines: string[] = [
    '[server]', `domain = ${ctx.grafanaHostname}`, `root_url = https://${ctx.grafanaHostname}/`, '',
    '[analytics]', 'reporting_enabled = false', 'check_for_updates = false', 'check_for_plugin_updates = false', '',
    '[security]', 'cookie_secure = true', 'disable_gravatar = true', '',
    '[users]', 'allow_sign_up = false', '',
    '[log]', 'mode = console', '',
    // Grafana 13 ships Prometheus, Loki and other datasources as bundled plugins and, by default,
    // replaces each one on boot when grafana.com has a newer release. The installer stops the
    // running plugin before it writes, fails on the read-only root filesystem and never loads it
    // again ("plugin not registered"): keep the plugins the pinned image bundles.
    '[plugins]', 'preinstall_auto_update = false', '',
  ];
  if (g.dex) {
    const issuer = g.dex.issuer.replace(/\/+$/, '');
    lines.push(
      '[auth]', 'disable_login_form = true', '',
      '[auth.generic_oauth]',
      'enabled = true',
      'auto_login = true',
      'name = Dex',
      `client_id = ${g.dex.clientId ?? 'grafana'}`,
      '; client_secret comes from GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET (a Secret)',
      'scopes = openid profile email groups',
      `auth_url = ${issuer}/auth`,
      `token_url = ${issuer}/token`,
      `api_url = ${issuer}/userinfo`,
      'use_pkce = true',
      'allow_sign_up = true',
      'login_attribute_path = preferred_username',
      'email_attribute_path = email',
      'groups_attribute_path = groups',
      `role_attribute_path = ${roleMapping(g.dex.adminGroups ?? [], g.dex.editorGroups ?? [])}`,
      'role_attribute_strict = false',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Provisioned datasources, with the stable uids dashboards reference. */
export function datasources(ctx: ClusterContext): string {
  const ep = endpoints(ctx);
  const traces = ctx.config.traces;
  return stringify({
    apiVersion: 1,
    datasources: [
      {
        // Under `ha`, Thanos Query: one deduplicated view of both replicas and the bucket.
        name: 'Prometheus', type: 'prometheus', uid: DATASOURCE_UIDS.prometheus, access: 'proxy', url: ctx.ha ? ep.thanosQuery.url : ep.prometheus.url, isDefault: true, editable: false,
        jsonData: {
          timeInterval: ctx.config.prometheus?.scrapeInterval ?? '30s', httpMethod: 'POST', prometheusType: ctx.ha ? 'Thanos' : 'Prometheus',
          ...(traces && { exemplarTraceIdDestinations: exemplarTraceIdDestinations(traces) }),
        },
      },
      {
        name: 'Loki', type: 'loki', uid: DATASOURCE_UIDS.loki, access: 'proxy', url: ep.lokiGateway.url, editable: false,
        // The tenant is not a credential, but Grafana only sends custom headers from secureJsonData.
        jsonData: { maxLines: 5000, httpHeaderName1: 'X-Scope-OrgID', ...(traces && { derivedFields: lokiDerivedFields(traces) }) },
        secureJsonData: { httpHeaderValue1: lokiTenant(ctx) },
      },
      {
        name: 'Alertmanager', type: 'alertmanager', uid: DATASOURCE_UIDS.alertmanager, access: 'proxy', url: ep.alertmanager.url, editable: false,
        jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
      },
      ...(traces ? [tracesDatasource(traces)] : []),
    ],
  });
}

/** One file provider; each folder of dashboards becomes a Grafana folder. */
export function dashboardProviders(): string {
  return stringify({
    apiVersion: 1,
    providers: [{
      name: 'observability-stack', orgId: 1, type: 'file', disableDeletion: true, allowUiUpdates: false, updateIntervalSeconds: 60,
      options: { path: DASHBOARDS_DIR, foldersFromFilesStructure: true },
    }],
  });
}
