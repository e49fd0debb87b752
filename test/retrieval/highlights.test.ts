/**
 * The answering span of each quote (src/retrieval/answer.ts and roles.ts), through the real engine: each
 * mechanism on synthetic sentences written for it (dates for when, the amount for how much, the name
 * playing the part a who-question asks for: the doer, the one acted upon, the one a preposition
 * introduces), and a few smoke checks on the bundled article. Highlight quality on real questions is
 * tracked by the evaluation figures, not pinned here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import type { Answer } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

const SYNTHETIC = `---
id: norvex
title: "La crise de Norvex"
published: 2024-06-10
language: fr
---
La société Norvex a été fondée par Marc et Julie Berthier en 2012 à Lyon.

Le 3 mai 2024, lors d'une réunion au ministère, Durand fixe un délai à Claire Simon : répondre avant le vendredi 10 mai.

Le contrat signé avec la région vaut 40 millions d'euros.

Le PDG de Norvex, Paul Lambert, annonce que la société quittera Lyon.

Le ministre Jean Lefort n'hésite pas à qualifier Lambert de « menteur qui se prend pour Dieu ».

Des habitants accusent Norvex de négligence, soulignant que Lambert n'a rien dit.

Après la rupture avec Norvex, la société Alcor a conclu un accord avec le Département de la Santé.
`;

/** Every answer as sure, so that its spans are marked. */
const SURE = { confidence: { high: 0, low: 0 } };

let engine: Engine;
let article: Engine;
beforeAll(async () => {
  const dir = tempDir('highlights-corpus-');
  writeFileSync(join(dir, 'norvex.md'), SYNTHETIC);
  engine = await Engine.open({ corpusDir: dir, cacheDir: null, logger: createLogger('silent'), watchMs: 0, useWorker: false });
  article = await Engine.open({
    corpusDir: fileURLToPath(new URL('../../corpus', import.meta.url)),
    cacheDir: tempDir('highlights-'),
    logger: createLogger('silent'),
    watchMs: 0,
    // The span choice is tested on every answer: as sure, whatever the confidence tier (the closest-passage
    // tier marks no span; see test/retrieval/confidence.test.ts).
    retrieval: SURE,
  });
});
afterAll(async () => {
  await engine.close();
  await article.close();
  cleanupTemps();
});

const marked = (a: Answer) => {
  const p = a.passages[0]!;
  return p.highlights.map((h) => p.text.slice(h.start, h.end));
};

describe('highlights by question type', () => {
  it('marks the dates of a when-question', () => {
    expect(marked(engine.ask('Quand le délai a-t-il été fixé ?'))).toEqual(['3 mai 2024', 'vendredi 10 mai']);
  });

  it('marks the other dates when the question names one of them', () => {
    expect(marked(engine.ask('Quand faut-il répondre au délai fixé le 3 mai 2024 ?'))).toEqual(['vendredi 10 mai']);
  });

  it('marks the amount of a how-much question', () => {
    expect(marked(engine.ask('Combien vaut le contrat signé avec la région ?'))).toEqual(["40 millions d'euros"]);
  });

  it('marks the person, not the company asked about', () => {
    expect(marked(engine.ask('Qui est le PDG de Norvex ?'))).toEqual(['Paul Lambert']);
  });

  it('keeps names joined by « et » together', () => {
    expect(marked(engine.ask('Who founded Norvex?'))).toEqual(['Marc et Julie Berthier']);
  });

  it('prefers the subject to a word inside a quotation', () => {
    // « Le ministre Jean Lefort n'hésite pas à qualifier Lambert de « menteur qui se prend pour Dieu » »
    expect(marked(engine.ask('Who called Lambert a liar?'))).toEqual(['Jean Lefort']);
  });

  it('marks nothing for a question that asks for no particular kind of span', () => {
    const a = engine.ask("Qu'est-ce que la société quittera ?");
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.highlights).toEqual([]);
  });
});

describe('who-highlights follow the structure of the sentence', () => {
  // « Le 3 mai 2024, lors d'une réunion au ministère, Durand fixe un délai à Claire Simon »
  it('marks the subject of the verb for an active question, not the name a preposition introduces', () => {
    expect(marked(engine.ask('Qui a fixé le délai ?'))).toEqual(['Durand']);
  });

  it('marks the doer for a question opened by « par »: the agent of a passive participle', () => {
    expect(marked(engine.ask('Par qui Norvex a-t-elle été fondée ?'))).toEqual(['Marc et Julie Berthier']);
  });

  it('marks the name the asked preposition introduces', () => {
    expect(marked(engine.ask('À qui Durand a-t-il fixé un délai ?'))).toEqual(['Claire Simon']);
    // « Après la rupture avec Norvex, la société Alcor a conclu un accord avec le Département de la Santé »
    expect(marked(engine.ask('Avec qui Alcor a-t-elle conclu un accord ?'))).toEqual(['Département de la Santé']);
  });

  it('marks the one acted upon for a passive question, and for a verb of receiving', () => {
    expect(marked(engine.ask('Qui a été qualifié de menteur ?'))).toEqual(['Lambert']);
    expect(marked(engine.ask('Qui a reçu le délai ?'))).toEqual(['Claire Simon']);
  });

  it('marks nothing when no name plays the part asked', () => {
    // « Des habitants accusent Norvex de négligence, soulignant que Lambert n'a rien dit. »
    const a = engine.ask('Qui accuse Norvex de négligence ?');
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
    const en = await Engine.open({ corpusDir: dir, cacheDir: null, logger: createLogger('silent'), watchMs: 0, useWorker: false, retrieval: SURE });
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

describe('smoke checks on the bundled article', () => {
  it('marks the dates of the ultimatum, the amount of the contract and who set the ultimatum', () => {
    expect(marked(article.ask('when was the ultimatum?'))).toEqual(['24 février 2026', '17h01 le vendredi 27 février']);
    expect(marked(article.ask('Combien vaut le contrat signé avec le DoD ?'))).toEqual(['200 millions de dollars']);
    expect(marked(article.ask("Qui a fixé l'ultimatum ?"))).toEqual(['Hegseth']);
  });
});
