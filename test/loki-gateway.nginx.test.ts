import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { parse } from 'yaml';
import { freePort, start, Started, stop, waitFor } from './support/processes';
import { referenceCluster, tempDir } from './support/reference';

/**
 * The rendered gateway configuration run by a real nginx (Debian's) on loopback, in front of a
 * stand-in Loki that records what reaches it. Only what cannot work outside a cluster is
 * rewritten: the listen port, the Loki address, the DNS resolver, the /tmp paths and the access
 * log (the test's stdout is a socket, which /dev/stdout cannot open).
 */
interface Forwarded { method: string; url: string; body: string }

const forwarded: Forwarded[] = [];
const upgrades: string[] = [];
const loki = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    forwarded.push({ method: req.method!, url: req.url!, body });
    res.end(`loki ${req.url}`);
  });
});
// Live tailing is a WebSocket: the stand-in accepts the upgrade and records it.
loki.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
  upgrades.push(`${req.headers.upgrade} ${req.url}`);
  socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
});
let nginx: Started | undefined;
let base: string;
let confFile: string;

function request(method: string, urlPath: string, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${urlPath}`, { method }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  await new Promise<void>((resolve) => loki.listen(0, '127.0.0.1', resolve));
  const lokiPort = (loki.address() as net.AddressInfo).port;
  const dir = tempDir('nginx-');
  const port = await freePort();
  const rendered: string = parse(referenceCluster().files.get('loki/configmap-loki-gateway.yaml')!).data['nginx.conf'];
  const conf = rendered
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
    .replace(/resolver [^;]+;/, 'resolver 127.0.0.1;')
    .replace(/set \$loki http:\/\/[^;]+;/, `set $loki http://127.0.0.1:${lokiPort};`)
    .replaceAll('/tmp/', `${dir}/`)
    .replace('access_log /dev/stdout;', `access_log ${dir}/access.log;`);
  confFile = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  base = `http://127.0.0.1:${port}`;
  nginx = start('nginx', ['-e', 'stderr', '-p', dir, '-c', confFile, '-g', 'daemon off;']);
  await waitFor(async () => ((await request('GET', '/')).status === 200 ? true : undefined), 10000, () => nginx!.output());
});

afterAll(async () => {
  await stop(nginx);
  await new Promise((resolve) => loki.close(resolve));
});

beforeEach(() => {
  forwarded.length = 0;
  upgrades.length = 0;
});

describe('the Loki gateway under a real nginx', () => {
  test('nginx -t accepts the rendered configuration', () => {
    expect(() => execFileSync('nginx', ['-t', '-e', 'stderr', '-c', confFile], { stdio: 'pipe' })).not.toThrow();
  });

  test('answers its own probe without calling Loki', async () => {
    expect(await request('GET', '/')).toEqual({ status: 200, body: 'OK' });
    expect(forwarded).toEqual([]);
  });

  test('passes a push to Loki with its body', async () => {
    const push = JSON.stringify({ streams: [{ stream: { namespace: 'default' }, values: [['1', 'line']] }] });
    expect((await request('POST', '/loki/api/v1/push', push)).status).toBe(200);
    expect(forwarded).toEqual([{ method: 'POST', url: '/loki/api/v1/push', body: push }]);
  });

  test('passes queries, the ruler API and readiness with their query strings intact', async () => {
    const paths = [
      '/loki/api/v1/query_range?query=%7Bnamespace%3D%22default%22%7D&limit=10',
      '/loki/api/v1/labels',
      '/prometheus/api/v1/rules',
      '/ready',
    ];
    for (const p of paths) expect(await request('GET', p)).toEqual({ status: 200, body: `loki ${p}` });
    expect(forwarded.map((f) => f.url)).toEqual(paths);
  });

  test('passes the live-tail WebSocket upgrade through to Loki', async () => {
    const query = '/loki/api/v1/tail?query=%7Bnamespace%3D%22default%22%7D';
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.request(`${base}${query}`, {
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
      });
      req.on('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); });
      req.on('response', (res) => resolve(res.statusCode));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(101);
    expect(upgrades).toEqual([`websocket ${query}`]);
  });

  test('serves its status page to the metrics sidecar on loopback', async () => {
    const status = await request('GET', '/stub_status');
    expect(status.status).toBe(200);
    expect(status.body).toMatch(/^Active connections: \d+/);
  });

  test('exposes nothing else of Loki', async () => {
    for (const p of ['/config', '/metrics', '/distributor/ring', '/index.html']) {
      expect((await request('GET', p)).status).toBe(404);
    }
    expect(forwarded).toEqual([]);
  });
});
