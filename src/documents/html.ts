/**
 * Web pages (`.html`/`.htm` files, or a URL): the article alone, extracted by @mozilla/readability over a
 * linkedom DOM (scripts are never run: linkedom does not run them), then a furniture pass that removes what
 * readability keeps inside the article (advertisements, share bars, "read also" lists, the byline). The
 * title, publication date and language are read from the page, each with where it was found.
 */
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import { DocumentError } from '../errors.js';
import { detectLanguage } from '../text/analyze.js';
import type { Lang } from '../types.js';
import { joinParagraphs, type DocumentReader, type Found, type FoundMeta, type ReadDocument } from './reader.js';

/** Most elements a page may have before it is refused (readability's own limit; an HTML bomb stops here). */
export const MAX_HTML_ELEMENTS = 30_000;

/** Deepest element nesting accepted: real pages stay far below; readability slows down sharply past it. */
export const MAX_HTML_DEPTH = 120;

/**
 * Refuses a page too large or too deeply nested to read in bounded time (an HTML bomb), before readability
 * sees it. The walk is iterative, so depth itself cannot overflow the stack here.
 */
function checkShape(doc: Document): void {
  const root = doc.documentElement;
  if (!root) throw new DocumentError('file', 'is not readable HTML (no document element)');
  let count = 0;
  const stack: [Element, number][] = [[root, 1]];
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (++count > MAX_HTML_ELEMENTS) throw new DocumentError('file', `has more than ${MAX_HTML_ELEMENTS} elements`);
    if (depth > MAX_HTML_DEPTH) throw new DocumentError('file', `nests elements more than ${MAX_HTML_DEPTH} deep`);
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push([c, depth + 1]);
  }
}

/** Elements whose content is never part of the article text. */
const DROPPED_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'FORM', 'BUTTON', 'INPUT', 'SELECT',
  'TEXTAREA', 'NAV', 'ASIDE', 'FOOTER', 'HEADER', 'FIGURE', 'PICTURE', 'IMG', 'VIDEO', 'AUDIO', 'TABLE', 'PRE', 'MENU', 'DIALOG',
]);
/** Class, id or role words of page furniture that readability may leave inside an article. */
const FURNITURE_WORDS = new Set([
  'ad', 'ads', 'advert', 'advertisement', 'advertising', 'adslot', 'ad-slot', 'ad-container', 'sponsor', 'sponsored', 'promo',
  'promotion', 'banner', 'cookie', 'cookies', 'consent', 'newsletter', 'subscribe', 'subscription', 'paywall', 'share', 'sharing',
  'social', 'related', 'read-also', 'readalso', 'lire-aussi', 'a-lire', 'see-also', 'recommended', 'byline', 'author', 'author-info',
  'comments', 'comment', 'sidebar', 'outbrain', 'taboola', 'breadcrumb', 'breadcrumbs', 'tags', 'navigation', 'complementary',
  'contentinfo', 'caption', 'credit', 'credits',
]);
/** Containers never removed as furniture, whatever their class says. */
const KEPT_CONTAINERS = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE']);
/** Elements that make a paragraph of their own. */
const BLOCK_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'DD', 'DT', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'UL', 'OL', 'DL', 'ADDRESS', 'CENTER', 'HR', 'BR']);

type El = Element;

function isFurniture(el: El): boolean {
  if (DROPPED_TAGS.has(el.tagName)) return true;
  if (el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') return true;
  const words = [el.getAttribute('class') ?? '', el.getAttribute('id') ?? '', el.getAttribute('role') ?? '', el.getAttribute('itemprop') ?? '', el.getAttribute('rel') ?? '']
    .join(' ')
    .toLowerCase()
    .split(/[\s_]+/)
    .filter(Boolean);
  return words.some((w) => FURNITURE_WORDS.has(w) || FURNITURE_WORDS.has(w.replace(/^(?:js|c|o|m)-/, '')));
}

/** Whitespace as a browser renders it: runs become one space. */
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Paragraph texts of an article element: each block without blocks inside, and text runs between blocks. */
function blockTexts(root: El): string[] {
  const out: string[] = [];
  let run = '';
  const flush = () => {
    const t = collapse(run);
    if (t) out.push(t);
    run = '';
  };
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      run += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as El;
    if (isFurniture(el)) return;
    const block = BLOCK_TAGS.has(el.tagName);
    if (block) flush();
    for (const c of Array.from(el.childNodes)) visit(c);
    if (block) flush();
  };
  visit(root);
  flush();
  return out;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** The calendar day a machine-readable date starts with, or undefined. */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DAY.exec(value.trim());
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(m[0]) ? m[0] : undefined;
}

/** `datePublished` of the page's JSON-LD (top level, in a list or in `@graph`). */
function jsonLdDate(doc: Document): string | undefined {
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(s.textContent ?? '');
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    while (queue.length) {
      const x = queue.shift();
      if (Array.isArray(x)) queue.push(...x);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        const day = dayOf(o.datePublished);
        if (day) return day;
        if (o['@graph']) queue.push(o['@graph']);
      }
    }
  }
  return undefined;
}

function pageDate(doc: Document): Found<string> | undefined {
  const meta = dayOf(doc.querySelector('meta[property="article:published_time"], meta[name="article:published_time"]')?.getAttribute('content'));
  if (meta) return { value: meta, from: 'meta article:published_time' };
  const ld = jsonLdDate(doc);
  if (ld) return { value: ld, from: 'JSON-LD datePublished' };
  const scope = doc.querySelector('article') ?? doc;
  for (const t of Array.from(scope.querySelectorAll('time[datetime]'))) {
    const day = dayOf(t.getAttribute('datetime'));
    if (day) return { value: day, from: '<time datetime>' };
  }
  return undefined;
}

function langOf(tag: string | null | undefined): Lang | undefined {
  const l = (tag ?? '').trim().toLowerCase();
  return l.startsWith('fr') ? 'fr' : l.startsWith('en') ? 'en' : undefined;
}

/** Decodes a page: UTF-8 when valid, else windows-1252 (what browsers fall back to). */
function decodeHtml(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** linkedom and readability, loaded on first use (a process serving a snapshot never needs them). */
let libs: Promise<{ parseHTML: (html: string) => { document: unknown }; Readability: typeof ReadabilityClass }> | null = null;
const loadLibs = () =>
  (libs ??= Promise.all([import('linkedom'), import('@mozilla/readability')]).then(([l, r]) => ({ parseHTML: l.parseHTML as never, Readability: r.Readability })));

/** The HTML reader. */
export const htmlReader: DocumentReader = {
  format: 'html',
  extensions: ['html', 'htm'],
  mediaTypes: ['text/html', 'application/xhtml+xml'],
  async read(bytes, options = {}): Promise<ReadDocument> {
    const html = decodeHtml(bytes).normalize('NFC');
    // A cheap bound before parsing: every element needs at least one '<' (and closing tags one more).
    let angles = 0;
    for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) angles++;
    if (angles > MAX_HTML_ELEMENTS * 3) throw new DocumentError('file', `has more than ${MAX_HTML_ELEMENTS} elements`);
    const { parseHTML, Readability } = await loadLibs();
    let doc: Document;
    try {
      doc = parseHTML(html).document as unknown as Document;
    } catch (e) {
      throw new DocumentError('file', `is not readable HTML (${(e as Error).message})`);
    }
    checkShape(doc);
    const found: FoundMeta = {};
    const published = pageDate(doc);
    if (published) found.published = published;
    const htmlLang = langOf(doc.documentElement?.getAttribute('lang'));
    const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? doc.querySelector('meta[property="og:url"]')?.getAttribute('content');
    if (options.url) found.source = { value: options.url, from: 'the URL it was fetched from' };
    else if (canonical && /^https?:\/\//i.test(canonical)) found.source = { value: canonical, from: 'link rel=canonical' };
    const metaAuthor = doc.querySelector('meta[name="author"]')?.getAttribute('content');
    // The furniture pass, before readability too: it may unwrap an advertisement's <div> around a single
    // <p>, and the class that told what it was goes with it.
    for (const el of Array.from(doc.querySelectorAll('body *'))) {
      if (!KEPT_CONTAINERS.has(el.tagName) && el.isConnected && isFurniture(el)) el.remove();
    }
    let article: ReturnType<ReadabilityClass<Node>['parse']>;
    try {
      article = new Readability<Node>(doc, { maxElemsToParse: MAX_HTML_ELEMENTS, keepClasses: true, serializer: (n) => n }).parse();
    } catch (e) {
      const msg = (e as Error).message;
      throw new DocumentError('file', /Aborting parsing/.test(msg) ? `has more than ${MAX_HTML_ELEMENTS} elements` : `could not be read as an article (${msg})`);
    }
    if (!article?.content) throw new DocumentError('file', 'holds no article text that could be found');
    const byline = article.byline ? collapse(article.byline) : '';
    const texts = blockTexts(article.content as unknown as El).filter((t) => t !== byline);
    if (!texts.length) throw new DocumentError('file', 'holds no article text that could be found');
    const title = article.title ? collapse(article.title) : '';
    if (title) found.title = { value: title.slice(0, 300), from: 'the page title (readability)' };
    const lang = htmlLang ?? langOf(article.lang);
    if (lang) found.language = { value: lang, from: '<html lang>' };
    else found.language = { value: detectLanguage(texts.join(' ').slice(0, 5000)), from: 'detected from the text' };
    if (metaAuthor?.trim()) found.author = { value: collapse(metaAuthor).slice(0, 200), from: 'meta author' };
    else if (byline && byline.length <= 200) found.author = { value: byline, from: 'byline' };
    return { ...joinParagraphs(texts.map((text) => ({ text }))), found };
  },
};
