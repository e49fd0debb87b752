/**
 * The store, the same suite on SQLite (a real file) and on PostgreSQL (a real server the test starts):
 * migrations, the question log per QUESTION_LOG with users as HMACs, answer pages until exhausted, votes
 * and their replacement, retention pruning, the report (declined questions grouped by the engine's own
 * reading of paraphrases), four processes writing at once, and a PostgreSQL that goes away and comes back.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { HOST_ACTOR } from '../../src/corpus/watch.js';
import { createLogger } from '../../src/logger.js';
import { buildReport, questionSignature, reportJson } from '../../src/store/report.js';
import { reportText } from '../../src/store/messages.js';
import { StoreService } from '../../src/store/service.js';
import { SharedRateLimiter } from '../../src/store/ratelimit.js';
import { StoreDeduplicator } from '../../src/ops/dedupe.js';
import { Bot } from '../../src/bot.js';
import { sql } from 'kysely';
import { DEFAULT_BUSY_TIMEOUT_MS, Store, type QuestionLogMode, type StoreConfig } from '../../src/store/store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import type { Answer, AnswerPassage } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';
import { startPostgres, type TestPostgres } from './pg.js';
import { captureLogger } from '../ops/helpers.js';

const pgServer = await startPostgres();
const pgReady: TestPostgres | null = 'error' in pgServer ? null : pgServer;
const pgSkip = 'error' in pgServer ? ` — SKIPPED: ${pgServer.error}` : '';

const silent = createLogger('silent');
let engine: Engine;
let dbCount = 0;

beforeAll(async () => {
  engine = await Engine.open({ corpusDir: path.resolve('corpus'), cacheDir: tempDir('quotebot-store-cache-'), logger: silent, watchMs: 0 });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await pgReady?.destroy();
  cleanupTemps();
}, 30_000);

function passage(doc: string, paragraph: number, text = `passage ${doc} ${paragraph}`): AnswerPassage {
  return { text, document: { id: doc, title: `Title ${doc}`, published: '2026-03-09' }, paragraph, dates: [], score: 1, highlights: [], display: { text, highlights: [] } };
}

function answered(question: string, passages: AnswerPassage[]): Answer {
  return { question, language: 'en', type: 'what', answered: true, passages, index: 'v1' };
}

function declined(question: string): Answer {
  return { question, language: 'en', type: 'what', answered: false, reason: 'not_covered', passages: [], index: 'v1' };
}

interface Backend {
  name: string;
  config(mode?: QuestionLogMode, retentionDays?: number): Promise<StoreConfig>;
}

const sqlite: Backend = {
  name: 'SQLite',
  async config(mode = 'declined', retentionDays = 90) {
    return { path: path.join(tempDir('quotebot-store-'), 'nested', 'dir', 'q.db'), questionLog: mode, retentionDays };
  },
};

const postgres: Backend = {
  name: `PostgreSQL${pgSkip}`,
  async config(mode = 'declined', retentionDays = 90) {
    const name = `q${process.pid}_${++dbCount}`;
    const admin = new pg.Client({ connectionString: pgReady!.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return { path: '', url: pgReady!.url.replace(/\/quotebot$/, `/${name}`), questionLog: mode, retentionDays, userSecret: 'a-test-secret-of-some-length' };
  },
};

for (const backend of [sqlite, postgres]) {
  describe.skipIf(backend === postgres && !pgReady)(`store on ${backend.name}`, () => {
    it('applies its migrations once, and a second opening finds nothing to do', async () => {
      const cfg = await backend.config();
      const a = await Store.open(cfg, silent);
      const b = await Store.open(cfg, silent);
      const rows = await b.db.selectFrom('quotebot_migrations').selectAll().execute();
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      if (!cfg.url) {
        expect(fs.existsSync(cfg.path)).toBe(true); // the missing directories were made
        // WAL (readers never wait for the writer) and a busy timeout (a writer waits for another's commit).
        expect((await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(a.db)).rows[0]!.journal_mode).toBe('wal');
        expect((await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(b.db)).rows[0]!.timeout).toBe(DEFAULT_BUSY_TIMEOUT_MS);
      }
      await a.close();
      await b.close();
    });

    it('four processes writing at once lose nothing, and apply each migration once', async () => {
      const cfg = await backend.config('all');
      const writes = 100;
      const env = cfg.url ? { DATABASE_URL: cfg.url, USER_HASH_SECRET: cfg.userSecret! } : { DATABASE_PATH: cfg.path };
      const run = (name: string) =>
        new Promise<{ ids: string[]; won: number }>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/store/writer-child.ts')], {
            env: { ...process.env, ...env, WRITES: String(writes), WRITER: name },
          });
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`writer ${name} exited ${code}: ${err}`))));
        });
      const results = await Promise.all(['w1', 'w2', 'w3', 'w4'].map(run));
      const ids = results.flatMap((r) => r.ids);
      // Every delivery key was claimed by all four: exactly one won each.
      expect(results.reduce((n, r) => n + r.won, 0)).toBe(writes);
      expect(ids).toHaveLength(4 * writes);
      expect(new Set(ids).size).toBe(4 * writes);
      const s = await Store.open(cfg, silent);
      const count = async (t: 'questions' | 'answers' | 'ratings' | 'citations' | 'corpus_changes' | 'deliveries') =>
        Number((await s.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())!.n);
      expect(await count('questions')).toBe(4 * writes);
      expect(await count('answers')).toBe(4 * writes);
      expect(await count('citations')).toBe(4 * writes);
      expect(await count('ratings')).toBe(4 * writes);
      expect(await count('corpus_changes')).toBe(4);
      expect(await count('deliveries')).toBe(writes);
      // Each migration was applied once, though four processes started together on a new database.
      expect((await s.db.selectFrom('quotebot_migrations').select('version').execute()).map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      await s.close();
    }, 120_000);

    it('QUESTION_LOG=declined keeps the text of declined questions only, and users as HMACs', async () => {
      const s = await Store.open(await backend.config('declined'), silent);
      const id = await s.record({ platform: 'discord', userId: '123456789012345678', private: false, answer: answered('when was the ultimatum?', [passage('d1', 4)]), confidence: 0.8 });
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(await s.record({ platform: 'slack', userId: 'U0SECRET', private: true, answer: declined('who won the cup?') })).toBeNull();
      const rows = await s.db.selectFrom('questions').selectAll().orderBy('at').execute();
      expect(rows).toHaveLength(2);
      const byAnswered = new Map(rows.map((r) => [Number(r.answered), r]));
      expect(byAnswered.get(1)).toMatchObject({ question: null, top_document: 'd1', top_paragraph: 4, index_version: 'v1', answer_id: id, platform: 'discord' });
      expect(Number(byAnswered.get(1)!.confidence)).toBeCloseTo(0.8);
      expect(byAnswered.get(0)).toMatchObject({ question: 'who won the cup?', reason: 'not_covered', answer_id: null });
      const everything = JSON.stringify([rows, await s.db.selectFrom('answers').selectAll().execute()]);
      expect(everything).not.toContain('123456789012345678');
      expect(everything).not.toContain('U0SECRET');
      expect(byAnswered.get(1)!.user_hash).toBe(s.userHash('discord', '123456789012345678'));
      await s.close();
    });

    it('QUESTION_LOG=off keeps no question, and the answers behind buttons keep no question text; =all keeps every text', async () => {
      const off = await Store.open(await backend.config('off'), silent);
      const id = await off.record({ platform: 'discord', userId: 'u1', private: false, answer: answered('secret question', [passage('d1', 1)]) });
      await off.record({ platform: 'discord', userId: 'u1', private: false, answer: declined('another secret') });
      expect(await off.db.selectFrom('questions').selectAll().execute()).toHaveLength(0);
      const a = await off.db.selectFrom('answers').selectAll().execute();
      expect(a).toHaveLength(1);
      expect(a[0]!.question).toBeNull();
      expect(JSON.stringify(a)).not.toContain('secret');
      expect((await off.vote(id!, 'discord', 'u2', -1))?.previous).toBe(0);
      // The rating is kept, with no text of the question anywhere in the store.
      expect(await off.db.selectFrom('ratings').select(['answer_id', 'value']).execute()).toEqual([{ answer_id: id, value: -1 }]);
      for (const t of ['questions', 'answers', 'citations', 'ratings'] as const) expect(JSON.stringify(await off.db.selectFrom(t).selectAll().execute())).not.toContain('secret');
      await off.close();
      const all = await Store.open(await backend.config('all'), silent);
      await all.record({ platform: 'console', userId: 'terminal', private: false, answer: answered('kept question', [passage('d1', 1)]) });
      expect((await all.db.selectFrom('questions').select('question').execute())[0]!.question).toBe('kept question');
      expect((await all.db.selectFrom('answers').select('question').execute())[0]!.question).toBe('kept question');
      await all.close();
    });

    it('pages through the rest of the ranking until it is exhausted', async () => {
      const s = await Store.open(await backend.config(), silent);
      const shown = [passage('d1', 1), passage('d1', 2), passage('d2', 1)];
      const more = [3, 4, 5, 6, 7].map((n) => passage('d3', n));
      const id = (await s.record({ platform: 'discord', userId: 'u', private: true, answer: answered('q', shown), more }))!;
      const p1 = (await s.page(id, 3, 3))!;
      expect(p1.passages.map((p) => p.paragraph)).toEqual([3, 4, 5]);
      expect(p1).toMatchObject({ offset: 3, remaining: 2, private: true, shown: 3, language: 'en' });
      const p2 = (await s.page(id, 6, 3))!;
      expect(p2.passages.map((p) => p.paragraph)).toEqual([6, 7]);
      expect(p2.remaining).toBe(0);
      expect((await s.page(id, 9, 3))!.passages).toEqual([]);
      expect(await s.page('unknownAnswerId0', 3, 3)).toBeNull();
      await s.close();
    });

    it('a second vote by the same person replaces the first; other people add up', async () => {
      const s = await Store.open(await backend.config(), silent);
      const id = (await s.record({ platform: 'slack', userId: 'U1', private: false, answer: answered('q', [passage('d1', 1)]) }))!;
      expect(await s.vote(id, 'slack', 'U1', 1)).toEqual({ previous: 0 });
      expect(await s.vote(id, 'slack', 'U1', -1)).toEqual({ previous: 1 });
      expect(await s.vote(id, 'slack', 'U2', -1)).toEqual({ previous: 0 });
      expect(await s.votes(id)).toEqual({ up: 0, down: 2 });
      expect(await s.vote('unknownAnswerId0', 'slack', 'U1', 1)).toBeNull();
      await s.close();
    });

    it('prunes what is older than the retention period, and keeps the rest', async () => {
      const s = await Store.open(await backend.config('all', 30), silent);
      const day = 86_400_000;
      const now = Date.now();
      const old = (await s.record({ platform: 'discord', userId: 'u', private: false, answer: answered('old', [passage('d1', 1)]), at: now - 31 * day }))!;
      await s.vote(old, 'discord', 'u', -1, now - 31 * day);
      await s.record({ platform: 'discord', userId: 'u', private: false, answer: declined('old declined'), at: now - 40 * day });
      const recent = (await s.record({ platform: 'discord', userId: 'u', private: false, answer: answered('recent', [passage('d1', 2)]), at: now - 29 * day }))!;
      await s.vote(recent, 'discord', 'u', 1, now - 29 * day);
      expect(await s.prune(now)).toEqual({ questions: 2, answers: 1, ratings: 1, citations: 1, corpusChanges: 0, deliveries: 0 });
      expect((await s.db.selectFrom('questions').select('question').execute()).map((r) => r.question)).toEqual(['recent']);
      expect(await s.page(old, 0, 3)).toBeNull();
      expect((await s.page(recent, 0, 3))!.passages).toHaveLength(1);
      expect(await s.prune(now)).toEqual({ questions: 0, answers: 0, ratings: 0, citations: 0, corpusChanges: 0, deliveries: 0 });
      await s.close();
    });

    it('reports declined questions grouped by the engine’s reading (paraphrases are one line), down-votes, citations, weeks', async () => {
      const s = await Store.open(await backend.config('declined'), silent);
      const now = Date.now();
      const asked = [
        // One question, five spellings: case, accents, punctuation, inflection, word order, other language.
        'Quel temps fera-t-il demain à Lyon ?',
        'quel temps fera t il demain a lyon',
        'QUEL TEMPS FERA-T-IL DEMAIN À LYON',
        'Demain, à Lyon, quel temps fera-t-il ?',
        'Who won the football world cup?',
        'who won the World Cup of football',
        'Which team won the football world cups?',
        'What is the capital of Australia?',
        // Same words, other questions: not grouped.
        'Where was Hans Herrmann born?',
        'When was Hans Herrmann born?',
      ];
      let t = now - 5 * 86_400_000;
      // Half are recorded with the engine's reading (as the bot does), half read again by the report.
      for (const [i, q] of asked.entries()) {
        await s.record({ platform: 'discord', userId: 'u', private: false, answer: declined(q), at: (t += 60_000), ...(i % 2 ? { signature: questionSignature(engine.analyze(q)) } : {}) });
      }
      expect((await s.db.selectFrom('questions').select('signature').where('signature', 'is not', null).execute()).length).toBe(asked.length / 2);
      const d1 = (await s.record({ platform: 'discord', userId: 'u', private: false, answer: answered('q1', [passage('anthropic-pentagone-panne-2026-03', 4, 'Le 24 février 2026…')]) }))!;
      for (const u of ['a', 'b', 'c']) await s.vote(d1, 'discord', u, -1);
      const d2 = (await s.record({ platform: 'slack', userId: 'u', private: false, answer: answered('q2', [passage('anthropic-pentagone-panne-2026-03', 7)]) }))!;
      await s.vote(d2, 'slack', 'a', -1);
      await s.vote(d2, 'slack', 'b', 1);
      const data = await s.reportData(now - 90 * 86_400_000);
      const docs = [...engine.documents(), { id: 'never-cited', title: 'Never cited' }];
      const report = await buildReport(data, docs, (qs) => engine.analyzeMany(qs));
      const json = reportJson(report);
      expect(Object.keys(json)).toEqual(['since', 'questions', 'answered', 'declined', 'downvoted', 'documents', 'changes']);
      expect(json.questions).toBe(12);
      expect(json.answered).toBe(2);
      const counts = json.declined.map((d) => d.count);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
      expect(json.declined).toHaveLength(5);
      expect(json.declined.filter((d) => /Hans Herrmann/.test(d.question)).map((d) => d.count)).toEqual([1, 1]);
      expect(json.declined[0]).toMatchObject({ count: 4 });
      expect(json.declined[0]!.question.toLowerCase()).toContain('temps');
      expect(json.declined[1]).toMatchObject({ count: 3 });
      expect(json.declined[1]!.question.toLowerCase()).toContain('won');
      expect(json.declined.find((d) => /Australia/.test(d.question))).toMatchObject({ count: 1, question: 'What is the capital of Australia?' });
      expect(Date.parse(json.declined[0]!.lastAsked)).toBeGreaterThan(now - 6 * 86_400_000);
      expect(json.downvoted).toEqual([
        { question: null, document: 'anthropic-pentagone-panne-2026-03', paragraph: 4, count: 3 },
        { question: null, document: 'anthropic-pentagone-panne-2026-03', paragraph: 7, count: 1 },
      ]);
      expect(report.downvoted[0]!.passage?.text).toBe('Le 24 février 2026…');
      expect(json.documents[0]).toMatchObject({ id: 'anthropic-pentagone-panne-2026-03', cited: 2 });
      expect(json.documents.find((d) => d.id === 'never-cited')).toMatchObject({ cited: 0 });
      expect(report.weeks.reduce((n, w) => n + w.questions, 0)).toBe(12);
      expect(report.weeks.reduce((n, w) => n + w.declined, 0)).toBe(10);
      for (const w of report.weeks) expect(new Date(`${w.week}T00:00:00Z`).getUTCDay()).toBe(1); // Mondays
      // As people read it, in English and French.
      expect(reportText(report, 'en')).toMatch(/12 questions, 2 answered \(17%\), 10 declined \(83%\)[\s\S]*Asked but not covered\n  4× /);
      expect(reportText(report, 'fr')).toMatch(/Questions que le corpus ne couvre pas\n  4× [\s\S]*Jamais cités\n  Never cited \(never-cited\)/);
      await s.close();
    });

    it('keeps corpus changes (done, refused, failed) with the moderator as an HMAC, reports them since, prunes them with the rest', async () => {
      const s = await Store.open(await backend.config('off', 30), silent);
      const day = 86_400_000;
      const now = Date.now();
      const iso = (t: number) => new Date(t).toISOString();
      const mod = { platform: 'discord', userId: '223456789012345678', name: 'Ada' };
      await s.recordCorpusChange({ at: iso(now - 40 * day), action: 'add', id: 'old-doc', title: 'Old', source: null, by: mod, outcome: 'done' });
      await s.recordCorpusChange({ at: iso(now - 3 * day), action: 'add', id: 'harbour', title: 'Harbour minutes', source: 'harbour.txt', by: mod, outcome: 'done' });
      await s.recordCorpusChange({ at: iso(now - 2 * day), action: 'update', id: 'harbour', title: 'Harbour committee minutes', source: 'harbour.txt', by: { platform: 'slack', userId: 'UADMIN' }, outcome: 'done' });
      await s.recordCorpusChange({ at: iso(now - 2.5 * day), action: 'update', id: 'harbour', title: 'Harbour minutes', source: null, by: HOST_ACTOR, outcome: 'done' });
      await s.recordCorpusChange({ at: iso(now - day), action: 'add', id: null, title: null, source: 'https://example.org/missing', by: mod, outcome: 'refused', error: 'the server answered 404' });
      await s.recordCorpusChange({ at: iso(now - 60_000), action: 'remove', id: 'harbour', title: 'Harbour committee minutes', source: null, by: mod, outcome: 'done' });
      const raw = JSON.stringify(await s.db.selectFrom('corpus_changes').selectAll().execute());
      expect(raw).not.toMatch(/223456789012345678|UADMIN|Ada/);
      const report = await buildReport(await s.reportData(now - 30 * day), engine.documents(), (qs) => engine.analyzeMany(qs), 'off');
      const json = reportJson(report);
      expect(json.changes.map((c) => `${c.action} ${c.document} ${c.outcome}`)).toEqual(['remove harbour done', 'add null refused', 'update harbour done', 'update harbour done', 'add harbour done']);
      expect(json.changes[1]).toMatchObject({ source: 'https://example.org/missing', error: 'the server answered 404', platform: 'discord', by: s.userHash('discord', mod.userId) });
      expect(json.changes[2]).toMatchObject({ platform: 'slack', by: s.userHash('slack', 'UADMIN'), title: 'Harbour committee minutes' });
      expect(Date.parse(json.changes[0]!.at)).toBeGreaterThan(now - 2 * 60_000);
      const text = reportText(report, 'en');
      expect(text).toMatch(/Corpus changes\n  \d{4}-\d\d-\d\d \d\d:\d\d removed harbour “Harbour committee minutes” \(discord [\w-]{8}\)\n/);
      expect(text).toContain(`added (refused) https://example.org/missing (discord ${s.userHash('discord', mod.userId).slice(0, 8)}): the server answered 404`);
      // A hand edit has no person behind it: the report says so instead of a hash.
      expect(text).toMatch(/updated harbour “Harbour minutes” \(edited by hand in the corpus directory\)\n/);
      expect(reportText(report, 'fr')).toMatch(/Modifications du corpus\n  .* retrait harbour/);
      expect(reportText(report, 'fr')).toContain('mise à jour harbour “Harbour minutes” (modifié à la main dans le répertoire du corpus)');
      expect((await s.prune(now)).corpusChanges).toBe(1);
      expect(await s.corpusChanges(0)).toHaveLength(5);
      await s.close();
    });

    it('claims a delivery once across connections (replicas) until it expires; StoreDeduplicator builds on it', async () => {
      const cfg = await backend.config();
      const [a, b] = [await Store.open(cfg, silent), await Store.open(cfg, silent)];
      const now = Date.now();
      expect(await a.claimDelivery('slack:Ev1', 60_000, now)).toBe(true);
      expect(await b.claimDelivery('slack:Ev1', 60_000, now + 1000)).toBe(false);
      expect(await a.claimDelivery('slack:Ev1', 60_000, now + 2000)).toBe(false);
      expect(await b.claimDelivery('slack:Ev2', 60_000, now + 2000)).toBe(true);
      // Many replicas racing for one retried event: exactly one wins.
      const race = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).claimDelivery('slack:Ev3', 60_000, now)));
      expect(race.filter(Boolean)).toHaveLength(1);
      // Once expired, the key can be taken again (a new delivery), and pruning drops expired keys.
      expect(await b.claimDelivery('slack:Ev1', 60_000, now + 61_000)).toBe(true);
      expect(await a.claimDelivery('slack:Ev1', 60_000, now + 62_000)).toBe(false);
      expect((await a.prune(now + 200_000)).deliveries).toBe(3);
      await a.close();
      await b.close();
      // StoreDeduplicator (what the Slack adapter uses): a retry reaching another replica is dropped; with the
      // store off, each replica drops its own repeats.
      const [sa, sb] = [await StoreService.open(cfg, silent), await StoreService.open(cfg, silent)];
      const [da, db] = [new StoreDeduplicator(sa), new StoreDeduplicator(sb)];
      expect(await da.claim('slack:EvR1')).toBe(true);
      expect(await db.claim('slack:EvR1')).toBe(false);
      expect(await da.claim('slack:EvR1')).toBe(false);
      await sb.close();
      expect(await db.claim('slack:EvR2')).toBe(true);
      expect(await db.claim('slack:EvR2')).toBe(false);
      await sa.close();
    });
  });
}

describe.skipIf(!pgReady)(`rate limits shared by replicas through PostgreSQL${pgSkip}`, () => {
  it('a user gets RATE_LIMIT_MAX questions per window in all, whichever replica answers', async () => {
    const cfg = await postgres.config();
    const replicas = await Promise.all(
      [0, 1].map(async () => {
        const store = await StoreService.open(cfg, silent);
        const limiter = new SharedRateLimiter(store, { max: 3, windowMs: 60_000 });
        return { store, bot: new Bot({ engine, logger: silent, store, limiter }) };
      }),
    );
    const ask = (i: number, userId: string) => replicas[i]!.bot.processEvent({ kind: 'ask', text: 'When was the ultimatum?', from: { platform: 'slack', userId } });
    const kinds = [];
    for (const i of [0, 1, 0, 1]) kinds.push((await ask(i, 'U1')).kind);
    expect(kinds).toEqual(['answer', 'answer', 'answer', 'rate_limited']);
    const limited = await ask(0, 'U1');
    expect(limited.kind === 'rate_limited' && limited.retryAfterSeconds).toBeGreaterThan(50);
    // Another user has a count of their own.
    expect((await ask(1, 'U2')).kind).toBe('answer');
    for (const r of replicas) await r.store.close();
  }, 30_000);
});

describe.skipIf(!pgReady)(`a PostgreSQL that goes away and comes back${pgSkip}`, () => {
  it('warns once while it is down, keeps the bot answering, and is used again when it is back', async () => {
    const { logger, lines } = captureLogger();
    const svc = await StoreService.open(await postgres.config(), logger, { retryMs: 0 });
    expect(svc.available).toBe(true);
    const rec = () => svc.run('record', (s) => s.record({ platform: 'slack', userId: 'U', private: false, answer: answered('q', [passage('d', 1)]) }));
    expect(await rec()).toBeTruthy();
    await pgReady!.stop();
    expect(await rec()).toBeNull();
    expect(await rec()).toBeNull();
    expect(lines().filter((l) => l.level === 40 && /store failed/.test(l.msg))).toHaveLength(1);
    // Meanwhile rate limits fall back to this process, and the bot keeps answering (without buttons).
    const limiter = new SharedRateLimiter(svc, { max: 2, windowMs: 60_000 });
    const bot = new Bot({ engine, logger, store: svc, limiter });
    const asked = [];
    for (let i = 0; i < 3; i++) asked.push(await bot.processEvent({ kind: 'ask', text: 'When was the ultimatum?', from: { platform: 'slack', userId: 'U9' } }));
    expect(asked.map((r) => r.kind)).toEqual(['answer', 'answer', 'rate_limited']);
    expect(asked[0]!.kind === 'answer' && asked[0]!.feedback).toBeFalsy();
    await pgReady!.start();
    // The bot itself tries the store again (every few seconds) and its answers get their buttons back.
    let id: string | undefined;
    const t0 = Date.now();
    while (!id && Date.now() - t0 < 20_000) {
      const r = await bot.processEvent({ kind: 'ask', text: 'When was the ultimatum?', from: { platform: 'slack', userId: `U${Date.now()}` } });
      if (r.kind === 'answer') id = r.feedback?.answerId;
      if (!id) await new Promise((r) => setTimeout(r, 250));
    }
    expect(id).toBeTruthy();
    expect(lines().some((l) => /store reachable again/.test(l.msg))).toBe(true);
    expect((await svc.run('page', (s) => s.page(id!, 0, 3)))?.passages).toHaveLength(1);
    await svc.close();
  }, 60_000);
});
