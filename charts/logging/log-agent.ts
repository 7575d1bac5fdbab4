import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { LogPipeline } from '../../lib/logging/log-pipeline';
import { endpoints } from '../endpoints';
import { lokiTenant } from './loki';

/** The log agent on every node (Grafana Alloy, or the end-of-life Promtail), shipping to the Loki gateway. */
export class LogAgentChart extends Component {
  public readonly pipeline: LogPipeline;

  constructor(scope: Construct, ctx: ClusterContext) {
    const agent = ctx.logAgent;
    super(scope, 'log-agent', { namespace: ctx.namespaces.agents, phase: 'workloads', description: `${agent} on every node, shipping pod logs to Loki` });
    this.pipeline = new LogPipeline(this, 'pipeline', {
      agent,
      pushUrl: endpoints(ctx).lokiGateway.pushUrl,
      tenant: lokiTenant(ctx),
      externalLabels: { cluster: ctx.name },
      stageGroups: ctx.config.logAgent?.stageGroups ?? [],
    });
  }
}
