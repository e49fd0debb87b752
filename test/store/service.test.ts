/**
 * The store in the bot: pruning at start (and on its timer), ratings and declines counted in /metrics,
 * the report for moderators only, and the bot's replies when a button points at nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/bot.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { BotMetrics } from '../../src/ops/metrics.js';
import { StoreService } from '../../src/store/service.js';
import { Store } from '../../src/store/store.js';
import { CorpusManager } from '../../src/corpus/manage.js';
import { reportText } from '../../src/store/messages.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';
import { captureLogger } from '../ops/helpers.js';

let engine: Engine;

beforeAll(async () => {
  engine = await Engine.open({ corpusDir: path.resolve('corpus'), cacheDir: tempDir('quotebot-svc-cache-'), logger: createLogger('silent'), watchMs: 0 });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  cleanupTemps();
});

const from = (userId: string, isModerator = false) => ({ platform: 'slack' as const, userId, isModerator });

describe('the store in the bot', () => {
  it('prunes what is past QUESTION_LOG_RETENTION_DAYS when it opens, and again on its timer', async () => {
    const file = path.join(tempDir('quotebot-svc-'), 'q.db');
    const cfg = { path: file, questionLog: 'all' as const, retentionDays: 7 };
    const s = await Store.open(cfg, createLogger('silent'));
    const day = 86_400_000;
    const old = (t: number, q: string) => s.record({ platform: 'discord', userId: 'u', private: false, answer: { question: q, language: 'en', type: 'what', answered: false, reason: 'not_covered', passages: [] }, at: Date.now() - t * day });
    await old(8, 'eight days ago');
    await old(6, 'six days ago');
    await s.close();
    const { logger, lines } = captureLogger();
    const svc = await StoreService.open(cfg, logger, { pruneEveryMs: 200 });
    const left = async () => (await svc.current!.db.selectFrom('questions').select('question').execute()).map((r) => r.question);
    expect(await left()).toEqual(['six days ago']);
    expect(lines().find((l) => /pruned/.test(l.msg))).toMatchObject({ questions: 1, retentionDays: 7 });
    // The timer prunes what has aged since.
    await svc.current!.db.updateTable('questions').set({ at: Date.now() - 9 * day }).execute();
    for (let i = 0; i < 50 && (await left()).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await left()).toEqual([]);
    await svc.close();
  });

  it('prunes daily by default', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const svc = await StoreService.open({ path: path.join(tempDir('quotebot-svc-'), 'q.db'), questionLog: 'all', retentionDays: 7 }, createLogger('silent'));
      const s = svc.current!;
      await s.record({ platform: 'discord', userId: 'u', private: false, answer: { question: 'old', language: 'en', type: 'what', answered: false, reason: 'not_covered', passages: [] }, at: Date.now() - 8 * 86_400_000 });
      const left = async () => (await s.db.selectFrom('questions').select('question').execute()).length;
      vi.advanceTimersByTime(23 * 3_600_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(await left()).toBe(1);
      vi.advanceTimersByTime(3_600_000);
      for (let i = 0; i < 50 && (await left()); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await left()).toBe(0);
      await svc.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts ratings and declines in /metrics, and says so when the store is off', async () => {
    const svc = await StoreService.open({ path: path.join(tempDir('quotebot-svc-'), 'q.db'), questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
    const metrics = new BotMetrics({ engine, store: svc, processMetrics: false });
    const bot = new Bot({ engine, logger: createLogger('silent'), store: svc, observer: metrics });
    const a = await bot.processEvent({ kind: 'ask', text: 'What did OpenAI sign?', from: from('U1') });
    if (a.kind !== 'answer' || !a.feedback) throw new Error('no answer with buttons');
    await bot.processEvent({ kind: 'ask', text: 'What is the capital of Australia?', from: from('U1') });
    await bot.processEvent({ kind: 'vote', answerId: a.feedback.answerId, value: -1, from: from('U1') });
    await bot.processEvent({ kind: 'vote', answerId: a.feedback.answerId, value: 1, from: from('U2') });
    await bot.processEvent({ kind: 'vote', answerId: a.feedback.answerId, value: -1, from: from('U3') });
    const text = await metrics.render();
    expect(text).toContain('quotebot_ratings_total{platform="slack",value="down"} 2');
    expect(text).toContain('quotebot_ratings_total{platform="slack",value="up"} 1');
    expect(text).toMatch(/quotebot_questions_declined_total\{platform="slack",language="en",reason="not_covered"\} 1/);
    expect(text).toContain('quotebot_store_available 1');
    await svc.close();
    expect(await metrics.render()).toContain('quotebot_store_available 0');
  });

  it('a page or a share counts against the rate limit (it posts a message); a vote does not', async () => {
    const svc = await StoreService.open({ path: path.join(tempDir('quotebot-svc-'), 'q.db'), questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
    const bot = new Bot({ engine, logger: createLogger('silent'), store: svc, rateLimit: { max: 2, windowMs: 60_000 } });
    const a = await bot.processEvent({ kind: 'ask', text: 'What did OpenAI sign?', from: from('U1') });
    if (a.kind !== 'answer' || !a.feedback) throw new Error('no answer with buttons');
    expect((await bot.processEvent({ kind: 'more', answerId: a.feedback.answerId, offset: 3, from: from('U1') })).kind).toBe('more');
    expect((await bot.processEvent({ kind: 'vote', answerId: a.feedback.answerId, value: 1, from: from('U1') })).kind).toBe('vote');
    expect((await bot.processEvent({ kind: 'more', answerId: a.feedback.answerId, offset: 6, from: from('U1') })).kind).toBe('rate_limited');
    expect((await bot.processEvent({ kind: 'vote', answerId: a.feedback.answerId, value: -1, from: from('U1') })).kind).toBe('vote');
    await svc.close();
  });

  it('the report is for moderators; a button on an unknown answer says it is no longer kept', async () => {
    const svc = await StoreService.open({ path: path.join(tempDir('quotebot-svc-'), 'q.db'), questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
    const bot = new Bot({ engine, logger: createLogger('silent'), store: svc });
    expect((await bot.processEvent({ kind: 'report', from: from('U1') })).kind).toBe('forbidden');
    const r = await bot.processEvent({ kind: 'report', from: from('UMOD', true) });
    expect(r.kind).toBe('report');
    expect(await bot.processEvent({ kind: 'more', answerId: 'AAAAAAAAAAAAAAAA', offset: 3, from: from('U1') })).toMatchObject({ kind: 'unavailable', reason: 'expired' });
    expect(await bot.processEvent({ kind: 'vote', answerId: 'AAAAAAAAAAAAAAAA', value: 1, from: from('U1') })).toMatchObject({ kind: 'unavailable', reason: 'expired' });
    await svc.close();
  });

  it('a moderator’s corpus change through the bot is recorded in the store and shown in /corpus report', async () => {
    const svc = await StoreService.open({ path: path.join(tempDir('quotebot-svc-'), 'q.db'), questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
    // Refusals change no file and need no refresh: the manager reports them like any change.
    const corpus = new CorpusManager({ corpusDir: tempDir('quotebot-svc-corpus-'), engine, logger: createLogger('silent'), onChange: (c) => svc.recordCorpusChange(c) });
    const bot = new Bot({ engine, logger: createLogger('silent'), store: svc, corpus });
    const mod = { ...from('UMOD', true), name: 'Ada' };
    expect(await bot.processEvent({ kind: 'corpus_remove', id: 'no-such-doc', from: mod })).toMatchObject({ outcome: { ok: false } });
    expect(await bot.processEvent({ kind: 'corpus_add', file: { name: 'notes.txt', bytes: new TextEncoder().encode('Notes\n\nText.') }, published: '2026-02-30', from: mod })).toMatchObject({ outcome: { ok: false } });
    // A URL's credentials are never recorded.
    expect(await bot.processEvent({ kind: 'corpus_add', url: 'https://user:secret-pw@127.0.0.1:1/page?x=1', from: mod })).toMatchObject({ outcome: { ok: false } });
    const r = await bot.processEvent({ kind: 'report', from: mod });
    if (r.kind !== 'report') throw new Error(r.kind);
    const hash = svc.current!.userHash('slack', 'UMOD');
    expect(r.report.changes).toMatchObject([
      { action: 'add', document: null, source: 'https://127.0.0.1:1/page?x=1', outcome: 'refused' },
      { action: 'add', document: null, source: 'notes.txt', outcome: 'refused', platform: 'slack', by: hash, error: expect.stringMatching(/published/) },
      { action: 'remove', document: 'no-such-doc', outcome: 'refused', by: hash },
    ]);
    expect(reportText(r.report, 'en')).toMatch(/Corpus changes\n.*\n  .* added \(refused\) notes\.txt \(slack \S{8}\): published: /);
    expect(JSON.stringify(await svc.current!.db.selectFrom('corpus_changes').selectAll().execute())).not.toContain('secret-pw');
    await svc.close();
  });
});
