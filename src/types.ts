/**
 * Core types shared by the engine and every adapter.
 *
 * Every platform adapter renders the same {@link Answer}; nothing here refers to a platform.
 */

/** A language the bot understands and speaks. */
export type Lang = 'fr' | 'en';

/** How precise a resolved date is. */
export type DatePrecision = 'year' | 'month' | 'day' | 'minute';

/** The kind of question, as detected from its wording. */
export type QuestionType = 'when' | 'who' | 'howmuch' | 'where' | 'why' | 'what' | 'yesno' | 'other';

/** Metadata of one corpus document (from its YAML front matter). */
export interface DocumentMeta {
  /** Stable identifier, unique in the corpus. */
  id: string;
  /** Human title. */
  title: string;
  /** Publication date, `YYYY-MM-DD`; absent when the document does not say (it is never guessed). */
  published?: string;
  /** Language of the text. */
  language: Lang;
  /** Where the document comes from (URL), if known. */
  source?: string;
  /** Author, if known. */
  author?: string;
}

/** A corpus document: its metadata, its verbatim body, and the file it came from. */
export interface CorpusDocument extends DocumentMeta {
  /** The body, verbatim (front matter removed). Passage offsets point into this string. */
  body: string;
  /** Path of the source file, relative to the corpus directory. */
  file: string;
  /**
   * Paragraphs as spans of {@link CorpusDocument.body}, from the document's reader (with the page of a PDF's).
   * Absent: the body's paragraphs are found by `paragraphs()` of src/text/chunk.ts.
   */
  paragraphs?: { start: number; end: number; page?: number }[];
}

/** A date expression found in a text, resolved to a calendar date. */
export interface DateMention {
  /** The expression as written, verbatim. */
  text: string;
  /** ISO form at its precision: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`. */
  iso: string;
  /** Precision of {@link DateMention.iso}. */
  precision: DatePrecision;
  /** Start offset of {@link DateMention.text} in the text it was found in. */
  start: number;
  /** End offset (exclusive). */
  end: number;
}

/** A span of a quoted text, as offsets into that text. */
export interface Highlight {
  /** Start offset (inclusive). */
  start: number;
  /** End offset (exclusive). */
  end: number;
}

/** One quoted passage of an answer. */
export interface AnswerPassage {
  /** The quote, verbatim from the document body. */
  text: string;
  /** The document the quote comes from. */
  document: { id: string; title: string; published?: string; source?: string };
  /** 1-based paragraph number of the quote in its document. */
  paragraph: number;
  /** 1-based page of the quote, for a document with pages (PDF). */
  page?: number;
  /** Dates the quote mentions, resolved. */
  dates: { text: string; iso: string }[];
  /** Relevance score (higher is better; comparable within one answer only). */
  score: number;
  /** Spans of {@link AnswerPassage.text} that answer the question (the date, amount or name asked for). */
  highlights: Highlight[];
  /** The quote as a reader sees it: each soft line break of the source (with a block quote's `>`) as one
   * space, and the highlights mapped onto that text. Renderers show this, never {@link AnswerPassage.text}. */
  display: { text: string; highlights: Highlight[] };
}

/** Why a question was not answered. */
export type DeclineReason = 'not_covered' | 'empty' | 'too_long';

/** The engine's reply to one question: the single type every adapter renders. */
export interface Answer {
  /** The question as asked (trimmed; cut to a safe length when it was too long). */
  question: string;
  /** Language of the question; the bot frames its reply in it. */
  language: Lang;
  /** Detected question type. */
  type: QuestionType;
  /** True when at least one passage answers the question. */
  answered: boolean;
  /** When not answered: why. */
  reason?: DeclineReason;
  /** With reason `too_long`: the longest question accepted (characters), for the refusal to say. */
  limit?: number;
  /**
   * When answered: `high` when the passages answer as sure; `low` when the evidence is weak but real and the
   * one passage is only the closest the corpus holds (framed as such, no highlight).
   */
  confidence?: 'high' | 'low';
  /** Up to 3 passages, best first (empty when not answered). */
  passages: AnswerPassage[];
  /** Version of the index that answered (set by the engine; for logs and checks). */
  index?: string;
}

/** One dated passage of the corpus, for the timeline. */
export interface TimelineEntry {
  /** Resolved date. */
  iso: string;
  /** Precision of the date. */
  precision: DatePrecision;
  /** The date expression as written. */
  dateText: string;
  /** The passage quoting it, verbatim. */
  text: string;
  /** The same passage as a reader sees it (soft line breaks as spaces): what renderers show. */
  displayText: string;
  /** Source document. */
  document: { id: string; title: string; published?: string; source?: string };
  /** 1-based paragraph number. */
  paragraph: number;
  /** 1-based page, for a document with pages (PDF). */
  page?: number;
}

/** A corpus file that was rejected, with the reason. */
export interface RejectedFile {
  /** Path of the file, relative to the corpus directory. */
  file: string;
  /** The offending field (`front matter`, `published`, …). */
  field: string;
  /** What is wrong. */
  reason: string;
}

/** What a corpus refresh did (or why it was refused). */
export interface RefreshReport {
  /** True when the new index is in service. */
  ok: boolean;
  /** Why the refresh was refused, when `ok` is false. */
  error?: string;
  /** Document ids added. */
  added: string[];
  /** Document ids whose content changed. */
  changed: string[];
  /** Document ids removed. */
  removed: string[];
  /** Documents in the index now in service. */
  documents: number;
  /** Passages in the index now in service. */
  passages: number;
  /** Files rejected, with their reasons. */
  rejected: RejectedFile[];
  /** Time taken, in milliseconds. */
  ms: number;
  /** Version (content hash) of the index now in service. */
  version: string;
}

/** State of the index in service. */
export interface EngineStatus {
  /** Version (content hash) of the index in service. */
  version: string;
  /** Number of documents. */
  documents: number;
  /** Number of passages. */
  passages: number;
  /** When the index in service was built or loaded (ISO timestamp). */
  loadedAt: string;
  /** Files rejected at the last load. */
  rejected: RejectedFile[];
}
