/**
 * questionDates (the dates a question asks about) and findAmounts (money, percentages, quantities).
 */
import { describe, expect, it } from 'vitest';
import { findAmounts, questionDates } from '../../src/dates/index.js';
import type { Lang } from '../../src/types.js';

const q = (text: string, lang: Lang, ref = '2026-03-09') =>
  questionDates(text, lang, ref).map((d) => ({ text: d.text, iso: d.iso, precision: d.precision, yearKnown: d.yearKnown }));

describe('questionDates', () => {
  it('resolves a full date with its year known', () => {
    const text = 'what happened on March 2, 2026?';
    const [d] = questionDates(text, 'en', '2026-03-09');
    expect(d).toMatchObject({ text: 'March 2, 2026', iso: '2026-03-02', precision: 'day', yearKnown: true });
    expect(text.slice(d!.start, d!.end)).toBe(d!.text);
  });

  it('marks a year-less date as such, resolved against the reference for its month-day', () => {
    expect(q("que s'est-il passé le 24 février ?", 'fr')).toEqual([
      { text: '24 février', iso: '2026-02-24', precision: 'day', yearKnown: false },
    ]);
    const [d] = questionDates("que s'est-il passé le 24 février ?", 'fr', '2027-01-10');
    expect(d!.iso.slice(5)).toBe('02-24');
    expect(d!.yearKnown).toBe(false);
  });

  it('accepts lower-case month and weekday names as typed in chat', () => {
    expect(q('what happened on march 2?', 'en')).toEqual([{ text: 'march 2', iso: '2026-03-02', precision: 'day', yearKnown: false }]);
    expect(q('what did they do last friday?', 'en')).toEqual([
      { text: 'last friday', iso: '2026-03-06', precision: 'day', yearKnown: true },
    ]);
  });

  it('handles months, years, times and relative dates', () => {
    expect(q("qu'est-ce qui s'est passé en février ?", 'fr')).toEqual([{ text: 'février', iso: '2026-02', precision: 'month', yearKnown: false }]);
    expect(q('What happened in July 2025?', 'en')).toEqual([{ text: 'July 2025', iso: '2025-07', precision: 'month', yearKnown: true }]);
    expect(q('What happened in 2025?', 'en')).toEqual([{ text: '2025', iso: '2025', precision: 'year', yearKnown: true }]);
    expect(q('Que se passe-t-il le vendredi 27 février à 17h01 ?', 'fr')).toEqual([
      { text: 'vendredi 27 février à 17h01', iso: '2026-02-27T17:01', precision: 'minute', yearKnown: false },
    ]);
    expect(q("Qu'a dit Trump hier ?", 'fr')).toEqual([{ text: 'hier', iso: '2026-03-08', precision: 'day', yearKnown: true }]);
  });

  it('returns nothing for a question without a date, and rejects bad input clearly', () => {
    expect(q('Who is the CEO of OpenAI?', 'en')).toEqual([]);
    expect(q('Combien valait le contrat de 200 millions ?', 'fr')).toEqual([]);
    expect(() => questionDates('when?', 'en', 'yesterday')).toThrow(/reference must be a YYYY-MM-DD/);
    expect(() => questionDates(42 as unknown as string, 'en')).toThrow(/needs a string/);
    expect(() => questionDates('when?', 'xx' as Lang)).toThrow(/lang must be/);
  });

  it('defaults the reference to today', () => {
    const [d] = questionDates('What happened on March 2?', 'en');
    expect(d!.iso).toMatch(/^\d{4}-03-02$/);
    expect(Number(d!.iso.slice(0, 4))).toBeGreaterThanOrEqual(new Date().getUTCFullYear() - 1);
  });
});

describe('findAmounts', () => {
  const texts = (s: string, lang: Lang) => findAmounts(s, lang).map((a) => a.text);

  it('finds money amounts in French and English', () => {
    expect(texts("Un contrat pouvant atteindre 200 millions de dollars, puis 1,5 milliard d'euros.", 'fr')).toEqual([
      '200 millions de dollars',
      "1,5 milliard d'euros",
    ]);
    expect(texts('A $200 million deal, then $1.5 billion and 3 M€.', 'en')).toEqual(['$200 million', '$1.5 billion', '3 M€']);
    expect(texts('Il paie 12 000 € et 45,5 millions.', 'fr')).toEqual(['12 000 €', '45,5 millions']);
    expect(texts('They raised a billion dollars and €30m.', 'en')).toEqual(['a billion dollars', '€30m']);
  });

  it('finds percentages, with or without the French space', () => {
    expect(texts('Une hausse de 30 % puis de 12,5\u00a0% et 4 pour cent.', 'fr')).toEqual(['30 %', '12,5\u00a0%', '4 pour cent']);
    expect(texts('Up 30% and 2.5 percent.', 'en')).toEqual(['30%', '2.5 percent']);
  });

  it('finds quantities with a number, in digits or words', () => {
    expect(texts('accordant six mois pour une transition, et 30 jours de préavis', 'fr')).toEqual(['six mois', '30 jours']);
    expect(texts('It took two weeks and 5,000 people.', 'en')).toEqual(['two weeks', '5,000 people']);
  });

  it('leaves dates, years and bare numbers alone', () => {
    expect(texts('Le 2 mars 2026, en 2025, les 2 raisons, 17h01.', 'fr')).toEqual([]);
    expect(texts('On March 2, 2026, in 2024, chapter 17.', 'en')).toEqual([]);
    expect(texts('une transition, un contrat', 'fr')).toEqual([]);
  });

  it('gives exact offsets, and rejects bad input clearly', () => {
    const s = 'Anthropic signe un contrat de 200 millions de dollars.';
    for (const a of findAmounts(s, 'fr')) expect(s.slice(a.start, a.end)).toBe(a.text);
    expect(() => findAmounts(null as unknown as string, 'fr')).toThrow(/needs a string/);
    expect(() => findAmounts('x', 'de' as Lang)).toThrow(/lang must be/);
  });
});
