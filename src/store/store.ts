/**
 * The store: questions, answers with their ranked passages, citations and ratings, in SQLite (one file,
 * WAL, busy timeout) or PostgreSQL (several hosts), through one Kysely query layer. {@link Store} methods
 * throw on failure; the bot uses them through {@link StoreService}, which never does.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError, StoreError, asError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Answer, AnswerPassage, Lang } from '../types.js';
import { migrate, type Dialect } from './migrations.js';
import type { Database } from './schema.js';
import type { AskedQuestion, QuestionSignature } from './report.js';
import type { StoreConfig } from '../config.js';
import type { CorpusChange } from '../corpus/journal.js';
import { DEFAULT_CHECKPOINT_MS, WalCheckpointer } from './checkpointer.js';

export type { QuestionLogMode, StoreConfig } from '../config.js';

/** Default SQLite busy timeout (ms). */
export const DEFAULT_BUSY_TIMEOUT_MS = 1000;
/** One week in ms. */
const WEEK = 7 * 86_400_000;
/** 1970-01-05, a Monday: weeks are counted from Mondays. */
const MONDAY = 4 * 86_400_000;

/** A question and what the bot replied, as {@link Store.record} keeps it. */
export interface QuestionRecord {
  platform: string;
  userId: string;
  /** Whether the answer was shown to the asker only. */
  private: boolean;
  answer: Answer;
  /** Share of the question the best passage covers, if known. */
  confidence?: number;
  /** The next passages of the same ranking, after those of the answer ("More passages"). */
  more?: AnswerPassage[];
  /** The answer id the buttons carry (made here when not given); only answered questions get one. */
  answerId?: string;
  /** When (default now). */
  at?: number;
  /** The engine's reading of the question (see `report.ts`), kept when its text is. */
  signature?: QuestionSignature;
}

/** A page of an answer's ranked passages. */
export interface AnswerPage {
  answerId: string;
  language: Lang;
  private: boolean;
  /** The passages of this page. */
  passages: AnswerPassage[];
  /** Position of the first of them in the ranking (0-based). */
  offset: number;
  /** Passages left after this page. */
  remaining: number;
  /** The answer's first page, as shown. */
  shown: number;
  /** The asker, as {@link Store.userHash} gives it. */
  owner: string;
}

/** Raw figures the report is made of (see `report.ts`). */
export interface ReportData {
  since: number;
  questions: number;
  answered: number;
  /** Declined questions whose text was kept, newest first. */
  declined: AskedQuestion[];
  downvoted: { answerId: string; question: string | null; count: number; passage: AnswerPassage | null }[];
  cited: { document: string; count: number }[];
  weeks: { week: string; questions: number; answered: number }[];
  /** Corpus changes (done, refused, failed), newest first. */
  changes: StoredCorpusChange[];
}

/** A corpus change as the store keeps it: the moderator as an HMAC. */
export interface StoredCorpusChange {
  /** When (ms since the epoch). */
  at: number;
  action: CorpusChange['action'];
  document: string | null;
  title: string | null;
  source: string | null;
  platform: string;
  /** The moderator, as {@link Store.userHash} gives it. */
  by: string;
  outcome: CorpusChange['outcome'];
  error: string | null;
}

/** What {@link Store.prune} deleted, per table. */
export interface PruneCounts {
  questions: number;
  answers: number;
  ratings: number;
  citations: number;
  corpusChanges: number;
  /** Expired delivery keys (their own time, not the retention period). */
  deliveries: number;
}

/** The store. Every method throws on a database failure. */
export class Store {
  private constructor(
    readonly db: Kysely<Database>,
    /** `sqlite` or `postgres`. */
    readonly dialect: Dialect,
    private readonly cfg: StoreConfig,
    private readonly secret: string,
    /** Where it is, for messages (a file, or the URL without its password). */
    readonly where: string,
    /** The PostgreSQL connection pool (PostgreSQL only), shared with the rate limiter. */
    readonly pool?: pg.Pool,
    /** SQLite: the worker thread that checkpoints the write-ahead log (none when `checkpointMs` is 0). */
    readonly checkpointer?: WalCheckpointer,
  ) {}

  /**
   * Opens the store: creates the SQLite directory and file (WAL, busy timeout) or connects to PostgreSQL,
   * applies pending migrations and checks that it can write.
   * @throws {@link StoreError} when the database cannot be opened, migrated or written
   */
  static async open(cfg: StoreConfig, logger: Logger): Promise<Store> {
    const where = cfg.url ? 'DATABASE_URL' : `DATABASE_PATH=${cfg.path}`;
    try {
      return await Store.openUnchecked(cfg, logger);
    } catch (e) {
      throw e instanceof StoreError ? e : new StoreError(where, asError(e));
    }
  }

  private static async openUnchecked(cfg: StoreConfig, logger: Logger): Promise<Store> {
    let db: Kysely<Database>;
    let dialect: Dialect;
    let where: string;
    let secret = cfg.userSecret;
    let pool: pg.Pool | undefined;
    let checkpointer: WalCheckpointer | undefined;
    if (cfg.url) {
      dialect = 'postgres';
      where = redactUrl(cfg.url);
      if (!secret) throw new ConfigError('USER_HASH_SECRET is required with DATABASE_URL (every replica must hash user ids alike)');
      pool = new pg.Pool({
        connectionString: cfg.url,
        max: 5,
        connectionTimeoutMillis: 2000,
        idleTimeoutMillis: 30_000,
        query_timeout: 5000,
        types: { getTypeParser: ((oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
      });
      // A server that goes away closes idle connections: without a listener that would crash the process.
      pool.on('error', (err) => logger.debug({ err: { message: err.message } }, 'PostgreSQL idle connection lost'));
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    } else {
      dialect = 'sqlite';
      const file = path.resolve(cfg.path);
      where = file;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      secret ??= fileSecret(path.join(path.dirname(file), 'user-hash.key'));
      const busy = cfg.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
      const sqlite = new BetterSqlite3(file, { timeout: busy });
      try {
        sqlite.pragma(`busy_timeout = ${busy}`);
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('synchronous = NORMAL');
        const everyMs = cfg.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
        if (everyMs > 0) checkpointer = WalCheckpointer.start(sqlite, { file, everyMs }, logger);
      } catch (e) {
        sqlite.close();
        throw e;
      }
      db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    }
    const store = new Store(db, dialect, cfg, secret, where, pool, checkpointer);
    try {
      await migrate(db, dialect);
      // A read-only or locked database shows here rather than on the first question.
      await db
        .insertInto('store_meta')
        .values({ key: 'opened_at', value: new Date().toISOString() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: new Date().toISOString() }))
        .execute();
    } catch (e) {
      await checkpointer?.stop();
      await db.destroy().catch(() => undefined);
      throw e;
    }
    return store;
  }

  /**
   * Runs `fn` in a write transaction. On SQLite it begins with `BEGIN IMMEDIATE`: the write lock is taken
   * first (waiting up to the busy timeout for other processes), so that a transaction that reads before
   * it writes never fails on another process's commit (a deferred one would get SQLITE_BUSY at once).
   */
  private write<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.db.transaction().execute(fn);
    return this.db.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const out = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return out;
      } catch (e) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw e;
      }
    });
  }

  /** The configuration it was opened with. */
  get config(): StoreConfig {
    return this.cfg;
  }

  /** The HMAC that stands for a user: never the raw id. */
  userHash(platform: string, userId: string): string {
    return createHmac('sha256', this.secret).update(`${platform}:${userId}`).digest('base64url').slice(0, 32);
  }

  /**
   * Records a question (per `QUESTION_LOG`) and, when it was answered, the answer with its ranked passages
   * so that its buttons work from any process, after a restart, and after the corpus changed.
   * @returns the answer id (null for a declined question)
   */
  async record(r: QuestionRecord): Promise<string | null> {
    const at = r.at ?? Date.now();
    const a = r.answer;
    const mode = this.cfg.questionLog;
    const user = this.userHash(r.platform, r.userId);
    const answerId = a.answered && a.passages.length ? (r.answerId ?? newAnswerId()) : null;
    const top = a.passages[0];
    await this.write(async (trx) => {
      if (answerId) {
        const passages = [...a.passages, ...(r.more ?? [])];
        await trx
          .insertInto('answers')
          .values({
            id: answerId,
            at,
            platform: r.platform,
            user_hash: user,
            private: r.private ? 1 : 0,
            language: a.language,
            index_version: a.index ?? null,
            question: mode === 'all' ? a.question : null,
            passages: JSON.stringify(passages),
            shown: a.passages.length,
          })
          .execute();
        await trx
          .insertInto('citations')
          .values(a.passages.map((p, position) => ({ answer_id: answerId, at, document: p.document.id, paragraph: p.paragraph, position })))
          .execute();
      }
      if (mode !== 'off') {
        await trx
          .insertInto('questions')
          .values({
            id: randomUUID(),
            at,
            platform: r.platform,
            user_hash: user,
            language: a.language,
            answered: a.answered ? 1 : 0,
            reason: a.answered ? null : (a.reason ?? 'not_covered'),
            confidence: r.confidence ?? null,
            top_document: top?.document.id ?? null,
            top_paragraph: top?.paragraph ?? null,
            index_version: a.index ?? null,
            question: mode === 'all' || !a.answered ? a.question : null,
            answer_id: answerId,
            signature: (mode === 'all' || !a.answered) && r.signature ? JSON.stringify(r.signature) : null,
          })
          .execute();
      }
    });
    return answerId;
  }

  /** `count` passages of an answer's ranking from `offset`; null when the answer is unknown (or pruned). */
  async page(answerId: string, offset: number, count: number): Promise<AnswerPage | null> {
    const row = await this.db.selectFrom('answers').select(['passages', 'private', 'language', 'shown', 'user_hash']).where('id', '=', answerId).executeTakeFirst();
    if (!row) return null;
    const all = JSON.parse(row.passages) as AnswerPassage[];
    const from = Math.max(0, Math.min(offset, all.length));
    const passages = all.slice(from, from + count);
    return {
      answerId,
      language: row.language === 'fr' ? 'fr' : 'en',
      private: Number(row.private) === 1,
      passages,
      offset: from,
      remaining: all.length - from - passages.length,
      shown: Number(row.shown),
      owner: row.user_hash,
    };
  }

  /**
   * Records one person's vote on an answer; a second vote by the same person replaces the first.
   * @returns the previous vote (0 when none), or null when the answer is unknown
   */
  async vote(answerId: string, platform: string, userId: string, value: 1 | -1, at = Date.now()): Promise<{ previous: number } | null> {
    const user = this.userHash(platform, userId);
    return this.write(async (trx) => {
      const exists = await trx.selectFrom('answers').select('id').where('id', '=', answerId).executeTakeFirst();
      if (!exists) return null;
      const before = await trx.selectFrom('ratings').select('value').where('answer_id', '=', answerId).where('user_hash', '=', user).executeTakeFirst();
      await trx
        .insertInto('ratings')
        .values({ answer_id: answerId, user_hash: user, value, at })
        .onConflict((oc) => oc.columns(['answer_id', 'user_hash']).doUpdateSet({ value, at }))
        .execute();
      return { previous: before ? Number(before.value) : 0 };
    });
  }

  /** The votes on an answer. */
  async votes(answerId: string): Promise<{ up: number; down: number }> {
    const rows = await this.db.selectFrom('ratings').select(['value', sql<number>`count(*)`.as('n')]).where('answer_id', '=', answerId).groupBy('value').execute();
    const n = (v: number) => Number(rows.find((r) => Number(r.value) === v)?.n ?? 0);
    return { up: n(1), down: n(-1) };
  }

  /**
   * Deletes what is older than the retention period (questions, answers, ratings, citations, corpus
   * changes), and the delivery keys that expired.
   * @returns how many rows of each table were deleted
   */
  async prune(now = Date.now()): Promise<PruneCounts> {
    const cutoff = now - this.cfg.retentionDays * 86_400_000;
    return this.write(async (trx) => {
      const n = (r: { numDeletedRows: bigint }[]) => Number(r[0]?.numDeletedRows ?? 0);
      const old = trx.selectFrom('answers').select('id').where('at', '<', cutoff);
      const ratings = n(await trx.deleteFrom('ratings').where((eb) => eb.or([eb('at', '<', cutoff), eb('answer_id', 'in', old)])).execute());
      const citations = n(await trx.deleteFrom('citations').where('at', '<', cutoff).execute());
      const answers = n(await trx.deleteFrom('answers').where('at', '<', cutoff).execute());
      const questions = n(await trx.deleteFrom('questions').where('at', '<', cutoff).execute());
      const corpusChanges = n(await trx.deleteFrom('corpus_changes').where('at', '<', cutoff).execute());
      const deliveries = n(await trx.deleteFrom('deliveries').where('expires_at', '<=', now).execute());
      return { questions, answers, ratings, citations, corpusChanges, deliveries };
    });
  }

  /** Records one attempted corpus change, the moderator as an HMAC (kept for the retention period). */
  async recordCorpusChange(c: CorpusChange): Promise<void> {
    const at = Date.parse(c.at);
    await this.db
      .insertInto('corpus_changes')
      .values({
        id: randomUUID(),
        at: Number.isFinite(at) ? at : Date.now(),
        platform: c.by.platform,
        user_hash: this.userHash(c.by.platform, c.by.userId),
        action: c.action,
        document: c.id,
        title: c.title,
        source: c.source,
        outcome: c.outcome,
        error: c.error ?? null,
      })
      .execute();
  }

  /** The corpus changes since `since` (ms), newest first. */
  async corpusChanges(since: number, limit = 50): Promise<StoredCorpusChange[]> {
    const rows = await this.db.selectFrom('corpus_changes').selectAll().where('at', '>=', since).orderBy('at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      at: Number(r.at),
      action: r.action as StoredCorpusChange['action'],
      document: r.document,
      title: r.title,
      source: r.source,
      platform: r.platform,
      by: r.user_hash,
      outcome: r.outcome as StoredCorpusChange['outcome'],
      error: r.error,
    }));
  }

  /**
   * Claims a delivery key (a Slack event id) for `ttlMs`: true for the first claim, false while it holds,
   * whichever process or replica made it. One statement, atomic on both databases: an insert that, on
   * an existing key, takes it over only if it expired.
   */
  async claimDelivery(key: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    const expires = now + ttlMs;
    const rows = await this.db
      .insertInto('deliveries')
      .values({ key, expires_at: expires })
      .onConflict((oc) => oc.column('key').doUpdateSet({ expires_at: expires }).where('deliveries.expires_at', '<=', now))
      .returning('key')
      .execute();
    return rows.length === 1;
  }

  /** The figures of the report since `since` (ms). */
  async reportData(since: number, limits = { declined: 5000, downvoted: 10 }): Promise<ReportData> {
    const db = this.db;
    const totals = await db
      .selectFrom('questions')
      .select([sql<number>`count(*)`.as('questions'), sql<number>`coalesce(sum(answered), 0)`.as('answered')])
      .where('at', '>=', since)
      .executeTakeFirst();
    const declined = await db
      .selectFrom('questions')
      .select(['question', 'at', 'signature'])
      .where('at', '>=', since)
      .where('answered', '=', 0)
      .where('question', 'is not', null)
      .orderBy('at', 'desc')
      .limit(limits.declined)
      .execute();
    const down = await db
      .selectFrom('ratings')
      .innerJoin('answers', 'answers.id', 'ratings.answer_id')
      .select(['answers.id as id', 'answers.question as question', 'answers.passages as passages', sql<number>`count(*)`.as('n'), sql<number>`max(ratings.at)`.as('last')])
      .where('ratings.value', '=', -1)
      .where('ratings.at', '>=', since)
      .groupBy(['answers.id', 'answers.question', 'answers.passages'])
      .orderBy('n', 'desc')
      .orderBy('last', 'desc')
      .limit(limits.downvoted)
      .execute();
    const cited = await db
      .selectFrom('citations')
      .select(['document', sql<number>`count(distinct answer_id)`.as('n')])
      .where('at', '>=', since)
      .groupBy('document')
      .execute();
    const weekExpr = sql<number>`(at - ${sql.lit(MONDAY)}) / ${sql.lit(WEEK)}`;
    const weeks = await db
      .selectFrom('questions')
      .select([weekExpr.as('w'), sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(answered), 0)`.as('a')])
      .where('at', '>=', since)
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute();
    return {
      since,
      questions: Number(totals?.questions ?? 0),
      answered: Number(totals?.answered ?? 0),
      declined: declined.map((r) => ({ question: r.question!, at: Number(r.at), signature: r.signature })),
      downvoted: down.map((r) => ({
        answerId: r.id,
        question: r.question,
        count: Number(r.n),
        passage: (JSON.parse(r.passages) as AnswerPassage[])[0] ?? null,
      })),
      cited: cited.map((r) => ({ document: r.document, count: Number(r.n) })),
      changes: await this.corpusChanges(since),
      weeks: weeks.map((r) => ({
        week: new Date(Math.floor(Number(r.w)) * WEEK + MONDAY).toISOString().slice(0, 10),
        questions: Number(r.n),
        answered: Number(r.a),
      })),
    };
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.checkpointer?.stop();
    await this.db.destroy();
  }
}

/** A new answer id: 16 random bytes, URL-safe (fits Discord custom ids and Slack action values). */
export function newAnswerId(): string {
  return randomBytes(12).toString('base64url');
}

/** A PostgreSQL URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** The HMAC key kept in `file` (0600), made on first use. */
function fileSecret(file: string): string {
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  } catch {
    // made below
  }
  const s = randomBytes(32).toString('base64url');
  // Written aside then linked in place: another process sees no key or a whole one, never half of one.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${s}\n`, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return s;
  } catch {
    // Another process made it first: use theirs.
    const t = fs.readFileSync(file, 'utf8').trim();
    if (t.length >= 32) return t;
    throw new StoreError(`cannot create the user-hash key ${file}`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
