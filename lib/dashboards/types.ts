/** Which datasource a query runs on. */
export type QueryLanguage = 'promql' | 'logql';

export interface PanelQuery {
  /** PromQL or LogQL; parsed when the app is built. May use the dashboard's variables. */
  readonly expr: string;
  /** @default 'promql' */
  readonly language?: QueryLanguage;
  /** Legend, e.g. `{{ instance }}`. @default - Grafana's */
  readonly legend?: string;
}

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface DashboardPanel {
  readonly title: string;
  /** @default 'timeseries' */
  readonly type?: 'timeseries' | 'stat' | 'logs';
  readonly queries: PanelQuery[];
  /** Grafana unit id, e.g. `percentunit`, `bytes`, `bps`, `s`. @default - none */
  readonly unit?: string;
  /** @default - none */
  readonly description?: string;
  /** @default - placed after the previous panel: 12 wide (stat: 6), 8 high */
  readonly gridPos?: GridPos;
}

/** A query variable, e.g. `namespace` from `label_values(kube_pod_info, namespace)`. */
export interface DashboardVariable {
  readonly name: string;
  /** @default - the name */
  readonly label?: string;
  /** `label_values(metric, label)` or `label_values(label)`; may use earlier variables. */
  readonly query: string;
  /** @default 'promql' */
  readonly language?: QueryLanguage;
  /** @default false */
  readonly multi?: boolean;
  /** @default false */
  readonly includeAll?: boolean;
}

/** Datasource uids the dashboard's queries reference. */
export interface DatasourceUids {
  readonly prometheus: string;
  readonly loki: string;
}
