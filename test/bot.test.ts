/**
 * The bot core (src/bot.ts) on the real engine over a temporary corpus: every request kind, rate limits,
 * moderation, the shutdown refusal (no error logged or counted), and an internal failure (logged once,
 * counted, an `error` reply) with an engine whose question path fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, type BotObserver, type BotReply, type BotRequest, type QuestionEngine } from '../src/bot.js';
import { Engine } from '../src/engine.js';
import { captureLogger, doc, tempCorpus, type TempCorpus } from './ops/helpers.js';

const user = (over: Partial<BotRequest['from']> = {}): BotRequest['from'] => ({ platform: 'console', userId: 'u1', locale: 'fr', ...over });
let corpus: TempCorpus;
let engine: Engine;

beforeAll(async () => {
  corpus = tempCorpus({ 'harbour.md': doc('harbour', 'The harbour committee met on 3 March 2026 in Marseille.') });
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: null, logger: captureLogger('warn').logger, watchMs: 0, useWorker: false });
});
afterAll(async () => {
  await engine.close();
  corpus.cleanup();
});

function recorder(): BotObserver & { replies: BotReply[]; errors: Error[] } {
  const replies: BotReply[] = [];
  const errors: Error[] = [];
  return { replies, errors, onReply: (_r, reply) => replies.push(reply), onError: (_r, e) => errors.push(e) };
}

describe('Bot.processEvent', () => {
  it('answers a question from the engine, in its own request id', async () => {
    const bot = new Bot({ engine, logger: captureLogger().logger });
    const a = await bot.processEvent({ kind: 'ask', text: 'When did the harbour committee meet?', from: user() });
    const b = await bot.processEvent({ kind: 'ask', text: 'When did the harbour committee meet?', from: user({ userId: 'u2' }) });
    expect(a.kind).toBe('answer');
    expect(a.kind === 'answer' && a.answer.passages[0]?.text).toContain('3 March 2026');
    expect(a.requestId).not.toBe(b.requestId);
  });

  it('gives help and the timeline in the requester\'s language', async () => {
    const bot = new Bot({ engine, logger: captureLogger().logger });
    expect(await bot.processEvent({ kind: 'help', from: user({ locale: 'en-US' }) })).toMatchObject({ kind: 'help', lang: 'en' });
    const t = await bot.processEvent({ kind: 'timeline', query: ' harbour ', from: user() });
    expect(t).toMatchObject({ kind: 'timeline', lang: 'fr', query: 'harbour' });
    expect(t.kind === 'timeline' && t.entries.map((e) => e.iso)).toContain('2026-03-03');
  });

  it('limits questions per user and platform, and says when to come back', async () => {
    const bot = new Bot({ engine, logger: captureLogger().logger, rateLimit: { max: 2, windowMs: 60_000 } });
    const ask = (from = user()) => bot.processEvent({ kind: 'ask', text: 'harbour?', from });
    expect((await ask()).kind).toBe('answer');
    expect((await ask()).kind).toBe('answer');
    const limited = await ask();
    expect(limited).toMatchObject({ kind: 'rate_limited' });
    expect(limited.kind === 'rate_limited' && limited.retryAfterSeconds).toBeGreaterThan(0);
    expect((await ask(user({ platform: 'slack' }))).kind).toBe('answer');
    expect((await ask(user({ userId: 'other' }))).kind).toBe('answer');
  });

  it('lets only moderators see the status and refresh', async () => {
    const bot = new Bot({ engine, logger: captureLogger().logger });
    expect(await bot.processEvent({ kind: 'status', from: user() })).toMatchObject({ kind: 'forbidden' });
    expect(await bot.processEvent({ kind: 'refresh', from: user() })).toMatchObject({ kind: 'forbidden' });
    const status = await bot.processEvent({ kind: 'status', from: user({ isModerator: true }) });
    expect(status.kind === 'status' && status.status.documents).toBe(2);
    const refresh = await bot.processEvent({ kind: 'refresh', from: user({ isModerator: true }) });
    expect(refresh.kind === 'refresh' && refresh.report.ok).toBe(true);
  });

  it('refuses new requests once closing, without logging or counting an error', async () => {
    const cap = captureLogger();
    const obs = recorder();
    const bot = new Bot({ engine, logger: cap.logger, observer: obs });
    bot.close();
    const reply = await bot.processEvent({ kind: 'ask', text: 'harbour?', from: user() });
    expect(reply).toMatchObject({ kind: 'error', reason: 'shutting_down' });
    expect(obs.errors).toEqual([]);
    expect(obs.replies).toEqual([reply]);
    expect(cap.lines().filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(bot.pending).toBe(0);
  });

  it('turns an internal failure into an error reply, logged once and counted', async () => {
    // A QuestionEngine whose question path fails (the Bot depends on the interface only).
    const failing: QuestionEngine = { ...engine, ask: () => { throw new TypeError('boom'); }, timeline: () => [], refresh: () => engine.refresh(), status: () => engine.status() };
    const cap = captureLogger();
    const obs = recorder();
    const bot = new Bot({ engine: failing, logger: cap.logger, observer: obs });
    const reply = await bot.processEvent({ kind: 'ask', text: 'harbour?', from: user() });
    expect(reply).toMatchObject({ kind: 'error' });
    expect('reason' in reply).toBe(false);
    expect(obs.errors.map((e) => e.message)).toEqual(['boom']);
    expect(cap.lines().filter((l) => l.level === 50 && l.msg === 'request failed')).toHaveLength(1);
  });
});
