/**
 * OpenDocument text (`.odt`, LibreOffice Writer): the archive is opened under the limits of `zip.ts`, and
 * `content.xml` read with saxes, a streaming parser (nothing is built, one pass): each heading (`text:h`),
 * paragraph (`text:p`) and list item's paragraph is a paragraph of its own; tables, frames (pictures, text
 * boxes, captions), comments (`office:annotation`), note citations, tables of contents and the deleted text
 * of tracked changes are never quoted (inserted text is in the body: it is text); the notes' own text
 * follows the body. The title comes from `meta.xml` (`dc:title`), else the first heading, else the first
 * paragraph; the language from `dc:language`, else the default paragraph style's `fo:language`, else the
 * words. The file's creation and modification dates are not publication dates: none is read.
 */
import { DocumentError } from '../errors.js';
import { checkTextSize, ENCRYPTED_REFUSAL, firstElementText, officeKind, officeLanguage, walkXml } from './office.js';
import { joinParagraphs, type DocumentReader, type FoundMeta, type ReadDocument } from './reader.js';
import { openZip } from './zip.js';

/** Elements whose whole content is never quoted. */
const DROPPED = new Set([
  'table:table', 'draw:frame', 'draw:a', 'draw:custom-shape', 'draw:g', 'draw:rect', 'draw:ellipse', 'draw:line', 'draw:text-box',
  'office:annotation', 'text:note-citation', 'text:tracked-changes', 'text:sequence-decls', 'text:table-of-content',
  'text:alphabetical-index', 'text:illustration-index', 'text:table-index', 'text:object-index', 'text:user-index',
  'text:bibliography', 'office:forms', 'svg:title', 'svg:desc',
]);

/** A paragraph of the document and whether it is a heading. */
interface Block {
  text: string;
  heading: boolean;
}

/** The paragraphs of an OpenDocument `content.xml`: the body's, then the notes'. */
export function odtBlocks(xml: string): Block[] {
  const body: Block[] = [];
  const notes: Block[] = [];
  /** Paragraphs being read (a note's paragraph opens inside the body's), each with where it goes. */
  const open: { text: string; heading: boolean; into: Block[] }[] = [];
  let dropped = 0;
  let inNote = 0;
  walkXml(xml, 'content.xml', {
    open: (name, attrs) => {
      if (dropped || DROPPED.has(name)) {
        dropped++;
        return;
      }
      if (name === 'text:note-body') inNote++;
      else if (name === 'text:p' || name === 'text:h') open.push({ text: '', heading: name === 'text:h', into: inNote ? notes : body });
      else if (open.length) {
        const top = open[open.length - 1]!;
        if (name === 'text:s') top.text += ' '.repeat(Math.min(Math.max(Number(attrs['text:c']) || 1, 1), 100));
        else if (name === 'text:tab') top.text += '\t';
        else if (name === 'text:line-break') top.text += '\n';
      }
    },
    close: (name) => {
      if (dropped) {
        dropped--;
        return;
      }
      if (name === 'text:note-body') inNote--;
      else if (name === 'text:p' || name === 'text:h') {
        const p = open.pop()!;
        const text = p.text.replace(/\s+/g, ' ').trim();
        if (text) p.into.push({ text, heading: p.heading });
      }
    },
    text: (t) => {
      if (!dropped && open.length) open[open.length - 1]!.text += t;
    },
  });
  return [...body, ...notes];
}

/** The `fo:language` of the default paragraph style in `styles.xml`. */
function defaultLang(stylesXml: string | undefined): string | undefined {
  if (!stylesXml) return undefined;
  let inDefault = false;
  let lang: string | undefined;
  walkXml(stylesXml, 'styles.xml', {
    open: (name, attrs) => {
      if (name === 'style:default-style') inDefault = attrs['style:family'] === 'paragraph';
      else if (inDefault && !lang && name === 'style:text-properties') lang = attrs['fo:language'];
    },
    close: (name) => {
      if (name === 'style:default-style') inDefault = false;
    },
  });
  return lang;
}

/** The OpenDocument text reader. */
export const odtReader: DocumentReader = {
  format: 'odt',
  extensions: ['odt'],
  mediaTypes: ['application/vnd.oasis.opendocument.text'],
  async read(bytes): Promise<ReadDocument> {
    const zip = await openZip(bytes);
    const kind = await officeKind(zip);
    if ('other' in kind) throw new DocumentError('file', `is ${kind.other}, not an OpenDocument text (.odt)`);
    if (kind.format !== 'odt') throw new DocumentError('file', 'is a Word document (.docx), not an OpenDocument text (.odt)');
    const manifest = await zip.text('META-INF/manifest.xml');
    if ((manifest && /<manifest:encryption-data\b/.test(manifest)) || zip.isEncrypted('content.xml')) throw new DocumentError('file', ENCRYPTED_REFUSAL);
    if (zip.names.some((n) => /^(?:Basic|Scripts)\//.test(n))) throw new DocumentError('file', 'holds macros: macros are refused; save the document without them');
    const content = await zip.text('content.xml');
    if (content === undefined) throw new DocumentError('file', 'is an OpenDocument file without content (no content.xml)');
    const blocks = odtBlocks(content);
    if (!blocks.length) throw new DocumentError('file', 'is an OpenDocument text with no text');
    checkTextSize(blocks);
    const meta = await zip.text('meta.xml');
    const found: FoundMeta = {};
    const title = meta && firstElementText(meta, 'meta.xml', 'title');
    const firstHeading = blocks.find((b) => b.heading);
    if (title) found.title = { value: title.slice(0, 300), from: 'the document properties (dc:title)' };
    else if (firstHeading) found.title = { value: firstHeading.text.slice(0, 300), from: 'first heading' };
    else found.title = { value: blocks[0]!.text.slice(0, 300), from: 'first line' };
    const text = blocks.map((b) => b.text).join(' ');
    found.language = officeLanguage(meta && firstElementText(meta, 'meta.xml', 'language'), defaultLang(await zip.text('styles.xml')), 'the default style (fo:language)', text);
    const author = meta && firstElementText(meta, 'meta.xml', 'initial-creator');
    if (author) found.author = { value: author.slice(0, 200), from: 'the document properties (meta:initial-creator)' };
    return { ...joinParagraphs(blocks.map((b) => ({ text: b.text }))), found };
  },
};
