/**
 * Word documents (`.docx`): the archive is opened under the limits of `zip.ts`, every XML part checked
 * (`office.ts`), then mammoth turns the document into HTML (headings from the Heading styles, list items,
 * tracked insertions kept and deletions left out, comments left out, footnotes and endnotes at the end) and
 * the paragraphs are taken from that HTML with linkedom: each heading, paragraph and list item its own
 * paragraph; tables, pictures and note markers never quoted. Mammoth reads a copy of the archive holding
 * only the XML parts that passed the checks, so it never inflates anything that was not counted, and never
 * reads a picture. The title comes from the core properties (`dc:title`), else the first heading, else the
 * first paragraph; the language from `dc:language`, else the default style's `w:lang`, else the words. The
 * file's created and modified dates are not publication dates: a Word document gets none unless given.
 */
import type * as Mammoth from 'mammoth';
import { DocumentError } from '../errors.js';
import { checkTextSize, firstElementText, localName, MACRO_REFUSAL, MAX_DOCX_ELEMENTS, officeKind, officeLanguage, walkXml } from './office.js';
import { joinParagraphs, type DocumentReader, type FoundMeta, type ReadDocument } from './reader.js';
import { openZip } from './zip.js';

/** Elements of mammoth's HTML whose content is never quoted. */
const DROPPED = new Set(['TABLE', 'IMG', 'SCRIPT', 'STYLE']);
/** Elements of mammoth's HTML that make a paragraph of their own. */
const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'DIV']);

/** A paragraph of the document and whether it is a heading. */
interface Block {
  text: string;
  heading: boolean;
}

/**
 * The paragraphs of mammoth's HTML. Note references (`<sup><a id="footnote-ref-1">[1]</a></sup>`) and the
 * notes' links back (`↑`) are left out; the notes' own text stays, at the end, as mammoth puts it.
 */
export function htmlBlocks(root: Element): Block[] {
  const out: Block[] = [];
  let run = '';
  let heading = false;
  const flush = () => {
    const t = run.replace(/\s+/g, ' ').trim();
    if (t) out.push({ text: t, heading });
    run = '';
  };
  // Iterative, so that nesting cannot overflow the stack; `{ end: true }` marks the end of a block.
  const stack: (Node | { end: true })[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if ('end' in node) {
      flush();
      heading = false;
      continue;
    }
    if (node.nodeType === 3) {
      run += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    if (DROPPED.has(el.tagName)) continue;
    if (el.tagName === 'A' && /^#(?:foot|end)note-(?:ref-)?\d/.test(el.getAttribute('href') ?? '')) continue;
    if (el.tagName === 'BR') {
      run += '\n';
      continue;
    }
    if (BLOCKS.has(el.tagName)) {
      flush();
      heading = /^H\d$/.test(el.tagName);
      stack.push({ end: true });
    }
    for (let c = el.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  flush();
  return out;
}

/** The language of the default run properties in `word/styles.xml` (`w:docDefaults/…/w:lang/@w:val`). */
function defaultLang(stylesXml: string | undefined): string | undefined {
  if (!stylesXml) return undefined;
  let inDefaults = 0;
  let lang: string | undefined;
  walkXml(stylesXml, 'word/styles.xml', {
    open: (name, attrs) => {
      if (localName(name) === 'docDefaults') inDefaults++;
      else if (inDefaults && !lang && localName(name) === 'lang') lang = Object.entries(attrs).find(([k]) => localName(k) === 'val')?.[1];
    },
    close: (name) => {
      if (localName(name) === 'docDefaults') inDefaults--;
    },
  });
  return lang;
}

/** mammoth, linkedom and fflate, loaded on first use. */
let libs: Promise<[(typeof Mammoth)['default'], typeof import('linkedom'), typeof import('fflate')]> | null = null;

/** The Word reader. */
export const docxReader: DocumentReader = {
  format: 'docx',
  extensions: ['docx'],
  mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  async read(bytes): Promise<ReadDocument> {
    const zip = await openZip(bytes);
    const kind = await officeKind(zip);
    if ('other' in kind) throw new DocumentError('file', kind.other.includes('macro') ? MACRO_REFUSAL : `is ${kind.other}, not a Word document (.docx)`);
    if (kind.format !== 'docx') throw new DocumentError('file', 'is an OpenDocument text (.odt), not a Word document (.docx)');
    const [mammoth, { parseHTML }, { zipSync }] = await (libs ??= Promise.all([import('mammoth').then((m) => m.default), import('linkedom'), import('fflate')]));
    // The parts mammoth reads, each checked: every XML part and relationship list; never a picture.
    const parts: Record<string, Uint8Array> = {};
    const xml = new Map<string, string>();
    const budget = { elements: MAX_DOCX_ELEMENTS, of: `${MAX_DOCX_ELEMENTS} XML elements (a Word document this large is read too slowly: split it)` };
    for (const name of zip.names) {
      if (!/\.(?:xml|rels)$/i.test(name)) continue;
      const data = (await zip.read(name))!;
      const text = new TextDecoder('utf-8').decode(data);
      walkXml(text, name, {}, budget);
      parts[name] = data;
      xml.set(name, text);
    }
    let html: string;
    try {
      const result = await mammoth.convertToHtml(
        { buffer: Buffer.from(zipSync(parts, { level: 0 })) },
        { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), ignoreEmptyParagraphs: true },
      );
      html = result.value;
    } catch (e) {
      throw new DocumentError('file', `is not a readable Word document (${(e as Error).message.split('\n')[0]!.slice(0, 200)})`);
    }
    const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
    const blocks = htmlBlocks(document.body as unknown as Element);
    if (!blocks.length) throw new DocumentError('file', 'is a Word document with no text');
    checkTextSize(blocks);
    const found: FoundMeta = {};
    const core = xml.get('docProps/core.xml');
    const title = core && firstElementText(core, 'docProps/core.xml', 'title');
    const firstHeading = blocks.find((b) => b.heading);
    if (title) found.title = { value: title.slice(0, 300), from: 'the document properties (dc:title)' };
    else if (firstHeading) found.title = { value: firstHeading.text.slice(0, 300), from: 'first heading' };
    else found.title = { value: blocks[0]!.text.split('\n')[0]!.slice(0, 300), from: 'first line' };
    const text = blocks.map((b) => b.text).join(' ');
    found.language = officeLanguage(core && firstElementText(core, 'docProps/core.xml', 'language'), defaultLang(xml.get('word/styles.xml')), 'the default style (w:lang)', text);
    const author = core && firstElementText(core, 'docProps/core.xml', 'creator');
    if (author) found.author = { value: author.slice(0, 200), from: 'the document properties (dc:creator)' };
    return { ...joinParagraphs(blocks.map((b) => ({ text: b.text }))), found };
  },
};
