/**
 * The date grammar (src/dates/rules.ts) on synthetic sentences: what each rule reads, relative
 * expressions, loose matching for chat questions, and the choice among overlapping candidates.
 */
import { describe, expect, it } from 'vitest';
import { findRuleCandidates, pickNonOverlapping, type Candidate } from '../../src/dates/rules.js';
import type { Lang } from '../../src/types.js';

const read = (text: string, lang: Lang, loose = false) =>
  pickNonOverlapping(findRuleCandidates(text, lang, { loose })).map((c: Candidate) => {
    const { start, end, priority: _p, ...parts } = c;
    return { text: text.slice(start, end), ...parts };
  });

describe('date rules', () => {
  it('reads full French and English dates, numeric and ISO dates', () => {
    expect(read('Le 24 février 2026 à 17h01.', 'fr')).toEqual([{ text: '24 février 2026', day: 24, month: 2, year: 2026 }]);
    expect(read('On March 2, 2026 the deal closed.', 'en')).toEqual([{ text: 'March 2, 2026', day: 2, month: 3, year: 2026 }]);
    // day first in French
    expect(read('Réunion le 3/4/2025.', 'fr')).toEqual([{ text: '3/4/2025', day: 3, month: 4, year: 2025 }]);
    expect(read('2024-05-06', 'en')).toEqual([{ text: '2024-05-06', day: 6, month: 5, year: 2024 }]);
  });

  it('reads months with a year, and relative years and days', () => {
    expect(read("bilan en juillet 2025 et l'an dernier, puis le lendemain", 'fr')).toEqual([
      { text: 'juillet 2025', month: 7, year: 2025 },
      { text: "l'an dernier", yearOffset: -1 },
      { text: 'lendemain', contextDayOffset: 1 },
    ]);
    expect(read('the day before it rained', 'en')).toEqual([{ text: 'day before', contextDayOffset: -1 }]);
  });

  it('keeps the weekday and the direction of « dernier »', () => {
    expect(read('le vendredi 27 février dernier', 'fr')).toEqual([{ text: 'vendredi 27 février dernier', day: 27, month: 2, weekday: 5, direction: -1 }]);
  });

  it('reads a lower-case month alone only in loose mode (chat questions)', () => {
    expect(read('when did it happen in march?', 'en')).toEqual([]);
    expect(read('when did it happen in march?', 'en', true)).toEqual([{ text: 'march', month: 3 }]);
  });

  it('keeps the longest of overlapping candidates, in text order', () => {
    const picked = pickNonOverlapping([
      { start: 10, end: 14, priority: 1 },
      { start: 0, end: 12, priority: 0 },
      { start: 20, end: 24, priority: 0 },
      { start: 20, end: 24, priority: 2, day: 1 },
    ]);
    expect(picked).toEqual([
      { start: 0, end: 12, priority: 0 },
      { start: 20, end: 24, priority: 2, day: 1 },
    ]);
  });
});
