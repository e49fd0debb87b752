/**
 * Logs: secrets never appear (redacted by path and by value, wherever they occur), and every line about a
 * question carries its request id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.js';
import { Engine } from '../../src/engine.js';
import { secretRedactor, secretsFromEnv } from '../../src/logger.js';
import { captureLogger, tempCorpus, type TempCorpus } from './helpers.js';

const SLACK = 'xoxb-2718281828-3141592653-AbCdEfGhIjKlMnOpQrStUvWx';
const DISCORD = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const SIGNING = '8f14e45fceea167a5a36dedd4bea2543';
const ODD = 'pa"ss/wo rd\\with+odd&chars';

describe('secret redaction', () => {
  const saved: Record<string, string | undefined> = {};
  const env = { SLACK_BOT_TOKEN: SLACK, DISCORD_TOKEN: DISCORD, SLACK_SIGNING_SECRET: SIGNING, SOME_API_KEY: ODD };
  beforeAll(() => {
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('finds the secret values of the environment by variable name', () => {
    const found = secretsFromEnv({ SLACK_BOT_TOKEN: SLACK, LOG_LEVEL: 'debug', CORPUS_DIR: '/srv/corpus', DB_PASSWORD: 'hunter2hunter2', SHORT_TOKEN: 'abc' });
    expect(found.sort()).toEqual([SLACK, 'hunter2hunter2'].sort());
  });

  it('never writes a token set in the environment, wherever it appears in a log line', () => {
    const cap = captureLogger('debug');
    const log = cap.logger;
    log.info({ config: { slack: { botToken: SLACK, signingSecret: SIGNING }, discord: { token: DISCORD } } }, 'config by path');
    log.error({ err: new Error(`request to https://slack.test/api/auth.test?token=${SLACK} failed`) }, 'error message and stack');
    log.warn({ url: `https://example.test/hook?key=${encodeURIComponent(ODD)}` }, 'URL-encoded secret');
    log.info({ nested: { deeply: { anything: [DISCORD, `Bot ${DISCORD}`] } } }, 'unknown field names');
    log.info({ headers: { Authorization: `Bearer ${SLACK}` } }, 'header with another case');
    log.info(`message text with ${SIGNING} and ${ODD} in it`);
    log.child({ requestId: 'r1', token: SLACK }).info('child bindings');
    const text = cap.text();
    expect(cap.lines()).toHaveLength(7);
    for (const secret of [SLACK, DISCORD, SIGNING, ODD, JSON.stringify(ODD).slice(1, -1), encodeURIComponent(ODD)]) expect(text).not.toContain(secret);
    // the parts that are not secret survive
    expect(text).toContain('https://slack.test/api/auth.test?token=[redacted]');
    expect(text).toContain('Bot [redacted]');
    expect(text.match(/\[redacted\]/g)!.length).toBeGreaterThanOrEqual(10);
  });

  it('redacts token shapes even when they are not in the environment', () => {
    const redact = secretRedactor([]);
    expect(redact('token xoxb-111-222-abcdefghijkl and xapp-1-A02-333-deadbeef end')).toBe('token [redacted] and [redacted] end');
    expect(redact('Authorization: Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs')).toBe('Authorization: Bot [redacted]');
    expect(redact('nothing secret: 2026-03-09, version 862ef49106badb19')).toBe('nothing secret: 2026-03-09, version 862ef49106badb19');
  });
});

describe('request ids', () => {
  let corpus: TempCorpus;
  let engine: Engine;
  beforeAll(async () => {
    corpus = tempCorpus();
    engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: captureLogger().logger, watchMs: 0 });
  });
  afterAll(async () => {
    await engine.close();
    corpus.cleanup();
  });

  it('carries the request id of each question through its log lines', async () => {
    const cap = captureLogger('debug');
    const bot = new Bot({ engine, logger: cap.logger });
    const from = { platform: 'slack' as const, userId: 'U1' };
    const [r1, r2] = await Promise.all([
      bot.processEvent({ kind: 'ask', text: 'Quand Hegseth a-t-il fixé un ultimatum ?', from }),
      bot.processEvent({ kind: 'ask', text: 'Who is Emil Michael?', from }),
    ]);
    expect(r1.requestId).not.toBe(r2.requestId);
    for (const r of [r1, r2]) {
      const lines = cap.lines().filter((l) => l.requestId === r.requestId);
      expect(lines.map((l) => l.msg)).toEqual(['question', 'request handled']);
      expect(lines.every((l) => l.platform === 'slack' && l.kind === 'ask')).toBe(true);
    }
  });
});
