/**
 * The operations HTTP endpoint (`METRICS_PORT`, off when 0; on `METRICS_HOST`, `127.0.0.1` by default):
 * `GET /healthz` and `GET /metrics`. {@link startOpsEndpoint} serves any health and metrics source (the
 * sharding manager's is in `adapters/discord/sharding/health.ts`); {@link startOpsServer} is the endpoint of one bot process:
 *
 * `/healthz` answers JSON: `status` (`ok`, or `unavailable` with HTTP 503 when no adapter is connected),
 * the index in service (`version`, `documents`, `passages`, `loadedAt`) and every adapter with whether it
 * is connected (the terminal adapter included). `/metrics` is the Prometheus text format of
 * {@link BotMetrics}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpsEndpointError, asError } from '../errors.js';
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

/** What `/metrics` renders: {@link BotMetrics}, or the shards' metrics gathered by the sharding manager. */
export interface MetricsSource {
  /** The metrics in the Prometheus text format. */
  render(): Promise<string>;
  /** Content type of {@link MetricsSource.render}. */
  readonly contentType: string;
  /**
   * A key that changes whenever the counters change (optional). With it, a render is served again for a short
   * while until the key changes (see {@link cachedMetrics}); without it, only concurrent scrapes share a render.
   */
  version?(): string;
}

/** Options of {@link startOpsEndpoint}: the endpoint, whatever it reports on. */
export interface OpsEndpointOptions {
  /** TCP port; 0 picks a free one (see {@link OpsServer.port}). */
  port: number;
  /**
   * Interface to listen on (default `127.0.0.1`: reachable from this machine only). `0.0.0.0` (or `::`)
   * listens on every interface, as a container needs for the endpoint to be reachable from outside it.
   */
  host?: string;
  /** The body of `GET /healthz`: HTTP 200 when its `status` is `ok`, else 503. */
  health: () => Promise<{ status: 'ok' | 'unavailable' }>;
  metrics: MetricsSource;
  logger: Logger;
  /**
   * How long a rendered `/metrics` body is served again, in ms (default {@link METRICS_CACHE_MS}; 0 renders
   * every time). Concurrent scrapes share one render. Rendering costs CPU on the thread that answers the
   * chat platforms: a flood of scrapes must not delay their acknowledgements.
   */
  metricsCacheMs?: number;
  /** Most connections open at once; more are refused (default {@link MAX_OPS_CONNECTIONS}). */
  maxConnections?: number;
}

/** Default of {@link OpsEndpointOptions.metricsCacheMs}: Prometheus scrapes every 15 s or more. */
export const METRICS_CACHE_MS = 1000;
/** Default of {@link OpsEndpointOptions.maxConnections}: a scraper and a health checker need a few. */
export const MAX_OPS_CONNECTIONS = 32;

/**
 * A {@link MetricsSource} whose render is shared by the calls made while it runs, and, when the source has a
 * {@link MetricsSource.version}, served again for up to `ttlMs` while that version stays the same (so a scrape
 * right after a question still counts it; only slow-moving gauges such as memory may be `ttlMs` old).
 */
export function cachedMetrics(source: MetricsSource, ttlMs: number, now: () => number = () => Date.now()): MetricsSource {
  let last: { body: string; at: number; version: string } | undefined;
  let pending: Promise<string> | undefined;
  return {
    get contentType() {
      return source.contentType;
    },
    render() {
      const version = source.version?.();
      if (last && version !== undefined && version === last.version && now() - last.at < ttlMs) return Promise.resolve(last.body);
      pending ??= source.render().then(
        (body) => {
          last = { body, at: now(), version: version ?? '' };
          pending = undefined;
          return body;
        },
        (e: unknown) => {
          pending = undefined;
          throw e;
        },
      );
      return pending;
    },
  };
}

/** Options of {@link startOpsServer}: the endpoint of one bot process. */
export interface OpsServerOptions extends Omit<OpsEndpointOptions, 'health' | 'metrics'> {
  engine: StatusSource;
  adapters: () => readonly ConnectionSource[];
  metrics: BotMetrics;
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

/** Starts the operations endpoint of one bot process ({@link healthReport}, {@link BotMetrics}). Resolves once it listens. */
export function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  return startOpsEndpoint({ ...opts, health: async () => healthReport(opts.engine, opts.adapters()) });
}

/**
 * Starts an operations endpoint serving `health` on `GET /healthz` and `metrics` on `GET /metrics`
 * (`HEAD` too; 404 elsewhere, 405 for other methods). Resolves once it listens.
 * @throws {@link OpsEndpointError} when it cannot listen (port taken, address not on this machine)
 */
export async function startOpsEndpoint(opts: OpsEndpointOptions): Promise<OpsServer> {
  const metrics = cachedMetrics(opts.metrics, opts.metricsCacheMs ?? METRICS_CACHE_MS);
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
      const report = await opts.health();
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(report)}\n`);
      return;
    }
    const body = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  // Bounded: connections beyond the cap are closed at once, and a client must send its request quickly.
  server.maxConnections = opts.maxConnections ?? MAX_OPS_CONNECTIONS;
  server.headersTimeout = 5000;
  server.requestTimeout = 10_000;
  let refused = 0;
  server.on('drop', () => {
    if (refused++ % 1000 === 0) opts.logger.warn({ maxConnections: server.maxConnections, refused }, 'ops endpoint: too many connections; refusing');
  });
  const host = opts.host ?? DEFAULT_OPS_HOST;
  await new Promise<void>((resolve, reject) => {
    const failed = (e: Error) => reject(new OpsEndpointError(host, opts.port, e));
    server.once('error', failed);
    server.listen(opts.port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  opts.logger.info({ host: address.address, port: address.port }, 'ops endpoint listening (/healthz, /metrics)');
  return {
    port: address.port,
    host: address.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
