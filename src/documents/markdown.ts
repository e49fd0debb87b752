/**
 * Markdown documents: CommonMark + GFM parsed by mdast-util-from-markdown (micromark), which keeps every
 * node's source position. A paragraph's text is made of verbatim slices of the source (its text nodes at
 * their positions): link, emphasis, strikethrough and heading markup fall away while their text stays;
 * fenced and indented code, tables, HTML, images, definitions and footnote definitions are never quoted.
 * Headings, list items' paragraphs and block quotes' paragraphs are their own paragraphs.
 */
import type { Nodes, Parents, PhrasingContent, RootContent } from 'mdast';
import { paragraphMode, SOFT_BREAK } from '../text/chunk.js';
import { splitFrontMatter } from './front-matter.js';
import { decodeUtf8, joinParagraphs, type DocumentReader, type FoundMeta, type ReadDocument } from './reader.js';

/** Block nodes whose content is never quoted. */
const SKIPPED_BLOCKS = new Set(['code', 'html', 'table', 'thematicBreak', 'definition', 'footnoteDefinition', 'yaml', 'toml']);
/** Inline nodes left out of a paragraph's text. */
const SKIPPED_INLINE = new Set(['image', 'imageReference', 'html', 'footnoteReference']);

/** The text of a run of inline nodes: source slices of text nodes, the code of inline code. */
function inlineText(nodes: PhrasingContent[], source: string): string {
  let out = '';
  for (const n of nodes) {
    if (SKIPPED_INLINE.has(n.type)) continue;
    if (n.type === 'text') {
      const s = n.position?.start.offset;
      const e = n.position?.end.offset;
      out += s !== undefined && e !== undefined ? source.slice(s, e) : n.value;
    } else if (n.type === 'inlineCode') out += n.value;
    else if (n.type === 'break') out += '\n';
    else if ('children' in n) out += inlineText(n.children as PhrasingContent[], source);
  }
  return out;
}

/** The parser, loaded on first use (a process serving a snapshot never parses a document). */
let parser: Promise<(body: string) => Nodes> | null = null;
const loadParser = () =>
  (parser ??= Promise.all([import('mdast-util-from-markdown'), import('mdast-util-gfm'), import('micromark-extension-gfm')]).then(
    ([m, g, x]) => (body: string) => m.fromMarkdown(body, { extensions: [x.gfm()], mdastExtensions: [g.gfmFromMarkdown()] }),
  ));

/**
 * Reads a Markdown body (front matter already removed) into paragraph texts. In `lines` mode (no blank line
 * between two lines, like the bundled corpus) every line is a paragraph, as the corpus has always read.
 */
export async function markdownParagraphs(body: string): Promise<{ texts: string[]; firstHeading?: string }> {
  const tree = (await loadParser())(body);
  const byLine = paragraphMode(body) === 'lines';
  const texts: string[] = [];
  let firstHeading: string | undefined;
  const push = (text: string) => {
    const pieces = byLine ? text.split(SOFT_BREAK) : [text];
    for (const p of pieces) if (p.trim()) texts.push(p.trim());
  };
  const walk = (node: Nodes) => {
    if (SKIPPED_BLOCKS.has(node.type)) return;
    if (node.type === 'paragraph' || node.type === 'heading') {
      const text = inlineText(node.children, body);
      if (node.type === 'heading' && firstHeading === undefined && text.trim()) firstHeading = text.trim().replace(SOFT_BREAK, ' ');
      push(text);
      return;
    }
    if ('children' in node) for (const c of (node as Parents).children as RootContent[]) walk(c);
  };
  walk(tree);
  return { texts, ...(firstHeading !== undefined ? { firstHeading } : {}) };
}

/** The Markdown reader (`.md`, `.markdown`); front matter optional. */
export const markdownReader: DocumentReader = {
  format: 'markdown',
  extensions: ['md', 'markdown'],
  mediaTypes: ['text/markdown', 'text/x-markdown', 'text/plain'],
  async read(bytes): Promise<ReadDocument> {
    const { data, body } = splitFrontMatter(decodeUtf8(bytes));
    return await readMarkdownBody(body, data);
  },
};

/** Reads a Markdown body whose front matter was split off; the title found is the first heading, else the first line. */
export async function readMarkdownBody(body: string, frontMatter?: Record<string, unknown>): Promise<ReadDocument> {
  const { texts, firstHeading } = await markdownParagraphs(body);
  const found: FoundMeta = {};
  const first = texts[0]?.split(/\r\n|\r|\n/)[0]?.trim();
  if (firstHeading) found.title = { value: firstHeading.slice(0, 300), from: 'first heading' };
  else if (first) found.title = { value: first.slice(0, 300), from: 'first line' };
  return { ...joinParagraphs(texts.map((text) => ({ text }))), ...(frontMatter ? { frontMatter } : {}), found };
}
