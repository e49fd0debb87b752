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

/** Most elements accepted in one XML part (a long report has a few hundred thousand). */
export const MAX_XML_ELEMENTS = 2_000_000;

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
 * {@link MAX_XML_DEPTH} and more than {@link MAX_XML_ELEMENTS} elements; names are reported as written
 * (`text:p`). Linear in the size of the part.
 * @throws {@link DocumentError} naming the part when it is malformed or over a limit
 */
export function walkXml(xml: string, part: string, handlers: XmlHandlers = {}): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let depth = 0;
  let count = 0;
  let failure: DocumentError | undefined;
  const fail = (reason: string) => new DocumentError('file', `has a part (${part.slice(0, 100)}) that ${reason}`);
  parser.on('doctype', () => {
    throw fail('declares a DTD (never found in a real document)');
  });
  parser.on('opentag', (tag) => {
    if (++depth > MAX_XML_DEPTH) throw fail(`nests elements more than ${MAX_XML_DEPTH} deep`);
    if (++count > MAX_XML_ELEMENTS) throw fail(`has more than ${MAX_XML_ELEMENTS} elements`);
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
