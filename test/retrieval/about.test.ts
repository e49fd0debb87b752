/**
 * Questions about a document itself are answered from its opening; questions about something in it are not
 * mistaken for them.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';
import { asksAboutDocument } from '../../src/retrieval/about.js';
import { buildAnswer } from '../../src/retrieval/answer.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { parseQuestion } from '../../src/retrieval/question.js';

describe('asksAboutDocument', () => {
  it('recognizes questions about the document in English and French', () => {
    for (const q of ['What is this article about?', 'What event does the article explain?', 'What is the subject of the document?', 'Summarize the article'])
      expect(asksAboutDocument(q, 'en'), q).toBe(true);
    for (const q of ["De quoi parle l'article ?", 'Quel est le sujet de ce document ?', "Qu'explique le texte ?", "Résume l'article"])
      expect(asksAboutDocument(q, 'fr'), q).toBe(true);
  });

  it('leaves other questions alone', () => {
    expect(asksAboutDocument('What is the capital of France?', 'en')).toBe(false);
    expect(asksAboutDocument('Who wrote the first article of the constitution?', 'en')).toBe(false);
    expect(asksAboutDocument('Quand a été publié le décret ?', 'fr')).toBe(false);
  });
});

describe('buildAnswer for a question about a document', () => {
  const doc = (id: string, title: string, published: string, body: string) => ({ id, title, published, language: 'en' as const, body, file: id, hash: id });
  const index = PassageIndex.build([
    doc('harbour', 'The harbour committee and the new quay', '2026-01-10', '# The new quay\n\nThe harbour committee voted on Monday to build a new quay. Work starts in May.\n\nThe quay will cost 12 million euros, paid by the region.'),
    doc('school', 'The village school closes', '2026-02-01', 'The village school will close in June after ninety years. Parents protested on Saturday.\n\nThe children will go to the school of the next town.'),
  ]);
  const ask = (q: string) => buildAnswer(index, parseQuestion(q, NO_TRANSLATION));

  it('quotes the opening of the newest document when the question names none', () => {
    const a = ask('What is this article about?');
    expect(a).toMatchObject({ answered: true, confidence: 'high' });
    expect(a.passages[0]!.text).toMatch(/^The village school will close in June/);
    expect(a.passages[0]!.highlights).toEqual([]);
  });

  it('quotes the opening of the document whose title the question names, skipping a heading', () => {
    const a = ask('What is the article about the harbour quay about?');
    expect(a.passages[0]!.document.id).toBe('harbour');
    expect(a.passages[0]!.text).toMatch(/^The harbour committee voted on Monday/);
  });

  it('answers a question about something in the document as any other question', () => {
    const a = ask('What does the article say about the cost of the quay?');
    expect(a.passages[0]!.text).toMatch(/12 million euros/);
  });
});
