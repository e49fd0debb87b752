/**
 * Paragraphs, sentences and passages: exact offsets, no passage across a paragraph, abbreviations.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { paragraphs, passages, sentences } from '../../src/text/chunk.js';

const SEED = readFileSync(fileURLToPath(new URL('../../corpus/anthropic-pentagone-panne.md', import.meta.url)), 'utf8');
const SEED_BODY = SEED.replace(/^---[\s\S]*?\n---\n/, '');

const BODY = [
  'M. Dupont est arrivé à 9 h. Il a parlé aux représentants des U.S. hier soir. Mme Durand a répondu.',
  '',
  '  The U.S. Army said no. Dr. Smith agreed! Was it true? Yes.  ',
  '',
  'Un paragraphe d’une seule phrase, avec 3.5 millions de dollars et le 24 février 2026',
].join('\r\n');

function sentenceTexts(body: string, lang: 'fr' | 'en'): string[][] {
  return paragraphs(body).map((p) => sentences(body, p, lang).map((s) => body.slice(s.start, s.end)));
}

describe('paragraphs', () => {
  it('splits on line breaks, trims, skips blank lines', () => {
    const ps = paragraphs(BODY).map((p) => BODY.slice(p.start, p.end));
    expect(ps).toEqual([
      'M. Dupont est arrivé à 9 h. Il a parlé aux représentants des U.S. hier soir. Mme Durand a répondu.',
      'The U.S. Army said no. Dr. Smith agreed! Was it true? Yes.',
      'Un paragraphe d’une seule phrase, avec 3.5 millions de dollars et le 24 février 2026',
    ]);
  });
});

describe('sentences', () => {
  it('does not split after M., Mme, Dr. or U.S.', () => {
    expect(sentenceTexts(BODY, 'fr')).toEqual([
      ['M. Dupont est arrivé à 9 h.', 'Il a parlé aux représentants des U.S. hier soir.', 'Mme Durand a répondu.'],
      ['The U.S. Army said no.', 'Dr. Smith agreed!', 'Was it true?', 'Yes.'],
      ['Un paragraphe d’une seule phrase, avec 3.5 millions de dollars et le 24 février 2026'],
    ]);
    expect(sentenceTexts('Le président M. Macron a dit oui. Voir p. 12 du rapport.', 'fr')).toEqual([
      ['Le président M. Macron a dit oui.', 'Voir p. 12 du rapport.'],
    ]);
  });

  it('splits the seed article at real sentence ends', () => {
    const para4 = sentenceTexts(SEED_BODY, 'fr')[3]!;
    expect(para4).toHaveLength(2);
    expect(para4[0]).toMatch(/^Le 24 février 2026, .* « à toutes fins légales »\.$/);
    expect(para4[1]).toMatch(/^Deux lignes rouges/);
  });
});

describe('passages', () => {
  for (const [name, body, lang] of [
    ['the test body', BODY, 'fr'],
    ['the seed article', SEED_BODY, 'fr'],
  ] as const) {
    it(`never crosses a paragraph and slices exactly (${name})`, () => {
      const paras = paragraphs(body);
      const ps = passages(body, lang);
      expect(ps.length).toBeGreaterThan(paras.length);
      for (const p of ps) {
        const para = paras[p.paragraph - 1]!;
        expect(para, `paragraph ${p.paragraph}`).toBeDefined();
        expect(p.start).toBeGreaterThanOrEqual(para.start);
        expect(p.end).toBeLessThanOrEqual(para.end);
        const text = body.slice(p.start, p.end);
        expect(text).not.toMatch(/[\r\n]/);
        expect(text).toBe(text.trim());
        expect(text.length).toBeGreaterThan(0);
        // The passage is exactly its sentences, verbatim.
        const sents = sentences(body, para, lang).slice(p.firstSentence, p.firstSentence + p.sentences);
        expect(sents).toHaveLength(p.sentences);
        expect(p.start).toBe(sents[0]!.start);
        expect(p.end).toBe(sents[sents.length - 1]!.end);
      }
    });
  }

  it('builds every sentence and windows of two, within the size limit', () => {
    const ps = passages(BODY, 'fr');
    const texts = ps.map((p) => BODY.slice(p.start, p.end));
    expect(texts).toContain('Il a parlé aux représentants des U.S. hier soir.');
    expect(texts).toContain('Il a parlé aux représentants des U.S. hier soir. Mme Durand a répondu.');
    // No window joins the last sentence of paragraph 1 with the first of paragraph 2.
    expect(texts.some((t) => t.includes('répondu.') && t.includes('Army'))).toBe(false);
    expect(Math.max(...ps.map((p) => p.sentences))).toBe(2);
    const small = passages(BODY, 'fr', { maxWindowChars: 40 });
    expect(small.filter((p) => p.sentences > 1).every((p) => p.end - p.start <= 40)).toBe(true);
    expect(small.length).toBeLessThan(ps.length);
  });

  it('numbers the seed article paragraphs from 1, as in the source', () => {
    const ps = passages(SEED_BODY, 'fr');
    const ultimatum = ps.find((p) => SEED_BODY.slice(p.start, p.end).startsWith('Le 24 février 2026'));
    expect(ultimatum?.paragraph).toBe(4);
    expect(ps[0]!.paragraph).toBe(1);
    expect(SEED_BODY.slice(ps[0]!.start, ps[0]!.end)).toMatch(/^Pour comprendre la panne du 2 mars 2026/);
  });
});
