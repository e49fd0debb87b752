/**
 * The terminal rendering of the closest passage (low confidence): framed in the question's language, the
 * quote not numbered, so that it never reads like a sure answer.
 */
import { describe, expect, it } from 'vitest';
import { PLAIN, renderAnswerText } from '../../adapters/console/render.js';
import type { Answer } from '../../src/types.js';

const passage = { text: 'Le 24 février 2026, réunion au Pentagone.', document: { id: 'd', title: 'T', published: '2026-03-09' }, paragraph: 2, dates: [], score: 1, highlights: [], display: { text: 'Le 24 février 2026, réunion au Pentagone.', highlights: [] } };
const answer = (over: Partial<Answer>): Answer => ({ question: 'q', language: 'en', type: 'other', answered: true, passages: [passage], ...over });

describe('renderAnswerText', () => {
  it('numbers a sure answer and says nothing more', () => {
    const out = renderAnswerText(answer({ confidence: 'high' }), PLAIN);
    expect(out.split('\n')[0]).toBe('1. « Le 24 février 2026, réunion au Pentagone. »');
  });

  it('frames the closest passage above an unnumbered quote, in English and in French', () => {
    const en = renderAnswerText(answer({ confidence: 'low' }), PLAIN).split('\n');
    expect(en[0]).toBe('The corpus may not answer this directly. The closest passage:');
    expect(en[1]).toBe('~ « Le 24 février 2026, réunion au Pentagone. »');
    const fr = renderAnswerText(answer({ confidence: 'low', language: 'fr' }), PLAIN).split('\n');
    expect(fr[0]).toBe('Le corpus ne répond peut-être pas directement à cette question. Le passage le plus proche :');
  });
});
