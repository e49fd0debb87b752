/**
 * Ranking: minisearch (BM25) proposes candidates for the expanded query; each is then scored on concept
 * coverage (IDF-weighted, translations counted below exact matches), proximity of the matched terms,
 * answer-type evidence (dates, amounts, names), question dates, and the title.
 */
import type { Query, SearchOptions } from 'minisearch';
import { countTerms, type PassageIndex, type PassageRecord } from '../index/passage-index.js';
import { fold, tokenize } from '../text/analyze.js';
import type { Concept, ParsedQuestion } from './question.js';

/** A scored candidate passage. */
export interface Candidate {
  id: number;
  passage: PassageRecord;
  /** Final score (0…~1.5). */
  score: number;
  /** IDF-weighted share of the question's concepts the passage holds (0…1). */
  coverage: number;
  /** minisearch score, normalized by the best. */
  bm25: number;
  proximity: number;
  typeEvidence: number;
  dateMatch: number;
  /** Evidence of the passage's paragraph (its sentences' scores, normalized by the best paragraph). */
  paragraph: number;
  /** IDF-weighted share of the question's words found in their exact (unstemmed) form. */
  exact: number;
  /** Words of the question matched in the passage. */
  matched: Set<string>;
  /** Index terms of the passage that matched (for highlighting and proximity). */
  terms: Set<string>;
}

/** Tunable weights of the ranking, one options object merged over defaults. */
export interface RankOptions {
  /** Candidates taken from minisearch before re-ranking. */
  candidates: number;
  wCoverage: number;
  wBm25: number;
  wProximity: number;
  wType: number;
  wDate: number;
  /** Weight of the paragraph's own evidence (all its sentences' scores) in a passage's score. */
  wParagraph: number;
  /** BM25 parameters of minisearch. */
  bm25: { k: number; b: number; d: number };
  /** Sentences of this many best paragraphs join the candidates. */
  paragraphPool: number;
  /** Only terms found in at most this share of the sentences are searched in titles. */
  titleShare: number;
  /** Terms found in more than this share of the passages are not searched when rarer ones are. */
  commonShare: number;
  /** A window scores its best sentence plus this share of the others' scores. */
  windowMix: number;
  /** Weight of the IDF-weighted share of the question's words found in their exact (unstemmed) form. */
  wExact: number;
  /** Windows holding one of this many best sentences join the candidates. */
  windowSeeds: number;
  /** At most this many sentences of the best paragraphs join the candidates. */
  paragraphExtra: number;
  /** Weight of a match in the document title relative to one in the passage. */
  titleBoost: number;
  /** Weight of a form one edit away from a word the index does not hold (a misspelling); two edits count
   * `fuzzyWeight²`. 0 turns typo tolerance off. */
  fuzzyWeight: number;
  /** Forms at most taken per misspelt word. */
  fuzzyForms: number;
  /** Weight of the IDF-weighted share of the question's concepts found anywhere in the passage's paragraph. */
  wParaCoverage: number;
  /** Weight of the paragraph's BM25 score (terms counted over the whole paragraph), normalized by the best. */
  wParaBm25: number;
  /** Weight of the share of the question's neighbouring words found in the same order, close together. */
  wOrder: number;
  /** Share of a concept's weight in coverage when it is found in the document's title but not in the passage. */
  titleCoverage: number;
  /** Weight of the evidence of the passage's document (all its sentences' scores, normalized by the best). */
  wDocument: number;
  /** Weight of the passage opening its paragraph. */
  wFirst: number;
  /** Weight of the passage being a window of several sentences rather than one (usually negative: a window
   * gathers weak evidence from two sentences). */
  wWindow: number;
  /** Share of its IDF a question's head word keeps in coverage (« quelle ville » → ville; see Concept.head). */
  headWeight: number;
  /** Share of its weight a question's head word keeps in the search. */
  headSearch: number;
}

/** Default ranking weights. */
export const DEFAULT_RANK: RankOptions = {
  candidates: 25,
  wCoverage: 0.45,
  wBm25: 0.3,
  wProximity: 0.05,
  wType: 0.125,
  wDate: 0.35,
  wParagraph: 0.15,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  paragraphPool: 5,
  titleBoost: 1,
  commonShare: 0.03,
  titleShare: 0.005,
  windowMix: 0.5,
  wExact: 0.8,
  windowSeeds: 10,
  paragraphExtra: 5,
  fuzzyWeight: 0.8,
  fuzzyForms: 3,
  wParaCoverage: 0.25,
  wParaBm25: 0.25,
  wOrder: 0.25,
  wFirst: 0.045,
  wDocument: 0.15,
  titleCoverage: 0.8,
  wWindow: -0.025,
  headWeight: 0.7,
  headSearch: 0.5,
};

/** Inverse document frequency of a term in the index (a term absent from the index counts as rare). */
export function idf(index: PassageIndex, term: string): number {
  const n = index.sentenceCount;
  const df = index.df.get(term) ?? 0;
  return Math.log(1 + (n + 1) / (df + 0.5));
}

/** Share of the unknown-term IDF given to an ordinary word that the corpus never uses. */
const ABSENT_WORD_SHARE = 0.5;

function conceptIdf(index: PassageIndex, c: Concept): number {
  // The concept is as informative as its most specific form present in the index. A concept none of whose
  // forms is in the index is evidence against every passage: strong for a name or a number (the corpus
  // never mentions it), weaker for an ordinary word (the corpus may say the same thing in other words).
  let best = 0;
  let present = false;
  for (const v of c.variants) {
    if (index.df.has(v.term)) {
      present = true;
      best = Math.max(best, idf(index, v.term));
    }
  }
  if (present) return best;
  const unknown = idf(index, '\u0000absent');
  return c.name || c.numeric ? unknown : unknown * ABSENT_WORD_SHARE;
}

/**
 * Forms of the index a word absent from it may be a misspelling of (« espirt » → esprit): one edit away
 * (a swap of two neighbouring letters counts as one) for a word of 5 to 8 letters, two for a longer one,
 * weighted below the word itself.
 */
function misspelt(index: PassageIndex, c: Concept, o: RankOptions): Concept['variants'] {
  const own = c.variants.find((v) => v.weight === 1) ?? c.variants[0];
  if (!own || own.term.length < 5) return [];
  const term = own.term;
  const long = term.length >= 9;
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

/** Ranks passages for a parsed question; best first. */
export function rank(index: PassageIndex, q: ParsedQuestion, options: Partial<RankOptions> = {}): Candidate[] {
  const o = { ...DEFAULT_RANK, ...options };
  if (!q.concepts.length && !q.dates.length) return [];
  // Forms of a language the corpus does not hold can only match by accident: drop them.
  // The best remaining form of each concept counts as an exact match (an English question on a French
  // corpus is not worse covered for being English).
  const concepts = q.concepts.map((c) => {
    const kept = c.variants.filter((v) => !v.lang || index.languages[v.lang] > 0);
    const top = Math.max(0, ...kept.map((v) => v.weight));
    const variants = top > 0 && top < 1 ? kept.map((v) => ({ ...v, weight: v.weight / top })) : kept;
    // A word none of whose forms the index holds may be misspelt.
    if (o.fuzzyWeight > 0 && !c.numeric && !variants.some((v) => index.df.has(v.term))) variants.push(...misspelt(index, c, o));
    return { ...c, variants };
  });
  q = { ...q, concepts };
  const weightOf = new Map<string, number>();
  const conceptsOf = new Map<string, number[]>();
  q.concepts.forEach((c, ci) => {
    for (const v of c.variants) {
      weightOf.set(v.term, Math.max(weightOf.get(v.term) ?? 0, v.weight * (c.head ? o.headSearch : 1)));
      const list = conceptsOf.get(v.term) ?? [];
      list.push(ci);
      conceptsOf.set(v.term, list);
    }
  });
  const idfs = q.concepts.map((c) => conceptIdf(index, c) * (c.head ? o.headWeight : 1));
  const conceptOfWord = new Map(q.concepts.map((c, ci) => [c.word, ci]));
  const totalIdf = idfs.reduce((a, b) => a + b, 0) || 1;
  // Terms in a large share of the passages say little about which one answers, and their long posting
  // lists dominate search time: they are left out of the search (still counted in coverage) unless
  // nothing rarer is asked.
  const present = [...weightOf.keys()].filter((t) => index.df.has(t));
  const commonLimit = Math.max(50, index.sentenceCount * o.commonShare);
  const rare = present.filter((t) => index.df.get(t)! <= commonLimit);
  const terms = rare.length ? rare : present;
  // Titles are searched for the rarer terms only: a title's terms stand in every sentence of its document,
  // so a common one brings long posting lists for little (the title is also counted in coverage).
  const titleLimit = Math.max(50, index.sentenceCount * o.titleShare);
  // A word only titles hold (the article about « Hans Herrmann » says « il ») is searched in titles.
  const titleOnly = [...weightOf.keys()].filter((t) => !index.df.has(t) && index.inTitles(t));
  const titleQuery = o.titleBoost > 0 ? [...terms.filter((t) => index.df.get(t)! <= titleLimit), ...titleOnly].join(' ') : '';
  const common: SearchOptions = { boostTerm: (t: string) => weightOf.get(t) ?? 1, bm25: o.bm25 };
  const query: Query = {
    combineWith: 'OR',
    queries: [
      { queries: [terms.join(' ')], fields: ['text'], ...common },
      ...(titleQuery ? [{ queries: [titleQuery], fields: ['title'], boost: { title: o.titleBoost }, ...common }] : []),
    ],
  };
  const searchOptions: SearchOptions = { combineWith: 'OR', ...common };
  const results = terms.length || titleQuery ? index.search.search(query, searchOptions) : [];
  // The head of the result list: what follows carries negligible scores.
  const head = results.slice(0, o.candidates * 10);
  const scoreOf = new Map<number, number>();
  for (const r of head) scoreOf.set(r.id as number, r.score);
  // Paragraph evidence: the question's terms are often spread over several sentences of the paragraph
  // that answers; a paragraph scores the sum of its sentences' scores. The best paragraphs also bring
  // their sentences into the pool.
  const paraSum = new Map<number, number>();
  for (const r of head) {
    const id = r.id as number;
    const pid = index.paragraphOf(id);
    paraSum.set(pid, (paraSum.get(pid) ?? 0) + r.score);
  }
  const paraRanked = [...paraSum].sort((a, b) => b[1] - a[1]);
  // Document evidence: the document that speaks most of the question (all its sentences' scores).
  const docSum = new Map<number, number>();
  for (const r of head) {
    const d = index.passages[r.id as number]!.doc;
    docSum.set(d, (docSum.get(d) ?? 0) + r.score);
  }
  let maxDoc = 0;
  for (const v of docSum.values()) if (v > maxDoc) maxDoc = v;
  maxDoc ||= 1;
  const maxPara = paraRanked[0]?.[1] ?? 1;
  const paraNorm = new Map<number, number>();
  for (const [pid, v] of paraRanked.slice(0, o.candidates)) paraNorm.set(pid, v / maxPara);
  // Passages carrying a date of the question are candidates too: first those the words found, then (for
  // a question that is mostly its date) any, up to the candidate budget.
  const dateIds = new Set<number>();
  if (q.dates.length) {
    for (const r of head) {
      if (dateIds.size >= o.candidates) break;
      if (dateScore(index.passages[r.id as number]!, q) > 0) dateIds.add(r.id as number);
    }
    if (q.concepts.length <= 1) {
      for (let id = 0; id < index.passages.length && dateIds.size < o.candidates; id++) {
        if (dateScore(index.passages[id]!, q) > 0) dateIds.add(id);
      }
    }
  }
  const top = results.slice(0, o.candidates);
  const pool = new Map<number, number>();
  for (const r of top) pool.set(r.id as number, r.score);
  for (const id of dateIds) if (!pool.has(id)) pool.set(id, 0);
  // Windows holding a top sentence are scored from their sentences' scores.
  for (const r of top.slice(0, o.windowSeeds)) {
    for (const w of index.windowsOf(r.id as number)) {
      if (pool.has(w)) continue;
      const scores = index.sentencesOf(w).map((sid) => scoreOf.get(sid) ?? 0);
      const best = Math.max(...scores);
      pool.set(w, best + o.windowMix * (scores.reduce((a, b) => a + b, 0) - best));
    }
  }
  let maxScore = 0;
  for (const v of pool.values()) if (v > maxScore) maxScore = v;
  maxScore ||= 1;
  // Sentences of the best paragraphs join the pool (with their BM25 score when they have one nearby).
  const extra = paraRanked
    .slice(0, o.paragraphPool)
    .flatMap(([pid]) => index.passagesOfParagraph[pid] ?? [])
    .filter((id) => index.passages[id]!.sentences === 1)
    .slice(0, o.paragraphExtra);
  for (const id of extra) if (!pool.has(id)) pool.set(id, scoreOf.get(id) ?? 0);

  // Paragraph evidence over the whole paragraph of each candidate (computed once per paragraph).
  const paraEvidence = new Map<number, { coverage: number; bm25: number }>();
  const avgPara = index.averageParagraphTerms || 1;
  const paragraphEvidence = (pid: number) => {
    let e = paraEvidence.get(pid);
    if (e) return e;
    // The sentences' stored term strings are scanned for the question's terms rather than split (this runs
    // for every candidate paragraph: no allocation per term).
    const tf = new Map<string, number>();
    let length = 0;
    for (const sid of index.passagesOfParagraph[pid] ?? []) {
      const sentence = index.passages[sid]!;
      if (sentence.sentences !== 1 || !sentence.terms) continue;
      length += countTerms(sentence.terms);
      for (const t of present) {
        const n = countTerm(sentence.terms, t);
        if (n) tf.set(t, (tf.get(t) ?? 0) + n);
      }
    }
    let coverage = 0;
    let bm25 = 0;
    const norm = o.bm25.k * (1 - o.bm25.b + (o.bm25.b * length) / avgPara);
    q.concepts.forEach((c, ci) => {
      let w = 0;
      let s = 0;
      for (const v of c.variants) {
        const f = tf.get(v.term);
        if (!f) continue;
        w = Math.max(w, v.weight);
        s = Math.max(s, v.weight * idf(index, v.term) * ((f * (o.bm25.k + 1)) / (f + norm)));
      }
      if (!w && o.titleCoverage > 0) {
        const title = index.titleTerms(index.paragraphs[pid]!.doc);
        for (const v of c.variants) if (title.has(v.term)) w = Math.max(w, v.weight * o.titleCoverage);
      }
      coverage += idfs[ci]! * w;
      bm25 += s * (c.head ? o.headSearch : 1);
    });
    e = { coverage: coverage / totalIdf, bm25 };
    paraEvidence.set(pid, e);
    return e;
  };
  const wantPara = o.wParaCoverage !== 0 || o.wParaBm25 !== 0;
  let maxParaBm25 = 0;
  if (wantPara) for (const id of pool.keys()) maxParaBm25 = Math.max(maxParaBm25, paragraphEvidence(index.paragraphOf(id)).bm25);
  maxParaBm25 ||= 1;

  const out: Candidate[] = [];
  for (const [id, raw] of pool) {
    const passage = index.passages[id]!;
    const text = index.readText(passage);
    const matchedConcepts = new Map<number, number>();
    const positions: [number, number][] = [];
    const hitTerms = new Set<string>();
    index.termsOf(id).forEach((term, pos) => {
      const cs = conceptsOf.get(term);
      if (!cs) return;
      hitTerms.add(term);
      const w = weightOf.get(term) ?? 1;
      for (const ci of cs) {
        const v = q.concepts[ci]!.variants.find((x) => x.term === term);
        matchedConcepts.set(ci, Math.max(matchedConcepts.get(ci) ?? 0, v?.weight ?? w));
        positions.push([pos, ci]);
      }
    });
    let cov = 0;
    const matched = new Set<string>();
    for (const [ci, w] of matchedConcepts) {
      cov += idfs[ci]! * w;
      matched.add(q.concepts[ci]!.word);
    }
    // What the title names, the passage may only refer to (« il », « la société »): a concept found in the
    // title alone counts, below one found in the passage.
    if (o.titleCoverage > 0) {
      const title = index.titleTerms(passage.doc);
      q.concepts.forEach((c, ci) => {
        if (matchedConcepts.has(ci)) return;
        let w = 0;
        for (const v of c.variants) if (title.has(v.term)) w = Math.max(w, v.weight);
        cov += idfs[ci]! * w * o.titleCoverage;
      });
    }
    // A question that only names a date ("what happened on March 2?") is covered by the date itself.
    const coverage = q.concepts.length ? cov / totalIdf : dateScore(passage, q);
    const proximity = proximityScore(positions, matchedConcepts.size);
    // Stemming conflates (« organisée », « organisation »): the question's words in their exact form count
    // extra.
    let exact = 0;
    const seenExact = new Set<number>();
    for (const w of index.wordsOf(id)) {
      const ci = conceptOfWord.get(w);
      if (ci !== undefined && !seenExact.has(ci)) {
        seenExact.add(ci);
        exact += idfs[ci]!;
      }
    }
    if (o.titleCoverage > 0) {
      for (const w of index.titleWords(passage.doc)) {
        const ci = conceptOfWord.get(w);
        if (ci !== undefined && !seenExact.has(ci)) {
          seenExact.add(ci);
          exact += idfs[ci]! * o.titleCoverage;
        }
      }
    }
    exact /= totalIdf;

    const typeEvidence = typeScore(passage, q, text, conceptOfWord);
    const dateMatch = dateScore(passage, q);
    const bm25 = raw / maxScore;
    const paragraph = paraNorm.get(index.paragraphOf(id)) ?? 0;
    const pe = wantPara ? paragraphEvidence(index.paragraphOf(id)) : undefined;
    const order = o.wOrder !== 0 ? orderScore(positions, q.concepts.length) : 0;
    const score =
      (pe ? o.wParaCoverage * pe.coverage + o.wParaBm25 * (pe.bm25 / maxParaBm25) : 0) +
      o.wOrder * order +
      o.wDocument * ((docSum.get(passage.doc) ?? 0) / maxDoc) +
      (passage.first === 0 ? o.wFirst : 0) +
      (passage.sentences > 1 ? o.wWindow : 0) +
      o.wCoverage * coverage +
      o.wBm25 * bm25 +
      o.wProximity * proximity +
      o.wType * typeEvidence +
      o.wDate * dateMatch +
      o.wParagraph * paragraph +
      o.wExact * exact;
    out.push({ id, passage, score, coverage, bm25, proximity, typeEvidence, dateMatch, paragraph, exact, matched, terms: hitTerms });
  }
  out.sort((a, b) => b.score - a.score || a.passage.end - a.passage.start - (b.passage.end - b.passage.start));
  return out;
}

/** Occurrences of a whole term in a space-separated term string. */
function countTerm(s: string, term: string): number {
  let n = 0;
  for (let i = s.indexOf(term); i >= 0; i = s.indexOf(term, i + term.length)) {
    if ((i === 0 || s.charCodeAt(i - 1) === 32) && (i + term.length === s.length || s.charCodeAt(i + term.length) === 32)) n++;
  }
  return n;
}

/**
 * Share of the question's neighbouring concept pairs (first and second, second and third…) found in the
 * same order within three terms of each other.
 */
function orderScore(positions: [number, number][], concepts: number): number {
  if (concepts < 2) return 0;
  const at = new Map<number, number[]>();
  for (const [pos, ci] of positions) {
    const list = at.get(ci) ?? [];
    list.push(pos);
    at.set(ci, list);
  }
  let hits = 0;
  for (let ci = 0; ci + 1 < concepts; ci++) {
    const a = at.get(ci);
    const b = at.get(ci + 1);
    if (a && b && a.some((x) => b.some((y) => y > x && y - x <= 3))) hits++;
  }
  return hits / (concepts - 1);
}

/** 1 when all matched concepts sit next to each other, falling towards 0 as they spread. */
function proximityScore(positions: [number, number][], k: number): number {
  if (k < 2) return 0;
  // Smallest window of token positions holding every matched concept.
  positions.sort((a, b) => a[0] - b[0]);
  const count = new Map<number, number>();
  let have = 0;
  let best = Infinity;
  let lo = 0;
  for (let hi = 0; hi < positions.length; hi++) {
    const c = positions[hi]![1];
    count.set(c, (count.get(c) ?? 0) + 1);
    if (count.get(c) === 1) have++;
    while (have === k) {
      best = Math.min(best, positions[hi]![0] - positions[lo]![0] + 1);
      const lc = positions[lo]![1];
      count.set(lc, count.get(lc)! - 1);
      if (count.get(lc) === 0) have--;
      lo++;
    }
  }
  return best === Infinity ? 0 : Math.min(1, k / best);
}

/** Evidence that a passage holds the kind of answer asked for. */
function typeScore(p: PassageRecord, q: ParsedQuestion, text: string, asked: ReadonlyMap<string, unknown>): number {
  switch (q.type) {
    case 'when':
      if (!p.dates.length) return 0;
      return p.dates.some((d) => d.precision === 'day' || d.precision === 'minute') ? 1 : 0.7;
    case 'howmuch':
      return p.amounts.length ? 1 : /\d/.test(text) ? 0.5 : 0;
    case 'who':
      return hasAnswerName(p, text, asked) ? 1 : 0;
    case 'where':
      return hasAnswerName(p, text, asked) ? 0.6 : 0;
    case 'why':
      return /\b(parce que|car|afin de|pour|en raison|because|since|due to|so that|in order)\b/i.test(text) ? 0.5 : 0;
    default:
      return kindScore(p, q, text, asked);
  }
}

/** Evidence that a passage holds the kind of answer a what-question's head word announces. */
function kindScore(p: PassageRecord, q: ParsedQuestion, text: string, asked: ReadonlyMap<string, unknown>): number {
  switch (q.answerKind) {
    case 'place':
    case 'person':
    case 'organization':
      return hasAnswerName(p, text, asked) ? 1 : 0;
    case 'number':
      return p.amounts.length ? 1 : /\d/.test(text) ? 0.5 : 0;
    case 'time':
      return p.dates.length ? 1 : 0;
    default:
      return 0;
  }
}

/** Whether a passage holds a name that is not made only of the question's words (cheaper than
 * {@link answerNames}: no analysis, stops at the first). */
function hasAnswerName(p: PassageRecord, text: string, asked: ReadonlyMap<string, unknown>): boolean {
  for (const n of p.names) {
    for (const m of text.slice(n.start, n.end).matchAll(/[\p{L}\p{N}]+/gu)) {
      const w = fold(m[0]);
      if (w.length > 1 && !asked.has(w)) return true;
    }
  }
  return false;
}

/**
 * Names in a passage that are not words of the question (the answer to a who-question), trimmed of the
 * asked words they start or end with ("OpenAI Sam Altman" asked about OpenAI → "Sam Altman").
 */
export function answerNames(p: PassageRecord, q: ParsedQuestion, text: string): { start: number; end: number }[] {
  const asked = new Set(q.concepts.map((c) => c.word));
  const out: { start: number; end: number }[] = [];
  for (const n of p.names) {
    const toks = tokenize(text.slice(n.start, n.end), 'fr').filter((t) => t.word.length > 1);
    let i = 0;
    let j = toks.length - 1;
    while (i <= j && asked.has(toks[i]!.word)) i++;
    while (j >= i && asked.has(toks[j]!.word)) j--;
    if (i > j) continue;
    out.push({ start: n.start + toks[i]!.start, end: n.start + toks[j]!.end });
  }
  return out;
}

/**
 * 1 when the passage carries a date the question names (month-day match when the question gives no year);
 * a date that only follows another one in the passage counts less (the passage is about its first date:
 * « Le 24 février, … fixe un ultimatum … avant le vendredi 27 février » is about February 24).
 */
export function dateScore(p: PassageRecord, q: ParsedQuestion): number {
  let best = 0;
  const first = p.dates.reduce((a, d) => Math.min(a, d.start), Infinity);
  p.dates.forEach((d) => {
    const salience = d.start === first ? 1 : 0.85;
    for (const qd of q.dates) {
      let s = 0;
      if (qd.yearKnown) {
        if (d.iso === qd.iso) s = 1;
        else if (d.iso.startsWith(qd.iso)) s = 0.85;
        else if (qd.iso.startsWith(d.iso)) s = 0.5;
      } else {
        const md = qd.iso.slice(4, 10); // "-MM-DD" or "-MM"
        if (md && d.iso.slice(4, 4 + md.length) === md) s = 0.9;
      }
      best = Math.max(best, s * salience);
    }
  });
  return best;
}
