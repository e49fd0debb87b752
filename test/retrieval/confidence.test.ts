/**
 * The confidence evidence read from a ranking and the three tiers it gives: a question the corpus answers,
 * one it only touches, and one it never mentions.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';
import { buildAnswer } from '../../src/retrieval/answer.js';
import { confidence, confidenceFeatures, DEFAULT_CONFIDENCE, tier, tierOf, type ConfidenceFeatures } from '../../src/retrieval/confidence.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { rank } from '../../src/retrieval/rank.js';

const doc = (id: string, title: string, body: string) => ({ id, title, published: '2026-01-01', language: 'fr' as const, body, file: `${id}.md`, hash: id });

const index = PassageIndex.build([
  doc('port', 'Le port de Gdańsk', 'Le port de Gdańsk accueille chaque année trois mille navires de commerce.\nLes grues du port ont été construites en 1962 par une entreprise suédoise.'),
  doc('canal', 'Le canal du Midi', 'Le canal du Midi relie Toulouse à la mer Méditerranée.\nSa construction fut dirigée par Pierre-Paul Riquet à partir de 1666.'),
  doc('jardin', 'Les jardins', 'Les jardins de la ville comptent de nombreux arbres fruitiers.\nLes pommiers y fleurissent au printemps.'),
]);
const features = (q: string) => {
  const parsed = parseQuestion(q, NO_TRANSLATION);
  return confidenceFeatures(index, parsed, rank(index, parsed));
};

describe('confidenceFeatures', () => {
  it('reads a question the corpus answers: high coverage, nothing absent', () => {
    const f = features('Qui a dirigé la construction du canal du Midi ?')!;
    expect(f.coverage).toBeGreaterThan(0.7);
    expect(f.absent).toBe(0);
    expect(f.absentName).toBe(0);
    expect(f.margin).toBeGreaterThan(0);
  });

  it('measures the share of the question the corpus never mentions, and a missing name', () => {
    const f = features('Combien de navires accueille le port de Rotterdam ?')!;
    expect(f.absent).toBeGreaterThan(0.2);
    expect(f.absentName).toBe(1);
    expect(features('Combien de navires accueille le port de Gdańsk ?')!.absent).toBe(0);
  });

  it('reads the exact-form evidence of a question in the other language as its coverage', () => {
    const en = new Map([['canal', ['canal']], ['built', ['construire']], ['construction', ['construction']], ['led', ['diriger']], ['lead', ['diriger']]]);
    const translator = {
      translate: (w: string, from: 'fr' | 'en') => (from === 'en' ? (en.get(w) ?? []) : []),
      matchPhrases: () => [],
    };
    const parsed = parseQuestion('Who led the construction of the Canal du Midi?', translator);
    const ranked = rank(index, parsed);
    const f = confidenceFeatures(index, parsed, ranked)!;
    expect(ranked[0]!.exact).toBeLessThan(ranked[0]!.coverage);
    expect(f.exact).toBeCloseTo(ranked[0]!.coverage);
    expect(f.score).toBeGreaterThan(ranked[0]!.score);
    // In the question's own language nothing is changed.
    const same = parseQuestion('Qui a dirigé la construction du canal du Midi ?', NO_TRANSLATION);
    const r2 = rank(index, same);
    expect(confidenceFeatures(index, same, r2)!.exact).toBe(r2[0]!.exact);
  });

  it('is undefined when no passage is found at all', () => {
    expect(features('Quelle est la recette du gâteau au chocolat ?')).toBeUndefined();
  });
});

describe('confidence and tiers', () => {
  const base: ConfidenceFeatures = { coverage: 0.5, exact: 0.5, score: 0.6, margin: 0.1, absent: 0, absentName: 0, dateMatch: 0, typeEvidence: 0, length: 0.5, dateOnly: 0 };

  it('grows with coverage and falls when a name of the question is nowhere in the corpus', () => {
    expect(confidence({ ...base, coverage: 0.9, exact: 0.9, score: 1 })).toBeGreaterThan(confidence(base));
    expect(confidence({ ...base, absent: 0.4, absentName: 1 })).toBeLessThan(confidence(base));
  });

  it('maps a probability to its tier with the two thresholds', () => {
    const t = { high: 0.6, low: 0.2 };
    expect(tierOf(0.6, t)).toBe('high');
    expect(tierOf(0.59, t)).toBe('low');
    expect(tierOf(0.2, t)).toBe('low');
    expect(tierOf(0.19, t)).toBe('none');
    expect(tierOf(undefined, t)).toBe('none');
    expect(DEFAULT_CONFIDENCE.low).toBeLessThan(DEFAULT_CONFIDENCE.high);
  });

  it('answers as sure a question that only names a date with a passage carrying it, whatever the model says', () => {
    const weak = { ...base, coverage: 0.9, score: 0, length: 0, dateMatch: 1 };
    const strict = { ...DEFAULT_CONFIDENCE, high: 0.999, low: 0.998 };
    expect(tier({ ...weak, dateOnly: 1 }, strict)).toBe('high');
    expect(tier({ ...weak, dateOnly: 0 }, strict)).toBe('none');
    expect(tier({ ...weak, dateOnly: 1, dateMatch: 0.5 }, strict)).toBe('none');
    expect(tier(undefined)).toBe('none');
  });
});

describe('buildAnswer tiers', () => {
  const ask = (q: string, confidence = {}) => buildAnswer(index, parseQuestion(q, NO_TRANSLATION), { confidence });

  it('answers as sure with the shipped model when one passage holds every word of the question', () => {
    expect(ask('Qui a dirigé la construction du canal du Midi ?')).toMatchObject({ answered: true, confidence: 'high' });
  });

  it('answers as sure, with its span, when the evidence is strong', () => {
    const a = ask('Qui a dirigé la construction du canal du Midi ?', { high: 0.01, low: 0.001 });
    expect(a).toMatchObject({ answered: true, confidence: 'high' });
    expect(a.passages[0]!.text).toContain('Riquet');
  });

  it('gives only the closest passage, with no span claimed, between the thresholds', () => {
    const a = ask('Qui a dirigé la construction du canal du Midi ?', { high: 0.999999, low: 0.001 });
    expect(a).toMatchObject({ answered: true, confidence: 'low' });
    expect(a.passages).toHaveLength(1);
    expect(a.passages[0]!.highlights).toEqual([]);
  });

  it('declines below the low threshold and when nothing relates', () => {
    expect(ask('Qui a dirigé la construction du canal du Midi ?', { high: 0.9999999, low: 0.999999 })).toMatchObject({ answered: false, reason: 'not_covered' });
    expect(ask('Quelle est la recette du gâteau au chocolat ?')).toMatchObject({ answered: false, reason: 'not_covered' });
  });
});
