/**
 * The real engine on the bundled corpus: verbatim quotes, dates and highlights, abstention, bad input,
 * timeline order, and snapshots (reuse when nothing changed, a new version when a file changed).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { paragraphs } from '../../src/text/chunk.js';
import type { Answer, CorpusDocument } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

const CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
const SEED_FILE = 'anthropic-pentagone-panne.md';
const QUESTIONS = (JSON.parse(readFileSync(fileURLToPath(new URL('../../data/eval/seed-questions.json', import.meta.url)), 'utf8')) as {
  questions: { question: string }[];
}).questions.map((q) => q.question);


/** A logger whose JSON lines are kept for inspection. */
function capture(): { logger: ReturnType<typeof createLogger>; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as { level: number; msg: string });
      cb();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

let engine: Engine;
const docs = new Map<string, CorpusDocument>();
const opened: Engine[] = [];

beforeAll(async () => {
  engine = await Engine.open({ corpusDir: CORPUS, cacheDir: tempDir('engine-cache-'), logger: createLogger('silent'), watchMs: 0 });
  opened.push(engine);
  for (const d of (await loadCorpus(CORPUS)).documents) docs.set(d.id, d);
});
afterAll(async () => {
  await Promise.all(opened.map((e) => e.close()));
  cleanupTemps();
});

/** Checks everything an answer promises about its quotes. */
function checkVerbatim(a: Answer): void {
  expect(a.passages.length).toBeLessThanOrEqual(3);
  if (!a.answered) expect(a.passages).toEqual([]);
  let previous = Infinity;
  for (const p of a.passages) {
    const doc = docs.get(p.document.id);
    expect(doc, p.document.id).toBeDefined();
    expect(p.document).toEqual({ id: doc!.id, title: doc!.title, published: doc!.published, ...(doc!.source ? { source: doc!.source } : {}) });
    // Verbatim, and inside the paragraph it names.
    expect(doc!.body).toContain(p.text);
    const para = paragraphs(doc!.body)[p.paragraph - 1];
    expect(para, `paragraph ${p.paragraph}`).toBeDefined();
    expect(doc!.body.slice(para!.start, para!.end)).toContain(p.text);
    for (const d of p.dates) {
      expect(p.text).toContain(d.text);
      expect(d.iso).toMatch(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2})?)?)?$/);
    }
    for (const h of p.highlights) {
      expect(h.start).toBeGreaterThanOrEqual(0);
      expect(h.end).toBeGreaterThan(h.start);
      expect(h.end).toBeLessThanOrEqual(p.text.length);
    }
    expect(Number.isFinite(p.score)).toBe(true);
    expect(p.score).toBeLessThanOrEqual(previous);
    previous = p.score;
  }
}

describe('answers on the bundled corpus', () => {
  it('quotes only verbatim text of the documents, for every question of the seed set', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(40);
    let answered = 0;
    for (const q of [...QUESTIONS, 'Hegseth', 'Trump', 'OpenAI', 'juillet 2025', '200 millions de dollars', 'What happened on March 2, 2026?']) {
      const a = engine.ask(q);
      expect(a.question).toBe(q);
      checkVerbatim(a);
      if (a.answered) answered++;
    }
    expect(answered).toBeGreaterThan(QUESTIONS.length / 2);
  });

  it('"when was the ultimatum?": the ultimatum passage first, with its date highlighted', () => {
    const a = engine.ask('when was the ultimatum?');
    expect(a).toMatchObject({ language: 'en', type: 'when', answered: true });
    const p = a.passages[0]!;
    expect(p.text).toContain('Hegseth fixe un ultimatum');
    const isos = p.dates.map((d) => d.iso);
    expect(isos).toContain('2026-02-24');
    expect(isos).toContain('2026-02-27T17:01');
    // One span, the date that frames the sentence of the ultimatum (the deadline is another date).
    const marked = p.highlights.map((h) => p.text.slice(h.start, h.end));
    expect(marked).toEqual(['24 février 2026']);
    // Highlights of a when-question point at dates, not at other words.
    for (const m of marked) expect(p.dates.some((d) => d.text.includes(m) || m.includes(d.text)), m).toBe(true);
  });

  it('« Quand Anthropic a-t-elle publié sa déclaration ? » → 2026-02-26', () => {
    const a = engine.ask('Quand Anthropic a-t-elle publié sa déclaration ?');
    expect(a).toMatchObject({ language: 'fr', type: 'when', answered: true });
    const p = a.passages[0]!;
    expect(p.text).toContain('Anthropic publie une déclaration');
    expect(p.dates).toContainEqual({ text: 'jeudi 26', iso: '2026-02-26' });
    expect(p.highlights.map((h) => p.text.slice(h.start, h.end))).toContain('jeudi 26');
  });

  it.each(['What is the capital of Australia?', "Quelle est la capitale de l'Australie ?", 'Who won the 2018 football World Cup?'])(
    'declines what the corpus does not cover: %s',
    (q) => {
      const a = engine.ask(q);
      expect(a.answered).toBe(false);
      expect(a.reason).toBe('not_covered');
      expect(a.passages).toEqual([]);
    },
  );

  it.each(['', ' ', '   \t\n  '])('declines an empty question (%j) with reason "empty"', (q) => {
    expect(engine.ask(q)).toMatchObject({ answered: false, reason: 'empty', passages: [] });
  });

  it('declines a question over 500 characters with reason "too_long", accepts 500', () => {
    const long = engine.ask(`Quand ${'a'.repeat(495)} ?`);
    expect(long).toMatchObject({ answered: false, reason: 'too_long', passages: [] });
    expect(long.question.length).toBeLessThan(501);
    const max = engine.ask(`Quand l'ultimatum ${'x'.repeat(480)}`.slice(0, 500));
    expect(max.reason).not.toBe('too_long');
  });

  it('survives mentions, control characters and other junk', () => {
    for (const q of [
      '@everyone <@123> <@!456> <#789> <@&1011> @here',
      '\u0000\u0001\u0007\u001b[31m\u007f\u202e\u200b\ufeff',
      'Quand\u0000 était \u001b[2Jl’ultimatum ?',
      '🤖🤖🤖 ??? !!! ...',
      '\ud800 lone surrogate',
      '<script>alert(1)</script> SELECT * FROM passages;',
      '17h01 100 000 $ € 2026-02-27T17:01',
    ]) {
      const a = engine.ask(q);
      expect(['fr', 'en']).toContain(a.language);
      expect(typeof a.answered).toBe('boolean');
      checkVerbatim(a);
    }
  });
});

describe('timeline', () => {
  it('lists the dated passages in calendar order, juillet 2025 first, all verbatim', () => {
    const t = engine.timeline();
    expect(t.length).toBeGreaterThanOrEqual(7);
    expect(t[0]).toMatchObject({ iso: '2025-07', dateText: 'juillet 2025' });
    const isos = t.map((e) => e.iso);
    expect(isos).toEqual([...isos].sort());
    expect(isos).toContain('2026-02-27T17:01');
    for (const e of t) {
      const doc = docs.get(e.document.id)!;
      expect(doc.body).toContain(e.text);
      expect(e.text).toContain(e.dateText);
    }
  });

  it('narrows to a subject', () => {
    const all = engine.timeline();
    const some = engine.timeline('ultimatum');
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(all.length);
    expect(some.every((e) => /ultimatum/i.test(e.text) || e.text.includes('17h01'))).toBe(true);
  });
});

describe('snapshots', () => {
  it('loads the second open from the snapshot, with the same version', async () => {
    const cacheDir = tempDir('engine-snap-');
    const first = capture();
    const a = await Engine.open({ corpusDir: CORPUS, cacheDir, logger: first.logger, watchMs: 0 });
    opened.push(a);
    const second = capture();
    const b = await Engine.open({ corpusDir: CORPUS, cacheDir, logger: second.logger, watchMs: 0 });
    opened.push(b);
    expect(first.lines.some((l) => /loaded from snapshot/.test(l.msg))).toBe(false);
    expect(second.lines.some((l) => /loaded from snapshot/.test(l.msg))).toBe(true);
    expect(b.status().version).toBe(a.status().version);
    expect(b.status().passages).toBe(a.status().passages);
    expect(b.ask('when was the ultimatum?')).toEqual(a.ask('when was the ultimatum?'));
  });

  it('gives a changed corpus file a new version and rebuilds', async () => {
    const corpusDir = tempDir('engine-corpus-');
    cpSync(CORPUS, corpusDir, { recursive: true });
    const cacheDir = tempDir('engine-snap-');
    const a = await Engine.open({ corpusDir, cacheDir, logger: createLogger('silent'), watchMs: 0 });
    opened.push(a);
    const file = join(corpusDir, SEED_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('Tout commence en juillet 2025.', 'Tout commence en août 2025.'));
    const log = capture();
    const b = await Engine.open({ corpusDir, cacheDir, logger: log.logger, watchMs: 0 });
    opened.push(b);
    expect(b.status().version).not.toBe(a.status().version);
    expect(log.lines.some((l) => /loaded from snapshot/.test(l.msg))).toBe(false);
    expect(b.timeline()[0]).toMatchObject({ iso: '2025-08', dateText: 'août 2025' });
    expect(a.timeline()[0]).toMatchObject({ iso: '2025-07' });
  });
});
