/**
 * Coded errors, after @slack/bolt: one {@link ErrorCode} per kind of failure and one class per code,
 * each message prefixed with where it comes from.
 */

/** Every error code the bot raises. */
export enum ErrorCode {
  ConfigInvalid = 'quotebot_config_invalid',
  CorpusEmpty = 'quotebot_corpus_empty',
  SnapshotCorrupt = 'quotebot_snapshot_corrupt',
  RefreshFailed = 'quotebot_refresh_failed',
  OpsEndpointFailed = 'quotebot_ops_endpoint_failed',
  IndexBuildFailed = 'quotebot_index_build_failed',
  Timeout = 'quotebot_timeout',
  StoreFailed = 'quotebot_store_failed',
  DocumentRejected = 'quotebot_document_rejected',
  UrlRefused = 'quotebot_url_refused',
  CorpusChangeFailed = 'quotebot_corpus_change_failed',
  AnswerPoolFailed = 'quotebot_answer_pool_failed',
  SetupInvalid = 'quotebot_setup_invalid',
  EvalInputInvalid = 'quotebot_eval_input_invalid',
}

/** Base class of the bot's own errors. */
export abstract class QuoteBotError extends Error {
  /** Machine-readable code. */
  abstract readonly code: ErrorCode;
}

/** A configuration variable is missing or malformed. */
export class ConfigError extends QuoteBotError {
  readonly code = ErrorCode.ConfigInvalid;
  constructor(message: string) {
    super(`Config: ${message}`);
    this.name = 'ConfigError';
  }
}

/** No valid document at all in the corpus. */
export class CorpusEmptyError extends QuoteBotError {
  readonly code = ErrorCode.CorpusEmpty;
  constructor(dir: string, detail: string) {
    super(`Corpus: no valid document in ${dir}${detail ? ` (${detail})` : ''}`);
    this.name = 'CorpusEmptyError';
  }
}

/** A snapshot on disk cannot be read. */
export class SnapshotError extends QuoteBotError {
  readonly code = ErrorCode.SnapshotCorrupt;
  constructor(file: string, reason: string) {
    super(`Snapshot: ${file}: ${reason}`);
    this.name = 'SnapshotError';
  }
}

/** A refresh failed; the index in service is unchanged. The report carries `reason`. */
export class RefreshError extends QuoteBotError {
  readonly code = ErrorCode.RefreshFailed;
  constructor(
    /** What went wrong, without the prefix. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Refresh: ${reason}`, options);
    this.name = 'RefreshError';
  }
}

/** The index build worker failed, died, or was closed (see src/index/builder.ts). */
export class IndexBuildError extends QuoteBotError {
  readonly code = ErrorCode.IndexBuildFailed;
  constructor(reason: string) {
    super(`Index build: ${reason}`);
    this.name = 'IndexBuildError';
  }
}

/** Something awaited gave no answer in time. */
export class TimeoutError extends QuoteBotError {
  readonly code = ErrorCode.Timeout;
  constructor(what: string, ms: number) {
    super(`${what}: no answer after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** The operations endpoint (`/healthz`, `/metrics`) cannot listen on `METRICS_HOST`:`METRICS_PORT`. */
export class OpsEndpointError extends QuoteBotError {
  readonly code = ErrorCode.OpsEndpointFailed;
  constructor(host: string, port: number, cause: Error) {
    super(`Ops endpoint: cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port} (METRICS_HOST, METRICS_PORT): ${cause.message}`, { cause });
    this.name = 'OpsEndpointError';
  }
}

/** A document (file, upload or web page) cannot be read: the field (or `file`) and the reason. */
export class DocumentError extends QuoteBotError {
  readonly code = ErrorCode.DocumentRejected;
  constructor(
    /** The offending field (`file`, `front matter`, `published`…). */
    readonly field: string,
    /** What is wrong. */
    readonly reason: string,
  ) {
    super(`Document: ${field}: ${reason}`);
    this.name = 'DocumentError';
  }
}

/** A URL is refused (scheme, private address, redirect, size, type, timeout) or could not be fetched. */
export class UrlRefusedError extends QuoteBotError {
  readonly code = ErrorCode.UrlRefused;
  constructor(
    /** The URL refused. */
    readonly url: string,
    /** Why. */
    readonly reason: string,
  ) {
    super(`URL: ${url}: ${reason}`);
    this.name = 'UrlRefusedError';
  }
}

/** The store (`DATABASE_PATH` or `DATABASE_URL`) cannot be opened, migrated or written. */
export class StoreError extends QuoteBotError {
  readonly code = ErrorCode.StoreFailed;
  /** The database's own error code (`SQLITE_NOTADB`, `ECONNREFUSED`, `57P01`…), when it gave one. */
  readonly dbCode?: string;
  constructor(where: string, cause?: Error & { code?: string }) {
    super(cause ? `Store: ${where}: ${cause.message}` : `Store: ${where}`, cause ? { cause } : undefined);
    this.name = 'StoreError';
    if (cause?.code !== undefined) this.dbCode = String(cause.code);
  }
}

/** A document cannot be added or removed now (the corpus is locked by another change, or changes are off). */
export class CorpusChangeError extends QuoteBotError {
  readonly code = ErrorCode.CorpusChangeFailed;
  constructor(reason: string) {
    super(`Corpus change: ${reason}`);
    this.name = 'CorpusChangeError';
  }
}

/** The answer worker pool cannot take a question (closed) or a worker was started wrongly. */
export class AnswerPoolError extends QuoteBotError {
  readonly code = ErrorCode.AnswerPoolFailed;
  constructor(reason: string) {
    super(`Answer pool: ${reason}`);
    this.name = 'AnswerPoolError';
  }
}

/** The installation is incomplete (a bundled file is missing, the package root cannot be found). */
export class SetupError extends QuoteBotError {
  readonly code = ErrorCode.SetupInvalid;
  constructor(reason: string) {
    super(`Setup: ${reason}`);
    this.name = 'SetupError';
  }
}

/** An evaluation input (a question set) is inconsistent with the dataset it refers to. */
export class EvalInputError extends QuoteBotError {
  readonly code = ErrorCode.EvalInputInvalid;
  constructor(reason: string) {
    super(`Eval: ${reason}`);
    this.name = 'EvalInputError';
  }
}

/** Turns anything thrown into an Error. */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
