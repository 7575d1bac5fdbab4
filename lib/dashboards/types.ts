/** Which datasource a query runs on. */
export type QueryLanguage = 'promql' | 'logql';

export interface PanelQuery {
  /** PromQL or LogQL; parsed when the app is built. May use the dashboard's variables. */
  readonly expr: string;
  /** The query's language, which picks the datasource. @default 'promql' */
  readonly language?: QueryLanguage;
  /** Legend, e.g. `{{ instance }}`. @default - Grafana's */
  readonly legend?: string;
}

export interface GridPos {
  /** Column, 0 to 23 (the grid is 24 wide). */
  readonly x: number;
  /** Row, from 0 at the top. */
  readonly y: number;
  /** Width in columns; x + w must not exceed 24. */
  readonly w: number;
  /** Height in grid rows (about 30 pixels each). */
  readonly h: number;
}

/**
 * A drill-down from a panel's series to another dashboard, e.g. from a namespace's pods to the
 * pod's own dashboard. Grafana shows it when a series is clicked, and keeps the time range.
 */
export interface DrillDown {
  /** Link text, e.g. `Pod resources`. */
  readonly title: string;
  /** Uid of the target dashboard. */
  readonly dashboard: string;
  /**
   * The target's variables and their values: a series label (`${__field.labels.pod}`), this
   * dashboard's variable (`$namespace`) or a literal. @default {}
   */
  readonly vars?: Record<string, string>;
}

export interface DashboardPanel {
  /** Title shown on the panel. */
  readonly title: string;
  /** The visualisation: a graph over time, the latest value, or log lines. @default 'timeseries' */
  readonly type?: 'timeseries' | 'stat' | 'logs';
  /** The panel's queries, at least one; refIds A, B, C... in order. A logs panel takes LogQL log queries only. */
  readonly queries: PanelQuery[];
  /** Grafana unit id, e.g. `percentunit`, `bytes`, `bps`, `s`. @default - none */
  readonly unit?: string;
  /** Panel description, shown in its info tooltip. @default - none */
  readonly description?: string;
  /** Drill-downs from the panel's series to other dashboards. @default [] */
  readonly links?: DrillDown[];
  /**
   * Position and size on the 24-column grid; panels may not overlap.
   * @default - placed after the previous panel, wrapping at 24 columns: 12 wide and 8 high (stat: 6 wide, 4 high; logs: 24 wide, 8 high)
   */
  readonly gridPos?: GridPos;
}

/** A query variable, e.g. `namespace` from `label_values(kube_pod_info, namespace)`. */
export interface DashboardVariable {
  /** Variable name, used as `$name` in later queries: letters, digits and "_". */
  readonly name: string;
  /** Label shown beside the variable's picker. @default - the name */
  readonly label?: string;
  /** `label_values(metric, label)` or `label_values(label)`; may use earlier variables. */
  readonly query: string;
  /** The query's language, which picks the datasource. @default 'promql' */
  readonly language?: QueryLanguage;
  /** Allow picking several values. @default false */
  readonly multi?: boolean;
  /** Offer an "All" option. @default false */
  readonly includeAll?: boolean;
}

/** Datasource uids the dashboard's queries reference. */
export interface DatasourceUids {
  /** Uid of the Prometheus datasource (PromQL queries). */
  readonly prometheus: string;
  /** Uid of the Loki datasource (LogQL queries). */
  readonly loki: string;
}
