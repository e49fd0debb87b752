/**
 * Loading and validating the corpus directory: one file per document — Markdown (`.md`, `.markdown`), plain
 * text (`.txt`), web page (`.html`, `.htm`), PDF (`.pdf`), Word (`.docx`) or OpenDocument text (`.odt`) — each
 * read by its format's reader (src/documents/), with optional YAML front matter (Markdown, text) and an
 * optional metadata file beside it (`NAME.meta.yml`, written by `corpus add`). What the metadata does not say
 * is read from the document.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CorpusEmptyError, DocumentError } from '../errors.js';
import { DOCUMENT_EXTENSIONS, formatOfName } from '../documents/formats.js';
import { splitFrontMatter } from '../documents/front-matter.js';
import { markdownReader, readMarkdownBody } from '../documents/markdown.js';
import { decideMeta, validateFields, type Inferred, type MetaFields } from '../documents/metadata.js';
import { readDocument, type DocumentHint, type DocumentReading, type ReadOutcome } from '../documents/reading.js';

import type { ReadDocument } from '../documents/reader.js';
import { readTextBody, textReader } from '../documents/text.js';
import type { CorpusDocument, RejectedFile } from '../types.js';
import { quoteFileName } from './names.js';
import { parsedCacheFor, ParsedDocumentCache } from './parsed-cache.js';

/** Largest document file accepted in the corpus directory. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Suffix of a document's metadata file: `article.pdf` → `article.meta.yml`. */
export const META_SUFFIX = '.meta.yml';

/** Result of loading a corpus directory. */
export interface CorpusLoad {
  /** Valid documents, sorted by file name. */
  documents: CorpusDocument[];
  /** Files rejected, with file, field and reason. */
  rejected: RejectedFile[];
  /** Raw text of every text file read (for hashing), by relative path. */
  files: Map<string, string>;
  /** How each valid document's metadata was decided (by file). */
  inferred: Map<string, Inferred[]>;
}

/** The metadata file of a document file (same folder, same stem). */
export function metaFileOf(file: string): string {
  return file.replace(/\.[A-Za-z0-9]+$/, '') + META_SUFFIX;
}

/** Reads a metadata file's fields; throws a {@link DocumentError} naming the field when it is invalid. */
export function parseMetaFile(text: string): MetaFields & { [k: string]: unknown } {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new DocumentError('metadata file', `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new DocumentError('metadata file', 'must be a mapping of fields');
  const v = validateFields(data as Record<string, unknown>);
  if ('field' in v) throw new DocumentError(v.field, `${v.reason} (in the metadata file)`);
  return { ...(data as Record<string, unknown>), ...v.fields };
}

/**
 * Turns a read document and its metadata into a corpus document, or the rejection with its field and reason.
 */
export function finishDocument(
  file: string,
  read: ReadDocument,
  sidecar: MetaFields = {},
): { doc: CorpusDocument; inferred: Inferred[] } | { rejected: RejectedFile } {
  const reject = (field: string, reason: string) => ({ rejected: { file, field, reason } });
  let front: MetaFields = {};
  if (read.frontMatter) {
    const v = validateFields(read.frontMatter);
    if ('field' in v) return reject(v.field, read.frontMatter[v.field.split('.')[0]!] === undefined ? 'is required' : v.reason);
    front = v.fields;
  }
  if (!read.paragraphs.length) return reject('body', 'is empty');
  const stem = path.basename(file).replace(/\.[A-Za-z0-9]+$/, '');
  const decided = decideMeta(read, sidecar, front, stem, path.basename(metaFileOf(file)));
  if ('field' in decided) return reject(decided.field, decided.reason);
  return { doc: { ...decided.meta, body: read.body, paragraphs: read.paragraphs, file }, inferred: decided.inferred };
}

/**
 * Parses a Markdown or plain-text document file's text (front matter optional). Returns the document, or the
 * rejection with its field and reason.
 */
export async function parseDocument(file: string, text: string, sidecar: MetaFields = {}): Promise<{ doc: CorpusDocument } | { rejected: RejectedFile }> {
  try {
    const { data, body } = splitFrontMatter(text);
    const reader = formatOfName(file) === 'text' ? textReader : markdownReader;
    const read = reader === textReader ? readTextBody(body, data) : await readMarkdownBody(body, data);
    return finishDocument(file, read, sidecar);
  } catch (e) {
    if (e instanceof DocumentError) return { rejected: { file, field: e.field, reason: e.reason } };
    throw e;
  }
}

/** How {@link readDocumentFile} and {@link loadCorpus} read documents. */
export interface ReadFileOptions {
  /** The URL given to the reader (a metadata file's `source` takes precedence). */
  url?: string;
  /** Where documents are read (default: the process's shared reader, see src/documents/reading.ts). */
  reading?: DocumentReading;
  /** Parsed documents kept across loads (default: none for one file, the directory's for a corpus). */
  cache?: ParsedDocumentCache | null;
  /** Filled with the cache keys of the files read (what a full load keeps in the cache). */
  used?: Set<string>;
}

/** How {@link loadCorpus} reads documents. */
export interface LoadOptions extends Pick<ReadFileOptions, 'reading' | 'cache'> {
  /** The cache directory (`CACHE_DIR`): the default parsed-document cache keeps its files there (else in memory). */
  cacheDir?: string | null;
}

/** Reads a document through the cache when the options have one. */
async function readThroughCache(bytes: Uint8Array, hint: DocumentHint, options: ReadFileOptions): Promise<ReadOutcome> {
  const cache = options.cache;
  const claimed = hint.name ? formatOfName(hint.name) : undefined;
  // Markdown and text are never kept: not even hashed (a large corpus of them loads as fast as before).
  if (!cache || claimed === 'markdown' || claimed === 'text') return readDocument(bytes, hint, options.reading);
  const key = ParsedDocumentCache.key(bytes, hint);
  options.used?.add(key);
  const kept = await cache.get(key);
  if (kept) return kept;
  try {
    const outcome = await readDocument(bytes, hint, options.reading);
    await cache.set(key, outcome, claimed);
    return outcome;
  } catch (e) {
    if (e instanceof DocumentError) await cache.set(key, e, claimed);
    throw e;
  }
}

/**
 * Reads one document file of any format, with its metadata file's text if it has one.
 * Never throws for a bad document: it is rejected with its field and reason.
 */
export async function readDocumentFile(
  file: string,
  bytes: Uint8Array,
  metaText?: string,
  options: ReadFileOptions = {},
): Promise<{ doc: CorpusDocument; inferred: Inferred[] } | { rejected: RejectedFile }> {
  try {
    const sidecar = metaText !== undefined ? parseMetaFile(metaText) : {};
    const url = sidecar.source ?? options.url;
    const { read } = await readThroughCache(bytes, { name: file, ...(url ? { url } : {}) }, options);
    return finishDocument(file, read, sidecar);
  } catch (e) {
    if (e instanceof DocumentError) return { rejected: { file, field: e.field, reason: e.reason } };
    throw e;
  }
}

const isDocumentName = (name: string) => {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return !!ext && DOCUMENT_EXTENSIONS.includes(ext) && !/^readme\.(md|markdown|txt)$/i.test(name);
};

/** The document and metadata files under `dir`, relative and sorted (README files and dot-files left out). */
export function listCorpusFiles(dir: string): Promise<string[]> {
  return listFiles(dir);
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, r)));
    else if (e.isFile() && (isDocumentName(e.name) || e.name.endsWith(META_SUFFIX))) out.push(r);
  }
  return out.sort();
}

/**
 * Loads every document under `dir` (recursively; README files, dot-files and dot-folders skipped), or the
 * files already read by {@link readCorpusFiles}. Bad files are rejected with their reason; the rest load.
 * Documents are read through `options.reading` (default: the shared reader worker, see
 * src/documents/reading.ts); PDF, Word, OpenDocument and HTML files whose bytes did not change since the last
 * load are not parsed again (`options.cache`, default: {@link parsedCacheFor} the directory and
 * `options.cacheDir`; null: none).
 * Never throws for a bad file; throws if `dir` is unreadable.
 */
export async function loadCorpus(dir: string, raw?: Map<string, Buffer | null>, options: LoadOptions = {}): Promise<CorpusLoad> {
  const cache = options.cache === undefined ? parsedCacheFor(dir, options.cacheDir) : options.cache;
  const used = new Set<string>();
  const readOptions: ReadFileOptions = { ...options, cache, used };
  const files = new Map<string, string>();
  const documents: CorpusDocument[] = [];
  const rejected: RejectedFile[] = [];
  const inferred = new Map<string, Inferred[]>();
  const seen = new Map<string, string>();
  const all = raw ?? (await readCorpusFiles(dir));
  const docFiles = new Set([...all.keys()].filter((f) => !f.endsWith(META_SUFFIX)));
  for (const [file, buf] of all) {
    if (!file.endsWith(META_SUFFIX)) continue;
    const owner = [...docFiles].find((d) => metaFileOf(d) === file);
    if (!owner) rejected.push({ file, field: 'file', reason: 'is a metadata file without its document (same name, another extension)' });
  }
  for (const [file, buf] of all) {
    if (file.endsWith(META_SUFFIX)) continue;
    if (!buf) {
      rejected.push({ file, field: 'file', reason: `is larger than ${MAX_DOCUMENT_BYTES} bytes` });
      continue;
    }
    const metaBuf = all.get(metaFileOf(file));
    const r = await readDocumentFile(file, buf, metaBuf ? metaBuf.toString('utf8') : undefined, readOptions);
    if ('rejected' in r) {
      rejected.push(r.rejected);
      continue;
    }
    // Where the file is text, the line and column are the file's own; else (PDF, Word…) those of its text.
    const control = controlCharacter(/\.(md|markdown|txt)$/i.test(file) ? buf.toString('utf8') : r.doc.body);
    if (control) {
      rejected.push({ file, field: 'file', reason: control });
      continue;
    }
    files.set(file, r.doc.body);
    const other = seen.get(r.doc.id);
    if (other) {
      rejected.push({ file, field: 'id', reason: `duplicate id "${r.doc.id}" (also in ${quoteFileName(other)})` });
      continue;
    }
    seen.set(r.doc.id, file);
    documents.push(r.doc);
    inferred.set(file, r.inferred);
  }
  rejected.push(...(await skippedLinks(dir)));
  await cache?.retainOnly(used);
  return { documents, rejected, files, inferred };
}

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Where a text holds a control character (which no article holds and which would garble a quote), as a
 * reason for the report: `holds the control character U+0007 (line 3, column 12)`; undefined when none.
 */
export function controlCharacter(text: string): string | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  const column = m.index - before.lastIndexOf('\n');
  return `holds the control character U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (line ${line}, column ${column}): remove it`;
}

/** Why a symbolic link is not followed. */
const LINK_REASON = 'is a symbolic link: skipped (links are not followed; put the file itself in the corpus)';

/**
 * Symbolic links under `dir` that would otherwise be read (a document, a directory, `glossary.yml`), each as
 * a rejection: links are never followed (they may point anywhere on the machine), and the report says so.
 */
export async function skippedLinks(dir: string, rel = ''): Promise<RejectedFile[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: RejectedFile[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await skippedLinks(dir, r)));
    else if (e.isSymbolicLink()) {
      const target = await fs.stat(path.join(dir, r)).catch(() => null);
      const document = /\.(md|markdown)$/i.test(e.name) && !/^readme\.md$/i.test(e.name);
      const glossary = !rel && e.name === 'glossary.yml';
      if (document || glossary || target?.isDirectory()) out.push({ file: r, field: 'file', reason: LINK_REASON });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * The raw bytes of every document file and metadata file under `dir` (sorted by path; `null` for a file
 * over {@link MAX_DOCUMENT_BYTES}), without parsing: enough to tell whether the corpus changed.
 * @throws {@link CorpusEmptyError} when `dir` is not a readable directory
 */
export async function readCorpusFiles(dir: string): Promise<Map<string, Buffer | null>> {
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(dir)).isDirectory();
  } catch (e) {
    throw new CorpusEmptyError(dir, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message);
  }
  if (!isDirectory) throw new CorpusEmptyError(dir, 'not a directory');
  const files = await listFiles(dir);
  const read: (Buffer | null | undefined)[] = new Array(files.length);
  // A few files at a time: one after another, a corpus of a thousand files waits a thousand times for the
  // disk (start-up); all at once, it would hold every file descriptor.
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < files.length; i = next++) read[i] = await readOne(path.join(dir, files[i]!));
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, lane));
  const out = new Map<string, Buffer | null>();
  files.forEach((file, i) => {
    if (read[i] !== undefined) out.set(file, read[i]!);
  });
  return out;
}

/** Files {@link readCorpusFiles} reads at once. */
const READ_CONCURRENCY = 16;

/** A corpus file's bytes, null when it is over the size limit, undefined when it is gone. */
async function readOne(full: string): Promise<Buffer | null | undefined> {
  try {
    return (await fs.stat(full)).size > MAX_DOCUMENT_BYTES ? null : await fs.readFile(full);
  } catch (e) {
    // Removed between listing and reading (a remove or a hand edit in progress): not part of this corpus.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return undefined;
  }
}
