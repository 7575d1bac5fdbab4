import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import * as net from 'net';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A started child process whose output is kept for failure messages. */
export interface Started {
  readonly proc: ChildProcess;
  output(): string;
}

export function start(cmd: string, args: string[]): Started {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d) => { out += d; });
  proc.stderr?.on('data', (d) => { out += d; });
  return { proc, output: () => out.slice(-4000) };
}

export async function stop(started: Started | undefined): Promise<void> {
  if (!started) return;
  // Gone already (exited, or killed by a signal: then exitCode stays null and 'exit' never comes again).
  if (started.proc.exitCode === null && started.proc.signalCode === null) {
    const exited = new Promise((resolve) => started.proc.once('exit', resolve));
    started.proc.kill('SIGTERM');
    const timer = setTimeout(() => started.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  // A descendant it left behind (a worker it forked) may still hold the output pipes: close our
  // ends, or they keep the jest worker alive after its last test.
  started.proc.stdout?.destroy();
  started.proc.stderr?.destroy();
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs` with `describe()`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`))));
    }).on('error', reject);
  });
}

/** POSTs a JSON body; resolves with the response body on a 2xx answer. */
export function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let answer = '';
      res.on('data', (d) => { answer += d; });
      res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve(answer) : reject(new Error(`${url}: ${res.statusCode} ${answer}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POSTs `body` as JSON (Alertmanager's alerts and silences APIs); resolves with the answer. */
export function postJson(url: string, body: unknown): Promise<string> {
  return post(url, JSON.stringify(body));
}

/** A loopback HTTP server answering every request with `handler`. */
export async function serve(handler: (req: http.IncomingMessage, body: string) => { status?: number; body?: string }): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const answer = handler(req, body);
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
