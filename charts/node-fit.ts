import { ClusterContext } from '../config';
import { check } from '../lib/core/errors';
import { checkQuantity, checkStorageSize, quantityBytes } from '../lib/core/validate';
import { RenderedComponent } from '../lib/render/collect';

/**
 * Every pod the cluster renders must fit one node, and every volume what the StorageClass
 * provisions: a pod that fits no node stays Pending forever, a claim beyond the class's size
 * never binds. Requests and volumes derive from the config (charts/sizing.ts), so a refusal
 * names the node size it does not fit and the inputs that sized the workload.
 */
export const NODE_SIZE_DEFAULTS = { cpu: '4', memory: '16Gi', maxVolumeSize: '16Ti' };

/** The config inputs each component's requests and volumes derive from. */
const DERIVED_FROM: Record<string, string> = {
  prometheus: 'nodeCount, the observed services (components, data services, extensions) and prometheus.scrapeInterval; its volume is prometheus.storageSize',
  thanos: 'nodeCount, the observed services and thanos.retentionRaw',
  loki: 'nodeCount; its volumes are loki.storageSize',
  alertmanager: 'its volume is alertmanager.storageSize',
  grafana: 'its volume is grafana.storageSize',
};

interface Resources { requests?: { cpu?: string | number; memory?: string } }
interface Container { name?: string; resources?: Resources }
interface PodSpec { containers?: Container[]; initContainers?: Container[] }
interface Claim { metadata?: { name?: string }; spec?: { resources?: { requests?: { storage?: string } } } }

/** Per pod: what it requests (each regular container, plus the largest init container's request if larger) and its claims. */
function podsOf(manifest: { kind: string; metadata: { name?: string }; spec?: unknown }): { pod: string; cpu: number; memory: number; volumes: { name: string; size: string }[] }[] {
  const spec = (manifest.spec ?? {}) as Record<string, unknown>;
  const sum = (containers: Container[] | undefined, key: 'cpu' | 'memory') => (containers ?? []).reduce((n, c) => n + amount(c.resources?.requests?.[key]), 0);
  const max = (containers: Container[] | undefined, key: 'cpu' | 'memory') => Math.max(0, ...(containers ?? []).map((c) => amount(c.resources?.requests?.[key])));
  const claims = (list: Claim[] | undefined) => (list ?? []).flatMap((c) => (c.spec?.resources?.requests?.storage ? [{ name: c.metadata?.name ?? '', size: c.spec.resources.requests.storage }] : []));
  const pod = (p: PodSpec | undefined, volumes: { name: string; size: string }[]) => ({
    pod: `${manifest.kind} ${manifest.metadata.name ?? ''}`,
    cpu: Math.max(sum(p?.containers, 'cpu'), max(p?.initContainers, 'cpu')),
    memory: Math.max(sum(p?.containers, 'memory'), max(p?.initContainers, 'memory')),
    volumes,
  });
  switch (manifest.kind) {
    case 'Deployment': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return [pod((spec.template as { spec?: PodSpec } | undefined)?.spec, [])];
    case 'StatefulSet':
      return [pod((spec.template as { spec?: PodSpec } | undefined)?.spec, claims(spec.volumeClaimTemplates as Claim[] | undefined))];
    case 'CronJob':
      return [pod(((spec.jobTemplate as { spec?: { template?: { spec?: PodSpec } } } | undefined)?.spec?.template?.spec), [])];
    case 'PersistentVolumeClaim':
      return [{ pod: `PersistentVolumeClaim ${manifest.metadata.name ?? ''}`, cpu: 0, memory: 0, volumes: claims([manifest as Claim]) }];
    case 'Prometheus': case 'Alertmanager': {
      // The operator's pod: the server, Thanos's sidecar where configured, and the containers given.
      const main = { resources: spec.resources as Resources | undefined };
      const sidecar = { resources: (spec.thanos as { resources?: Resources } | undefined)?.resources };
      const storage = (spec.storage as { volumeClaimTemplate?: Claim } | undefined)?.volumeClaimTemplate;
      return [pod({ containers: [main, sidecar, ...((spec.containers as Container[] | undefined) ?? [])] }, claims(storage ? [storage] : []))];
    }
    default:
      return [];
  }
}

function amount(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return typeof q === 'number' ? q : /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(q) ? quantityBytes(q) : 0;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(bytes < 10 * 2 ** 30 ? 2 : 0)}Gi`;

/** Refuses a pod that fits no node, or a volume larger than the class provisions. */
export function checkNodeFit(ctx: ClusterContext, components: readonly RenderedComponent[]): void {
  const where = `config/${ctx.name}`;
  const size = { ...NODE_SIZE_DEFAULTS, ...(ctx.config.nodeSize ?? {}) };
  checkQuantity(where, 'nodeSize.cpu', size.cpu);
  check(amount(size.cpu) > 0, where, 'nodeSize.cpu', size.cpu, 'more than zero CPUs');
  checkStorageSize(where, 'nodeSize.memory', size.memory);
  checkStorageSize(where, 'nodeSize.maxVolumeSize', size.maxVolumeSize);
  const node = { cpu: amount(size.cpu), memory: amount(size.memory), volume: amount(size.maxVolumeSize) };
  for (const component of components) {
    const inputs = DERIVED_FROM[component.name] ?? (ctx.config.components.includes(component.name as never) ? 'fixed by the stack' : 'the extension\'s own props');
    const change = (field: string) => `${inputs === 'fixed by the stack' ? '' : `lower what sizes it (${inputs}), or `}set ${field} to what a node offers if it is larger`;
    for (const m of component.manifests) {
      for (const p of podsOf(m)) {
        check(p.memory <= node.memory, where, 'nodeSize.memory', size.memory,
          `at least the ${gib(p.memory)} that ${component.name}/${p.pod} requests, or its pod fits no node and stays Pending: ${change('nodeSize.memory')}`);
        check(p.cpu <= node.cpu, where, 'nodeSize.cpu', size.cpu,
          `at least the ${Number(p.cpu.toFixed(3))} CPUs that ${component.name}/${p.pod} requests, or its pod fits no node and stays Pending: ${change('nodeSize.cpu')}`);
        for (const v of p.volumes) {
          check(amount(v.size) <= node.volume, where, 'nodeSize.maxVolumeSize', size.maxVolumeSize,
            `at least the ${v.size} volume ${v.name} of ${component.name}/${p.pod}, or its claim never binds: ${change('nodeSize.maxVolumeSize')}`);
        }
      }
    }
  }
}
