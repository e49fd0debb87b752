/**
 * The SQLite checkpointer on real files: the main connection stops checkpointing, the worker thread copies the
 * write-ahead log into the database file instead, a worker that cannot work hands checkpoints back to the
 * main connection, and closing the store leaves no log behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { SQLITE_DEFAULT_AUTOCHECKPOINT, WalCheckpointer } from '../../src/store/checkpointer.js';
import { Store, type StoreConfig } from '../../src/store/store.js';
import { captureLogger } from '../ops/helpers.js';

const silent = createLogger('silent');
const dirs: string[] = [];

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-checkpoint-'));
  dirs.push(dir);
  return path.join(dir, 'quotebot.db');
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function config(file: string, checkpointMs: number): StoreConfig {
  return { path: file, questionLog: 'all', retentionDays: 90, userSecret: 'a-test-secret-of-32-characters!!', checkpointMs };
}

/**
 * About 300 kB of rows, one commit each, through the store's own connection: a few hundred pages of the log,
 * under SQLite's automatic checkpoint at 1,000 pages.
 */
async function writeRows(store: Store): Promise<void> {
  const filler = 'x'.repeat(2000);
  for (let i = 0; i < 150; i++) {
    await store.db.insertInto('store_meta').values({ key: `filler-${i}`, value: filler }).execute();
  }
}

async function autocheckpoint(store: Store): Promise<number> {
  const r = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(store.db);
  return r.rows[0]!.wal_autocheckpoint;
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

describe('WAL checkpoints in a worker thread', () => {
  it('the main connection never checkpoints; the worker copies the log into the database file', async () => {
    const file = tempFile();
    const store = await Store.open(config(file, 50), silent);
    try {
      expect(store.checkpointer).toBeDefined();
      expect(await autocheckpoint(store)).toBe(0);
      const before = fs.statSync(file).size;
      await writeRows(store);
      // Only a checkpoint makes the database file itself grow: the rows are in the log until then.
      expect(await until(() => fs.statSync(file).size > before + 200_000, 10_000)).toBe(true);
      expect(store.checkpointer!.fallenBack).toBe(false);
    } finally {
      await store.close();
    }
    // Closed in order (the worker's connection first), the last connection leaves no log behind.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('without the worker (checkpointMs 0) the same writes stay in the log: SQLite checkpoints at 1,000 pages', async () => {
    const file = tempFile();
    const store = await Store.open(config(file, 0), silent);
    try {
      expect(store.checkpointer).toBeUndefined();
      expect(await autocheckpoint(store)).toBe(SQLITE_DEFAULT_AUTOCHECKPOINT);
      const before = fs.statSync(file).size;
      await writeRows(store);
      await new Promise((r) => setTimeout(r, 300));
      expect(fs.statSync(file).size).toBe(before);
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(200_000);
    } finally {
      await store.close();
    }
  });

  it('a worker that cannot open the database hands checkpoints back to the main connection, and says so', async () => {
    const file = tempFile();
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    const log = captureLogger('warn');
    const cp = WalCheckpointer.start(sqlite, { file: path.join(path.dirname(file), 'missing', 'nothing.db'), everyMs: 50 }, log.logger);
    try {
      expect(await until(() => cp.fallenBack, 10_000)).toBe(true);
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_DEFAULT_AUTOCHECKPOINT);
      expect(log.text()).toContain('SQLite checkpoints are back on the main thread');
    } finally {
      await cp.stop();
      sqlite.close();
    }
  });
});
