/**
 * The answering span of each quote, through the real engine on the bundled corpus: dates for when, the
 * amount for how much, the name for who (the subject rather than a word of the question or a quoted word).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import type { Answer } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open({
    corpusDir: fileURLToPath(new URL('../../corpus', import.meta.url)),
    cacheDir: tempDir('highlights-'),
    logger: createLogger('silent'),
  });
});
afterAll(async () => {
  await engine.close();
  cleanupTemps();
});

const marked = (a: Answer) => {
  const p = a.passages[0]!;
  return p.highlights.map((h) => p.text.slice(h.start, h.end));
};

describe('highlights', () => {
  it('marks the dates of a when-question', () => {
    expect(marked(engine.ask('when was the ultimatum?'))).toEqual(['24 février 2026', '17h01 le vendredi 27 février']);
  });

  it('marks the amount of a how-much question', () => {
    expect(marked(engine.ask('Combien vaut le contrat signé avec le DoD ?'))).toEqual(['200 millions de dollars']);
  });

  it('marks the person, not the company asked about', () => {
    expect(marked(engine.ask("Qui est le PDG d'OpenAI ?"))).toEqual(['Sam Altman']);
  });

  it('keeps names joined by « et » together', () => {
    expect(marked(engine.ask('Who founded Anthropic?'))).toEqual(['Dario et Daniela Amodei']);
  });

  it('prefers the subject to a word inside a quotation', () => {
    expect(marked(engine.ask('Who called Amodei a liar?'))).toEqual(['Emil Michael']);
  });

  it('marks nothing for a question that asks for no particular kind of span', () => {
    const a = engine.ask('Quelles sont les deux lignes rouges d’Anthropic ?');
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.highlights).toEqual([]);
  });
});
