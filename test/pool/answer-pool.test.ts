/**
 * The answer worker pool on the real engine, real worker threads and a temporary copy of the corpus:
 * answers identical to the engine's, a refresh that switches every worker at once, a snapshot published
 * by another process, a crashed worker replaced without losing its question, and the bot core on top.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.js';
import path from 'node:path';
import { Engine } from '../../src/engine.js';
import { StoreService } from '../../src/store/service.js';
import { AnswerPool, MAX_ATTEMPTS, PIPELINE } from '../../src/pool/answer-pool.js';
import { captureLogger, doc, sleep, tempCorpus, type TempCorpus } from '../ops/helpers.js';

const HARBOUR = doc(
  'harbour',
  'The harbour committee met on 3 March 2026 in Marseille to approve the new lighthouse budget of 4 million euros.\n\nThe lighthouse keeper, Jeanne Morel, said the work would start in April 2026.',
);
const QUESTIONS = [
  'Quand Hegseth a-t-il fixé un ultimatum à Dario Amodei ?',
  'When was the ultimatum?',
  'Who is Dario Amodei?',
  'Combien le Pentagone a-t-il proposé ?',
  'When did the harbour committee meet?',
  '',
  'x'.repeat(600),
];

let corpus: TempCorpus | null = null;
const closers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
  corpus?.cleanup();
  corpus = null;
});

async function openPool(c: TempCorpus, workers = 2, watchMs = 0): Promise<{ pool: AnswerPool; log: ReturnType<typeof captureLogger> }> {
  const log = captureLogger('info');
  const pool = await AnswerPool.open({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger: log.logger, workers, watchMs });
  closers.push(pool);
  return { pool, log };
}

/**
 * The report, with answers in workers, groups declined questions with the engine's own analysis (read in
 * a worker), exactly as with the engine on the main thread; rows without a stored reading are read again.
 */
async function reportGroupsInWorkers(pool: AnswerPool, engine: Engine, c: TempCorpus): Promise<void> {
  const paraphrases = ['Who won the football world cup?', 'who won the World Cup of football', 'Which team won the football world cups?', 'Where was Hans Herrmann born?', 'When was Hans Herrmann born?'];
  expect(await pool.analyzeMany(paraphrases)).toEqual(engine.analyzeMany(paraphrases));
  const store = await StoreService.open({ path: path.join(c.root, 'data', 'q.db'), questionLog: 'declined', retentionDays: 90 }, captureLogger().logger);
  closers.push(store);
  // Recorded without the engine's reading (as rows from before it was kept): the report must read them.
  for (const question of paraphrases) {
    await store.current!.record({ platform: 'slack', userId: 'u', private: false, answer: { question, language: 'en', type: 'who', answered: false, reason: 'not_covered', passages: [] } });
  }
  const moderator = { platform: 'slack' as const, userId: 'm', isModerator: true };
  const report = async (e: Engine | AnswerPool) => {
    const r = await new Bot({ engine: e, logger: captureLogger().logger, store }).processEvent({ kind: 'report', from: moderator });
    if (r.kind !== 'report') throw new Error(r.kind);
    return r.report.declined;
  };
  const inWorkers = await report(pool);
  expect(inWorkers.map((d) => d.count)).toEqual([3, 1, 1]);
  expect(inWorkers).toEqual(await report(engine));
}

describe('AnswerPool', () => {
  it('answers exactly as the engine does, naming the version, from every worker', { timeout: 300_000 }, async () => {
    corpus = tempCorpus();
    const { pool } = await openPool(corpus, 2);
    const engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: captureLogger().logger, watchMs: 0 });
    closers.push(engine);
    expect(pool.size).toBe(2);
    expect(pool.status()).toMatchObject({ version: engine.status().version, documents: engine.status().documents, passages: engine.status().passages });
    // Many at once: both workers answer, in any order; each answer is the engine's. Each worker holds the
    // question it answers and its next one; the rest wait in the pool's queue.
    const asked = [...QUESTIONS, ...QUESTIONS].map((q) => pool.ask(q));
    expect(pool.queued).toBe(asked.length - 2 * PIPELINE);
    const answers = await Promise.all(asked);
    expect(pool.queued).toBe(0);
    answers.forEach((a, i) => expect(a).toEqual(engine.ask([...QUESTIONS, ...QUESTIONS][i]!)));
    expect(answers[0]!.index).toBe(engine.status().version);
    expect(await pool.timeline('ultimatum')).toEqual(engine.timeline('ultimatum'));
    expect(await pool.askRanked(QUESTIONS[0]!, 3)).toEqual(engine.askRanked(QUESTIONS[0]!, 3));
    const heaps = await pool.heaps();
    expect(heaps).toHaveLength(2);
    for (const h of heaps) expect(h.heapUsedMb).toBeGreaterThan(1);
    // Two questions in flight per worker: both workers answered, together every question asked (one askRanked).
    expect(heaps.every((h) => h.answered > 0)).toBe(true);
    expect(heaps.reduce((n, h) => n + h.answered, 0)).toBe(asked.length + 1);
    // A warm-up answers every question in every worker, whatever the queue would have handed each.
    await pool.warmUp(QUESTIONS.slice(0, 3));
    expect((await pool.heaps()).map((h, i) => h.answered - heaps[i]!.answered)).toEqual([3, 3]);
    // Under the bot core, questions are handed over without taking turns.
    const bot = new Bot({ engine: pool, logger: captureLogger().logger, rateLimit: { max: 1000, windowMs: 1000 } });
    const from = { platform: 'console' as const, userId: 'u' };
    const replies = await Promise.all(QUESTIONS.slice(0, 4).map((text) => bot.processEvent({ kind: 'ask', text, from })));
    replies.forEach((r, i) => expect(r).toMatchObject({ kind: 'answer', answer: engine.ask(QUESTIONS[i]!) }));
    const tl = await bot.processEvent({ kind: 'timeline', query: 'ultimatum', from });
    expect(tl).toMatchObject({ kind: 'timeline', entries: engine.timeline('ultimatum') });
    await reportGroupsInWorkers(pool, engine, corpus);
  });

  it('switches every worker to a refreshed index at once, says what changed, refuses an empty corpus', { timeout: 300_000 }, async () => {
    corpus = tempCorpus();
    const { pool } = await openPool(corpus, 1); // one worker: worker threads start slowly on a loaded machine
    const before = pool.status().version;
    expect((await pool.ask('When did the harbour committee meet?')).answered).toBe(false);
    corpus.write('harbour.md', HARBOUR);
    // Questions keep flowing during the refresh: each is answered whole by one version.
    let stop = false;
    const seen: string[] = [];
    const asking = (async () => {
      while (!stop) seen.push((await pool.ask('When did the harbour committee meet?')).index!);
    })();
    const report = await pool.refresh();
    const afterSwitch = await Promise.all([0, 1, 2, 3].map(() => pool.ask('When did the harbour committee meet?')));
    stop = true;
    await asking;
    expect(report).toMatchObject({ ok: true, added: ['harbour'], changed: [], removed: [] });
    expect(report.version).not.toBe(before);
    expect(pool.status().version).toBe(report.version);
    expect(pool.size).toBe(1);
    for (const a of afterSwitch) {
      expect(a.index).toBe(report.version);
      expect(a.passages[0]?.text).toContain('3 March 2026');
    }
    // The versions seen by one asker never go back: old ones, then new ones.
    const firstNew = seen.indexOf(report.version);
    expect(seen.every((v, i) => (firstNew >= 0 && i >= firstNew ? v === report.version : v === before))).toBe(true);
    // Nothing changed: same version, no new workers.
    const again = await pool.refresh();
    expect(again).toMatchObject({ ok: true, added: [], changed: [], removed: [], version: report.version });
    // No valid document left: refused, the workers in service stay.
    const served = pool.status();
    corpus.remove('anthropic-pentagone-panne.md');
    corpus.remove('harbour.md');
    const refused = await pool.refresh();
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/no valid document/);
    expect(pool.status()).toEqual(served);
    expect((await pool.ask('When did the harbour committee meet?')).index).toBe(report.version);
  });

  it('replaces a crashed worker and answers its question elsewhere', { timeout: 300_000 }, async () => {
    corpus = tempCorpus();
    const { pool, log } = await openPool(corpus, 2);
    const want = await pool.ask(QUESTIONS[0]!);
    const pending = Array.from({ length: 8 }, () => pool.ask(QUESTIONS[0]!));
    await pool.terminateWorker(0); // in the middle of a question, with the next one waiting in it
    const got = await Promise.all(pending);
    for (const a of got) expect(a).toEqual(want);
    expect(log.lines().some((l) => l.msg === 'answer worker exited; replacing it')).toBe(true);
    for (let i = 0; i < 2400 && pool.size < 2; i++) await sleep(50); // a worker may take long to start on a loaded machine
    expect(pool.size).toBe(2);
    expect(await pool.ask(QUESTIONS[1]!)).toMatchObject({ index: want.index });
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
  });

  it('switches to a snapshot another process published', { timeout: 300_000 }, async () => {
    corpus = tempCorpus();
    const { pool } = await openPool(corpus, 1, 50);
    // Another process (here: an engine in this one) refreshes and publishes.
    const other = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: captureLogger().logger, watchMs: 0 });
    closers.push(other);
    corpus.write('harbour.md', HARBOUR);
    const report = await other.refresh();
    expect(report.ok).toBe(true);
    for (let i = 0; i < 4800 && pool.status().version !== report.version; i++) await sleep(50);
    expect(pool.status().version).toBe(report.version);
    const a = await pool.ask('When did the harbour committee meet?');
    expect(a.index).toBe(report.version);
    expect(a.passages[0]?.text).toContain('3 March 2026');
  });
});
