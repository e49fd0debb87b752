/**
 * The half-corpus benchmark: every other article indexed, each question asked once as answerable and once
 * as unanswerable, added question sets tied to the file's paragraphs, the summary under a model, the curve,
 * and `eval --squad FILE --unanswerable --json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSquad } from '../../src/eval/squad.js';
import { curve, halfCorpusRows, readExtraQuestions, summarize } from '../../src/eval/unanswerable.js';
import { DEFAULT_CONFIDENCE } from '../../src/retrieval/confidence.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { cleanupTemps, npmRun, tempDir } from '../cli/run.js';

afterAll(() => cleanupTemps());

const qa = (id: string, question: string, answer: string) => ({ id, question, answers: [{ text: answer, answer_start: 0 }] });
const article = (title: string, context: string, qas: ReturnType<typeof qa>[]) => ({ title, paragraphs: [{ context, qas }] });
const squad = {
  version: 'test',
  data: [
    article('Tour_Eiffel', 'La tour Eiffel, construite par Gustave Eiffel pour l’Exposition universelle de 1889, mesure 330 mètres.', [
      qa('e1', 'Qui a construit la tour Eiffel ?', 'Gustave Eiffel'),
    ]),
    article('Canal_du_Midi', 'Le canal du Midi relie Toulouse à la Méditerranée ; Pierre-Paul Riquet en dirigea les travaux dès 1666.', [
      qa('c1', 'Qui dirigea les travaux du canal du Midi ?', 'Pierre-Paul Riquet'),
    ]),
    article('Mont_Blanc', 'Le mont Blanc culmine à 4 806 mètres ; sa première ascension date du 8 août 1786.', [
      qa('m1', 'Quand eut lieu la première ascension du mont Blanc ?', '8 août 1786'),
    ]),
    article('Loire', 'La Loire est le plus long fleuve de France : elle coule sur 1 006 kilomètres jusqu’à l’Atlantique.', [
      qa('l1', 'Quelle est la longueur de la Loire ?', '1 006 kilomètres'),
    ]),
  ],
};
const dir = tempDir('unanswerable-');
const file = path.join(dir, 'mini.json');
fs.writeFileSync(file, JSON.stringify(squad));
const extraFile = path.join(dir, 'cross.json');
fs.writeFileSync(
  extraFile,
  JSON.stringify({ source: 'mini.json', language: 'en', questions: [{ id: 'x1', source: 'c1', question: 'Who led the works on the Canal du Midi?', answer: 'Pierre-Paul Riquet' }] }),
);

describe('halfCorpusRows', () => {
  const rows = halfCorpusRows(readSquad(file), [readExtraQuestions(extraFile)], NO_TRANSLATION);

  it('asks every question against each half: once answerable, once not', () => {
    expect(rows).toHaveLength(2 * 5);
    for (const id of ['e1', 'c1', 'm1', 'l1', 'x1']) {
      const mine = rows.filter((r) => r.id === id);
      expect(mine.map((r) => r.answerable).sort()).toEqual([false, true]);
    }
    // Articles 0 and 2 are indexed in the first half, 1 and 3 in the second.
    expect(rows.filter((r) => r.answerable).map((r) => [r.id, r.article])).toEqual(
      expect.arrayContaining([['e1', 0], ['m1', 2], ['c1', 1], ['l1', 3], ['x1', 1]]),
    );
  });

  it('finds the right passage first for answerable questions, never for unanswerable ones', () => {
    for (const r of rows.filter((x) => x.set === 'squad')) expect(r.rightFirst, r.id).toBe(r.answerable);
    expect(rows.filter((r) => r.set === 'cross').map((r) => r.set)).toHaveLength(2);
  });

  it('summarizes the tiers under a model, and the curve falls as the threshold rises', () => {
    const squadRows = rows.filter((r) => r.set === 'squad');
    const s = summarize(squadRows, DEFAULT_CONFIDENCE);
    expect(s.answerable.questions).toBe(4);
    expect(s.unanswerable.questions).toBe(4);
    expect(s.answerable.rightFirst).toBe(1);
    expect(s.answerable.high + s.answerable.low + s.answerable.declined).toBeCloseTo(1);
    expect(s.unanswerable.high + s.unanswerable.low + s.unanswerable.declined).toBeCloseTo(1);
    // At a zero threshold every question with a passage at all is answered as sure (here no unanswerable
    // one has any: their words are in no indexed article); nothing is above a threshold above 1.
    expect(summarize(squadRows, { ...DEFAULT_CONFIDENCE, high: 0, low: 0 }).answerable.high).toBe(1);
    expect(summarize(squadRows, { ...DEFAULT_CONFIDENCE, high: 0, low: 0 }).unanswerable.high).toBe(squadRows.filter((r) => !r.answerable && r.features).length / 4);
    expect(summarize(squadRows, { ...DEFAULT_CONFIDENCE, high: 1.1, low: 1.1 }).answerable.declined).toBe(1);
    const c = curve(squadRows);
    for (let i = 1; i < c.length; i++) {
      expect(c[i]!.answerableAbove).toBeLessThanOrEqual(c[i - 1]!.answerableAbove);
      expect(c[i]!.unanswerableAbove).toBeLessThanOrEqual(c[i - 1]!.unanswerableAbove);
    }
  });

  it('refuses an added question whose source question is not in the file', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ source: 'mini.json', language: 'en', questions: [{ id: 'z', source: 'nope', question: 'Why?', answer: 'x' }] }));
    expect(() => halfCorpusRows(readSquad(file), [readExtraQuestions(bad)], NO_TRANSLATION)).toThrow(/source question nope/);
  });
});

describe('npm run eval -- --squad FILE --unanswerable --json', () => {
  it('prints the model and the figures of each question set', async () => {
    const r = await npmRun('eval', ['--squad', file, '--unanswerable', '--questions', extraFile, '--json'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { model: { high: number }; sets: { set: string; summary: { answerable: { questions: number } }; curve: unknown[] }[] };
    expect(out.model.high).toBe(DEFAULT_CONFIDENCE.high);
    expect(out.sets.map((s) => [s.set, s.summary.answerable.questions])).toEqual([
      ['squad', 4],
      ['cross', 1],
    ]);
    expect(out.sets[0]!.curve).toHaveLength(19);
  }, 90_000);
});
