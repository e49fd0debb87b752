/**
 * The operations HTTP endpoint (`METRICS_PORT`, off when 0; on `METRICS_HOST`, `127.0.0.1` by default):
 * `GET /healthz` and `GET /metrics`.
 *
 * `/healthz` answers JSON: `status` (`ok`, or `unavailable` with HTTP 503 when no adapter is connected),
 * the index in service (`version`, `documents`, `passages`, `loadedAt`) and every adapter with whether it
 * is connected (the terminal adapter included). `/metrics` is the Prometheus text format of
 * {@link BotMetrics}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { asError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { BotMetrics, ConnectionSource, StatusSource } from './metrics.js';

/** Interface the endpoint listens on unless told otherwise: this machine only. */
export const DEFAULT_OPS_HOST = '127.0.0.1';

/** Body of `GET /healthz`. */
export interface HealthReport {
  /** `ok` when at least one adapter is connected, else `unavailable` (HTTP 503). */
  status: 'ok' | 'unavailable';
  /** The index in service. */
  index: { version: string; documents: number; passages: number; loadedAt: string };
  /** Each adapter and whether it is connected. */
  adapters: { name: string; connected: boolean }[];
}

/** Options of {@link startOpsServer}. */
export interface OpsServerOptions {
  /** TCP port; 0 picks a free one (see {@link OpsServer.port}). */
  port: number;
  /**
   * Interface to listen on (default `127.0.0.1`: reachable from this machine only). `0.0.0.0` (or `::`)
   * listens on every interface, as a container needs for the endpoint to be reachable from outside it.
   */
  host?: string;
  engine: StatusSource;
  adapters: () => readonly ConnectionSource[];
  metrics: BotMetrics;
  logger: Logger;
}

/** A running operations endpoint. */
export interface OpsServer {
  /** The port it listens on. */
  readonly port: number;
  /** The address it listens on (`127.0.0.1` by default). */
  readonly host: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Builds the health report. */
export function healthReport(engine: StatusSource, adapters: readonly ConnectionSource[]): HealthReport {
  const s = engine.status();
  const list = adapters.map((a) => ({ name: a.name, connected: a.isConnected() }));
  return {
    status: list.some((a) => a.connected) ? 'ok' : 'unavailable',
    index: { version: s.version, documents: s.documents, passages: s.passages, loadedAt: s.loadedAt },
    adapters: list,
  };
}

/** Starts the operations endpoint. Resolves once it listens. */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      opts.logger.error({ err: asError(e) }, 'ops endpoint failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== '/healthz' && pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (pathname === '/healthz') {
      const report = healthReport(opts.engine, opts.adapters());
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(report)}\n`);
      return;
    }
    const body = await opts.metrics.render();
    res.writeHead(200, { 'content-type': opts.metrics.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? DEFAULT_OPS_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address: host } = server.address() as AddressInfo;
  opts.logger.info({ host, port }, 'ops endpoint listening (/healthz, /metrics)');
  return {
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
