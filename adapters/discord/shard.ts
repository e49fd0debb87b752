/**
 * Entry of one shard process under {@link ShardingManager} (spawned by `sharded.ts`): opens the engine as
 * `npm start` does ({@link openBotEngine}), creates the bot core and the Discord adapter for the shard ids
 * discord.js passes in the environment, and answers the manager's requests for its health and metrics
 * (the manager serves `/healthz` and `/metrics` for every shard; a shard does not listen).
 *
 * It shuts down as `npm start` does ({@link createShutdown}) when the manager asks (`ShardShutdownMessage`),
 * on SIGTERM or SIGINT, or when the manager goes away. The sequence: src/ops/README.md, "Shutdown".
 */
import { Bot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { startCorpusServices } from '../../src/corpus/service.js';
import { openAnswerEngine } from '../../src/pool/answer-pool.js';
import { loadEnvFile } from '../../src/env-file.js';
import { asError } from '../../src/errors.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { BotMetrics } from '../../src/ops/metrics.js';
import { healthReport } from '../../src/ops/server.js';
import { answerShardOps } from './sharding/health.js';
import { isShardShutdownMessage } from './sharding/protocol.js';
import { createShutdown, handleSignals } from '../../src/ops/shutdown.js';
import { StoreService } from '../../src/store/service.js';
import { SharedRateLimiter } from '../../src/store/ratelimit.js';
import { DiscordAdapter } from './adapter.js';

async function main(): Promise<void> {
  let logger: Logger = createLogger('info');
  let shutdown: ((reason: string, code?: number) => Promise<unknown>) | null = null;
  let stopping = false;
  const stop = async (reason: string, code = 0): Promise<void> => {
    stopping = true;
    if (shutdown) {
      await shutdown(reason, code);
      return;
    }
    // Asked to stop before the bot exists: nothing is in flight.
    logger.info({ reason }, 'shard stopping before it started');
    logger.flush?.();
    process.exit(code);
  };
  // First of all: the manager's request may arrive while the shard is starting (it is queued until then).
  process.on('message', (m: unknown) => {
    if (isShardShutdownMessage(m)) void stop('asked by the sharding manager');
  });
  // The manager died: do not linger as an orphan.
  process.once('disconnect', () => void stop('manager disconnected'));
  handleSignals(stop);
  try {
    loadEnvFile();
    const config = loadConfig(process.env, process.argv.slice(2));
    logger = createLogger(config.logLevel).child({ shard: process.env.SHARDS });
    if (!config.discord) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set');
    const engine = await openAnswerEngine(config, logger);
    const adapters: DiscordAdapter[] = [];
    const store = await StoreService.open(config.store, logger);
    const metrics = new BotMetrics({ engine, adapters: () => adapters, store });
    const limiter = config.store.url ? new SharedRateLimiter(store, config.rateLimit) : undefined;
    // One shard (the first) watches the corpus directory; the others switch to the snapshot it publishes.
    const corpus = startCorpusServices({ ...config, corpusWatch: config.corpusWatch && /^\D*0(?!\d)/.test(process.env.SHARDS ?? '0') }, engine, logger, (change) => store.recordCorpusChange(change));
    const bot = new Bot({ engine, logger, rateLimit: config.rateLimit, observer: metrics, store, ...(limiter ? { limiter } : {}), corpus: corpus.manager });
    const adapter = new DiscordAdapter({ bot, config: config.discord, logger, maxQuestionLength: config.maxQuestionLength });
    adapters.push(adapter);
    answerShardOps({ health: () => healthReport(engine, adapters), registry: metrics.registry, logger });
    shutdown = createShutdown({
      bot,
      adapters: () => adapters,
      others: () => [
        { name: 'corpus watch', close: () => corpus.close() },
        { name: 'engine', close: () => engine.close() },
        { name: 'store', close: () => store.close() },
      ],
      logger,
      timeoutMs: config.shutdownTimeoutMs,
    });
    await adapter.start();
  } catch (e) {
    if (stopping) return; // the client was destroyed while it logged in
    logger.fatal({ err: asError(e) }, `shard failed to start: ${asError(e).message}`);
    await stop('start failed', 1);
  }
}

void main();
