/**
 * Names found at index time: a sentence opening with a name the document writes capitalized elsewhere, and
 * names joined by « de la ».
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';

const build = (body: string) =>
  PassageIndex.build([{ id: 'd', title: 'Titre', published: '2026-01-01', language: 'fr', body, file: 'd.md', hash: 'd' }]);

const names = (index: PassageIndex) =>
  index.passages.filter((p) => p.sentences === 1).flatMap((p) => p.names.map((n) => index.text(p).slice(n.start, n.end)));

describe('names', () => {
  it('takes a sentence-opening word as a name when the document writes it capitalized elsewhere', () => {
    const index = build('Anthropic signe un contrat. Le contrat lie Anthropic au Pentagone.\nPourtant la tension monte.');
    expect(names(index).filter((n) => n === 'Anthropic')).toHaveLength(2);
    // « Pourtant » opens a sentence and is never written capitalized elsewhere: no name.
    expect(names(index)).not.toContain('Pourtant');
  });

  it('joins a name across « de la »', () => {
    const index = build('OpenAI a conclu un accord avec le Département de la Défense américain.');
    expect(names(index)).toContain('Département de la Défense');
  });
});
