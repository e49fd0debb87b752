/**
 * The answering span of each quote, through the real engine on the bundled corpus and on a small English one.
 * Two engines: one with the shipped thresholds (what people see), one that always shows its most probable
 * span (what the scoring ranks first, whatever its confidence). The most probable span must be the answer —
 * the date, the amount, the person playing the part asked around the question's verb (the doer, the one acted
 * upon, the one a preposition introduces) — and a span that is shown must be that one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { HIGHLIGHT_GROUPS } from '../../src/retrieval/highlight.js';
import type { Answer } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

const corpusDir = fileURLToPath(new URL('../../corpus', import.meta.url));
/** Every answer as sure (the closest-passage tier marks no span; see test/retrieval/confidence.test.ts). */
const SURE = { confidence: { high: 0, low: 0 } };
/** And every group's threshold at 0: the most probable span is always shown. */
const ALWAYS = { ...SURE, highlight: { thresholds: Object.fromEntries(HIGHLIGHT_GROUPS.map((g) => [g, 0])) } };

let engine: Engine;
let always: Engine;
beforeAll(async () => {
  const logger = createLogger('silent');
  engine = await Engine.open({ corpusDir, cacheDir: tempDir('highlights-'), logger, retrieval: SURE });
  always = await Engine.open({ corpusDir, cacheDir: tempDir('highlights-'), logger, retrieval: ALWAYS });
});
afterAll(async () => {
  await engine.close();
  await always.close();
  cleanupTemps();
});

const marked = (a: Answer) => {
  const p = a.passages[0]!;
  return p.highlights.map((h) => p.text.slice(h.start, h.end));
};

/** Questions of the bundled article and the span that answers each. */
const BUNDLED: [string, string][] = [
  ['when was the ultimatum?', '24 février 2026'],
  ['Quand Anthropic a-t-elle publié sa déclaration ?', 'jeudi 26'],
  ['Combien vaut le contrat signé avec le DoD ?', '200 millions de dollars'],
  ["Qui est le PDG d'OpenAI ?", 'Sam Altman'],
  // Names joined by « et » stay together.
  ['Who founded Anthropic?', 'Dario et Daniela Amodei'],
  // The subject, not a word inside a quotation (« … de Dieu »).
  ['Who called Amodei a liar?', 'Emil Michael'],
  // « Le 24 février 2026, …, Hegseth fixe un ultimatum à Dario Amodei »: the subject of an active verb, not
  // the name a preposition introduces.
  ["Qui a fixé l'ultimatum ?", 'Hegseth'],
  ['Who set the ultimatum?', 'Hegseth'],
  ['Who gave the ultimatum?', 'Hegseth'],
  ["Par qui l'ultimatum a-t-il été fixé ?", 'Hegseth'],
  // « la startup fondée par Dario et Daniela Amodei »: the agent of a passive participle.
  ['By whom was Anthropic founded?', 'Dario et Daniela Amodei'],
  ['Par qui Anthropic a-t-elle été fondée ?', 'Dario et Daniela Amodei'],
  // The name the asked preposition introduces.
  ['À qui Hegseth a-t-il fixé un ultimatum ?', 'Dario Amodei'],
  ['To whom did Hegseth give an ultimatum?', 'Dario Amodei'],
  ['Avec qui OpenAI a-t-il conclu un accord ?', 'Département de la Défense'],
  // The one acted upon, for a passive or object question and for a verb of receiving.
  ['Qui a été qualifié de menteur ?', 'Amodei'],
  ['Who was called a liar?', 'Amodei'],
  ['Whom did Emil Michael call a liar?', 'Amodei'],
  ['Who was given an ultimatum?', 'Dario Amodei'],
  ["Qui a reçu l'ultimatum ?", 'Dario Amodei'],
  // A capital that opens a sentence (« Trump ordonne via Truth Social … »), a name in apposition after a title.
  ['Qui a ordonné aux agences fédérales de cesser tout commerce avec Anthropic ?', 'Trump'],
  ['Who announced a deal with the Department of Defense?', 'Sam Altman'],
  // The « par » phrase of the verb asked about, not of another verb of the sentence.
  ['Qui a proposé le nouveau libellé contractuel ?', 'Pentagone'],
  ['Who published a statement on Thursday the 26th?', 'Anthropic'],
];

describe('highlights on the bundled article', () => {
  it.each(BUNDLED)('%s → the most probable span is « %s »', (question, answer) => {
    expect(marked(always.ask(question))).toEqual([answer]);
  });

  it('shows a span only when it is probable enough, and then the right one', () => {
    const shown = BUNDLED.filter(([question, answer]) => {
      const m = marked(engine.ask(question));
      expect(m.length === 0 || (m.length === 1 && m[0] === answer), `${question} → ${m.join(', ')}`).toBe(true);
      return m.length > 0;
    }).map(([q]) => q);
    // The date, the amount, and the who-questions whose evidence is plain are shown. (« Avec qui OpenAI a-t-il
    // conclu un accord ? »: its most probable span is right — see above — at 0.62–0.64, under the who-threshold
    // that the held-out allocation chose, 0.661.)
    for (const q of [
      'when was the ultimatum?',
      'Combien vaut le contrat signé avec le DoD ?',
      "Qui est le PDG d'OpenAI ?",
      'Who founded Anthropic?',
      'À qui Hegseth a-t-il fixé un ultimatum ?',
      'Qui a proposé le nouveau libellé contractuel ?',
    ])
      expect(shown).toContain(q);
  });

  it('marks no name when none plays the part asked', () => {
    // « Des utilisateurs accusent OpenAI d'opportunisme, soulignant qu'Altman… »: Altman is no accuser; the
    // accusers are « des utilisateurs », a noun phrase, which the answer-type model lets a who-question mark.
    const a = always.ask("Qui accuse OpenAI d'opportunisme ?");
    expect(a.answered).toBe(true);
    expect(marked(a)).not.toContain('Altman');
    expect(marked(a)).toEqual(['utilisateurs']);
    expect(marked(engine.ask("Qui accuse OpenAI d'opportunisme ?"))).not.toContain('Altman');
  });

  it('marks nothing for a question that asks for no particular kind of span', () => {
    const a = engine.ask('Quelles sont les deux lignes rouges d’Anthropic ?');
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.highlights).toEqual([]);
    expect(engine.ask('Why did Trump order the agencies to stop?').passages[0]?.highlights ?? []).toEqual([]);
  });
});

describe('highlights read English sentences the same way', () => {
  it('marks the doer, the one acted upon, and the date', async () => {
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
      expect(marked(en.ask('When was the bridge built?'))).toEqual(['1850']);
    } finally {
      await en.close();
    }
  });
});
