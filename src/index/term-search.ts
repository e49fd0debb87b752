/**
 * The best `k` results of a minisearch OR query over two fields (terms in passages, rarer terms in titles),
 * computed term at a time over minisearch's own posting lists with typed arrays, and **identical** to the
 * first `k` results of `MiniSearch.search` for the same query: the same BM25+ formula evaluated in the same
 * order (so the same floating-point scores), the same "quality" factor (the number of distinct query terms
 * a document matched) and the same order among equal scores (the order minisearch first meets documents).
 *
 * What it saves over `MiniSearch.search`: minisearch builds a result object (with its matched terms and
 * fields) for every document matching any term — tens of thousands at 100,000 passages — and sorts them
 * all, where ranking only reads the scores of the best few hundred.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';

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

/** minisearch's internal state read here (version 7). */
interface Internals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _nextId: number;
  /** Documents discarded but still in posting lists (minisearch then skips them while it scores). */
  _dirtCount: number;
}

/** Per-index arrays built once: field lengths and external ids by short document id. */
interface Columns {
  fieldLength: Float64Array[];
  externalId: Float64Array;
  size: number;
}

const columnsOf = new WeakMap<object, Columns>();

function internals(ms: MiniSearch<never>): Internals | null {
  const x = ms as unknown as Partial<Internals>;
  const ok = x._index && x._fieldIds && x._fieldLength && x._avgFieldLength && x._documentIds && typeof x._documentCount === 'number' && typeof x._nextId === 'number';
  return ok && x._dirtCount === 0 ? (x as Internals) : null;
}

function columns(ms: object, m: Internals): Columns {
  let c = columnsOf.get(ms);
  if (c && c.size === m._nextId) return c;
  const size = m._nextId;
  const fields = Object.keys(m._fieldIds).length;
  const fieldLength = Array.from({ length: fields }, () => new Float64Array(size));
  const externalId = new Float64Array(size).fill(Number.NaN);
  for (const [short, lengths] of m._fieldLength) for (let f = 0; f < fields; f++) fieldLength[f]![short] = lengths[f] ?? 0;
  for (const [short, id] of m._documentIds) externalId[short] = typeof id === 'number' ? id : Number.NaN;
  c = { fieldLength, externalId, size };
  columnsOf.set(ms, c);
  return c;
}

/** Scratch arrays reused between searches (one search at a time per thread: searches are synchronous). */
let scratch: { text: Float64Array; title: Float64Array; terms: Uint16Array; seen: Uint32Array; stamp: number } | null = null;

function scratchFor(size: number): NonNullable<typeof scratch> {
  if (!scratch || scratch.text.length < size) {
    scratch = { text: new Float64Array(size), title: new Float64Array(size), terms: new Uint16Array(size), seen: new Uint32Array(size), stamp: 0 };
  }
  if (++scratch.stamp === 0xffffffff) {
    scratch.seen.fill(0);
    scratch.stamp = 1;
  }
  return scratch;
}

/**
 * The best `k` results of `text` in field `text` OR `title` in field `title`, best first, exactly as
 * `ms.search({ combineWith: 'OR', queries: [textQuery, titleQuery] }).slice(0, k)` gives them (see the
 * module comment). Falls back to `ms.search` when minisearch's internals are not the expected ones, or
 * when documents use ids that are not numbers.
 */
export function searchTop(ms: MiniSearch<never>, q: TermQuery, k: number, fields: { text: string; title: string } = { text: 'text', title: 'title' }): TermHit[] {
  const m = internals(ms);
  if (!m) return viaMinisearch(ms, q, k, fields);
  const cols = columns(ms, m);
  const s = scratchFor(cols.size);
  const { text, title, terms, seen, stamp } = s;
  const order: number[] = [];
  const { k: bk, b, d } = q.bm25;
  const total = m._documentCount;
  // minisearch scores a term in a field as termWeight * termBoost * fieldBoost * docBoost * BM25+ (here
  // termWeight and docBoost are 1), sums a document's terms in query order, then the two sub-queries.
  const run = (list: string[], field: string, fieldBoost: number, acc: Float64Array, other: { list: string[]; field: number } | null) => {
    const fieldId = m._fieldIds[field];
    if (fieldId === undefined) return;
    const lengths = cols.fieldLength[fieldId]!;
    const avg = m._avgFieldLength[fieldId]!;
    for (const term of list) {
      const postings = m._index.get(term)?.get(fieldId);
      if (!postings) continue;
      const termBoost = q.weightOf.get(term) ?? 1;
      const matching = postings.size;
      const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
      // Whether this term was already counted for a document in the other field (a term in both queries
      // counts once in minisearch's quality factor).
      const counted = other && other.list.includes(term) ? m._index.get(term)?.get(other.field) : undefined;
      // forEach walks the Map in insertion order, as minisearch's for…of, without an entry array per posting.
      postings.forEach((termFreq, doc) => {
        if (seen[doc] !== stamp) {
          seen[doc] = stamp;
          text[doc] = 0;
          title[doc] = 0;
          terms[doc] = 0;
          order.push(doc);
        }
        const rawScore = invDocFreq * (d + (termFreq * (bk + 1)) / (termFreq + bk * (1 - b + (b * lengths[doc]!) / avg)));
        acc[doc] = acc[doc]! + 1 * termBoost * fieldBoost * 1 * rawScore;
        if (!counted?.has(doc)) terms[doc] = terms[doc]! + 1;
      });
    }
  };
  run(q.text, fields.text, 1, text, null);
  if (q.title.length) run(q.title, fields.title, q.titleBoost || 1, title, { list: q.text, field: m._fieldIds[fields.text]! });
  // Best k by score, then by the order minisearch met the documents (its sort is stable).
  const n = order.length;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const doc = order[i]!;
    score[i] = (text[doc]! + title[doc]!) * (terms[doc]! || 1);
  }
  const best = topK(score, Math.min(k, n));
  const out: TermHit[] = new Array<TermHit>(best.length);
  for (let i = 0; i < best.length; i++) {
    const at = best[i]!;
    out[i] = { id: cols.externalId[order[at]!]!, score: score[at]! };
  }
  if (out.some((h) => Number.isNaN(h.id))) return viaMinisearch(ms, q, k, fields);
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

function viaMinisearch(ms: MiniSearch<never>, q: TermQuery, k: number, fields: { text: string; title: string }): TermHit[] {
  const common: SearchOptions = { boostTerm: (t: string) => q.weightOf.get(t) ?? 1, bm25: q.bm25 };
  const results = ms.search(
    {
      combineWith: 'OR',
      queries: [
        { queries: [q.text.join(' ')], fields: [fields.text], ...common },
        ...(q.title.length ? [{ queries: [q.title.join(' ')], fields: [fields.title], boost: { [fields.title]: q.titleBoost }, ...common }] : []),
      ],
    },
    { combineWith: 'OR', ...common },
  );
  return results.slice(0, k).map((r) => ({ id: r.id as number, score: r.score }));
}
