/**
 * Parsed documents kept across refreshes, so that a refresh after one hand edit does not parse every PDF,
 * Word, OpenDocument and HTML file of the corpus again. An entry is what the reader made of a file (or why
 * it refused it), keyed by the file's content hash, its name (detection and refusals use it) and the URL
 * given to the reader; the metadata file is applied afterwards, at every load, so that an edited
 * `ID.meta.yml` takes effect without a new parse. Markdown and plain text are never kept: they are cheap
 * to read again, and a large corpus of them would double the memory or disk their text takes.
 *
 * With a cache directory (`CACHE_DIR`), entries are files under `CACHE_DIR/parsed/` (`v8.serialize`, written
 * atomically), so that every thread and process of the corpus shares them: with answer workers, a refresh
 * runs in a new worker thread, which finds what the main thread (a `corpus add`, a hand edit's dry run) or
 * the previous refresh read, and so does the bot after a restart. Without one (tests, `cacheDir: null`),
 * entries are kept in memory, at most {@link MAX_CACHED_CHARS} characters of text.
 *
 * Bounded: a full load of the corpus keeps only the entries it used (what the corpus no longer holds is
 * deleted). Bump {@link PARSED_SCHEMA} when a reader's output changes (as `INDEX_SCHEMA` in
 * src/index/store.ts), so that files read by the old code are read again.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { DocumentError } from '../errors.js';
import type { DocumentFormat } from '../documents/reader.js';
import type { DocumentHint, ReadOutcome } from '../documents/reading.js';

/** The formats whose reading is kept: the costly ones. */
export const CACHED_FORMATS: ReadonlySet<DocumentFormat> = new Set(['pdf', 'docx', 'odt', 'html']);

/** Version of the kept readings: bump it when a reader's output changes. */
export const PARSED_SCHEMA = 1;

/** Characters of document text kept in memory per corpus directory, at most (UTF-16: twice as many bytes). */
export const MAX_CACHED_CHARS = 64 * 1024 * 1024;

/** Caches remembered by {@link parsedCacheFor}, at most (the least recently used go first). */
export const MAX_CACHED_DIRS = 4;

/** The folder of `CACHE_DIR` that holds the kept readings. */
export const PARSED_FOLDER = 'parsed';

type Entry = { outcome: ReadOutcome } | { refused: { field: string; reason: string } };

/** Options of {@link ParsedDocumentCache}. */
export interface ParsedCacheOptions {
  /** Directory of the entries' files (`CACHE_DIR/parsed`); none: in memory. */
  dir?: string | null;
}

/** The parsed documents of one corpus directory (see the module comment). */
export class ParsedDocumentCache {
  private readonly dir: string | null;
  private readonly memory = new Map<string, { entry: Entry; chars: number }>();
  private chars = 0;
  private counts = { hits: 0, written: 0 };

  constructor(opts: ParsedCacheOptions = {}) {
    this.dir = opts.dir ?? null;
  }

  /** The key of a file's reading: its content hash, its name, the media type and URL given to its reader. */
  static key(bytes: Uint8Array, hint: DocumentHint): string {
    return `${PARSED_SCHEMA}\0${createHash('sha256').update(bytes).digest('hex')}\0${hint.name ?? ''}\0${hint.mediaType ?? ''}\0${hint.url ?? ''}`;
  }

  /** Entries held in memory, characters of text they hold, reads answered from the cache, entries written to disk. */
  get stats(): { entries: number; chars: number; hits: number; written: number } {
    return { entries: this.memory.size, chars: this.chars, ...this.counts };
  }

  /** The file of an entry (under {@link ParsedCacheOptions.dir}). */
  private fileOf(key: string): string {
    return path.join(this.dir!, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.v8`);
  }

  /**
   * The kept reading of `key`, if any (an unreadable entry file is a miss).
   * @throws {@link DocumentError} when the kept outcome is a refusal (the same bytes are refused again)
   */
  async get(key: string): Promise<ReadOutcome | undefined> {
    const entry = this.dir ? await this.readEntry(key) : this.memory.get(key)?.entry;
    if (!entry) return undefined;
    this.counts.hits++;
    if ('refused' in entry) throw new DocumentError(entry.refused.field, entry.refused.reason);
    return entry.outcome;
  }

  private async readEntry(key: string): Promise<Entry | undefined> {
    try {
      const data = v8.deserialize(await fs.readFile(this.fileOf(key))) as { key?: unknown; entry?: Entry };
      return data.key === key && data.entry && typeof data.entry === 'object' ? data.entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps a reading (or a refusal) when its format is costly to read. Best effort: a failed write is a miss later. */
  async set(key: string, result: ReadOutcome | DocumentError, claimed: DocumentFormat | undefined): Promise<void> {
    let entry: Entry;
    if (result instanceof DocumentError) {
      if (claimed === 'markdown' || claimed === 'text') return;
      entry = { refused: { field: result.field, reason: result.reason } };
    } else {
      if (!CACHED_FORMATS.has(result.format)) return;
      entry = { outcome: result };
    }
    if (this.dir) return this.writeEntry(key, entry);
    const chars = 'outcome' in entry ? entry.outcome.read.body.length : entry.refused.reason.length;
    if (this.memory.has(key) || this.chars + chars > MAX_CACHED_CHARS) return;
    this.memory.set(key, { entry, chars });
    this.chars += chars;
  }

  private async writeEntry(key: string, entry: Entry): Promise<void> {
    const file = this.fileOf(key);
    const tmp = path.join(this.dir!, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.mkdir(this.dir!, { recursive: true });
      await fs.writeFile(tmp, v8.serialize({ key, entry }));
      await fs.rename(tmp, file);
      this.counts.written++;
    } catch {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /** Drops every entry but those of `keys` (the files a full load of the corpus just read). */
  async retainOnly(keys: ReadonlySet<string>): Promise<void> {
    for (const [k, e] of this.memory) {
      if (keys.has(k)) continue;
      this.memory.delete(k);
      this.chars -= e.chars;
    }
    if (!this.dir) return;
    const kept = new Set([...keys].map((k) => path.basename(this.fileOf(k))));
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name.endsWith('.v8') && !kept.has(name)) await fs.rm(path.join(this.dir, name), { force: true }).catch(() => undefined);
    }
  }

  /** Drops every entry. */
  async clear(): Promise<void> {
    await this.retainOnly(new Set());
  }
}

const caches = new Map<string, ParsedDocumentCache>();

/**
 * The parsed-document cache of a corpus directory: its files under `cacheDir/parsed/` when a cache directory
 * is given, else in memory (created on first use; see {@link MAX_CACHED_DIRS}).
 */
export function parsedCacheFor(corpusDir: string, cacheDir?: string | null): ParsedDocumentCache {
  const key = `${path.resolve(corpusDir)}\0${cacheDir ? path.resolve(cacheDir) : ''}`;
  let cache = caches.get(key);
  if (cache) caches.delete(key);
  else cache = new ParsedDocumentCache({ dir: cacheDir ? path.join(path.resolve(cacheDir), PARSED_FOLDER) : null });
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
export async function keepReading(corpusDir: string, cacheDir: string | null | undefined, file: string, bytes: Uint8Array, url: string | undefined, outcome: ReadOutcome): Promise<void> {
  await parsedCacheFor(corpusDir, cacheDir).set(ParsedDocumentCache.key(bytes, { name: file, ...(url ? { url } : {}) }), outcome, undefined);
}
