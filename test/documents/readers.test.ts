/**
 * The document readers: Markdown (mdast + GFM, verbatim slices, no code/tables/HTML/images), plain text,
 * web pages (readability + furniture pass, metadata from the page), PDF (text blocks with their pages),
 * and the format detection from content and name. Hostile input is refused in bounded time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/corpus/load.js';
import { detectFormat } from '../../src/documents/formats.js';
import { htmlReader } from '../../src/documents/html.js';
import { markdownReader } from '../../src/documents/markdown.js';
import { pdfReader } from '../../src/documents/pdf.js';
import { textReader } from '../../src/documents/text.js';
import { DocumentError } from '../../src/errors.js';
import { PassageIndex } from '../../src/index/passage-index.js';
import type { CorpusDocument } from '../../src/types.js';
import { makePdf } from '../helpers/pdf.js';

const enc = (s: string) => new TextEncoder().encode(s);
const paras = (r: { body: string; paragraphs: { start: number; end: number }[] }) => r.paragraphs.map((p) => r.body.slice(p.start, p.end));

const MD = `---
title: Front matter title
---
# The council *votes* the budget

The council met on [Tuesday, March 3](https://example.org/agenda "agenda") and **approved** the budget
by 21 votes to 9, after a debate of \`four hours\`.

\`\`\`js
const secret = "never quoted";
\`\`\`

    indented code is never quoted either

| column | other |
| --- | --- |
| table cell never quoted | x |

<div class="embed">HTML block never quoted</div>

![a chart never quoted](chart.png)

- The school canteen gets 120,000 euros.
- Road repairs get
  300,000 euros.

> The opposition called it "a budget without ambition",
> its leader said.

Footnote here[^1].

[^1]: The footnote text is not the article.
`;

describe('Markdown reader', () => {
  it('keeps text, drops markup, code, tables, HTML and images, and makes headings, items and quotes paragraphs', async () => {
    const r = await markdownReader.read(enc(MD));
    const ps = paras(r);
    expect(ps).toEqual([
      'The council votes the budget',
      'The council met on Tuesday, March 3 and approved the budget\nby 21 votes to 9, after a debate of four hours.',
      'The school canteen gets 120,000 euros.',
      'Road repairs get\n  300,000 euros.',
      'The opposition called it "a budget without ambition",\n> its leader said.',
      'Footnote here.',
    ]);
    expect(r.body).not.toMatch(/never quoted|\]\(|```|\||\*\*|<div|footnote text/);
    expect(r.frontMatter).toEqual({ title: 'Front matter title' });
    expect(r.found.title).toEqual({ value: 'The council votes the budget', from: 'first heading' });
    // Every piece is a verbatim slice of the source: a paragraph without inline markup is one.
    for (const p of ps.slice(2)) expect(MD).toContain(p.replace('Footnote here.', 'Footnote here'));
  });

  it('reads a body with no blank line as one paragraph per line, as the corpus always has', async () => {
    const r = await markdownReader.read(enc('First line, about [a link](http://x).\nSecond line.\n- an item\n'));
    expect(paras(r)).toEqual(['First line, about a link.', 'Second line.', 'an item']);
  });
});

describe('plain-text reader', () => {
  it('splits at blank lines, keeps markup-like characters, titles from the first line', async () => {
    const r = await textReader.read(enc('Budget 2026\n\nThe *council* voted\non [Tuesday].\n\n\n# not a heading\n'));
    expect(paras(r)).toEqual(['Budget 2026', 'The *council* voted\non [Tuesday].', '# not a heading']);
    expect(r.found.title).toEqual({ value: 'Budget 2026', from: 'first line' });
  });

  it('makes one paragraph per line when there is no blank line', async () => {
    expect(paras(await textReader.read(enc('one\ntwo\nthree')))).toEqual(['one', 'two', 'three']);
  });

  it('refuses text that is not UTF-8', async () => {
    await expect(textReader.read(new Uint8Array([0x61, 0xff, 0xfe, 0x62]))).rejects.toThrow(DocumentError);
  });
});

describe('HTML reader', () => {
  const page = readFileSync(new URL('../fixtures/documents/news-page.html', import.meta.url));

  it('extracts the article alone from a news page with navigation, banner, ads, sidebar, comments and footer', async () => {
    const r = await htmlReader.read(page, { url: 'https://courrier-du-val.example/a' });
    const ps = paras(r);
    expect(ps[0]).toMatch(/^Après dix-huit mois de travaux, la médiathèque de Valbourg a rouvert ses portes le mercredi 12 novembre 2025/);
    expect(ps).toContain("Le fonds a été renouvelé à hauteur de 12 000 documents, dont une collection de bandes dessinées en occitan offerte par l'association Lo Bornat. L'inscription reste gratuite pour les habitants de la communauté de communes.");
    expect(ps).toHaveLength(4); // the headline is the title; the byline, the ad and the lists are furniture
    for (const furniture of ['cookies', 'Accueil', 'PUBLICITÉ', 'Lire aussi', 'cinéma', 'Jean-Pierre', 'parking', 'Les plus lus', 'Incendie', 'newsletter', '©', 'Camille Ferrand', 'SCRIPT RAN']) {
      expect(r.body, furniture).not.toContain(furniture);
    }
    expect(r.found.title?.value).toMatch(/La médiathèque de Valbourg rouvre ses portes/);
    expect(r.found.published).toEqual({ value: '2025-11-14', from: 'meta article:published_time' });
    expect(r.found.language).toEqual({ value: 'fr', from: '<html lang>' });
    expect(r.found.source).toEqual({ value: 'https://courrier-du-val.example/a', from: 'the URL it was fetched from' });
  });

  const article = (head: string, body: string, lang = '') =>
    enc(`<!doctype html><html${lang}><head><title>A page</title>${head}</head><body><article><h1>Heading</h1>${body}${'<p>The mayor of Northfield opened the new bridge across the river after two years of works and a long public debate about its cost.</p>'.repeat(3)}</article></body></html>`);

  it('reads the date from JSON-LD, else from <time datetime>, and detects the language when <html lang> is absent', async () => {
    const ld = await htmlReader.read(article('<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-05-06T10:00:00Z"}]}</script>', ''));
    expect(ld.found.published).toEqual({ value: '2024-05-06', from: 'JSON-LD datePublished' });
    expect(ld.found.language).toEqual({ value: 'en', from: 'detected from the text' });
    const time = await htmlReader.read(article('', '<p>Posted <time datetime="2023-02-01">Feb 1</time>.</p>', ' lang="en-GB"'));
    expect(time.found.published).toEqual({ value: '2023-02-01', from: '<time datetime>' });
    expect(time.found.language).toEqual({ value: 'en', from: '<html lang>' });
    const none = await htmlReader.read(article('<meta property="article:published_time" content="yesterday">', ''));
    expect(none.found.published).toBeUndefined();
  });

  it('refuses an HTML bomb (too many elements, or nesting too deep) in bounded time', async () => {
    const started = performance.now();
    await expect(htmlReader.read(enc(`<!doctype html><html><body>${'<div><p>x</p>'.repeat(40_000)}</body></html>`))).rejects.toThrow(/more than 30000 elements/);
    await expect(htmlReader.read(enc(`<!doctype html><html><body><article>${'<div>'.repeat(2_000)}deep</article></body></html>`))).rejects.toThrow(/nests elements more than 120 deep/);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('PDF reader', () => {
  it('makes one paragraph per text block and keeps each paragraph page', async () => {
    const pdf = makePdf(
      [
        ['Quarterly report of the water board', '', 'The board measured a leak rate of 14 percent in', 'the northern network during the winter.', '', 'Repairs start in April.'],
        ['A second page with its own paragraph.'],
      ],
      { title: 'Water board report' },
    );
    const r = await pdfReader.read(pdf);
    expect(paras(r)).toEqual([
      'Quarterly report of the water board',
      'The board measured a leak rate of 14 percent in\nthe northern network during the winter.',
      'Repairs start in April.',
      'A second page with its own paragraph.',
    ]);
    expect(r.paragraphs.map((p) => p.page)).toEqual([1, 1, 1, 2]);
    expect(r.found.title).toEqual({ value: 'Water board report', from: 'the PDF Title entry' });
    expect(r.found.published).toBeUndefined();
    expect(r.found.language?.value).toBe('en');
  });

  it('refuses a corrupt PDF with a clear reason', async () => {
    const pdf = makePdf([['Some text']]);
    const broken = Buffer.concat([pdf.subarray(0, 40), Buffer.from('garbage'.repeat(20))]);
    await expect(pdfReader.read(broken)).rejects.toThrow(/not a readable PDF|cannot be extracted|no text/);
  });
});

describe('format detection', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);

  it('takes the type from the content as well as the name', async () => {
    expect(await detectFormat(makePdf([['x']]), { name: 'report.pdf' })).toBe('pdf');
    expect(await detectFormat(makePdf([['x']]))).toBe('pdf');
    expect(await detectFormat(enc('<!DOCTYPE html><html><body>x</body></html>'), { mediaType: 'text/html; charset=utf-8' })).toBe('html');
    expect(await detectFormat(enc('<!-- c --><html><p>x</p></html>'))).toBe('html');
    expect(await detectFormat(enc('# Title\n\ntext'), { name: 'a.md' })).toBe('markdown');
    expect(await detectFormat(enc('text'), { name: 'a.txt' })).toBe('text');
    await expect(detectFormat(png, { name: 'article.md' })).rejects.toThrow(/image\/png/);
    await expect(detectFormat(enc('plain words'), { name: 'fake.pdf' })).rejects.toThrow(/not one/);
    await expect(detectFormat(makePdf([['x']]), { name: 'report.txt' })).rejects.toThrow(/is a PDF/);
    await expect(detectFormat(enc('x'), { name: 'slides.pptx' })).rejects.toThrow(/unsupported type/);
    await expect(detectFormat(enc('just text'), { mediaType: 'text/html' })).rejects.toThrow(/does not open like HTML/);
  });

  it('gives an undated PDF no date but keeps absolute dates of its text', async () => {
    const r = await readDocumentFile('r.pdf', makePdf([['Council minutes', '', 'On 3 March 2026 the council met. Yesterday it voted.']]));
    expect('doc' in r && r.doc).toMatchObject({ id: 'r', title: 'Council minutes', language: 'en' });
    expect('doc' in r && r.doc.published).toBeUndefined();
    // No reference date: the absolute date is resolved, "yesterday" (which only a publication date places) is not.
    const index = PassageIndex.build([{ ...(r as { doc: CorpusDocument }).doc, hash: 'h' }]);
    const dates = index.passages.flatMap((p) => p.dates.map((d) => `${d.text}=${d.iso}`));
    expect(dates).toContain('3 March 2026=2026-03-03');
    expect(dates.some((d) => /yesterday/i.test(d))).toBe(false);
    expect(index.pageOf(index.passages[0]!)).toBe(1);
  });
});
