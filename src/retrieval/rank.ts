/**
 * Ranking, as a pipeline of small pure steps:
 * 1. concepts: the question's concepts as the index can match them (query.ts, `indexConcepts`);
 * 2. query: their weights and the minisearch (BM25) query (query.ts, `conceptWeights`, `searchPlan`);
 * 3. candidate pool: the best sentences, date-bearing passages, windows, the best paragraphs' sentences
 *    (pool.ts, `candidatePool`);
 * 4. a {@link Features} record per candidate (features.ts; {@link candidateFeatures} here);
 * 5. a score from features and weights ({@link scoreFeatures}).
 * Every weight and constant is in {@link RankOptions} (options.ts).
 */
import type { PassageIndex, PassageRecord } from '../index/passage-index.js';
import {
  countedScore,
  coverageScore,
  dateScore,
  exactScore,
  documentCoverage,
  matchTerms,
  namesScore,
  rarestScore,
  titleScore,
  orderScore,
  prefixScore,
  offTitleScore,
  paragraphEvidence,
  proximityScore,
  typeScore,
  type ConceptWeights,
  type Features,
  type ParagraphEvidence,
} from './features.js';
import { DEFAULT_RANK, mergeOptions, type ChoiceWeights, type DeepPartial, type RankOptions } from './options.js';
import { candidatePool, type CandidatePool } from './pool.js';
import { searchTop } from '../index/term-search.js';
import { conceptWeights, indexConcepts, searchPlan } from './query.js';
import { NUMBER_TERMS, type ParsedQuestion } from './question.js';

export { DEFAULT_RANK, type RankOptions } from './options.js';
export { answerNames, dateScore, idf, type Features } from './features.js';

/** A scored candidate passage: its features, its score, and what matched. */
export interface Candidate extends Features {
  id: number;
  passage: PassageRecord;
  /** Final score (0…~1.5): {@link scoreFeatures}. */
  score: number;
  /** Words of the question matched in the passage. */
  matched: Set<string>;
  /** Index terms of the passage that matched (for highlighting and proximity). */
  terms: Set<string>;
}

/** What every candidate's features are computed against: the question, its weights and the pool. */
export interface FeatureContext {
  index: PassageIndex;
  /** The question, its concepts as the index can match them. */
  q: ParsedQuestion;
  weights: ConceptWeights;
  /** The question's index terms the index holds. */
  present: string[];
  pool: CandidatePool;
  o: RankOptions;
  /** Paragraph evidence by paragraph id, computed once per paragraph. */
  paragraphs: Map<number, ParagraphEvidence>;
  /** Which of the question's concepts each candidate's document holds in its candidate paragraphs. */
  documents: Map<number, boolean[]>;
  /** The document-level features of each candidate's document, computed once per document. */
  documentFeatures: Map<number, DocumentFeatures>;
  /** Best paragraph BM25 among the candidates (1 when none or not used). */
  maxParaBm25: number;
}

/** The weight (a key of {@link RankOptions}) of each feature in a candidate's score. */
export const FEATURE_WEIGHTS = {
  coverage: 'wCoverage',
  bm25: 'wBm25',
  proximity: 'wProximity',
  typeEvidence: 'wType',
  dateMatch: 'wDate',
  paragraph: 'wParagraph',
  exact: 'wExact',
  order: 'wOrder',
  document: 'wDocument',
  first: 'wFirst',
  window: 'wWindow',
  paraCoverage: 'wParaCoverage',
  paraBm25: 'wParaBm25',
  title: 'wTitle',
  rarest: 'wRarest',
  names: 'wNames',
  docCoverage: 'wDocCoverage',
  counted: 'wCounted',
  prefix: 'wPrefix',
  offTitle: 'wOffTitle',
} as const satisfies Record<keyof Features, keyof RankOptions>;

/** The features scored, in a fixed order (for fitting: scripts/fit-rank.ts). */
export const FEATURE_NAMES = Object.keys(FEATURE_WEIGHTS) as (keyof Features)[];

/** The weighted sum of a candidate's features (written out: a loop over {@link FEATURE_WEIGHTS} with keyed
 * reads costs several times more, and this runs for every candidate). */
export function scoreFeatures(f: Features, o: RankOptions): number {
  return (
    o.wCoverage * f.coverage +
    o.wBm25 * f.bm25 +
    o.wProximity * f.proximity +
    o.wType * f.typeEvidence +
    o.wDate * f.dateMatch +
    o.wParagraph * f.paragraph +
    o.wExact * f.exact +
    o.wOrder * f.order +
    o.wDocument * f.document +
    o.wFirst * f.first +
    o.wWindow * f.window +
    o.wParaCoverage * f.paraCoverage +
    o.wParaBm25 * f.paraBm25 +
    o.wTitle * f.title +
    o.wRarest * f.rarest +
    o.wNames * f.names +
    o.wDocCoverage * f.docCoverage +
    o.wCounted * f.counted +
    o.wPrefix * f.prefix +
    o.wOffTitle * f.offTitle
  );
}

/** The paragraph evidence of a candidate's paragraph (cached in the context); undefined when unused. */
function paragraphOf(ctx: FeatureContext, id: number): ParagraphEvidence | undefined {
  const { o } = ctx;
  if (o.wParaCoverage === 0 && o.wParaBm25 === 0) return undefined;
  const pid = ctx.index.paragraphOf(id);
  let e = ctx.paragraphs.get(pid);
  if (!e) {
    e = paragraphEvidence(ctx.index, pid, ctx.q.concepts, ctx.present, ctx.weights, o);
    ctx.paragraphs.set(pid, e);
  }
  return e;
}

/** What a candidate's document gives every candidate of it: its title and document coverage, and which of the
 * question's concepts its title names. */
interface DocumentFeatures {
  title: number;
  docCoverage: number;
  inTitle: boolean[];
}

/** The title and document coverage of a candidate's document (cached in the context). */
function documentFeatures(ctx: FeatureContext, doc: number): DocumentFeatures {
  let f = ctx.documentFeatures.get(doc);
  if (!f) {
    const { q, weights, index, o } = ctx;
    const title = index.titleTerms(doc);
    const found = ctx.documents.get(doc);
    f = {
      title: titleScore(q.concepts, weights.idfs, title) / weights.totalIdf,
      docCoverage: found ? documentCoverage(found, q.concepts, weights.idfs, title, o.titleCoverage) : 0,
      inTitle: o.wOffTitle !== 0 || o.choice.offTitle !== 0 ? q.concepts.map((c) => c.variants.some((v) => title.has(v.term))) : [],
    };
    ctx.documentFeatures.set(doc, f);
  }
  return f;
}

/** Builds the feature context of a pool (computing the paragraph evidence of every candidate). */
export function featureContext(index: PassageIndex, q: ParsedQuestion, weights: ConceptWeights, present: string[], pool: CandidatePool, o: RankOptions): FeatureContext {
  const ctx: FeatureContext = { index, q, weights, present, pool, o, paragraphs: new Map(), documents: new Map(), documentFeatures: new Map(), maxParaBm25: 1 };
  let max = 0;
  for (const id of pool.raw.keys()) {
    const pe = paragraphOf(ctx, id);
    max = Math.max(max, pe?.bm25 ?? 0);
    if (!pe) continue;
    const doc = index.passages[id]!.doc;
    let found = ctx.documents.get(doc);
    if (!found) ctx.documents.set(doc, (found = new Array<boolean>(q.concepts.length).fill(false)));
    for (const ci of pe.found) found[ci] = true;
  }
  ctx.maxParaBm25 = max || 1;
  return ctx;
}

/** The features of one candidate passage, with what matched. */
export function candidateFeatures(ctx: FeatureContext, id: number, raw: number): Features & { matched: Set<string>; terms: Set<string> } {
  const { index, q, weights, o, pool } = ctx;
  const passage = index.passages[id]!;
  const text = index.readText(passage);
  const passageTerms = index.termsOf(id);
  const words = index.wordsOf(id);
  const m = matchTerms(passageTerms, q.concepts, weights);
  const matched = new Set<string>();
  for (const ci of m.concepts.keys()) matched.add(q.concepts[ci]!.word);
  const cov = coverageScore(m.concepts, q.concepts, weights.idfs, index.titleTerms(passage.doc), o.titleCoverage);
  const titleWords = o.titleCoverage > 0 ? index.titleWords(passage.doc) : [];
  const pe = paragraphOf(ctx, id);
  const doc = documentFeatures(ctx, passage.doc);
  return {
    // A question that only names a date ("what happened on March 2?") is covered by the date itself.
    coverage: q.concepts.length ? cov / weights.totalIdf : dateScore(passage, q, o.date),
    bm25: raw / pool.maxScore,
    proximity: proximityScore(m.positions, m.concepts.size),
    typeEvidence: typeScore(passage, q, text, weights.conceptOfWord, o.type),
    dateMatch: dateScore(passage, q, o.date),
    paragraph: pool.paragraph.get(index.paragraphOf(id)) ?? 0,
    exact: exactScore(words, titleWords, weights.conceptOfWord, weights.idfs, o.titleCoverage) / weights.totalIdf,
    order: o.wOrder !== 0 || o.choice.order !== 0 ? orderScore(m.positions, q.concepts.length, o.orderGap) : 0,
    document: (pool.documentSum.get(passage.doc) ?? 0) / pool.maxDocument,
    first: passage.first === 0 ? 1 : 0,
    window: passage.sentences > 1 ? 1 : 0,
    paraCoverage: pe ? pe.coverage : 0,
    paraBm25: pe ? pe.bm25 / ctx.maxParaBm25 : 0,
    title: doc.title,
    docCoverage: doc.docCoverage,
    rarest: rarestScore(m.concepts, q.concepts, weights.idfs),
    names: namesScore(m.concepts, q.concepts),
    counted: countedScore(passageTerms, m.positions, q.concepts, NUMBER_TERMS),
    prefix: o.wPrefix !== 0 || o.choice.prefix !== 0 ? prefixScore(words, m.concepts, q.concepts, weights.idfs, o) / weights.totalIdf : 0,
    offTitle: o.wOffTitle !== 0 || o.choice.offTitle !== 0 ? offTitleScore(m.concepts, weights.idfs, doc.inTitle) : 0,
    matched,
    terms: m.terms,
  };
}

/** Ranks passages for a parsed question; best first (shorter first among equal scores), the passage quoted
 * first chosen within the best paragraph ({@link choosePassage}). */
export function rank(index: PassageIndex, question: ParsedQuestion, options: DeepPartial<RankOptions> = {}): Candidate[] {
  const o = mergeOptions(DEFAULT_RANK, options);
  return rankMatched(index, { ...question, concepts: indexConcepts(index, question.concepts, o) }, o);
}

/**
 * {@link rank} for a question whose concepts are already as the index matches them ({@link indexConcepts}
 * with the same options), for a caller that reads those concepts too (the confidence features).
 */
export function rankMatched(index: PassageIndex, q: ParsedQuestion, o: RankOptions): Candidate[] {
  if (!q.concepts.length && !q.dates.length) return [];
  const weights = conceptWeights(index, q.concepts, o);
  const plan = searchPlan(index, weights.weightOf, o);
  // The head of minisearch's results for plan.query (all ranking reads), computed term at a time.
  const results = plan.query ? searchTop(index.search as never, plan.terms, o.candidates * Math.max(1, o.headFactor)) : [];
  const pool = candidatePool(index, q, results, o);
  const ctx = featureContext(index, q, weights, plan.present, pool, o);
  const out: Candidate[] = [];
  for (const [id, raw] of pool.raw) {
    const f = candidateFeatures(ctx, id, raw);
    out.push({ id, passage: index.passages[id]!, score: scoreFeatures(f, o), ...f });
  }
  out.sort((a, b) => b.score - a.score || a.passage.end - a.passage.start - (b.passage.end - b.passage.start));
  return choosePassage(index, out, o.choice);
}

/** A candidate's score under the choice weights. */
export function choiceScore(f: Features, c: ChoiceWeights): number {
  let s = 0;
  for (const k of Object.keys(c) as (keyof ChoiceWeights)[]) s += c[k] * f[k];
  return s;
}

/**
 * The passage quoted first. The score finds the paragraph (its weights are fitted on recall@1: whether the
 * first passage is from the paragraph that answers); which of that paragraph's sentences and windows to
 * quote is a second decision, with weights fitted on whether the quote holds the answer ({@link ChoiceWeights}).
 * Among the candidates of the first candidate's paragraph, the one the choice weights score highest (shorter
 * first among equal) is moved to the front (in place); the others keep their order, so the paragraphs' order
 * is unchanged, and the first candidate's score may be below the second's. All weights 0: the ranking as it is.
 */
export function choosePassage(index: PassageIndex, ranked: Candidate[], c: ChoiceWeights): Candidate[] {
  if (ranked.length < 2 || Object.values(c).every((w) => w === 0)) return ranked;
  const para = index.paragraphOf(ranked[0]!.id);
  const length = (x: Candidate) => x.passage.end - x.passage.start;
  let at = -1;
  let top = -Infinity;
  ranked.forEach((cand, i) => {
    if (index.paragraphOf(cand.id) !== para) return;
    const s = choiceScore(cand, c);
    if (s > top + 1e-12 || (Math.abs(s - top) <= 1e-12 && length(cand) < length(ranked[at]!))) {
      top = s;
      at = i;
    }
  });
  if (at <= 0) return ranked;
  const [chosen] = ranked.splice(at, 1);
  ranked.unshift(chosen!);
  return ranked;
}
