/**
 * A bilingual term table (English ↔ French) shared by the bundled lexicon and the corpus glossary:
 * folded keys, both directions, single words and multi-word phrases, and phrase spotting in a text.
 */
import type { Lang } from '../types.js';

/**
 * Folds text the way term keys are folded: `œ`/`æ` expanded, NFKD accents stripped, lowercase,
 * typographic apostrophes (’ ‘ ʼ ´ `) → `'`, Unicode hyphens → `-`, whitespace collapsed and trimmed.
 */
export function foldTerm(s: string): string {
  if (PLAIN.test(s)) return s; // already folded: skip the costly normalisation
  return foldChars(s).replace(/\s+/g, ' ').trim();
}

/**
 * The character part of {@link foldTerm} (ligatures, accents, case, apostrophes, hyphens), leaving
 * whitespace alone: folding a whole file at once with it, then trimming each term, equals folding each term.
 */
export function foldChars(s: string): string {
  return s
    .replace(/[œŒ]/g, (c) => (c === 'œ' ? 'oe' : 'OE'))
    .replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'AE'))
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘ʼ´`]/g, "'")
    .replace(/[‐‑‒–—]/g, '-');
}

/** A string that folding leaves unchanged: lowercase ASCII words separated by single spaces, `'` or `-`. */
const PLAIN = /^[a-z0-9]+(?:[ '-][a-z0-9]+)*'?$/;

/** A single ASCII word token. */
const SINGLE = /^[a-z0-9]+$/;

/** Splits a folded term into word tokens (letters and digits; apostrophes, hyphens and spaces separate). */
function tokensOf(folded: string): string[] {
  if (SINGLE.test(folded)) return [folded];
  return folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** One pairing of equivalent terms, as read from a lexicon line or a glossary entry. */
export interface TermPair {
  /** English terms (raw; folded on insertion). */
  en: readonly string[];
  /** French terms (raw; folded on insertion). */
  fr: readonly string[];
}

/** A multi-word term found in a text by {@link BilingualTerms.matchPhrases}. */
export interface PhraseMatch {
  /** Start offset in the text given (inclusive). */
  start: number;
  /** End offset in the text given (exclusive). */
  end: number;
  /** The matched key (folded). */
  term: string;
  /** Its translations into the other language (folded). */
  translations: string[];
}

/** What the lexicon and the glossary both offer: folded lookups in both directions. */
export interface BilingualTerms {
  /**
   * Translations of a word or phrase from `from` into the other language (folded), best first.
   * The term is folded first; `chaîne d’approvisionnement` and `chaine d'approvisionnement` are the same key.
   * Empty if none.
   */
  translate(term: string, from: Lang): string[];
  /** The multi-word keys of one language (folded key → folded translations), for n-gram matching. */
  phrases(from: Lang): ReadonlyMap<string, string[]>;
  /** Longest number of word tokens of any key of `from`. */
  maxPhraseTokens(from: Lang): number;
  /**
   * Every multi-word key of `from` occurring in `text` (on word boundaries, case- and accent-insensitive),
   * with offsets into `text`, sorted by start then by decreasing length. Overlapping matches are all returned.
   */
  matchPhrases(text: string, from: Lang): PhraseMatch[];
  /** Number of keys per direction. */
  readonly size: { en: number; fr: number };
}

/** Options of a {@link TermTable}. */
export interface TermTableOptions {
  /**
   * When an English or French word has no entry, try its singular (`weapons` → `weapon`, `armes` → `arme`).
   * Default true.
   */
  singularFallback?: boolean;
  /** Keep at most this many French translations per English key. Default 24. */
  maxForward?: number;
  /** Keep at most this many English translations per French key. Default 16. */
  maxReverse?: number;
}

/** The translations of one key: appended cheaply while loading, ranked on first read. */
interface Entry {
  values: string[];
  /** Rank of each value (parallel to `values`; lower is better). */
  ranks: number[];
  /** True once `values` is ranked, deduplicated and capped. */
  sealed: boolean;
}

/**
 * One direction of the table. Adding only appends; an entry is ranked (stable sort by rank), deduplicated
 * (a value keeps its best rank) and capped the first time it is read, so loading stays cheap.
 */
class Direction {
  /** Folded key → its entry. */
  readonly entries = new Map<string, Entry>();
  /** Token-joined key (`chaine d approvisionnement`) → folded key, when the two differ. */
  readonly canonical = new Map<string, string>();
  /** Multi-word keys only. */
  private readonly multi = new Map<string, Entry>();
  /** Ranked view of {@link Direction.multi}, rebuilt after changes. */
  private phraseView: Map<string, string[]> | undefined;
  maxTokens = 1;

  constructor(private readonly cap: number) {}

  /** Returns the entry of `key`, creating and indexing it on first use; undefined for a key without words. */
  private entryOf(key: string): Entry | undefined {
    let entry = this.entries.get(key);
    if (entry) return entry;
    const toks = tokensOf(key);
    if (toks.length === 0) return undefined;
    entry = { values: [], ranks: [], sealed: true };
    this.entries.set(key, entry);
    if (toks.length > 1) {
      const canon = toks.join(' ');
      if (canon !== key && !this.canonical.has(canon)) this.canonical.set(canon, key);
      this.multi.set(key, entry);
      if (toks.length > this.maxTokens) this.maxTokens = toks.length;
    }
    return entry;
  }

  /**
   * Adds `value` to the translations of `key` at `rank` (equal ranks keep insertion order).
   * `value === key` is a true cognate (président → president) and is kept.
   */
  add(key: string, value: string, rank: number): void {
    if (!key || !value) return;
    const entry = this.entryOf(key);
    if (!entry) return;
    const n = entry.ranks.length;
    if (n > 0 && (entry.ranks[n - 1]! > rank || entry.sealed === false || n >= this.cap)) entry.sealed = false;
    else if (n > 0 && entry.values.includes(value)) return;
    entry.values.push(value);
    entry.ranks.push(rank);
    if (this.multi.has(key)) this.phraseView = undefined;
  }

  /** The ranked translations of an entry. */
  private seal(entry: Entry): string[] {
    if (entry.sealed) return entry.values;
    const order = entry.values.map((_, i) => i).sort((x, y) => entry.ranks[x]! - entry.ranks[y]! || x - y);
    const values: string[] = [];
    const ranks: number[] = [];
    for (const i of order) {
      const v = entry.values[i]!;
      if (values.includes(v)) continue;
      values.push(v);
      ranks.push(entry.ranks[i]!);
      if (values.length >= this.cap) break;
    }
    entry.values = values;
    entry.ranks = ranks;
    entry.sealed = true;
    return values;
  }

  /** The translations of a folded key, trying its token-joined form too. */
  get(folded: string): string[] | undefined {
    let entry = this.entries.get(folded);
    if (!entry) {
      const canon = tokensOf(folded).join(' ');
      entry = this.entries.get(this.canonical.get(canon) ?? canon);
    }
    return entry && this.seal(entry);
  }

  /** The multi-word key whose token-joined form is `canon`, if any. */
  phraseKey(canon: string): string | undefined {
    const key = this.canonical.get(canon) ?? canon;
    return this.multi.has(key) ? key : undefined;
  }

  /** Multi-word keys → ranked translations. */
  phrases(): ReadonlyMap<string, string[]> {
    if (!this.phraseView) {
      this.phraseView = new Map();
      for (const [k, e] of this.multi) this.phraseView.set(k, this.seal(e));
    }
    return this.phraseView;
  }
}

/** Naive singular candidates of a single folded word, most likely first. */
function singulars(word: string, lang: Lang): string[] {
  if (word.includes(' ') || word.length < 4) return [];
  const out: string[] = [];
  if (lang === 'en') {
    if (word.endsWith('ies')) out.push(word.slice(0, -3) + 'y');
    if (/(ches|shes|sses|xes|zes)$/.test(word)) out.push(word.slice(0, -2));
    if (word.endsWith('s') && !word.endsWith('ss')) out.push(word.slice(0, -1));
  } else {
    if (word.endsWith('aux')) out.push(word.slice(0, -3) + 'al');
    if (/[sx]$/.test(word)) out.push(word.slice(0, -1));
  }
  return out;
}

/**
 * A bilingual table built from {@link TermPair}s: every English term of a pair translates to every French
 * term of it and back. Insertion order is preference order: add the most trusted pairs first.
 */
export class TermTable implements BilingualTerms {
  private readonly dirs: Record<Lang, Direction>;
  private readonly singularFallback: boolean;
  private readonly maxForward: number;
  private readonly maxReverse: number;

  constructor(opts: TermTableOptions = {}) {
    this.singularFallback = opts.singularFallback ?? true;
    this.maxForward = opts.maxForward ?? 24;
    this.maxReverse = opts.maxReverse ?? 16;
    this.dirs = { en: new Direction(this.maxForward), fr: new Direction(this.maxReverse) };
  }

  /**
   * Adds a pairing in both directions: every `en` term maps to every `fr` term and back.
   * Translations are ranked by `tier` first (lower is better: add hand-written data with tier 0,
   * derived data with a higher tier), then by their position in the pair (earlier is better; in the
   * French → English direction, the position of the French term counts too), then by insertion order.
   */
  add(pair: TermPair, tier = 0): void {
    this.addFolded(uniqueFolded(pair.en), uniqueFolded(pair.fr), tier);
  }

  /**
   * {@link TermTable.add} for terms already folded with {@link foldTerm} and free of duplicates
   * (the fast path of the lexicon loader).
   */
  addFolded(en: readonly string[], fr: readonly string[], tier = 0): void {
    if (en.length === 0 || fr.length === 0) return;
    const base = tier * 1000;
    for (let k = 0; k < en.length; k++) {
      for (let j = 0; j < fr.length; j++) {
        this.dirs.en.add(en[k]!, fr[j]!, base + j);
        this.dirs.fr.add(fr[j]!, en[k]!, base + j + k);
      }
    }
  }

  /** {@inheritDoc BilingualTerms.translate} */
  translate(term: string, from: Lang): string[] {
    const folded = foldTerm(term);
    if (!folded) return [];
    const dir = this.dirs[from];
    const hit = dir.get(folded);
    if (hit) return [...hit];
    if (this.singularFallback) {
      for (const s of singulars(folded, from)) {
        const h = dir.get(s);
        if (h) return [...h];
      }
    }
    return [];
  }

  /** {@inheritDoc BilingualTerms.phrases} */
  phrases(from: Lang): ReadonlyMap<string, string[]> {
    return this.dirs[from].phrases();
  }

  /** {@inheritDoc BilingualTerms.maxPhraseTokens} */
  maxPhraseTokens(from: Lang): number {
    return this.dirs[from].maxTokens;
  }

  /** {@inheritDoc BilingualTerms.matchPhrases} */
  matchPhrases(text: string, from: Lang): PhraseMatch[] {
    const dir = this.dirs[from];
    const phrases = dir.phrases();
    if (phrases.size === 0 || !text) return [];
    const toks: { start: number; end: number; folded: string }[] = [];
    for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      const folded = tokensOf(foldTerm(m[0])).join(' ');
      if (folded) toks.push({ start: m.index, end: m.index + m[0].length, folded });
    }
    const out: PhraseMatch[] = [];
    for (let i = 0; i < toks.length; i++) {
      for (let n = Math.min(dir.maxTokens, toks.length - i); n >= 2; n--) {
        const canon = toks
          .slice(i, i + n)
          .map((t) => t.folded)
          .join(' ');
        const key = dir.phraseKey(canon);
        if (key === undefined) continue;
        const translations = phrases.get(key);
        if (!translations) continue;
        out.push({ start: toks[i]!.start, end: toks[i + n - 1]!.end, term: key, translations: [...translations] });
      }
    }
    return out;
  }

  /** {@inheritDoc BilingualTerms.size} */
  get size(): { en: number; fr: number } {
    return { en: this.dirs.en.entries.size, fr: this.dirs.fr.entries.size };
  }
}

function uniqueFolded(terms: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of terms) {
    const f = foldTerm(t);
    if (f && !out.includes(f)) out.push(f);
  }
  return out;
}
