import { StackValidationError } from '../core/errors';
import { Manifest } from '../render/collect';
import { objectRef } from './manifests';

/** Pods Prometheus scrapes for one monitor (and Service), and the container port it connects to. */
export interface ScrapeTarget {
  /** `<monitor>` or, when a ServiceMonitor selects several Services, `<monitor>-<service>`. */
  readonly id: string;
  /** `Kind namespace/name` of the monitor. */
  readonly monitor: string;
  /** Namespace of the scraped pods. */
  readonly namespace: string;
  /** Labels selecting the scraped pods: the PodMonitor's selector, or the Service's. */
  readonly pods: Record<string, string>;
  /** Container port name or number. */
  readonly port: string | number;
}

interface Selector { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }
interface MonitorSpec {
  namespaceSelector?: { any?: boolean; matchNames?: string[] };
  selector?: Selector;
  endpoints?: { port?: string; targetPort?: string | number }[];
  podMetricsEndpoints?: { port?: string; portNumber?: number; targetPort?: string | number }[];
}
interface ServiceSpec { selector?: Record<string, string>; ports?: { name?: string; port: number; targetPort?: string | number }[] }

const matches = (labels: Record<string, string> | undefined, selector: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/**
 * What Prometheus connects to for each ServiceMonitor and PodMonitor among `manifests`, in the
 * namespaces `within` (the monitors' selectors resolved against the Services present). A
 * selector with matchExpressions is refused: a flow derived from a guess would be wrong.
 */
export function scrapeTargets(manifests: readonly Manifest[], within: readonly string[]): ScrapeTarget[] {
  const out: ScrapeTarget[] = [];
  const services = manifests.filter((m) => m.kind === 'Service');
  for (const monitor of manifests.filter((m) => m.kind === 'ServiceMonitor' || m.kind === 'PodMonitor')) {
    const spec = (monitor.spec ?? {}) as MonitorSpec;
    const ref = objectRef(monitor);
    if (spec.selector?.matchExpressions?.length) {
      throw new StackValidationError(ref, 'spec.selector.matchExpressions', spec.selector.matchExpressions, 'matchLabels only, so the NetworkPolicies can select the same pods');
    }
    const selector = spec.selector?.matchLabels ?? {};
    const namespaces = (spec.namespaceSelector?.any ? [...within] : spec.namespaceSelector?.matchNames ?? [monitor.metadata.namespace ?? 'default'])
      .filter((ns) => within.includes(ns));
    for (const namespace of namespaces) {
      if (monitor.kind === 'PodMonitor') {
        for (const ep of spec.podMetricsEndpoints ?? []) {
          const port = ep.port ?? ep.portNumber ?? ep.targetPort;
          if (port !== undefined) out.push({ id: monitor.metadata.name, monitor: ref, namespace, pods: selector, port });
        }
        continue;
      }
      const selected = services.filter((s) => (s.metadata.namespace ?? 'default') === namespace && matches(s.metadata.labels as Record<string, string> | undefined, selector));
      for (const svc of selected) {
        const svcSpec = svc.spec as ServiceSpec;
        if (!svcSpec.selector) continue; // endpoints managed by hand: no pods to select
        for (const ep of spec.endpoints ?? []) {
          const svcPort = ep.port !== undefined ? svcSpec.ports?.find((p) => p.name === ep.port) : undefined;
          const port = ep.port !== undefined ? svcPort && (svcPort.targetPort ?? svcPort.port) : ep.targetPort;
          if (port === undefined) continue; // Prometheus finds no endpoint on a Service without that port
          const id = selected.length > 1 ? `${monitor.metadata.name}-${svc.metadata.name}` : monitor.metadata.name;
          out.push({ id, monitor: ref, namespace, pods: svcSpec.selector, port });
        }
      }
    }
  }
  return out;
}
