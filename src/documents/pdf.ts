/**
 * PDF documents: text extracted with unpdf (pdf.js), one paragraph per text block (lines closer than about
 * one and a half line heights make a block; the line breaks inside one are soft wraps), the page number
 * kept as each paragraph's location. The title comes from the file's information dictionary when it has
 * one, else the first line; the language from its `Lang` entry, else detected from the text. The file's
 * creation date is not a publication date: a PDF gets none unless given.
 */
import type * as Unpdf from 'unpdf';
import { DocumentError } from '../errors.js';
import { detectLanguage } from '../text/analyze.js';
import type { Lang } from '../types.js';
import { joinParagraphs, type DocumentReader, type FoundMeta, type ReadDocument } from './reader.js';

/** Most pages read from one PDF. */
export const MAX_PDF_PAGES = 500;

interface Item {
  str: string;
  y: number;
  height: number;
  fontSize: number;
  hasEOL: boolean;
}

/** The text blocks of one page, in reading order. */
export function pageBlocks(items: readonly Item[]): string[] {
  const lines: { text: string; y: number; size: number }[] = [];
  let cur: { text: string; y: number; size: number } | null = null;
  for (const it of items) {
    const size = it.fontSize || it.height || 10;
    if (cur && Math.abs(cur.y - it.y) > size * 0.5) {
      lines.push(cur);
      cur = null;
    }
    if (it.str) {
      if (!cur) cur = { text: '', y: it.y, size };
      cur.text += it.str;
      cur.size = Math.max(cur.size, size);
    }
    if (it.hasEOL && cur) {
      lines.push(cur);
      cur = null;
    }
  }
  if (cur) lines.push(cur);
  const blocks: string[][] = [];
  let prev: { y: number; size: number } | null = null;
  for (const l of lines) {
    const text = l.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const gap = prev ? Math.abs(prev.y - l.y) : 0;
    if (!prev || gap > Math.max(prev.size, l.size) * 1.6) blocks.push([]);
    blocks[blocks.length - 1]!.push(text);
    prev = l;
  }
  return blocks.map((b) => b.join('\n'));
}

function langOf(tag: unknown): Lang | undefined {
  const l = typeof tag === 'string' ? tag.trim().toLowerCase() : '';
  return l.startsWith('fr') ? 'fr' : l.startsWith('en') ? 'en' : undefined;
}

/** unpdf (pdf.js), loaded on first use. */
let unpdf: Promise<typeof Unpdf> | null = null;

/** The PDF reader. */
export const pdfReader: DocumentReader = {
  format: 'pdf',
  extensions: ['pdf'],
  mediaTypes: ['application/pdf', 'application/x-pdf'],
  async read(bytes): Promise<ReadDocument> {
    const { extractTextItems, getDocumentProxy, getMeta } = await (unpdf ??= import('unpdf'));
    let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
    try {
      // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
      pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, stopAtErrors: true } as never);
    } catch (e) {
      throw new DocumentError('file', `is not a readable PDF (${(e as Error).message})`);
    }
    try {
      if (pdf.numPages > MAX_PDF_PAGES) throw new DocumentError('file', `has ${pdf.numPages} pages (at most ${MAX_PDF_PAGES})`);
      let items: Item[][];
      try {
        items = (await extractTextItems(pdf)).items as Item[][];
      } catch (e) {
        throw new DocumentError('file', `is a PDF whose text cannot be extracted (${(e as Error).message})`);
      }
      const texts = items.flatMap((page, i) => pageBlocks(page).map((text) => ({ text, page: i + 1 })));
      if (!texts.length) throw new DocumentError('file', 'is a PDF with no text (a scan? text must be selectable)');
      const found: FoundMeta = {};
      const info = await getMeta(pdf).then((m) => m.info as Record<string, unknown>).catch(() => ({}) as Record<string, unknown>);
      const title = typeof info.Title === 'string' ? info.Title.replace(/\s+/g, ' ').trim() : '';
      if (title) found.title = { value: title.slice(0, 300), from: 'the PDF Title entry' };
      else found.title = { value: texts[0]!.text.replace(/\s+/g, ' ').slice(0, 300), from: 'first line' };
      const lang = langOf(info.Language);
      found.language = lang ? { value: lang, from: 'the PDF Lang entry' } : { value: detectLanguage(texts.map((t) => t.text).join(' ').slice(0, 5000)), from: 'detected from the text' };
      const author = typeof info.Author === 'string' ? info.Author.trim() : '';
      if (author) found.author = { value: author.slice(0, 200), from: 'the PDF Author entry' };
      return { ...joinParagraphs(texts), found };
    } finally {
      await (pdf as unknown as { destroy?: () => Promise<void> }).destroy?.().catch(() => undefined);
    }
  },
};
