/**
 * Shared set-up of the Slack tests: a silent logger that keeps its lines, the bot core on an engine, and a
 * Slack adapter wired to a {@link FakeSlack}.
 */
import { Writable } from 'node:stream';
import { Bot, type CorpusCommands, type QuestionEngine } from '../../src/bot.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { SlackAdapter, type SlackConfig } from '../../adapters/slack/adapter.js';
import type { FakeSlack } from './fake-slack.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine.js';
import type { StoreService } from '../../src/store/service.js';
import type { DeliveryDeduplicator } from '../../src/ops/dedupe.js';

/** Signing secret used by every HTTP test. */
export const SIGNING_SECRET = 'test-signing-secret';

/** A logger writing JSON lines into memory. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger('debug', sink);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** The bundled corpus. */
export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../corpus');

/** An engine open on a corpus, with a temporary cache directory to remove afterwards. */
export interface OpenEngine {
  engine: QuestionEngine;
  /** Closes the engine and removes the temporary cache directory. */
  cleanup: () => Promise<void>;
}

/** Opens the real answer engine on `corpusDir` (default: the bundled corpus) with a fresh cache directory. */
export async function openEngine(logger: Logger, corpusDir = CORPUS_DIR): Promise<OpenEngine> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'quotebot-slack-'));
  const engine = await Engine.open({ corpusDir, cacheDir, logger, watchMs: 0 });
  return {
    engine,
    cleanup: async () => {
      await engine.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The Slack configuration pointing at a fake. */
export function slackConfig(fake: FakeSlack, over: Partial<SlackConfig> = {}): SlackConfig {
  return {
    botToken: fake.botToken,
    signingSecret: SIGNING_SECRET,
    port: 0,
    apiUrl: fake.apiUrl,
    moderatorIds: [],
    privateByDefault: false,
    ...over,
  };
}

/** A started Slack adapter on a bot, with everything a test inspects. */
export interface Harness {
  adapter: SlackAdapter;
  bot: Bot;
  logs: () => Record<string, unknown>[];
  eventsUrl: string;
}

/** Starts the bot and a Slack adapter against `fake`. */
export async function startAdapter(
  fake: FakeSlack,
  engine: QuestionEngine,
  over: Partial<SlackConfig> = {},
  rateLimit = { max: 3, windowMs: 60_000 },
  store?: StoreService,
  corpus?: CorpusCommands,
  extra: { dedupe?: DeliveryDeduplicator } = {},
): Promise<Harness> {
  const { logger, lines } = memoryLogger();
  const bot = new Bot({ engine, logger, rateLimit, ...(store ? { store } : {}), ...(corpus ? { corpus } : {}) });
  const adapter = new SlackAdapter({
    bot,
    config: slackConfig(fake, over),
    logger,
    tuning: { retries: 0, host: '127.0.0.1', clientPingTimeoutMs: 300, timeoutMs: 2000 },
    ...(extra.dedupe ? { dedupe: extra.dedupe } : {}),
  });
  await adapter.start();
  return { adapter, bot, logs: lines, eventsUrl: `http://127.0.0.1:${adapter.port ?? 0}/slack/events` };
}
