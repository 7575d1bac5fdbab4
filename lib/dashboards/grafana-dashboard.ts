import { k8s } from 'cdk8s-plus-28';
import { chartOf } from '../core/component';
import { Construct } from 'constructs';
import * as sdk from '@grafana/grafana-foundation-sdk/dashboard';
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { check, StackValidationError } from '../core/errors';
import { PART_OF } from '../core/labels';
import { isLogMetricQuery } from '../query/logql';
import { querySyntaxError, queryVariables } from './queries';
import { CLUSTER_LABEL, CLUSTER_VARIABLE_CONTEXT, CLUSTER_VARIABLE_QUERY, withClusterFilter } from './cluster-variable';
import { DashboardPanel, DashboardVariable, DatasourceUids, DrillDown, GridPos, QueryLanguage } from './types';
import { checkKnownKeys } from '../core/known-keys';

/** The label marking a dashboard ConfigMap (for Grafana's sidecar, where one is used). */
export const DASHBOARD_LABEL = 'grafana_dashboard';
/**
 * Context key: the namespace dashboard ConfigMaps go to when a dashboard names none. Grafana
 * can mount ConfigMaps of its own namespace only, so a stack sets this to Grafana's.
 */
export const DASHBOARDS_NAMESPACE_CONTEXT = 'observability-stack:dashboards-namespace';

/** Where a dashboard under `scope` renders when it names no namespace. */
export function defaultDashboardNamespace(scope: Construct, fallback?: string): string | undefined {
  return scope.node.tryGetContext(DASHBOARDS_NAMESPACE_CONTEXT) ?? fallback ?? chartOf(scope).namespace;
}
/** The annotation naming the Grafana folder a dashboard goes in. */
export const FOLDER_ANNOTATION = 'grafana_folder';

export interface GrafanaDashboardProps {
  /** Stable uid: Grafana URLs and links use it. At most 40 characters: letters, digits, "-", "_". */
  readonly uid: string;
  /** Title shown in Grafana; must not be blank. */
  readonly title: string;
  /** Grafana folder. */
  readonly folder: string;
  /** Uids of the Grafana datasources the queries run on. */
  readonly datasources: DatasourceUids;
  /** The panels, at least one, in order; those without a `gridPos` flow left to right. */
  readonly panels: DashboardPanel[];
  /** Query variables, in order: a query may use only the variables before it. @default [] */
  readonly variables?: DashboardVariable[];
  /**
   * Links at the top of the dashboard to related dashboards (its detail views, its overview),
   * keeping the time range and the `cluster` variable. @default []
   */
  readonly links?: DrillDown[];
  /** Dashboard tags, for search and links. @default [] */
  readonly tags?: string[];
  /** The dashboard's description. @default - none */
  readonly description?: string;
  /** Auto-refresh interval, e.g. `30s`. @default '1m' */
  readonly refresh?: string;
  /** Start of the default time range, which ends now, e.g. `now-24h`. @default 'now-6h' */
  readonly timeFrom?: string;
  /**
   * Namespace of its ConfigMap: Grafana's, for Grafana to mount it.
   * @default - the `DASHBOARDS_NAMESPACE_CONTEXT` context value, else the enclosing Component's namespace
   */
  readonly namespace?: string;
}

const GRID_WIDTH = 24;
const MIXED_DATASOURCE = { type: 'datasource', uid: '-- Mixed --' };

/** A drill-down's URL: the target dashboard with its variables set, over the same time range. */
function drillDownUrl(link: DrillDown, clusterVariable: boolean): string {
  // The clusters picked here stay picked there.
  const vars = Object.entries({ ...(clusterVariable ? { [CLUSTER_LABEL]: `$${CLUSTER_LABEL}` } : {}), ...(link.vars ?? {}) }).map(([k, v]) => `var-${k}=${v}`);
  return `/d/${link.dashboard}?${[...vars, '${__url_time_range}'].join('&')}`;
}

/** Grafana's query ids: A, B, C... */
const refId = (index: number) => String.fromCharCode(65 + index);

/**
 * A Grafana dashboard built with the Grafana foundation SDK, rendered as one ConfigMap that
 * Grafana loads into its folder. Every query is parsed and every variable checked
 * when the app is built, and panels may not overlap.
 */
export class GrafanaDashboard extends Construct {
  public static all(root: Construct): GrafanaDashboard[] {
    return root.node.findAll().filter((c): c is GrafanaDashboard => c instanceof GrafanaDashboard);
  }

  public readonly uid: string;
  public readonly title: string;
  public readonly folder: string;
  public readonly configMapName: string;
  /** The namespace of its ConfigMap. */
  public readonly namespace: string | undefined;
  /** The datasource uids its queries use. */
  public readonly datasources: DatasourceUids;
  /** Every drill-down of its panels and link of the dashboard: where it is and the dashboard uid it leads to. */
  public readonly drillDowns: { readonly where: string; readonly dashboard: string }[] = [];
  /** Every query of the dashboard, variables included. */
  public readonly queries: { readonly where: string; readonly expr: string; readonly language: QueryLanguage }[] = [];
  /** The dashboard JSON model. */
  public readonly model: sdk.Dashboard;
  /** Whether it has the `cluster` variable (see CLUSTER_VARIABLE_CONTEXT). */
  public readonly clusterVariable: boolean;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    checkKnownKeys(this, 'GrafanaDashboardProps', props);
    check(/^[a-zA-Z0-9_-]{1,40}$/.test(props.uid ?? ''), this, 'uid', props.uid, 'at most 40 letters, digits, "-" or "_"');
    check(!!props.title?.trim(), this, 'title', props.title, 'a title');
    check(!!props.folder?.trim(), this, 'folder', props.folder, 'a folder name');
    check(props.panels.length > 0, this, 'panels', props.panels, 'at least one panel');
    this.uid = props.uid;
    this.title = props.title;
    this.folder = props.folder;
    // The folder is a directory name in Grafana's pod (Grafana takes folder titles from it): any
    // script's letters and digits, spaces, "-", "_" and "."; never "/" or a leading ".".
    check(/^[\p{L}\p{N}][\p{L}\p{M}\p{N} _.-]{0,62}$/u.test(props.folder), this, 'folder', props.folder,
      'a folder name of letters (any script), digits, spaces, "-", "_" and ".", starting with a letter or digit, at most 63 characters');
    this.configMapName = `dashboard-${props.uid.toLowerCase().replace(/_/g, '-')}`;
    this.namespace = props.namespace ?? defaultDashboardNamespace(this);
    this.datasources = props.datasources;

    // Where the datasource sees several clusters, a `cluster` variable comes first and every
    // PromQL query selects on it; log queries read this cluster's own Loki and stay as they are.
    this.clusterVariable = this.node.tryGetContext(CLUSTER_VARIABLE_CONTEXT) === true;
    if (this.clusterVariable) {
      check(!(props.variables ?? []).some((v) => v.name === CLUSTER_LABEL), this, 'variables', props.variables,
        `no variable named "${CLUSTER_LABEL}": the stack adds it to every dashboard of a multi-cluster view`);
    }
    const promql = (expr: string, language: QueryLanguage | undefined) => (this.clusterVariable && (language ?? 'promql') === 'promql' ? withClusterFilter(expr) : expr);
    props = {
      ...props,
      variables: [
        ...(this.clusterVariable ? [{ name: CLUSTER_LABEL, query: CLUSTER_VARIABLE_QUERY, multi: true, includeAll: true }] : []),
        ...(props.variables ?? []).map((v) => ({ ...v, query: promql(v.query, v.language) })),
      ],
      panels: props.panels.map((p) => ({ ...p, queries: p.queries.map((q) => ({ ...q, expr: promql(q.expr, q.language) })) })),
    };
    const variables = props.variables ?? [];
    const defined = new Set<string>();
    variables.forEach((v, i) => {
      check(/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v.name), this, `variables[${i}].name`, v.name, 'a variable name: letters, digits and "_"');
      this.checkQuery(`variables[${i}] (${v.name})`, v.query, v.language ?? 'promql', defined);
      defined.add(v.name);
    });
    const layout = this.layout(props.panels);
    props.panels.forEach((p, i) => {
      check(p.queries.length > 0, this, `panels[${i}] (${p.title}).queries`, p.queries, 'at least one query');
      p.queries.forEach((q, j) => {
        const where = `panels[${i}] (${p.title}).queries[${j}] (refId ${refId(j)})`;
        this.checkQuery(where, q.expr, q.language ?? 'promql', defined);
        // A logs panel shows log lines: a metric query (PromQL, or LogQL over time) draws nothing there.
        if (p.type === 'logs') {
          check(q.language === 'logql' && !isLogMetricQuery(q.expr), this, where, q.expr, 'a LogQL log query (lines, not a metric) in a logs panel');
        }
      });
      (p.links ?? []).forEach((l, j) => {
        const where = `panels[${i}] (${p.title}).links[${j}]`;
        check(/^[a-zA-Z0-9_-]{1,40}$/.test(l.dashboard ?? ''), this, `${where}.dashboard`, l.dashboard, 'a dashboard uid');
        check(!!l.title?.trim(), this, `${where}.title`, l.title, 'a link text');
        for (const name of Object.keys(l.vars ?? {})) check(/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name), this, `${where}.vars`, name, 'a variable name: letters, digits and "_"');
        this.drillDowns.push({ where, dashboard: l.dashboard });
      });
    });

    (props.links ?? []).forEach((l, i) => {
      const where = `links[${i}] (${l.title})`;
      check(/^[a-zA-Z0-9_-]{1,40}$/.test(l.dashboard ?? ''), this, `${where}.dashboard`, l.dashboard, 'a dashboard uid');
      check(!!l.title?.trim(), this, `links[${i}].title`, l.title, 'a link text');
      for (const name of Object.keys(l.vars ?? {})) check(/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name), this, `${where}.vars`, name, 'a variable name: letters, digits and "_"');
      this.drillDowns.push({ where, dashboard: l.dashboard });
    });

    const ds = (language: QueryLanguage) => ({ type: language === 'logql' ? 'loki' : 'prometheus', uid: language === 'logql' ? props.datasources.loki : props.datasources.prometheus });
    const builder = new sdk.DashboardBuilder(props.title)
      .uid(props.uid)
      .tags(props.tags ?? [])
      .refresh(props.refresh ?? '1m')
      .time({ from: props.timeFrom ?? 'now-6h', to: 'now' })
      .timezone('browser')
      .tooltip(sdk.DashboardCursorSync.Crosshair)
      .readonly();
    if (props.description) builder.description(props.description);
    for (const l of props.links ?? []) {
      const link = new sdk.DashboardLinkBuilder(l.title).type(sdk.DashboardLinkType.Link).url(drillDownUrl(l, this.clusterVariable)).asDropdown(false).targetBlank(false).keepTime(false).includeVars(false);
      // The SDK places links in the controls menu; without a placement Grafana shows them in the bar at the top.
      builder.link({ build: () => { const { placement: _menu, ...shown } = link.build(); return shown; } });
    }
    for (const v of variables) {
      const language = v.language ?? 'promql';
      const variable = new sdk.QueryVariableBuilder(v.name)
        .label(v.label ?? v.name)
        .query(v.query)
        .datasource(ds(language))
        .refresh(sdk.VariableRefresh.OnTimeRangeChanged)
        .multi(v.multi ?? false)
        .includeAll(v.includeAll ?? false)
        .sort(sdk.VariableSort.AlphabeticalAsc);
      builder.withVariable(variable);
    }
    props.panels.forEach((p, i) => builder.withPanel(this.panel(p, layout[i], i + 1, ds)));
    this.model = builder.build();

    new k8s.KubeConfigMap(this, 'configmap', {
      metadata: {
        name: this.configMapName,
        namespace: this.namespace,
        labels: { [DASHBOARD_LABEL]: '1', 'app.kubernetes.io/part-of': PART_OF },
        annotations: { [FOLDER_ANNOTATION]: props.folder },
      },
      data: { [`${props.uid}.json`]: `${JSON.stringify(this.model, null, 2)}\n` },
    });
  }

  private panel(p: DashboardPanel, pos: GridPos, id: number, ds: (l: QueryLanguage) => { type: string; uid: string }): cog.Builder<sdk.Panel> {
    const targets: cog.Builder<cog.Dataquery>[] = p.queries.map((q, j) => {
      if ((q.language ?? 'promql') === 'logql') {
        const target = new loki.DataqueryBuilder().expr(q.expr).refId(refId(j)).datasource(ds('logql'));
        return q.legend ? target.legendFormat(q.legend) : target;
      }
      const target = new prometheus.DataqueryBuilder().expr(q.expr).refId(refId(j)).datasource(ds('promql'));
      return q.legend ? target.legendFormat(q.legend) : target;
    });
    const languages = new Set(p.queries.map((q) => q.language ?? 'promql'));
    // Grafana sends every query to the panel's datasource unless it is the mixed one.
    const datasource = languages.size > 1 ? MIXED_DATASOURCE : ds([...languages][0]);
    const type = p.type ?? 'timeseries';
    const builder = type === 'stat' ? new stat.PanelBuilder() : type === 'logs' ? new logs.PanelBuilder() : new timeseries.PanelBuilder();
    builder.id(id).title(p.title).gridPos(pos).datasource(datasource).targets(targets);
    // The SDK's defaults hide the legend and the log details.
    if (builder instanceof timeseries.PanelBuilder) {
      builder.legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom));
    }
    if (builder instanceof logs.PanelBuilder) builder.enableLogDetails(true).showTime(true);
    if (p.description) builder.description(p.description);
    if (p.links?.length) {
      builder.dataLinks(p.links.map((l) => new sdk.DashboardLinkBuilder(l.title).type(sdk.DashboardLinkType.Link).url(drillDownUrl(l, this.clusterVariable))));
    }
    if (p.unit && !(builder instanceof logs.PanelBuilder)) builder.unit(p.unit);
    // A stat shows the latest value, not Grafana's reducer default.
    if (builder instanceof stat.PanelBuilder) builder.reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
    return builder;
  }

  private checkQuery(where: string, expr: string, language: QueryLanguage, defined: Set<string>): void {
    const syntax = querySyntaxError(expr, language);
    if (syntax) throw new StackValidationError(this, where, expr, `valid ${language === 'logql' ? 'LogQL' : 'PromQL'}: ${syntax}`);
    for (const v of queryVariables(expr)) {
      check(defined.has(v), this, where, expr, `only variables defined before use (unknown: $${v}; defined: ${[...defined].join(', ') || 'none'})`);
    }
    this.queries.push({ where, expr, language });
  }

  /** Explicit positions are kept; the rest flow left to right. Any overlap is an error. */
  private layout(panels: DashboardPanel[]): GridPos[] {
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let bottom = 0;
    const placed: GridPos[] = panels.map((p) => {
      if (p.gridPos) {
        // The next flowing panel starts a row below everything placed so far.
        bottom = Math.max(bottom, p.gridPos.y + p.gridPos.h);
        x = 0;
        y = bottom;
        rowHeight = 0;
        return p.gridPos;
      }
      const w = p.type === 'stat' ? 6 : p.type === 'logs' ? 24 : 12;
      const h = p.type === 'stat' ? 4 : 8;
      if (x + w > GRID_WIDTH) { x = 0; y += rowHeight; rowHeight = 0; }
      const pos = { x, y, w, h };
      x += w;
      rowHeight = Math.max(rowHeight, h);
      bottom = Math.max(bottom, y + h);
      return pos;
    });
    placed.forEach((a, i) => {
      check(a.x >= 0 && a.y >= 0 && a.w > 0 && a.h > 0 && a.x + a.w <= GRID_WIDTH, this, `panels[${i}] (${panels[i].title}).gridPos`, a,
        `a position inside the ${GRID_WIDTH}-column grid`);
      placed.slice(0, i).forEach((b, j) => {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        check(!overlap, this, `panels[${i}] (${panels[i].title}).gridPos`, a, `a position not overlapping panels[${j}] (${panels[j].title}) at ${JSON.stringify(b)}`);
      });
    });
    return placed;
  }
}
