/**
 * Configuration: defaults, overrides, platform sections, and a clear error naming the wrong variable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../src/config.js';
import { ConfigError, ErrorCode } from '../src/errors.js';

function configError(env: NodeJS.ProcessEnv, argv: string[] = []): ConfigError {
  try {
    loadConfig(env, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`no error for ${JSON.stringify(env)} ${argv.join(' ')}`);
}

describe('loadConfig', () => {
  it('has working defaults with no variable set, and no platform', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      logLevel: 'info',
      corpusDir: path.resolve('corpus'),
      cacheDir: path.resolve('.cache'),
      maxQuestionLength: 500,
      rateLimit: { max: 5, windowMs: 30_000 },
      metricsPort: 0,
      metricsHost: '127.0.0.1',
    });
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('the store: SQLite by default, PostgreSQL with DATABASE_URL (and then a user-hash secret), the question log', () => {
    expect(loadConfig({}).store).toEqual({ path: path.resolve('.data/quotebot.db'), questionLog: 'declined', retentionDays: 90, checkpointMs: 1000 });
    expect(loadConfig({ SQLITE_CHECKPOINT_MS: '0' }).store.checkpointMs).toBe(0);
    expect(configError({ SQLITE_CHECKPOINT_MS: '-1' }).message).toMatch(/^Config: SQLITE_CHECKPOINT_MS: /);
    const c = loadConfig({
      DATABASE_PATH: 'var/q.db',
      DATABASE_URL: 'postgres://bot:pw@db:5432/quotebot',
      QUESTION_LOG: 'all',
      QUESTION_LOG_RETENTION_DAYS: '30',
      USER_HASH_SECRET: 'a secret of some length',
      SQLITE_CHECKPOINT_MS: '250',
    });
    expect(c.store).toEqual({ path: path.resolve('var/q.db'), url: 'postgres://bot:pw@db:5432/quotebot', questionLog: 'all', retentionDays: 30, userSecret: 'a secret of some length', checkpointMs: 250 });
    expect(configError({ DATABASE_URL: 'postgres://db/q' }).message).toMatch(/^Config: USER_HASH_SECRET: required when DATABASE_URL is set/);
    expect(configError({ DATABASE_URL: 'mysql://db/q', USER_HASH_SECRET: 'a secret of some length' }).message).toMatch(/^Config: DATABASE_URL: must be a postgres/);
    expect(configError({ QUESTION_LOG: 'some' }).message).toMatch(/^Config: QUESTION_LOG: /);
    expect(configError({ QUESTION_LOG_RETENTION_DAYS: '0' }).message).toMatch(/^Config: QUESTION_LOG_RETENTION_DAYS: /);
    expect(configError({ USER_HASH_SECRET: 'short' }).message).toMatch(/^Config: USER_HASH_SECRET: must be at least 16 characters/);
    // The URL's password never shows in the error.
    expect(configError({ DATABASE_URL: 'postgres://bot:hunter2hunter2@db/q' }).message).not.toContain('hunter2');
    expect(configError({ DATABASE_URL: 'postgres:// bot:hunter2hunter2@db/q', USER_HASH_SECRET: 'a secret of some length' }).message).not.toContain('hunter2');
    expect(configError({ USER_HASH_SECRET: 'hunter2' }).message).not.toContain('hunter2');
  });

  it('reads the variables and resolves directories', () => {
    const c = loadConfig({ LOG_LEVEL: 'debug', CORPUS_DIR: 'some/corpus', CACHE_DIR: '/tmp/x-cache', MAX_QUESTION_LENGTH: ' 300 ', RATE_LIMIT_WINDOW_SECONDS: '60' });
    expect(c.logLevel).toBe('debug');
    expect(c.corpusDir).toBe(path.resolve('some/corpus'));
    expect(c.cacheDir).toBe('/tmp/x-cache');
    expect(c.maxQuestionLength).toBe(300);
    expect(c.rateLimit.windowMs).toBe(60_000);
  });

  it('reads METRICS_HOST: an IP address or a host name, 127.0.0.1 when unset or empty', () => {
    for (const host of ['0.0.0.0', '::', '::1', '10.1.2.3', 'localhost', 'metrics.internal']) expect(loadConfig({ METRICS_HOST: host }).metricsHost).toBe(host);
    expect(loadConfig({ METRICS_HOST: ' 0.0.0.0 ' }).metricsHost).toBe('0.0.0.0');
    expect(loadConfig({ METRICS_HOST: '' }).metricsHost).toBe('127.0.0.1');
  });

  it('lets --corpus DIR override CORPUS_DIR, and refuses --corpus without a directory', () => {
    expect(loadConfig({ CORPUS_DIR: 'a' }, ['--json', '--corpus', '/data/b', 'question']).corpusDir).toBe('/data/b');
    expect(configError({}, ['--corpus']).message).toMatch(/--corpus/);
  });

  it.each([
    ['LOG_LEVEL', 'loud'],
    ['MAX_QUESTION_LENGTH', 'abc'],
    ['MAX_QUESTION_LENGTH', '5'],
    ['RATE_LIMIT_MAX', '-1'],
    ['RATE_LIMIT_WINDOW_SECONDS', '1.5'],
    ['SLACK_PORT', '70000'],
    ['METRICS_PORT', 'http'],
    ['METRICS_HOST', 'not a host'],
    ['METRICS_HOST', 'http://0.0.0.0'],
    ['METRICS_HOST', '[::1]'],
    ['METRICS_HOST', '1.2.3.999'],
    ['DISCORD_API_URL', 'not a url'],
    ['SLACK_PRIVATE_BY_DEFAULT', 'maybe'],
  ])('names %s when it is %j', (name, value) => {
    const e = configError({ [name]: value });
    expect(e.code).toBe(ErrorCode.ConfigInvalid);
    expect(e.message).toContain(name);
    expect(e.message).toContain(JSON.stringify(value));
  });

  it('configures Discord only with both its token and application id', () => {
    expect(configError({ DISCORD_TOKEN: 't0k' }).message).toMatch(/DISCORD_APPLICATION_ID/);
    expect(configError({ DISCORD_APPLICATION_ID: '123' }).message).toMatch(/DISCORD_TOKEN/);
    const c = loadConfig({ DISCORD_TOKEN: 't0k', DISCORD_APPLICATION_ID: '123', DISCORD_API_URL: 'http://127.0.0.1:9/api/', DISCORD_MODERATOR_ROLE_IDS: ' 1, 2 ,,3 ' });
    expect(c.discord).toEqual({ token: 't0k', applicationId: '123', apiUrl: 'http://127.0.0.1:9/api', guildId: undefined, moderatorRoleIds: ['1', '2', '3'] });
    // Whitespace is no token.
    expect(loadConfig({ DISCORD_TOKEN: '  ', DISCORD_APPLICATION_ID: '' }).discord).toBeUndefined();
  });

  it('configures Slack with a bot token and a signing secret or an app token', () => {
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1' }).message).toMatch(/SLACK_SIGNING_SECRET/);
    expect(configError({ SLACK_SIGNING_SECRET: 's' }).message).toMatch(/SLACK_BOT_TOKEN/);
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api', SLACK_PRIVATE_BY_DEFAULT: 'yes' });
    expect(http.slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: 's', port: 3000, apiUrl: 'http://127.0.0.1:9/api/', privateByDefault: true });
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.slack).toMatchObject({ appToken: 'xapp-1', privateByDefault: false });
  });

  it('validates every variable the code reads from process.env', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const read = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.ts')) for (const m of readFileSync(full, 'utf8').matchAll(/process\.env\.([A-Z_][A-Z0-9_]*)/g)) read.add(m[1]!);
      }
    };
    walk(path.join(root, 'src'));
    walk(path.join(root, 'adapters'));
    expect(read.size).toBeGreaterThan(0);
    // SHARDS is set by discord.js in its shard processes, not by the person running the bot.
    const unknown = [...read].filter((v) => v !== 'SHARDS' && !(v in envSchema.shape));
    expect(unknown).toEqual([]);
  });
});
