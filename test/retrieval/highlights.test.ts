/**
 * The answering span of each quote, through the real engine on the bundled corpus: dates for when, the
 * amount for how much, the name for who (the one playing the part the question asks for in the sentence:
 * the doer, the one acted upon, the one a preposition introduces).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import type { Answer } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

/** Every answer as sure, so that its spans are marked. */
const SURE = { confidence: { high: 0, low: 0 } };

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open({
    corpusDir: fileURLToPath(new URL('../../corpus', import.meta.url)),
    cacheDir: tempDir('highlights-'),
    logger: createLogger('silent'),
    // The span choice is tested on every answer: as sure, whatever the confidence tier (the closest-passage
    // tier marks no span; see test/retrieval/confidence.test.ts).
    retrieval: SURE,
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

describe('who-highlights follow the structure of the sentence', () => {
  // « Le 24 février 2026, lors d'une réunion tendue au Pentagone, Hegseth fixe un ultimatum à Dario Amodei »
  it('marks the subject of the verb for an active question, not the name a preposition introduces', () => {
    expect(marked(engine.ask("Qui a fixé l'ultimatum ?"))).toEqual(['Hegseth']);
    expect(marked(engine.ask('Who set the ultimatum?'))).toEqual(['Hegseth']);
    expect(marked(engine.ask('Who gave the ultimatum?'))).toEqual(['Hegseth']);
  });

  it('marks the doer for a question opened by « par » / "by"', () => {
    expect(marked(engine.ask("Par qui l'ultimatum a-t-il été fixé ?"))).toEqual(['Hegseth']);
    // « la startup fondée par Dario et Daniela Amodei »: the agent of a passive participle.
    expect(marked(engine.ask('By whom was Anthropic founded?'))).toEqual(['Dario et Daniela Amodei']);
    expect(marked(engine.ask('Par qui Anthropic a-t-elle été fondée ?'))).toEqual(['Dario et Daniela Amodei']);
  });

  it('marks the name the asked preposition introduces', () => {
    expect(marked(engine.ask('À qui Hegseth a-t-il fixé un ultimatum ?'))).toEqual(['Dario Amodei']);
    expect(marked(engine.ask('To whom did Hegseth give an ultimatum?'))).toEqual(['Dario Amodei']);
    // « après la rupture avec Anthropic, … a conclu un accord avec le Département de la Défense »
    expect(marked(engine.ask('Avec qui OpenAI a-t-il conclu un accord ?'))).toEqual(['Département de la Défense']);
  });

  it('marks the one acted upon for a passive or object question, and for a verb of receiving', () => {
    // « Emil Michael … n'hésite pas à qualifier Amodei de « menteur … » »
    expect(marked(engine.ask('Qui a été qualifié de menteur ?'))).toEqual(['Amodei']);
    expect(marked(engine.ask('Who was called a liar?'))).toEqual(['Amodei']);
    expect(marked(engine.ask('Whom did Emil Michael call a liar?'))).toEqual(['Amodei']);
    expect(marked(engine.ask('Who was given an ultimatum?'))).toEqual(['Dario Amodei']);
    expect(marked(engine.ask("Qui a reçu l'ultimatum ?"))).toEqual(['Dario Amodei']);
  });

  it('finds a subject that opens its sentence, and one in apposition after a title', () => {
    // « Trump ordonne via Truth Social aux agences fédérales … »: a capital that opens a sentence.
    expect(marked(engine.ask('Qui a ordonné aux agences fédérales de cesser tout commerce avec Anthropic ?'))).toEqual(['Trump']);
    // « le PDG d'OpenAI Sam Altman annonce que son entreprise a conclu un accord »
    expect(marked(engine.ask('Who announced a deal with the Department of Defense?'))).toEqual(['Sam Altman']);
  });

  it('takes the « par » phrase of the verb asked about, not of another verb of the sentence', () => {
    // « Anthropic publie une déclaration …, précisant que le nouveau libellé contractuel proposé par le Pentagone … »
    expect(marked(engine.ask('Qui a proposé le nouveau libellé contractuel ?'))).toEqual(['Pentagone']);
    expect(marked(engine.ask('Who published a statement on Thursday the 26th?'))).toEqual(['Anthropic']);
  });

  it('marks nothing when no name plays the part asked', () => {
    // « Des utilisateurs accusent OpenAI d'opportunisme, soulignant qu'Altman... »
    const a = engine.ask("Qui accuse OpenAI d'opportunisme ?");
    expect(a.answered).toBe(true);
    expect(marked(a)).toEqual([]);
  });

  it('reads English sentences the same way', async () => {
    const dir = tempDir('highlights-corpus-');
    writeFileSync(
      join(dir, 'bridge.md'),
      `---
id: bridge-story
title: "The bridge of Millbrook"
published: 2010-03-02
language: en
---
The old stone bridge of Millbrook was built in 1850 by the engineer Thomas Gray.
"We will never close this bridge," said Mayor Ellen Price in 1955.
Governor Paul Adams fired the bridge inspector Mark Hill after the 1963 flood.
`,
    );
    const en = await Engine.open({ corpusDir: dir, cacheDir: tempDir('highlights-'), logger: createLogger('silent'), retrieval: SURE });
    try {
      expect(marked(en.ask('Who built the bridge?'))).toEqual(['Thomas Gray']);
      expect(marked(en.ask('Qui a construit le pont ?'))).toEqual(['Thomas Gray']);
      expect(marked(en.ask('Who said the bridge would never close?'))).toEqual(['Mayor Ellen Price']);
      expect(marked(en.ask('Who fired the bridge inspector?'))).toEqual(['Governor Paul Adams']);
      expect(marked(en.ask('Who was fired after the flood?'))).toEqual(['Mark Hill']);
      expect(marked(en.ask("Qui a été licencié après l'inondation ?"))).toEqual(['Mark Hill']);
    } finally {
      await en.close();
    }
  });
});
