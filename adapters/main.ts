/**
 * `npm start`: the bot. Starts Discord and/or Slack when their tokens are set, else the terminal adapter,
 * all on one engine and one bot core.
 */
import { Bot } from '../src/bot.js';
import { fail } from '../src/cli/common.js';
import { loadConfig } from '../src/config.js';
import { Engine } from '../src/engine.js';
import { createLogger } from '../src/logger.js';
import type { Adapter } from './adapter.js';
import { ConsoleAdapter } from './console/adapter.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (e) {
    fail(e);
  }
  const terminal = !config.discord && !config.slack;
  // In the terminal, keep stderr quiet unless asked: the answers are on stdout.
  const logger = createLogger(terminal && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);
  let engine: Engine;
  try {
    engine = await Engine.open({ corpusDir: config.corpusDir, cacheDir: config.cacheDir, logger, maxQuestionLength: config.maxQuestionLength });
  } catch (e) {
    fail(e);
  }
  const bot = new Bot({ engine, logger, rateLimit: terminal ? { max: 1_000_000, windowMs: 1000 } : config.rateLimit });
  const adapters: Adapter[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    bot.close();
    const deadline = Date.now() + config.shutdownTimeoutMs;
    while (bot.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.allSettled(adapters.map((a) => a.stop()));
    logger.flush?.();
    process.exit(code);
  };
  if (config.discord) {
    const { DiscordAdapter } = await import('./discord/adapter.js');
    adapters.push(new DiscordAdapter({ bot, config: config.discord, logger, maxQuestionLength: config.maxQuestionLength }));
  }
  if (config.slack) {
    const { SlackAdapter } = await import('./slack/adapter.js');
    adapters.push(new SlackAdapter({ bot, config: config.slack, logger, maxQuestionLength: config.maxQuestionLength }));
  }
  if (terminal) {
    adapters.push(new ConsoleAdapter({ bot, maxQuestionLength: config.maxQuestionLength, onEnd: () => void shutdown(0) }));
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  for (const a of adapters) {
    await a.start();
    logger.info({ adapter: a.name }, 'adapter started');
  }
}

await main();
