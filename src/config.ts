/**
 * Configuration: parsed once at start-up from the environment (and a few command-line flags) with zod.
 * A wrong value stops the program with a message that names the variable.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isCidr } from './documents/addresses.js';
import { ConfigError } from './errors.js';

const csv = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean));

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() ? s.trim() : undefined));

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((s) => (s === undefined || s === '' ? def : ['true', '1', 'yes'].includes(s)));

/** What the question log keeps: nothing, declined questions' text (default), or every question's text. */
export type QuestionLogMode = 'off' | 'declined' | 'all';

/** Where and how the store keeps its data (from `DATABASE_PATH`, `DATABASE_URL`, `QUESTION_LOG*`). */
export interface StoreConfig {
  /** SQLite file (created with its directory), used when {@link StoreConfig.url} is not set. */
  path: string;
  /** `postgres://…`: PostgreSQL instead of SQLite. */
  url?: string;
  /** What the question log keeps (default `declined`). */
  questionLog: QuestionLogMode;
  /** Days questions, answers and ratings are kept (default 90). */
  retentionDays: number;
  /** Secret of the HMAC that stands for user ids. Without one (SQLite only) a random key is kept beside the file. */
  userSecret?: string;
  /**
   * SQLite busy timeout in ms (default 1000): how long a writer waits for another process's write. The
   * wait blocks the event loop (better-sqlite3 is synchronous), so it is kept short; writes take well under
   * a millisecond, and one that still fails is a store failure the bot survives.
   */
  busyTimeoutMs?: number;
  /**
   * SQLite only: interval in ms of the write-ahead log's checkpoints, made by a worker thread so that the main
   * thread never waits for the disk (`SQLITE_CHECKPOINT_MS`, default 1000); 0 = SQLite's own automatic
   * checkpoints, made by the connection that writes (src/store/checkpointer.ts).
   */
  checkpointMs?: number;
}

/** A whole number within `[min, max]`; empty means the default. Every failure states the bounds. */
const int = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? String(def) : s.trim()))
    .refine((s) => /^\d{1,15}$/.test(s) && Number(s) >= min && Number(s) <= max, `must be a whole number from ${min} to ${max}`)
    .transform(Number);

/** An http(s) URL; empty means the default. */
const url = (def: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : def))
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be an http:// or https:// URL');

/** A directory; empty (or blank) means the default. */
const dir = (def: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s : def));

/** A DNS host name (RFC 1123 labels); an all-numeric name is no host name (`1.2.3.999` is a bad address). */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** True for an IPv4 or IPv6 address (without brackets) or a host name. */
const isHost = (s: string) => net.isIP(s) !== 0 || (HOST_NAME.test(s) && !/^[\d.]+$/.test(s));
const HOST_MESSAGE = 'must be an IP address (127.0.0.1, 0.0.0.0, ::1, ::, without brackets) or a host name';

/** An interface to listen on: an IPv4 or IPv6 address (without brackets) or a host name. */
const host = (def: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : def))
    .refine(isHost, HOST_MESSAGE);

/** An interface to listen on, or nothing (empty means not set). */
const optionalHost = optionalString.refine((s) => s === undefined || isHost(s), HOST_MESSAGE);

/**
 * Default of `ANSWER_WORKERS`: one answer worker thread per core but one (the main thread keeps a core for
 * acknowledgements, heartbeats and rendering), at least one.
 */
export function defaultAnswerWorkers(cores: number = os.availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/**
 * Default of `ANSWER_WORKER_NICE`: answer worker threads run this many nice steps below the main thread's CPU
 * priority (Linux), so that acknowledgements, heartbeats and `/healthz` get the CPU first.
 */
export const DEFAULT_ANSWER_WORKER_NICE = 10;

/** The environment variables, with their defaults. Every one is documented in `.env.example`. */
export const envSchema = z.object({
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : 'info'))
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' })),
  CORPUS_DIR: dir('corpus'),
  CACHE_DIR: dir('.cache'),
  MAX_QUESTION_LENGTH: int(500, 10, 10_000),
  RATE_LIMIT_MAX: int(5, 1, 10_000),
  RATE_LIMIT_WINDOW_SECONDS: int(30, 1, 86_400),
  SNAPSHOT_WATCH_MS: int(500, 50, 60_000),
  ANSWER_WORKERS: int(defaultAnswerWorkers(), 0, 256),
  ANSWER_WORKER_NICE: int(DEFAULT_ANSWER_WORKER_NICE, 0, 19),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  METRICS_PORT: int(0, 0, 65_535),
  METRICS_HOST: host('127.0.0.1'),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: url('https://discord.com/api'),
  DISCORD_GUILD_ID: optionalString,
  DISCORD_MODERATOR_ROLE_IDS: csv,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_PORT: int(3000, 0, 65_535),
  SLACK_HOST: optionalHost,
  SLACK_API_URL: url('https://slack.com/api/'),
  SLACK_MODERATOR_IDS: csv,
  SLACK_PRIVATE_BY_DEFAULT: bool(false),
  DATABASE_PATH: z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : '.data/quotebot.db')),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  QUESTION_LOG: z.enum(['off', 'declined', 'all']).default('declined'),
  QUESTION_LOG_RETENTION_DAYS: int(90, 1, 3650),
  SQLITE_CHECKPOINT_MS: int(1000, 0, 60_000),
  USER_HASH_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  CORPUS_WATCH: bool(true),
  ALLOW_PRIVATE_URLS: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .refine((s) => /^(?:true|false|1|0|yes|no|)$/.test(s) || s.split(',').every((r) => isCidr(r.trim())), 'must be true, false or a comma-separated list of CIDR ranges (10.0.0.0/8)')
    .transform((s): boolean | string[] => (/^(?:true|1|yes)$/.test(s) ? true : /^(?:false|0|no|)$/.test(s) ? false : s.split(',').map((r) => r.trim()))),
});

/** Parsed configuration. */
export interface Config {
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Absolute path of the corpus directory. */
  corpusDir: string;
  /** Absolute path where index snapshots are kept. */
  cacheDir: string;
  maxQuestionLength: number;
  rateLimit: { max: number; windowMs: number };
  snapshotWatchMs: number;
  /** Answer worker threads (`ANSWER_WORKERS`); 0 answers on the main thread. See src/pool/answer-pool.ts. */
  answerWorkers: number;
  /**
   * Steps the answer workers' CPU priority is below the main thread's (`ANSWER_WORKER_NICE`, Linux; 0: the
   * same), so that acknowledgements get the CPU first. See src/pool/priority.ts.
   */
  answerWorkerNice: number;
  shutdownTimeoutMs: number;
  /** 0 = off. */
  metricsPort: number;
  /** Interface the operations endpoint listens on (default `127.0.0.1`: this machine only). */
  metricsHost: string;
  /** Watch the corpus directory and refresh on changes (`CORPUS_WATCH`, default true). */
  corpusWatch: boolean;
  /**
   * Let `corpus add` fetch URLs on loopback, private and other non-public addresses (`ALLOW_PRIVATE_URLS`):
   * all of them (`true`) or those in the listed CIDR ranges.
   */
  allowPrivateUrls: boolean | string[];
  discord?: {
    token: string;
    applicationId: string;
    apiUrl: string;
    guildId?: string;
    moderatorRoleIds: string[];
  };
  /** The store (questions, answers, ratings): SQLite at `DATABASE_PATH`, or PostgreSQL at `DATABASE_URL`. */
  store: StoreConfig;
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    port: number;
    /** Interface the HTTP receiver listens on (`SLACK_HOST`); all interfaces when not set. */
    host?: string;
    apiUrl: string;
    moderatorIds: string[];
    privateByDefault: boolean;
  };
}

/**
 * Parses the configuration.
 * @param env - variables (normally `process.env`)
 * @param argv - command-line arguments; `--corpus DIR` overrides `CORPUS_DIR`
 * @throws {@link ConfigError} naming the first wrong variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? '?');
    // A secret or a URL that may hold a password is never echoed.
    const hidden = /SECRET|TOKEN|PASSWORD|DATABASE_URL/.test(name);
    throw new ConfigError(`${name}: ${issue.message} (got ${hidden ? 'a value, not shown' : JSON.stringify(env[name] ?? null)})`);
  }
  const e = parsed.data;
  const corpusFlag = argv.indexOf('--corpus');
  let corpusDir = e.CORPUS_DIR;
  if (corpusFlag >= 0) {
    const dir = argv[corpusFlag + 1];
    if (!dir) throw new ConfigError('--corpus: needs a directory');
    corpusDir = dir;
  }
  const cfg: Config = {
    logLevel: e.LOG_LEVEL,
    corpusDir: path.resolve(corpusDir),
    cacheDir: path.resolve(e.CACHE_DIR),
    maxQuestionLength: e.MAX_QUESTION_LENGTH,
    rateLimit: { max: e.RATE_LIMIT_MAX, windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    snapshotWatchMs: e.SNAPSHOT_WATCH_MS,
    answerWorkers: e.ANSWER_WORKERS,
    answerWorkerNice: e.ANSWER_WORKER_NICE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    store: {
      path: path.resolve(e.DATABASE_PATH),
      ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}),
      questionLog: e.QUESTION_LOG,
      retentionDays: e.QUESTION_LOG_RETENTION_DAYS,
      checkpointMs: e.SQLITE_CHECKPOINT_MS,
      ...(e.USER_HASH_SECRET ? { userSecret: e.USER_HASH_SECRET } : {}),
    },
    corpusWatch: e.CORPUS_WATCH,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
  };
  if (e.DATABASE_URL && !e.USER_HASH_SECRET) {
    throw new ConfigError('USER_HASH_SECRET: required when DATABASE_URL is set (every replica must hash user ids alike)');
  }
  if (e.DISCORD_TOKEN || e.DISCORD_APPLICATION_ID) {
    if (!e.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN: required when DISCORD_APPLICATION_ID is set');
    if (!e.DISCORD_APPLICATION_ID) throw new ConfigError('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
    cfg.discord = {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
      guildId: e.DISCORD_GUILD_ID,
      moderatorRoleIds: e.DISCORD_MODERATOR_ROLE_IDS,
    };
  }
  if (e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
    if (!e.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_BOT_TOKEN: required when Slack is configured');
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
      throw new ConfigError('SLACK_SIGNING_SECRET: required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    cfg.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      port: e.SLACK_PORT,
      ...(e.SLACK_HOST !== undefined ? { host: e.SLACK_HOST } : {}),
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      moderatorIds: e.SLACK_MODERATOR_IDS,
      privateByDefault: e.SLACK_PRIVATE_BY_DEFAULT,
    };
  }
  return cfg;
}
