/**
 * The corpus glossary (`corpus/glossary.yml`), edited by moderators: names and phrases of this corpus
 * mapped across languages. Each entry is `{ en: [...], fr: [...], note? }`; every English term of an entry
 * translates to every French term of it and back.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Lang, RejectedFile } from '../types.js';
import { TermTable, type BilingualTerms, type PhraseMatch } from './terms.js';

/** Longest accepted term, in characters. */
export const MAX_GLOSSARY_TERM_LENGTH = 100;

const term = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_GLOSSARY_TERM_LENGTH, { error: `must be at most ${MAX_GLOSSARY_TERM_LENGTH} characters` });

const terms = z.array(term, { error: 'must be a list of terms' }).min(1, { error: 'must list at least one term' });

/** Schema of one glossary entry. */
export const GlossaryEntrySchema = z.strictObject(
  {
    en: terms,
    fr: terms,
    note: z.string({ error: 'must be a string' }).optional(),
  },
  { error: 'must be a mapping with `en` and `fr` lists' },
);

/** One valid glossary entry. */
export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;

/** The corpus glossary: the same folded lookups as the lexicon, plus its entries. */
export interface Glossary extends BilingualTerms {
  /** The valid entries, in file order. */
  readonly entries: readonly GlossaryEntry[];
}

/** What {@link loadGlossary} returns: the glossary of the valid entries, and what was rejected. */
export interface GlossaryLoadResult {
  /** Glossary built from the valid entries (empty when the file is missing or unreadable). */
  glossary: Glossary;
  /** One item per rejected entry (or one for the whole file when it cannot be parsed). */
  rejected: RejectedFile[];
}

class GlossaryTable implements Glossary {
  constructor(
    private readonly table: TermTable,
    readonly entries: readonly GlossaryEntry[],
  ) {}

  translate(t: string, from: Lang): string[] {
    return this.table.translate(t, from);
  }

  phrases(from: Lang): ReadonlyMap<string, string[]> {
    return this.table.phrases(from);
  }

  maxPhraseTokens(from: Lang): number {
    return this.table.maxPhraseTokens(from);
  }

  matchPhrases(text: string, from: Lang): PhraseMatch[] {
    return this.table.matchPhrases(text, from);
  }

  get size(): { en: number; fr: number } {
    return this.table.size;
  }
}

/** Builds a glossary from already valid entries. */
export function buildGlossary(entries: readonly GlossaryEntry[]): Glossary {
  // Glossary entries are exact names: no singular guessing (`Truth Social` is not a plural).
  const table = new TermTable({ singularFallback: false });
  for (const e of entries) table.add(e);
  return new GlossaryTable(table, entries);
}

/** Formats a zod issue path under entry `index` the way rejections name fields: `[3].fr`, `[3].fr[0]`. */
function fieldOf(index: number, path: readonly PropertyKey[]): string {
  let out = `[${index}]`;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** True when `raw` is a mapping without the field `key`. */
function isMissing(raw: unknown, key: PropertyKey): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && (raw as Record<PropertyKey, unknown>)[key] === undefined;
}

/**
 * Parses glossary YAML text. `file` names the file in rejections.
 * Never throws: a syntax error is one rejection naming the line; a malformed entry is skipped and
 * reported with its field (`[3].fr`) and the reason.
 */
export function parseGlossary(text: string, file: string): GlossaryLoadResult {
  const rejected: RejectedFile[] = [];
  const empty = (): GlossaryLoadResult => ({ glossary: buildGlossary([]), rejected });
  const doc = parseDocument(text); // prettyErrors (default) fills in linePos
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    const first = (err.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '');
    rejected.push({ file, field: line ? `line ${line}` : 'yaml', reason: `YAML syntax error: ${first}` });
    return empty();
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return empty(); // empty file or only comments
  if (!Array.isArray(data)) {
    rejected.push({ file, field: '(root)', reason: 'must be a list of entries' });
    return empty();
  }
  const entries: GlossaryEntry[] = [];
  data.forEach((raw: unknown, i: number) => {
    const parsed = GlossaryEntrySchema.safeParse(raw);
    if (parsed.success) {
      entries.push(parsed.data);
      return;
    }
    const issue = parsed.error.issues[0]!;
    let path = issue.path;
    let reason = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path = [...path, issue.keys[0] ?? ''];
      reason = 'unknown field (expected en, fr, note)';
    } else if (issue.code === 'invalid_type' && path.length === 1 && isMissing(raw, path[0]!)) {
      reason = 'is required';
    }
    rejected.push({ file, field: fieldOf(i, path), reason });
  });
  return { glossary: buildGlossary(entries), rejected };
}

/**
 * Loads a glossary file (e.g. `corpus/glossary.yml`), validated entry by entry.
 * A missing file is an empty glossary with no rejection; an unreadable one is an empty glossary with
 * one rejection. Rejections name the file by its base name (it lives in the corpus directory).
 *
 * @param file Path of the glossary file.
 * @param text Its content when the caller has already read it (then the file is not read again;
 *   an empty string is an empty glossary).
 */
export function loadGlossary(file: string, text?: string): GlossaryLoadResult {
  const name = basename(file);
  if (text !== undefined) return parseGlossary(text, name);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { glossary: buildGlossary([]), rejected: [] };
    return {
      glossary: buildGlossary([]),
      rejected: [{ file: name, field: '(file)', reason: `cannot read: ${code ?? (e as Error).message}` }],
    };
  }
  return parseGlossary(content, name);
}
