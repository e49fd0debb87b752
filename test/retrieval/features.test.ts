/**
 * Each ranking feature on synthetic sentences: the pure functions of src/retrieval/features.ts, and the
 * weighted sum of src/retrieval/rank.ts.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex, type PassageRecord } from '../../src/index/passage-index.js';
import {
  answerNames,
  conceptIdf,
  countTerm,
  countedScore,
  coverageScore,
  dateScore,
  documentCoverage,
  exactScore,
  hasAnswerName,
  idf,
  matchTerms,
  namesScore,
  orderScore,
  paragraphEvidence,
  prefixScore,
  offTitleScore,
  proximityScore,
  rarestScore,
  titleScore,
  typeScore,
  type Features,
} from '../../src/retrieval/features.js';
import { DEFAULT_RANK } from '../../src/retrieval/options.js';
import { conceptWeights } from '../../src/retrieval/query.js';
import type { Concept, ParsedQuestion } from '../../src/retrieval/question.js';
import { scoreFeatures } from '../../src/retrieval/rank.js';
import type { DateMention } from '../../src/types.js';

const concept = (word: string, terms: (string | [string, number])[] = [word], extra: Partial<Concept> = {}): Concept => ({
  word,
  variants: terms.map((t) => (typeof t === 'string' ? { term: t, weight: 1 } : { term: t[0], weight: t[1] })),
  numeric: false,
  name: false,
  ...extra,
});

const record = (extra: Partial<PassageRecord> = {}): PassageRecord => ({
  doc: 0,
  start: 0,
  end: 10,
  paragraph: 1,
  sentences: 1,
  first: 0,
  dates: [],
  amounts: [],
  names: [],
  ...extra,
});

const date = (iso: string, start: number, precision: DateMention['precision'] = 'day'): DateMention => ({ text: iso, iso, precision, start, end: start + 5 });
const qDate = (iso: string, yearKnown = true) => ({ ...date(iso, 0), yearKnown });

const doc = (id: string, body: string, title = id) => ({ id, title, published: '2026-01-01', language: 'en' as const, body, file: `${id}.md`, hash: id });

describe('idf and concept idf', () => {
  const index = PassageIndex.build([
    doc('a', 'The harbour opened. The harbour closed. The bridge fell.'),
    doc('b', 'The harbour froze.'),
  ]);

  it('gives a rarer term a higher idf, and an absent term the highest', () => {
    expect(idf(index, 'bridg')).toBeGreaterThan(idf(index, 'harbour'));
    expect(idf(index, 'zzz')).toBeGreaterThan(idf(index, 'bridg'));
  });

  it('counts a concept as informative as its most specific present form', () => {
    const c = concept('port', [['harbour', 0.7], ['bridg', 0.7]]);
    expect(conceptIdf(index, c)).toBe(idf(index, 'bridg'));
  });

  it('weighs an absent ordinary word by absentWordShare, an absent name or number in full', () => {
    const unknown = idf(index, '\u0000absent');
    expect(conceptIdf(index, concept('zebra'), 0.5)).toBeCloseTo(unknown * 0.5);
    expect(conceptIdf(index, concept('zebra'), 0.2)).toBeCloseTo(unknown * 0.2);
    expect(conceptIdf(index, concept('zorro', ['zorro'], { name: true }), 0.2)).toBe(unknown);
    expect(conceptIdf(index, concept('1999', ['1999'], { numeric: true }), 0.2)).toBe(unknown);
  });
});

describe('term matches, coverage and exact forms', () => {
  const concepts = [concept('harbour', ['harbour']), concept('froze', ['froze', ['freez', 0.7]]), concept('ship')];
  const w = conceptWeights(PassageIndex.build([doc('x', 'Nothing here.')]), concepts, DEFAULT_RANK);

  it('finds each concept at its positions, with its best variant weight', () => {
    const m = matchTerms(['the', 'harbour', 'freez', 'harbour'], concepts, w);
    expect([...m.concepts]).toEqual([
      [0, 1],
      [1, 0.7],
    ]);
    expect(m.positions).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
    ]);
    expect([...m.terms].sort()).toEqual(['freez', 'harbour']);
  });

  it('sums the idf of the matched concepts times their weight', () => {
    const idfs = [1, 2, 4];
    expect(coverageScore(new Map([[0, 1], [1, 0.5]]), concepts, idfs, new Set(), 0.8)).toBe(2);
  });

  it('counts a concept found only in the title at titleCoverage, and not at all when it is 0', () => {
    const idfs = [1, 2, 4];
    const title = new Set(['ship']);
    expect(coverageScore(new Map([[0, 1]]), concepts, idfs, title, 0.5)).toBe(1 + 4 * 0.5);
    expect(coverageScore(new Map([[0, 1]]), concepts, idfs, title, 0)).toBe(1);
  });

  it('counts each question word found in its exact form once, title words below passage words', () => {
    const of = new Map([['harbour', 0], ['froze', 1], ['ship', 2]]);
    expect(exactScore(['harbour', 'harbour', 'froze'], [], of, [1, 2, 4], 0.8)).toBe(3);
    expect(exactScore(['harbour'], ['ship', 'harbour'], of, [1, 2, 4], 0.5)).toBe(1 + 4 * 0.5);
    expect(exactScore(['harbour'], ['ship'], of, [1, 2, 4], 0)).toBe(1);
  });

  it('counts whole terms only in a term string', () => {
    expect(countTerm('harbour harbours harbour', 'harbour')).toBe(2);
    expect(countTerm('aharbour harbourb', 'harbour')).toBe(0);
    expect(countTerm('', 'harbour')).toBe(0);
  });
});

describe('order and proximity', () => {
  it('scores the share of neighbouring question words found in order within the gap', () => {
    // concepts 0,1,2 at positions 0,1,2: both pairs in order
    expect(orderScore([[0, 0], [1, 1], [2, 2]], 3)).toBe(1);
    // reversed: no pair in order
    expect(orderScore([[2, 0], [1, 1], [0, 2]], 3)).toBe(0);
    // 0 then 1 four terms apart: out of the default gap of 3, inside a gap of 4
    expect(orderScore([[0, 0], [4, 1]], 2)).toBe(0);
    expect(orderScore([[0, 0], [4, 1]], 2, 4)).toBe(1);
    expect(orderScore([[0, 0]], 1)).toBe(0);
  });

  it('is 1 for adjacent concepts and falls as they spread', () => {
    expect(proximityScore([[3, 0], [4, 1]], 2)).toBe(1);
    expect(proximityScore([[0, 0], [9, 1]], 2)).toBeCloseTo(0.2);
    // the smallest window holding both counts, not the first
    expect(proximityScore([[0, 0], [9, 1], [10, 0]], 2)).toBe(1);
    expect(proximityScore([[0, 0]], 1)).toBe(0);
  });

  it('does not reorder the positions it is given', () => {
    const positions: [number, number][] = [[9, 1], [0, 0]];
    proximityScore(positions, 2);
    expect(positions).toEqual([[9, 1], [0, 0]]);
  });
});

describe('answer-type evidence', () => {
  const q = (type: ParsedQuestion['type'], answerKind?: ParsedQuestion['answerKind']) => ({ type, ...(answerKind ? { answerKind } : {}) });
  const none = new Map<string, unknown>();

  it('when: a day-precise date counts in full, a vaguer one less, none nothing', () => {
    expect(typeScore(record({ dates: [date('2026-03-02', 0)] }), q('when'), 'x', none)).toBe(1);
    expect(typeScore(record({ dates: [date('2026-03', 0, 'month')] }), q('when'), 'x', none)).toBe(DEFAULT_RANK.type.vagueDate);
    expect(typeScore(record(), q('when'), 'x', none)).toBe(0);
  });

  it('how much: an amount in full, bare digits less', () => {
    expect(typeScore(record({ amounts: [{ start: 0, end: 4 }] }), q('howmuch'), '$200', none)).toBe(1);
    expect(typeScore(record(), q('howmuch'), 'rose by 12', none, { ...DEFAULT_RANK.type, digitsOnly: 0.3 })).toBe(0.3);
    expect(typeScore(record(), q('howmuch'), 'rose a lot', none)).toBe(0);
  });

  it('who and where: a name that is not a word of the question', () => {
    const text = 'Maria Lind signed it.';
    const p = record({ names: [{ start: 0, end: 10 }] });
    expect(typeScore(p, q('who'), text, none)).toBe(1);
    expect(typeScore(p, q('where'), text, none)).toBe(DEFAULT_RANK.type.whereName);
    expect(typeScore(p, q('who'), text, new Map([['maria', 0], ['lind', 1]]))).toBe(0);
  });

  it('why: a word of cause', () => {
    expect(typeScore(record(), q('why'), 'It closed because of the storm.', none)).toBe(DEFAULT_RANK.type.why);
    expect(typeScore(record(), q('why'), 'It closed.', none)).toBe(0);
  });

  it('what: the kind its head word announces', () => {
    expect(typeScore(record({ names: [{ start: 0, end: 5 }] }), q('what', 'place'), 'Paris is far.', none)).toBe(1);
    expect(typeScore(record({ dates: [date('2026', 0, 'year')] }), q('what', 'time'), 'x', none)).toBe(1);
    expect(typeScore(record(), q('what', 'number'), 'about 40', none)).toBe(DEFAULT_RANK.type.digitsOnly);
    expect(typeScore(record(), q('what'), 'anything', none)).toBe(0);
  });

  it('tells the names of a passage that are not the question words, trimmed of them', () => {
    const text = 'OpenAI Sam Altman spoke.';
    const p = record({ names: [{ start: 0, end: 17 }] });
    expect(hasAnswerName(p, text, new Map([['openai', 0]]))).toBe(true);
    const spans = answerNames(p, { concepts: [concept('openai')] }, text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Sam Altman']);
    expect(answerNames(record({ names: [{ start: 0, end: 6 }] }), { concepts: [concept('openai')] }, text)).toEqual([]);
  });
});

describe('date match', () => {
  it('scores the same date above a date within or around the asked one', () => {
    const o = DEFAULT_RANK.date;
    expect(dateScore(record({ dates: [date('2026-03-02', 0)] }), { dates: [qDate('2026-03-02')] })).toBe(o.same);
    expect(dateScore(record({ dates: [date('2026-03-02', 0)] }), { dates: [qDate('2026-03')] })).toBe(o.within);
    expect(dateScore(record({ dates: [date('2026-03', 0, 'month')] }), { dates: [qDate('2026-03-02')] })).toBe(o.around);
    expect(dateScore(record({ dates: [date('2025-03-02', 0)] }), { dates: [qDate('2026-03-02')] })).toBe(0);
  });

  it('matches month and day when the question gives no year', () => {
    expect(dateScore(record({ dates: [date('2024-03-02', 0)] }), { dates: [qDate('2026-03-02', false)] })).toBe(DEFAULT_RANK.date.monthDay);
    expect(dateScore(record({ dates: [date('2024-03-03', 0)] }), { dates: [qDate('2026-03-02', false)] })).toBe(0);
  });

  it('counts a date that follows another one in the passage at laterDate', () => {
    const p = record({ dates: [date('2026-02-24', 0), date('2026-02-27', 40)] });
    expect(dateScore(p, { dates: [qDate('2026-02-27')] })).toBe(DEFAULT_RANK.date.laterDate);
    expect(dateScore(p, { dates: [qDate('2026-02-27')] }, { ...DEFAULT_RANK.date, laterDate: 0.5 })).toBe(0.5);
    expect(dateScore(p, { dates: [qDate('2026-02-24')] })).toBe(1);
  });
});

describe('paragraph evidence', () => {
  const index = PassageIndex.build([
    doc('a', 'The harbour froze in winter. Ships waited outside.\nA bridge stood nearby.', 'Harbour news'),
    doc('b', 'The ships sailed away.'),
  ]);
  const present = ['harbour', 'ship', 'froze'];
  const concepts = [concept('harbour', ['harbour']), concept('ships', ['ship']), concept('froze', ['froze'])];
  const w = { idfs: [1, 1, 1], totalIdf: 3 };

  it('covers the concepts spread over the sentences of one paragraph', () => {
    const e = paragraphEvidence(index, 0, concepts, present, w, DEFAULT_RANK);
    expect(e.coverage).toBeCloseTo(1);
    expect(e.bm25).toBeGreaterThan(0);
  });

  it('lists the concepts found in the paragraph (not its title)', () => {
    expect(paragraphEvidence(index, 0, concepts, present, w, DEFAULT_RANK).found).toEqual([0, 1, 2]);
    expect(paragraphEvidence(index, 1, concepts, present, w, DEFAULT_RANK).found).toEqual([]);
  });

  it('counts a concept only its document title holds at titleCoverage', () => {
    const e = paragraphEvidence(index, 1, concepts, present, w, { ...DEFAULT_RANK, titleCoverage: 0.5 });
    // the second paragraph holds none of the words; its title holds « harbour »
    expect(e.coverage).toBeCloseTo(0.5 / 3);
    expect(e.bm25).toBe(0);
    expect(paragraphEvidence(index, 1, concepts, present, w, { ...DEFAULT_RANK, titleCoverage: 0 }).coverage).toBe(0);
  });
});

describe('document-level features', () => {
  const index = PassageIndex.build([
    doc('a', 'The harbour froze in winter. The harbour was closed.\nShips waited outside the harbour.', 'Harbour news'),
    doc('b', 'The ships sailed away from the harbour.', 'Sailing'),
  ]);
  const concepts = [concept('harbour', ['harbour']), concept('ships', ['ship']), concept('froze', ['froze'])];

  it('document coverage: the share of the question anywhere in the document, its title at titleCoverage', () => {
    const idfs = [1, 1, 1];
    expect(documentCoverage([true, true, true], concepts, idfs, index.titleTerms(0), 0.5)).toBeCloseTo(1);
    expect(documentCoverage([true, true, false], concepts, idfs, index.titleTerms(1), 0.5)).toBeCloseTo(2 / 3);
    expect(documentCoverage([true, true, false], concepts, [1, 1, 2], index.titleTerms(1), 0.5)).toBeCloseTo(2 / 4);
    // « news », as the title's index term, is in no sentence of the document
    const withTitle = [...concepts, concept('news', [[...index.titleTerms(0)].find((t) => t !== 'harbour')!])];
    expect(documentCoverage([true, true, true, false], withTitle, [1, 1, 1, 1], index.titleTerms(0), 0.5)).toBeCloseTo(3.5 / 4);
  });

  it('title: the share of the question the document title names, whatever the passage holds', () => {
    expect(titleScore(concepts, [2, 1, 1], index.titleTerms(0))).toBe(2);
    expect(titleScore(concepts, [2, 1, 1], index.titleTerms(1))).toBe(0);
    expect(titleScore([concept('harbour', [['harbour', 0.5]])], [2], index.titleTerms(0))).toBe(1);
  });
});

describe('rarest word and names', () => {
  const concepts = [concept('city', ['city'], { head: true }), concept('harbour', ['harbour']), concept('froze', ['froze']), concept('Oslo', ['oslo'], { name: true })];

  it('rarest: the weight with which the passage holds the highest-IDF word that is not a head word', () => {
    const idfs = [9, 2, 5, 3];
    expect(rarestScore(new Map([[2, 0.7]]), concepts, idfs)).toBe(0.7);
    expect(rarestScore(new Map([[0, 1], [1, 1], [3, 1]]), concepts, idfs)).toBe(0);
    expect(rarestScore(new Map(), [], [])).toBe(0);
  });

  it('names: the share of the names and numbers asked that the passage holds, 0 when none is asked', () => {
    expect(namesScore(new Map([[3, 1]]), concepts)).toBe(1);
    expect(namesScore(new Map([[1, 1]]), concepts)).toBe(0);
    expect(namesScore(new Map([[1, 1]]), concepts.slice(0, 3))).toBe(0);
    const two = [...concepts, concept('1905', ['1905'], { numeric: true })];
    expect(namesScore(new Map([[4, 1]]), two)).toBe(0.5);
  });
});

describe('prefix: a word of the passage sharing a long prefix with an unmatched question word', () => {
  const o = { prefixMin: 5, prefixShare: 0.75 };
  const concepts = [concept('reconstruction', ['reconstruct']), concept('bureau', ['bureau']), concept('1790', ['1790'], { numeric: true }), concept('deportes', ['deport'])];
  const idfs = [4, 2, 3, 5];

  it('counts a noun reaching its verb and a participle reaching its noun, with their IDF', () => {
    expect(prefixScore(['bureau', 'reconstruit', 'fin'], new Map([[1, 1]]), concepts, idfs, o)).toBe(4);
    expect(prefixScore(['deportation', 'reconstruit'], new Map(), concepts, idfs, o)).toBe(9);
  });

  it('skips concepts already matched, numbers, and short or too different prefixes', () => {
    expect(prefixScore(['reconstruit'], new Map([[0, 1]]), concepts, idfs, o)).toBe(0);
    expect(prefixScore(['17901', '1790s'], new Map(), concepts, idfs, o)).toBe(0);
    // « recon » is five letters but not three quarters of the shorter word.
    expect(prefixScore(['reconnaissance'], new Map(), concepts, idfs, o)).toBe(0);
    expect(prefixScore(['bure'], new Map(), concepts, idfs, o)).toBe(0);
    expect(prefixScore(['bureaux'], new Map(), concepts, idfs, o)).toBe(2);
    expect(prefixScore(['bureaux'], new Map(), concepts, idfs, { prefixMin: 7, prefixShare: 0.75 })).toBe(0);
  });
});

describe('counted: a number right before the head word', () => {
  const concepts = [concept('nations', ['nation'], { head: true }), concept('region', ['region'])];
  const w = conceptWeights(PassageIndex.build([]), concepts, DEFAULT_RANK);
  const counted = (terms: string[]) => countedScore(terms, matchTerms(terms, concepts, w).positions, concepts, new Set(['nine']));

  it('is 1 when a figure or a number word stands one or two terms before the head word', () => {
    expect(counted(['region', 'includ', 'nine', 'nation'])).toBe(1);
    expect(counted(['region', '9', 'larg', 'nation'])).toBe(1);
  });

  it('is 0 when the number is further, after it, or counts another word', () => {
    expect(counted(['nine', 'larg', 'old', 'nation'])).toBe(0);
    expect(counted(['nation', 'nine'])).toBe(0);
    expect(counted(['nine', 'region', 'nation'].slice(0, 2))).toBe(0);
    expect(countedScore(['nine', 'nation'], [[1, 0]], [concept('nations', ['nation'])], new Set(['nine']))).toBe(0);
  });
});

describe('off-title: the question words the title does not name', () => {
  it('off-title: the share of the concepts the title does not name, 0 when it names them all', () => {
    const idfs = [3, 1, 2];
    expect(offTitleScore(new Map([[0, 1], [1, 1]]), idfs, [true, false, false])).toBeCloseTo(1 / 3);
    expect(offTitleScore(new Map([[0, 1], [2, 0.5]]), idfs, [true, false, false])).toBeCloseTo(1 / 3);
    expect(offTitleScore(new Map([[0, 1]]), idfs, [true, true, true])).toBe(0);
    expect(offTitleScore(new Map([[1, 1]]), idfs, [false, false, false])).toBeCloseTo(1 / 6);
  });

});

describe('score from features and weights', () => {
  const zero: Features = {
    coverage: 0, bm25: 0, proximity: 0, typeEvidence: 0, dateMatch: 0, paragraph: 0, exact: 0, order: 0, document: 0, first: 0, window: 0, paraCoverage: 0, paraBm25: 0,
    title: 0, rarest: 0, names: 0, docCoverage: 0, counted: 0, prefix: 0, offTitle: 0,
  };
  const weightOf: Record<keyof Features, keyof typeof DEFAULT_RANK> = {
    coverage: 'wCoverage', bm25: 'wBm25', proximity: 'wProximity', typeEvidence: 'wType', dateMatch: 'wDate', paragraph: 'wParagraph', exact: 'wExact',
    order: 'wOrder', document: 'wDocument', first: 'wFirst', window: 'wWindow', paraCoverage: 'wParaCoverage', paraBm25: 'wParaBm25',
    title: 'wTitle', rarest: 'wRarest', names: 'wNames', docCoverage: 'wDocCoverage', counted: 'wCounted', prefix: 'wPrefix',
    offTitle: 'wOffTitle',
  };

  it('weighs each feature by its own weight', () => {
    for (const [f, w] of Object.entries(weightOf) as [keyof Features, keyof typeof DEFAULT_RANK][]) {
      expect(scoreFeatures({ ...zero, [f]: 1 }, DEFAULT_RANK)).toBe(DEFAULT_RANK[w]);
      expect(scoreFeatures({ ...zero, [f]: 1 }, { ...DEFAULT_RANK, [w]: 2 })).toBe(2);
    }
  });

  it('is 0 without evidence and adds the features up', () => {
    expect(scoreFeatures(zero, DEFAULT_RANK)).toBe(0);
    const both = scoreFeatures({ ...zero, coverage: 1, bm25: 1 }, DEFAULT_RANK);
    expect(both).toBeCloseTo(DEFAULT_RANK.wCoverage + DEFAULT_RANK.wBm25);
  });
});
