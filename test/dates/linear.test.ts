/**
 * Date extraction stays linear on hostile paragraphs (issue 16, item 1): thousands of dates in one
 * paragraph used to take seconds to minutes (16,000 × "1/1/2020 " took 42 s), because every candidate was
 * checked against every date already kept. The hostile paragraphs are generated here.
 */
import { describe, expect, it } from 'vitest';
import { DateResolver } from '../../src/dates/index.js';
import { MAX_DATE_PIECE, pieces } from '../../src/dates/resolver.js';
import { type Candidate, pickNonOverlapping } from '../../src/dates/rules.js';

/** Milliseconds taken by `fn`. */
function timed<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

describe('date extraction on a paragraph of many dates', () => {
  // Measured after the fix on the shared 2-core machine: 0.4–1.3 s for each of these (before: 42 s for the
  // first, 60 s for the second, quadratic). The bound leaves a margin of more than 10× for a loaded machine.
  const BOUND_MS = 15_000;
  for (const [unit, lang, n] of [
    ['1/1/2020 ', 'fr', 16_000],
    ['lundi ', 'fr', 16_000],
    ['on Monday, March 2, 2026 at 5 p.m. ', 'en', 8_000],
  ] as const) {
    it(`${n} × ${JSON.stringify(unit)} is read in bounded time, every date found`, () => {
      const text = unit.repeat(n);
      const { ms, value } = timed(() => new DateResolver({ published: '2026-03-09', lang }).extract(text));
      expect(ms).toBeLessThan(BOUND_MS);
      expect(value.length).toBeGreaterThanOrEqual(n);
      for (const m of value.slice(0, 50).concat(value.slice(-50))) expect(text.slice(m.start, m.end)).toBe(m.text);
    }, 60_000);
  }

  it('reads a long paragraph in pieces cut between sentences, with the same dates as one read', () => {
    const sentence = 'Le 3 mars 2026, la réunion eut lieu; le lendemain, un accord fut signé le 5 avril. ';
    const text = sentence.repeat(Math.ceil((MAX_DATE_PIECE * 3) / sentence.length));
    const parts = pieces(text, MAX_DATE_PIECE);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]!.start).toBe(0);
    expect(parts[parts.length - 1]!.end).toBe(text.length);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      expect(p.end - p.start).toBeLessThanOrEqual(MAX_DATE_PIECE);
      if (i > 0) expect(p.start).toBe(parts[i - 1]!.end);
      if (i < parts.length - 1) expect(text.slice(p.end - 2, p.end)).toMatch(/[.;] $/);
    }
    const all = new DateResolver({ published: '2026-03-09', lang: 'fr' }).extract(text);
    const perSentence = new DateResolver({ published: '2026-03-09', lang: 'fr' }).extract(sentence);
    expect(all.length).toBe(perSentence.length * Math.ceil((MAX_DATE_PIECE * 3) / sentence.length));
    expect(new Set(all.map((d) => d.iso))).toEqual(new Set(perSentence.map((d) => d.iso)));
    for (const m of all) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('cuts a text with no space at the bound', () => {
    const parts = pieces('x'.repeat(25_000), 10_000);
    expect(parts).toEqual([
      { start: 0, end: 10_000 },
      { start: 10_000, end: 20_000 },
      { start: 20_000, end: 25_000 },
    ]);
  });
});

describe('pickNonOverlapping', () => {
  /** The former quadratic definition: longest first (ties: priority, then earlier), skipping overlaps. */
  function naive(cands: Candidate[]): Candidate[] {
    const sorted = [...cands].sort((a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start);
    const picked: Candidate[] = [];
    for (const c of sorted) if (!picked.some((p) => p.start < c.end && c.start < p.end)) picked.push(c);
    return picked.sort((a, b) => a.start - b.start);
  }

  it('keeps exactly what the quadratic definition kept, on random candidates', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const cands: Candidate[] = [];
      const count = 1 + rand(40);
      for (let i = 0; i < count; i++) {
        const start = rand(200);
        cands.push({ start, end: start + 1 + rand(30), priority: rand(4) });
      }
      expect(pickNonOverlapping(cands)).toEqual(naive(cands));
    }
  });
});
