/**
 * A local HTTP server for URL tests (127.0.0.1, a port the OS picks): routes answer with a status, headers
 * and a body, a redirect, or a body that never ends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route answers. */
export type Route =
  | { body: string | Uint8Array; type?: string; status?: number; chunked?: boolean }
  | { redirect: string; status?: number }
  | { hang: true };

/** A running test web server. */
export interface WebServer {
  /** `http://127.0.0.1:PORT`. */
  base: string;
  port: number;
  routes: Map<string, Route>;
  /** Paths requested, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** Starts a server answering `routes` (path → route); anything else is 404. */
export async function startWebServer(routes: Record<string, Route> = {}): Promise<WebServer> {
  const table = new Map(Object.entries(routes));
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    hits.push(p);
    const r = table.get(p);
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if ('hang' in r) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body>');
      return; // never ends
    }
    if ('redirect' in r) {
      res.writeHead(r.status ?? 302, { location: r.redirect }).end();
      return;
    }
    const body = typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body);
    const headers: Record<string, string> = r.type ? { 'content-type': r.type } : {};
    if (!r.chunked) headers['content-length'] = String(body.length);
    res.writeHead(r.status ?? 200, headers);
    if (r.chunked) {
      for (let i = 0; i < body.length; i += 64 * 1024) res.write(body.subarray(i, i + 64 * 1024));
      res.end();
    } else res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    routes: table,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
