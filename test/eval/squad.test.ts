/**
 * The public benchmark on a small SQuAD-format file: the corpus it makes (one document per article, one
 * line per paragraph), the rank of the question's own paragraph, and the JSON printed by `eval --squad`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSquad, runSquad } from '../../src/eval/squad.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { cleanupTemps, npmRun, tempDir } from '../cli/run.js';

afterAll(() => cleanupTemps());

const qa = (id: string, question: string, answer: string) => ({ id, question, answers: [{ text: answer, answer_start: 0 }] });
const squad = {
  version: 'test',
  data: [
    {
      title: 'Tour_Eiffel',
      paragraphs: [
        {
          context: 'La tour Eiffel est une tour de fer puddlé construite par Gustave Eiffel pour l’Exposition universelle de 1889.\nElle mesure 330 mètres.',
          qas: [qa('q1', 'Pour quelle exposition la tour de fer a-t-elle été construite ?', 'l’Exposition universelle de 1889')],
        },
        {
          context: 'Chaque année, près de sept millions de visiteurs montent au sommet de la tour.',
          qas: [
            qa('q2', 'Combien de visiteurs montent au sommet chaque année ?', 'sept millions'),
            // Written on this paragraph, answered by the first one: a hit only if the first is not counted.
            qa('q5', 'Qui a construit la tour de fer puddlé ?', 'Gustave Eiffel'),
          ],
        },
      ],
    },
    {
      title: 'Canal_du_Midi',
      paragraphs: [
        {
          context: 'Le canal du Midi relie Toulouse à la mer Méditerranée. Pierre-Paul Riquet en dirigea les travaux.',
          qas: [qa('q3', 'Qui dirigea les travaux du canal ?', 'Pierre-Paul Riquet'), qa('q4', 'Quel animal vit sur la Lune ?', 'aucun')],
        },
      ],
    },
  ],
};
const dir = tempDir('squad-');
const file = path.join(dir, 'mini-squad.json');
fs.writeFileSync(file, JSON.stringify(squad));

describe('readSquad', () => {
  it('makes one document per article with its contexts as paragraphs, one per line', () => {
    const set = readSquad(file);
    expect(set.language).toBe('fr');
    expect(set.documents.map((d) => d.title)).toEqual(['Tour Eiffel', 'Canal du Midi']);
    // A context's own line break does not split its paragraph.
    expect(set.documents[0]!.body.split('\n')).toHaveLength(2);
    expect(set.questions.map((q) => [q.id, q.doc, q.paragraph])).toEqual([
      ['q1', 'a0', 1],
      ['q2', 'a0', 2],
      ['q5', 'a0', 2],
      ['q3', 'a1', 1],
      ['q4', 'a1', 1],
    ]);
  });
});

describe('runSquad', () => {
  it('ranks each question against its own paragraph, not just its article', () => {
    const report = runSquad(readSquad(file), NO_TRANSLATION);
    const byId = Object.fromEntries(report.perQuestion.map((o) => [o.id, o]));
    expect(byId.q1!.rank).toBe(1);
    expect(byId.q2!.rank).toBe(1);
    expect(byId.q3!.rank).toBe(1);
    expect(byId.q3!.answerInTop1).toBe(true);
    // Nothing in the corpus speaks of the Moon: no passage is a hit.
    expect(byId.q4!.rank).toBeNull();
    expect(byId.q4!.answered).toBe(false);
    // The first paragraph of the same article answers q5 first; its own paragraph comes later.
    expect(byId.q5!.rank).toBeGreaterThan(1);
    expect(byId.q5!.answerInTop1).toBe(true);
    expect(report.questions).toBe(5);
    expect(report.recallAt1).toBeCloseTo(3 / 5);
  });

  it('judges the highlight of each right first passage and reports it per question category', () => {
    const report = runSquad(readSquad(file), NO_TRANSLATION);
    const byId = Object.fromEntries(report.perQuestion.map((o) => [o.id, o]));
    expect(byId.q3!.category).toBe('who');
    expect(byId.q2!.category).toBe('howmuch');
    expect(byId.q1!.category).toBe('which');
    // The who-question's name and the how-much amount are marked and right.
    expect(byId.q3!.highlighted).toEqual(['Pierre-Paul Riquet']);
    expect(byId.q3!.highlightCorrect).toBe(true);
    expect(byId.q2!.highlighted.join(' ')).toContain('sept millions');
    expect(byId.q2!.highlightCorrect).toBe(true);
    // A declined question has no right first passage: not judged.
    expect(byId.q4!.highlightCorrect).toBeUndefined();
    const right = report.perQuestion.filter((o) => o.highlightCorrect !== undefined);
    expect(report.highlightPassages).toBe(right.length);
    expect(report.highlightRecall).toBeCloseTo(right.filter((o) => o.highlightCorrect).length / right.length);
    expect(report.highlightByCategory.who).toMatchObject({ passages: 2, highlightShown: 1, highlightPrecision: 1, highlightRecall: 1 });
  });
});

describe('npm run eval -- --squad FILE --json', () => {
  it('prints the documented JSON object', { timeout: 60_000 }, async () => {
    const r = await npmRun('eval', ['--squad', file, '--json'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ questions: 5, recallAt1: 0.6 });
    expect(typeof out.answerInTop1).toBe('number');
    for (const k of ['highlightShown', 'highlightPrecision', 'highlightRecall']) expect(typeof out[k]).toBe('number');
    expect(Object.keys(out.highlightByCategory as object)).toEqual(['who', 'when', 'where', 'howmuch', 'which', 'what', 'other']);
    const per = out.perQuestion as { id: string; rank: number | null; answerInTop1: boolean; highlighted: string[] }[];
    expect(per.map((p) => p.id)).toEqual(['q1', 'q2', 'q5', 'q3', 'q4']);
    for (const p of per) {
      expect(p.rank === null || (Number.isInteger(p.rank) && p.rank >= 1 && p.rank <= 10)).toBe(true);
      expect(typeof p.answerInTop1).toBe('boolean');
      expect(Array.isArray(p.highlighted)).toBe(true);
    }
  });
});
