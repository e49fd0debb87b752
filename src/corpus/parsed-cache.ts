/**
 * Parsed documents kept across refreshes, so that a refresh after one hand edit does not parse every PDF,
 * Word, OpenDocument and HTML file of the corpus again. An entry is what the reader made of a file (or why
 * it refused it), keyed by the file's content hash, its name (detection and refusals use it) and the URL
 * given to the reader; the metadata file is applied afterwards, at every load, so that an edited
 * `ID.meta.yml` takes effect without a new parse. Markdown and plain text are never kept: they are cheap
 * to read again, and a large corpus of them would double the memory its text takes.
 *
 * Bounded: a full load of the corpus keeps only the entries it used (what the corpus no longer holds is
 * dropped), the text kept is capped at {@link MAX_CACHED_CHARS} per corpus directory, and at most
 * {@link MAX_CACHED_DIRS} directories are remembered.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DocumentError } from '../errors.js';
import type { DocumentFormat } from '../documents/reader.js';
import type { DocumentHint, ReadOutcome } from '../documents/reading.js';

/** The formats whose reading is kept: the costly ones. */
export const CACHED_FORMATS: ReadonlySet<DocumentFormat> = new Set(['pdf', 'docx', 'odt', 'html']);

/** Characters of document text kept per corpus directory, at most (UTF-16: twice as many bytes). */
export const MAX_CACHED_CHARS = 64 * 1024 * 1024;

/** Corpus directories whose parsed documents are remembered, at most (the least recently loaded go first). */
export const MAX_CACHED_DIRS = 4;

type Entry = { outcome: ReadOutcome; chars: number } | { refused: { field: string; reason: string }; chars: number };

/** The parsed documents of one corpus directory (see the module comment). */
export class ParsedDocumentCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  private hits = 0;

  /** The key of a file's reading: its content hash, its name and the URL given to its reader. */
  static key(bytes: Uint8Array, hint: DocumentHint): string {
    return `${createHash('sha256').update(bytes).digest('hex')}\0${hint.name ?? ''}\0${hint.mediaType ?? ''}\0${hint.url ?? ''}`;
  }

  /** Entries held, characters of text held, and reads answered from the cache so far. */
  get stats(): { entries: number; chars: number; hits: number } {
    return { entries: this.entries.size, chars: this.chars, hits: this.hits };
  }

  /**
   * The kept reading of `key`, if any.
   * @throws {@link DocumentError} when the kept outcome is a refusal (the same bytes are refused again)
   */
  get(key: string): ReadOutcome | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.hits++;
    if ('refused' in e) throw new DocumentError(e.refused.field, e.refused.reason);
    return e.outcome;
  }

  /** Keeps a reading (or a refusal) when its format is costly to read and the cap allows it. */
  set(key: string, result: ReadOutcome | DocumentError, claimed: DocumentFormat | undefined): void {
    if (result instanceof DocumentError) {
      if (claimed === 'markdown' || claimed === 'text') return;
      this.put(key, { refused: { field: result.field, reason: result.reason }, chars: result.reason.length });
      return;
    }
    if (!CACHED_FORMATS.has(result.format)) return;
    this.put(key, { outcome: result, chars: result.read.body.length });
  }

  private put(key: string, entry: Entry): void {
    if (this.entries.has(key) || this.chars + entry.chars > MAX_CACHED_CHARS) return;
    this.entries.set(key, entry);
    this.chars += entry.chars;
  }

  /** Drops every entry but those of `keys` (the files a full load of the corpus just read). */
  retainOnly(keys: ReadonlySet<string>): void {
    for (const [k, e] of this.entries) {
      if (keys.has(k)) continue;
      this.entries.delete(k);
      this.chars -= e.chars;
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

const caches = new Map<string, ParsedDocumentCache>();

/** The parsed-document cache of a corpus directory (created on first use; see {@link MAX_CACHED_DIRS}). */
export function parsedCacheFor(dir: string): ParsedDocumentCache {
  const key = path.resolve(dir);
  let cache = caches.get(key);
  if (cache) caches.delete(key);
  else cache = new ParsedDocumentCache();
  caches.set(key, cache);
  for (const old of caches.keys()) {
    if (caches.size <= MAX_CACHED_DIRS) break;
    caches.delete(old);
  }
  return cache;
}

/**
 * Keeps what was just read of a document about to be written into the corpus as `file` (by `corpus add`),
 * under the key the refresh that follows will look for (the file's name, its metadata file's `source` as the
 * URL): the refresh then does not parse it a second time.
 */
export function keepReading(dir: string, file: string, bytes: Uint8Array, url: string | undefined, outcome: ReadOutcome): void {
  parsedCacheFor(dir).set(ParsedDocumentCache.key(bytes, { name: file, ...(url ? { url } : {}) }), outcome, undefined);
}
