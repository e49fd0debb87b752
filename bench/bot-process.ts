/**
 * The bot side of the end-to-end load, in its own process (as in production): the real engine opened from
 * its snapshot (on the main thread, or in `answerWorkers` answer worker threads), the real bot core and one real adapter (Slack in HTTP mode, or Discord), configured to talk
 * to the fakes that run in the load generator's process. Driven over IPC by bench/e2e.ts:
 * it sends `{ ready: true, port?, passages }` once started, and stops on `{ stop: true }`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Bot } from '../src/bot.js';
import { Engine } from '../src/engine.js';
import { AnswerPool } from '../src/pool/answer-pool.js';
import { createLogger } from '../src/logger.js';
import { StoreDeduplicator } from '../src/ops/dedupe.js';
import { StoreService } from '../src/store/service.js';
import { SlackAdapter } from '../adapters/slack/adapter.js';
import { DiscordAdapter } from '../adapters/discord/adapter.js';
import type { Adapter } from '../adapters/adapter.js';
import { LoopWatch, type BotLoopFigures } from './loop-watch.js';

/** Configuration sent by the load generator (first IPC message). */
export type BotProcessConfig = {
  corpusDir: string;
  cacheDir: string;
  /** Answer worker threads (`ANSWER_WORKERS`); 0 or absent: answers on the main thread. */
  answerWorkers?: number;
} & (
  | { adapter: 'slack'; botToken: string; signingSecret: string; apiUrl: string }
  | { adapter: 'discord'; token: string; applicationId: string; apiUrl: string }
);

/** Messages of the load generator to the bot process after its configuration. */
export type BotProcessCommand = { stop: true } | { measure: 'start' | 'stop' };

/** Messages of the bot process to the load generator. */
/** `rssMb`: the bot process's resident memory once ready (engine or answer workers loaded). */
export type BotProcessMessage = { ready: true; port?: number; passages: number; rssMb: number } | { error: string } | { measured: BotLoopFigures };

/** The bot's store (a temporary SQLite file), removed when the process stops. */
let storeDir: string | null = null;

async function start(cfg: BotProcessConfig): Promise<{ adapter: Adapter & { port?: number }; passages: number }> {
  // Production logs at info; the lines are serialized (their cost counts) and dropped.
  const logger = createLogger('info', new Writable({ write: (_c, _e, cb) => cb() }));
  const engine = cfg.answerWorkers
    ? await AnswerPool.open({ corpusDir: cfg.corpusDir, cacheDir: cfg.cacheDir, logger, workers: cfg.answerWorkers, ...(process.env.ANSWER_WORKER_NICE ? { nice: Number(process.env.ANSWER_WORKER_NICE) } : {}) })
    : await Engine.open({ corpusDir: cfg.corpusDir, cacheDir: cfg.cacheDir, logger });
  // The store as `npm start` opens it by default (SQLite, QUESTION_LOG=declined): every answer is recorded.
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-bench-store-'));
  const store = await StoreService.open({ path: path.join(storeDir, 'quotebot.db'), questionLog: 'declined', retentionDays: 90 }, logger);
  const bot = new Bot({ engine, logger, store, rateLimit: { max: 1_000_000_000, windowMs: 60_000 } });
  let adapter: Adapter & { port?: number };
  if (cfg.adapter === 'slack') {
    adapter = new SlackAdapter({
      bot,
      logger,
      config: { botToken: cfg.botToken, signingSecret: cfg.signingSecret, port: 0, apiUrl: cfg.apiUrl, moderatorIds: [], privateByDefault: false },
      tuning: { retries: 0, host: '127.0.0.1', timeoutMs: 10_000 },
      dedupe: new StoreDeduplicator(store),
    });
  } else {
    adapter = new DiscordAdapter({
      bot,
      logger,
      config: { token: cfg.token, applicationId: cfg.applicationId, apiUrl: cfg.apiUrl, moderatorRoleIds: [] },
      rest: { retries: 0, timeout: 10_000 },
    });
  }
  await adapter.start();
  return { adapter, passages: engine.status().passages };
}

const send = (m: BotProcessMessage) => process.send?.(m);

if (!process.send) {
  process.stderr.write('bench/bot-process.ts is started by bench/e2e.ts over IPC\n');
  process.exit(2);
}

let running: (Adapter & { port?: number }) | null = null;

const watch = new LoopWatch(process.env.BENCH_BOT_PROFILE_DIR);
process.on('message', (m: BotProcessConfig | BotProcessCommand) => {
  if ('measure' in m) {
    if (m.measure === 'start') void watch.start();
    else void watch.stop().then((measured) => send({ measured }));
    return;
  }
  if ('stop' in m) {
    void (running ? running.stop() : Promise.resolve()).finally(() => {
      if (storeDir) fs.rmSync(storeDir, { recursive: true, force: true });
      process.exit(0);
    });
    return;
  }
  start(m).then(
    ({ adapter, passages }) => {
      running = adapter;
      send({ ready: true, port: adapter.port, passages, rssMb: Math.round(process.memoryUsage().rss / 1048576) });
    },
    (e: unknown) => {
      send({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      process.exit(1);
    },
  );
});
