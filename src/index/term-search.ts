/**
 * The best `k` results of a minisearch OR query over two fields (terms in passages, rarer terms in titles),
 * computed term at a time over the posting lists of the {@link TermIndex} (postings.ts, minisearch's state
 * as flat arrays), and **identical** to the first `k` results of `MiniSearch.search` for the same query on
 * the same index: the same BM25+ formula evaluated in the same
 * order (so the same floating-point scores), the same "quality" factor (the number of distinct query terms
 * a document matched) and the same order among equal scores (the order minisearch first meets documents).
 *
 * What it saves over `MiniSearch.search`: minisearch builds a result object (with its matched terms and
 * fields) for every document matching any term — tens of thousands at 100,000 passages — and sorts them
 * all, where ranking only reads the scores of the best few hundred.
 */
import type { TermIndex } from './postings.js';

/** A query of {@link searchTop}. */
export interface TermQuery {
  /** Terms searched in `textField` (distinct). */
  text: string[];
  /** Terms searched in `titleField` (distinct). */
  title: string[];
  /** Weight of each term (minisearch's `boostTerm`); 1 when absent. */
  weightOf: ReadonlyMap<string, number>;
  /** Boost of the title field. */
  titleBoost: number;
  /** BM25+ parameters. */
  bm25: { k: number; b: number; d: number };
}

/** A result: the document's id and score, as minisearch gives them. */
export interface TermHit {
  id: number;
  score: number;
}

/** Scratch arrays reused between searches (one search at a time per thread: searches are synchronous). */
interface Scratch {
  text: Float64Array;
  title: Float64Array;
  terms: Uint16Array;
  seen: Uint32Array;
  /** Marks the documents where a term of both sub-queries matched in the text field. */
  inText: Uint32Array;
  stamp: number;
}

let scratch: Scratch | null = null;

function scratchFor(size: number): Scratch {
  if (!scratch || scratch.text.length < size) {
    scratch = { text: new Float64Array(size), title: new Float64Array(size), terms: new Uint16Array(size), seen: new Uint32Array(size), inText: new Uint32Array(size), stamp: 0 };
  }
  if (++scratch.stamp === 0xffffffff) {
    scratch.seen.fill(0);
    scratch.inText.fill(0);
    scratch.stamp = 1;
  }
  return scratch;
}

/** Per-search state shared by the two fields' passes. */
interface Pass {
  index: TermIndex;
  q: TermQuery;
  s: Scratch;
  /** Documents in the order first met. */
  order: number[];
}

/**
 * Adds the BM25+ scores of `list`'s terms in one field to `acc`. minisearch scores a term in a field as
 * termWeight * termBoost * fieldBoost * docBoost * BM25+ (here termWeight and docBoost are 1) and sums a
 * document's terms in query order; its quality factor counts the distinct query terms a document matched
 * (a term of both sub-queries once: `alsoIn`, the field of the other sub-query, and its terms).
 */
function scoreField(p: Pass, list: readonly string[], field: number, fieldBoost: number, acc: Float64Array, alsoIn: { list: readonly string[]; field: number } | null): void {
  const { index, q, s, order } = p;
  const { k: bk, b, d } = q.bm25;
  const total = index.documentCount;
  const lengths = index.lengths[field]!;
  const avg = index.averageFieldLength[field]!;
  const { offsets, docs, freqs } = index.postings[field]!;
  const { seen, text, title, terms, inText, stamp } = s;
  for (const term of list) {
    const t = index.termId(term);
    if (t === undefined) continue;
    const from = offsets[t]!;
    const to = offsets[t + 1]!;
    if (from === to) continue;
    const termBoost = q.weightOf.get(term) ?? 1;
    const matching = to - from;
    const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
    // Documents where this term was already counted in the other field's sub-query.
    const counted = alsoIn !== null && alsoIn.list.includes(term);
    if (counted) {
      const o = index.postings[alsoIn.field]!;
      for (let j = o.offsets[t]!; j < o.offsets[t + 1]!; j++) inText[o.docs[j]!] = stamp;
    }
    for (let j = from; j < to; j++) {
      const doc = docs[j]!;
      if (seen[doc] !== stamp) {
        seen[doc] = stamp;
        text[doc] = 0;
        title[doc] = 0;
        terms[doc] = 0;
        order.push(doc);
      }
      const termFreq = freqs[j]!;
      const rawScore = invDocFreq * (d + (termFreq * (bk + 1)) / (termFreq + bk * (1 - b + (b * lengths[doc]!) / avg)));
      acc[doc] = acc[doc]! + 1 * termBoost * fieldBoost * 1 * rawScore;
      if (!(counted && inText[doc] === stamp)) terms[doc] = terms[doc]! + 1;
    }
    if (counted) {
      // Clear the marks: another term of both sub-queries marks its own documents.
      const o = index.postings[alsoIn.field]!;
      for (let j = o.offsets[t]!; j < o.offsets[t + 1]!; j++) inText[o.docs[j]!] = 0;
    }
  }
}

/**
 * The best `k` results of `text` in field `text` OR `title` in field `title`, best first, exactly as
 * minisearch's `search({ combineWith: 'OR', queries: [textQuery, titleQuery] }).slice(0, k)` gives them on
 * the same index (see the module comment).
 */
export function searchTop(index: TermIndex, q: TermQuery, k: number, fields: { text: string; title: string } = { text: 'text', title: 'title' }): TermHit[] {
  const s = scratchFor(index.externalId.length);
  const p: Pass = { index, q, s, order: [] };
  const textField = index.fieldIds[fields.text];
  const titleField = index.fieldIds[fields.title];
  if (textField !== undefined) scoreField(p, q.text, textField, 1, s.text, null);
  if (q.title.length && titleField !== undefined) {
    scoreField(p, q.title, titleField, q.titleBoost || 1, s.title, textField !== undefined ? { list: q.text, field: textField } : null);
  }
  // Best k by score, then by the order minisearch met the documents (its sort is stable).
  const { order } = p;
  const n = order.length;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const doc = order[i]!;
    score[i] = (s.text[doc]! + s.title[doc]!) * (s.terms[doc]! || 1);
  }
  const best = topK(score, Math.min(k, n));
  const out: TermHit[] = new Array<TermHit>(best.length);
  for (let i = 0; i < best.length; i++) {
    const at = best[i]!;
    out[i] = { id: index.externalId[order[at]!]!, score: score[at]! };
  }
  return out;
}

/** Positions of the `k` largest scores, largest first, ties by position (a bounded min-heap). */
function topK(score: Float64Array, k: number): number[] {
  if (k <= 0) return [];
  // "Worse" = lower score, or equal score and later position.
  const worse = (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && a > b);
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && worse(heap[l]!, heap[w]!)) w = l;
      if (r < heap.length && worse(heap[r]!, heap[w]!)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w]!, heap[i]!];
      i = w;
    }
  };
  for (let i = 0; i < score.length; i++) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (score[b]! - score[a]!) || a - b);
}
