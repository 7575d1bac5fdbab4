/**
 * Which server a URL reaches, for comparing two clusters' settings by meaning rather than by
 * spelling: the host in lower case (DNS is case-insensitive), the port with the scheme's default
 * filled in (`https://s3.example.net` is `s3.example.net:443`), the scheme itself left out (one
 * host and port is one server), the path left out. An in-cluster address (`.svc`,
 * `.svc.cluster.local`, a bare Service name) is each cluster's own: it is qualified with the
 * cluster, so two clusters' in-cluster Garage at the same address are two stores.
 */
export function serverIdentity(url: string, cluster: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${cluster}/${url}`;
  }
  const defaults: Record<string, string> = { 'http:': '80', 'https:': '443', 'grpc:': '80', 'ssh:': '22' };
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  const port = parsed.port || defaults[parsed.protocol] || '';
  const inCluster = isInClusterHost(host);
  // `garage.garage.svc.cluster.local` and `garage.garage.svc` are one Service.
  const canonical = inCluster ? host.replace(/\.cluster\.local$/, '') : host;
  return `${inCluster ? `${cluster}/` : ''}${canonical}:${port}`;
}

/** Whether `host` is a Kubernetes Service address inside the cluster that dials it. */
export function isInClusterHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h.endsWith('.svc') || h.endsWith('.svc.cluster.local') || h.endsWith('.cluster.local') || (!h.includes('.') && !/^[\d:[\]]+$/.test(h) && h !== 'localhost');
}

/** An issuer URL by meaning: its server (as serverIdentity) and its path without a trailing slash. */
export function issuerIdentity(url: string, cluster: string): string {
  try {
    return `${serverIdentity(url, cluster)}${new URL(url).pathname.replace(/\/+$/, '')}`;
  } catch {
    return `${cluster}/${url}`;
  }
}
