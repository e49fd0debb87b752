/**
 * The steps of the ranking pipeline before the features (concepts, query, candidate pool) on small
 * synthetic corpora, and the options tree: merged over the defaults and passed down from the engine.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { PassageIndex } from '../../src/index/passage-index.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_OPTIONS, DEFAULT_RANK, mergeOptions } from '../../src/retrieval/options.js';
import { candidatePool, dateCandidates } from '../../src/retrieval/pool.js';
import { conceptWeights, indexConcepts, misspelt, searchPlan } from '../../src/retrieval/query.js';
import type { Concept } from '../../src/retrieval/question.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';
import fs from 'node:fs';
import path from 'node:path';

const doc = (id: string, body: string, language: 'fr' | 'en' = 'en', title = id) => ({ id, title, published: '2026-01-01', language, body, file: `${id}.md`, hash: id });
const concept = (word: string, variants: Concept['variants'], extra: Partial<Concept> = {}): Concept => ({ word, variants, numeric: false, name: false, ...extra });

describe('concepts as the index can match them', () => {
  const index = PassageIndex.build([doc('a', 'The harbour froze in winter. The keeper stayed.')]);

  it('drops forms of a language the corpus does not hold and rescales the rest', () => {
    const c = concept('port', [
      { term: 'port', weight: 1, lang: 'fr' },
      { term: 'harbour', weight: 0.7, lang: 'en' },
    ]);
    const [out] = indexConcepts(index, [c], DEFAULT_RANK);
    expect(out!.variants).toEqual([{ term: 'harbour', weight: 1, lang: 'en' }]);
  });

  it('adds the forms a misspelt word may stand for, weighted per edit, and only when asked', () => {
    const c = concept('harbuor', [{ term: 'harbuor', weight: 1 }]);
    expect(misspelt(index, c, DEFAULT_RANK)).toEqual([{ term: 'harbour', weight: DEFAULT_RANK.fuzzyWeight }]);
    expect(misspelt(index, c, { ...DEFAULT_RANK, fuzzyMinLength: 8 })).toEqual([]);
    expect(indexConcepts(index, [c], { ...DEFAULT_RANK, fuzzyWeight: 0 })[0]!.variants).toEqual(c.variants);
  });

  it('lowers a head word in the search and in coverage', () => {
    const cs = [concept('keeper', [{ term: 'keeper', weight: 1 }], { head: true }), concept('froze', [{ term: 'froze', weight: 1 }])];
    const w = conceptWeights(index, cs, { ...DEFAULT_RANK, headSearch: 0.5, headWeight: 0.25 });
    expect(w.weightOf.get('keeper')).toBe(0.5);
    expect(w.weightOf.get('froze')).toBe(1);
    expect(w.idfs[0]! / w.idfs[1]!).toBeCloseTo(0.25);
    expect(w.totalIdf).toBeCloseTo(w.idfs[0]! + w.idfs[1]!);
    expect(w.conceptOfWord.get('froze')).toBe(1);
  });
});

describe('the search query', () => {
  // 60 sentences hold « common »; one holds « rare »: with a minimum of 50 sentences, « common » is too common.
  const body = Array.from({ length: 60 }, (_, i) => `Common thing number ${i}.`).join(' ') + ' A rare bird.';
  const index = PassageIndex.build([doc('a', body, 'en', 'Rare birds')]);

  it('leaves out the common terms when rarer ones are asked, and searches titles for the rare ones', () => {
    const plan = searchPlan(index, new Map([['common', 1], ['rare', 1]]), DEFAULT_RANK);
    expect(plan.present.sort()).toEqual(['common', 'rare']);
    const q = JSON.stringify(plan.query);
    expect(q).toContain('"queries":["rare"]');
    expect(q).not.toContain('common');
    expect(q).toContain('"fields":["title"]');
  });

  it('searches the common terms when nothing rarer is asked, and nothing when nothing is present', () => {
    expect(JSON.stringify(searchPlan(index, new Map([['common', 1]]), DEFAULT_RANK).query)).toContain('"queries":["common"]');
    expect(searchPlan(index, new Map([['zebra', 1]]), DEFAULT_RANK).query).toBeNull();
  });

  it('does not search titles when titleBoost is 0', () => {
    expect(JSON.stringify(searchPlan(index, new Map([['rare', 1]]), { ...DEFAULT_RANK, titleBoost: 0 }).query)).not.toContain('title');
  });
});

describe('the candidate pool', () => {
  const index = PassageIndex.build([
    doc('a', 'The harbour froze on 2 March 2026. The keeper stayed. The ships waited.\nNothing else happened.'),
    doc('b', 'A fair opened on 2 March 2026 in town.'),
  ]);
  const march2 = { text: '2 March 2026', iso: '2026-03-02', precision: 'day' as const, start: 0, end: 12, yearKnown: true };
  const search = (terms: string) => index.miniSearch().search(terms, { combineWith: 'OR' });

  it('brings the passages of an asked date, even those the words did not find, for a question mostly its date', () => {
    const ids = dateCandidates(index, { dates: [march2], concepts: [] }, [], DEFAULT_RANK);
    expect([...ids].map((id) => index.text(index.passages[id]!))).toEqual(
      expect.arrayContaining([expect.stringContaining('harbour froze'), expect.stringContaining('fair opened')]),
    );
    expect(dateCandidates(index, { dates: [], concepts: [] }, [], DEFAULT_RANK).size).toBe(0);
  });

  it('adds the windows around the best sentences and normalizes paragraph and document evidence', () => {
    const pool = candidatePool(index, { dates: [], concepts: [] }, search('keeper'), DEFAULT_RANK);
    const texts = [...pool.raw.keys()].map((id) => index.text(index.passages[id]!));
    expect(texts[0]).toBe('The keeper stayed.');
    expect(texts.some((t) => t.includes('froze') && t.includes('keeper'))).toBe(true);
    expect(Math.max(...pool.paragraph.values())).toBe(1);
    expect(pool.maxScore).toBeGreaterThan(0);
    const noWindows = candidatePool(index, { dates: [], concepts: [] }, search('keeper'), { ...DEFAULT_RANK, windowSeeds: 0 });
    expect([...noWindows.raw.keys()].every((id) => index.passages[id]!.sentences === 1)).toBe(true);
  });
});

describe('the options tree', () => {
  it('merges nested options key by key over the defaults and keeps the defaults untouched', () => {
    const o = mergeOptions(DEFAULT_OPTIONS, { rank: { wCoverage: 1, bm25: { k: 2 } }, answer: { minCoverage: 0.9 } });
    expect(o.rank.wCoverage).toBe(1);
    expect(o.rank.bm25).toEqual({ ...DEFAULT_RANK.bm25, k: 2 });
    expect(o.rank.wBm25).toBe(DEFAULT_RANK.wBm25);
    expect(o.answer.minCoverage).toBe(0.9);
    expect(o.answer.maxPassages).toBe(DEFAULT_OPTIONS.answer.maxPassages);
    expect(o.highlight).toBe(DEFAULT_OPTIONS.highlight);
    expect(DEFAULT_RANK.wCoverage).not.toBe(1);
    expect(mergeOptions(DEFAULT_OPTIONS, {})).toBe(DEFAULT_OPTIONS);
    expect(mergeOptions(DEFAULT_OPTIONS, { rank: { wCoverage: undefined } }).rank.wCoverage).toBe(DEFAULT_RANK.wCoverage);
  });

  describe('passed down from the engine', () => {
    const dir = tempDir('options-corpus-');
    fs.writeFileSync(
      path.join(dir, 'a.md'),
      '---\nid: a\ntitle: Harbour\npublished: 2026-01-01\nlanguage: en\n---\nThe harbour froze in the winter of 2025. The keeper stayed.\n\nThe ships left port.\n',
    );
    const open = (retrieval = {}) => Engine.open({ corpusDir: dir, cacheDir: null, logger: createLogger('silent'), watchMs: 0, useWorker: false, retrieval });
    afterAll(cleanupTemps);

    it('answers with the defaults, declines when the abstention threshold is set out of reach', async () => {
      expect((await open()).ask('When did the harbour freeze?').answered).toBe(true);
      // Abstention is the confidence model's lower threshold (src/retrieval/confidence.ts).
      const strict = await open({ confidence: { high: 2, low: 2 } });
      expect(strict.ask('When did the harbour freeze?')).toMatchObject({ answered: false, reason: 'not_covered' });
    });

    it('passes every branch down: answer, confidence, question, rank, timeline', async () => {
      // Answered as sure (every probability reaches a zero threshold), with several passages, unless fewer are allowed.
      const sure = { confidence: { high: 0, low: 0 } };
      expect((await open(sure)).ask('When did the harbour freeze?')).toMatchObject({ confidence: 'high' });
      expect((await open(sure)).ask('When did the harbour freeze?').passages.length).toBeGreaterThan(1);
      expect((await open({ ...sure, answer: { maxPassages: 1 } })).ask('When did the harbour freeze?').passages).toHaveLength(1);
      // Between the thresholds: the closest passage, alone.
      expect((await open({ confidence: { high: 2, low: 0 } })).ask('When did the harbour freeze?')).toMatchObject({ confidence: 'low', passages: [expect.anything()] });
      expect((await open({ question: { echoLength: 5 } })).ask('x'.repeat(600)).question).toBe('xxxxx…');
      // a misspelt word is found through the word it stands for, unless typo tolerance is off
      expect((await open()).ask('harbuor?').answered).toBe(true);
      expect((await open({ rank: { fuzzyWeight: 0 } })).ask('harbuor?').answered).toBe(false);
      expect((await open()).timeline('harbour').length).toBe(1);
      expect((await open({ timeline: { minCoverage: 2 } })).timeline('harbour')).toEqual([]);
    });
  });
});
