/**
 * Test harness: a {@link FakeDiscord} on 127.0.0.1, the real bot core and the real {@link DiscordAdapter}
 * (the real discord.js client), with the log lines captured for assertions.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { Bot, type CorpusCommands, type QuestionEngine } from '../../src/bot.js';
import type { StoreService } from '../../src/store/service.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { DiscordAdapter } from '../../adapters/discord/adapter.js';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.js';

/** A running fake Discord with a connected adapter. */
export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  bot: Bot;
  /** The engine the bot answers from. */
  engine: QuestionEngine;
  logger: Logger;
  /** Parsed log lines so far. */
  logs: Record<string, any>[];
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions extends FakeDiscordOptions {
  engine: QuestionEngine;
  rateLimit?: { max: number; windowMs: number };
  moderatorRoleIds?: string[];
  deferAfterMs?: number;
  /** The store (answers' buttons, ratings); none by default. */
  store?: StoreService;
  /** Corpus changes (`/corpus add|remove|list`). */
  corpus?: CorpusCommands;
}

/** Starts the fake, the bot and the adapter; resolves once the client is ready. */
export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const fake = await new FakeDiscord(o).listen();
  const logs: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      cb();
    },
  });
  const logger = createLogger('debug', sink);
  const bot = new Bot({ engine: o.engine, logger, rateLimit: o.rateLimit ?? { max: 100, windowMs: 30_000 }, ...(o.store ? { store: o.store } : {}), ...(o.corpus ? { corpus: o.corpus } : {}) });
  const adapter = new DiscordAdapter({
    bot,
    logger,
    config: { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, moderatorRoleIds: o.moderatorRoleIds ?? [] },
    rest: { retries: 0, timeout: 2000 },
    deferAfterMs: o.deferAfterMs,
  });
  try {
    await adapter.start();
  } catch (e) {
    await fake.close();
    throw e;
  }
  return {
    fake,
    adapter,
    bot,
    engine: o.engine,
    logger,
    logs,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** A temporary corpus: a copy of the bundled `corpus/` plus `extra` files (name → content). */
export function makeCorpus(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-discord-corpus-'));
  tempDirs.push(dir);
  const src = path.resolve('corpus');
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  for (const [name, content] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** A fresh, empty cache directory. */
export function makeCacheDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-discord-cache-'));
  tempDirs.push(dir);
  return dir;
}

const tempDirs: string[] = [];

/** Removes every directory made by {@link makeCorpus} and {@link makeCacheDir}. */
export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * Spawns `adapters/discord/sharded.ts` (the manager, which spawns its shards) as a real process against a
 * fake Discord, on a fresh corpus and cache, with no platform or ops setting inherited from this process.
 */
export function spawnShardedManager(fake: FakeDiscord, metricsPort: number, env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD|SLACK|METRICS|SHUTDOWN)_/.test(k)));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'adapters/discord/sharded.ts')], {
    cwd: root,
    env: {
      ...clean,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      CORPUS_DIR: makeCorpus(),
      CACHE_DIR: makeCacheDir(),
      DATABASE_PATH: path.join(makeCacheDir(), 'quotebot.db'),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
      // Shards answer on their main thread unless a test asks for the answer pool.
      ANSWER_WORKERS: '0',
      ...env,
    },
  });
}
