/**
 * The passage index: every passage of every document, analyzed and indexed with minisearch (then kept as the
 * flat arrays of a {@link TermIndex}), with its dates, amounts and names found at index time.
 */
import MiniSearch from 'minisearch';
import { TermIndex, type TermIndexData } from './postings.js';
import { DateResolver, findAmounts } from '../dates/index.js';
import { tokenize } from '../text/analyze.js';
import { paragraphs, passages, softBreaksAsSpaces, type Span } from '../text/chunk.js';
import { SnapshotError } from '../errors.js';
import type { CorpusDocument, DateMention, DocumentMeta } from '../types.js';

/** A document as kept in the index. */
export interface IndexedDocument extends DocumentMeta {
  body: string;
  file: string;
  /** Content hash of the file (for refresh reports). */
  hash: string;
  /** Paragraphs found by the document's reader (see {@link CorpusDocument.paragraphs}). */
  paragraphs?: { start: number; end: number; page?: number }[];
}

/** A passage as kept in the index. Offsets of dates, amounts and names are relative to the passage. */
export interface PassageRecord {
  /** Index into {@link PassageIndex.documents}. */
  doc: number;
  start: number;
  end: number;
  paragraph: number;
  sentences: number;
  /** Index of the first sentence in the paragraph (0-based). */
  first: number;
  /** Index terms of a single sentence, space-separated (windows are read from their sentences). */
  terms?: string;
  /** The same words folded but not stemmed (exact forms), space-separated. */
  words?: string;
  dates: DateMention[];
  amounts: Span[];
  names: Span[];
}

interface IndexedFields {
  id: number;
  text: string;
  title: string;
}

/** minisearch options (tokenizing is ours: fields hold analyzed terms separated by spaces). */
export const MINISEARCH_OPTIONS = {
  fields: ['text', 'title'],
  storeFields: [] as string[],
  tokenize: (s: string) => (s ? s.split(' ') : []),
  processTerm: (t: string) => t || null,
  searchOptions: { tokenize: (s: string) => (s ? s.split(' ') : []), processTerm: (t: string) => t || null },
};

/**
 * Serialized form of a {@link PassageIndex}: columns (typed arrays) rather than one object per passage or
 * posting, so that a snapshot (written with `v8.serialize`, see snapshot.ts) loads by copying arrays and
 * strings, with no parsing and no map built per term or posting.
 */
export interface PassageIndexData {
  layout: 3;
  documents: IndexedDocument[];
  passages: PassageColumns;
  search: TermIndexData;
  derived: DerivedColumns;
}

/** What a {@link PassageIndex} derives from its documents and passages, stored so that loading skips it. */
export interface DerivedColumns {
  /** Index terms of each document's title (by document index), distinct, one per line (a number's term may
   * hold a space: « 10 000 »). */
  titleTerms: string[];
  /** Folded words of each document's title, distinct, one per line. */
  titleWords: string[];
  /** Number of index terms of the single sentences, in all. */
  sentenceTerms: number;
}

/** Computes the {@link DerivedColumns} of documents and passages. */
function derive(documents: readonly IndexedDocument[], passages: readonly PassageRecord[]): DerivedColumns {
  const titleTerms: string[] = [];
  const titleWords: string[] = [];
  for (const d of documents) {
    const toks = tokenize(d.title, d.language).filter((t) => t.term);
    titleTerms.push([...new Set(toks.map((t) => t.term))].join('\n'));
    titleWords.push([...new Set(toks.map((t) => t.word))].join('\n'));
  }
  let sentenceTerms = 0;
  for (const p of passages) if (p.sentences === 1 && p.terms) sentenceTerms += countTerms(p.terms);
  return { titleTerms, titleWords, sentenceTerms };
}

/** The passages, column by column (index = passage id). */
export interface PassageColumns {
  doc: Int32Array;
  start: Int32Array;
  end: Int32Array;
  paragraph: Int32Array;
  sentences: Int32Array;
  first: Int32Array;
  /** Ids of the passages that carry `terms` and `words` (the single sentences), ascending. */
  withTerms: Int32Array;
  /** Their `terms`, then their `words`, each joined by a line feed (terms and words never hold one). */
  terms: string;
  words: string;
  /** Dates, amounts and names of the passages that have any. */
  marks: MarkColumns;
}

/** Dates, amounts and names of the passages that have any, column by column. */
export interface MarkColumns {
  /** Passage ids, ascending; then, for each, its number of dates, amounts and names. */
  ids: Int32Array;
  dates: Int32Array;
  amounts: Int32Array;
  names: Int32Array;
  /** Every date's text, ISO form, precision, and start and end offsets, in passage order. */
  dateText: string[];
  dateIso: string[];
  datePrecision: DateMention['precision'][];
  dateSpans: Int32Array;
  /** Start and end offsets of every amount, then of every name, in passage order. */
  spans: Int32Array;
}

/** The passages as columns. */
function passagesToColumns(passages: PassageRecord[]): PassageColumns {
  const n = passages.length;
  const col = () => new Int32Array(n);
  const c = { doc: col(), start: col(), end: col(), paragraph: col(), sentences: col(), first: col() };
  const withTerms: number[] = [];
  const m = { ids: [] as number[], dates: [] as number[], amounts: [] as number[], names: [] as number[], dateText: [] as string[], dateIso: [] as string[], datePrecision: [] as DateMention['precision'][], dateSpans: [] as number[], spans: [] as number[] };
  const terms: string[] = [];
  const words: string[] = [];
  passages.forEach((p, id) => {
    c.doc[id] = p.doc;
    c.start[id] = p.start;
    c.end[id] = p.end;
    c.paragraph[id] = p.paragraph;
    c.sentences[id] = p.sentences;
    c.first[id] = p.first;
    if (p.terms !== undefined || p.words !== undefined) {
      withTerms.push(id);
      terms.push(p.terms ?? '');
      words.push(p.words ?? '');
    }
    if (p.dates.length || p.amounts.length || p.names.length) {
      m.ids.push(id);
      m.dates.push(p.dates.length);
      m.amounts.push(p.amounts.length);
      m.names.push(p.names.length);
      for (const d of p.dates) {
        m.dateText.push(d.text);
        m.dateIso.push(d.iso);
        m.datePrecision.push(d.precision);
        m.dateSpans.push(d.start, d.end);
      }
      for (const a of [...p.amounts, ...p.names]) m.spans.push(a.start, a.end);
    }
  });
  const ints = (a: number[]) => Int32Array.from(a);
  const marks: MarkColumns = { ...m, ids: ints(m.ids), dates: ints(m.dates), amounts: ints(m.amounts), names: ints(m.names), dateSpans: ints(m.dateSpans), spans: ints(m.spans) };
  return { ...c, withTerms: ints(withTerms), terms: terms.join('\n'), words: words.join('\n'), marks };
}

/** The empty list of marks the passages without any share (frozen: nothing adds to a passage's marks). */
const NONE = Object.freeze([]) as never[];

/** The passages back from columns. */
function passagesFromColumns(c: PassageColumns): PassageRecord[] {
  const out: PassageRecord[] = new Array<PassageRecord>(c.doc.length);
  for (let id = 0; id < c.doc.length; id++) {
    // Most passages carry no date, amount or name: they share one empty list (never modified).
    out[id] = { doc: c.doc[id]!, start: c.start[id]!, end: c.end[id]!, paragraph: c.paragraph[id]!, sentences: c.sentences[id]!, first: c.first[id]!, dates: NONE, amounts: NONE, names: NONE };
  }
  if (c.withTerms.length) {
    const terms = c.terms.split('\n');
    const words = c.words.split('\n');
    c.withTerms.forEach((id, i) => {
      out[id]!.terms = terms[i]!;
      out[id]!.words = words[i]!;
    });
  }
  const m = c.marks;
  let di = 0;
  let si = 0;
  const spans = (n: number): Span[] => {
    const list: Span[] = new Array<Span>(n);
    for (let k = 0; k < n; k++, si += 2) list[k] = { start: m.spans[si]!, end: m.spans[si + 1]! };
    return list;
  };
  m.ids.forEach((id, i) => {
    const p = out[id]!;
    const nd = m.dates[i]!;
    if (nd) {
      p.dates = new Array<DateMention>(nd);
      for (let k = 0; k < nd; k++, di++) {
        p.dates[k] = { text: m.dateText[di]!, iso: m.dateIso[di]!, precision: m.datePrecision[di]!, start: m.dateSpans[2 * di]!, end: m.dateSpans[2 * di + 1]! };
      }
    }
    if (m.amounts[i]) p.amounts = spans(m.amounts[i]!);
    if (m.names[i]) p.names = spans(m.names[i]!);
  });
  return out;
}

/** A paragraph of a document, as indexed for paragraph-level evidence. */
export interface ParagraphRef {
  doc: number;
  /** 1-based paragraph number. */
  paragraph: number;
}

const NAME_JOINERS = new Set(['de', 'du', 'd', 'von', 'van', 'al', 'bin', 'et', 'and']);

/** Whether the word at `at` opens a sentence (text start, or after . ! ? : « " or a line break). */
function opensSentence(text: string, at: number): boolean {
  return at === 0 || /(^|[.!?:«"\n]\s*)$/.test(text.slice(Math.max(0, at - 8), at).trimEnd().slice(-2));
}

/**
 * Folded words a document writes capitalized away from a sentence start (names it uses): a sentence opening
 * with one of them (« Anthropic signe… ») opens with a name.
 */
function capitalizedWords(text: string, lang: 'fr' | 'en'): Set<string> {
  const out = new Set<string>();
  for (const t of tokenize(text, lang)) {
    if (!t.capitalized || t.numeric || !t.term) continue;
    if (!opensSentence(text, t.start)) out.add(t.word);
  }
  return out;
}

/**
 * Capitalized word runs that look like names ("Sam Altman", "Anthropic"): a run that opens a sentence counts
 * when it has several words or its word is one the document writes capitalized elsewhere (`known`).
 */
function findNames(text: string, lang: 'fr' | 'en', known: ReadonlySet<string> = new Set()): Span[] {
  const toks = tokenize(text, lang);
  const out: Span[] = [];
  let run: Span | null = null;
  let runLen = 0;
  let runWord = '';
  const flush = () => {
    if (run) {
      if (!opensSentence(text, run.start) || runLen > 1 || known.has(runWord)) out.push(run);
    }
    run = null;
    runLen = 0;
  };
  for (const t of toks) {
    const isName = t.capitalized && !t.numeric && t.term !== '';
    // A connector may join two names ("Dario et Daniela Amodei", "Charles de Gaulle", « Département de la
    // Défense »): wait for the next word.
    if (!isName && run && (NAME_JOINERS.has(t.word) || (t.word === 'la' && /\sde\s+$/.test(text.slice(run.end, t.start))))) continue;
    if (isName) {
      if (run && /^[\s-]*$|^\s(?:de la|de|d'|du|von|van|al|bin|et|and|&)\s$/.test(text.slice(run.end, t.start))) {
        run.end = t.end;
        runLen++;
      } else {
        flush();
        run = { start: t.start, end: t.end };
        runLen = 1;
        runWord = t.word;
      }
    } else flush();
  }
  flush();
  return out;
}

/**
 * Reads the dates of a document's paragraphs, in order. A document with no publication date gets only the
 * dates that do not depend on one: its paragraphs are read twice, against two far-apart reference dates, and
 * only the dates both readings resolve alike are kept (absolute dates, and dates anchored on them in the
 * text); "yesterday" or a lone weekday, which only a publication date could place, are left out.
 */
function dateReader(published: string | undefined, lang: 'fr' | 'en'): (text: string) => DateMention[] {
  if (published) {
    const resolver = new DateResolver({ published, lang });
    return (text) => resolver.extract(text);
  }
  const early = new DateResolver({ published: '1900-01-01', lang });
  const late = new DateResolver({ published: '2199-07-15', lang });
  return (text) => {
    const b = late.extract(text);
    return early.extract(text).filter((d) => b.some((x) => x.start === d.start && x.end === d.end && x.iso === d.iso));
  };
}

/** Number of space-separated terms in a non-empty term string (as stored in {@link PassageRecord.terms}). */
export function countTerms(s: string): number {
  let n = 1;
  for (let i = s.indexOf(' '); i >= 0; i = s.indexOf(' ', i + 1)) n++;
  return n;
}

/** The searchable index of passages. Immutable once built: a refresh builds a new one. */
export class PassageIndex {
  readonly documents: IndexedDocument[];
  readonly passages: PassageRecord[];
  /** Sentences containing each term. */
  readonly df: Map<string, number>;
  /** The search index (BM25 statistics and posting lists of the sentences' terms and titles). */
  readonly search: TermIndex;
  /** Passages per language. */
  readonly languages: Record<'fr' | 'en', number>;
  /** Number of sentences (the searched units). */
  readonly sentenceCount: number;
  /** Average number of index terms in a paragraph (BM25 over paragraphs). */
  readonly averageParagraphTerms: number;
  /** Publication date of the newest document (the reference for dates in questions). */
  readonly newestPublished: string | undefined;
  /** Paragraphs holding passages, in document order (a paragraph id is an index here). */
  readonly paragraphs: ParagraphRef[];
  /** Paragraph id of each passage (by passage id). */
  private readonly paragraphOfPassage: Int32Array;
  /** Passage ids of each paragraph (by paragraph id). */
  readonly passagesOfParagraph: number[][];

  private constructor(documents: IndexedDocument[], passages: PassageRecord[], df: Map<string, number>, search: TermIndex, derived: DerivedColumns = derive(documents, passages)) {
    this.languages = { fr: 0, en: 0 };
    for (const p of passages) this.languages[documents[p.doc]!.language]++;
    this.sentenceCount = passages.reduce((n, p) => n + (p.sentences === 1 ? 1 : 0), 0);
    this.newestPublished = documents.reduce<string | undefined>((a, d) => (d.published && (!a || d.published > a) ? d.published : a), undefined);
    this.documents = documents;
    const split = (s: string) => (s ? s.split('\n') : []);
    this.titles = documents.map((_, d) => ({ terms: new Set(split(derived.titleTerms[d]!)), words: new Set(split(derived.titleWords[d]!)) }));
    this.titleVocabulary = new Set(this.titles.flatMap((t) => [...t.terms]));
    this.passages = passages;
    this.df = df;
    this.search = search;
    this.derived = derived;
    // Passages come in document and paragraph order: a new paragraph starts where (doc, paragraph) changes.
    this.paragraphs = [];
    this.passagesOfParagraph = [];
    this.paragraphOfPassage = new Int32Array(passages.length);
    let last: ParagraphRef | undefined;
    let ids: number[] = [];
    for (let id = 0; id < passages.length; id++) {
      const p = passages[id]!;
      if (!last || last.doc !== p.doc || last.paragraph !== p.paragraph) {
        last = { doc: p.doc, paragraph: p.paragraph };
        this.paragraphs.push(last);
        ids = [];
        this.passagesOfParagraph.push(ids);
      }
      this.paragraphOfPassage[id] = this.paragraphs.length - 1;
      ids.push(id);
    }
    this.averageParagraphTerms = derived.sentenceTerms / Math.max(1, this.paragraphs.length);
  }

  /** What the constructor derived from the documents and passages (stored in snapshots). */
  private readonly derived: DerivedColumns;

  /** Builds the index of documents (analysis, chunking, dates, minisearch). */
  static build(docs: (CorpusDocument & { hash: string })[]): PassageIndex {
    const documents: IndexedDocument[] = docs.map((d) => ({ ...d }));
    const records: PassageRecord[] = [];
    const df = new Map<string, number>();
    const search = new MiniSearch<IndexedFields>(MINISEARCH_OPTIONS);
    const batch: IndexedFields[] = [];
    documents.forEach((doc, di) => {
      const resolve = dateReader(doc.published, doc.language);
      const paraDates: DateMention[][] = [];
      const paraAmounts: Span[][] = [];
      const paraNames: Span[][] = [];
      const titleTerms = tokenize(doc.title, doc.language).map((t) => t.term).filter(Boolean).join(' ');
      // Dates, amounts, names and words are read with soft line breaks as spaces (same offsets).
      const flat = softBreaksAsSpaces(doc.body);
      const known = capitalizedWords(flat, doc.language);
      const paras = doc.paragraphs ?? paragraphs(doc.body);
      for (const p of paras) {
        const text = flat.slice(p.start, p.end);
        paraDates.push(resolve(text).map((d) => ({ ...d, start: d.start + p.start, end: d.end + p.start })));
        paraAmounts.push(findAmounts(text, doc.language).map((a) => ({ start: a.start + p.start, end: a.end + p.start })));
        paraNames.push(findNames(text, doc.language, known).map((a) => ({ start: a.start + p.start, end: a.end + p.start })));
      }
      for (const list of [...paraDates, ...paraAmounts, ...paraNames]) list.sort((a, b) => a.start - b.start);
      for (const ps of passages(doc.body, doc.language, {}, paras)) {
        const within = <T extends Span>(list: T[]) => spansWithin(list, ps);
        const id = records.length;
        // Sentences are analyzed once, here; a window is read from its sentences.
        const content = ps.sentences === 1 ? tokenize(flat.slice(ps.start, ps.end), doc.language).filter((t) => t.term) : [];
        const terms = content.map((t) => t.term);
        records.push({
          doc: di,
          start: ps.start,
          end: ps.end,
          paragraph: ps.paragraph,
          sentences: ps.sentences,
          first: ps.firstSentence,
          ...(ps.sentences === 1 ? { terms: terms.join(' '), words: content.map((t) => t.word).join(' ') } : {}),
          dates: within(paraDates[ps.paragraph - 1] ?? []),
          amounts: within(paraAmounts[ps.paragraph - 1] ?? []),
          names: within(paraNames[ps.paragraph - 1] ?? []),
        });
        // Only sentences are searched: a window is scored from its sentences at query time, which halves
        // the posting lists (search time, snapshot size, start-up).
        if (ps.sentences === 1) {
          for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
          batch.push({ id, text: terms.join(' '), title: titleTerms });
        }
      }
    });
    search.addAll(batch);
    return new PassageIndex(documents, records, df, TermIndex.fromMiniSearch(search as MiniSearch<never>));
  }

  /** The page of a passage, for a document with pages (PDF). */
  pageOf(p: PassageRecord): number | undefined {
    return this.documents[p.doc]!.paragraphs?.[p.paragraph - 1]?.page;
  }

  /** Plain data for a snapshot (columns: see {@link PassageIndexData}). */
  toData(): PassageIndexData {
    return { layout: 3, documents: this.documents, passages: passagesToColumns(this.passages), search: this.search.toData(), derived: this.derived };
  }

  /**
   * Restores an index from snapshot data (checked by the snapshot reader). The sentence frequencies (`df`)
   * are not stored: a term's postings in the `text` field are exactly the sentences that hold it.
   * @throws {@link SnapshotError} when the data is of another layout (the caller rebuilds)
   */
  static fromData(data: PassageIndexData): PassageIndex {
    if (data?.layout !== 3) throw new SnapshotError('index data', `layout ${String(data?.layout)}, expected 3`);
    const search = TermIndex.fromData(data.search);
    return new PassageIndex(data.documents, passagesFromColumns(data.passages), search.counts(data.search.fieldIds.text!), search, data.derived);
  }

  /** The search index as a minisearch instance (built on each call): for tests and tools, never for answers. */
  miniSearch(): MiniSearch<IndexedFields> {
    return this.search.toMiniSearch<IndexedFields>(MINISEARCH_OPTIONS);
  }

  /** Index terms and folded words of each document's title (by document index), computed once. */
  private readonly titles: { terms: ReadonlySet<string>; words: ReadonlySet<string> }[];

  private readonly titleVocabulary: ReadonlySet<string>;

  /** Whether some document's title holds an index term. */
  inTitles(term: string): boolean {
    return this.titleVocabulary.has(term);
  }

  /** Folded words of a document's title, stopwords left out. */
  titleWords(doc: number): ReadonlySet<string> {
    return this.titles[doc]!.words;
  }

  /** Index terms of a document's title. */
  titleTerms(doc: number): ReadonlySet<string> {
    return this.titles[doc]!.terms;
  }

  /** Index terms of a passage, in order (stopwords left out), as stored at index time. */
  termsOf(id: number): string[] {
    return this.fromSentences(id, 'terms');
  }

  /** Folded exact forms of a passage's words, in order (stopwords left out). */
  wordsOf(id: number): string[] {
    return this.fromSentences(id, 'words');
  }

  private fromSentences(id: number, field: 'terms' | 'words'): string[] {
    const own = this.passages[id]![field];
    if (own !== undefined) return own ? own.split(' ') : [];
    const out: string[] = [];
    for (const sid of this.sentencesOf(id)) {
      const t = this.passages[sid]![field];
      if (t) out.push(...t.split(' '));
    }
    return out;
  }

  /** Ids of the windows (passages of several sentences) that hold a sentence. */
  windowsOf(sentenceId: number): number[] {
    const s = this.passages[sentenceId]!;
    return (this.passagesOfParagraph[this.paragraphOf(sentenceId)] ?? []).filter((id) => {
      const p = this.passages[id]!;
      return p.sentences > 1 && p.first <= s.first && s.first < p.first + p.sentences;
    });
  }

  /** Ids of the single sentences a passage is made of. */
  sentencesOf(id: number): number[] {
    const p = this.passages[id]!;
    if (p.sentences === 1) return [id];
    return (this.passagesOfParagraph[this.paragraphOf(id)] ?? []).filter((sid) => {
      const s = this.passages[sid]!;
      return s.sentences === 1 && s.first >= p.first && s.first < p.first + p.sentences;
    });
  }

  /** Paragraph id of a passage (by passage id). */
  paragraphOf(passageId: number): number {
    return this.paragraphOfPassage[passageId]!;
  }

  /**
   * Index terms within `maxDistance` edits (Levenshtein) of `term`, nearest first, then most frequent:
   * the forms a misspelt word may stand for. Read from minisearch's term tree of the vocabulary
   * ({@link TermIndex.fuzzy}).
   */
  similarTerms(term: string, maxDistance: number): { term: string; distance: number }[] {
    const out: { term: string; distance: number }[] = [];
    for (const [t, distance] of this.search.fuzzy(term, maxDistance)) if (t !== term && this.df.has(t)) out.push({ term: t, distance });
    return out.sort((a, b) => a.distance - b.distance || this.df.get(b.term)! - this.df.get(a.term)!);
  }

  /** Verbatim text of a passage. */
  text(p: PassageRecord): string {
    return this.documents[p.doc]!.body.slice(p.start, p.end);
  }

  /**
   * The text of a passage as it is analysed: verbatim, but with every soft line break (and a block quote's
   * `>` markers after it) as spaces. Same length as {@link text}, so offsets hold in both.
   */
  readText(p: PassageRecord): string {
    return softBreaksAsSpaces(this.text(p));
  }
}

/**
 * The spans of `sorted` (in order of start) that lie inside `outer`, made relative to it. A binary search
 * finds the first, so a paragraph of many passages and many dates costs no more than their number.
 */
export function spansWithin<T extends Span>(sorted: readonly T[], outer: Span): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.start < outer.start) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.start < outer.end; i++) {
    const s = sorted[i]!;
    if (s.end <= outer.end) out.push({ ...s, start: s.start - outer.start, end: s.end - outer.start });
  }
  return out;
}
