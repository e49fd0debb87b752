/**
 * Versioned migrations of the store, applied at start in order, once, the same on SQLite and PostgreSQL.
 *
 * Kysely's own `Migrator` takes no lock across processes on SQLite, so several bot processes starting at
 * once on one file could apply a migration twice; this runner applies pending migrations inside one
 * exclusive transaction: `BEGIN IMMEDIATE` on SQLite (the busy timeout makes the others wait), a
 * transaction-scoped advisory lock on PostgreSQL. Whoever gets it second finds nothing left to do.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Which SQL dialect a store speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** One migration: a version (increasing), a name, and the statements that apply it. */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** Advisory-lock key of the migrations on PostgreSQL (any constant; "quotebot" in a 31-bit number). */
const PG_LOCK_KEY = 0x71756f74;

/** Every migration, in order. Never edit one that has shipped: add a new one. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'questions, answers, citations, ratings',
    async up(db, dialect) {
      const ms = dialect === 'postgres' ? 'bigint' : 'integer';
      await db.schema
        .createTable('questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('confidence', 'real')
        .addColumn('top_document', 'text')
        .addColumn('top_paragraph', 'integer')
        .addColumn('index_version', 'text')
        .addColumn('question', 'text')
        .addColumn('answer_id', 'text')
        .execute();
      await db.schema.createIndex('questions_at').on('questions').column('at').execute();
      await db.schema
        .createTable('answers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('private', 'integer', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('index_version', 'text')
        .addColumn('question', 'text')
        .addColumn('passages', 'text', (c) => c.notNull())
        .addColumn('shown', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('answers_at').on('answers').column('at').execute();
      await db.schema
        .createTable('citations')
        .addColumn('answer_id', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('paragraph', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('citations_pk', ['answer_id', 'position'])
        .execute();
      await db.schema.createIndex('citations_at').on('citations').column('at').execute();
      await db.schema
        .createTable('ratings')
        .addColumn('answer_id', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('ratings_pk', ['answer_id', 'user_hash'])
        .execute();
      await db.schema.createIndex('ratings_at').on('ratings').column('at').execute();
      await db.schema
        .createTable('store_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 2,
    name: 'rate limits shared by every replica (PostgreSQL)',
    async up(db, dialect) {
      // The table rate-limiter-flexible's PostgreSQL back end uses (its own schema); SQLite keeps limits in memory.
      if (dialect !== 'postgres') return;
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expire', 'bigint')
        .execute();
    },
  },
  {
    version: 3,
    name: 'questions keep the engine\'s reading of their text (for grouping in the report)',
    async up(db) {
      await db.schema.alterTable('questions').addColumn('signature', 'text').execute();
    },
  },
  {
    version: 4,
    name: 'corpus changes (add, update, remove; done, refused, failed) for the report',
    async up(db, dialect) {
      await db.schema
        .createTable('corpus_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('document', 'text')
        .addColumn('title', 'text')
        .addColumn('source', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('corpus_changes_at').on('corpus_changes').column('at').execute();
    },
  },
  {
    version: 5,
    name: 'platform deliveries already taken, shared by replicas (Slack retries)',
    async up(db, dialect) {
      await db.schema
        .createTable('deliveries')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('deliveries_expires_at').on('deliveries').column('expires_at').execute();
    },
  },
];

/**
 * Applies the pending migrations of `list` (default {@link MIGRATIONS}) in one exclusive transaction.
 * @returns the versions applied now (empty when the schema was up to date)
 */
export async function migrate(db: Kysely<Database>, dialect: Dialect, list: Migration[] = MIGRATIONS): Promise<number[]> {
  const run = async (trx: Kysely<any>): Promise<number[]> => {
    await trx.schema
      .createTable('quotebot_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
      .execute();
    const done = new Set((await trx.selectFrom('quotebot_migrations').select('version').execute()).map((r: { version: number }) => Number(r.version)));
    const applied: number[] = [];
    for (const m of [...list].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await m.up(trx, dialect);
      await trx.insertInto('quotebot_migrations').values({ version: m.version, name: m.name, applied_at: Date.now() }).execute();
      applied.push(m.version);
    }
    return applied;
  };
  if (dialect === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${sql.lit(PG_LOCK_KEY)})`.execute(trx);
      return run(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const applied = await run(conn);
      await sql`COMMIT`.execute(conn);
      return applied;
    } catch (e) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}
