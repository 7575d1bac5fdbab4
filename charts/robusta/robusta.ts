import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { check } from '../../lib/core/errors';
import { Robusta } from '../../lib/robusta/robusta';
import { endpoints } from '../endpoints';

/** Robusta: Alertmanager's webhook receiver, enriching alerts and sending them to the sinks. */
export class RobustaChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const ep = endpoints(ctx);
    super(scope, 'robusta', { namespace: ep.robustaRunner.namespace, phase: 'workloads', description: 'Robusta: alert enrichment, routing and remediation' });
    const cfg = ctx.config.robusta;
    check(cfg !== undefined, `config/${ctx.name}`, 'robusta', cfg, 'a robusta section with at least one sink, or remove "robusta" from components');
    new Robusta(this, 'robusta', {
      clusterName: ctx.name,
      prometheusUrl: ep.prometheus.url,
      alertmanagerUrl: ep.alertmanager.url,
      grafanaUrl: ctx.has('grafana') ? `https://${ctx.grafanaHostname}` : undefined,
      sinks: cfg!.sinks,
      playbooks: cfg!.playbooks ?? [],
      remediations: cfg!.remediations ?? [],
      servicePort: ep.robustaRunner.port,
      kubernetesVersion: ctx.config.kubernetesVersion,
    });
  }
}
