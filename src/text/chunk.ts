/**
 * Splitting a document body into paragraphs, sentences and passages, with exact offsets into the body so
 * that every quote is verbatim.
 */
import type { Lang } from '../types.js';

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

/** Paragraphs of a body: maximal runs of non-blank text between line breaks, trimmed. */
export function paragraphs(body: string): Span[] {
  const out: Span[] = [];
  const re = /[^\r\n]+/g;
  for (const m of body.matchAll(re)) {
    const lead = m[0].length - m[0].trimStart().length;
    const text = m[0].trim();
    if (!text) continue;
    const start = m.index! + lead;
    out.push({ start, end: start + text.length });
  }
  return out;
}

const segmenters: Partial<Record<Lang, Intl.Segmenter>> = {};

/** Abbreviations after which a sentence does not end. */
const ABBREV = /(?:^|[\s(«"])(?:M|Mme|Mlle|MM|Dr|Pr|St|Ste|Mr|Mrs|Ms|Prof|Gen|Gén|Sen|Rep|Gov|Jr|Sr|vs|etc|cf|p|pp|n°|No|av|J\.-C|[A-Z](?:\.[A-Z])*)\.\s*$/u;

/** Sentences of one paragraph (offsets relative to the body). */
export function sentences(body: string, para: Span, lang: Lang): Span[] {
  const seg = (segmenters[lang] ??= new Intl.Segmenter(lang, { granularity: 'sentence' }));
  const text = body.slice(para.start, para.end);
  const raw: Span[] = [];
  for (const s of seg.segment(text)) {
    const t = s.segment.trimEnd();
    if (!t.trim()) continue;
    const lead = t.length - t.trimStart().length;
    raw.push({ start: para.start + s.index + lead, end: para.start + s.index + t.length });
  }
  // Merge splits after abbreviations or before a lowercase continuation.
  const merged: Span[] = [];
  for (const s of raw) {
    const prev = merged[merged.length - 1];
    if (prev) {
      const prevText = body.slice(prev.start, prev.end);
      const nextText = body.slice(s.start, s.end);
      if (ABBREV.test(prevText) || /^[\p{Ll},;:)»]/u.test(nextText)) {
        prev.end = s.end;
        continue;
      }
    }
    merged.push({ ...s });
  }
  return merged;
}

/**
 * Passages of a body: every sentence, and windows of up to `maxWindow` consecutive sentences of the same
 * paragraph (never crossing a paragraph).
 */
export function passages(body: string, lang: Lang, options: Partial<ChunkOptions> = {}): PassageSpan[] {
  const opts = { ...DEFAULT_CHUNK, ...options };
  const out: PassageSpan[] = [];
  paragraphs(body).forEach((para, p) => {
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
