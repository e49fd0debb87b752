/**
 * Derivational morphology: cognates across English and French, and a noun's verb (and a verb's nouns) within
 * a language; and the question variants they give, which reach a passage that says it otherwise.
 */
import { describe, expect, it } from 'vitest';
import { cognates, nounVerbForms } from '../../src/lexicon/derivation.js';
import { PassageIndex } from '../../src/index/passage-index.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { DEFAULT_QUESTION } from '../../src/retrieval/options.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { rank } from '../../src/retrieval/rank.js';

describe('cognates', () => {
  it('gives the regular counterpart of a learned word in the other language', () => {
    expect(cognates('orientalisme', 'fr')).toEqual(['orientalism']);
    expect(cognates('magnétique', 'fr')).toEqual(['magnetic', 'magnetical']);
    expect(cognates('révolutionnaire', 'fr')).toEqual(['revolutionary']);
    expect(cognates('identité', 'fr')).toEqual(['identity']);
    expect(cognates('indicateur', 'fr')).toEqual(['indicator']);
    expect(cognates('traditionnelle', 'fr')).toEqual(['traditional']);
    expect(cognates('sedimentary', 'en')).toEqual(['sedimentaire']);
    expect(cognates('identity', 'en')).toEqual(['identité']);
    expect(cognates('evolutionists', 'en')).toEqual(['evolutionnistes']);
  });

  it('leaves short words and words with no known suffix alone', () => {
    expect(cognates('car', 'en')).toEqual([]);
    expect(cognates('maison', 'fr')).toEqual([]);
    expect(cognates('pomme-de', 'fr')).toEqual([]);
  });
});

describe('nounVerbForms', () => {
  it('reads a noun as its verb, in both languages', () => {
    expect(nounVerbForms('décision', 'fr')).toEqual(['décider']);
    expect(nounVerbForms('signature', 'fr')).toEqual(['signer']);
    expect(nounVerbForms('publication', 'fr')).toEqual(['publier']);
    expect(nounVerbForms('decision', 'en')).toEqual(['decide']);
    expect(nounVerbForms('announcement', 'en')).toEqual(['announce']);
  });

  it('reads a verb as its nouns', () => {
    expect(nounVerbForms('décider', 'fr')).toEqual(['décision']);
    expect(nounVerbForms('annoncer', 'fr')).toContain('annoncement');
    expect(nounVerbForms('decide', 'en')).toEqual(['decision']);
    expect(nounVerbForms('announce', 'en')).toContain('announcement');
  });
});

describe('question variants', () => {
  const doc = (id: string, body: string, language: 'fr' | 'en') => ({ id, title: id, published: '2026-01-01', language, body, file: id, hash: id });

  it('lets a noun of the question reach the verb of the passage', () => {
    const index = PassageIndex.build([doc('a', 'The committee decided to close the old school in the spring.\nThe committee met the parents of the school in the spring.', 'en')]);
    const top = (nounVerb: number) => {
      const r = rank(index, parseQuestion("What was the committee's decision about the school?", NO_TRANSLATION, undefined, { ...DEFAULT_QUESTION, cognate: 0, nounVerb, translatedNounVerb: 0 }));
      return index.text(r[0]!.passage);
    };
    expect(top(0.6)).toMatch(/decided/);
    expect(top(0)).toMatch(/met the parents/);
  });

  it('lets a French learned word reach its English cognate with no lexicon at all', () => {
    const index = PassageIndex.build([
      doc('a', 'Orientalism, as theorized by Edward Said, refers to an imaginative geography.', 'en'),
      doc('b', 'Geography is the study of places and of the relations between people and places.', 'en'),
    ]);
    const q = parseQuestion("Qui a théorisé l'orientalisme ?", NO_TRANSLATION);
    const on = rank(index, q)[0]!;
    expect(index.text(on.passage)).toMatch(/Edward Said/);
    const off = parseQuestion("Qui a théorisé l'orientalisme ?", NO_TRANSLATION, undefined, { ...DEFAULT_QUESTION, cognate: 0, nounVerb: 0, translatedNounVerb: 0 });
    expect(on.coverage).toBeGreaterThan((rank(index, off)[0]?.coverage ?? 0) + 0.2);
  });
});
