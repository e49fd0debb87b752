/**
 * The first steps of ranking: the question's concepts as the index can match them (forms of languages the
 * corpus holds, misspellings), their weights, and the minisearch query that proposes candidates.
 */
import type { Query, SearchOptions } from 'minisearch';
import type { PassageIndex } from '../index/passage-index.js';
import { conceptIdf, type ConceptWeights } from './features.js';
import type { RankOptions } from './options.js';
import type { Concept } from './question.js';

/**
 * The question's concepts as the index can match them. Forms of a language the corpus does not hold can
 * only match by accident: they are dropped, and the best remaining form of each concept counts as an exact
 * match (an English question on a French corpus is not worse covered for being English). A word none of
 * whose forms the index holds may be misspelt: the forms it may stand for are added ({@link misspelt}).
 */
export function indexConcepts(index: PassageIndex, concepts: readonly Concept[], o: RankOptions): Concept[] {
  return concepts.map((c) => {
    const kept = c.variants.filter((v) => !v.lang || index.languages[v.lang] > 0);
    const top = Math.max(0, ...kept.map((v) => v.weight));
    const variants = top > 0 && top < 1 ? kept.map((v) => ({ ...v, weight: v.weight / top })) : kept;
    if (o.fuzzyWeight > 0 && !c.numeric && !variants.some((v) => index.df.has(v.term))) variants.push(...misspelt(index, c, o));
    return { ...c, variants };
  });
}

/**
 * Forms of the index a word absent from it may be a misspelling of (« espirt » → esprit): one edit away
 * (a swap of two neighbouring letters counts as one) for a word of `fuzzyMinLength` letters or more (up to
 * `fuzzyMaxLength`), two from `fuzzyTwoEditsLength`, weighted `fuzzyWeight` per edit.
 */
export function misspelt(
  index: PassageIndex,
  c: Concept,
  o: Pick<RankOptions, 'fuzzyMinLength' | 'fuzzyTwoEditsLength' | 'fuzzyMaxLength' | 'fuzzyForms' | 'fuzzyWeight'>,
): Concept['variants'] {
  const own = c.variants.find((v) => v.weight === 1) ?? c.variants[0];
  if (!own || own.term.length < o.fuzzyMinLength || own.term.length > o.fuzzyMaxLength) return [];
  const term = own.term;
  const long = term.length >= o.fuzzyTwoEditsLength;
  // Swaps of two neighbouring letters are looked up directly (a Levenshtein search of two edits over the whole
  // vocabulary costs far more than one).
  const swaps: { term: string; distance: number }[] = [];
  for (let i = 0; i + 1 < term.length; i++) {
    if (term[i] === term[i + 1]) continue;
    const t = term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2);
    if (index.df.has(t)) swaps.push({ term: t, distance: 1 });
  }
  const near = index.similarTerms(term, long ? 2 : 1);
  const seen = new Set<string>();
  return [...swaps, ...near]
    .filter((s) => !seen.has(s.term) && seen.add(s.term))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, o.fuzzyForms)
    .map((s) => ({ term: s.term, weight: o.fuzzyWeight ** s.distance }));
}

/**
 * The weights of the concepts: each index term's search weight (its best variant weight, lowered for a head
 * word by `headSearch`), the concepts it stands for, and each concept's IDF (lowered by `headWeight`).
 */
export function conceptWeights(index: PassageIndex, concepts: readonly Concept[], o: Pick<RankOptions, 'headSearch' | 'headWeight' | 'absentWordShare'>): ConceptWeights {
  const weightOf = new Map<string, number>();
  const conceptsOf = new Map<string, number[]>();
  concepts.forEach((c, ci) => {
    for (const v of c.variants) {
      weightOf.set(v.term, Math.max(weightOf.get(v.term) ?? 0, v.weight * (c.head ? o.headSearch : 1)));
      const list = conceptsOf.get(v.term) ?? [];
      list.push(ci);
      conceptsOf.set(v.term, list);
    }
  });
  const idfs = concepts.map((c) => conceptIdf(index, c, o.absentWordShare) * (c.head ? o.headWeight : 1));
  const conceptOfWord = new Map(concepts.map((c, ci) => [c.word, ci]));
  const totalIdf = idfs.reduce((a, b) => a + b, 0) || 1;
  return { weightOf, conceptsOf, idfs, conceptOfWord, totalIdf };
}

/** The search for candidates. */
export interface SearchPlan {
  /** The question's index terms the index holds. */
  present: string[];
  /** The minisearch query, or null when there is nothing to search. */
  query: Query | null;
  options: SearchOptions;
  /** The same query as term lists (for {@link searchTop}): terms searched in passages, and in titles. */
  terms: { text: string[]; title: string[]; weightOf: ReadonlyMap<string, number>; titleBoost: number; bm25: RankOptions['bm25'] };
}

/**
 * The minisearch query of the question's terms. Terms in a large share of the passages (`commonShare`) say
 * little about which one answers, and their long posting lists dominate search time: they are left out of
 * the search (still counted in coverage) unless nothing rarer is asked. Titles are searched for the rarer
 * terms only (`titleShare`: a title's terms stand in every sentence of its document), and for the words
 * only titles hold (the article about « Hans Herrmann » says « il »).
 */
export function searchPlan(index: PassageIndex, weightOf: ReadonlyMap<string, number>, o: RankOptions): SearchPlan {
  const present = [...weightOf.keys()].filter((t) => index.df.has(t));
  const commonLimit = Math.max(o.minCommonCount, index.sentenceCount * o.commonShare);
  const rare = present.filter((t) => index.df.get(t)! <= commonLimit);
  const terms = rare.length ? rare : present;
  const titleLimit = Math.max(o.minCommonCount, index.sentenceCount * o.titleShare);
  const titleOnly = [...weightOf.keys()].filter((t) => !index.df.has(t) && index.inTitles(t));
  const titleTerms = o.titleBoost > 0 ? [...terms.filter((t) => index.df.get(t)! <= titleLimit), ...titleOnly] : [];
  const titleQuery = titleTerms.join(' ');
  const common: SearchOptions = { boostTerm: (t: string) => weightOf.get(t) ?? 1, bm25: o.bm25 };
  const query: Query = {
    combineWith: 'OR',
    queries: [
      { queries: [terms.join(' ')], fields: ['text'], ...common },
      ...(titleQuery ? [{ queries: [titleQuery], fields: ['title'], boost: { title: o.titleBoost }, ...common }] : []),
    ],
  };
  return {
    present,
    query: terms.length || titleQuery ? query : null,
    options: { combineWith: 'OR', ...common },
    terms: { text: terms, title: titleTerms, weightOf, titleBoost: o.titleBoost, bm25: o.bm25 },
  };
}
