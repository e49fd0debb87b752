/**
 * Question type → evidence: a how-long question prefers a passage holding a duration (an amount of time or a
 * range of years) over one with the same words and another kind of number.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { durationScore } from '../../src/retrieval/features.js';
import { DEFAULT_RANK } from '../../src/retrieval/options.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { rank } from '../../src/retrieval/rank.js';

const doc = (id: string, body: string, language: 'fr' | 'en') => ({ id, title: id, published: '2026-01-01', language, body, file: id, hash: id });

describe('how-long questions', () => {
  it('are recognized in both languages', () => {
    for (const q of ['How long did the siege last?', 'How many years did he reign?', 'For how many days was the bridge closed?'])
      expect(parseQuestion(q, NO_TRANSLATION).measure, q).toBe('duration');
    for (const q of ['Combien de temps a duré le siège ?', 'Pendant combien d’années a-t-il régné ?', 'Quelle est la durée du trajet ?'])
      expect(parseQuestion(q, NO_TRANSLATION).measure, q).toBe('duration');
    expect(parseQuestion('How many soldiers defended the city?', NO_TRANSLATION).measure).toBeUndefined();
    expect(parseQuestion('Combien coûte le billet ?', NO_TRANSLATION).measure).toBeUndefined();
  });

  it('score an amount of time or a range of years above another number', () => {
    const index = PassageIndex.build([
      doc('a', 'Le siège de la ville dura six mois.\nLe siège mobilisa 4 000 soldats.\nIl régna de 1321 à 1323.\nLa ville compte 12 églises.', 'fr'),
    ]);
    const score = (i: number) => durationScore(index.passages[i]!, index.text(index.passages[i]!), DEFAULT_RANK.type);
    const sentences = index.passages.map((p, i) => ({ i, p })).filter((x) => x.p.sentences === 1);
    const byText = (re: RegExp) => score(sentences.find((x) => re.test(index.text(x.p)))!.i);
    expect(byText(/six mois/)).toBe(1);
    expect(byText(/1321/)).toBe(1);
    expect(byText(/4 000 soldats/)).toBe(DEFAULT_RANK.type.digitsOnly);
  });

  it('rank the passage with the duration first among passages with the same words', () => {
    const index = PassageIndex.build([
      doc('a', 'The siege of the city took 4,000 soldiers.\nThe harbour is large.\nThe siege of the city took six months and many lives.', 'en'),
    ]);
    const q = parseQuestion('How long was the siege of the city?', NO_TRANSLATION);
    expect(index.text(rank(index, q)[0]!.passage)).toMatch(/six months and many lives/);
    // The same question read as any how-much question: both amounts count alike, the shorter passage wins.
    const { measure: _, ...anyAmount } = q;
    expect(index.text(rank(index, anyAmount)[0]!.passage)).toMatch(/4,000 soldiers/);
  });
});
