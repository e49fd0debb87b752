/**
 * The answer-type model of answer-types.ts: a question's type keys, a candidate's classes, the counts and
 * their smoothed log-ratios, and the shipped table's use by the span scorer.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/text/analyze.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import {
  AnswerTypeCounts,
  answerTypeKeys,
  EMPTY_ANSWER_TYPES,
  interrogativeForm,
  loadAnswerTypes,
  spanClasses,
  TYPE_FAMILIES,
  typeLogRatio,
  type TypedSpan,
} from '../../src/retrieval/answer-types.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { HIGHLIGHT_FEATURES, spanFeatures } from '../../src/retrieval/highlight.js';
import { PassageIndex } from '../../src/index/passage-index.js';
import { rank } from '../../src/retrieval/rank.js';
import type { Lang } from '../../src/types.js';

/** The classes of the first occurrence of `span` in `text`, read as a candidate of a kind. */
function classesOf(text: string, span: string, kind: TypedSpan['kind'], lang: Lang = 'fr') {
  const start = text.indexOf(span);
  return spanClasses({ start, end: start + span.length, kind }, text, tokenize(text, lang), lang);
}

describe('interrogativeForm and answerTypeKeys', () => {
  it('reads the preposition before the interrogative and the auxiliary after it', () => {
    expect(interrogativeForm('De quel pays vient-il ?', 'fr')).toBe('de-quel');
    expect(interrogativeForm("Qu'est-ce que l'Ouadia ?", 'fr')).toBe('qu-est');
    expect(interrogativeForm('What is the capital of France?', 'en')).toBe('what-is');
    expect(interrogativeForm('In which year did it open?', 'en')).toBe('in-which');
    expect(interrogativeForm('Tell me about it', 'en')).toBe('none');
  });

  it('chains the keys from the head noun to the group', () => {
    const q = parseQuestion('Quelle ville les Portugais conquièrent-ils ?', NO_TRANSLATION);
    const keys = answerTypeKeys(q, 'which');
    expect(keys[0]).toMatch(/^which\|h:vill/);
    expect(keys.slice(1)).toEqual(['which|w:quelle', 'which|fr', 'which']);
    // No head noun: no head key.
    expect(answerTypeKeys(parseQuestion('Que produit Du Bosc ?', NO_TRANSLATION), 'what')).toEqual(['what|w:que', 'what|fr', 'what']);
  });

  it('adds the part a who-question asks around its verb', () => {
    const keys = (text: string) => {
      const q = parseQuestion(text, NO_TRANSLATION);
      return answerTypeKeys(q, 'who', q.role);
    };
    expect(keys('Who founded Anthropic?')[0]).toBe('who|r:agent');
    expect(keys("À qui Hegseth a-t-il fixé un ultimatum ?")[0]).toBe('who|r:prep-a');
    expect(keys('Who was fired after the flood?')[0]).toBe('who|r:patient');
  });
});

describe('spanClasses', () => {
  it('tells the shapes of dates, amounts, numbers, names and phrases', () => {
    expect(classesOf('Il est né en 1857 à Paris.', '1857', 'date').shape).toBe('date:year');
    expect(classesOf('Il est né le 3 juillet 1857 à Paris.', '3 juillet 1857', 'date').shape).toBe('date:day');
    expect(classesOf('Les prix ont monté de 12 % cette année.', '12 %', 'amount').shape).toBe('amount:pct');
    expect(classesOf('Il a payé 300 euros.', '300 euros', 'amount').shape).toBe('amount:money');
    expect(classesOf('Le général Bugeaud remporte la bataille.', 'Bugeaud', 'name').shape).toBe('name:title');
    expect(classesOf('Elle rencontre Jean Paul Sartre.', 'Jean Paul Sartre', 'name').shape).toBe('name:3');
    expect(classesOf("Il rejoint l'ONU en 1950.", 'ONU', 'name').shape).toBe('name:acronym');
    const start = 'un complexe de Dieu'.indexOf('Dieu');
    expect(spanClasses({ start, end: start + 4, kind: 'name', common: true }, 'un complexe de Dieu', tokenize('un complexe de Dieu', 'fr'), 'fr').shape).toBe('name:common');
    expect(classesOf('Il joue de la musique traditionnelle.', 'musique traditionnelle', 'phrase').shape).toBe('phrase:2:det');
  });

  it('reads the word before and the head', () => {
    const c = classesOf('Le royaume passe sous la domination des Ottomans, puis de la ville de Ceuta.', 'Ceuta', 'name');
    expect(c.prev).toBe('fr:de');
    // The noun a name follows, over « de »: what it names.
    expect(c.head).toBe(`n:${tokenize('ville', 'fr')[0]!.term}`);
    expect(classesOf('Ils arrivent enfin, et Ceuta tombe.', 'Ceuta', 'name').head).toBe('n');
    const b = classesOf('Le général Bugeaud remporte la bataille.', 'Bugeaud', 'name');
    expect(b.head).toBe(`n:${tokenize('général', 'fr')[0]!.term}`);
    expect(classesOf('Vladimir Choukhov, architecte, construit la tour.', 'architecte', 'phrase')).toMatchObject({ prev: 'p,', head: tokenize('architecte', 'fr')[0]!.term });
    // « à » folds to "a": each language's words are told apart.
    expect(classesOf('Il fixe un ultimatum à Dario Amodei.', 'Dario Amodei', 'name').prev).toBe('fr:a');
    expect(classesOf('He was given a Nobel Prize.', 'Nobel Prize', 'name', 'en').prev).toBe('en:a');
    // English phrases are headed by their last word, French ones by their first.
    expect(classesOf('It was a string instrument.', 'string instrument', 'phrase', 'en').head).toBe(tokenize('instrument', 'en')[0]!.term);
    expect(classesOf('Les Ottomans disposent de 20 000 hommes.', '20 000', 'number').head).toBe(`#${tokenize('hommes', 'fr')[0]!.term}`);
  });

  it('reads the shape and head of a clause stretch', () => {
    const clause = classesOf('La ville est située au bord de la mer Noire.', 'située au bord de la mer Noire', 'clause');
    expect(clause.shape).toBe('clause:4:cap');
    expect(clause.head).toBe(tokenize('située', 'fr')[0]!.term);
  });
});

describe('AnswerTypeCounts and typeLogRatio', () => {
  const cls = (shape: string) => ({ shape, prev: 'w', head: '-' });
  // Under "which|h:year" the answer is always the year among a year, a name and a phrase; under "which|h:city"
  // always the name.
  const counts = new AnswerTypeCounts();
  for (let i = 0; i < 20; i++) {
    counts.add(['which|h:year', 'which'], [cls('date:year'), cls('name:1'), cls('phrase:1')], [true, false, false]);
    counts.add(['which|h:city', 'which'], [cls('date:year'), cls('name:1'), cls('phrase:1')], [false, true, false]);
  }
  counts.add(['which|h:none', 'which'], [cls('phrase:1')], [false]); // no answer among them: not counted
  const table = counts.table();

  it('gives a class asked by the key a positive log-ratio and the others a negative one', () => {
    expect(typeLogRatio(table, 'shape', ['which|h:year', 'which'], 'date:year')).toBeGreaterThan(0.8);
    expect(typeLogRatio(table, 'shape', ['which|h:year', 'which'], 'name:1')).toBeLessThan(-0.8);
    expect(typeLogRatio(table, 'shape', ['which|h:city', 'which'], 'name:1')).toBeGreaterThan(0.8);
    expect(typeLogRatio(table, 'shape', ['which|h:city', 'which'], 'phrase:1')).toBeLessThan(-0.8);
  });

  it('backs off to the parent key for an unseen head noun, and to 0 for unknown keys', () => {
    // Years and names were each the answer half the time at the group level, phrases never.
    const unseen = ['which|h:river', 'which'];
    expect(typeLogRatio(table, 'shape', unseen, 'phrase:1')).toBeLessThan(-0.5);
    expect(Math.abs(typeLogRatio(table, 'shape', unseen, 'date:year') - typeLogRatio(table, 'shape', unseen, 'name:1'))).toBeLessThan(0.05);
    expect(typeLogRatio(table, 'shape', ['who'], 'name:1')).toBe(0);
    expect(typeLogRatio(EMPTY_ANSWER_TYPES, 'shape', unseen, 'name:1')).toBe(0);
  });

  it('keeps a smoothed estimate: a few questions under a key move it less than many', () => {
    const few = new AnswerTypeCounts();
    for (let i = 0; i < 20; i++) few.add(['which|h:a', 'which'], [cls('x'), cls('y')], [i % 2 === 0, i % 2 === 1]);
    few.add(['which|h:b', 'which'], [cls('x'), cls('y')], [true, false]);
    for (let i = 0; i < 10; i++) few.add(['which|h:c', 'which'], [cls('x'), cls('y')], [true, false]);
    const t = few.table();
    const one = typeLogRatio(t, 'shape', ['which|h:b', 'which'], 'x');
    const ten = typeLogRatio(t, 'shape', ['which|h:c', 'which'], 'x');
    expect(one).toBeGreaterThan(0);
    expect(ten).toBeGreaterThan(one);
  });
});

describe('the type features of the span scorer', () => {
  const body = 'Les Portugais conquièrent la ville de Ceuta en 1415 avec une petite flotte.';
  const index = PassageIndex.build([{ id: 'd', title: 'Article', published: '2020-01-01', language: 'fr', body, file: 'd.md', hash: 'd' }]);
  const q = parseQuestion('Quelle ville les Portugais conquièrent-ils ?', NO_TRANSLATION);
  const c = rank(index, q)[0]!;
  const text = index.readText(c.passage);
  const column = (name: (typeof HIGHLIGHT_FEATURES)[number]) => HIGHLIGHT_FEATURES.indexOf(name);

  it('reads each candidate\'s log-ratios from the table it is given', () => {
    const empty = spanFeatures(c, q, text, {}, 'which', undefined, EMPTY_ANSWER_TYPES);
    const at = (s: string) => empty.candidates.findIndex((k) => text.slice(k.start, k.end) === s);
    expect(at('Ceuta')).toBeGreaterThanOrEqual(0);
    expect(at('1415')).toBeGreaterThanOrEqual(0);
    expect(empty.features.every((x) => x[column('typeShape')] === 0 && x[column('typeHead')] === 0)).toBe(true);
    // A table where the answer of this question's keys was always the name, never the year.
    const counts = new AnswerTypeCounts();
    for (let i = 0; i < 10; i++) counts.add(empty.keys, empty.classes, empty.candidates.map((k) => k.kind === 'name' && text.slice(k.start, k.end) === 'Ceuta'));
    const typed = spanFeatures(c, q, text, {}, 'which', undefined, counts.table());
    expect(typed.features[at('Ceuta')]![column('typeShape')]).toBeGreaterThan(0);
    expect(typed.features[at('1415')]![column('typeShape')]).toBeLessThan(0);
    expect(typed.classes[at('Ceuta')]!.prev).toBe('fr:de');
  });
});

describe('the shipped table', () => {
  it('is read from data/answer-types.json with every family', () => {
    const t = loadAnswerTypes();
    for (const f of TYPE_FAMILIES) expect(typeof t.families[f]).toBe('object');
    expect(t.alpha).toBeGreaterThan(0);
  });
});
