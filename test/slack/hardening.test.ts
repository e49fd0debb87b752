/**
 * Slack hardening (issue 16): a start with the Web API unreachable fails in bounded time with its cause
 * (item 4), a retried Events API delivery is acknowledged without a second answer (item 5), a request
 * stamped in the future is refused (item 5), and the HTTP receiver listens on `SLACK_HOST` (item 15).
 * Real bolt against the fake Slack on 127.0.0.1; the bot core and engine are the real ones.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, type QuestionEngine } from '../../src/bot.js';
import { MemoryDeduplicator } from '../../src/ops/dedupe.js';
import { SlackAdapter } from '../../adapters/slack/adapter.js';
import { eventCallback, FakeSlack, postSigned } from './fake-slack.js';
import { memoryLogger, openEngine, SIGNING_SECRET, slackConfig, startAdapter, type Harness, type OpenEngine } from './helpers.js';
import { freePort } from '../helpers/port.js';
import { ROOT, tempCorpus } from '../ops/helpers.js';

const JSON_CT = 'application/json' as const;

let fake: FakeSlack;
let opened: OpenEngine;
let engine: QuestionEngine;
let h: Harness;

beforeAll(async () => {
  fake = await FakeSlack.start({ users: { UDUP: { locale: 'fr-FR' } } });
  opened = await openEngine(memoryLogger().logger);
  engine = opened.engine;
  h = await startAdapter(fake, engine, {}, { max: 100, windowMs: 60_000 });
});

afterAll(async () => {
  await h?.adapter.stop();
  await fake?.close();
  await opened?.cleanup();
});

/** Sends a signed Events API body, with extra headers. */
async function sendEvent(body: Record<string, unknown>, headers: Record<string, string> = {}, timestamp = Math.floor(Date.now() / 1000)) {
  const { slackSignature } = await import('./fake-slack.js');
  const raw = JSON.stringify(body);
  const res = await fetch(h.eventsUrl, {
    method: 'POST',
    headers: {
      'content-type': JSON_CT,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, raw),
      ...headers,
    },
    body: raw,
  });
  return { status: res.status, text: await res.text() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Slack retries (X-Slack-Retry-Num)', () => {
  it('answers an app_mention once, however many times Slack delivers it', async () => {
    const channel = 'CDUP1';
    const event = { type: 'app_mention', user: 'UDUP', text: "<@UBOT> quand l'ultimatum a-t-il été fixé ?", ts: '1712345700.000100', channel, event_ts: '1712345700.000100' };
    const body = eventCallback(event);
    expect((await sendEvent(body)).status).toBe(200);
    await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === channel, 10_000);
    // Slack's retries of the same event: acknowledged (200), never answered again.
    expect((await sendEvent(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    expect((await sendEvent(body, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    // A different event in the same channel is answered: the one after the retries proves they were processed.
    const other = eventCallback({ ...event, ts: '1712345701.000100', event_ts: '1712345701.000100' });
    expect((await sendEvent(other)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (fake.callsOf('chat.postMessage').filter((c) => c.body.channel === channel).length < 2 && Date.now() < deadline) await sleep(50);
    await sleep(300);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.body.channel === channel)).toHaveLength(2);
    const retried = h.logs().filter((l) => l.msg === 'Slack event already handled; retry acknowledged');
    expect(retried.map((l) => l.retryNum)).toEqual([1, 2]);
    expect(retried.every((l) => l.eventId === body.event_id)).toBe(true);
  });

  it('answers a retry whose first delivery never arrived', async () => {
    const channel = 'CDUP2';
    const event = { type: 'app_mention', user: 'UDUP', text: '<@UBOT> ultimatum', ts: '1712345702.000100', channel, event_ts: '1712345702.000100' };
    expect((await sendEvent(eventCallback(event), { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' })).status).toBe(200);
    await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === channel, 10_000);
  });
});

describe('Slack request timestamps', () => {
  it('refuses a correctly signed request stamped more than 5 minutes in the future, and takes one 4 minutes ahead', async () => {
    const channel = 'CFUT1';
    const event = { type: 'app_mention', user: 'UDUP', text: '<@UBOT> ultimatum', ts: '1712345703.000100', channel, event_ts: '1712345703.000100' };
    const now = Math.floor(Date.now() / 1000);
    expect((await sendEvent(eventCallback(event), {}, now + 6 * 60)).status).toBe(401);
    expect((await sendEvent(eventCallback(event), {}, now + 3600)).status).toBe(401);
    // Still refused in the past, by bolt.
    expect((await sendEvent(eventCallback(event), {}, now - 6 * 60)).status).toBe(401);
    await sleep(300);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.body.channel === channel)).toHaveLength(0);
    expect(h.logs().some((l) => String(l.msg).includes('more than 5 minutes in the future'))).toBe(true);
    expect((await sendEvent(eventCallback(event), {}, now + 4 * 60)).status).toBe(200);
    await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === channel, 10_000);
  });
});

describe('MemoryDeduplicator', () => {
  it('claims a key once within its time, forgets it after, and keeps at most maxKeys', async () => {
    let now = 0;
    const d = new MemoryDeduplicator({ ttlMs: 1000, maxKeys: 3, now: () => now });
    expect(await d.claim('a')).toBe(true);
    expect(await d.claim('a')).toBe(false);
    now = 999;
    expect(await d.claim('a')).toBe(false);
    now = 1000;
    expect(await d.claim('a')).toBe(true);
    for (const k of ['b', 'c', 'd', 'e']) expect(await d.claim(k)).toBe(true);
    expect(d.size).toBe(3);
    // The oldest ('a', then 'b') were forgotten to make room.
    expect(await d.claim('e')).toBe(false);
    expect(await d.claim('a')).toBe(true);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const d = new MemoryDeduplicator({ maxKeys: 1000 });
    for (let i = 0; i < 50_000; i++) d.claimSync(`k${i}`);
    expect(d.size).toBe(1000);
  });
});

describe('Slack start with the Web API unreachable', () => {
  it('fails within seconds (not the client default of 30 minutes), naming SLACK_API_URL and the cause', async () => {
    const port = await freePort(); // nothing listens there: connection refused
    const { logger } = memoryLogger();
    const adapter = new SlackAdapter({
      bot: new Bot({ engine, logger }),
      config: slackConfig(fake, { apiUrl: `http://127.0.0.1:${port}/api/` }),
      logger,
      tuning: { host: '127.0.0.1' }, // the production retry policy and timeout
    });
    const started = Date.now();
    const err = await adapter.start().then(
      () => null,
      (e: unknown) => e as Error,
    );
    const ms = Date.now() - started;
    expect(err?.message).toMatch(/cannot reach the Web API at SLACK_API_URL=http:\/\/127\.0\.0\.1:\d+\/api\/ \(auth\.test: fetch failed: .*ECONNREFUSED/);
    // Three attempts, 0.5 s and 1 s apart (with jitter): about 2 s; 20 s is a 10× margin.
    expect(ms).toBeLessThan(20_000);
    expect(adapter.isConnected()).toBe(false);
  }, 30_000);

  it('npm start exits 1 with the cause in the log', async () => {
    const port = await freePort();
    const corpus = tempCorpus();
    try {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD|SLACK|METRICS)_/.test(k)));
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'adapters/main.ts')], {
        cwd: ROOT,
        env: {
          ...clean,
          CORPUS_DIR: corpus.corpusDir,
          CACHE_DIR: corpus.cacheDir,
          SLACK_SIGNING_SECRET: 's12345678',
          SLACK_BOT_TOKEN: 'xoxb-1',
          SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
          SLACK_PORT: '0',
          SLACK_HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
        },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += String(d)));
      child.stdout.resume();
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(code).toBe(1);
      expect(err).toContain('cannot reach the Web API at SLACK_API_URL');
      expect(err).toContain('ECONNREFUSED');
      expect(err).toContain('no adapter could start');
    } finally {
      corpus.cleanup();
    }
  }, 90_000);
});

describe('SLACK_HOST', () => {
  it('is the interface the HTTP receiver listens on', async () => {
    const { logger } = memoryLogger();
    const adapter = new SlackAdapter({
      bot: new Bot({ engine, logger }),
      config: slackConfig(fake, { host: '127.0.0.1' }),
      logger,
      tuning: { retries: 0 },
    });
    await adapter.start();
    try {
      const addr = (adapter as unknown as { server: { address(): { address: string } } }).server.address();
      expect(addr.address).toBe('127.0.0.1');
    } finally {
      await adapter.stop();
    }
  });
});
