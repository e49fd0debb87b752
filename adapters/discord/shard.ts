/**
 * Entry of one shard process under {@link ShardingManager} (spawned by `sharded.ts`): opens the engine as
 * `npm start` does ({@link openBotEngine}),
 * creates the bot core and the Discord adapter for the shard ids discord.js passes in the environment,
 * answers the manager's requests for its health and metrics (the manager serves `/healthz` and `/metrics`
 * for every shard; a shard does not listen), and stops cleanly on SIGTERM/SIGINT or when the manager goes
 * away.
 */
import { Bot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { openBotEngine } from '../../src/engine.js';
import { asError } from '../../src/errors.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { BotMetrics } from '../../src/ops/metrics.js';
import { healthReport } from '../../src/ops/server.js';
import { answerShardOps } from '../../src/ops/shards.js';
import { DiscordAdapter } from './adapter.js';

async function main(): Promise<void> {
  let logger: Logger = createLogger('info');
  try {
    const config = loadConfig(process.env, process.argv.slice(2));
    logger = createLogger(config.logLevel).child({ shard: process.env.SHARDS });
    if (!config.discord) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set');
    // Exactly as `npm start` opens it (SNAPSHOT_WATCH_MS, MAX_QUESTION_LENGTH, build worker warmed up).
    const engine = await openBotEngine(config, logger);
    const adapters: DiscordAdapter[] = [];
    const metrics = new BotMetrics({ engine, adapters: () => adapters });
    const bot = new Bot({ engine, logger, rateLimit: config.rateLimit, observer: metrics });
    const adapter = new DiscordAdapter({ bot, config: config.discord, logger, maxQuestionLength: config.maxQuestionLength });
    adapters.push(adapter);
    answerShardOps({ health: () => healthReport(engine, adapters), registry: metrics.registry, logger });
    let stopping = false;
    const stop = async (why: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ why }, 'shard stopping');
      bot.close();
      await adapter.stop().catch((e: unknown) => logger.error({ err: asError(e) }, 'stop failed'));
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
    // The manager died: do not linger as an orphan.
    process.once('disconnect', () => void stop('manager disconnected'));
    await adapter.start();
  } catch (e) {
    logger.fatal({ err: asError(e) }, `shard failed to start: ${asError(e).message}`);
    process.exit(1);
  }
}

void main();
