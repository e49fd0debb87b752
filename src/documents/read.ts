/**
 * Reading one document in the calling thread: its format detected from its bytes and its name or media type,
 * then read by that format's reader. Any failure of a reader on the bytes it was given is a refusal of the
 * document ({@link DocumentError}), never an exception of the caller. This is what the reader worker runs
 * (src/documents/read-worker.ts); callers go through {@link DocumentReading.read} (src/documents/reading.ts),
 * which decides where it runs.
 */
import { DocumentError } from '../errors.js';
import { detectFormat, formatOfMediaType, formatOfName, READERS } from './formats.js';
import type { DocumentFormat, ReadDocument } from './reader.js';
import { isZip } from './zip.js';

/** What is known of a document besides its bytes. */
export interface DocumentHint {
  /** Its file name (the extension says what it claims to be; the name appears in refusals). */
  name?: string;
  /** The media type a server announced. */
  mediaType?: string;
  /** Where it comes from (its URL), given to the reader. */
  url?: string;
}

/** A document read: its format and what its reader made of it. */
export interface ReadOutcome {
  /** The format detected (from the content, agreeing with the name or media type). */
  format: DocumentFormat;
  /** What the format's reader made of it. */
  read: ReadDocument;
}

/**
 * Markdown up to this size is read in the calling thread; larger, in the reader worker. Measured
 * (mdast-util-from-markdown, one core of the dev machine): ~0.7 ms per KB — 1 MB 0.9 s, 5 MB 3.4 s — so
 * 64 KB is ~40 ms, below what a Slack acknowledgement can wait for. Plain text is read in the calling thread
 * at any size (10 ms per MB).
 */
export const INLINE_MARKDOWN_BYTES = 64 * 1024;

/**
 * Whether a document is cheap enough to read in the calling thread: plain text, and small Markdown, by what
 * its name or media type claims (a ZIP or PDF in disguise goes to the worker, where detection refuses it).
 * PDF, Word, OpenDocument and HTML are never read in the calling thread when a worker is available.
 */
export function readsInline(bytes: Uint8Array, hint: DocumentHint): boolean {
  const claimed = (hint.name ? formatOfName(hint.name) : undefined) ?? formatOfMediaType(hint.mediaType);
  if (claimed !== 'text' && claimed !== 'markdown') return false;
  if (isZip(bytes) || isPdf(bytes)) return false;
  return claimed === 'text' || bytes.length <= INLINE_MARKDOWN_BYTES;
}

const isPdf = (bytes: Uint8Array) => bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;

/**
 * Detects a document's format and reads it, in the calling thread.
 * @throws {@link DocumentError} with a clear reason when it is not a document the corpus reads or cannot be
 *   read (a reader's own failure on hostile input — stack overflow on deep nesting… — included)
 */
export async function readDocumentHere(bytes: Uint8Array, hint: DocumentHint = {}): Promise<ReadOutcome> {
  try {
    const format = await detectFormat(bytes, { ...(hint.name ? { name: hint.name } : {}), ...(hint.mediaType ? { mediaType: hint.mediaType } : {}) });
    const read = await READERS[format].read(bytes, hint.url ? { url: hint.url } : {});
    return { format, read };
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    throw new DocumentError('file', `could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}
