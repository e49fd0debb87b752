/**
 * `npm run start:sharded`: runs the Discord bot under discord.js's {@link ShardingManager}, one process per
 * shard (each process runs `shard.ts`: its own engine, bot core and adapter). A moderator's corpus refresh
 * in one shard is relayed here and sent to every other shard, which refreshes its own engine. With
 * `METRICS_PORT` set, this process serves `/healthz` and `/metrics` for all the shards (on `METRICS_HOST`),
 * asking each over IPC ({@link ShardedOps}); the shards themselves do not listen.
 *
 * On SIGTERM or SIGINT it shuts down gracefully ({@link createShardedShutdown}; the sequence:
 * src/ops/README.md, "Shutdown").
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ShardingManager, type Shard } from 'discord.js';
import { loadConfig } from '../../src/config.js';
import { loadEnvFile } from '../../src/env-file.js';
import { asError } from '../../src/errors.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { startOpsEndpoint, type OpsServer } from '../../src/ops/server.js';
import { ShardedOps } from './sharding/health.js';
import { isShardRefreshMessage } from './sharding/protocol.js';
import { SHARD_STOP_GRACE_MS, ShardStopper, type ShardsStopSummary } from './sharding/stopper.js';
import { handleSignals } from '../../src/ops/shutdown.js';
import type { DiscordConfig } from './adapter.js';

/** The per-shard entry file, next to this one (same extension, so it works under tsx and compiled). */
export const SHARD_FILE = fileURLToPath(import.meta.url).replace(/sharded\.(ts|js)$/, 'shard.$1');

/**
 * Asks Discord how many shards the bot needs (`GET /gateway/bot`), on the configured API base URL
 * (discord.js's own helper always asks discord.com).
 */
export async function recommendedShardCount(config: DiscordConfig, timeoutMs = 10_000): Promise<number> {
  const res = await fetch(`${config.apiUrl}/v10/gateway/bot`, {
    headers: { Authorization: `Bot ${config.token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status === 401) throw new Error('Discord refused the token (401 on /gateway/bot): check DISCORD_TOKEN');
  if (!res.ok) throw new Error(`Discord answered ${res.status} on /gateway/bot`);
  const body = (await res.json()) as { shards?: unknown };
  const n = Number(body.shards);
  if (!Number.isInteger(n) || n < 1) throw new Error(`Discord returned an invalid shard count: ${String(body.shards)}`);
  return n;
}

/** Options of {@link createShardingManager}. */
export interface ShardedOptions {
  config: DiscordConfig;
  logger: Logger;
  /** Number of shards; default: Discord's recommendation. */
  totalShards?: number;
  /** Entry file of each shard (default {@link SHARD_FILE}). */
  file?: string;
  /** Respawn dead shards (default true). */
  respawn?: boolean;
  /** Delay between shard spawns (default 5.5 s, Discord's identify pace). */
  spawnDelayMs?: number;
  /** Per-shard ready timeout (default 60 s). */
  readyTimeoutMs?: number;
  /** Node arguments of the shard processes (default: this process's, which keep tsx's loader). */
  execArgv?: string[];
}

/**
 * Creates the manager and wires the refresh relay: a `{ quotebot: 'refresh' }` message from one shard is
 * sent to every other shard.
 */
export function createShardingManager(opts: ShardedOptions & { totalShards: number }): ShardingManager {
  const log = opts.logger.child({ component: 'sharding' });
  const manager = new ShardingManager(opts.file ?? SHARD_FILE, {
    token: opts.config.token,
    totalShards: opts.totalShards,
    mode: 'process',
    respawn: opts.respawn ?? true,
    // Keep tsx's loader (when run with tsx) in the shard processes.
    execArgv: opts.execArgv ?? process.execArgv,
  });
  manager.on('shardCreate', (shard: Shard) => {
    log.info({ shard: shard.id }, 'shard created');
    shard.on('death', () => log.warn({ shard: shard.id }, 'shard process exited'));
    shard.on('message', (m: unknown) => {
      if (!isShardRefreshMessage(m)) return;
      const others = [...manager.shards.values()].filter((s) => s.id !== shard.id && !m.from.includes(s.id));
      log.info({ from: m.from, to: others.map((s) => s.id) }, 'relaying corpus refresh to the other shards');
      for (const s of others) s.send(m).catch((e: unknown) => log.error({ err: asError(e), shard: s.id }, 'relay failed'));
    });
  });
  return manager;
}

/** The ids of the shards the manager runs: its shard list, else 0 … totalShards − 1 (none while unknown). */
export function expectedShardIds(manager: ShardingManager): number[] {
  if (Array.isArray(manager.shardList)) return [...manager.shardList];
  return typeof manager.totalShards === 'number' ? [...Array(manager.totalShards).keys()] : [];
}

/**
 * The shards' health and metrics, for the manager's operations endpoint: a {@link ShardedOps} that hands
 * requests to the shards' processes and receives their answers (from shards created before or after this
 * call).
 */
export function createShardOps(manager: ShardingManager, opts: { logger: Logger; timeoutMs?: number }): ShardedOps {
  const ops = new ShardedOps({
    shardIds: () => expectedShardIds(manager),
    shard: (id) => {
      const shard = manager.shards.get(id);
      return shard?.process && shard.process.connected ? shard : undefined;
    },
    timeoutMs: opts.timeoutMs,
    logger: opts.logger.child({ component: 'sharding' }),
  });
  const wire = (shard: Shard) => shard.on('message', (m: unknown) => void ops.receive(m));
  for (const shard of manager.shards.values()) wire(shard);
  manager.on('shardCreate', wire);
  return ops;
}

/** Options of {@link startSharded}. */
export interface StartShardedOptions extends ShardedOptions {
  /** Port of the manager's `/healthz` and `/metrics` for every shard (`METRICS_PORT`); 0 or unset = off. */
  metricsPort?: number;
  /** Interface of that endpoint (`METRICS_HOST`, default `127.0.0.1`). */
  metricsHost?: string;
}

/** A running sharded bot. */
export interface Sharded {
  manager: ShardingManager;
  /** The operations endpoint, when `metricsPort` was set. */
  ops: OpsServer | null;
}

/**
 * Creates the manager and, when `metricsPort` is set, starts its operations endpoint; no shard runs yet
 * (`/healthz` answers 503 until every shard is ready).
 */
export async function prepareSharded(opts: StartShardedOptions & { totalShards: number }): Promise<Sharded> {
  const manager = createShardingManager(opts);
  let ops: OpsServer | null = null;
  if (opts.metricsPort) {
    const shards = createShardOps(manager, { logger: opts.logger });
    ops = await startOpsEndpoint({ port: opts.metricsPort, host: opts.metricsHost, health: () => shards.health(), metrics: shards, logger: opts.logger });
  }
  return { manager, ops };
}

/**
 * Spawns every shard of a prepared manager, one after the other at `spawnDelayMs` (Discord's identify
 * pace); resolves once all are ready. Rejects when a shard dies or is not ready in time (a shard asked to
 * stop while it starts, too); the shards already running are left running.
 */
export async function spawnShards(sharded: Sharded, opts: Pick<ShardedOptions, 'logger' | 'spawnDelayMs' | 'readyTimeoutMs'>): Promise<void> {
  await sharded.manager.spawn({ delay: opts.spawnDelayMs ?? 5_500, timeout: opts.readyTimeoutMs ?? 60_000 });
  opts.logger.info({ shards: expectedShardIds(sharded.manager).length }, 'all shards ready');
}

/** Starts the operations endpoint (when `metricsPort` is set), then every shard; resolves once all are ready. */
export async function startSharded(opts: StartShardedOptions): Promise<Sharded> {
  const totalShards = opts.totalShards ?? (await recommendedShardCount(opts.config));
  const sharded = await prepareSharded({ ...opts, totalShards });
  try {
    await spawnShards(sharded, opts);
  } catch (e) {
    await sharded.ops?.close();
    throw e;
  }
  return sharded;
}

/** Options of {@link createShardedShutdown}. */
export interface ShardedShutdownOptions {
  logger: Logger;
  /** `SHUTDOWN_TIMEOUT_MS`: how long each shard waits for its questions in flight. */
  timeoutMs: number;
  /** Time given beyond `timeoutMs` for a shard to disconnect and exit (default {@link SHARD_STOP_GRACE_MS}). */
  graceMs?: number;
  /** Ends the process (default `process.exit`). */
  exit?: (code: number) => void;
}

/** What a shutdown of the sharded bot did. */
export interface ShardedShutdownSummary extends ShardsStopSummary {
  reason: string;
  /** The exit code: 0 when every shard stopped cleanly, else 1 (or the code asked for, when higher). */
  code: number;
}

/**
 * Returns the manager's graceful shutdown (described in src/ops/README.md, "Shutdown"): stop respawning,
 * ask every shard to stop, kill those still running `timeoutMs + graceMs` later ({@link ShardStopper}),
 * close the endpoint, exit 0 when every shard exited 0 by itself, else 1. Later calls return the same promise.
 */
export function createShardedShutdown(sharded: Sharded, opts: ShardedShutdownOptions): (reason: string, code?: number) => Promise<ShardedShutdownSummary> {
  const { manager } = sharded;
  const log = opts.logger.child({ component: 'sharding' });
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let running: Promise<ShardedShutdownSummary> | null = null;
  return (reason, code = 0) => {
    running ??= (async () => {
      manager.respawn = false;
      const stopper = new ShardStopper({ timeoutMs: opts.timeoutMs, graceMs: opts.graceMs, logger: log });
      const live = [...manager.shards.values()].filter((s) => s.process);
      log.info(
        { reason, shards: live.map((s) => s.id), timeoutMs: opts.timeoutMs, graceMs: opts.graceMs ?? SHARD_STOP_GRACE_MS },
        'shutting down: asking every shard to stop',
      );
      for (const s of live) stopper.stop(s.id, s.process!);
      // Shards spawned from now on (the manager spawns them one at a time; a respawn may be under way) are
      // asked as soon as their process exists.
      const late = (shard: Shard) => shard.once('spawn', () => shard.process && stopper.stop(shard.id, shard.process));
      manager.on('shardCreate', late);
      for (const s of manager.shards.values()) if (!s.process) late(s);
      const stopped = await stopper.settled();
      manager.off('shardCreate', late);
      await sharded.ops?.close().catch((e: unknown) => log.warn({ err: asError(e) }, 'closing the ops endpoint failed'));
      const summary: ShardedShutdownSummary = { reason, ...stopped, code: Math.max(code, stopped.clean ? 0 : 1) };
      log[summary.clean ? 'info' : 'warn'](summary, 'stopped');
      log.flush?.();
      exit(summary.code);
      return summary;
    })();
    return running;
  };
}

async function main(): Promise<void> {
  let logger: Logger = createLogger('info');
  try {
    loadEnvFile();
    const config = loadConfig(process.env, process.argv.slice(2));
    logger = createLogger(config.logLevel);
    if (!config.discord) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to run the sharded bot');
    const totalShards = await recommendedShardCount(config.discord);
    const opts: StartShardedOptions = { config: config.discord, logger, metricsPort: config.metricsPort, metricsHost: config.metricsHost };
    const sharded = await prepareSharded({ ...opts, totalShards });
    let stopping = false;
    const stop = createShardedShutdown(sharded, { logger, timeoutMs: config.shutdownTimeoutMs });
    const shutdown = (reason: string, code?: number) => {
      stopping = true;
      return stop(reason, code);
    };
    // Before the first shard is spawned: a signal while they start stops those already running.
    handleSignals(shutdown);
    try {
      await spawnShards(sharded, opts);
    } catch (e) {
      if (stopping) return; // a shard asked to stop before it was ready
      logger.fatal({ err: asError(e) }, `sharded start failed: ${asError(e).message}`);
      await shutdown('start failed', 1);
    }
  } catch (e) {
    logger.fatal({ err: asError(e) }, `sharded start failed: ${asError(e).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
