/**
 * Answer building (src/retrieval/answer.ts) on a small synthetic index: abstention, the choice of
 * passages (no overlap, relative cut-off, at most maxPassages), and options passed down.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { answers, buildAnswer, choosePassages } from '../../src/retrieval/answer.js';
import { DEFAULT_ANSWER } from '../../src/retrieval/options.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import type { Candidate } from '../../src/retrieval/rank.js';

const doc = (id: string, body: string) => ({ id, title: id, published: '2026-01-01', language: 'en' as const, body, file: `${id}.md`, hash: id });
const index = PassageIndex.build([
  doc('harbour', 'The harbour committee met on 3 March 2026 in Marseille. The lighthouse keeper resigned.\nThe harbour budget rose to 4 million euros.'),
  doc('fair', 'The town fair opened on 5 May 2026.'),
]);
const ask = (q: string, options = {}) => buildAnswer(index, parseQuestion(q, NO_TRANSLATION, '2026-06-01'), options);

const cand = (over: Partial<Candidate>): Candidate =>
  ({ id: 0, passage: { doc: 0, start: 0, end: 10 }, score: 1, coverage: 1, dateMatch: 0, matched: new Set(), terms: new Set(), ...over }) as Candidate;

describe('answers (abstention)', () => {
  it('answers when the best passage covers enough of the question, or carries its date with half as much', () => {
    expect(answers(undefined, DEFAULT_ANSWER)).toBe(false);
    expect(answers(cand({ coverage: DEFAULT_ANSWER.minCoverage }), DEFAULT_ANSWER)).toBe(true);
    expect(answers(cand({ coverage: DEFAULT_ANSWER.minCoverage * 0.9 }), DEFAULT_ANSWER)).toBe(false);
    expect(answers(cand({ coverage: DEFAULT_ANSWER.minCoverage * 0.6, dateMatch: 1 }), DEFAULT_ANSWER)).toBe(true);
    expect(answers(cand({ coverage: DEFAULT_ANSWER.minCoverage * 0.4, dateMatch: 1 }), DEFAULT_ANSWER)).toBe(false);
  });

  it('declines a question the corpus does not cover, answers one it does', () => {
    expect(ask('What is the capital of Australia?')).toMatchObject({ answered: false, reason: 'not_covered', passages: [] });
    const a = ask('When did the harbour committee meet?');
    expect(a.answered).toBe(true);
    expect(a.passages[0]).toMatchObject({ document: { id: 'harbour' }, paragraph: 1 });
    expect(a.passages[0]!.text).toContain('3 March 2026');
    expect(a.passages[0]!.dates).toEqual([{ text: '3 March 2026', iso: '2026-03-03' }]);
  });
});

describe('choosePassages', () => {
  const p = (doc: number, start: number, end: number) => ({ doc, start, end }) as Candidate['passage'];
  it('skips passages overlapping a chosen one, stops below the relative cut-off or at maxPassages', () => {
    const ranked = [
      cand({ id: 1, passage: p(0, 0, 50), score: 1 }),
      cand({ id: 2, passage: p(0, 40, 90), score: 0.9 }), // overlaps the first
      cand({ id: 3, passage: p(1, 0, 30), score: 0.8 }),
      cand({ id: 4, passage: p(2, 0, 30), score: 0.7 }),
      cand({ id: 5, passage: p(3, 0, 30), score: 0.65 }),
    ];
    expect(choosePassages(ranked, DEFAULT_ANSWER).map((c) => c.id)).toEqual([1, 3, 4]);
    expect(choosePassages(ranked, { ...DEFAULT_ANSWER, maxPassages: 2 }).map((c) => c.id)).toEqual([1, 3]);
    expect(choosePassages(ranked, { ...DEFAULT_ANSWER, relativeCutoff: 0.75 }).map((c) => c.id)).toEqual([1, 3]);
  });

  it('stops at a further passage that covers too little of the question', () => {
    const ranked = [cand({ id: 1, passage: p(0, 0, 10) }), cand({ id: 2, passage: p(1, 0, 10), coverage: DEFAULT_ANSWER.minCoverage * 0.5 })];
    expect(choosePassages(ranked, DEFAULT_ANSWER).map((c) => c.id)).toEqual([1]);
  });
});

describe('options passed down', () => {
  it('takes the confidence, answer and rank branches of the options tree', () => {
    expect(ask('When did the harbour committee meet?', { confidence: { high: 2, low: 2 } }).answered).toBe(false);
    expect(ask('When did the harbour committee meet?', { answer: { maxPassages: 1 } }).passages).toHaveLength(1);
    expect(ask('harbuor?').answered).toBe(true);
    expect(ask('harbuor?', { rank: { fuzzyWeight: 0 } }).answered).toBe(false);
  });
});
