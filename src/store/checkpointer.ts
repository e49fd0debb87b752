/**
 * SQLite WAL checkpoints off the event loop.
 *
 * better-sqlite3 is synchronous, and in WAL mode SQLite checkpoints from the connection whose commit made the
 * log pass 1,000 pages: that commit copies the log back into the database file and calls `fsync` twice or
 * three times, on the thread that committed — the bot's main thread. Each answer's record writes a few pages
 * (answer, citations, question), so under load a checkpoint fell due every few dozen answers, and its
 * `fsync`s took 5–50 ms on this machine's disk (more while other writes were being flushed): the main thread
 * stood still, and so did the Slack acknowledgements and Discord deferrals waiting for it.
 *
 * With a checkpointer, the main connection never checkpoints (`wal_autocheckpoint = 0`): a worker thread holds
 * a second connection to the same file and runs a `PASSIVE` checkpoint every {@link CheckpointerOptions.everyMs}.
 * A passive checkpoint takes no lock that writers wait for, so the main thread's commits go on meanwhile
 * (appending to the log, which SQLite restarts from its beginning once a checkpoint has copied it all). With
 * `synchronous = NORMAL` a commit itself never calls `fsync`, so the main thread no longer does at all.
 * If the worker fails or exits, the main connection checkpoints again as before (and that is logged).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../logger.js';

/** SQLite's own default for `wal_autocheckpoint` (pages), restored when the checkpointer stops working. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

/** Default interval between two checkpoints of the worker (ms). */
export const DEFAULT_CHECKPOINT_MS = 1000;

/** Options of {@link WalCheckpointer.start}. */
export interface CheckpointerOptions {
  /** The SQLite file (absolute path), already in WAL mode. */
  file: string;
  /** Interval between two passive checkpoints, in ms. */
  everyMs: number;
}

/**
 * The worker's program, evaluated as a CommonJS script in its own thread (no TypeScript loader needed, so it
 * starts in a few milliseconds under tsx and vitest too). It reports only failures.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
} catch (e) {
  parentPort.postMessage({ error: 'cannot open the database: ' + (e && e.message) });
  process.exit(1);
}
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.postMessage({ stopped: true });
});
`;

/**
 * A worker thread that checkpoints one SQLite file's write-ahead log, so that the connection of the
 * process's main thread never does (see the module's comment).
 */
export class WalCheckpointer {
  private stopping = false;
  private fellBack = false;

  private constructor(
    private readonly worker: Worker,
    private readonly sqlite: BetterSqlite3.Database,
    private readonly logger: Logger,
  ) {
    worker.on('message', (m: { error?: string }) => {
      if (m.error) this.logger.warn({ err: { message: m.error } }, 'SQLite checkpoint in the worker thread failed');
    });
    worker.on('error', (err) => this.fallBack(`worker error: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.stopping) this.fallBack(`worker exited with code ${code}`);
    });
    // It never keeps the process alive by itself.
    worker.unref();
  }

  /**
   * Turns off the automatic checkpoints of `sqlite` (the main connection) and starts the worker.
   * @param sqlite - the main thread's connection, in WAL mode
   */
  static start(sqlite: BetterSqlite3.Database, opts: CheckpointerOptions, logger: Logger): WalCheckpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { driver, file: opts.file, everyMs: opts.everyMs } });
    sqlite.pragma('wal_autocheckpoint = 0');
    return new WalCheckpointer(worker, sqlite, logger);
  }

  /** Whether the main connection checkpoints again because the worker stopped working. */
  get fallenBack(): boolean {
    return this.fellBack;
  }

  private fallBack(why: string): void {
    if (this.fellBack || this.stopping) return;
    this.fellBack = true;
    try {
      if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    } catch {
      // The connection is closing: nothing to restore.
    }
    this.logger.warn({ reason: why }, 'SQLite checkpoints are back on the main thread');
  }

  /** Stops the worker (its connection closed) before the main connection closes. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.fellBack) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    const stopped = new Promise<void>((resolve) =>
      this.worker.on('message', (m: { stopped?: boolean }) => {
        if (m.stopped) resolve();
      }),
    );
    this.worker.postMessage('stop');
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await Promise.race([stopped, exited]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}
