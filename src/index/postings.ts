/**
 * The search index of the passages as flat arrays: minisearch's state (its BM25 statistics and posting lists)
 * read once into typed arrays, term by term in minisearch's own order. Serving never touches minisearch's
 * objects: {@link searchTop} (term-search.ts) scores from these arrays, and a snapshot stores them as they
 * are, so loading one builds no map per term or per posting (what made start-up slower than minisearch's own
 * `loadJSON`).
 *
 * Layout (compressed sparse rows): for field `f`, the postings of term `t` are
 * `docs[offsets[t] … offsets[t + 1] - 1]` (minisearch's short document ids, in the order minisearch met
 * them) with their term frequencies in `freqs` at the same positions.
 */
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/** The posting lists of one field. */
export interface FieldPostings {
  /** `terms.length + 1` offsets into `docs` and `freqs`. */
  offsets: Int32Array;
  /** Short document ids. */
  docs: Int32Array;
  /** Term frequency of each posting. */
  freqs: Int32Array;
}

/** What a snapshot stores of a {@link TermIndex}: plain data and typed arrays. */
export interface TermIndexData {
  documentCount: number;
  /** Field name → field id (minisearch's). */
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** External id (passage id) of each short id; -1 for a short id with no document. */
  externalId: Int32Array;
  /** Field lengths: `fields` numbers per short id (-1: the field is absent). */
  fieldLength: Int32Array;
  /** The vocabulary, in minisearch's order. */
  terms: string[];
  /** Posting lists by field id. */
  postings: FieldPostings[];
}

/** A node of minisearch's radix tree: branches by label, the term's own entry under ''. */
type Tree = Map<string, unknown>;

/** The shape of a radix tree, each term's entry replaced by 0 (minisearch keeps its postings there). */
function copyTree(node: Tree): Tree {
  const out: Tree = new Map();
  for (const [label, child] of node) out.set(label, label === '' ? 0 : copyTree(child as Tree));
  return out;
}

/** minisearch's internal state read here (version 7). */
interface MiniSearchState {
  _index: Iterable<[string, Map<number, Map<number, number>>]> & { set(term: string, data: Map<number, Map<number, number>>): unknown };
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _dirtCount: number;
}

/** The term index (see the module comment). Immutable. */
export class TermIndex {
  readonly documentCount: number;
  readonly fieldIds: Readonly<Record<string, number>>;
  readonly averageFieldLength: readonly number[];
  readonly externalId: Int32Array;
  readonly terms: readonly string[];
  readonly postings: readonly FieldPostings[];
  /** Field lengths by field id, then short id (0 where absent), as BM25 reads them. */
  readonly lengths: Float64Array[];
  private readonly fieldLength: Int32Array;
  private readonly termIds: Map<string, number>;
  private fuzzyTree: SearchableMap<number> | null = null;

  private constructor(d: TermIndexData) {
    this.documentCount = d.documentCount;
    this.fieldIds = d.fieldIds;
    this.averageFieldLength = d.averageFieldLength;
    this.externalId = d.externalId;
    this.fieldLength = d.fieldLength;
    this.terms = d.terms;
    this.postings = d.postings;
    const fields = d.postings.length;
    const size = d.externalId.length;
    this.lengths = Array.from({ length: fields }, () => new Float64Array(size));
    for (let s = 0; s < size; s++) {
      for (let f = 0; f < fields; f++) {
        const len = d.fieldLength[s * fields + f]!;
        if (len > 0) this.lengths[f]![s] = len;
      }
    }
    this.termIds = new Map();
    d.terms.forEach((t, i) => this.termIds.set(t, i));
  }

  /**
   * Reads minisearch's state into arrays (the postings in minisearch's iteration order).
   * @throws RangeError when minisearch still holds discarded documents (never the case for a fresh build)
   */
  static fromMiniSearch(search: MiniSearch<never>): TermIndex {
    const m = search as unknown as MiniSearchState;
    if (m._dirtCount !== 0) throw new RangeError('TermIndex: minisearch holds discarded documents');
    const fields = Object.keys(m._fieldIds).length;
    const size = m._nextId;
    const externalId = new Int32Array(size).fill(-1);
    const fieldLength = new Int32Array(size * fields).fill(-1);
    for (const [short, id] of m._documentIds) externalId[short] = id;
    for (const [short, lengths] of m._fieldLength) for (let f = 0; f < fields; f++) if (lengths[f] !== undefined) fieldLength[short * fields + f] = lengths[f]!;
    const terms: string[] = [];
    const lists: { offsets: number[]; docs: number[]; freqs: number[] }[] = Array.from({ length: fields }, () => ({ offsets: [0], docs: [], freqs: [] }));
    for (const [term, data] of m._index) {
      terms.push(term);
      for (let f = 0; f < fields; f++) {
        const l = lists[f]!;
        const freqs = data.get(f);
        if (freqs) for (const [doc, tf] of freqs) l.docs.push(doc), l.freqs.push(tf);
        l.offsets.push(l.docs.length);
      }
    }
    const postings = lists.map((l) => ({ offsets: Int32Array.from(l.offsets), docs: Int32Array.from(l.docs), freqs: Int32Array.from(l.freqs) }));
    const index = new TermIndex({ documentCount: m._documentCount, fieldIds: { ...m._fieldIds }, averageFieldLength: [...m._avgFieldLength], externalId, fieldLength, terms, postings });
    // minisearch's own term tree, shape for shape (the order of its branches decides the order of fuzzy
    // matches, which ranking reads among equally near and frequent forms).
    const tree = (search as unknown as { _index: { _tree: Tree } })._index._tree;
    index.fuzzyTree = new SearchableMap<number>(copyTree(tree) as never);
    return index;
  }

  /** Restores an index from {@link TermIndex.toData}'s data (checked by the snapshot reader). */
  static fromData(d: TermIndexData): TermIndex {
    return new TermIndex(d);
  }

  /** The data a snapshot stores. */
  toData(): TermIndexData {
    return {
      documentCount: this.documentCount,
      fieldIds: { ...this.fieldIds },
      averageFieldLength: [...this.averageFieldLength],
      externalId: this.externalId,
      fieldLength: this.fieldLength,
      terms: [...this.terms],
      postings: this.postings.map((p) => ({ ...p })),
    };
  }

  /** Id of a term of the vocabulary, or undefined. */
  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** Number of postings of a term in a field (0 when it has none). */
  count(termId: number, field: number): number {
    const o = this.postings[field]?.offsets;
    return o ? o[termId + 1]! - o[termId]! : 0;
  }

  /** Every term with at least one posting in `field`, with its number of postings. */
  counts(field: number): Map<string, number> {
    const out = new Map<string, number>();
    const o = this.postings[field]!.offsets;
    this.terms.forEach((t, i) => {
      const n = o[i + 1]! - o[i]!;
      if (n) out.set(t, n);
    });
    return out;
  }

  /**
   * Terms of the vocabulary within `maxDistance` edits (Levenshtein) of `term`, with their distance, in the
   * order of minisearch's term tree: for an index just built, minisearch's own tree; for one restored from
   * data, the tree built on first use from the vocabulary in minisearch's order, as minisearch's own `loadJS`
   * builds it (its branches may come in another order than the built one's, as they always have).
   */
  fuzzy(term: string, maxDistance: number): [string, number][] {
    if (!this.fuzzyTree) {
      const tree = new SearchableMap<number>();
      this.terms.forEach((t, i) => tree.set(t, i));
      this.fuzzyTree = tree;
    }
    return [...this.fuzzyTree.fuzzyGet(term, maxDistance)].map(([t, [, d]]) => [t, d]);
  }

  /**
   * The same index as a minisearch instance (what `MiniSearch.loadJS` would give): for tests and tools that
   * query minisearch itself; the engine never needs it.
   */
  toMiniSearch<T>(options: ConstructorParameters<typeof MiniSearch<T>>[0]): MiniSearch<T> {
    const search = MiniSearch.loadJS<T>(
      { documentCount: this.documentCount, nextId: this.externalId.length, documentIds: {}, fieldIds: this.fieldIds, fieldLength: {}, averageFieldLength: this.averageFieldLength, storedFields: {}, dirtCount: 0, index: [], serializationVersion: 2 } as never,
      options,
    );
    const m = search as unknown as MiniSearchState;
    const fields = this.postings.length;
    for (let short = 0; short < this.externalId.length; short++) {
      const id = this.externalId[short]!;
      if (id < 0) continue;
      m._documentIds.set(short, id);
      m._idToShortId.set(id, short);
      const lengths: number[] = [];
      for (let f = 0; f < fields; f++) if (this.fieldLength[short * fields + f]! >= 0) lengths[f] = this.fieldLength[short * fields + f]!;
      m._fieldLength.set(short, lengths);
    }
    this.terms.forEach((term, t) => {
      const data = new Map<number, Map<number, number>>();
      this.postings.forEach((p, f) => {
        if (p.offsets[t + 1] === p.offsets[t]) return;
        const freqs = new Map<number, number>();
        for (let j = p.offsets[t]!; j < p.offsets[t + 1]!; j++) freqs.set(p.docs[j]!, p.freqs[j]!);
        data.set(f, freqs);
      });
      m._index.set(term, data);
    });
    return search;
  }
}
