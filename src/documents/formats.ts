/**
 * Which reader reads a file: from its content (magic bytes through file-type; HTML recognised by its
 * opening) as well as its name or announced media type; a disagreement is refused rather than guessed.
 * A ZIP archive (Word, OpenDocument) is never handed to file-type, which inflates some entries whole to look
 * inside (a zip bomb would cost seconds and gigabytes there): it is opened under the limits of `zip.ts` and
 * told apart by its parts (`office.ts`).
 */
import { DocumentError } from '../errors.js';
import { docxReader } from './docx.js';
import { htmlReader } from './html.js';
import { markdownReader } from './markdown.js';
import { ENCRYPTED_REFUSAL, MACRO_REFUSAL, officeKind } from './office.js';
import { odtReader } from './odt.js';
import { pdfReader } from './pdf.js';
import type { DocumentFormat, DocumentReader } from './reader.js';
import { textReader } from './text.js';
import { isZip, openZip } from './zip.js';

/** Every reader, by format. */
export const READERS: Record<DocumentFormat, DocumentReader> = { markdown: markdownReader, text: textReader, html: htmlReader, pdf: pdfReader, docx: docxReader, odt: odtReader };

/** Each format as a refusal names it. */
const LABEL: Record<DocumentFormat, string> = {
  markdown: 'Markdown text',
  text: 'plain text',
  html: 'a web page',
  pdf: 'a PDF',
  docx: 'a Word document (.docx)',
  odt: 'an OpenDocument text (.odt)',
};

/** The formats the corpus reads, as a refusal lists them. */
export const SUPPORTED_TYPES = 'Markdown .md, plain text .txt, web page .html/.htm, PDF .pdf, Word .docx or OpenDocument text .odt';

/** The extensions of document files the corpus reads (lower case, no dot). */
export const DOCUMENT_EXTENSIONS: readonly string[] = Object.values(READERS).flatMap((r) => r.extensions);

/** The format a file name's extension names, or undefined. */
export function formatOfName(name: string): DocumentFormat | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (!ext) return undefined;
  return Object.values(READERS).find((r) => r.extensions.includes(ext))?.format;
}

/** The format a media type (`text/html; charset=utf-8`) announces, or undefined. */
export function formatOfMediaType(mediaType: string | undefined): DocumentFormat | undefined {
  const t = (mediaType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!t) return undefined;
  if (t === 'text/plain') return 'text';
  return Object.values(READERS).find((r) => r.mediaTypes.includes(t))?.format;
}

/** Whether a text opens like an HTML page (after a BOM, spaces and comments). */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, '').replace(/^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*/, '').toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /^<(?:head|body|meta|title)[\s>]/.test(head);
}

/**
 * The format of a document, from its bytes and its name or media type.
 * @throws {@link DocumentError} when the content is not a document the corpus reads, or is not what its name
 *   or media type says
 */
export async function detectFormat(bytes: Uint8Array, hint: { name?: string; mediaType?: string } = {}): Promise<DocumentFormat> {
  const claimed = (hint.name ? formatOfName(hint.name) : undefined) ?? formatOfMediaType(hint.mediaType);
  const what = hint.name ? `"${hint.name}"` : hint.mediaType ? `the ${hint.mediaType.split(';')[0]} content` : 'the file';
  if (hint.name && /\.(?:docm|dotm)$/i.test(hint.name)) throw new DocumentError('file', `${what} ${MACRO_REFUSAL}`);
  if (hint.name && /\.[A-Za-z0-9]+$/.test(hint.name) && !claimed) {
    throw new DocumentError('file', `${what}: unsupported type (${SUPPORTED_TYPES})`);
  }
  if (!bytes.length) throw new DocumentError('file', `${what} is empty`);
  if (isZip(bytes)) return detectArchive(bytes, claimed, what);
  const { fileTypeFromBuffer } = await import('file-type');
  const sniffed = await fileTypeFromBuffer(bytes).catch(() => undefined);
  if (sniffed?.mime === 'application/pdf') {
    if (claimed && claimed !== 'pdf') throw new DocumentError('file', `${what} is a PDF, not ${LABEL[claimed]}`);
    return 'pdf';
  }
  if (sniffed?.mime === 'application/x-cfb' && (claimed === 'docx' || claimed === 'odt' || !claimed)) {
    // An encrypted Word or OpenDocument file is a compound file (the package inside is encrypted), as is a .doc.
    throw new DocumentError('file', `${what} ${ENCRYPTED_REFUSAL}, or is an old Word document (.doc): save it as a .docx or .odt`);
  }
  if (sniffed && !/^(?:text\/|application\/(?:xml|xhtml))/.test(sniffed.mime)) {
    throw new DocumentError('file', `${what} is a ${sniffed.mime} file (.${sniffed.ext}), not a document the corpus reads`);
  }
  if (claimed === 'pdf' || claimed === 'docx' || claimed === 'odt') throw new DocumentError('file', `${what} is named or announced as ${LABEL[claimed]} but is not one`);
  const html = looksLikeHtml(bytes);
  if (claimed === 'html') {
    if (!html) throw new DocumentError('file', `${what} is announced as a web page but does not open like HTML`);
    return 'html';
  }
  if (claimed) return claimed;
  return html ? 'html' : 'markdown';
}

/**
 * The format of a ZIP archive: a Word or OpenDocument text, told from its parts, which must agree with what
 * its name or media type says.
 * @throws {@link DocumentError} when it is another kind of archive, damaged, over a limit, or not what it says
 */
async function detectArchive(bytes: Uint8Array, claimed: DocumentFormat | undefined, what: string): Promise<DocumentFormat> {
  let kind: Awaited<ReturnType<typeof officeKind>>;
  try {
    kind = await officeKind(await openZip(bytes));
  } catch (e) {
    if (e instanceof DocumentError) throw new DocumentError(e.field, `${what} ${e.reason}`);
    throw e;
  }
  if ('other' in kind) throw new DocumentError('file', kind.other.includes('macro') ? `${what} ${MACRO_REFUSAL}` : `${what} is ${kind.other}, not a document the corpus reads`);
  if (claimed && claimed !== kind.format) throw new DocumentError('file', `${what} is ${LABEL[kind.format]}, not ${LABEL[claimed]}`);
  return kind.format;
}
