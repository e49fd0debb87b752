/**
 * The tables of the store, as Kysely sees them. The same schema lives in SQLite and PostgreSQL
 * (see `migrations.ts`); times are milliseconds since the epoch.
 */

/** One question asked (kept per `QUESTION_LOG`). */
export interface QuestionsTable {
  id: string;
  /** When it was asked (ms since the epoch). */
  at: number;
  platform: string;
  /** HMAC-SHA256 of `platform:userId` with the configured secret: never the raw id or name. */
  user_hash: string;
  language: string;
  /** 1 answered, 0 declined. */
  answered: number;
  /** Why it was declined (`not_covered`, `empty`, `too_long`), else null. */
  reason: string | null;
  /** Share of the question the best passage covers (0…1), null when nothing was ranked. */
  confidence: number | null;
  top_document: string | null;
  top_paragraph: number | null;
  index_version: string | null;
  /** The question's text: kept for declined questions (`declined`) or all (`all`), else null. */
  question: string | null;
  /** The answer the buttons point to, when there is one. */
  answer_id: string | null;
  /** The engine's reading of the question (JSON, see `report.ts`), kept when its text is. */
  signature: string | null;
}

/** One answer shown with buttons: its passages in ranking order, for "More passages" and the report. */
export interface AnswersTable {
  id: string;
  at: number;
  platform: string;
  user_hash: string;
  /** 1 when only the asker saw it (ephemeral). */
  private: number;
  language: string;
  index_version: string | null;
  /** The question's text when `QUESTION_LOG=all`, else null. */
  question: string | null;
  /** JSON array of {@link AnswerPassage}: the passages shown first, then the next ones of the same ranking. */
  passages: string;
  /** How many of `passages` the answer itself showed. */
  shown: number;
}

/** A document cited by an answer (one row per shown passage). */
export interface CitationsTable {
  answer_id: string;
  at: number;
  document: string;
  paragraph: number;
  position: number;
}

/** One person's rating of one answer (a second vote replaces the first). */
export interface RatingsTable {
  answer_id: string;
  user_hash: string;
  /** 1 (👍) or -1 (👎). */
  value: number;
  at: number;
}

/** One attempted change of the corpus (add, update, remove), done or not, for the moderators' report. */
export interface CorpusChangesTable {
  id: string;
  /** When (ms since the epoch). */
  at: number;
  /** Where the moderator asked: `discord`, `slack`, `console` or `cli`. */
  platform: string;
  /** HMAC of `platform:userId`, as for questions: never the raw id or name. */
  user_hash: string;
  /** `add`, `update` or `remove`. */
  action: string;
  /** The document's id, when known. */
  document: string | null;
  title: string | null;
  /** The URL fetched or the file name uploaded, when there was one. */
  source: string | null;
  /** `done`, `refused` or `failed`. */
  outcome: string;
  /** Why it was refused or failed. */
  error: string | null;
}

/** A platform delivery already taken (Slack event ids), shared by every replica, until it expires. */
export interface DeliveriesTable {
  key: string;
  /** When the key may be taken again (ms since the epoch). */
  expires_at: number;
}

/** Small key-value facts about the store itself. */
export interface MetaTable {
  key: string;
  value: string;
}

/** Applied migrations. */
export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** The database as Kysely types it. */
export interface Database {
  questions: QuestionsTable;
  answers: AnswersTable;
  citations: CitationsTable;
  ratings: RatingsTable;
  corpus_changes: CorpusChangesTable;
  deliveries: DeliveriesTable;
  store_meta: MetaTable;
  quotebot_migrations: MigrationsTable;
}
