/**
 * Splitting a document body into paragraphs, sentences and passages, with exact offsets into the body so
 * that every quote is verbatim.
 */
import type { Lang } from '../types.js';
import { boundedPieces } from './pieces.js';

/** A span of a document body. */
export interface Span {
  start: number;
  end: number;
}

/** A passage: one sentence or a small window of consecutive sentences inside one paragraph. */
export interface PassageSpan extends Span {
  /** 1-based paragraph number. */
  paragraph: number;
  /** Index of the first sentence in the paragraph (0-based). */
  firstSentence: number;
  /** Number of sentences. */
  sentences: number;
}

/** Options of {@link passages}. */
export interface ChunkOptions {
  /** Largest window, in sentences (default 2). */
  maxWindow: number;
  /** A window is not built when it would exceed this many characters (default 500). */
  maxWindowChars: number;
}

const DEFAULT_CHUNK: ChunkOptions = { maxWindow: 2, maxWindowChars: 500 };

/**
 * How a body's lines make paragraphs. `lines`: every non-blank line is a paragraph (a body with no blank line
 * between two paragraphs, like the bundled corpus). `markdown`: a body with at least one blank line between two
 * non-blank lines is read as Markdown: a paragraph is a block of consecutive non-blank lines, a single line
 * break inside it is a soft wrap, and headings, list items and block quotes start their own paragraph.
 */
export type ParagraphMode = 'lines' | 'markdown';

/** The {@link ParagraphMode} of a body: `markdown` when a blank line separates two non-blank lines. */
export function paragraphMode(body: string): ParagraphMode {
  return /\S[^\S\r\n]*(?:\r\n|\r|\n)(?:[^\S\r\n]*(?:\r\n|\r|\n))+[^\S\r\n]*\S/.test(body) ? 'markdown' : 'lines';
}

/** What a line of a body is, and where its text (after its leading markup) starts and ends. */
type LineKind = 'blank' | 'break' | 'heading' | 'item' | 'quote' | 'text';
interface Line {
  kind: LineKind;
  /** Start of the line's text, after leading spaces and markup. */
  start: number;
  /** End of the line's text, trailing spaces (and a heading's closing #s) left out. */
  end: number;
}

/** A thematic break (`---`, `***`, `___`, `* * *`) or a setext heading underline (`===`). */
const RULE = /^(?:(?:\*[^\S\r\n]*){3,}|(?:-[^\S\r\n]*){3,}|(?:_[^\S\r\n]*){3,}|=+[^\S\r\n]*)$/;
const HEADING = /^#{1,6}(?:[^\S\r\n]+|$)/;
const QUOTE = /^(?:>[^\S\r\n]*)+/;
const ITEM = /^(?:[-*+]|\d{1,3}[.)])(?:[^\S\r\n]+|$)/;

/** The lines of a body, classified. */
function lines(body: string): Line[] {
  const out: Line[] = [];
  for (const m of body.matchAll(/([^\r\n]*)(?:\r\n|\r|\n|$)/g)) {
    const raw = m[1]!;
    if (m[0] === '') break; // the end of the body
    let at = raw.length - raw.trimStart().length;
    const end = m.index! + raw.trimEnd().length;
    const rest = () => raw.slice(at);
    let kind: LineKind = 'text';
    if (at === raw.length) kind = 'blank';
    else if (RULE.test(rest().trimEnd())) kind = 'break';
    else if (HEADING.test(rest())) {
      at += HEADING.exec(rest())![0].length;
      kind = 'heading';
    } else {
      const q = QUOTE.exec(rest());
      if (q) {
        at += q[0].length;
        kind = 'quote';
      }
      const item = ITEM.exec(rest());
      if (item) {
        at += item[0].length;
        kind = 'item';
      }
    }
    let start = m.index! + at;
    let stop = end;
    if (kind === 'heading') {
      // "## Title ##": the closing sequence is markup too.
      const close = /(?:^|[^\S\r\n]+)#+$/.exec(body.slice(start, stop));
      if (close) stop = start + close.index;
    }
    if (stop <= start) {
      kind = 'blank';
      start = stop = end;
    }
    out.push({ kind, start, end: stop });
  }
  return out;
}

/**
 * Paragraphs of a body (see {@link ParagraphMode}), trimmed, without the leading markup of a heading, list
 * item or block quote (`# `, `- `, `* `, `+ `, `1. `, `1) `, `> `) or a heading's closing `#`s. A line that is
 * only markup (`---`, `***`, `===`, a lone `#`) holds no paragraph. In `markdown` mode a paragraph may span
 * several lines: every line break inside it is a soft wrap (see {@link SOFT_BREAK}).
 */
export function paragraphs(body: string): Span[] {
  const all = lines(body);
  if (paragraphMode(body) === 'lines') return all.filter((l) => l.kind !== 'blank' && l.kind !== 'break').map((l) => ({ start: l.start, end: l.end }));
  const out: Span[] = [];
  let cur: (Span & { kind: LineKind }) | null = null;
  const flush = () => {
    if (cur) out.push({ start: cur.start, end: cur.end });
    cur = null;
  };
  for (const l of all) {
    if (l.kind === 'blank' || l.kind === 'break') flush();
    else if (l.kind === 'heading') {
      flush();
      out.push({ start: l.start, end: l.end });
    } else if (cur && (l.kind === 'text' || (l.kind === 'quote' && cur.kind === 'quote'))) {
      // A soft wrap; a quote's next line continues the quote (its ">" is a soft wrap's markup).
      cur.end = l.end;
    } else {
      flush();
      cur = { start: l.start, end: l.end, kind: l.kind };
    }
  }
  flush();
  return out;
}

/**
 * A soft line break inside a paragraph, with the spaces around it and the `>` markers of a block quote's next
 * line. Inside one paragraph every line break is soft: a line that opens a heading, a list item or a new block
 * quote starts a new paragraph.
 */
export const SOFT_BREAK = /[^\S\r\n]*(?:\r\n|\r|\n)(?:[^\S\r\n]*>)*[^\S\r\n]*/g;

/**
 * The text of a paragraph or passage with every soft line break (and the markup that goes with it) replaced by
 * as many spaces: the same length, so offsets into it are offsets into the original. Sentence segmentation,
 * dates and words are read from this copy, so a sentence goes on across a wrapped line.
 */
export function softBreaksAsSpaces(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(SOFT_BREAK, (m) => ' '.repeat(m.length)) : text;
}

/**
 * A quote as shown to a reader: every soft line break (with its spaces and markup) becomes one space, and the
 * spans are moved to match. The identity for text with no line break.
 */
export function unwrapQuote<T extends Span>(text: string, spans: readonly T[] = []): { text: string; spans: T[] } {
  if (!text.includes('\n') && !text.includes('\r')) return { text, spans: [...spans] };
  const cuts: { at: number; from: number; to: number }[] = []; // a run [from, to) of the text became one space at `at`
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SOFT_BREAK)) {
    out += text.slice(last, m.index);
    cuts.push({ at: out.length, from: m.index!, to: m.index! + m[0].length });
    out += ' ';
    last = m.index! + m[0].length;
  }
  out += text.slice(last);
  const map = (offset: number, side: 'start' | 'end'): number => {
    let shift = 0;
    for (const c of cuts) {
      if (offset >= c.to) shift += c.to - c.from - 1;
      else if (offset > c.from) return side === 'start' ? c.at + 1 : c.at;
      else break;
    }
    return offset - shift;
  };
  return { text: out, spans: spans.map((s) => ({ ...s, start: map(s.start, 'start'), end: Math.max(map(s.start, 'start'), map(s.end, 'end')) })) };
}

const segmenters: Partial<Record<Lang, Intl.Segmenter>> = {};

/** Abbreviations after which a sentence does not end. */
const ABBREV = /(?:^|[\s(«"])(?:M|Mme|Mlle|MM|Dr|Pr|St|Ste|Mr|Mrs|Ms|Prof|Gen|Gén|Sen|Rep|Gov|Jr|Sr|vs|etc|cf|p|pp|n°|No|av|J\.-C|[A-Z](?:\.[A-Z])*)\.\s*$/u;

/** Longest text given to the sentence segmenter at once (see {@link boundedPieces}). */
export const SEGMENT_PIECE = 4000;

/** Sentences of one paragraph (offsets relative to the body). */
export function sentences(body: string, para: Span, lang: Lang): Span[] {
  const seg = (segmenters[lang] ??= new Intl.Segmenter(lang, { granularity: 'sentence' }));
  // Intl.Segmenter ends a sentence at a line break: segment a copy where soft wraps are spaces (same length).
  const text = softBreaksAsSpaces(body.slice(para.start, para.end));
  const at = (s: Span) => text.slice(s.start - para.start, s.end - para.start);
  const raw: Span[] = [];
  // ICU's segmenter is quadratic on some long inputs: it only ever sees bounded pieces, cut after a sentence
  // end where there is one (an abbreviation cut this way is joined again below).
  for (const piece of boundedPieces(text, SEGMENT_PIECE)) {
    for (const s of seg.segment(text.slice(piece.start, piece.end))) {
      const t = s.segment.trimEnd();
      if (!t.trim()) continue;
      const lead = t.length - t.trimStart().length;
      raw.push({ start: para.start + piece.start + s.index + lead, end: para.start + piece.start + s.index + t.length });
    }
  }
  // Merge splits after abbreviations or before a lowercase continuation.
  const merged: Span[] = [];
  for (const s of raw) {
    const prev = merged[merged.length - 1];
    if (prev) {
      // Only the end of the previous sentence can hold the abbreviation: testing all of it made a run of
      // merges (« M. M. M. … ») quadratic (60 kB took 40 s). The mark stands for the cut-off start.
      const prevText = prev.end - prev.start > 40 ? `\u0001${text.slice(prev.end - para.start - 40, prev.end - para.start)}` : at(prev);
      const nextText = at(s);
      if (ABBREV.test(prevText) || /^[\p{Ll},;:)»]/u.test(nextText)) {
        prev.end = s.end;
        continue;
      }
    }
    merged.push({ ...s });
  }
  return merged.some((s) => s.end - s.start > MAX_SENTENCE_CHARS) ? merged.flatMap((s) => splitLong(text, para.start, s, MAX_SENTENCE_CHARS)) : merged;
}

/**
 * Longest sentence kept whole, in characters. A longer one (a paragraph with no punctuation) is cut into
 * pieces of at most this length, so that no passage, hence no quote, is longer than a chat message can show
 * (Discord 2,000 characters, a Slack section 3,000) and no answer carries megabytes.
 */
export const MAX_SENTENCE_CHARS = 1000;

/**
 * Cuts a span of `text` (offsets relative to the body; `text` starts at `base`) into pieces of at most `max`
 * characters: after a `,` `;` `:` or a dash in the second half of the piece, else at the last space, else at
 * `max` (never inside a surrogate pair). Each piece is trimmed.
 */
export function splitLong(text: string, base: number, span: Span, max: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  const push = (a: number, b: number) => {
    const piece = text.slice(a - base, b - base);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (b - trail > a + lead) out.push({ start: a + lead, end: b - trail });
  };
  while (span.end - start > max) {
    const window = text.slice(start - base, start - base + max);
    let cut = -1;
    for (const m of window.matchAll(/[,;:–—]\s+/gu)) if (m.index! >= max / 2) cut = m.index! + m[0].length;
    if (cut < 0) {
      const space = window.lastIndexOf(' ');
      cut = space >= max / 2 ? space + 1 : max;
    }
    // Never between the two halves of a surrogate pair.
    const code = text.charCodeAt(start - base + cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    push(start, start + cut);
    start += cut;
  }
  push(start, span.end);
  return out;
}

/**
 * Passages of a body: every sentence, and windows of up to `maxWindow` consecutive sentences of the same
 * paragraph (never crossing a paragraph). `paras`: the body's paragraphs when its reader found them (default:
 * {@link paragraphs}).
 */
export function passages(body: string, lang: Lang, options: Partial<ChunkOptions> = {}, paras: readonly Span[] = paragraphs(body)): PassageSpan[] {
  const opts = { ...DEFAULT_CHUNK, ...options };
  const out: PassageSpan[] = [];
  paras.forEach((para, p) => {
    const sents = sentences(body, para, lang);
    for (let i = 0; i < sents.length; i++) {
      for (let w = 1; w <= opts.maxWindow && i + w <= sents.length; w++) {
        const start = sents[i]!.start;
        const end = sents[i + w - 1]!.end;
        if (w > 1 && end - start > opts.maxWindowChars) break;
        out.push({ start, end, paragraph: p + 1, firstSentence: i, sentences: w });
      }
    }
  });
  return out;
}
