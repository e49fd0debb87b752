/**
 * End-to-end: the real engine on the real corpus answers English questions from the French article
 * through the bundled lexicon and the corpus glossary; French questions reach an English document;
 * irregular verb forms meet through their infinitives in both directions; glossary edits and glossary errors
 * go through refresh and status.
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

  it('meets the irregular verb forms of either language through their infinitive', async () => {
    // Sentences that differ mostly by their verb: only the verb tells which one answers.
    const fr = tempDir('lexcorpus-');
    writeFileSync(
      join(fr, 'general.md'),
      `---
id: general-martin
title: "La vie du général Martin"
published: 2001-05-10
language: fr
---
Le général Martin naquit à Lyon en 1920, dans une famille de tisserands.
Le général Martin mit fin à la grève des dockers de Marseille en 1962.
Le ministre écrivit une lettre au maire de Lyon en 1974.
Le maire de Lyon reçut une lettre du ministre en 1975.
Le général Martin mourut à Paris en 1990 après une longue maladie.
`,
    );
    const frEngine = await Engine.open({ corpusDir: fr, cacheDir: tempDir('lexcache-'), logger });
    const asked = async (engine: Engine, q: string) => {
      const a = await engine.ask(q);
      expect(a.answered, q).toBe(true);
      return best(a);
    };
    expect(await asked(frEngine, 'Where was General Martin born?')).toContain('naquit à Lyon');
    expect(await asked(frEngine, 'Where did General Martin die?')).toContain('mourut à Paris');
    expect(await asked(frEngine, 'When did the minister write a letter to the mayor of Lyon?')).toContain('écrivit une lettre');
    expect(await asked(frEngine, 'When did the mayor of Lyon receive a letter from the minister?')).toContain('reçut une lettre');
    expect(await asked(frEngine, 'When did General Martin put an end to the strike?')).toContain('mit fin à la grève');

    const en = tempDir('lexcorpus-');
    writeFileSync(
      join(en, 'bridge.md'),
      `---
id: old-bridge
title: "The old bridge of Millbrook"
published: 2010-03-02
language: en
---
Thomas Gray was born in Millbrook in 1801, the son of a mason.
Thomas Gray built the stone bridge of Millbrook in 1850.
Thomas Gray died in Millbrook in 1860.
The mayor wrote a letter to the king in 1955.
The mayor received a letter from the king in 1956.
`,
    );
    const enEngine = await Engine.open({ corpusDir: en, cacheDir: tempDir('lexcache-'), logger });
    expect(await asked(enEngine, 'Quand Thomas Gray naquit-il ?')).toContain('was born');
    expect(await asked(enEngine, 'Quand Thomas Gray mourut-il ?')).toContain('died');
    expect(await asked(enEngine, 'Quand Thomas Gray construisit-il le pont de pierre ?')).toContain('built the stone bridge');
    expect(await asked(enEngine, 'Quand le maire écrivit-il une lettre au roi ?')).toContain('wrote a letter');
    expect(await asked(enEngine, 'Quand le maire reçut-il une lettre du roi ?')).toContain('received a letter');
    await frEngine.close();
    await enEngine.close();
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
