/**
 * Question analysis (src/retrieval/question.ts): language, type, concepts with their forms, names,
 * head words, dates and the asked role, on synthetic questions, with and without a translator.
 */
import { describe, expect, it } from 'vitest';
import { NO_TRANSLATION, type Translator } from '../../src/lexicon/translator.js';
import { DEFAULT_QUESTION } from '../../src/retrieval/options.js';
import { stem } from '../../src/text/analyze.js';
import { parseQuestion, questionType } from '../../src/retrieval/question.js';

const dictionary: Translator = {
  translate: (word, from) => (from === 'en' && word === 'harbour' ? ['port'] : from === 'fr' && word === 'port' ? ['harbour'] : []),
  matchPhrases: () => [],
};

describe('parseQuestion', () => {
  it('detects the language and the type', () => {
    expect(parseQuestion('Quand le port a-t-il fermé ?', NO_TRANSLATION)).toMatchObject({ lang: 'fr', type: 'when' });
    expect(parseQuestion('How many ships left the harbour?', NO_TRANSLATION)).toMatchObject({ lang: 'en', type: 'howmuch' });
    expect(questionType('qui a signé ?', 'fr')).toBe('who');
    // « ou » without its accent is "or", not "where"
    expect(questionType('le port ou la gare ?', 'fr')).not.toBe('where');
    expect(questionType('dans quelle ville est le port ?', 'fr')).toBe('where');
    // « où » ends in a letter outside ASCII: its edges are Unicode-aware (an ASCII \b never matched it)
    expect(questionType('Où le port a-t-il été construit ?', 'fr')).toBe('where');
    expect(questionType('Le port a été construit où ?', 'fr')).toBe('where');
    expect(questionType("D'où vient le charbon du port ?", 'fr')).toBe('where');
    expect(questionType('Où'.normalize('NFD') + ' est le port ?', 'fr')).toBe('where');
  });

  it('reads questions as people type them in a chat: no accent, no hyphen, elisions, imperatives', () => {
    // « ou » opening a question is « où » typed without its accent (no question opens with "or")
    expect(questionType('Ou se situe le port ?', 'fr')).toBe('where');
    expect(questionType('ou habite t il?', 'fr')).toBe('where');
    expect(questionType('Ou bien le port, ou bien la gare ?', 'fr')).not.toBe('where');
    // an elided « que » opening the question, with or without the hyphen of « est-ce »
    expect(questionType("Qu'est ce qui a fermé le port ?", 'fr')).toBe('what');
    expect(questionType('Qu’a construit la ville ?', 'fr')).toBe('what');
    expect(questionType("Qu'utilisent les dockers ?", 'fr')).toBe('what');
    expect(questionType("Lorsqu'il pleut, le port ferme-t-il ?", 'fr')).not.toBe('what');
    // an imperative asking to name something
    expect(questionType('Citez un port de la Manche.', 'fr')).toBe('what');
    expect(questionType('Donne-t-il son accord ?', 'fr')).not.toBe('what');
    expect(questionType('Name a port of the Channel.', 'en')).toBe('what');
    // measures beyond much/many/long
    expect(questionType('How fast were the winds?', 'en')).toBe('howmuch');
    expect(questionType('How deep is the harbour?', 'en')).toBe('howmuch');
  });

  it('keeps content words as concepts, leaves out the words that only say what is asked', () => {
    const q = parseQuestion('When did the harbour close?', NO_TRANSLATION);
    expect(q.concepts.map((c) => c.word)).toEqual(['harbour', 'close']);
  });

  it('adds translations below the word itself, and names below ordinary words', () => {
    const q = parseQuestion('When did the harbour close?', dictionary);
    const harbour = q.concepts.find((c) => c.word === 'harbour')!;
    // its own form first (written alike in both languages, it matches passages of either)
    expect(harbour.variants[0]).toEqual({ term: 'harbour', weight: 1 });
    expect(harbour.variants).toContainEqual({ term: 'port', weight: DEFAULT_QUESTION.translation, lang: 'fr' });
    const custom = parseQuestion('When did the harbour close?', dictionary, undefined, { ...DEFAULT_QUESTION, translation: 0.3 });
    expect(custom.concepts[0]!.variants).toContainEqual({ term: 'port', weight: 0.3, lang: 'fr' });
  });

  it('tells names by their capitals, except in a shouted question', () => {
    expect(parseQuestion('When did Norvex close the harbour?', NO_TRANSLATION).concepts.find((c) => c.word === 'norvex')?.name).toBe(true);
    expect(parseQuestion('WHEN DID NORVEX CLOSE THE HARBOUR?', NO_TRANSLATION).concepts.every((c) => !c.name)).toBe(true);
  });

  it('marks the head word and the kind of answer it announces', () => {
    const q = parseQuestion('Dans quelle ville Norvex est-elle née ?', NO_TRANSLATION);
    expect(q.answerKind).toBe('place');
    expect(q.concepts.find((c) => c.word === 'ville')?.head).toBe(true);
  });

  it('reads the dates of the question, with or without their year, against the reference', () => {
    const q = parseQuestion('What happened on 2 March 2026?', NO_TRANSLATION);
    expect(q.dates).toEqual([expect.objectContaining({ iso: '2026-03-02', yearKnown: true })]);
    const noYear = parseQuestion('What happened on March 2?', NO_TRANSLATION, '2026-06-01');
    expect(noYear.dates).toEqual([expect.objectContaining({ iso: '2026-03-02', yearKnown: false })]);
    // the date's words are not concepts
    expect(q.concepts.map((c) => c.word)).not.toContain('march');
  });

  it('reads the part a who-question asks for, with its verb', () => {
    expect(parseQuestion('Qui a fixé le délai ?', NO_TRANSLATION).role).toMatchObject({ kind: 'agent', verb: expect.objectContaining({ word: 'fixe' }) });
    expect(parseQuestion('À qui Durand a-t-il fixé un délai ?', NO_TRANSLATION).role).toMatchObject({ kind: 'prep', prep: 'a' });
    expect(parseQuestion('Who was fired?', NO_TRANSLATION).role).toMatchObject({ kind: 'patient' });
    expect(parseQuestion('When did it close?', NO_TRANSLATION).role).toBeUndefined();
  });
});

describe('numbers in words and figures', () => {
  const terms = (q: string, word: string, o = DEFAULT_QUESTION) => parseQuestion(q, NO_TRANSLATION, undefined, o).concepts.find((c) => c.word === word)?.variants.map((v) => v.term) ?? [];

  it('a number asked in words also matches its figures, and the reverse in both languages', () => {
    expect(terms('Who had five sacks in nine games?', 'five')).toContain('5');
    expect(terms('Who had five sacks in nine games?', 'nine')).toContain('9');
    expect(terms('Combien de buts en douze matchs ?', 'douze')).toContain('12');
    expect(terms('Who had 5 sacks?', '5')).toEqual(expect.arrayContaining(['five', 'cinq']));
    expect(terms('Who had 40 sacks?', '40')).toEqual(expect.arrayContaining([stem('forty', 'en'), stem('quarante', 'fr')]));
  });

  it('leaves other words and numbers alone, and can be turned off', () => {
    expect(terms('Who had 250 sacks?', '250')).toEqual(['250']);
    expect(terms('Who had five sacks?', 'sacks').some((t) => /^\d+$/.test(t))).toBe(false);
    expect(terms('Who had five sacks?', 'five', { ...DEFAULT_QUESTION, numberWord: 0 })).not.toContain('5');
  });
});
