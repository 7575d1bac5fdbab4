import { App } from 'cdk8s';
import { renderCluster } from '../charts/stack';
import { datacenter } from './fixtures/datacenter';
import { homelab } from './fixtures/homelab';
import { ClusterConfig } from '../config';
import { Component } from '../lib/core/component';
import { ObservedService } from '../lib/monitoring/observed-service';

/** Inputs judged by what they do on a cluster: ports, DNS names, hosts. */
const remote = (changes: object): ClusterConfig => ({ ...datacenter, thanos: { ...datacenter.thanos!, remoteEndpoints: [{ ...datacenter.thanos!.remoteEndpoints![0], ...changes }] } });

describe('ports and DNS names', () => {
  test.each<[string, ClusterConfig, string]>([
    ['a Store API peer on port 65536', remote({ address: 'thanos-grpc.edge.example.net:65536' }),
      'config/datacenter/thanos: remoteEndpoints[0].address = "thanos-grpc.edge.example.net:65536" is not valid; expected host:port with a port from 1 to 65535'],
    ['a Store API peer on port 0', remote({ address: 'thanos-grpc.edge.example.net:0' }), 'remoteEndpoints[0].address = "thanos-grpc.edge.example.net:0" is not valid'],
    ['a TLS serverName with a port', remote({ serverName: 'thanos-grpc.edge.example.net:443' }),
      'config/datacenter/thanos: remoteEndpoints[0].serverName = "thanos-grpc.edge.example.net:443" is not valid; expected a DNS name such as "thanos.example.net" (without the port'],
    ['a TLS serverName with a scheme', remote({ serverName: 'https://thanos.example.net' }), 'remoteEndpoints[0].serverName = "https://thanos.example.net" is not valid; expected a DNS name such as "thanos.example.net" (without the scheme)'],
    ['a Grafana database on port 70000', { ...homelab, grafana: { ...homelab.grafana, database: { type: 'postgres', host: 'pg.data.svc:70000', name: 'g', user: 'g', password: { name: 'pg', key: 'p' } } } },
      'config/homelab/grafana: database.host = "pg.data.svc:70000" is not valid; expected host:port with a port from 1 to 65535'],
  ])('%s is refused', (_name, config, message) => {
    expect(() => renderCluster(config)).toThrow(message);
  });
  test('a TLS serverName alone is accepted and rendered', () => {
    const files = renderCluster(remote({ serverName: 'store.edge.example.net' })).files;
    expect(files.get('thanos/configmap-thanos-query-endpoints.yaml')).toContain('server_name: store.edge.example.net');
  });
  test.each<[string, object, RegExp]>([
    ['port 65536', { port: 65536 }, /shop\/orders: service\.port = 65536 is not valid; expected a port number from 1 to 65535/],
    ['target port 0', { port: 8080, targetPort: 0 }, /service\.targetPort = 0 is not valid; expected a port number from 1 to 65535/],
    ['a target port name Kubernetes refuses', { port: 8080, targetPort: 'Metrics_Port' }, /service\.targetPort = "Metrics_Port" is not valid; expected a container port name/],
  ])('an ObservedService Service on %s is refused', (_name, service, message) => {
    const chart = new Component(new App(), 'shop', { namespace: 'shop', phase: 'resources' });
    expect(() => new ObservedService(chart, 'orders', { name: 'orders', selector: { app: 'orders' }, port: 'metrics', service: service as { port: number } })).toThrow(message);
  });
});

describe('every derived request and volume fits a node of the configured size', () => {
  test('100 000 nodes: Prometheus would request more memory than a node has; synth names the inputs', () => {
    expect(() => renderCluster({ ...datacenter, nodeCount: 100_000 })).toThrow(
      /^config\/datacenter: nodeSize\.memory = "16Gi" is not valid; expected at least the \d+Gi that prometheus\/Prometheus prometheus requests, or its pod fits no node and stays Pending: lower what sizes it \(nodeCount, the observed services .*\), or set nodeSize\.memory to what a node offers if it is larger$/);
  });
  test('larger nodes take the same cluster', () => {
    expect(() => renderCluster({ ...homelab, nodeCount: 2_000, nodeSize: { cpu: '64', memory: '512Gi' } })).not.toThrow();
    expect(() => renderCluster({ ...homelab, nodeCount: 2_000 })).toThrow(/nodeSize\.memory = "16Gi" is not valid/);
  });
  test('a volume larger than the StorageClass provisions names the field that sizes it', () => {
    expect(() => renderCluster({ ...homelab, nodeSize: { maxVolumeSize: '20Gi' } })).toThrow(
      /config\/homelab: nodeSize\.maxVolumeSize = "20Gi" is not valid; expected at least the 50Gi volume .* of prometheus\/Prometheus prometheus, or its claim never binds: lower what sizes it \(.*its volume is prometheus\.storageSize\)/);
  });
  test('the node size itself is checked as quantities', () => {
    expect(() => renderCluster({ ...homelab, nodeSize: { memory: '16GB' } })).toThrow('config/homelab: nodeSize.memory = "16GB" is not valid');
    expect(() => renderCluster({ ...homelab, nodeSize: { cpu: 'four' } })).toThrow('config/homelab: nodeSize.cpu = "four" is not valid');
  });
});
