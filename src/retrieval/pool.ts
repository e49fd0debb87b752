/**
 * The candidate pool: the passages the features are computed for. minisearch's best sentences, passages
 * carrying a date of the question, windows around the best sentences and sentences of the best paragraphs,
 * with the paragraph and document evidence read from the head of the search results.
 */
import type { SearchResult } from 'minisearch';
import type { PassageIndex } from '../index/passage-index.js';
import { dateScore } from './features.js';
import type { RankOptions } from './options.js';
import type { ParsedQuestion } from './question.js';

/** A search result as the pool reads it: the passage id and its score, best first. */
export type SearchHit = Pick<SearchResult, 'id' | 'score'>;

/** The candidates and the evidence their features are normalized with. */
export interface CandidatePool {
  /** Candidate passage id → its search score (0 for a candidate the search did not find), in pool order. */
  raw: Map<number, number>;
  /** Best search score of the pool before the paragraphs' sentences joined (1 when none). */
  maxScore: number;
  /** Paragraph id → its sentences' summed score, normalized by the best (the `candidates` best paragraphs). */
  paragraph: Map<number, number>;
  /** Document index → its sentences' summed score. */
  documentSum: Map<number, number>;
  /** Best of `documentSum` (1 when none). */
  maxDocument: number;
}

/** Sentence, paragraph and document scores read from the head of the search results. */
interface HeadEvidence {
  scoreOf: Map<number, number>;
  /** Paragraphs by summed sentence score, best first. */
  paragraphs: [number, number][];
  documentSum: Map<number, number>;
  maxDocument: number;
}

/**
 * The question's terms are often spread over several sentences of the paragraph that answers: a paragraph
 * scores the sum of its sentences' scores, a document likewise (the document that speaks most of the
 * question).
 */
export function headEvidence(index: PassageIndex, head: readonly SearchHit[]): HeadEvidence {
  const scoreOf = new Map<number, number>();
  for (const r of head) scoreOf.set(r.id as number, r.score);
  const paraSum = new Map<number, number>();
  for (const r of head) {
    const pid = index.paragraphOf(r.id as number);
    paraSum.set(pid, (paraSum.get(pid) ?? 0) + r.score);
  }
  const documentSum = new Map<number, number>();
  for (const r of head) {
    const d = index.passages[r.id as number]!.doc;
    documentSum.set(d, (documentSum.get(d) ?? 0) + r.score);
  }
  let maxDocument = 0;
  for (const v of documentSum.values()) if (v > maxDocument) maxDocument = v;
  return { scoreOf, paragraphs: [...paraSum].sort((a, b) => b[1] - a[1]), documentSum, maxDocument: maxDocument || 1 };
}

/**
 * Passages carrying a date of the question: first those the words found, then (for a question that is
 * mostly its date) any, up to the candidate budget.
 */
export function dateCandidates(index: PassageIndex, q: Pick<ParsedQuestion, 'dates' | 'concepts'>, head: readonly SearchHit[], o: Pick<RankOptions, 'candidates' | 'date'>): Set<number> {
  const ids = new Set<number>();
  if (!q.dates.length) return ids;
  for (const r of head) {
    if (ids.size >= o.candidates) break;
    if (dateScore(index.passages[r.id as number]!, q, o.date) > 0) ids.add(r.id as number);
  }
  if (q.concepts.length <= 1) {
    for (let id = 0; id < index.passages.length && ids.size < o.candidates; id++) {
      if (dateScore(index.passages[id]!, q, o.date) > 0) ids.add(id);
    }
  }
  return ids;
}

/** Adds the windows holding one of the `windowSeeds` best sentences, scored from their sentences' scores. */
function addWindows(index: PassageIndex, pool: Map<number, number>, top: readonly SearchHit[], scoreOf: ReadonlyMap<number, number>, o: Pick<RankOptions, 'windowSeeds' | 'windowMix'>): void {
  for (const r of top.slice(0, o.windowSeeds)) {
    for (const w of index.windowsOf(r.id as number)) {
      if (pool.has(w)) continue;
      const scores = index.sentencesOf(w).map((sid) => scoreOf.get(sid) ?? 0);
      const best = Math.max(...scores);
      pool.set(w, best + o.windowMix * (scores.reduce((a, b) => a + b, 0) - best));
    }
  }
}

/** The candidate pool of a question from its search results (see {@link CandidatePool}). */
export function candidatePool(index: PassageIndex, q: Pick<ParsedQuestion, 'dates' | 'concepts'>, results: readonly SearchHit[], o: RankOptions): CandidatePool {
  // The head of the result list: what follows carries negligible scores.
  const head = results.slice(0, o.candidates * o.headFactor);
  const evidence = headEvidence(index, head);
  const maxPara = evidence.paragraphs[0]?.[1] ?? 1;
  const paragraph = new Map<number, number>();
  for (const [pid, v] of evidence.paragraphs.slice(0, o.candidates)) paragraph.set(pid, v / maxPara);
  const dateIds = dateCandidates(index, q, head, o);
  const top = results.slice(0, o.candidates);
  const raw = new Map<number, number>();
  for (const r of top) raw.set(r.id as number, r.score);
  for (const id of dateIds) if (!raw.has(id)) raw.set(id, 0);
  addWindows(index, raw, top, evidence.scoreOf, o);
  let maxScore = 0;
  for (const v of raw.values()) if (v > maxScore) maxScore = v;
  // Sentences of the best paragraphs join the pool (with their search score when they have one).
  const extra = evidence.paragraphs
    .slice(0, o.paragraphPool)
    .flatMap(([pid]) => index.passagesOfParagraph[pid] ?? [])
    .filter((id) => index.passages[id]!.sentences === 1)
    .slice(0, o.paragraphExtra);
  for (const id of extra) if (!raw.has(id)) raw.set(id, evidence.scoreOf.get(id) ?? 0);
  return { raw, maxScore: maxScore || 1, paragraph, documentSum: evidence.documentSum, maxDocument: evidence.maxDocument };
}
