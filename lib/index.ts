// The construct library's public API: everything a user needs to describe monitoring for a
// service, an alert, a dashboard or a log pipeline.
export * from './core/errors';
export * from './core/validate';
export * from './core/labels';
export * from './core/security';
export * from './core/container';
export * from './core/component';
export * from './core/namespace';
export * from './core/secrets';
export * from './query/promql';
export * from './alerting/types';
export * from './alerting/alert-rule-group';
export * from './monitoring/standard-alerts';
export * from './monitoring/observed-service';
export * from './core/rbac';
export * from './core/workload';
export * from './query/logql';
export * from './alerting/routing';
export * from './alerting/alertmanager-config';
export * from './logging/pipeline-spec';
export * from './logging/log-pipeline';
export * from './logging/loki-alert-rule-group';
export * from './dashboards/types';
export * from './dashboards/queries';
export * from './dashboards/grafana-dashboard';
export * from './robusta/playbooks';
export * from './robusta/robusta';
