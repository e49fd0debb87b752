/**
 * The term-at-a-time search gives exactly minisearch's first k results (ids, scores to the last bit, order
 * among ties), on random corpora and queries, before and after a snapshot round trip.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { MINISEARCH_OPTIONS } from '../../src/index/passage-index.js';
import { searchTop, type TermQuery } from '../../src/index/term-search.js';
import { TermIndex } from '../../src/index/postings.js';
import { mulberry32 } from '../../bench/synthetic.js';

interface Doc {
  id: number;
  text: string;
  title: string;
}

/** Words with Zipf-like frequencies: w0 is everywhere, w300 rare. */
function corpus(seed: number, n: number): Doc[] {
  const rand = mulberry32(seed);
  const word = () => `w${Math.floor(300 * rand() ** 3)}`;
  const docs: Doc[] = [];
  let id = 0;
  for (let i = 0; i < n; i++) {
    id += 1 + Math.floor(rand() * 3); // ids with gaps, as sentence ids among windows
    const len = 1 + Math.floor(rand() * 20);
    const title = `t${Math.floor(i / 10)} ${word()}`;
    docs.push({ id, text: Array.from({ length: len }, word).join(' '), title });
  }
  // Identical documents: equal scores, ordered as minisearch meets them.
  for (let i = 0; i < 5; i++) docs.push({ id: ++id, text: 'w7 w9 w9', title: 't0 w7' });
  return docs;
}

function query(rand: () => number): TermQuery {
  const pick = (n: number, prefix: string, max: number) => [...new Set(Array.from({ length: n }, () => `${prefix}${Math.floor(max * rand() ** 2)}`))];
  const text = pick(1 + Math.floor(rand() * 6), 'w', 320); // some absent (w300+)
  const title = [...text.filter(() => rand() < 0.4), ...pick(Math.floor(rand() * 2), 't', 60)];
  const weightOf = new Map<string, number>();
  for (const t of [...text, ...title]) if (rand() < 0.5) weightOf.set(t, Math.round(rand() * 100) / 100 + 0.05);
  return { text: rand() < 0.1 ? [] : text, title: [...new Set(title)], weightOf, titleBoost: rand() < 0.5 ? 1 : 0.7, bm25: { k: 1.2, b: 0.7, d: 0.5 } };
}

function reference(ms: MiniSearch<Doc>, q: TermQuery, k: number): { id: number; score: number }[] {
  if (!q.text.length && !q.title.length) return [];
  const common = { boostTerm: (t: string) => q.weightOf.get(t) ?? 1, bm25: q.bm25 };
  const results = ms.search(
    {
      combineWith: 'OR',
      queries: [
        { queries: [q.text.join(' ')], fields: ['text'], ...common },
        ...(q.title.length ? [{ queries: [q.title.join(' ')], fields: ['title'], boost: { title: q.titleBoost }, ...common }] : []),
      ],
    },
    { combineWith: 'OR', ...common },
  );
  return results.slice(0, k).map((r) => ({ id: r.id as number, score: r.score }));
}

describe('searchTop', { timeout: 60_000 }, () => {
  const docs = corpus(7, 3000);
  const built = new MiniSearch<Doc>(MINISEARCH_OPTIONS);
  built.addAll(docs);
  const loaded = MiniSearch.loadJS<Doc>(JSON.parse(JSON.stringify(built)) as never, MINISEARCH_OPTIONS);

  for (const [name, ms] of [
    ['a built index', built],
    ['an index loaded from its snapshot', loaded],
  ] as const) {
    it(`gives minisearch's first k results exactly, on ${name}`, () => {
      const terms = TermIndex.fromMiniSearch(ms as never);
      const rand = mulberry32(11);
      let compared = 0;
      const mismatches: string[] = [];
      for (let i = 0; i < 300; i++) {
        const q = query(rand);
        const k = [1, 25, 250, 2000][i % 4]!;
        const want = reference(ms, q, k);
        const got = searchTop(terms, q, k);
        if (got.length !== want.length) mismatches.push(`query ${i}: ${got.length} results, minisearch ${want.length}`);
        // Ids and scores bit for bit, not approximately.
        for (let j = 0; j < want.length; j++) {
          if (got[j]?.id !== want[j]!.id || got[j]?.score !== want[j]!.score) {
            mismatches.push(`query ${i} rank ${j}: ${JSON.stringify(got[j])} vs ${JSON.stringify(want[j])}`);
            break;
          }
        }
        compared += want.length;
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(compared).toBeGreaterThan(10_000);
    });
  }

  it('orders equal scores as minisearch does', () => {
    const q: TermQuery = { text: ['w7', 'w9'], title: ['w7'], weightOf: new Map(), titleBoost: 1, bm25: { k: 1.2, b: 0.7, d: 0.5 } };
    const want = reference(built, q, 3000);
    const got = searchTop(TermIndex.fromMiniSearch(built as never), q, 3000);
    const twins = new Set(docs.slice(-5).map((d) => d.id));
    const at = got.map((h, i) => (twins.has(h.id) ? i : -1)).filter((i) => i >= 0);
    expect(at).toHaveLength(5);
    expect(new Set(at.map((i) => got[i]!.score)).size).toBe(1);
    expect(got).toEqual(want);
  });

  it('refuses a minisearch index that still holds discarded documents', () => {
    const ms = new MiniSearch<Doc>({ ...MINISEARCH_OPTIONS, autoVacuum: false });
    ms.addAll(docs.slice(0, 500));
    for (const d of docs.slice(0, 100)) ms.discard(d.id);
    expect(() => TermIndex.fromMiniSearch(ms as never)).toThrow(RangeError);
  });
});
