/**
 * Building the {@link Answer}: choosing up to three non-overlapping passages, deciding whether the corpus
 * answers at all, and marking the span that answers in each quote.
 */
import type { PassageIndex } from '../index/passage-index.js';
import type { Answer, AnswerPassage, Highlight, Lang } from '../types.js';
import { unwrapQuote } from '../text/chunk.js';
import { NO_TRANSLATION, type Translator } from '../lexicon/translator.js';
import { asksAboutDocument, isRequestWord, newestDocument, openingPassage } from './about.js';
import { confidence as confidenceOf, confidenceFeatures, tier as tierFor } from './confidence.js';
import { chooseHighlight } from './highlight.js';
import { DEFAULT_OPTIONS, mergeOptions, type AnswerOptions, type DeepPartial, type HighlightOptions, type RetrievalOptions } from './options.js';
import { rankMatched, type Candidate } from './rank.js';
import { indexConcepts } from './query.js';
import type { ParsedQuestion } from './question.js';

export { DEFAULT_ANSWER, type AnswerOptions } from './options.js';

/** Whether the top candidate covers enough of the question by the coverage rule alone (the rule before the
 * confidence tiers of confidence.ts; kept for comparisons). */
export function answers(best: Candidate | undefined, opts: AnswerOptions): boolean {
  if (!best) return false;
  return best.coverage >= opts.minCoverage || (best.dateMatch >= opts.dateMatch && best.coverage >= opts.minCoverage * opts.dateCoverage);
}

/**
 * Answers a parsed question from an index. `dictionary` (the engine's translator) tells ordinary words from
 * names at the start of a sentence, where capitals say nothing.
 */
export function buildAnswer(index: PassageIndex, q: ParsedQuestion, options: DeepPartial<RetrievalOptions> = {}, dictionary: Translator = NO_TRANSLATION): Answer {
  return rankAnswer(index, q, options, dictionary).answer;
}

/** A passage with no span claimed as the answer (in its text nor in its display). */
function unmarked(p: AnswerPassage): AnswerPassage {
  return { ...p, highlights: [], display: { text: p.display.text, highlights: [] } };
}

/**
 * A question about a document itself (its subject, what it explains) is answered with the document's
 * opening passage: the document whose title holds all the question's other words ("the article about the
 * outage"), else, when it has none, the most recently published one. Other words that no title holds make
 * it a question about them ("what does the article say about Huawei?"): undefined, the ordinary path.
 */
function aboutAnswer(index: PassageIndex, q: ParsedQuestion, dictionary: Translator, options: HighlightOptions): Answer | undefined {
  if (!index.documents.length) return undefined;
  const words = q.concepts.filter((c) => !isRequestWord(c.word));
  let doc = newestDocument(index);
  if (words.length) {
    let best = -1;
    let bestShare = 0;
    index.documents.forEach((_, d) => {
      const title = index.titleTerms(d);
      const share = words.filter((c) => c.variants.some((v) => title.has(v.term))).length / words.length;
      if (share > bestShare) [best, bestShare] = [d, share];
    });
    if (best < 0 || bestShare < 1) return undefined;
    doc = best;
  }
  const id = openingPassage(index, doc);
  if (id === undefined) return undefined;
  const passage = index.passages[id]!;
  const none = { coverage: 1, bm25: 0, proximity: 0, typeEvidence: 0, dateMatch: 0, paragraph: 0, exact: 0, paraCoverage: 0, paraBm25: 0, order: 0, document: 0, first: 1, window: 0, title: 1, rarest: 0, names: 0, docCoverage: 1, counted: 0, prefix: 0, offTitle: 1 };
  const candidate: Candidate = { id, passage, score: 1, ...none, matched: new Set(), terms: new Set() };
  return { question: q.text, language: q.lang, type: q.type, answered: true, confidence: 'high', passages: [unmarked(toAnswerPassage(index, candidate, q, dictionary, options))] };
}

/** An answer, the next passages of the same ranking, and how sure the ranking is. */
export interface RankedAnswer {
  answer: Answer;
  /**
   * The next passages of the ranking after the answer's, best first ("More passages"): those that overlap
   * no passage shown before them and cover at least `moreCoverage` of the share of the question an answer needs.
   * Empty for a declined question or when `more` is 0.
   */
  more: AnswerPassage[];
  /** Probability that the best passage answers (the confidence model's, 0…1), undefined when nothing was ranked. */
  confidence?: number;
  /** The question as analyzed for this ranking. */
  parsed?: ParsedQuestion;
}

/**
 * {@link buildAnswer} that also returns up to `more` further passages of the same ranking (one ranking:
 * the answer's passages and the further ones never disagree).
 */
export function rankAnswer(
  index: PassageIndex,
  q: ParsedQuestion,
  options: DeepPartial<RetrievalOptions> = {},
  dictionary: Translator = NO_TRANSLATION,
  more = 0,
): RankedAnswer {
  const opts = mergeOptions(DEFAULT_OPTIONS, options);
  const about = asksAboutDocument(q.text, q.lang) ? aboutAnswer(index, q, dictionary, opts.highlight) : undefined;
  if (about) return { answer: about, more: [], confidence: 1, parsed: q };
  // The concepts as the index matches them (misspellings searched once), for the ranking and its confidence.
  const matched = indexConcepts(index, q.concepts, opts.rank);
  const ranked = rankMatched(index, { ...q, concepts: matched }, opts.rank);
  const base = { question: q.text, language: q.lang, type: q.type };
  const features = confidenceFeatures(index, q, ranked, opts.rank, matched);
  const confidence = features ? Math.round(confidenceOf(features, opts.confidence) * 1000) / 1000 : undefined;
  const tier = tierFor(features, opts.confidence);
  if (tier === 'none') return { answer: { ...base, answered: false, reason: 'not_covered', passages: [] }, more: [], confidence, parsed: q };
  const toPassage = (c: Candidate) => toAnswerPassage(index, c, q, dictionary, opts.highlight);
  // The closest passage only: one quote, no span claimed as the answer.
  const chosen = tier === 'low' ? [ranked[0]!] : choosePassages(ranked, opts.answer);
  const passages = tier === 'low' ? [unmarked(toPassage(ranked[0]!))] : chosen.map(toPassage);
  return { answer: { ...base, answered: true, confidence: tier, passages }, more: furtherPassages(ranked, chosen, more, opts.answer).map(toPassage), confidence, parsed: q };
}

/**
 * Up to `max` passages of the ranking after `chosen` ("More passages"), best first: each overlapping no
 * passage before it and covering at least `moreCoverage` of `minCoverage`.
 */
export function furtherPassages(ranked: readonly Candidate[], chosen: readonly Candidate[], max: number, o: AnswerOptions): Candidate[] {
  const overlaps = (list: readonly Candidate[], c: Candidate) =>
    list.some((x) => x.passage.doc === c.passage.doc && c.passage.start < x.passage.end && x.passage.start < c.passage.end);
  const out: Candidate[] = [];
  for (const c of ranked) {
    if (out.length >= max) break;
    if (chosen.includes(c) || c.coverage < o.minCoverage * o.moreCoverage) continue;
    if (!overlaps(chosen, c) && !overlaps(out, c)) out.push(c);
  }
  return out;
}

/**
 * The passages of an answer, best first: up to `maxPassages` that do not overlap, each scoring at least
 * `relativeCutoff` of the best and covering at least `furtherCoverage` of `minCoverage`.
 */
export function choosePassages(ranked: readonly Candidate[], o: AnswerOptions): Candidate[] {
  const best = ranked[0];
  const chosen: Candidate[] = [];
  for (const c of ranked) {
    if (chosen.length >= o.maxPassages) break;
    if (chosen.length && (c.score < best!.score * o.relativeCutoff || c.coverage < o.minCoverage * o.furtherCoverage)) break;
    const overlaps = chosen.some((x) => x.passage.doc === c.passage.doc && c.passage.start < x.passage.end && x.passage.start < c.passage.end);
    if (!overlaps) chosen.push(c);
  }
  return chosen;
}

const pageField = (page: number | undefined) => (page ? { page } : {});

function toAnswerPassage(index: PassageIndex, c: Candidate, q: ParsedQuestion, dictionary: Translator, options: HighlightOptions): AnswerPassage {
  const doc = index.documents[c.passage.doc]!;
  // The quote is verbatim; its highlights are found in the same text read with soft line breaks as spaces.
  const text = index.text(c.passage);
  const marked = highlights(c, q, index.readText(c.passage), { lang: doc.language, dictionary, title: doc.title, options });
  const display = unwrapQuote(text, marked);
  return {
    text,
    document: { id: doc.id, title: doc.title, ...(doc.published ? { published: doc.published } : {}), ...(doc.source ? { source: doc.source } : {}) },
    paragraph: c.passage.paragraph,
    ...pageField(index.pageOf(c.passage)),
    dates: c.passage.dates.map((d) => ({ text: d.text, iso: d.iso })),
    score: Math.round(c.score * 1000) / 1000,
    highlights: marked,
    display: { text: display.text, highlights: display.spans },
  };
}

/** What {@link highlights} knows of a passage beyond its text. */
export interface HighlightContext {
  /** The language of the passage's document (default: the question's). */
  lang?: Lang;
  /** Tells ordinary words from names at the start of a sentence (default: none known). */
  dictionary?: Translator;
  /** The title of the passage's document (its subject, rarely the answer). */
  title?: string;
  /** Highlighting options (default {@link DEFAULT_HIGHLIGHT}). */
  options?: HighlightOptions;
}

/**
 * The span of a quote that answers the question, shown bold: the candidate span (date, amount, number, name,
 * noun phrase) that the fitted scoring of highlight.ts finds likely enough, else none.
 */
export function highlights(c: Candidate, q: ParsedQuestion, text: string, context: HighlightContext = {}): Highlight[] {
  const { options, ...ctx } = context;
  return chooseHighlight(c, q, text, ctx, options);
}
