/**
 * Lemmatization before lexicon look-up, and the forms a question word is widened to, with the real
 * bundled lexicon.
 */
import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/lexicon/lexicon.js';
import { commonForms, englishInflections, irregularForms, lemmaCandidates } from '../../src/text/lemmas.js';
import { stem } from '../../src/text/analyze.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { DEFAULT_QUESTION } from '../../src/retrieval/options.js';

const lexicon = loadLexicon();
/** Every translation reached through a word's lemma candidates, as the question analysis looks them up. */
const translations = (word: string, lang: 'fr' | 'en') => lemmaCandidates(word, lang).flatMap((l) => lexicon.translate(l, lang));

describe('lemmaCandidates', () => {
  it('brings irregular French verb forms back to an infinitive the lexicon knows', () => {
    const cases: Record<string, string> = {
      fit: 'do',
      prit: 'take',
      mis: 'put',
      naquit: 'be born',
      vint: 'come',
      voulait: 'want',
      pu: 'be able to',
      su: 'know',
      dut: 'must',
      mourut: 'die',
      ecrivit: 'write',
      recut: 'receive',
      vecut: 'live',
    };
    for (const [form, english] of Object.entries(cases)) expect(translations(form, 'fr'), form).toContain(english);
    expect(lemmaCandidates('dit', 'fr')).toContain('dire');
    expect(lemmaCandidates('eu', 'fr')).toContain('avoir');
  });

  it('keeps the word itself first, and the regular guesses and noun rules', () => {
    expect(lemmaCandidates('fixees', 'fr')[0]).toBe('fixees');
    expect(lemmaCandidates('fixees', 'fr')).toContain('fixer');
    expect(lemmaCandidates('americaines', 'fr')).toContain('americain');
    expect(lemmaCandidates('chevaux', 'fr')).toContain('cheval');
    expect(translations('ordonne', 'fr')).toContain('order');
  });

  it('tries the passive entry of an English participle ("born" → "be born")', () => {
    expect(lemmaCandidates('born', 'en')).toContain('be born');
    expect(translations('born', 'en')).toContain('naitre');
    expect(lemmaCandidates('table', 'en')).not.toContain('be table');
  });
});

describe('irregularForms', () => {
  it('gives the forms a stemmer does not bring back to the base form', () => {
    expect([...irregularForms('write', 'en')].sort()).toEqual(['written', 'wrote']);
    expect(irregularForms('prendre', 'fr')).toEqual(expect.arrayContaining(['prend', 'prit', 'pris', 'prennent']));
    expect(irregularForms('rendre', 'fr')).toEqual(expect.arrayContaining(['rend', 'rendit', 'rendu']));
  });

  it('gives nothing for regular verbs, auxiliaries or other words', () => {
    expect(irregularForms('publier', 'fr')).toEqual([]);
    expect(irregularForms('avoir', 'fr')).toEqual([]);
    expect(irregularForms('etre', 'fr')).toEqual([]);
    expect(irregularForms('table', 'fr')).toEqual([]);
    expect(irregularForms('walk', 'en')).toEqual([]);
  });
});

describe('commonForms', () => {
  it('widens a rarer form to the frequent forms of its verb', () => {
    expect([...commonForms('vint', 'fr')].sort()).toEqual(['venir', 'venu', 'venue', 'venus', 'viennent', 'vient'].sort());
    expect(commonForms('mourut', 'fr')).toEqual(expect.arrayContaining(['mourir', 'meurt', 'mort']));
    expect(commonForms('wrote', 'en')).toEqual(['write']);
  });

  it('does not widen a frequent form, an auxiliary or an unknown word', () => {
    expect(commonForms('vient', 'fr')).toEqual([]);
    expect(commonForms('mort', 'fr')).toEqual([]);
    expect(commonForms('fut', 'fr')).toEqual([]);
    expect(commonForms('table', 'fr')).toEqual([]);
    expect(commonForms('write', 'en')).toEqual([]);
  });
});

describe('englishInflections', () => {
  it('gives the regular forms of the base a word may be, whatever form is asked', () => {
    expect(englishInflections('die')).toEqual(expect.arrayContaining(['died', 'dies', 'dying']));
    expect(englishInflections('died')).toEqual(expect.arrayContaining(['die', 'dies', 'dying']));
    expect(englishInflections('study')).toEqual(expect.arrayContaining(['studied', 'studies', 'studying']));
    expect(englishInflections('die')).not.toContain('die');
  });

  it('reaches the forms the stemmer keeps apart: a question asking "die" matches a passage saying "died"', () => {
    // the premise: the stemmer does not join them
    expect(stem('died', 'en')).not.toBe(stem('die', 'en'));
    // the forms an English passage can match (the French stem of the word is there for French passages)
    const english = (o = DEFAULT_QUESTION) =>
      parseQuestion('When did the inventor die?', NO_TRANSLATION, undefined, o)
        .concepts.find((c) => c.word === 'die')!
        .variants.filter((v) => v.lang !== 'fr')
        .map((v) => v.term);
    expect(english()).toContain(stem('died', 'en'));
    expect(english({ ...DEFAULT_QUESTION, inflection: 0 })).not.toContain(stem('died', 'en'));
  });
});
