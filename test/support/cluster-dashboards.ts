import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterConfig } from '../../config';
import { buildCluster } from '../../charts/stack';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { isAlertingRule, RecordingRule } from '../../lib/alerting/types';
import { ownMetrics, uncatalogedMetrics } from '../../lib/catalog/metrics';
import { Component } from '../../lib/core/component';
import { GrafanaDashboard } from '../../lib/dashboards/grafana-dashboard';

/** One configured cluster's construct tree, its dashboards split into the stack's and its extensions'. */
export interface ClusterDashboards {
  readonly config: ClusterConfig;
  readonly app: IConstruct;
  /** Every dashboard, the extensions' included. */
  readonly all: GrafanaDashboard[];
  readonly stack: GrafanaDashboard[];
  readonly extensions: GrafanaDashboard[];
  /** Metrics the stack's rules record. */
  readonly recorded: ReadonlySet<string>;
  /** Whether a construct belongs to one of the cluster's extensions. */
  readonly isExtension: (c: IConstruct) => boolean;
}

export function clusterDashboards(config: ClusterConfig): ClusterDashboards {
  const { app } = buildCluster(config);
  // The stack's components are what the cluster builds without its extensions.
  const stackIds = config.extensions?.length
    ? new Set(buildCluster({ ...config, extensions: [] }).app.node.children.map((c) => c.node.id))
    : new Set(app.node.children.map((c) => c.node.id));
  const isExtension = (c: IConstruct) => !stackIds.has(Component.of(c).node.id);
  const all = GrafanaDashboard.all(app);
  const recorded = new Set(AlertRuleGroup.all(app).filter((g) => !isExtension(g))
    .flatMap((g) => g.rules.filter((r) => !isAlertingRule(r)).map((r) => (r as RecordingRule).record)));
  return { config, app, all, stack: all.filter((d) => !isExtension(d)), extensions: all.filter(isExtension), recorded, isExtension };
}

/**
 * Every metric a dashboard of the cluster reads that nothing produces, as `<uid> <where>: <metric>`:
 * the stack's dashboards may read the catalog and the stack's recorded series; an extension's
 * also what its own rules record and its alerts' tests feed in (docs/library.md).
 */
export function unknownMetrics(cluster: ClusterDashboards): string[] {
  const own = (d: GrafanaDashboard) => new Set([...cluster.recorded, ...ownMetrics(AlertRuleGroup.all(Component.of(d)))]);
  return cluster.all.flatMap((d) => uncatalogedMetrics(d, cluster.isExtension(d) ? own(d) : cluster.recorded));
}

/** The stream labels the cluster's log agent attaches, read from its rendered configuration. */
export function logAgentLabels(cluster: ClusterDashboards): string[] {
  const agent = cluster.app.node.tryFindChild('log-agent');
  if (!agent) return [];
  const configs = (agent as Chart).toJson().filter((o) => o.kind === 'ConfigMap').flatMap((o) => Object.values((o.data ?? {}) as Record<string, string>));
  const labels = new Set<string>();
  for (const text of configs) {
    for (const m of text.matchAll(/target_label\s*[:=]\s*"?([a-zA-Z_][a-zA-Z0-9_]*)"?/g)) if (!m[1].startsWith('__')) labels.add(m[1]);
  }
  return [...labels].sort();
}
