/**
 * Ranking mechanisms on a small built index: typo tolerance for words the index does not hold.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';
import { NO_TRANSLATION } from '../../src/retrieval/expand.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { rank } from '../../src/retrieval/rank.js';

const doc = (id: string, body: string) => ({
  id,
  title: id,
  published: '2026-01-01',
  language: 'fr' as const,
  body,
  file: `${id}.md`,
  hash: id,
});

const index = PassageIndex.build([
  doc('a', "Le fils aîné garde un esprit amer envers son frère.\nLa ville de Stutthof fut libérée le 9 mai 1945."),
  doc('b', "Le frère cadet revient après avoir dilapidé sa fortune.\nLa ville de Gdańsk est un grand port."),
]);
const top = (q: string, options = {}) => {
  const r = rank(index, parseQuestion(q, NO_TRANSLATION), options);
  return r[0] ? index.text(r[0].passage) : undefined;
};

describe('misspelt words', () => {
  it('finds the index forms one or two edits away, nearest first', () => {
    const similar = index.similarTerms('espirt', 2).map((s) => s.term);
    expect(similar[0]).toBe('esprit');
    expect(index.similarTerms('strutthof', 1)).toEqual([{ term: 'stutthof', distance: 1 }]);
  });

  it('answers a question with a misspelt word through the word it stands for', () => {
    expect(top("Quel est l'état d'espirt du frère ?")).toMatch(/esprit amer/);
    expect(top('Quand fut libérée la ville de Strutthof ?')).toMatch(/Stutthof/);
  });

  it('counts a misspelt match below the word itself', () => {
    const exact = rank(index, parseQuestion('Quand Stutthof fut libérée ?', NO_TRANSLATION))[0]!;
    const typo = rank(index, parseQuestion('Quand Strutthof fut libérée ?', NO_TRANSLATION))[0]!;
    expect(typo.passage).toEqual(exact.passage);
    expect(typo.coverage).toBeLessThan(exact.coverage);
  });

  it('can be turned off', () => {
    const r = rank(index, parseQuestion('Strutthof ?', NO_TRANSLATION), { fuzzyWeight: 0 });
    expect(r).toEqual([]);
    expect(top('Strutthof ?')).toMatch(/Stutthof/);
  });
});
