/**
 * The store as the bot uses it: never throws, never fails an answer. When the database cannot be opened
 * (corrupt, locked, read-only, unreachable) it logs one clear warning and the store's features are off
 * (no buttons, no question log) while the bot keeps answering; it tries again in the background and
 * turns them back on when it can. A PostgreSQL that goes away and comes back is used again as soon as
 * it answers (the connection pool reconnects); the outage is logged once, and its end once.
 */
import { ErrorCode, StoreError, asError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CorpusChange } from '../corpus/journal.js';
import { Store, type StoreConfig } from './store.js';

/** Options of {@link StoreService.open}. */
export interface StoreServiceOptions {
  /** How often to try again to open a store that could not be opened, in ms (default 30 s; 0: never). */
  retryMs?: number;
  /** How often old rows are pruned, in ms (default daily; 0: only at start). */
  pruneEveryMs?: number;
}

/** While the store fails, how often a request tries it again (ms). */
export const PROBE_MS = 5000;

/** Errors after which a SQLite file is not retried until the store is opened again. */
const FATAL_SQLITE = /^SQLITE_(CORRUPT|NOTADB|READONLY|CANTOPEN|FULL|IOERR)/;

/** The store behind a fault barrier. */
export class StoreService {
  private store: Store | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private failing = false;
  private failedAt = 0;
  private warnedOpen = false;
  private closed = false;
  private opening: Promise<boolean> | null = null;

  private constructor(
    readonly config: StoreConfig,
    private readonly log: Logger,
    private readonly opts: Required<StoreServiceOptions>,
  ) {}

  /**
   * Opens the store (see {@link Store.open}), applies migrations, prunes old rows and schedules the daily
   * pruning. Never throws: on failure the service is returned with its features off.
   */
  static async open(config: StoreConfig, logger: Logger, opts: StoreServiceOptions = {}): Promise<StoreService> {
    const s = new StoreService(config, logger.child({ component: 'store' }), { retryMs: 30_000, pruneEveryMs: 86_400_000, ...opts });
    await s.tryOpen();
    return s;
  }

  /**
   * Whether the store's features are on now. While it fails (a PostgreSQL restart), it is off, except
   * that every {@link PROBE_MS} one request tries it again: the first that succeeds turns it back on.
   */
  get available(): boolean {
    if (!this.store) return false;
    if (!this.failing) return true;
    if (Date.now() - this.failedAt < PROBE_MS) return false;
    this.failedAt = Date.now();
    return true;
  }

  /** The open store, or null (for tools and tests). */
  get current(): Store | null {
    return this.store;
  }

  /** Which database, for messages (`sqlite` or `postgres`). */
  get dialect(): 'sqlite' | 'postgres' {
    return this.config.url ? 'postgres' : 'sqlite';
  }

  private where(): string {
    return this.config.url ? 'DATABASE_URL' : `DATABASE_PATH=${this.config.path}`;
  }

  private tryOpen(): Promise<boolean> {
    this.opening ??= (async () => {
      try {
        const store = await Store.open(this.config, this.log);
        if (this.closed) {
          await store.close();
          return false;
        }
        this.store = store;
        this.failing = false;
        if (this.warnedOpen) this.log.warn({ store: store.where }, 'store available again: ratings, More passages and the question log are back on');
        else this.log.info({ store: store.where, dialect: store.dialect, questionLog: this.config.questionLog }, 'store open');
        this.stopRetry();
        await this.prune();
        this.schedulePrune();
        return true;
      } catch (e) {
        const err = asError(e);
        if (!this.warnedOpen) {
          this.warnedOpen = true;
          this.log.warn(
            { err: { message: err.message, code: ErrorCode.StoreFailed, dbCode: dbCode(e) } },
            `store unavailable (${this.where()}: ${hint(e)}): the bot keeps answering without ratings, More passages, Share and the question log`,
          );
        } else {
          this.log.debug({ err: { message: err.message } }, 'store still unavailable');
        }
        this.scheduleRetry();
        return false;
      } finally {
        this.opening = null;
      }
    })();
    return this.opening;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer || !this.opts.retryMs) return;
    this.retryTimer = setInterval(() => void this.tryOpen(), this.opts.retryMs);
    this.retryTimer.unref();
  }

  private stopRetry(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
  }

  private schedulePrune(): void {
    if (this.closed || this.pruneTimer || !this.opts.pruneEveryMs) return;
    this.pruneTimer = setInterval(() => void this.prune(), this.opts.pruneEveryMs);
    this.pruneTimer.unref();
  }

  /** Deletes rows older than the retention period (logged); null when the store is off. */
  async prune(now = Date.now()): Promise<Awaited<ReturnType<Store['prune']>> | null> {
    const r = await this.run('prune', (s) => s.prune(now));
    if (r && (r.questions || r.answers || r.ratings || r.corpusChanges)) this.log.info({ ...r, retentionDays: this.config.retentionDays }, 'old questions, answers, ratings and corpus changes pruned');
    return r;
  }

  /**
   * Records an attempted corpus change (a `CorpusChangeListener` for the corpus manager); never throws:
   * while the store is off the change is only in the journal and the logs.
   */
  async recordCorpusChange(change: CorpusChange): Promise<void> {
    await this.run('corpus change', (s) => s.recordCorpusChange(change));
  }

  /**
   * Claims a platform delivery key shared by every process on this store (see `StoreDeduplicator`): true
   * the first time, false for a repeat within `ttlMs`, null while the store is off or failing.
   */
  async claimDelivery(key: string, ttlMs: number): Promise<boolean | null> {
    if (!this.available) return null;
    return this.run('delivery', (s) => s.claimDelivery(key, ttlMs));
  }

  /**
   * Runs `fn` on the store. Returns null when the store is off or `fn` fails: a failure is logged once
   * per outage (a PostgreSQL restart, a lock held too long), and a SQLite file that turned corrupt or
   * read-only turns the features off (one warning) until it can be opened again.
   */
  async run<T>(what: string, fn: (s: Store) => Promise<T>): Promise<T | null> {
    const store = this.store;
    if (!store) return null;
    try {
      const out = await fn(store);
      if (this.failing) {
        this.failing = false;
        this.log.warn({ store: store.where }, 'store reachable again');
      }
      return out;
    } catch (e) {
      const code = String((e as { code?: string }).code ?? '');
      if (store.dialect === 'sqlite' && FATAL_SQLITE.test(code)) {
        this.store = null;
        this.warnedOpen = true;
        this.log.warn({ err: { message: asError(e).message, code }, what }, `store unusable (${this.where()}: ${hint(e)}): its features are off until it can be opened again`);
        void store.close().catch(() => undefined);
        this.scheduleRetry();
      } else if (!this.failing) {
        this.failing = true;
        this.failedAt = Date.now();
        this.log.warn({ err: { message: asError(e).message, code }, what }, 'store failed; the bot keeps answering, the store is tried again on the next request');
      } else {
        this.failedAt = Date.now();
        this.log.debug({ err: { message: asError(e).message, code }, what }, 'store still failing');
      }
      return null;
    }
  }

  /** Stops the timers and closes the connections. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopRetry();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    await this.opening?.catch(() => undefined);
    const s = this.store;
    this.store = null;
    await s?.close().catch(() => undefined);
  }
}

/** The database's own code of a failure (`SQLITE_BUSY`, `ECONNREFUSED`…), through a {@link StoreError}. */
function dbCode(e: unknown): string {
  return String((e as { dbCode?: string }).dbCode ?? (e as { code?: string }).code ?? '');
}

/** A short explanation of a store failure for the warning. */
function hint(e: unknown): string {
  const code = dbCode(e);
  const msg = asError(e instanceof StoreError ? (e.cause ?? e) : e).message;
  if (/NOTADB|CORRUPT/.test(code)) return `the file is not a valid SQLite database (${msg}); move it away to start a new one`;
  if (/BUSY|LOCKED/.test(code)) return `the database is locked by another program (${msg})`;
  if (/READONLY/.test(code)) return `the database is read-only (${msg})`;
  if (/CANTOPEN/.test(code)) return `the file cannot be opened or created (${msg})`;
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|57P|08/.test(code) || /connect|timeout/i.test(msg)) return `PostgreSQL cannot be reached (${msg})`;
  return msg;
}
