import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { PART_OF } from '../../lib/core/labels';
import { NAMESPACE_NAME_LABEL } from '../../lib/policy/network';
import { stackFlows, stackNamespaces } from './flows';

/**
 * Default-deny ingress in each of the stack's namespaces, then one NetworkPolicy per flow the
 * stack uses. Built last, from the other components' constructs, so a new scrape target gets
 * its policy without anyone writing one.
 */
export class NetworkPoliciesChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    super(scope, 'network-policies', { phase: 'workloads', description: 'Default-deny ingress, and exactly the flows the stack uses' });
    const labels = { 'app.kubernetes.io/part-of': PART_OF };
    for (const namespace of stackNamespaces(ctx)) {
      new k8s.KubeNetworkPolicy(this, `deny-${namespace}`, {
        metadata: { name: 'default-deny-ingress', namespace, labels },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
    }
    for (const flow of stackFlows(this.node.root, ctx)) {
      const port = typeof flow.port === 'number' ? k8s.IntOrString.fromNumber(flow.port) : k8s.IntOrString.fromString(flow.port);
      new k8s.KubeNetworkPolicy(this, flow.id, {
        metadata: { name: `allow-${flow.id}`, namespace: flow.to.namespace, labels },
        spec: {
          podSelector: { matchLabels: flow.to.pods },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: flow.from.namespace } },
              ...(flow.from.pods ? { podSelector: { matchLabels: flow.from.pods } } : {}),
            }],
            ports: [{ port, protocol: flow.protocol ?? 'TCP' }],
          }],
        },
      });
    }
  }
}
