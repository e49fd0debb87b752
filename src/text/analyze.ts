/**
 * French and English text analysis: normalization, folding, tokenization (elisions, hyphens, numbers,
 * times, amounts), stopwords and Snowball stemming. Index and queries go through the same functions.
 */
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stemmer as stemEn } from '@orama/stemmers/english';
import { eng, fra } from 'stopword';
import type { Lang } from '../types.js';
import { remember } from './memo.js';

/** One token of a text: its folded form, its analyzed term, and where it stands in the text. */
export interface Token {
  /** Folded surface form (lowercase, no accents). */
  word: string;
  /** Lowercase surface form with its accents (what the stemmers take). */
  low: string;
  /** Index term (stemmed), or '' for a stopword. */
  term: string;
  /** Start offset in the analyzed text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** The token starts with an uppercase letter in the text. */
  capitalized: boolean;
  /** The token is a number, a time or an amount figure. */
  numeric: boolean;
}

/**
 * Invisible format characters that may stand inside a word without changing it: soft hyphen, zero-width
 * space, non-joiner and joiner, word joiner, left-to-right and right-to-left marks, byte order mark
 * (« ult\u200Bimatum », « ulti\u00ADmatum »). Analysis leaves them out; quotes keep them, verbatim.
 */
export const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;
/** One or more {@link INVISIBLE} characters, inside a regular expression source. */
const INV = '[\\u00AD\\u200B-\\u200F\\u2060\\uFEFF]';

/**
 * ASCII with no capital letter and no backtick: what {@link fold} and {@link lower} leave unchanged (no accent,
 * ligature, typographic apostrophe, invisible character or capital to change), so they return it as it is.
 */
const FOLDED_ASCII = /^[\x00-\x40\x5b-\x5f\x61-\x7f]*$/;

/** Removes the {@link INVISIBLE} characters of a string. */
export function withoutInvisible(s: string): string {
  return s.replace(INVISIBLE, '');
}

/**
 * Folds a string for matching: NFKD, combining marks removed, œ/æ expanded, lowercase, typographic
 * apostrophes to `'`, invisible format characters removed. Keeps length-independent semantics (not for offsets).
 */
export function fold(s: string): string {
  if (FOLDED_ASCII.test(s)) return s;
  return s
    .replace(INVISIBLE, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[’‘ʼ`´]/g, "'")
    .toLowerCase();
}

const EXTRA_STOP: Record<Lang, string[]> = {
  fr: [
    'a', 'au', 'aux', 'ce', 'ces', 'cette', 'cet', 'c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu',
    'puisqu', 'quoiqu', 'presqu', 'quelqu', 'y', 'est', 'sont', 'ete', 'etait', 'etaient', 'sera', 'seront', 'fait',
    'faire', 'quel', 'quelle', 'quels', 'quelles', 'qui', 'que', 'quoi', 'quand', 'comment', 'pourquoi', 'ou',
    'combien', 'lequel', 'laquelle', 'lesquels', 'lesquelles', 'dont', 'est-ce', 'il', 'elle', 'ils', 'elles', 'on',
    'se', 'sa', 'son', 'ses', 'leur', 'leurs', 'lui', 'eux', 'ne', 'pas', 'plus', 'tres', 'aussi', 'ainsi', 'etre',
    'avoir', 'a-t-il', 'a-t-elle', 'ont', 'avait', 'avaient', 'aura', 'auront', 'peut', 'peuvent', 'dit', 'selon',
    'apres', 'avant', 'pendant', 'depuis', 'entre', 'vers', 'chez', 'sous', 'sur', 'dans', 'par', 'pour', 'avec',
    'sans', 'mais', 'donc', 'or', 'ni', 'car', 'si', 'comme', 'tout', 'tous', 'toute', 'toutes', 'autre', 'autres',
    'meme', 'memes', 'nom', 'appelle', 'appele', 'appelee', 'passe', 'passee', 'produit', 'lors', 'celui', 'celle',
    'ceux', 'celles', 'quelque', 'quelques', 'chaque', 'plusieurs', 'certains', 'certaines', 'encore', 'deja',
  ],
  en: [
    'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'done', 'has', 'have',
    'had', 'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'much', 'many', 'of', 'in', 'on',
    'at', 'to', 'for', 'by', 'with', 'from', 'about', 'into', 'than', 'then', 'it', 'its', 'this', 'that', 'these',
    'those', 's', 't', 'd', 'll', 've', 're', 'm', 'happen', 'happened', 'happens', 'name', 'named', 'called',
    'can', 'could', 'would', 'should', 'will', 'shall', 'may', 'might', 'must', 'also', 'there', 'their', 'they',
    'them', 'he', 'she', 'his', 'her', 'him', 'we', 'you', 'i', 'me', 'my', 'our', 'your', 'not', 'no', 'yes', 'or',
    'and', 'but', 'so', 'if', 'as', 'any', 'some', 'such', 'one', 'ones', 'other', 'after', 'before', 'during',
    'kind', 'type', 'take', 'took', 'place', 'get', 'got', 'give', 'gave',
  ],
};

/** Accented words whose folded form is a stopword but which carry meaning themselves (« né », born). */
const NOT_STOP: Record<Lang, ReadonlySet<string>> = { fr: new Set(['né', 'nés']), en: new Set() };

/** Stopwords of a language, folded. */
export const STOPWORDS: Record<Lang, ReadonlySet<string>> = {
  fr: new Set([...fra, ...EXTRA_STOP.fr].map(fold)),
  en: new Set([...eng, ...EXTRA_STOP.en].map(fold)),
};

/** Whether a folded word is a stopword in the given language. */
export function isStopword(word: string, lang: Lang): boolean {
  return STOPWORDS[lang].has(word);
}

const stemCache: Record<Lang, Map<string, string>> = { fr: new Map(), en: new Map() };

/**
 * Snowball stem of a lowercase word in the given language, folded afterwards (the French stemmer needs the
 * accents: « fondée » and « fondé » both give « fond », while unaccented « fondee » would not). Numbers and
 * short words are unchanged. Cached.
 */
export function stem(word: string, lang: Lang): string {
  if (word.length <= 2 || /\d/.test(word)) return fold(word);
  const cache = stemCache[lang];
  const s = cache.get(word);
  return s !== undefined ? s : remember(cache, word, fold(lang === 'fr' ? frenchStem(word) : stemEn(word)), 200_000);
}

/**
 * French Snowball stem, plus the third-person plural « -ent » it leaves on many verbs (« accusent »,
 * « servent » stay whole while « accuse », « servir » are stemmed).
 */
function frenchStem(word: string): string {
  const s = stemFr(word);
  return s === word && s.length >= 7 && s.endsWith('ent') ? s.slice(0, -3) : s;
}

/** Lowercase with typographic apostrophes and hyphens normalized, accents kept (the stemmers' input). */
export function lower(s: string): string {
  if (FOLDED_ASCII.test(s)) return s;
  return s.replace(INVISIBLE, '').normalize('NFC').toLowerCase().replace(/[’‘ʼ`´]/g, "'").replace(/[‐‑]/g, '-');
}

const ELISION = /^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu)'(?=\p{L})/u;

/**
 * Words, numbers and times in their raw order. A word may hold inner apostrophes and hyphens (split later);
 * numbers may hold inner spaces ("100 000"), commas and dots; times are "17h01", "17 h 01", "5:01".
 */
const TOKEN_RE = new RegExp(
  String.raw`(\d{1,2})\s?[hH]\s?(\d{2})?(?![\p{L}\d])|(\d{1,2}):(\d{2})(?!\d)|(\d{1,4})(?:ères?|res?|ers?|[eè]mes?|i[eè]mes?|es?|è|n?des?|nd|st|rd|th)(?![\p{L}\d])|(?<![\p{L}\d])(?=[IVX])(X{0,3}(?:IX|IV|V?I{0,3}))(?:e|er|ère|re|ème)(?![\p{L}\d])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)*|` +
    // A word, which invisible format characters may split (see INVISIBLE).
    String.raw`[\p{L}\p{M}]+(?:${INV}+[\p{L}\p{M}]+)*(?:['’‘ʼ\-‐‑][\p{L}\p{M}\d]+(?:${INV}+[\p{L}\p{M}\d]+)*)*`,
  'gu',
);

/** Value of a Roman numeral of I to XXXIX. */
function roman(r: string): number {
  const v: Record<string, number> = { I: 1, V: 5, X: 10 };
  let n = 0;
  for (let i = 0; i < r.length; i++) {
    const a = v[r[i]!]!;
    const b = v[r[i + 1] ?? ''] ?? 0;
    n += a < b ? -a : a;
  }
  return n;
}

const FR_ORDINALS = ['deux', 'trois', 'quatr', 'cinqu', 'six', 'sept', 'huit', 'neuv', 'dix', 'onz', 'douz', 'treiz', 'quatorz', 'quinz', 'seiz', 'dix-sept', 'dix-huit', 'dix-neuv', 'vingt', 'vingt-et-un', 'vingt-deux', 'vingt-trois', 'vingt-quatr', 'vingt-cinqu', 'vingt-six', 'vingt-sept', 'vingt-huit', 'vingt-neuv', 'trent'];
const EN_ORDINALS = ['third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'twenty-first', 'twenty-second', 'twenty-third', 'twenty-fourth', 'twenty-fifth', 'twenty-sixth', 'twenty-seventh', 'twenty-eighth', 'twenty-ninth', 'thirtieth'];
/**
 * Ordinal words from 2 (3 in English, "second" being also a unit of time) to 30, folded, with their value:
 * « dix-huitième », "eighteenth" and « XVIIIe », « 18e », "18th" are all the term `18e`.
 */
const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ...FR_ORDINALS.flatMap((w, i) => [`${w}ieme`, `${w}iemes`].map((x) => [x, i + 2] as [string, number])),
  ...EN_ORDINALS.map((w, i) => [w, i + 3] as [string, number]),
]);

/** Normalizes a time to `HHhMM` (`17h01`, `9h00`). */
function timeTerm(h: string, m: string | undefined): string {
  return `${Number(h)}h${(m ?? '00').padStart(2, '0')}`;
}

/**
 * Tokenizes a text in a language: folds, splits elisions and hyphenated forms, keeps numbers, times and
 * amounts as terms, marks stopwords (term ''), and stems the rest.
 *
 * A word's tokens depend on the word alone (its offsets aside): they are computed once per word and language
 * ({@link matchTokens}) and copied at the word's place afterwards, since re-ranking and highlighting tokenize
 * the same passages' words over and over.
 */
export function tokenize(text: string, lang: Lang): Token[] {
  const out: Token[] = [];
  const cache = matchCache[lang];
  // One regular expression for every call (`matchAll` would clone it each time): nothing below tokenizes.
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    const start = m.index;
    if (m[1] !== undefined || m[3] !== undefined || m[5] !== undefined || m[6] !== undefined) {
      // A time, or an ordinal in figures or Roman numerals (« 17h01 », « 18e », « XVIIIe »): one term.
      const t = m[1] !== undefined ? timeTerm(m[1], m[2]) : m[3] !== undefined ? timeTerm(m[3], m[4]) : `${m[5] !== undefined ? Number(m[5]) : roman(m[6]!)}e`;
      out.push({ word: t, low: t, term: t, start, end: start + m[0].length, capitalized: false, numeric: true });
      continue;
    }
    const raw = m[0];
    const rel = cache.get(raw) ?? remember(cache, raw, matchTokens(raw, lang), TOKEN_CACHE_ENTRIES);
    for (const t of rel) out.push({ word: t.word, low: t.low, term: t.term, start: start + t.start, end: start + t.end, capitalized: t.capitalized, numeric: t.numeric });
  }
  return out;
}

/** Tokens of one matched word or number, by language and matched text, offsets relative to the match. */
const matchCache: Record<Lang, Map<string, readonly Token[]>> = { fr: new Map(), en: new Map() };

/**
 * Most words kept in {@link matchCache} per language and thread: about 310 bytes each (measured), 15 MB at most
 * per language. A corpus of 100,000 passages used about 33,000 after 2,100 questions; beyond the limit the
 * quarter first cached is forgotten.
 */
export const TOKEN_CACHE_ENTRIES = 50_000;

/**
 * The tokens of one word or number matched by {@link TOKEN_RE} with none of its time or ordinal groups (a
 * word, an ordinal word, a number or amount), offsets relative to the match: they depend on its text alone.
 */
function matchTokens(raw: string, lang: Lang): Token[] {
  const stop = STOPWORDS[lang];
  const end = raw.length;
  const ordinal = ORDINAL_WORDS.get(fold(raw));
  if (ordinal !== undefined) {
    // Ordinal words: one term across forms and languages (« dix-huitième », "eighteenth" → `18e`).
    const t = `${ordinal}e`;
    return [{ word: t, low: t, term: t, start: 0, end, capitalized: false, numeric: true }];
  }
  if (/^\d/.test(raw)) {
    const n = raw.replace(/[ \u00a0\u202f]/g, '').replace(/,(?=\d{1,2}$)/, '.').replace(/,/g, '');
    return [{ word: n, low: n, term: n, start: 0, end, capitalized: false, numeric: true }];
  }
  const out: Token[] = [];
  let low = lower(raw);
  let offset = 0;
  let capitalized = /^\p{Lu}/u.test(raw);
  const el = low.includes("'") ? ELISION.exec(fold(low)) : null;
  if (el) {
    offset = el[0].length;
    low = low.slice(offset);
    // « d'Anthropic »: the name after the elision decides.
    capitalized = /^\p{Lu}/u.test(raw.slice(offset));
  }
  const word = fold(low);
  const parts = low.split(/['-]/).filter(Boolean);
  if (parts.length > 1) {
    // Hyphenated or apostrophe compounds: each part, plus the joined compound when it is a content word.
    let at = offset;
    for (const p of parts) {
      const i = lower(raw.slice(at, end)).indexOf(p);
      const s = i >= 0 ? at + i : at;
      out.push(makeWord(p, s, s + p.length, capitalized && s === offset, lang, stop));
      at = s + p.length;
    }
    const joined = parts.join('');
    if (!stop.has(word) && parts.every((p) => !stop.has(fold(p)) && p.length >= 2)) {
      out.push(makeWord(joined, offset, end, capitalized, lang, stop));
    }
    return out;
  }
  out.push(makeWord(low, offset, end, capitalized, lang, stop));
  return out;
}

const wordCache: Record<Lang, Map<string, [string, string]>> = { fr: new Map(), en: new Map() };

/** Entries of this thread's analysis caches, both languages: tokens per matched word, folded form and term per word, stems. */
export function analysisCacheEntries(): { tokens: number; words: number; stems: number } {
  const n = (c: Record<Lang, Map<string, unknown>>) => c.fr.size + c.en.size;
  return { tokens: n(matchCache), words: n(wordCache), stems: n(stemCache) };
}

/** Empties this thread's analysis caches (measurements and tests; results never depend on them). */
export function clearAnalysisCaches(): void {
  for (const c of [matchCache, wordCache, stemCache]) {
    c.fr.clear();
    c.en.clear();
  }
}

function makeWord(low: string, start: number, end: number, capitalized: boolean, lang: Lang, stop: ReadonlySet<string>): Token {
  // Folding and stemming are the costly part of tokenizing: cache both per word (re-ranking tokenizes the
  // same words over and over).
  const cache = wordCache[lang];
  let hit = cache.get(low);
  if (!hit) {
    const word = fold(low);
    hit = remember(cache, low, [word, (stop.has(word) && !NOT_STOP[lang].has(low)) || word.length < 2 ? '' : stem(low, lang)], 200_000);
  }
  return { word: hit[0], low, term: hit[1], start, end, capitalized, numeric: false };
}

/** Index terms of a text (stopwords removed), in order. */
export function terms(text: string, lang: Lang): string[] {
  const out: string[] = [];
  for (const t of tokenize(text, lang)) if (t.term) out.push(t.term);
  return out;
}

const FR_MARKERS = new Set(
  ['le', 'la', 'les', 'des', 'du', 'une', 'est', 'qui', 'que', 'quand', 'quel', 'quelle', 'quels', 'quelles',
    'combien', 'pourquoi', 'comment', 'ou', 'et', 'dans', 'pour', 'avec', 'sur', 'par', 'au', 'aux', 'ce', 'cette',
    'il', 'elle', 'ont', 'sont', 'a-t-il', 'a-t-elle', 'est-ce', 'qu', 'l', 'd', 'c', 'lequel', 'laquelle', 'son',
    'sa', 'ses', 'leur', 'de', 'en', 'un', 'pas', 'ne', 'se', 'fait', 'faut', 'etait', 'ete'].map(fold),
);
const EN_MARKERS = new Set(
  ['the', 'is', 'are', 'was', 'were', 'what', 'when', 'who', 'whom', 'where', 'why', 'how', 'which', 'did', 'does',
    'do', 'of', 'and', 'in', 'to', 'for', 'with', 'on', 'by', 'from', 'at', 'a', 'an', 'it', 'its', 'this', 'that',
    'has', 'have', 'had', 'much', 'many', 'his', 'her', 'their', 'they', 'he', 'she', 'be', 'been', 'about', 'after',
    'before', 'happened', 'can', 'will', 'would', 'there'].map(fold),
);

/**
 * Detects whether a short text (a question) is French or English, from function words and accents.
 * Ties go to `fallback`.
 */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  let fr = 0;
  let en = 0;
  const words = fold(text).match(/[a-z]+(?:-[a-z]+)*|'/g) ?? [];
  for (const w of words) {
    if (FR_MARKERS.has(w)) fr++;
    if (EN_MARKERS.has(w)) en++;
  }
  if (/[àâçéèêëîïôùûüÿœ]/i.test(text)) fr += 1.5;
  if (/\b(?:l|d|qu|c|n|s|j)['’]\p{L}/iu.test(text)) fr += 1.5;
  if (/\b\w+'s\b|\b(?:don|doesn|didn|isn|wasn|aren)'t\b/i.test(text)) en += 1.5;
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
