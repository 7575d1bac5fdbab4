import { stringify } from 'yaml';

/** One Store API Thanos Query reads, with the TLS files of a remote one. */
export interface QueryEndpoint {
  /** `host:port`, or `dnssrv+_grpc._tcp.<service>` to find every pod behind a headless Service. */
  readonly address: string;
  /** Mounted TLS files and the certificate's name, for an endpoint outside the cluster. @default - plain gRPC */
  readonly tls?: { readonly caFile: string; readonly certFile?: string; readonly keyFile?: string; readonly serverName?: string };
}

/**
 * Thanos Query's endpoint file (`--endpoint.sd-config-file`, Thanos v0.42: `endpoints` with
 * `address` and a per-endpoint `client_config` of `server_name` and `tls_config`), which replaces
 * the deprecated `--endpoint` and `--grpc-client-tls-*` flags.
 */
export function queryEndpointsConfig(endpoints: readonly QueryEndpoint[]): string {
  return stringify({
    endpoints: endpoints.map((e) => ({
      address: e.address,
      ...(e.tls && {
        client_config: {
          ...(e.tls.serverName && { server_name: e.tls.serverName }),
          tls_config: {
            enabled: true,
            ca_file: e.tls.caFile,
            ...(e.tls.certFile && { cert_file: e.tls.certFile }),
            ...(e.tls.keyFile && { key_file: e.tls.keyFile }),
          },
        },
      }),
    })),
  }, { lineWidth: 0 });
}
