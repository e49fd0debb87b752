/**
 * End-to-end: the real engine indexes the real corpus (and a small English corpus) with the date
 * resolver, and its timeline and answers carry the resolved dates and amount spans.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import type { AnswerPassage } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

const CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
afterAll(cleanupTemps);
const logger = createLogger('silent');
const highlighted = (p: AnswerPassage | undefined) => (p ? p.highlights.map((h) => p.text.slice(h.start, h.end)) : []);

describe('dates through the real engine', () => {
  it('puts the seed article on the timeline with its dates resolved', async () => {
    const engine = await Engine.open({ corpusDir: CORPUS, cacheDir: tempDir('datescache-'), logger });
    const timeline = engine.timeline().map((t) => [t.iso, t.dateText]);
    for (const expected of [
      ['2025-07', 'juillet 2025'],
      ['2026-01', 'janvier 2026'],
      ['2026-02-24', '24 février 2026'],
      ['2026-02-26', 'jeudi 26'],
      ['2026-02-27', 'vendredi 27 février'],
      ['2026-02-27T17:01', '17h01 le vendredi 27 février'],
      ['2026-03-02', '2 mars 2026'],
    ]) {
      expect(timeline).toContainEqual(expected);
    }
    expect(timeline.some(([, text]) => /mois/.test(text!))).toBe(false);
    // Calendar order.
    const isos = timeline.map(([iso]) => iso!);
    expect([...isos].sort()).toEqual(isos);
  });

  it('answers date questions with the resolved dates and highlights', async () => {
    const engine = await Engine.open({ corpusDir: CORPUS, cacheDir: tempDir('datescache-'), logger });

    const feb24 = engine.ask("Que s'est-il passé le 24 février ?");
    expect(feb24.answered).toBe(true);
    expect(feb24.passages[0]!.text).toContain('Le 24 février 2026');
    expect(feb24.passages[0]!.dates).toContainEqual({ text: '24 février 2026', iso: '2026-02-24' });
    expect(feb24.passages[0]!.dates).toContainEqual({ text: '17h01 le vendredi 27 février', iso: '2026-02-27T17:01' });

    const feb27 = engine.ask('What happened on February 27?');
    expect(feb27.answered).toBe(true);
    expect(feb27.passages[0]!.dates.map((d) => d.iso)).toContain('2026-02-27');

    const when = engine.ask('Quand Anthropic a-t-elle publié sa déclaration ?');
    expect(when.type).toBe('when');
    expect(highlighted(when.passages[0])).toContain('jeudi 26');

    const much = engine.ask('How much was the contract worth?');
    expect(much.type).toBe('howmuch');
    expect(highlighted(much.passages[0])).toContain('200 millions de dollars');
  });

  it('resolves an English document against its own publication date', async () => {
    const dir = tempDir('datescorpus-');
    writeFileSync(
      join(dir, 'deadline.md'),
      `---
id: deadline-en
title: "The deadline"
published: 2026-03-09
language: en
---
The Pentagon set a deadline of 5:01 p.m. on Friday, February 27, for the company to comply.
The company had signed its first contract in July 2025, worth $200 million.
Last Friday, the company said it would challenge the designation in court.
`,
    );
    const engine = await Engine.open({ corpusDir: dir, cacheDir: tempDir('datescache-'), logger });
    const timeline = engine.timeline().map((t) => [t.iso, t.dateText]);
    expect(timeline).toEqual([
      ['2025-07', 'July 2025'],
      ['2026-02-27T17:01', '5:01 p.m. on Friday, February 27'],
      ['2026-03-06', 'Last Friday'],
    ]);
    const much = engine.ask('How much was the first contract worth?');
    expect(highlighted(much.passages[0])).toContain('$200 million');
  });
});
