import { Construct } from 'constructs';
import { ClusterContext } from '../../config';
import { PrometheusSpecThanos, PrometheusSpecThanosResourcesLimits, PrometheusSpecThanosResourcesRequests } from '../../imports/prometheus-monitoring.coreos.com';
import { recommendedLabels } from '../../lib/core/labels';
import { useSecret } from '../../lib/core/secrets';
import { replicaBudget } from '../../lib/core/spread';
import { imageOf, versionOf } from '../../lib/core/versions';
import { ObservedService } from '../../lib/monitoring/observed-service';
import { thanosSidecarAlerts } from '../thanos/thanos-rules';

/**
 * The labels the operator puts on the Prometheus pods of the CR named `prometheus`
 * (`operator.prometheus.io/name`), with ours: the pods of this Prometheus and nothing else,
 * not the Services the stack puts in front of them.
 */
export const PROMETHEUS_POD_SELECTOR = { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'prometheus' };
/** The external label the operator gives each replica (`replicaExternalLabelName`'s default), which Thanos Query deduplicates on. */
export const PROMETHEUS_REPLICA_LABEL = 'prometheus_replica';
/** What the object-store Secret holds, for SECRETS.md (the sidecars, Store Gateway and Compactor share it). */
export const THANOS_OBJSTORE_PURPOSE = 'Thanos object-store configuration (YAML: type S3, bucket, endpoint, region, access_key, secret_key, bucket_lookup_type path for Garage; see the README)';
/** The sidecar's ports, as the operator names them. */
export const THANOS_SIDECAR_HTTP_PORT = 10902;

export interface ThanosSidecarProps {
  /** The cluster, whose `thanos` section configures the sidecar. */
  readonly ctx: ClusterContext;
  /** Prometheus's namespace. */
  readonly namespace: string;
  /** The Prometheus pods. */
  readonly podSelector: Record<string, string>;
  /** Prometheus replicas, for the disruption budget and the down alerts. */
  readonly replicas: number;
}

/**
 * What `ha` adds to Prometheus: the Thanos sidecar through the CR's own `thanos` field (the
 * operator then serves its Store API on the `grpc` port of `prometheus-operated` and coordinates
 * local compaction with the uploads, see thanos-compaction.ts), its monitor and alerts, and a
 * disruption budget for the replicas.
 */
export class ThanosSidecar extends Construct {
  /** The CR's `thanos` field. */
  public readonly spec: PrometheusSpecThanos;

  constructor(scope: Construct, id: string, props: ThanosSidecarProps) {
    super(scope, id);
    const thanos = props.ctx.config.thanos!;
    const objstore = useSecret(this, thanos.objectStorageConfig, props.namespace, THANOS_OBJSTORE_PURPOSE, 'thanos.objectStorageConfig');
    this.spec = {
      image: imageOf('thanos'),
      version: versionOf('thanos'),
      objectStorageConfig: objstore,
      // Blocks Prometheus compacted before the sidecar existed are uploaded only on request.
      ...(thanos.uploadExistingBlocks && { additionalArgs: [{ name: 'shipper.upload-compacted' }] }),
      resources: {
        requests: { cpu: PrometheusSpecThanosResourcesRequests.fromString('50m'), memory: PrometheusSpecThanosResourcesRequests.fromString('128Mi') },
        limits: { memory: PrometheusSpecThanosResourcesLimits.fromString('512Mi') },
      },
    };

    // Its own Service, selecting the Prometheus pods' sidecar port, so its job is its own.
    new ObservedService(this, 'monitoring', {
      name: 'thanos-sidecar',
      selector: props.podSelector,
      port: 'http',
      service: { port: THANOS_SIDECAR_HTTP_PORT, targetPort: 'http' },
      alerts: { down: 'critical', replicas: props.replicas, extra: thanosSidecarAlerts() },
    });
    replicaBudget(this, 'pdb', {
      name: 'prometheus', namespace: props.namespace, labels: recommendedLabels({ name: 'prometheus', component: 'server' }),
      selector: props.podSelector, replicas: props.replicas,
    });
  }
}
