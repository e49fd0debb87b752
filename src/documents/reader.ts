/**
 * The document reader interface: one module per format (Markdown, plain text, HTML, PDF, Word, OpenDocument)
 * turns a file's bytes into the text that quotes are taken from, its paragraphs, and what it says about
 * itself (title, date, language), each with where it was found.
 */
import { DocumentError } from '../errors.js';
import type { Lang } from '../types.js';

export { DocumentError };

/** A format the corpus reads. */
export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'docx' | 'odt';

/** A paragraph of a read document: a span of its {@link ReadDocument.body}, and the page it is on (PDF). */
export interface ParagraphSpan {
  /** Start offset in the body (inclusive). */
  start: number;
  /** End offset in the body (exclusive). */
  end: number;
  /** 1-based page number, for formats with pages. */
  page?: number;
}

/** A value a reader found in the document, and where (`<title>`, `first heading`, `JSON-LD datePublished`…). */
export interface Found<T> {
  value: T;
  from: string;
}

/** What a reader found about the document itself. Every field is optional: nothing is guessed. */
export interface FoundMeta {
  title?: Found<string>;
  /** Publication date, `YYYY-MM-DD`. */
  published?: Found<string>;
  language?: Found<Lang>;
  source?: Found<string>;
  author?: Found<string>;
}

/** A document as read by a {@link DocumentReader}. */
export interface ReadDocument {
  /**
   * The readable text: the paragraphs, separated by blank lines. Every paragraph is made of verbatim
   * pieces of the source (for Markdown, slices of the source's text at their positions); markup, code,
   * tables and images are left out. Quotes are slices of this text.
   */
  body: string;
  /** Paragraphs, in reading order, as spans of {@link ReadDocument.body}. */
  paragraphs: ParagraphSpan[];
  /** Fields of the document's front matter, if it has one (not validated yet). */
  frontMatter?: Record<string, unknown>;
  /** What the document says about itself. */
  found: FoundMeta;
}

/** Options given to a reader. */
export interface ReadOptions {
  /** Where the document comes from (its URL), when fetched. */
  url?: string;
}

/** One format's reader. */
export interface DocumentReader {
  /** The format read. */
  readonly format: DocumentFormat;
  /** File extensions of the format (lower case, without the dot). */
  readonly extensions: readonly string[];
  /** Media types a server may announce for the format. */
  readonly mediaTypes: readonly string[];
  /**
   * Reads a document.
   * @throws {@link DocumentError} with a clear reason when the bytes are not a readable document of the format
   */
  read(bytes: Uint8Array, options?: ReadOptions): Promise<ReadDocument>;
}

/** Joins paragraph texts into a body (blank line between paragraphs) and returns their spans. */
export function joinParagraphs(texts: { text: string; page?: number }[]): { body: string; paragraphs: ParagraphSpan[] } {
  let body = '';
  const paragraphs: ParagraphSpan[] = [];
  for (const t of texts) {
    if (!t.text.trim()) continue;
    if (body) body += '\n\n';
    paragraphs.push({ start: body.length, end: body.length + t.text.length, ...(t.page ? { page: t.page } : {}) });
    body += t.text;
  }
  return { body, paragraphs };
}

/** Decodes UTF-8 strictly (NFC); throws a {@link DocumentError} when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).normalize('NFC');
  } catch {
    throw new DocumentError('file', 'is not valid UTF-8 text');
  }
}
