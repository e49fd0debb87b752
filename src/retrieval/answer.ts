/**
 * Building the {@link Answer}: choosing up to three non-overlapping passages, deciding whether the corpus
 * answers at all, and marking the span that answers in each quote.
 */
import type { PassageIndex } from '../index/passage-index.js';
import type { Answer, AnswerPassage, Highlight } from '../types.js';
import { tokenize } from '../text/analyze.js';
import { answerNames, dateScore, rank, type Candidate, type RankOptions } from './rank.js';
import type { ParsedQuestion } from './question.js';

/** Options of answer building, merged over {@link DEFAULT_ANSWER}. */
export interface AnswerOptions {
  /** Passages in an answer at most. */
  maxPassages: number;
  /** The best passage must hold at least this IDF-weighted share of the question's concepts. */
  minCoverage: number;
  /** A further passage must score at least this fraction of the best. */
  relativeCutoff: number;
  rank: Partial<RankOptions>;
}

/** Default answer options (the threshold is calibrated by `npm run eval`). */
export const DEFAULT_ANSWER: AnswerOptions = { maxPassages: 3, minCoverage: 0.45, relativeCutoff: 0.6, rank: {} };

/** Whether the top candidate is strong enough to answer. */
export function answers(best: Candidate | undefined, opts: AnswerOptions): boolean {
  if (!best) return false;
  return best.coverage >= opts.minCoverage || (best.dateMatch >= 0.9 && best.coverage >= opts.minCoverage / 2);
}

/** Answers a parsed question from an index. */
export function buildAnswer(index: PassageIndex, q: ParsedQuestion, options: Partial<AnswerOptions> = {}): Answer {
  const opts = { ...DEFAULT_ANSWER, ...options };
  const ranked = rank(index, q, opts.rank);
  const best = ranked[0];
  const base = { question: q.text, language: q.lang, type: q.type };
  if (!answers(best, opts)) return { ...base, answered: false, reason: 'not_covered', passages: [] };
  const chosen: Candidate[] = [];
  for (const c of ranked) {
    if (chosen.length >= opts.maxPassages) break;
    if (chosen.length && (c.score < best!.score * opts.relativeCutoff || c.coverage < opts.minCoverage * 0.75)) break;
    const overlaps = chosen.some((o) => o.passage.doc === c.passage.doc && c.passage.start < o.passage.end && o.passage.start < c.passage.end);
    if (!overlaps) chosen.push(c);
  }
  return { ...base, answered: true, passages: chosen.map((c) => toAnswerPassage(index, c, q)) };
}

function toAnswerPassage(index: PassageIndex, c: Candidate, q: ParsedQuestion): AnswerPassage {
  const doc = index.documents[c.passage.doc]!;
  const text = index.text(c.passage);
  return {
    text,
    document: { id: doc.id, title: doc.title, published: doc.published, ...(doc.source ? { source: doc.source } : {}) },
    paragraph: c.passage.paragraph,
    dates: c.passage.dates.map((d) => ({ text: d.text, iso: d.iso })),
    score: Math.round(c.score * 1000) / 1000,
    highlights: highlights(c, q, text),
  };
}

/** The spans that answer: dates for when, amounts for how much, names for who/where. */
export function highlights(c: Candidate, q: ParsedQuestion, text: string): Highlight[] {
  const p = c.passage;
  const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end });
  switch (q.type) {
    case 'when': {
      if (q.dates.length) {
        // The question names a date: mark the other dates (the answer), else the matching one.
        const single = { ...p, dates: [] as typeof p.dates };
        const others = p.dates.filter((d) => dateScore({ ...single, dates: [d] }, q) === 0);
        return (others.length ? others : p.dates).map(span);
      }
      return p.dates.map(span);
    }
    case 'howmuch':
      return p.amounts.map(span);
    case 'who':
    case 'where':
      return nearest(answerNames(p, q, text), c, q, text).map(span);
    default:
      return [];
  }
}

/** The name closest to the question's words in the passage (the one the question is about). */
function nearest(names: Highlight[], c: Candidate, q: ParsedQuestion, text: string): Highlight[] {
  if (names.length <= 1) return names;
  const hits = tokenize(text, q.lang === 'fr' ? 'fr' : 'en')
    .concat(tokenize(text, q.lang === 'fr' ? 'en' : 'fr'))
    .filter((t) => t.term && c.terms.has(t.term))
    .map((t) => t.start);
  if (!hits.length) return names.slice(0, 1);
  // Character distance to the nearest question word; a full name ("Sam Altman") is preferred to a single
  // capitalized word nearby ("Anthropic"), a name that opens its sentence (its subject) to one inside it, and
  // a name outside quotation marks to one inside (« … de Dieu »).
  const quoted = (n: Highlight) => {
    const before = text.slice(0, n.start);
    return (before.match(/[«“]/g)?.length ?? 0) > (before.match(/[»”]/g)?.length ?? 0);
  };
  const dist = (n: Highlight) =>
    Math.min(...hits.map((h) => (h < n.start ? n.start - h : h > n.end ? h - n.end : 0))) -
    (/\s/.test(text.slice(n.start, n.end)) ? 30 : 0) -
    (/(^|[.!?]\s+)$/.test(text.slice(0, n.start)) ? 50 : 0) + // the subject of its sentence
    (quoted(n) ? 60 : 0);
  const best = Math.min(...names.map(dist));
  return names.filter((n) => dist(n) === best).slice(0, 1);
}
