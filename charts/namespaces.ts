import { Construct } from 'constructs';
import { ClusterContext, ComponentName } from '../config';
import { Component } from '../lib/core/component';
import { StackNamespace } from '../lib/core/namespace';
import { robustaPodSecurity } from '../lib/robusta/playbooks';

/** The namespaces of every enabled component, created before anything else. */
export class NamespacesChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    super(scope, 'namespaces', { phase: 'foundation', description: 'Namespaces with Pod Security Admission labels' });
    const ns = ctx.namespaces;
    const uses = (...components: ComponentName[]) => components.some((c) => ctx.has(c));

    if (uses('prometheus-operator', 'prometheus', 'alertmanager', 'kube-state-metrics', 'kubernetes-monitors',
      'speedtest-exporter', 'grafana', 'dashboards')) {
      new StackNamespace(this, 'monitoring', { name: ns.monitoring, podSecurity: 'restricted' });
    }
    if (uses('node-exporter', 'log-agent')) {
      new StackNamespace(this, 'agents', {
        name: ns.agents,
        podSecurity: 'privileged',
        reason: 'host agents: node-exporter reads /proc, /sys and the root filesystem through hostPath with hostNetwork and hostPID; the log agent reads /var/log/pods through hostPath',
      });
    }
    if (uses('loki')) new StackNamespace(this, 'logging', { name: ns.logging, podSecurity: 'restricted' });
    if (uses('robusta')) new StackNamespace(this, 'robusta', { name: ns.robusta, ...robustaPodSecurity(ctx.config.robusta?.remediations ?? []) });
  }
}
