/**
 * How sure the engine is that its best passage answers the question, read from the ranking's evidence, and the
 * three tiers that follow from it: **high** (answer as sure), **low** (show the closest passage, framed as
 * such, no span claimed), **none** (decline: nothing in the corpus relates).
 *
 * The evidence is a handful of features of the ranked candidates (coverage of the question by the best
 * passage, its exact-form coverage, its score and its margin over the best passage of another paragraph, the
 * share of the question that the corpus never mentions at all, …); a logistic model turns them into the
 * probability that the corpus answers the question. Its weights and the two thresholds are fitted by
 * article-level cross-validation on the half-corpus benchmark (`npm run eval -- --squad FILE --unanswerable`,
 * see `scripts/fit-confidence.ts`), never on the set they are reported on.
 */
import type { PassageIndex } from '../index/passage-index.js';
import { DEFAULT_CONFIDENCE, type ConfidenceFeatureName, type ConfidenceOptions } from './options.js';
import type { Concept, ParsedQuestion } from './question.js';
import { DEFAULT_RANK, type RankOptions } from './options.js';
import { indexConcepts } from './query.js';
import { idf, type Candidate } from './rank.js';

export { DEFAULT_CONFIDENCE, type ConfidenceOptions } from './options.js';

/** The evidence read from a ranking, each feature roughly in 0…1. */
export interface ConfidenceFeatures {
  /** IDF-weighted share of the question's concepts the best passage holds. */
  coverage: number;
  /** The same share counted on exact (unstemmed) forms. */
  exact: number;
  /** Ranking score of the best passage. */
  score: number;
  /** Its score minus that of the best passage from another paragraph (0 when there is none). */
  margin: number;
  /** IDF-weighted share of the question's concepts of which no form at all is in the corpus (text or titles). */
  absent: number;
  /** 1 when a name or a number of the question is nowhere in the corpus. */
  absentName: number;
  /** Date match of the best passage (1: it carries the date the question names). */
  dateMatch: number;
  /** Answer-type evidence of the best passage (a date for *when*, an amount for *how much*…). */
  typeEvidence: number;
  /** Concepts in the question, as min(1, n / 8). */
  length: number;
  /** 1 when the question names a date and nothing else ("what happened on March 2?"): the passages carrying
   * that date answer it, whatever the model says (see {@link tier}). Not a feature of the model. */
  dateOnly: number;
}

/** Names of the features, in the order of the model's weights. */
export const FEATURES: readonly ConfidenceFeatureName[] = ['coverage', 'exact', 'score', 'margin', 'absent', 'absentName', 'dateMatch', 'typeEvidence', 'length'];

/** A confidence tier: answered as sure, closest passage, declined. */
export type Tier = 'high' | 'low' | 'none';

/** Whether two candidates overlap in the same document. */
const overlap = (a: Candidate, b: Candidate) => a.passage.doc === b.passage.doc && a.passage.start < b.passage.end && b.passage.start < a.passage.end;

/**
 * Reads the confidence features of a ranking (best first). Undefined when there is no candidate at all.
 * `matched`: the question's concepts as the ranking matched them ({@link indexConcepts} with `o`), when the
 * caller has them already.
 */
export function confidenceFeatures(
  index: PassageIndex,
  q: ParsedQuestion,
  ranked: readonly Candidate[],
  o: RankOptions = DEFAULT_RANK,
  matched: readonly Concept[] = indexConcepts(index, q.concepts, o),
): ConfidenceFeatures | undefined {
  const best = ranked[0];
  if (!best) return undefined;
  const bestPara = index.paragraphOf(best.id);
  let rival = 0;
  for (const c of ranked.slice(1, 60)) {
    if (overlap(c, best) || index.paragraphOf(c.id) === bestPara) continue;
    rival = c.score;
    break;
  }
  // The share of the question the corpus never mentions: the concepts as the ranking matches them (forms of
  // the corpus's languages, a misspelt word's corrections); each counts its most specific form present (in
  // the text or a title), and a concept with none is absent.
  let total = 0;
  let absent = 0;
  let absentName = 0;
  for (const c of matched) {
    let w = 0;
    let present = false;
    for (const v of c.variants) {
      if (index.df.has(v.term)) {
        present = true;
        w = Math.max(w, idf(index, v.term));
      } else if (index.inTitles(v.term)) present = true;
    }
    if (!w) w = idf(index, '\u0000absent');
    total += w;
    if (!present) {
      absent += w;
      if (c.name || c.numeric) absentName = 1;
    }
  }
  // Across languages no word of the question can match in its exact form: the exact-form evidence is read
  // as the coverage (in the feature and in the score), so that a question is as sure in either language.
  const across = index.documents[best.passage.doc]!.language !== q.lang;
  const exact = across ? Math.max(best.exact, best.coverage) : best.exact;
  const score = best.score + o.wExact * (exact - best.exact);
  return {
    coverage: best.coverage,
    exact,
    score,
    margin: Math.max(0, best.score - rival),
    absent: total ? absent / total : 0,
    absentName,
    dateMatch: best.dateMatch,
    typeEvidence: best.typeEvidence,
    length: Math.min(1, q.concepts.length / 8),
    dateOnly: !q.concepts.length && q.dates.length ? 1 : 0,
  };
}

/** Probability that the corpus answers the question, from its features. */
export function confidence(f: ConfidenceFeatures, model: Pick<ConfidenceOptions, 'weights' | 'bias'> = DEFAULT_CONFIDENCE): number {
  let z = model.bias;
  for (const k of FEATURES) z += (model.weights[k] ?? 0) * f[k];
  return 1 / (1 + Math.exp(-z));
}

/**
 * The tier of a question's evidence: a question that only names a date is answered as sure by a passage
 * carrying that date; otherwise the model's probability decides, under the thresholds.
 */
export function tier(f: ConfidenceFeatures | undefined, opts: ConfidenceOptions = DEFAULT_CONFIDENCE): Tier {
  if (!f) return 'none';
  if (f.dateOnly && f.dateMatch >= 0.9) return 'high';
  return tierOf(confidence(f, opts), opts);
}

/** The tier of a probability under the thresholds. */
export function tierOf(p: number | undefined, opts: Pick<ConfidenceOptions, 'high' | 'low'> = DEFAULT_CONFIDENCE): Tier {
  if (p === undefined) return 'none';
  return p >= opts.high ? 'high' : p >= opts.low ? 'low' : 'none';
}
