import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { parse } from 'yaml';
import { freePort, start, Started, stop, waitFor } from './support/processes';
import { haReferenceCluster, tempDir } from './support/reference';

/**
 * The `ha` cluster's gateway under a real nginx on loopback, in front of three stand-ins for
 * Loki's read, write and backend targets: each request must reach the target that serves it.
 * As in loki-gateway.nginx.test.ts, only the listen port, the upstream addresses, the resolver,
 * the /tmp paths and the access log are rewritten.
 */
const TARGETS = ['read', 'write', 'backend'] as const;
type Target = (typeof TARGETS)[number];
const reached: { target: Target; url: string }[] = [];
const servers = TARGETS.map((target) => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      reached.push({ target, url: req.url! });
      res.end(target);
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    reached.push({ target, url: `upgrade ${req.url}` });
    socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
  });
  return server;
});
let nginx: Started | undefined;
let base: string;
let confFile: string;

function request(method: string, urlPath: string, headers: Record<string, string> = {}): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${urlPath}`, { method, headers }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const ports: number[] = [];
  for (const server of servers) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as net.AddressInfo).port);
  }
  const dir = tempDir('nginx-ssd-');
  const port = await freePort();
  let conf: string = parse(haReferenceCluster().files.get('loki/configmap-loki-gateway.yaml')!).data['nginx.conf'];
  TARGETS.forEach((t, i) => { conf = conf.replace(new RegExp(`set \\$loki_${t} http://[^;]+;`), `set $loki_${t} http://127.0.0.1:${ports[i]};`); });
  conf = conf.replace(/listen 8080;/, `listen 127.0.0.1:${port};`).replace(/resolver [^;]+;/, 'resolver 127.0.0.1;')
    .replaceAll('/tmp/', `${dir}/`).replace('access_log /dev/stdout;', `access_log ${dir}/access.log;`);
  confFile = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  base = `http://127.0.0.1:${port}`;
  nginx = start('nginx', ['-e', 'stderr', '-p', dir, '-c', confFile, '-g', 'daemon off;']);
  await waitFor(async () => ((await request('GET', '/')) === 200 ? true : undefined), 10000, () => nginx!.output());
});

afterAll(async () => {
  await stop(nginx);
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => { reached.length = 0; });

describe('the scalable Loki gateway under a real nginx', () => {
  test('nginx -t accepts the rendered configuration', () => {
    expect(() => execFileSync('nginx', ['-t', '-e', 'stderr', '-c', confFile], { stdio: 'pipe' })).not.toThrow();
  });

  test.each<[string, string, Target]>([
    ['POST', '/loki/api/v1/push', 'write'],
    ['GET', '/loki/api/v1/query_range?query=%7Bnamespace%3D%22a%22%7D', 'read'],
    ['GET', '/loki/api/v1/labels', 'read'],
    ['GET', '/ready', 'read'],
    ['GET', '/loki/api/v1/rules', 'backend'],
    ['GET', '/loki/api/v1/rules/homelab', 'backend'],
    ['GET', '/prometheus/api/v1/rules', 'backend'],
    ['GET', '/prometheus/api/v1/alerts', 'backend'],
    ['POST', '/loki/api/v1/delete?query=%7Bnamespace%3D%22a%22%7D&start=1', 'backend'],
  ])('%s %s goes to the %s target', async (method, url, target) => {
    expect(await request(method, url)).toBe(200);
    expect(reached).toEqual([{ target, url }]);
  });

  test('live tailing is upgraded on the read target', async () => {
    const url = '/loki/api/v1/tail?query=%7Bnamespace%3D%22a%22%7D';
    expect(await request('GET', url, { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' })).toBe(101);
    expect(reached).toEqual([{ target: 'read', url: `upgrade ${url}` }]);
  });

  test('exposes nothing else', async () => {
    for (const p of ['/config', '/metrics', '/distributor/ring', '/compactor/ring']) expect(await request('GET', p)).toBe(404);
    expect(reached).toEqual([]);
  });
});
