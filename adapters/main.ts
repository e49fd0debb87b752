/**
 * `npm start`: the bot. Starts Discord and/or Slack when their tokens are set, else the terminal adapter,
 * all on one engine and one bot core. Also: the operations endpoint (`/healthz`, `/metrics`) when
 * `METRICS_PORT` is set (on `METRICS_HOST`), the switch to snapshots published by other processes (every
 * `SNAPSHOT_WATCH_MS`), and a graceful shutdown on SIGTERM/SIGINT (src/ops/README.md, "Shutdown").
 */
import { Bot } from '../src/bot.js';
import { fail } from '../src/cli/common.js';
import { loadConfig } from '../src/config.js';
import { startCorpusServices } from '../src/corpus/service.js';
import { loadEnvFile } from '../src/env-file.js';
import { asError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { BotMetrics } from '../src/ops/metrics.js';
import { startOpsServer, type OpsServer } from '../src/ops/server.js';
import { handleFatalErrors } from '../src/ops/fatal.js';
import { createShutdown, handleSignals } from '../src/ops/shutdown.js';
import { StoreService } from '../src/store/service.js';
import { StoreDeduplicator } from '../src/ops/dedupe.js';
import { SharedRateLimiter } from '../src/store/ratelimit.js';
import { openAnswerEngine, type BotEngine } from '../src/pool/answer-pool.js';
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
  let engine: BotEngine;
  try {
    engine = await openAnswerEngine(config, logger);
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
  const corpus = startCorpusServices(config, engine, logger, (change) => store.recordCorpusChange(change));
  const bot = new Bot({ engine, logger, rateLimit, observer: metrics, store, ...(limiter ? { limiter } : {}), corpus: corpus.manager });
  let ops: OpsServer | null = null;
  const shutdown = createShutdown({
    bot,
    adapters: () => adapters,
    others: () => [...(ops ? [{ name: 'ops endpoint', close: () => ops!.close() }] : []), { name: 'corpus watch', close: () => corpus.close() }, { name: 'engine', close: () => engine.close() }, { name: 'store', close: () => store.close() }],
    logger,
    timeoutMs: config.shutdownTimeoutMs,
  });
  handleSignals(shutdown);
  handleFatalErrors({ shutdown, logger });
  if (config.discord) {
    const { DiscordAdapter } = await import('./discord/adapter.js');
    adapters.push(new DiscordAdapter({ bot, config: config.discord, logger, maxQuestionLength: config.maxQuestionLength }));
  }
  if (config.slack) {
    const { SlackAdapter } = await import('./slack/adapter.js');
    // Retried events are recognised by every replica on the same store.
    adapters.push(new SlackAdapter({ bot, config: config.slack, logger, maxQuestionLength: config.maxQuestionLength, dedupe: new StoreDeduplicator(store) }));
  }
  if (terminal) {
    adapters.push(
      new ConsoleAdapter({
        bot,
        maxQuestionLength: config.maxQuestionLength,
        onEnd: () => void shutdown('end of input', 0),
        onOutputError: (err) => {
          logger.error({ err }, `terminal output failed: ${err.message}`);
          void shutdown('terminal output failed', 1);
        },
      }),
    );
  }
  if (config.metricsPort) {
    try {
      ops = await startOpsServer({ port: config.metricsPort, host: config.metricsHost, engine, adapters: () => adapters, metrics, logger });
    } catch (e) {
      // The message names METRICS_HOST / METRICS_PORT and the cause; the stack only at debug level.
      logger.error({ host: config.metricsHost, port: config.metricsPort }, asError(e).message);
      logger.debug({ err: asError(e) }, 'ops endpoint failure');
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
      // The message names the variable and the cause; the stack only at debug level.
      logger.error({ adapter: a.name }, `adapter failed to start: ${asError(e).message}`);
      logger.debug({ err: asError(e), adapter: a.name }, 'adapter start failure');
    }
  }
  if (!started) await shutdown('no adapter could start', 1);
}

await main();
