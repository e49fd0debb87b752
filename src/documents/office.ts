/**
 * What an office archive is (Word .docx, OpenDocument .odt, or something else: a spreadsheet, slides, a
 * macro-enabled or encrypted file), told from its parts rather than its name, and the checks every XML part
 * passes before a parser builds anything from it: well-formed, no DTD (no entity can expand), bounded depth
 * and element count, so that no part makes the readers do super-linear work.
 */
import { SaxesParser } from 'saxes';
import { DocumentError } from '../errors.js';
import { detectLanguage } from '../text/analyze.js';
import type { ZipArchive } from './zip.js';

/** Deepest element nesting accepted in an XML part (real documents stay under 40: nested tables, lists). */
export const MAX_XML_DEPTH = 200;

/**
 * Most elements accepted in one XML part read by the streaming parser alone (OpenDocument's content.xml: a
 * 300-page book has about 300,000; saxes reads 500,000 in about 1.5 s).
 */
export const MAX_XML_ELEMENTS = 500_000;

/** Most characters of text a Word or OpenDocument file may hold (the cap of a text file's bytes). */
export const MAX_OFFICE_TEXT = 10 * 1024 * 1024;

/**
 * Refuses a document whose text is over {@link MAX_OFFICE_TEXT} characters.
 * @throws {@link DocumentError}
 */
export function checkTextSize(texts: readonly { text: string }[]): void {
  let n = 0;
  for (const t of texts) n += t.text.length + 2;
  if (n > MAX_OFFICE_TEXT) throw new DocumentError('file', `holds more than ${MAX_OFFICE_TEXT} characters of text (split it)`);
}

/**
 * Most elements accepted in all the XML parts of a Word document together: mammoth builds a DOM of them and
 * takes about 12 µs and 2 KB per element (800,000 elements: 10 s and 1.5 GB), so the limit is where a long
 * report still fits (a 150-page report has about 150,000) and the worst case stays near 2.5 s.
 */
export const MAX_DOCX_ELEMENTS = 200_000;

/** What an office archive holds. */
export type OfficeKind =
  | { format: 'docx' | 'odt' }
  /** Not a document the corpus reads: what it is, for the refusal. */
  | { other: string };

const ODF_TYPES: Record<string, string> = {
  'application/vnd.oasis.opendocument.spreadsheet': 'an OpenDocument spreadsheet (.ods)',
  'application/vnd.oasis.opendocument.presentation': 'an OpenDocument presentation (.odp)',
  'application/vnd.oasis.opendocument.graphics': 'an OpenDocument drawing (.odg)',
  'application/epub+zip': 'an EPUB book',
};

/** The OPC main part types of Word documents and templates. */
const WORD_MAIN = /application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.(?:document|template)\.main\+xml/;
/** The OPC main part types of macro-enabled Word documents and templates (.docm, .dotm). */
const WORD_MACRO = /application\/vnd\.ms-word\.(?:document|template)\.macroEnabled(?:\.main)?\+xml/i;

/** The refusal of a macro-enabled document (its macros are never run, and its file is not kept). */
export const MACRO_REFUSAL = 'is a macro-enabled document (.docm): macros are refused; save it as a plain Word document (.docx)';

/** The refusal of a password-protected document. */
export const ENCRYPTED_REFUSAL = 'is password-protected (encrypted): save it without a password';

/**
 * What an archive is, from its parts: an OpenDocument file's `mimetype` entry, an Office Open XML package's
 * `[Content_Types].xml`.
 * @throws {@link DocumentError} when a part cannot be read (see {@link ZipArchive.read})
 */
export async function officeKind(zip: ZipArchive): Promise<OfficeKind> {
  if (zip.has('mimetype')) {
    const type = ((await zip.text('mimetype', 200)) ?? '').trim();
    if (type === 'application/vnd.oasis.opendocument.text' || type === 'application/vnd.oasis.opendocument.text-template') return { format: 'odt' };
    return { other: ODF_TYPES[type] ?? (type.startsWith('application/vnd.oasis.opendocument.') ? `an OpenDocument file of another kind (${type.slice(0, 80)})` : 'a ZIP archive') };
  }
  if (zip.has('[Content_Types].xml')) {
    const types = (await zip.text('[Content_Types].xml', 1024 * 1024)) ?? '';
    if (WORD_MACRO.test(types) || zip.names.some((n) => /(?:^|\/)vbaProject\.bin$/i.test(n))) return { other: 'a macro-enabled Word document (.docm)' };
    if (WORD_MAIN.test(types)) return { format: 'docx' };
    if (/spreadsheetml/.test(types)) return { other: 'an Excel workbook (.xlsx)' };
    if (/presentationml/.test(types)) return { other: 'a PowerPoint presentation (.pptx)' };
    return { other: 'an Office file that is not a Word document' };
  }
  return { other: 'a ZIP archive' };
}

/** The local part of a qualified XML name (`w:lang` → `lang`). */
export const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Events {@link walkXml} reports. */
export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * Parses one XML part with saxes (a streaming parser: nothing is built), refusing a DTD, nesting over
 * {@link MAX_XML_DEPTH} and more elements than `budget.elements` (default {@link MAX_XML_ELEMENTS}; a budget
 * shared by several parts is decreased by each); names are reported as written (`text:p`). Linear in the
 * size of the part.
 * @throws {@link DocumentError} naming the part when it is malformed or over a limit
 */
export function walkXml(xml: string, part: string, handlers: XmlHandlers = {}, budget: { elements: number; of?: string } = { elements: MAX_XML_ELEMENTS }): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let depth = 0;
  let failure: DocumentError | undefined;
  const fail = (reason: string) => new DocumentError('file', `has a part (${part.slice(0, 100)}) that ${reason}`);
  parser.on('doctype', () => {
    throw fail('declares a DTD (never found in a real document)');
  });
  parser.on('opentag', (tag) => {
    if (++depth > MAX_XML_DEPTH) throw fail(`nests elements more than ${MAX_XML_DEPTH} deep`);
    if (--budget.elements < 0) throw new DocumentError('file', `has more than ${budget.of ?? `${MAX_XML_ELEMENTS} elements in ${part.slice(0, 100)}`}`);
    handlers.open?.(tag.name, tag.attributes as Record<string, string>);
  });
  parser.on('closetag', (tag) => {
    depth--;
    handlers.close?.(tag.name);
  });
  if (handlers.text) parser.on('text', handlers.text);
  parser.on('error', (e) => {
    throw fail(`is not well-formed XML (${e.message.split('\n')[0]!.slice(0, 200)})`);
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    failure = e instanceof DocumentError ? e : fail(`could not be read (${(e as Error).message.slice(0, 200)})`);
  }
  if (failure) throw failure;
}

/**
 * The text of the first element of a part whose local name is `name` (`dc:title` → `title`), whitespace
 * collapsed; undefined when absent or empty.
 */
export function firstElementText(xml: string, part: string, name: string): string | undefined {
  let inside = 0;
  let text = '';
  let done = false;
  walkXml(xml, part, {
    open: (n) => {
      if (!done && localName(n) === name) inside++;
    },
    close: (n) => {
      if (inside && localName(n) === name && --inside === 0) done = true;
    },
    text: (t) => {
      if (inside && !done) text += t;
    },
  });
  const v = text.replace(/\s+/g, ' ').trim();
  return v || undefined;
}

/** `fr` or `en` from a language tag (`fr-FR`, `en_US`), else undefined. */
export function langOfTag(tag: string | undefined): 'fr' | 'en' | undefined {
  const l = (tag ?? '').trim().toLowerCase();
  return /^fr(?:$|[-_])/.test(l) ? 'fr' : /^en(?:$|[-_])/.test(l) ? 'en' : undefined;
}

/**
 * A document's language: the one its properties declare (`dc:language`), else the default style's (what
 * the author's editor was set to) unless the words plainly say otherwise, else detected from the words.
 */
export function officeLanguage(declared: string | undefined, style: string | undefined, styleFrom: string, text: string): { value: 'fr' | 'en'; from: string } {
  const d = langOfTag(declared);
  if (d) return { value: d, from: 'the document properties (dc:language)' };
  const s = langOfTag(style);
  const detected = detectLanguage(text.slice(0, 5000), s ?? 'en');
  if (s && detected === s) return { value: s, from: styleFrom };
  return { value: detected, from: s ? `detected from the text (${styleFrom} says ${s})` : 'detected from the text' };
}
