/**
 * A document's metadata, decided field by field: the metadata file beside it (`NAME.meta.yml`, written by
 * `corpus add` with what the moderator gave) wins, then the document's own front matter, then what its
 * reader found in it (page title, first heading, `<html lang>`, JSON-LD date…), then, for the language only,
 * detection from the text. A date that cannot be found stays absent: it is never guessed. Every decision is
 * reported with where it came from, for `corpus check`.
 */
import { z } from 'zod';
import { detectLanguage } from '../text/analyze.js';
import type { DocumentMeta, Lang } from '../types.js';
import type { FoundMeta, ReadDocument } from './reader.js';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'is not a real calendar date');

/** A document id: 1–128 letters, digits, dots, dashes or underscores, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Schema of the metadata fields (front matter or metadata file); every field optional. */
export const metaFieldsSchema = z.object({
  id: z.string({ error: 'must be a string' }).regex(ID_PATTERN, 'must be 1–128 letters, digits, dots, dashes or underscores').optional(),
  title: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(300, 'is longer than 300 characters').optional(),
  published: z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDay).optional(),
  language: z.enum(['fr', 'en'], { error: 'must be "fr" or "en"' }).optional(),
  source: z.url({ error: 'must be a URL' }).optional(),
  author: z.string({ error: 'must be a string' }).trim().min(1).max(200).optional(),
});

/** Validated metadata fields. */
export type MetaFields = z.infer<typeof metaFieldsSchema>;

/** One decided field and where it came from. */
export interface Inferred {
  field: 'id' | 'title' | 'published' | 'language' | 'source' | 'author';
  value: string;
  from: string;
}

/** Validates metadata fields; returns the first problem as field and reason. */
export function validateFields(data: Record<string, unknown>): { fields: MetaFields } | { field: string; reason: string } {
  const parsed = metaFieldsSchema.safeParse(data);
  if (parsed.success) return { fields: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { field: issue.path.join('.') || 'front matter', reason: issue.message };
}

/** Turns a file or page name into an id: accents dropped, other characters dashes, at most 100 characters. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[-.]{2,}/g, '-')
    .replace(/[-._]+$/, '')
    .slice(0, 100)
    .replace(/[-._]+$/, '')
    .toLowerCase();
  return s || 'document';
}

/**
 * Decides a document's metadata.
 * @param fileStem - the file name without its extension (the id when none is given)
 * @returns the metadata and how each field was decided, or the field that could not be decided
 */
export function decideMeta(
  read: ReadDocument,
  sidecar: MetaFields,
  frontMatter: MetaFields,
  fileStem: string,
  sidecarName = 'the metadata file',
): { meta: DocumentMeta; inferred: Inferred[] } | { field: string; reason: string } {
  const inferred: Inferred[] = [];
  const found: FoundMeta = read.found;
  const pick = <K extends Inferred['field']>(field: K, fallback?: { value: string; from: string }): string | undefined => {
    const s = sidecar[field as keyof MetaFields];
    const f = frontMatter[field as keyof MetaFields];
    const r = found[field as keyof FoundMeta];
    const c = s !== undefined ? { value: s, from: sidecarName } : f !== undefined ? { value: f, from: 'front matter' } : r ?? fallback;
    if (!c) return undefined;
    inferred.push({ field, value: String(c.value), from: c.from });
    return String(c.value);
  };
  const id = pick('id', { value: slugify(fileStem), from: 'the file name' })!;
  if (!ID_PATTERN.test(id)) return { field: 'id', reason: 'must be 1–128 letters, digits, dots, dashes or underscores' };
  const title = pick('title');
  if (!title) return { field: 'title', reason: 'is required: none was found in the document (give one)' };
  const language = (pick('language', { value: detectLanguage(read.body.slice(0, 5000)), from: 'detected from the text' }) ?? 'en') as Lang;
  const published = pick('published');
  const source = pick('source');
  const author = pick('author');
  return {
    meta: { id, title: title.slice(0, 300), language, ...(published ? { published } : {}), ...(source ? { source } : {}), ...(author ? { author } : {}) },
    inferred,
  };
}
