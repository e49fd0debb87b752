/**
 * Plain-text documents (`.txt`): paragraphs separated by blank lines (a line break inside one is a soft wrap),
 * or one paragraph per line when there is no blank line; the title is the first line unless front matter
 * gives one. Nothing in the text is markup.
 */
import { splitFrontMatter } from './front-matter.js';
import { decodeUtf8, joinParagraphs, type DocumentReader, type ReadDocument } from './reader.js';
import { paragraphMode } from '../text/chunk.js';

/** Paragraph texts of a plain-text body. */
export function textParagraphs(body: string): string[] {
  const blocks = paragraphMode(body) === 'lines' ? body.split(/\r\n|\r|\n/) : body.split(/(?:\r\n|\r|\n)[^\S\r\n]*(?:\r\n|\r|\n)\s*/);
  return blocks.map((b) => b.trim()).filter(Boolean);
}

/** The plain-text reader. */
export const textReader: DocumentReader = {
  format: 'text',
  extensions: ['txt', 'text'],
  mediaTypes: ['text/plain'],
  async read(bytes): Promise<ReadDocument> {
    const { data, body } = splitFrontMatter(decodeUtf8(bytes));
    return readTextBody(body, data);
  },
};

/** Reads a plain-text body whose front matter was split off; the title found is its first line. */
export function readTextBody(body: string, frontMatter?: Record<string, unknown>): ReadDocument {
  const texts = textParagraphs(body);
  const first = body.split(/\r\n|\r|\n/).find((l) => l.trim())?.trim();
  return {
    ...joinParagraphs(texts.map((text) => ({ text }))),
    ...(frontMatter ? { frontMatter } : {}),
    found: first ? { title: { value: first.slice(0, 300), from: 'first line' } } : {},
  };
}
