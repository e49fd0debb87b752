/**
 * The store's faults on SQLite: a missing directory is made; a corrupt, locked or read-only database gives
 * one clear warning and the bot keeps answering with the store's features off (and gets them back when the
 * database can be opened again). Four processes writing at once: store.test.ts, on SQLite and PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { StoreService } from '../../src/store/service.js';
import { Store } from '../../src/store/store.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';
import { captureLogger } from '../ops/helpers.js';

let engine: Engine;
const immutable: string[] = [];

beforeAll(async () => {
  engine = await Engine.open({ corpusDir: path.resolve('corpus'), cacheDir: tempDir('quotebot-faults-cache-'), logger: createLogger('silent'), watchMs: 0 });
}, 60_000);

afterAll(async () => {
  for (const f of immutable) execFileSync('chattr', ['-i', f]);
  await engine?.close();
  cleanupTemps();
});

const warnings = (lines: Record<string, any>[]) => lines.filter((l) => l.level === 40);

/** Asks the bot twice: the answers come, without buttons, and nothing more is logged at warn level. */
async function answersWithoutStore(svc: StoreService, lines: Record<string, any>[]) {
  const bot = new Bot({ engine, logger: createLogger('silent'), store: svc });
  for (let i = 0; i < 2; i++) {
    const r = await bot.processEvent({ kind: 'ask', text: 'When was the ultimatum?', from: { platform: 'discord', userId: 'u' } });
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.answer.answered).toBe(true);
    expect(r.feedback).toBeUndefined();
  }
  const click = await bot.processEvent({ kind: 'vote', answerId: 'AAAAAAAAAAAAAAAA', value: 1, from: { platform: 'discord', userId: 'u' } });
  expect(click).toMatchObject({ kind: 'unavailable', reason: 'store_off' });
  expect(warnings(lines)).toHaveLength(1);
}

describe('SQLite faults', () => {
  it('creates a missing directory, and the answer carries buttons', async () => {
    const file = path.join(tempDir('quotebot-faults-'), 'a', 'b', 'quotebot.db');
    const { logger, lines } = captureLogger();
    const svc = await StoreService.open({ path: file, questionLog: 'declined', retentionDays: 90 }, logger);
    expect(svc.available).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    const bot = new Bot({ engine, logger: createLogger('silent'), store: svc });
    const r = await bot.processEvent({ kind: 'ask', text: 'When was the ultimatum?', from: { platform: 'discord', userId: 'u' } });
    expect(r.kind === 'answer' && r.feedback?.answerId).toBeTruthy();
    expect(warnings(lines())).toHaveLength(0);
    await svc.close();
  });

  it('a corrupt file: one clear warning, the bot keeps answering without the store', async () => {
    const file = path.join(tempDir('quotebot-faults-'), 'quotebot.db');
    fs.writeFileSync(file, 'this is not a database '.repeat(300));
    const { logger, lines } = captureLogger();
    const svc = await StoreService.open({ path: file, questionLog: 'declined', retentionDays: 90 }, logger, { retryMs: 0 });
    expect(svc.available).toBe(false);
    expect(warnings(lines())[0]!.msg).toMatch(/store unavailable .*not a valid SQLite database.*keeps answering/);
    expect(warnings(lines())[0]!.err).toMatchObject({ code: 'quotebot_store_failed', dbCode: 'SQLITE_NOTADB' });
    await answersWithoutStore(svc, lines());
    await svc.close();
  });

  it('a database locked by another program: one warning, features off, back on once the lock is released', async () => {
    const file = path.join(tempDir('quotebot-faults-'), 'quotebot.db');
    await (await Store.open({ path: file, questionLog: 'declined', retentionDays: 90 }, createLogger('silent'))).close();
    const other = new BetterSqlite3(file);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    const { logger, lines } = captureLogger();
    const svc = await StoreService.open({ path: file, questionLog: 'declined', retentionDays: 90, busyTimeoutMs: 200 }, logger, { retryMs: 100 });
    expect(svc.available).toBe(false);
    expect(warnings(lines())[0]!.msg).toMatch(/store unavailable .*locked/);
    await answersWithoutStore(svc, lines());
    other.exec('COMMIT');
    other.close();
    for (let i = 0; i < 100 && !svc.available; i++) await new Promise((r) => setTimeout(r, 50));
    expect(svc.available).toBe(true);
    expect(lines().some((l) => /store available again/.test(l.msg))).toBe(true);
    await svc.close();
  });

  it('a read-only database: one warning, the bot keeps answering without the store', async (ctx) => {
    const dir = tempDir('quotebot-faults-');
    const file = path.join(dir, 'quotebot.db');
    const s = await Store.open({ path: file, questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
    await s.close();
    try {
      // Root ignores file modes: make the file immutable instead (ext4), which even root cannot write.
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
      immutable.push(file);
    } catch {
      try {
        fs.chmodSync(file, 0o444);
        fs.writeFileSync(file, '', { flag: 'a' });
        ctx.skip(); // still writable: nothing here can make a read-only file
      } catch {
        // read-only by its mode
      }
    }
    const { logger, lines } = captureLogger();
    const svc = await StoreService.open({ path: file, questionLog: 'declined', retentionDays: 90 }, logger, { retryMs: 0 });
    expect(svc.available).toBe(false);
    expect(warnings(lines())[0]!.msg).toMatch(/store unavailable .*(read-only|cannot be opened)/);
    await answersWithoutStore(svc, lines());
    await svc.close();
  });
});
