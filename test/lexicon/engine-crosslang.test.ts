/**
 * End-to-end: the real engine on the real corpus answers English questions from the French article
 * through the bundled lexicon and the corpus glossary; French questions reach an English document;
 * glossary edits and glossary errors go through refresh and status.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import type { Answer } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

const CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
afterAll(cleanupTemps);

const logger = createLogger('silent');
const best = (a: Answer): string => a.passages[0]?.text ?? '';

describe('cross-language answers with the real engine', () => {
  it('answers English questions from the French article of the bundled corpus', async () => {
    const engine = await Engine.open({ corpusDir: CORPUS, cacheDir: tempDir('lexcache-'), logger });
    expect(engine.status().rejected.filter((r) => r.file === 'glossary.yml')).toEqual([]);

    const contract = await engine.ask('When did Anthropic sign a contract with the Department of Defense?');
    expect(contract.language).toBe('en');
    expect(contract.answered).toBe(true);
    expect(best(contract)).toContain('Tout commence en juillet 2025');

    const outage = await engine.ask('When was the outage?');
    expect(outage.answered).toBe(true);
    expect(best(outage)).toContain('la panne du 2 mars 2026');

    const ceo = await engine.ask('Who is the CEO of OpenAI?');
    expect(ceo.answered).toBe(true);
    expect(best(ceo)).toContain("le PDG d'OpenAI Sam Altman");

    const risk = await engine.ask('Which company was designated a supply chain risk?');
    expect(risk.answered).toBe(true);
    expect(risk.passages.some((p) => p.text.includes("risque pour la chaîne d'approvisionnement"))).toBe(true);

    const ultimatum = await engine.ask('What ultimatum did Hegseth give?');
    expect(best(ultimatum)).toContain('Hegseth fixe un ultimatum');
  });

  it('answers French questions from an English document', async () => {
    const dir = tempDir('lexcorpus-');
    writeFileSync(
      join(dir, 'harbour.md'),
      `---
id: harbour-strike
title: "Harbour workers end their strike"
published: 2025-05-14
language: en
---
Dock workers at the northern harbour ended their strike on Tuesday after the company accepted a new contract.
The mayor said the outage of the cranes had cost the city two million dollars in lost trade.
`,
    );
    const engine = await Engine.open({ corpusDir: dir, cacheDir: tempDir('lexcache-'), logger });
    const contract = await engine.ask('Quel contrat la société a-t-elle accepté ?');
    expect(contract.language).toBe('fr');
    expect(contract.answered).toBe(true);
    expect(best(contract)).toContain('accepted a new contract');

    const mayor = await engine.ask("Qu'a dit le maire sur la panne des grues ?");
    expect(mayor.answered).toBe(true);
    expect(best(mayor)).toContain('The mayor said the outage of the cranes');
  });

  it('applies glossary edits on refresh and reports a malformed glossary entry in status', async () => {
    const dir = tempDir('lexcorpus-');
    for (const f of readdirSync(CORPUS).filter((f) => f.endsWith('.md'))) copyFileSync(join(CORPUS, f), join(dir, f));
    const engine = await Engine.open({ corpusDir: dir, cacheDir: tempDir('lexcache-'), logger });
    const q = 'What did the defense secretary announce?';
    // No glossary: nothing links the title to the name, so Hegseth's announcement is not found.
    expect((await engine.ask(q)).passages.some((p) => p.text.includes('Pete Hegseth annonce'))).toBe(false);

    writeFileSync(
      join(dir, 'glossary.yml'),
      '- en: [defense secretary]\n  fr: [Pete Hegseth]\n  note: the defense secretary at the time\n- en: [broken]\n  fr: []\n',
    );
    const report = await engine.refresh();
    expect(report.ok).toBe(true);
    expect(report.rejected).toContainEqual({ file: 'glossary.yml', field: '[1].fr', reason: 'must list at least one term' });
    expect(engine.status().rejected).toContainEqual(expect.objectContaining({ file: 'glossary.yml', field: '[1].fr' }));
    const answered = await engine.ask(q);
    expect(answered.answered).toBe(true);
    expect(answered.passages.some((p) => p.text.includes('Pete Hegseth annonce'))).toBe(true);

    writeFileSync(join(dir, 'glossary.yml'), '- en: [war\n  fr: [guerre]\n');
    const broken = await engine.refresh();
    expect(broken.rejected).toContainEqual(expect.objectContaining({ file: 'glossary.yml', field: expect.stringMatching(/^line \d+$/) }));
  });
});
