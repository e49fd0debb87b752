/**
 * Names found at index time: a sentence opening with a name the document writes capitalized elsewhere, and
 * names joined by « de la ».
 */
import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { MINISEARCH_OPTIONS, PassageIndex } from '../../src/index/passage-index.js';

const build = (body: string) =>
  PassageIndex.build([{ id: 'd', title: 'Titre', published: '2026-01-01', language: 'fr', body, file: 'd.md', hash: 'd' }]);

const names = (index: PassageIndex) =>
  index.passages.filter((p) => p.sentences === 1).flatMap((p) => p.names.map((n) => index.text(p).slice(n.start, n.end)));

describe('names', () => {
  it('takes a sentence-opening word as a name when the document writes it capitalized elsewhere', () => {
    const index = build('Anthropic signe un contrat. Le contrat lie Anthropic au Pentagone.\nPourtant la tension monte.');
    expect(names(index).filter((n) => n === 'Anthropic')).toHaveLength(2);
    // « Pourtant » opens a sentence and is never written capitalized elsewhere: no name.
    expect(names(index)).not.toContain('Pourtant');
  });

  it('joins a name across « de la »', () => {
    const index = build('OpenAI a conclu un accord avec le Département de la Défense américain.');
    expect(names(index)).toContain('Département de la Défense');
  });
});

describe('snapshot data (columns)', () => {
  // The bundled corpus plus generated documents: dates, amounts, names, windows, titles, two languages.
  const corpus = async () => {
    const { loadCorpus } = await import('../../src/corpus/load.js');
    const { ROOT } = await import('../ops/helpers.js');
    const c = await loadCorpus(`${ROOT}/corpus`);
    const docs = c.documents.map((d) => ({ ...d, hash: d.id }));
    for (let i = 0; i < 30; i++) {
      docs.push({
        ...docs[0]!,
        id: `gen-${i}`,
        file: `gen-${i}.md`,
        hash: `gen-${i}`,
        language: i % 2 ? 'en' : 'fr',
        title: `Rapport ${i} sur le port de Marseille`,
        body: `Le ${1 + i} mars 2026, la commission a voté ${i} millions d'euros pour Jeanne Morel.\n\nThe committee met on ${1 + i} April 2026. It approved ${i * 3} million euros.\nUne seconde phrase suit la première. Puis une troisième, plus longue, sans date.`,
      });
    }
    return docs;
  };

  it('round-trips through v8 serialization to the same index: passages, sentence frequencies, minisearch state, searches', async () => {
    const v8 = await import('node:v8');
    const built = PassageIndex.build(await corpus());
    const data = v8.deserialize(v8.serialize(built.toData())) as ReturnType<PassageIndex['toData']>;
    const loaded = PassageIndex.fromData(data);
    expect(loaded.passages).toEqual(built.passages);
    expect(loaded.documents).toEqual(built.documents);
    expect([...loaded.df].sort()).toEqual([...built.df].sort());
    expect(loaded.sentenceCount).toBe(built.sentenceCount);
    expect(loaded.averageParagraphTerms).toBe(built.averageParagraphTerms);
    // The term index holds minisearch's state exactly: rebuilt as minisearch, it is the one minisearch's own
    // build gives, posting for posting, in the same order.
    const direct = new MiniSearch<{ id: number; text: string; title: string }>(MINISEARCH_OPTIONS);
    const { tokenize } = await import('../../src/text/analyze.js');
    const title = (d: number) => tokenize(built.documents[d]!.title, built.documents[d]!.language).map((t) => t.term).filter(Boolean).join(' ');
    direct.addAll(built.passages.flatMap((p, id) => (p.sentences === 1 ? [{ id, text: p.terms ?? '', title: title(p.doc) }] : [])));
    const viaLoadJS = MiniSearch.loadJS(JSON.parse(JSON.stringify(direct)) as never, MINISEARCH_OPTIONS);
    expect(JSON.stringify(loaded.miniSearch())).toBe(JSON.stringify(viaLoadJS));
    for (const q of ['marseille commission', 'committe', 'million euro', 'jeann morel', 'ultimatum']) {
      expect(loaded.miniSearch().search(q, { fuzzy: 0.2 })).toEqual(direct.search(q, { fuzzy: 0.2 }));
    }
    expect(loaded.similarTerms('comission', 2)).toEqual(built.similarTerms('comission', 2));
    // A term of the index with one letter dropped finds it again, in both.
    const term = [...built.df.keys()].find((t) => t.length >= 7 && /^[a-z]+$/.test(t))!;
    const typo = term.slice(0, 3) + term.slice(4);
    expect(loaded.similarTerms(typo, 1).map((s) => s.term)).toContain(term);
    // Fuzzy matches come in the order of minisearch's own tree: the built one's for a built index, the one
    // minisearch's loadJS rebuilds for a loaded index (ranking reads that order among equally good forms).
    const order = (ms: MiniSearch<never>, t: string) => [...(ms as unknown as { _index: { fuzzyGet(k: string, d: number): Map<string, [unknown, number]> } })._index.fuzzyGet(t, 2)].map(([k, [, d]]) => [k, d]);
    for (const t of [...built.df.keys()].filter((x) => x.length >= 5).slice(0, 200).map((x) => x.slice(0, 2) + x.slice(3))) {
      expect(built.search.fuzzy(t, 2)).toEqual(order(direct as never, t));
      expect(loaded.search.fuzzy(t, 2)).toEqual(order(viaLoadJS as never, t));
    }
    // A passage without dates keeps empty lists; a window has no stored terms.
    const window = loaded.passages.findIndex((p) => p.sentences > 1);
    expect(loaded.passages[window]!.terms).toBeUndefined();
    expect(loaded.termsOf(window)).toEqual(built.termsOf(window));
  });

  it('refuses data of another layout with a snapshot error (the engine then rebuilds)', async () => {
    const { SnapshotError } = await import('../../src/errors.js');
    const old = { documents: [], passages: [], df: [], search: {} };
    expect(() => PassageIndex.fromData(old as never)).toThrow(SnapshotError);
  });
});
