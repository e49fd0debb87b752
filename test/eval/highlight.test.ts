/**
 * Highlight figures of the benchmark: gold spans found in the passage, a highlight judged by overlap, the
 * shown / precision / recall shares, and the question categories they are reported by.
 */
import { describe, expect, it } from 'vitest';
import { goldSpans, highlightCategory, highlightFigures, highlightReport, judgeHighlights } from '../../src/eval/highlight.js';

const text = 'La tour Eiffel fut construite par Gustave Eiffel en 1889 ; elle mesure 330 mètres.';
const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });

describe('goldSpans', () => {
  it('finds every occurrence of each answer, and falls back to a case- and accent-insensitive match', () => {
    expect(goldSpans(text, ['Eiffel'])).toEqual([at('Eiffel'), { start: text.lastIndexOf('Eiffel'), end: text.lastIndexOf('Eiffel') + 6 }]);
    expect(goldSpans(text, ['330 METRES'])).toEqual([at('330 mètres')]);
    expect(goldSpans(text, ['1900', ' '])).toEqual([]);
  });
});

describe('judgeHighlights', () => {
  it('counts a span overlapping the answer as correct, and a wrong span next to it as not strictly correct', () => {
    expect(judgeHighlights(text, [at('Gustave Eiffel')], ['Gustave Eiffel'])).toEqual({ shown: true, correct: true, allCorrect: true });
    // Partial overlap counts: « 1889 » for the answer « en 1889 ».
    expect(judgeHighlights(text, [at('1889')], ['en 1889']).correct).toBe(true);
    expect(judgeHighlights(text, [at('1889'), at('330 mètres')], ['1889'])).toEqual({ shown: true, correct: true, allCorrect: false });
    expect(judgeHighlights(text, [at('330 mètres')], ['1889'])).toEqual({ shown: true, correct: false, allCorrect: false });
    expect(judgeHighlights(text, [], ['1889'])).toEqual({ shown: false, correct: false, allCorrect: false });
  });

  it('does not count spans that only touch the answer or share a space with it', () => {
    const end = at('1889').end;
    expect(judgeHighlights(text, [{ start: end, end: end + 2 }], ['1889']).correct).toBe(false);
    expect(judgeHighlights(text, [{ start: text.indexOf(' 1889'), end: text.indexOf(' 1889') + 1 }], ['1889']).correct).toBe(false);
  });
});

describe('highlightFigures', () => {
  it('computes shown, precision (of shown) and recall (of all)', () => {
    const f = highlightFigures([
      { shown: true, correct: true, allCorrect: true },
      { shown: true, correct: true, allCorrect: false },
      { shown: true, correct: false, allCorrect: false },
      { shown: false, correct: false, allCorrect: false },
    ]);
    expect(f).toEqual({ passages: 4, highlightShown: 0.75, highlightPrecision: 2 / 3, highlightStrictPrecision: 1 / 3, highlightRecall: 0.5 });
    expect(highlightFigures([])).toEqual({ passages: 0, highlightShown: 0, highlightPrecision: 0, highlightStrictPrecision: 0, highlightRecall: 0 });
  });

  it('reports per category', () => {
    const r = highlightReport([
      { category: 'who', shown: true, correct: true, allCorrect: true },
      { category: 'when', shown: true, correct: false, allCorrect: false },
    ]);
    expect(r.highlightPrecision).toBe(0.5);
    expect(r.byCategory.who.highlightPrecision).toBe(1);
    expect(r.byCategory.when.highlightRecall).toBe(0);
    expect(r.byCategory.what.passages).toBe(0);
  });
});

describe('highlightCategory', () => {
  it('keeps typed questions and tells "which" + noun from a plain "what"', () => {
    expect(highlightCategory('who', 'Who built it?', 'en')).toBe('who');
    expect(highlightCategory('howmuch', 'How many people?', 'en')).toBe('howmuch');
    expect(highlightCategory('what', 'Which city hosted the games?', 'en')).toBe('which');
    expect(highlightCategory('what', 'What company built the bridge?', 'en')).toBe('which');
    expect(highlightCategory('what', 'What is the capital of France?', 'en')).toBe('what');
    expect(highlightCategory('what', 'Quelle ville a accueilli les jeux ?', 'fr')).toBe('which');
    expect(highlightCategory('what', 'Quel est le nom du pont ?', 'fr')).toBe('what');
    expect(highlightCategory('what', 'Qu’a-t-il construit ?', 'fr')).toBe('what');
    expect(highlightCategory('why', 'Why?', 'en')).toBe('other');
  });
});
