/**
 * The features of a candidate passage, each a small pure function of the passage, the question and the
 * ranking options: concept coverage, exact forms, proximity and order of the matched words, answer-type
 * evidence, date match, and paragraph evidence. {@link Features} gathers them; `scoreFeatures` in rank.ts
 * weighs them. A new feature is a function here, a field of {@link Features} and a weight in `RankOptions`.
 */
import { countTerms, type PassageIndex, type PassageRecord } from '../index/passage-index.js';
import { fold, tokenize } from '../text/analyze.js';
import { DEFAULT_RANK, type DateMatchOptions, type RankOptions, type TypeEvidenceOptions } from './options.js';
import type { Concept, ParsedQuestion } from './question.js';

/** What the ranking knows of a candidate passage, each feature in 0…1. */
export interface Features {
  /** IDF-weighted share of the question's concepts the passage holds (0…1). */
  coverage: number;
  /** minisearch score, normalized by the best of the pool. */
  bm25: number;
  /** 1 when the matched concepts sit next to each other, falling as they spread. */
  proximity: number;
  /** Evidence that the passage holds the kind of answer asked (a date for when…). */
  typeEvidence: number;
  /** How well the passage's dates match the question's. */
  dateMatch: number;
  /** Evidence of the passage's paragraph (its sentences' scores, normalized by the best paragraph). */
  paragraph: number;
  /** IDF-weighted share of the question's words found in their exact (unstemmed) form. */
  exact: number;
  /** Share of the question's neighbouring words found in the same order, close together. */
  order: number;
  /** Evidence of the passage's document (its sentences' scores, normalized by the best document). */
  document: number;
  /** 1 when the passage opens its paragraph. */
  first: number;
  /** 1 when the passage is a window of several sentences. */
  window: number;
  /** IDF-weighted share of the question's concepts found anywhere in the paragraph. */
  paraCoverage: number;
  /** BM25 of the whole paragraph, normalized by the best candidate paragraph. */
  paraBm25: number;
  /** IDF-weighted share of the question's concepts its document's title names (the article is about them). */
  title: number;
  /** Variant weight with which the passage holds the question's most specific concept (its highest IDF). */
  rarest: number;
  /** Share of the question's names and numbers the passage holds (0 when it asks none). */
  names: number;
  /** IDF-weighted share of the question's concepts found in the candidate paragraphs of the passage's document
   * (or its title): see {@link documentCoverage}. */
  docCoverage: number;
  /** 1 when a number stands right before the question's head word ("nine nations" for "how many nations"). */
  counted: number;
  /** IDF-weighted share of the question's concepts the passage does not hold in any form the index matches but
   * holds a word sharing a long prefix with (a derivation or verb form the stemmer keeps apart): see
   * {@link prefixScore}. */
  prefix: number;
  /** IDF-weighted share of the question's concepts its document's title does not name that the passage holds:
   * see {@link offTitleScore}. */
  offTitle: number;
}

/** The question's concepts as the ranking weighs them (see `conceptWeights` in query.ts). */
export interface ConceptWeights {
  /** Search weight of each index term the question may match. */
  weightOf: Map<string, number>;
  /** Concepts (by index) each index term stands for. */
  conceptsOf: Map<string, number[]>;
  /** Weight of each concept in coverage (its IDF, lowered for a head word). */
  idfs: number[];
  /** Concept index of each folded question word. */
  conceptOfWord: Map<string, number>;
  /** Sum of `idfs` (1 when 0). */
  totalIdf: number;
}

/** Inverse document frequency of a term in the index (a term absent from the index counts as rare). */
export function idf(index: PassageIndex, term: string): number {
  const n = index.sentenceCount;
  const df = index.df.get(term) ?? 0;
  return Math.log(1 + (n + 1) / (df + 0.5));
}

/**
 * The IDF of a concept: that of its most specific form present in the index. A concept none of whose forms
 * is in the index is evidence against every passage: strong for a name or a number (the corpus never
 * mentions it), weaker for an ordinary word (the corpus may say the same thing in other words).
 */
export function conceptIdf(index: PassageIndex, c: Concept, absentWordShare = DEFAULT_RANK.absentWordShare): number {
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
  return c.name || c.numeric ? unknown : unknown * absentWordShare;
}

/** Where the question's concepts stand in a passage's terms. */
export interface TermMatches {
  /** Best variant weight found of each matched concept (by concept index), in order of first match. */
  concepts: Map<number, number>;
  /** [term position, concept index] of every match, in passage order. */
  positions: [number, number][];
  /** Index terms of the passage that matched. */
  terms: Set<string>;
}

/** Finds the question's concepts among a passage's index terms (in order). */
export function matchTerms(terms: readonly string[], concepts: readonly Concept[], w: Pick<ConceptWeights, 'weightOf' | 'conceptsOf'>): TermMatches {
  const matched = new Map<number, number>();
  const positions: [number, number][] = [];
  const hit = new Set<string>();
  terms.forEach((term, pos) => {
    const cs = w.conceptsOf.get(term);
    if (!cs) return;
    hit.add(term);
    const weight = w.weightOf.get(term) ?? 1;
    for (const ci of cs) {
      const v = concepts[ci]!.variants.find((x) => x.term === term);
      matched.set(ci, Math.max(matched.get(ci) ?? 0, v?.weight ?? weight));
      positions.push([pos, ci]);
    }
  });
  return { concepts: matched, positions, terms: hit };
}

/**
 * IDF-weighted share of the question's concepts a passage holds. What the title names, the passage may
 * only refer to (« il », « la société »): a concept found in the title alone counts `titleCoverage` of one
 * found in the passage.
 */
export function coverageScore(matched: ReadonlyMap<number, number>, concepts: readonly Concept[], idfs: readonly number[], title: ReadonlySet<string>, titleCoverage: number): number {
  let cov = 0;
  for (const [ci, w] of matched) cov += idfs[ci]! * w;
  if (titleCoverage > 0) {
    concepts.forEach((c, ci) => {
      if (matched.has(ci)) return;
      let w = 0;
      for (const v of c.variants) if (title.has(v.term)) w = Math.max(w, v.weight);
      cov += idfs[ci]! * w * titleCoverage;
    });
  }
  return cov;
}

/**
 * IDF-weighted share (not yet divided by the total) of the question's words found in their exact folded
 * form in the passage, or at `titleCoverage` of that in its title: stemming conflates (« organisée »,
 * « organisation »), the word as asked counts extra.
 */
export function exactScore(words: readonly string[], titleWords: Iterable<string>, conceptOfWord: ReadonlyMap<string, number>, idfs: readonly number[], titleCoverage: number): number {
  let exact = 0;
  const seen = new Set<number>();
  for (const w of words) {
    const ci = conceptOfWord.get(w);
    if (ci !== undefined && !seen.has(ci)) {
      seen.add(ci);
      exact += idfs[ci]!;
    }
  }
  if (titleCoverage > 0) {
    for (const w of titleWords) {
      const ci = conceptOfWord.get(w);
      if (ci !== undefined && !seen.has(ci)) {
        seen.add(ci);
        exact += idfs[ci]! * titleCoverage;
      }
    }
  }
  return exact;
}

/**
 * IDF-weighted share (not yet divided by the total) of the question's concepts found in a document's title,
 * whether or not the passage holds them: a passage of the article about the question's subject is more
 * likely to answer than one elsewhere that mentions it in passing.
 */
export function titleScore(concepts: readonly Concept[], idfs: readonly number[], title: ReadonlySet<string>): number {
  let s = 0;
  concepts.forEach((c, ci) => {
    let w = 0;
    for (const v of c.variants) if (title.has(v.term)) w = Math.max(w, v.weight);
    s += idfs[ci]! * w;
  });
  return s;
}

/**
 * The weight with which a passage holds the question's most specific concept (the highest IDF; a head word
 * never counts as it), 0 when it does not: the rarest word asked is usually the one the answer is about.
 */
export function rarestScore(matched: ReadonlyMap<number, number>, concepts: readonly Concept[], idfs: readonly number[]): number {
  let best = -1;
  let at = -1;
  concepts.forEach((c, ci) => {
    if (!c.head && idfs[ci]! > best) {
      best = idfs[ci]!;
      at = ci;
    }
  });
  return at >= 0 ? (matched.get(at) ?? 0) : 0;
}

/** Length of the common prefix of two strings. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * IDF-weighted share (not yet divided by the total) of the question's concepts that no form of the passage's
 * index terms matches (`matched`) but one of its words (`words`, folded exact forms) shares a long prefix
 * with: at least `prefixMin` letters and `prefixShare` of the shorter word. It reaches what stemming and the
 * lexicon keep apart — a noun and its verb (« reconstruction » → « reconstruit »), a derivation
 * (« habite » → « habitants »), a past participle (« déportés » → « déportation ») — as separate evidence
 * with its own weight, so that it never changes the search or coverage. Numbers and words shorter than
 * `prefixMin` never count.
 */
export function prefixScore(
  words: readonly string[],
  matched: ReadonlyMap<number, number>,
  concepts: readonly Concept[],
  idfs: readonly number[],
  o: Pick<RankOptions, 'prefixMin' | 'prefixShare'>,
): number {
  let s = 0;
  concepts.forEach((c, ci) => {
    if (matched.has(ci) || c.numeric || c.word.length < o.prefixMin) return;
    const first = c.word.charCodeAt(0);
    for (const u of words) {
      if (u.charCodeAt(0) !== first || u.length < o.prefixMin) continue;
      if (commonPrefix(c.word, u) >= Math.max(o.prefixMin, Math.ceil(o.prefixShare * Math.min(c.word.length, u.length)))) {
        s += idfs[ci]!;
        return;
      }
    }
  });
  return s;
}

/** Share of the question's names and numbers a passage holds (with their variant weight); 0 when none is asked. */
export function namesScore(matched: ReadonlyMap<number, number>, concepts: readonly Concept[]): number {
  let n = 0;
  let s = 0;
  concepts.forEach((c, ci) => {
    if (!c.name && !c.numeric) return;
    n++;
    s += matched.get(ci) ?? 0;
  });
  return n ? s / n : 0;
}

/**
 * IDF-weighted share of the question's concepts a document holds (`found`, by concept index: in rank.ts, those
 * found in the document's candidate paragraphs), or its title at `titleCoverage`: the article that holds all
 * the question's words, spread over its paragraphs, is more likely the one the question is about than one
 * holding a few of them in a single sentence.
 */
export function documentCoverage(found: readonly boolean[], concepts: readonly Concept[], idfs: readonly number[], title: ReadonlySet<string>, titleCoverage: number): number {
  let cov = 0;
  let total = 0;
  concepts.forEach((c, ci) => {
    total += idfs[ci]!;
    if (found[ci]) cov += idfs[ci]!;
    else if (c.variants.some((v) => title.has(v.term))) cov += idfs[ci]! * titleCoverage;
  });
  return total ? cov / total : 0;
}

const NUMBER_TERM = /^\d/;

/**
 * Whether the passage counts what a how-many question asks: a number (in figures, or a number word the
 * question analysis knows: `numberTerms`) one or two terms before a match of the question's head word
 * ("How many nations…" → « nine nations », « 12 000 habitants »). 0 for a question with no head word.
 */
export function countedScore(terms: readonly string[], positions: readonly (readonly [number, number])[], concepts: readonly Concept[], numberTerms: ReadonlySet<string>): number {
  for (const [pos, ci] of positions) {
    if (!concepts[ci]!.head) continue;
    for (const back of [1, 2]) {
      const t = terms[pos - back];
      if (t !== undefined && (NUMBER_TERM.test(t) || numberTerms.has(t))) return 1;
    }
  }
  return 0;
}

/** Occurrences of a whole term in a space-separated term string. */
export function countTerm(s: string, term: string): number {
  let n = 0;
  for (let i = s.indexOf(term); i >= 0; i = s.indexOf(term, i + term.length)) {
    if ((i === 0 || s.charCodeAt(i - 1) === 32) && (i + term.length === s.length || s.charCodeAt(i + term.length) === 32)) n++;
  }
  return n;
}

/**
 * Share of the question's neighbouring concept pairs (first and second, second and third…) found in the
 * same order within `gap` terms of each other.
 */
export function orderScore(positions: readonly (readonly [number, number])[], concepts: number, gap = DEFAULT_RANK.orderGap): number {
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
    if (a && b && a.some((x) => b.some((y) => y > x && y - x <= gap))) hits++;
  }
  return hits / (concepts - 1);
}

/**
 * IDF-weighted share of the question's concepts the document's title does not name (`inTitle[ci]` false) that
 * the passage holds, with their matched weight; 0 when the title names them all. Within an article, every
 * paragraph holds its subject (the title's words): the words that tell its paragraphs apart are the others,
 * and this share counts them on their own, whatever part of the question the title takes.
 */
export function offTitleScore(matched: ReadonlyMap<number, number>, idfs: readonly number[], inTitle: readonly boolean[]): number {
  let total = 0;
  let s = 0;
  idfs.forEach((x, ci) => {
    if (inTitle[ci]) return;
    total += x;
    s += x * (matched.get(ci) ?? 0);
  });
  return total ? s / total : 0;
}

/** 1 when all `k` matched concepts sit next to each other, falling towards 0 as they spread. */
export function proximityScore(positions: readonly (readonly [number, number])[], k: number): number {
  if (k < 2) return 0;
  // Smallest window of token positions holding every matched concept.
  const sorted = [...positions].sort((a, b) => a[0] - b[0]);
  const count = new Map<number, number>();
  let have = 0;
  let best = Infinity;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    const c = sorted[hi]![1];
    count.set(c, (count.get(c) ?? 0) + 1);
    if (count.get(c) === 1) have++;
    while (have === k) {
      best = Math.min(best, sorted[hi]![0] - sorted[lo]![0] + 1);
      const lc = sorted[lo]![1];
      count.set(lc, count.get(lc)! - 1);
      if (count.get(lc) === 0) have--;
      lo++;
    }
  }
  return best === Infinity ? 0 : Math.min(1, k / best);
}

const CAUSE = /\b(parce que|car|afin de|pour|en raison|because|since|due to|so that|in order)\b/i;

/** Evidence that a passage holds the kind of answer asked for; `asked` holds the question's folded words. */
export function typeScore(p: PassageRecord, q: Pick<ParsedQuestion, 'type' | 'answerKind' | 'measure'>, text: string, asked: ReadonlyMap<string, unknown>, o: TypeEvidenceOptions = DEFAULT_RANK.type): number {
  switch (q.type) {
    case 'when':
      if (!p.dates.length) return 0;
      return p.dates.some((d) => d.precision === 'day' || d.precision === 'minute') ? 1 : o.vagueDate;
    case 'howmuch':
      if (q.measure === 'duration') return durationScore(p, text, o);
      return p.amounts.length ? 1 : /\d/.test(text) ? o.digitsOnly : 0;
    case 'who':
      return hasAnswerName(p, text, asked) ? 1 : 0;
    case 'where':
      return hasAnswerName(p, text, asked) ? o.whereName : 0;
    case 'why':
      return CAUSE.test(text) ? o.why : 0;
    default:
      return kindScore(p, q, text, asked, o);
  }
}

/** A quantity of time: a number of years, months, days… (« 800 000 ans », "two years", « six mois »). */
const TIME_UNIT = /(?:^|\s)(?:ans?|ann[ée]es?|mois|semaines?|jours?|heures?|minutes?|secondes?|d[ée]cennies?|si[èe]cles?|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies))$/iu;

/**
 * Evidence that a passage answers a how-long question: an amount of time (1), a range of years, which spans
 * a duration (1: « de 1321 à 1323 », "1939–1945"), another amount or a number (`digitsOnly`), nothing (0).
 */
export function durationScore(p: PassageRecord, text: string, o: TypeEvidenceOptions): number {
  if (p.amounts.some((a) => TIME_UNIT.test(text.slice(a.start, a.end)))) return 1;
  const years = p.dates.filter((d) => d.precision === 'year').map((d) => Number(d.iso));
  if (years.some((a, i) => years.slice(i + 1).some((b) => b > a && b - a <= 150))) return 1;
  return p.amounts.length || /\d/.test(text) ? o.digitsOnly : 0;
}

/** Evidence that a passage holds the kind of answer a what-question's head word announces. */
function kindScore(p: PassageRecord, q: Pick<ParsedQuestion, 'answerKind'>, text: string, asked: ReadonlyMap<string, unknown>, o: TypeEvidenceOptions): number {
  switch (q.answerKind) {
    case 'place':
    case 'person':
    case 'organization':
      return hasAnswerName(p, text, asked) ? 1 : 0;
    case 'number':
      return p.amounts.length ? 1 : /\d/.test(text) ? o.digitsOnly : 0;
    case 'time':
      return p.dates.length ? 1 : 0;
    default:
      return 0;
  }
}

/** Whether a passage holds a name that is not made only of the question's words (cheaper than
 * {@link answerNames}: no analysis, stops at the first). */
export function hasAnswerName(p: PassageRecord, text: string, asked: ReadonlyMap<string, unknown>): boolean {
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
export function answerNames(p: PassageRecord, q: Pick<ParsedQuestion, 'concepts'>, text: string): { start: number; end: number }[] {
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
 * How well a passage's dates match the question's: `same` for the date asked, less for one within or around
 * it, `monthDay` for the month and day of a question that gives no year; a date that only follows another
 * one in the passage counts `laterDate` of that (the passage is about its first date: « Le 24 février, …
 * fixe un ultimatum … avant le vendredi 27 février » is about February 24).
 */
export function dateScore(p: Pick<PassageRecord, 'dates'>, q: Pick<ParsedQuestion, 'dates'>, o: DateMatchOptions = DEFAULT_RANK.date): number {
  let best = 0;
  const first = p.dates.reduce((a, d) => Math.min(a, d.start), Infinity);
  p.dates.forEach((d) => {
    const salience = d.start === first ? 1 : o.laterDate;
    for (const qd of q.dates) {
      let s = 0;
      if (qd.yearKnown) {
        if (d.iso === qd.iso) s = o.same;
        else if (d.iso.startsWith(qd.iso)) s = o.within;
        else if (qd.iso.startsWith(d.iso)) s = o.around;
      } else {
        const md = qd.iso.slice(4, 10); // "-MM-DD" or "-MM"
        if (md && d.iso.slice(4, 4 + md.length) === md) s = o.monthDay;
      }
      best = Math.max(best, s * salience);
    }
  });
  return best;
}

/** Evidence of a whole paragraph: coverage of the question's concepts and BM25 over all its sentences. */
export interface ParagraphEvidence {
  coverage: number;
  bm25: number;
  /** Indexes of the concepts found in the paragraph's sentences (not counting its title). */
  found: number[];
}

/**
 * The question's terms are often spread over several sentences of the paragraph that answers: coverage
 * (with the title, as for a passage) and BM25 counted over the paragraph's sentences together. The
 * sentences' stored term strings are scanned for the question's terms rather than split (this runs for
 * every candidate paragraph: no allocation per term).
 */
export function paragraphEvidence(
  index: PassageIndex,
  pid: number,
  concepts: readonly Concept[],
  present: readonly string[],
  w: Pick<ConceptWeights, 'idfs' | 'totalIdf'>,
  o: Pick<RankOptions, 'bm25' | 'titleCoverage' | 'headSearch'>,
): ParagraphEvidence {
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
  const found: number[] = [];
  const avgPara = index.averageParagraphTerms || 1;
  const norm = o.bm25.k * (1 - o.bm25.b + (o.bm25.b * length) / avgPara);
  concepts.forEach((c, ci) => {
    let weight = 0;
    let s = 0;
    for (const v of c.variants) {
      const f = tf.get(v.term);
      if (!f) continue;
      weight = Math.max(weight, v.weight);
      s = Math.max(s, v.weight * idf(index, v.term) * ((f * (o.bm25.k + 1)) / (f + norm)));
    }
    if (weight) found.push(ci);
    if (!weight && o.titleCoverage > 0) {
      const title = index.titleTerms(index.paragraphs[pid]!.doc);
      for (const v of c.variants) if (title.has(v.term)) weight = Math.max(weight, v.weight * o.titleCoverage);
    }
    coverage += w.idfs[ci]! * weight;
    bm25 += s * (c.head ? o.headSearch : 1);
  });
  return { coverage: coverage / w.totalIdf, bm25, found };
}
