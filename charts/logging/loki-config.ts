import { stringify } from 'yaml';

export interface LokiConfigInput {
  readonly namespace: string;
  readonly replicas: number;
  readonly retentionHours: number;
  readonly s3: { readonly endpoint: string; readonly region: string; readonly chunksBucket: string };
  readonly alertmanagerUrl: string;
  /**
   * Whether `alertmanagerUrl` names SRV records to resolve into every Alertmanager replica, so
   * the ruler sends each alert to all of them as Prometheus does. @default false
   */
  readonly alertmanagerDiscovery?: boolean;
  readonly rulesDir: string;
  /**
   * Simple scalable mode: the backend target's Service and headless Service, where the
   * queriers find the compactor and the index gateway; replication factor 3. @default - monolithic
   */
  readonly scalable?: { readonly backendHost: string; readonly backendHeadlessHost: string };
  /** The container's memory limit, of which the WAL replay may use 75%. @default LOKI_MEMORY_LIMIT_MIB */
  readonly memoryLimitMiB?: number;
}

export const LOKI_HTTP_PORT = 3100;
export const LOKI_GRPC_PORT = 9095;
export const LOKI_MEMBERLIST_PORT = 7946;
/** Loki's container memory limit on a cluster of up to 10 nodes (see charts/sizing.ts); the WAL replay ceiling is 75% of the limit. */
export const LOKI_MEMORY_LIMIT_MIB = 2048;
const walReplayCeiling = (limitMiB: number) => `${limitMiB * 0.75}MB`;

/**
 * Loki 3 in monolithic mode, replicated: every replica runs every component, they find each
 * other through memberlist, chunks and the TSDB index live in S3 (Garage, path-style), the
 * compactor applies retention. Replication factor 1 with the WAL on a persistent volume: with
 * two replicas, factor 2 would need both for every write (quorum 2). A replica that leaves
 * cleanly hands its streams over; one that crashes is forgotten by the ring once its heartbeat
 * times out (`autoforget_unhealthy`), so its streams move to the other replica instead of being
 * rejected until someone edits the ring.
 */
export function lokiConfig(c: LokiConfigInput): string {
  const endpoint = new URL(c.s3.endpoint);
  const scalable = c.scalable;
  return stringify({
    auth_enabled: true,
    server: {
      http_listen_port: LOKI_HTTP_PORT, grpc_listen_port: LOKI_GRPC_PORT, log_level: 'info',
      // Long queries end at query_timeout, not at the HTTP server's 30s default.
      http_server_read_timeout: '310s', http_server_write_timeout: '310s',
    },
    common: {
      path_prefix: '/var/loki',
      // Scalable: every stream on three ingesters (write quorum two), so one write pod may go.
      replication_factor: scalable ? 3 : 1,
      // The compactor (deletes, retention) runs on the backend target; gRPC is the address
      // Loki 3.6+ prefers, and 3.5 already reads it.
      ...(scalable && { compactor_grpc_address: `${scalable.backendHost}:${LOKI_GRPC_PORT}` }),
      ring: { kvstore: { store: 'memberlist' } },
      storage: {
        // Loki 3.6 moved S3 to the AWS SDK v2 with the same keys: `insecure` still makes the
        // host an http:// endpoint, `s3forcepathstyle` path-style requests, `region` is Garage's.
        s3: {
          endpoint: endpoint.host,
          insecure: endpoint.protocol === 'http:',
          region: c.s3.region,
          bucketnames: c.s3.chunksBucket,
          s3forcepathstyle: true,
          access_key_id: '${S3_ACCESS_KEY_ID}',
          secret_access_key: '${S3_SECRET_ACCESS_KEY}',
        },
      },
    },
    memberlist: {
      bind_port: LOKI_MEMBERLIST_PORT,
      join_members: [`loki-memberlist.${c.namespace}.svc.cluster.local:${LOKI_MEMBERLIST_PORT}`],
    },
    schema_config: {
      configs: [{ from: '2024-04-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    },
    storage_config: {
      tsdb_shipper: {
        active_index_directory: '/var/loki/tsdb-index', cache_location: '/var/loki/tsdb-cache',
        // Queriers read the index through the backend's index gateways, each pod by its DNS record.
        ...(scalable && { index_gateway_client: { server_address: `dns+${scalable.backendHeadlessHost}:${LOKI_GRPC_PORT}` } }),
      },
    },
    // One index gateway serves the whole index (no ring): the backend replicas each hold it all.
    ...(scalable && { index_gateway: { mode: 'simple' } }),
    ingester: {
      autoforget_unhealthy: true,
      // Replay after a crash flushes before it reaches the container's memory limit.
      wal: { enabled: true, dir: '/var/loki/wal', replay_memory_ceiling: walReplayCeiling(c.memoryLimitMiB ?? LOKI_MEMORY_LIMIT_MIB) },
    },
    compactor: {
      working_directory: '/var/loki/compactor',
      compaction_interval: '10m',
      retention_enabled: true,
      retention_delete_delay: '2h',
      delete_request_store: 's3',
    },
    limits_config: {
      retention_period: `${c.retentionHours}h`,
      reject_old_samples: true,
      reject_old_samples_max_age: '168h',
      ingestion_rate_mb: 8,
      ingestion_burst_size_mb: 16,
      allow_structured_metadata: true,
      volume_enabled: true,
      query_timeout: '300s',
    },
    ruler: {
      storage: { type: 'local', local: { directory: c.rulesDir } },
      rule_path: '/var/loki/ruler-scratch',
      alertmanager_url: c.alertmanagerUrl,
      ...(c.alertmanagerDiscovery && { enable_alertmanager_discovery: true }),
      enable_api: true,
      // Each rule group is evaluated by one replica, not by every one.
      enable_sharding: true,
      ring: { kvstore: { store: 'memberlist' } },
    },
    analytics: { reporting_enabled: false },
  }, { lineWidth: 0 });
}

/** The Services of Loki's simple scalable targets, by target. */
export interface LokiTargetHosts {
  readonly read: string;
  readonly write: string;
  readonly backend: string;
}

/**
 * The gateway's nginx configuration: one address for agents (push) and Grafana (queries),
 * re-resolving the Loki Service so pod restarts never leave it with a stale IP. Given the
 * simple scalable targets, it routes pushes to `write`, the ruler and delete APIs to `backend`
 * (where the ruler and compactor run) and every query to `read`.
 */
export function gatewayNginxConfig(loki: string | LokiTargetHosts): string {
  const scalable = typeof loki === 'string' ? undefined : loki;
  const upstream = (target: keyof LokiTargetHosts) => (scalable ? `$loki_${target}` : '$loki');
  const sets = scalable
    ? (['read', 'write', 'backend'] as const).map((t) => `set $loki_${t} http://${scalable[t]}:${LOKI_HTTP_PORT};`).join('\n    ')
    : `set $loki http://${loki as string}:${LOKI_HTTP_PORT};`;
  const backendRoutes = scalable ? `
    # The ruler's and the compactor's APIs are served by the backend target.
    location /loki/api/v1/rules {
      proxy_pass ${upstream('backend')}$request_uri;
    }
    location = /loki/api/v1/delete {
      proxy_pass ${upstream('backend')}$request_uri;
    }` : '';
  return `worker_processes 1;
error_log stderr warn;
pid /tmp/nginx.pid;

events {
  worker_connections 1024;
}

http {
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  access_log /dev/stdout;
  client_max_body_size 16m;
  proxy_http_version 1.1;
  resolver kube-dns.kube-system.svc.cluster.local valid=30s;

  server {
    listen 8080;
    ${sets}

    location = / {
      return 200 'OK';
    }
    # Anything not routed below is not Loki's public API (and no static files are served).
    location / {
      return 404;
    }
    location = /stub_status {
      stub_status;
      allow 127.0.0.1;
      deny all;
    }
    location = /loki/api/v1/push {
      proxy_pass ${upstream('write')}$request_uri;
    }
    location /loki/api/ {
      proxy_pass ${upstream('read')}$request_uri;
      proxy_read_timeout 300s;
    }
    # Live tailing (Grafana Explore) is a WebSocket: pass the upgrade through, keep it open.
    location = /loki/api/v1/tail {
      proxy_pass ${upstream('read')}$request_uri;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout 3600s;
    }${backendRoutes}
    location /prometheus/api/v1/ {
      proxy_pass ${upstream('backend')}$request_uri;
    }
    # Loki's readiness, through the gateway (the gateway's own probe is "/").
    location = /ready {
      proxy_pass ${upstream('read')}$request_uri;
    }
  }
}
`;
}
