/**
 * `npm start`: the bot. Starts Discord and/or Slack when their tokens are set, else the terminal adapter,
 * all on one engine and one bot core. Also: the operations endpoint (`/healthz`, `/metrics`) when
 * `METRICS_PORT` is set (on `METRICS_HOST`), the switch to snapshots published by other processes (every
 * `SNAPSHOT_WATCH_MS`), and a graceful shutdown on SIGTERM/SIGINT (bounded by `SHUTDOWN_TIMEOUT_MS`).
 */
import { Bot } from '../src/bot.js';
import { fail } from '../src/cli/common.js';
import { loadConfig } from '../src/config.js';
import { loadEnvFile } from '../src/env-file.js';
import { openBotEngine, type Engine } from '../src/engine.js';
import { asError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { BotMetrics } from '../src/ops/metrics.js';
import { startOpsServer, type OpsServer } from '../src/ops/server.js';
import { createShutdown, handleSignals } from '../src/ops/shutdown.js';
import { StoreService } from '../src/store/service.js';
import { SharedRateLimiter } from '../src/store/ratelimit.js';
import type { Adapter } from './adapter.js';
import { ConsoleAdapter } from './console/adapter.js';

async function main(): Promise<void> {
  let config;
  try {
    loadEnvFile();
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (e) {
    fail(e);
  }
  const terminal = !config.discord && !config.slack;
  // In the terminal, keep stderr quiet unless asked: the answers are on stdout.
  const logger = createLogger(terminal && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);
  let engine: Engine;
  try {
    engine = await openBotEngine(config, logger);
  } catch (e) {
    fail(e);
  }
  const adapters: Adapter[] = [];
  // The store never stops the bot: on a fault it warns once and its features are off.
  const store = await StoreService.open(config.store, logger);
  const metrics = new BotMetrics({ engine, adapters: () => adapters, store });
  const rateLimit = terminal ? { max: 1_000_000, windowMs: 1000 } : config.rateLimit;
  // With DATABASE_URL, limits are counted in PostgreSQL: they hold across replicas.
  const limiter = config.store.url && !terminal ? new SharedRateLimiter(store, rateLimit) : undefined;
  const bot = new Bot({ engine, logger, rateLimit, observer: metrics, store, ...(limiter ? { limiter } : {}) });
  let ops: OpsServer | null = null;
  const shutdown = createShutdown({
    bot,
    adapters: () => adapters,
    others: () => [...(ops ? [{ name: 'ops endpoint', close: () => ops!.close() }] : []), { name: 'engine', close: () => engine.close() }, { name: 'store', close: () => store.close() }],
    logger,
    timeoutMs: config.shutdownTimeoutMs,
  });
  handleSignals(shutdown);
  if (config.discord) {
    const { DiscordAdapter } = await import('./discord/adapter.js');
    adapters.push(new DiscordAdapter({ bot, config: config.discord, logger, maxQuestionLength: config.maxQuestionLength }));
  }
  if (config.slack) {
    const { SlackAdapter } = await import('./slack/adapter.js');
    adapters.push(new SlackAdapter({ bot, config: config.slack, logger, maxQuestionLength: config.maxQuestionLength }));
  }
  if (terminal) {
    adapters.push(new ConsoleAdapter({ bot, maxQuestionLength: config.maxQuestionLength, onEnd: () => void shutdown('end of input', 0) }));
  }
  if (config.metricsPort) {
    try {
      ops = await startOpsServer({ port: config.metricsPort, host: config.metricsHost, engine, adapters: () => adapters, metrics, logger });
    } catch (e) {
      logger.error({ err: asError(e), host: config.metricsHost, port: config.metricsPort }, asError(e).message);
      await shutdown('ops endpoint failed', 1);
      return;
    }
  }
  let started = 0;
  for (const a of adapters) {
    try {
      await a.start();
      started++;
      logger.info({ adapter: a.name }, 'adapter started');
    } catch (e) {
      logger.error({ err: asError(e), adapter: a.name }, `adapter failed to start: ${asError(e).message}`);
    }
  }
  if (!started) await shutdown('no adapter could start', 1);
}

await main();
