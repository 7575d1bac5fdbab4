import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ClusterContext } from '../../config';
import { Component } from '../../lib/core/component';
import { hardenedContainer, httpProbe } from '../../lib/core/container';
import { AppIdentity, recommendedLabels, selectorLabels } from '../../lib/core/labels';
import { ServiceIdentity } from '../../lib/core/rbac';
import { HostAgentAccess, restrictedPodSecurityContext } from '../../lib/core/security';
import { podTemplate } from '../../lib/core/workload';
import { AlertRuleGroup } from '../../lib/alerting/alert-rule-group';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { nodeAlerts, nodeDownAlerts, textfileAlerts } from './rules/node-rules';
import { nodeRecordingRules } from './rules/node-recording-rules';
import { HOST_PATHS, textfileCollectors } from './textfile-collectors';
import { TEXTFILE_RUNNER } from './textfile-runner';
import { imageOf } from '../../lib/core/versions';

export const NODE_EXPORTER_IMAGE = imageOf('nodeExporter');
export const BUSYBOX_IMAGE = imageOf('busybox');
const TEXTFILE_DIR = '/textfile';

/**
 * A user and group of node-exporter's own. With hostPID and the host's /proc, a process can
 * read the files of any other process of the same uid through /proc/<pid>/root, service
 * account tokens included; under the usual 65534 that would be every other "nobody" pod.
 */
export const NODE_EXPORTER_UID = 59100;

const HOST_ACCESS: HostAgentAccess = {
  reason: 'reads host /proc, /sys and the root filesystem (read-only hostPath) with hostNetwork and hostPID to report node metrics',
};

/**
 * node-exporter on every node, control plane included, with a textfile-collectors sidecar
 * that runs the configured scripts on their schedules.
 */
export class NodeExporterChart extends Component {
  constructor(scope: Construct, ctx: ClusterContext) {
    const namespace = ctx.namespaces.agents;
    super(scope, 'node-exporter', { namespace, phase: 'workloads', description: 'node-exporter on every node, with textfile collectors' });
    const collectors = textfileCollectors(`config/${ctx.name}/nodeExporter`, ctx.config.nodeExporter?.textfileCollectors ?? []);
    const identity: AppIdentity = { name: 'node-exporter', component: 'exporter', version: 'v1.8.2' };
    const labels = recommendedLabels(identity);
    new ServiceIdentity(this, 'identity', { name: 'node-exporter', namespace, labels });

    const scripts: Record<string, string> = { 'runner.sh': TEXTFILE_RUNNER };
    for (const c of collectors) scripts[`${c.name}.sh`] = `#!/bin/sh\nset -eu\n${c.script.trimEnd()}\n`;
    new k8s.KubeConfigMap(this, 'collectors', { metadata: { name: 'textfile-collectors', namespace, labels }, data: scripts });
    const checksum = createHash('sha256').update(JSON.stringify(scripts)).digest('hex').slice(0, 16);

    const hostMount = (name: string, mountPath: string) => ({ name, mountPath, readOnly: true, mountPropagation: 'HostToContainer' });
    new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: { name: 'node-exporter', namespace, labels },
      spec: {
        selector: { matchLabels: selectorLabels(identity) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: podTemplate({
          identity,
          namespace,
          serviceAccountName: 'node-exporter',
          automountServiceAccountToken: false,
          hostNetwork: true,
          hostPid: true,
          securityContext: restrictedPodSecurityContext(NODE_EXPORTER_UID),
          priorityClassName: 'system-node-critical',
          // Every node, including tainted control-plane nodes.
          tolerations: [{ operator: 'Exists' }],
          annotations: { 'observability-stack/collectors-checksum': checksum, 'observability-stack/host-access': HOST_ACCESS.reason },
          containers: [
            hardenedContainer(this, {
              name: 'node-exporter',
              image: NODE_EXPORTER_IMAGE,
              hostAccess: HOST_ACCESS,
              args: [
                '--path.procfs=/host/proc',
                '--path.sysfs=/host/sys',
                '--path.rootfs=/host/root',
                '--path.udev.data=/host/root/run/udev/data',
                '--web.listen-address=:9100',
                `--collector.textfile.directory=${TEXTFILE_DIR}`,
                '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/.+|var/lib/containerd/.+)($|/)',
                '--collector.netclass.ignored-devices=^(veth.*|cali.*|flannel.*|cni.*|lxc.*)$',
                '--collector.netdev.device-exclude=^(veth.*|cali.*|flannel.*|cni.*|lxc.*)$',
              ],
              ports: [{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }],
              resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '128Mi' } },
              livenessProbe: httpProbe('/', 'metrics'),
              readinessProbe: httpProbe('/', 'metrics'),
              volumeMounts: [
                hostMount('proc', '/host/proc'),
                hostMount('sys', '/host/sys'),
                hostMount('root', '/host/root'),
                { name: 'textfile', mountPath: TEXTFILE_DIR, readOnly: true },
              ],
            }),
            hardenedContainer(this, {
              name: 'textfile-collectors',
              image: BUSYBOX_IMAGE,
              hostAccess: HOST_ACCESS,
              command: ['/bin/sh', '/collectors/runner.sh', ...collectors.map((c) => `${c.name}:${c.intervalSeconds}`)],
              env: [
                { name: 'TEXTFILE_DIR', value: TEXTFILE_DIR },
                { name: 'SCRIPTS_DIR', value: '/collectors' },
                ...Object.entries(HOST_PATHS).map(([name, value]) => ({ name, value })),
              ],
              resources: { requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '64Mi' } },
              volumeMounts: [
                { name: 'collectors', mountPath: '/collectors', readOnly: true },
                { name: 'textfile', mountPath: TEXTFILE_DIR },
                hostMount('proc', HOST_PATHS.HOST_PROC),
                hostMount('sys', HOST_PATHS.HOST_SYS),
                hostMount('root', HOST_PATHS.HOST_ROOT),
              ],
            }),
          ],
          volumes: [
            { name: 'proc', hostPath: { path: '/proc' } },
            { name: 'sys', hostPath: { path: '/sys' } },
            { name: 'root', hostPath: { path: '/' } },
            { name: 'collectors', configMap: { name: 'textfile-collectors', defaultMode: 0o555 } },
            { name: 'textfile', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
          ],
        }),
      },
    });

    const monitoring = new ObservedService(this, 'monitoring', {
      name: 'node-exporter',
      selector: selectorLabels(identity),
      port: 'metrics',
      service: { port: 9100, targetPort: 'metrics' },
      // Name targets after their node, so alerts and dashboards speak of nodes, not IPs.
      relabelings: [
        { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
        { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' },
      ],
      // Its down alert knows cordoned nodes (maintenance) from dead ones.
      alerts: { down: false, extra: [...nodeDownAlerts(), ...nodeAlerts()] },
    });
    // Headless: each pod is scraped on its own node address; a virtual IP that load-balances
    // across nodes would mean nothing. (The patch applies to the L1 props, hence `clusterIp`.)
    (monitoring.node.findChild('service') as ApiObject).addJsonPatch(JsonPatch.add('/spec/clusterIp', 'None'));
    new AlertRuleGroup(this, 'textfile-rules', { name: 'node-textfile', rules: textfileAlerts() });
    new AlertRuleGroup(this, 'recording-rules', { name: 'node-recording', rules: nodeRecordingRules() });
  }
}
