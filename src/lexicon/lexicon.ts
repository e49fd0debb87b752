/**
 * The bundled bilingual English ↔ French lexicon, read from `data/lexicon/*.tsv`:
 * `supplement.tsv` (hand-written, preferred) and `en-fr.tsv` (derived from FreeDict).
 *
 * Each line is `english<TAB>french1|french2|…`; `#` starts a comment line. The French → English
 * direction is derived from the same lines.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../types.js';
import { TermTable, foldChars, type BilingualTerms } from './terms.js';
import { dataPath } from '../paths.js';

export { foldTerm, type BilingualTerms, type PhraseMatch } from './terms.js';

/** A bilingual lexicon. Keys and values are folded: lowercase, accents removed (œ→oe, æ→ae), ’ → '. */
export interface Lexicon extends BilingualTerms {
  /** Translations of a folded word or phrase from `from` into the other language (folded). Empty if none. */
  translate(term: string, from: Lang): string[];
  /** Number of entries per direction. */
  readonly size: { en: number; fr: number };
  /** Lines of the data files that could not be read (`file:line: reason`); empty for sound data. */
  readonly warnings: readonly string[];
  /** Time taken to load, in milliseconds. */
  readonly loadMs: number;
}

/** The data files, in preference order, relative to this module. */
const DATA_FILES = ['supplement.tsv', 'en-fr.tsv'] as const;

/** Maximum length of one term in the data files. */
const MAX_TERM_LENGTH = 100;

/** Parses one lexicon TSV text into `table` at `tier`; returns the problems found, one per bad line. */
export function parseLexiconTsv(text: string, source: string, table: TermTable, tier: number): string[] {
  const warnings: string[] = [];
  // Folding the whole text at once is several times faster than folding term by term.
  const lines = foldChars(text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) {
      warnings.push(`${source}:${i + 1}: no tab between the English term and its translations`);
      continue;
    }
    const en = splitTerms(line.slice(0, tab));
    const fr = splitTerms(line.slice(tab + 1));
    if (en.length === 0 || fr.length === 0) {
      warnings.push(`${source}:${i + 1}: empty English term or no French translation`);
      continue;
    }
    if (en.some((t) => t.length > MAX_TERM_LENGTH) || fr.some((t) => t.length > MAX_TERM_LENGTH)) {
      warnings.push(`${source}:${i + 1}: term longer than ${MAX_TERM_LENGTH} characters`);
      continue;
    }
    table.addFolded(en, fr, tier);
  }
  return warnings;
}

/** Splits `a|b|c` (already folded by character) into trimmed, non-empty, distinct terms. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  for (const raw of s.split('|')) {
    const t = /\s\s|[\t\r]/.test(raw) ? raw.replace(/\s+/g, ' ').trim() : raw.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

class BundledLexicon implements Lexicon {
  constructor(
    private readonly table: TermTable,
    readonly warnings: readonly string[],
    readonly loadMs: number,
  ) {}

  translate(term: string, from: Lang): string[] {
    return this.table.translate(term, from);
  }

  phrases(from: Lang): ReadonlyMap<string, string[]> {
    return this.table.phrases(from);
  }

  maxPhraseTokens(from: Lang): number {
    return this.table.maxPhraseTokens(from);
  }

  matchPhrases(text: string, from: Lang): ReturnType<TermTable['matchPhrases']> {
    return this.table.matchPhrases(text, from);
  }

  get size(): { en: number; fr: number } {
    return this.table.size;
  }
}

/**
 * Loads a lexicon from TSV files, the first files preferred. A missing or unreadable file, or a bad line,
 * is reported in {@link Lexicon.warnings}, never thrown.
 */
export function loadLexiconFiles(files: readonly (string | URL)[]): Lexicon {
  const t0 = performance.now();
  const table = new TermTable();
  const warnings: string[] = [];
  files.forEach((file, tier) => {
    const name = file instanceof URL ? fileURLToPath(file) : file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      warnings.push(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    warnings.push(...parseLexiconTsv(text, name, table, tier));
  });
  return new BundledLexicon(table, warnings, performance.now() - t0);
}

let cached: Lexicon | undefined;

/** Loads the bundled lexicon (data/lexicon/*.tsv) once; cached. Must load in well under 200 ms. */
export function loadLexicon(): Lexicon {
  cached ??= loadLexiconFiles(DATA_FILES.map((f) => dataPath('lexicon', f)));
  return cached;
}
