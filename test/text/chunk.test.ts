/**
 * Paragraphs, sentences and passages: exact offsets, no passage across a paragraph, abbreviations.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { paragraphMode, paragraphs, passages, sentences, softBreaksAsSpaces, unwrapQuote } from '../../src/text/chunk.js';

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

/** A hard-wrapped Markdown article: lines cut near 60 columns, paragraphs separated by blank lines. */
const WRAPPED = [
  '# La panne du 2 mars ##',
  '',
  'Le 24 février 2026, lors d\'une réunion tendue au Pentagone,',
  'Hegseth fixe un ultimatum à Dario Amodei. M. Amodei refuse',
  'de céder et publie une déclaration le jeudi 26.',
  '',
  '## Les lignes rouges',
  'Deux lignes rouges sont posées :',
  '',
  '- pas de surveillance de masse des citoyens',
  '  américains ;',
  '* pas d\'armes entièrement autonomes.',
  '1. Un point numéroté.',
  '',
  '> Nous ne céderons pas, écrit',
  '> Anthropic. La décision est prise.',
  '>',
  '> Second paragraphe de la citation.',
  '',
  '---',
  '',
  'Fin de l\'article.',
].join('\n');

const texts = (body: string) => paragraphs(body).map((p) => body.slice(p.start, p.end));

describe('Markdown bodies', () => {
  it('reads a body with blank lines as Markdown, one without as one paragraph per line', () => {
    expect(paragraphMode(WRAPPED)).toBe('markdown');
    expect(paragraphMode(SEED_BODY)).toBe('lines');
    expect(paragraphMode('one\ntwo\n\n\n')).toBe('lines'); // trailing blank lines separate nothing
    expect(paragraphMode('\n\none\ntwo')).toBe('lines');
    expect(paragraphMode('one\r\n  \r\ntwo')).toBe('markdown');
    expect(texts('one\ntwo\n\n')).toEqual(['one', 'two']);
  });

  it('joins the lines of a block into one paragraph; headings, list items and quotes start their own, without markup', () => {
    expect(texts(WRAPPED)).toEqual([
      'La panne du 2 mars',
      "Le 24 février 2026, lors d'une réunion tendue au Pentagone,\nHegseth fixe un ultimatum à Dario Amodei. M. Amodei refuse\nde céder et publie une déclaration le jeudi 26.",
      'Les lignes rouges',
      'Deux lignes rouges sont posées :',
      'pas de surveillance de masse des citoyens\n  américains ;',
      "pas d'armes entièrement autonomes.",
      'Un point numéroté.',
      'Nous ne céderons pas, écrit\n> Anthropic. La décision est prise.',
      'Second paragraphe de la citation.',
      "Fin de l'article.",
    ]);
  });

  it('does not end a sentence at a soft wrap, and keeps exact offsets', () => {
    const paras = paragraphs(WRAPPED);
    const sents = (i: number) => sentences(WRAPPED, paras[i]!, 'fr').map((s) => WRAPPED.slice(s.start, s.end));
    expect(sents(1)).toEqual([
      "Le 24 février 2026, lors d'une réunion tendue au Pentagone,\nHegseth fixe un ultimatum à Dario Amodei.",
      'M. Amodei refuse\nde céder et publie une déclaration le jeudi 26.',
    ]);
    expect(sents(7)).toEqual(['Nous ne céderons pas, écrit\n> Anthropic.', 'La décision est prise.']);
    for (const p of passages(WRAPPED, 'fr')) {
      const text = WRAPPED.slice(p.start, p.end);
      expect(text).toBe(text.trim());
      expect(text).not.toMatch(/^(?:#|[-*>] |1\. )/);
      const para = paras[p.paragraph - 1]!;
      expect(p.start >= para.start && p.end <= para.end).toBe(true);
    }
  });

  it('reads soft wraps as spaces of the same length, and shows them as one space', () => {
    const para = "fixe un ultimatum\n  à Dario\n> > Amodei.";
    expect(softBreaksAsSpaces(para)).toBe('fixe un ultimatum   à Dario     Amodei.');
    const at = para.indexOf('Dario');
    const { text, spans } = unwrapQuote(para, [{ start: at, end: para.indexOf('.') }]);
    expect(text).toBe('fixe un ultimatum à Dario Amodei.');
    expect(text.slice(spans[0]!.start, spans[0]!.end)).toBe('Dario Amodei');
    expect(unwrapQuote('Une ligne.', [{ start: 4, end: 9 }])).toEqual({ text: 'Une ligne.', spans: [{ start: 4, end: 9 }] });
  });

  it('leaves a heading, list or quote mark out of a one-paragraph-per-line body too', () => {
    expect(texts('# Titre\n- un point\nDu texte.\n> Une citation.\n12) douze\n***\n-5 degrés, #hashtag')).toEqual([
      'Titre',
      'un point',
      'Du texte.',
      'Une citation.',
      'douze',
      '-5 degrés, #hashtag',
    ]);
  });

  it('keeps the bundled article one paragraph per line, numbered as before', () => {
    // Independently of chunk.ts: the non-blank lines of the body, trimmed, in order.
    const expected: string[] = [];
    let at = 0;
    for (const line of SEED_BODY.split('\n')) {
      const lead = line.length - line.trimStart().length;
      if (line.trim()) expected.push(`${at + lead}:${at + lead + line.trim().length}`);
      at += line.length + 1;
    }
    expect(expected.length).toBeGreaterThan(5);
    expect(paragraphs(SEED_BODY).map((p) => `${p.start}:${p.end}`)).toEqual(expected);
    expect(passages(SEED_BODY, 'fr').every((p) => !/[\r\n]/.test(SEED_BODY.slice(p.start, p.end)))).toBe(true);
  });
});
