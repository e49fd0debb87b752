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
  return s
    .replace(/[œŒ]/g, (c) => (c === 'œ' ? 'oe' : 'OE'))
    .replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'AE'))
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘ʼ´`]/g, "'")
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
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

/** One direction of the table. */
class Direction {
  /** Folded key → its translations and their ranks (parallel arrays; lower rank is better). */
  readonly entries = new Map<string, { values: string[]; ranks: number[] }>();
  /** Token-joined key (`chaine d approvisionnement`) → folded key, when the two differ. */
  readonly canonical = new Map<string, string>();
  /** Multi-word keys only (folded key → translations). */
  readonly multi = new Map<string, string[]>();
  maxTokens = 1;

  /** Returns the entry of `key`, creating and indexing it on first use; undefined for a key without words. */
  private entryOf(key: string): { values: string[]; ranks: number[] } | undefined {
    let entry = this.entries.get(key);
    if (entry) return entry;
    const toks = tokensOf(key);
    if (toks.length === 0) return undefined;
    entry = { values: [], ranks: [] };
    this.entries.set(key, entry);
    if (toks.length > 1) {
      const canon = toks.join(' ');
      if (canon !== key && !this.canonical.has(canon)) this.canonical.set(canon, key);
      this.multi.set(key, entry.values);
      if (toks.length > this.maxTokens) this.maxTokens = toks.length;
    }
    return entry;
  }

  /**
   * Adds `value` to the translations of `key` at `rank` (stable: equal ranks keep insertion order),
   * keeping at most `cap` values. A value already present keeps its better rank.
   * `value === key` is a true cognate (président → president) and is kept.
   */
  add(key: string, value: string, rank: number, cap: number): void {
    if (!key || !value) return;
    const entry = this.entryOf(key);
    if (!entry) return;
    const { values, ranks } = entry;
    const at = values.indexOf(value);
    if (at >= 0) {
      if (ranks[at]! <= rank) return;
      values.splice(at, 1);
      ranks.splice(at, 1);
    }
    let i = ranks.length;
    if (i === 0 || ranks[i - 1]! <= rank) {
      // Common case: appended in rank order.
      if (i >= cap) return;
      values.push(value);
      ranks.push(rank);
      return;
    }
    while (i > 0 && ranks[i - 1]! > rank) i--;
    values.splice(i, 0, value);
    ranks.splice(i, 0, rank);
    if (values.length > cap) {
      values.length = cap;
      ranks.length = cap;
    }
  }

  /** The translations of a folded key, trying its token-joined form too. */
  get(folded: string): string[] | undefined {
    const hit = this.entries.get(folded);
    if (hit) return hit.values;
    const canon = tokensOf(folded).join(' ');
    const entry = this.entries.get(this.canonical.get(canon) ?? canon);
    return entry?.values;
  }

  /** The multi-word key whose token-joined form is `canon`, if any. */
  phraseKey(canon: string): string | undefined {
    const key = this.canonical.get(canon) ?? canon;
    return this.multi.has(key) ? key : undefined;
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
  private readonly dirs: Record<Lang, Direction> = { en: new Direction(), fr: new Direction() };
  private readonly singularFallback: boolean;
  private readonly maxForward: number;
  private readonly maxReverse: number;

  constructor(opts: TermTableOptions = {}) {
    this.singularFallback = opts.singularFallback ?? true;
    this.maxForward = opts.maxForward ?? 24;
    this.maxReverse = opts.maxReverse ?? 16;
  }

  /**
   * Adds a pairing in both directions: every `en` term maps to every `fr` term and back.
   * Translations are ranked by `tier` first (lower is better: add hand-written data with tier 0,
   * derived data with a higher tier), then by their position in the pair (earlier is better; in the
   * French → English direction, the position of the French term counts too), then by insertion order.
   */
  add(pair: TermPair, tier = 0): void {
    const en = uniqueFolded(pair.en);
    const fr = uniqueFolded(pair.fr);
    if (en.length === 0 || fr.length === 0) return;
    const base = tier * 1000;
    for (let k = 0; k < en.length; k++) {
      for (let j = 0; j < fr.length; j++) {
        this.dirs.en.add(en[k]!, fr[j]!, base + j, this.maxForward);
        this.dirs.fr.add(fr[j]!, en[k]!, base + j + k, this.maxReverse);
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
    return this.dirs[from].multi;
  }

  /** {@inheritDoc BilingualTerms.maxPhraseTokens} */
  maxPhraseTokens(from: Lang): number {
    return this.dirs[from].maxTokens;
  }

  /** {@inheritDoc BilingualTerms.matchPhrases} */
  matchPhrases(text: string, from: Lang): PhraseMatch[] {
    const dir = this.dirs[from];
    if (dir.multi.size === 0 || !text) return [];
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
        const translations = dir.multi.get(key);
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
