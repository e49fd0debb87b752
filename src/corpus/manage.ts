/**
 * Adding, updating and removing documents (from the command line, Discord or Slack): an added document
 * becomes a file in the corpus directory — the original, as uploaded or fetched (`ID.md`, `ID.txt`,
 * `ID.html`, `ID.pdf`, `ID.docx`, `ID.odt`), beside a small metadata file (`ID.meta.yml`) that holds its id,
 * what the moderator gave (title, date, language), its source URL and who added it when — written atomically; then the
 * existing refresh makes it live. All or nothing: a document that cannot be read is refused before anything
 * is written, and when the refresh is refused or does not take the document in, the files are put back as
 * they were (and the index in service never changed). Every change is journaled (see ./journal.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { DocumentError, UrlRefusedError, asError } from '../errors.js';
import { fetchDocument, type FetchOptions } from '../documents/fetch.js';
import { ID_PATTERN, slugify, validateFields, type Inferred, type MetaFields } from '../documents/metadata.js';
import type { DocumentFormat } from '../documents/reader.js';
import { readDocument, sharedDocumentReading, type DocumentReading } from '../documents/reading.js';
import type { Logger } from '../logger.js';
import { paragraphs, passages } from '../text/chunk.js';
import type { Lang, RefreshReport, TimelineEntry } from '../types.js';
import { appendJournal, describeActor, tellChange, type Actor, type CorpusChange, type CorpusChangeListener } from './journal.js';
import { takeCorpusLock } from './lock.js';
import { finishDocument, listCorpusFiles, loadCorpus, metaFileOf, MAX_DOCUMENT_BYTES } from './load.js';
import { keepReading } from './parsed-cache.js';

/** What the manager needs from the engine of its process. */
export interface CorpusEngine {
  /** Re-reads the corpus and swaps the new index in (refused: the old one stays). */
  refresh(): Promise<RefreshReport>;
  /** Ids of the documents in service. */
  documentIds(): string[] | Promise<string[]>;
  /** Dated passages in calendar order. */
  timeline(query?: string): TimelineEntry[] | Promise<TimelineEntry[]>;
}

/** A document to add: a file (bytes) or a URL, and what the moderator says about it. */
export interface AddRequest {
  url?: string;
  file?: { name: string; bytes: Uint8Array; mediaType?: string };
  title?: string;
  /** `YYYY-MM-DD`. */
  published?: string;
  language?: string;
  id?: string;
}

/** One document of the corpus, as listed. */
export interface CorpusEntry {
  id: string;
  title: string;
  published: string | null;
  language: Lang;
  source: string | null;
  /** Path relative to the corpus directory. */
  file: string;
  /** Who added it (`platform:user`), when it was added by `corpus add`. */
  addedBy: string | null;
  /** When (ISO timestamp). */
  addedAt: string | null;
}

/** Outcome of an add. */
export type AddOutcome =
  | {
      ok: true;
      action: 'add' | 'update';
      document: CorpusEntry;
      report: RefreshReport;
      /** Passages of this document (sentences and windows, as indexed). */
      passages: number;
      /** Dated events found in this document. */
      dated: number;
      /** Its first dated events, in calendar order. */
      events: TimelineEntry[];
      /** How each metadata field was decided. */
      inferred: Inferred[];
    }
  | { ok: false; error: string; report?: RefreshReport };

/** Outcome of a remove. */
export type RemoveOutcome = { ok: true; document: CorpusEntry; report: RefreshReport } | { ok: false; error: string; report?: RefreshReport };

/** Options of {@link CorpusManager}. */
export interface CorpusManagerOptions {
  corpusDir: string;
  engine: CorpusEngine;
  logger: Logger;
  /** URL fetching (private addresses, caps, timeouts). */
  fetch?: Partial<FetchOptions>;
  /** Largest uploaded file, in bytes (default 10 MB). */
  maxBytes?: number;
  /** How many first dated events an add reports (default 3). */
  events?: number;
  /** Told of every add, update and remove, done, refused or failed (the store records them). */
  onChange?: CorpusChangeListener;
  /** Where added documents are read (default: the process's shared reader worker). */
  reading?: DocumentReading;
  /** The cache directory (`CACHE_DIR`), where parsed documents are kept for the refreshes (see parsed-cache.ts). */
  cacheDir?: string | null;
}

const EXTENSION: Record<DocumentFormat, string> = { markdown: 'md', text: 'txt', html: 'html', pdf: 'pdf', docx: 'docx', odt: 'odt' };

/** Paragraphs whose passages {@link countPassages} counts per turn of the event loop (~10 ms). */
const PARAGRAPHS_PER_TURN = 1000;

/**
 * How many passages a document has (as indexed: sentences and windows, which never cross a paragraph), a
 * slice of paragraphs per turn of the event loop: a 40,000-paragraph document took 345 ms at once, a stall
 * of every acknowledgement.
 */
async function countPassages(body: string, language: Lang, given?: readonly { start: number; end: number }[]): Promise<number> {
  const paras = given ?? paragraphs(body);
  let n = 0;
  for (let i = 0; i < paras.length; i += PARAGRAPHS_PER_TURN) {
    if (i) await new Promise((r) => setImmediate(r));
    n += passages(body, language, {}, paras.slice(i, i + PARAGRAPHS_PER_TURN)).length;
  }
  return n;
}

const exists = (p: string) => fs.access(p).then(() => true, () => false);

/** Writes a file atomically: a temporary dot-file in the same folder, flushed, then renamed over the target. */
async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Adds, updates, removes and lists the documents of a corpus directory. One change at a time. */
export class CorpusManager {
  private readonly opts: Required<Omit<CorpusManagerOptions, 'fetch' | 'onChange' | 'reading' | 'cacheDir'>> & { fetch: Partial<FetchOptions>; onChange?: CorpusChangeListener; cacheDir?: string | null };
  private readonly reading: DocumentReading;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: CorpusManagerOptions) {
    const { reading, ...rest } = options;
    this.opts = { maxBytes: MAX_DOCUMENT_BYTES, events: 3, fetch: {}, ...rest };
    this.reading = reading ?? sharedDocumentReading(options.logger);
  }

  /** Runs `fn` alone: after the changes queued in this process, holding the corpus directory's lock file. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const release = (await takeCorpusLock(this.opts.corpusDir))!;
      try {
        return await fn();
      } finally {
        await release();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Every document of the corpus directory, with who added it and when. Read again only when a file's name,
   * size or modification time changed (autocomplete asks at every key).
   */
  async list(): Promise<CorpusEntry[]> {
    const dir = this.opts.corpusDir;
    const files = await listCorpusFiles(dir);
    const stats = await Promise.all(files.map((f) => fs.stat(path.join(dir, f)).then((s) => `${f}:${s.size}:${s.mtimeMs}`, () => `${f}:gone`)));
    const signature = stats.join('\n');
    if (this.listCache?.signature === signature) return this.listCache.entries;
    const { entries } = await this.scan();
    this.listCache = { signature, entries };
    return entries;
  }

  private listCache: { signature: string; entries: CorpusEntry[] } | null = null;

  private async scan(): Promise<{ entries: CorpusEntry[]; duplicates: Map<string, string[]> }> {
    const dir = this.opts.corpusDir;
    const load = await loadCorpus(dir, undefined, { reading: this.reading, cacheDir: this.opts.cacheDir ?? null });
    const entries: CorpusEntry[] = [];
    for (const d of load.documents) {
      const meta = await fs.readFile(path.join(dir, metaFileOf(d.file)), 'utf8').then((t) => parseYamlSafe(t), () => ({}) as Record<string, unknown>);
      entries.push({
        id: d.id,
        title: d.title,
        published: d.published ?? null,
        language: d.language,
        source: d.source ?? null,
        file: d.file,
        addedBy: typeof meta.addedBy === 'string' ? meta.addedBy : null,
        addedAt: typeof meta.addedAt === 'string' ? meta.addedAt : null,
      });
    }
    // Files rejected for repeating an id: an add or remove of that id takes them too.
    const duplicates = new Map<string, string[]>();
    for (const r of load.rejected) {
      const m = /^duplicate id "([^"]+)"/.exec(r.reason);
      if (r.field === 'id' && m) duplicates.set(m[1]!, [...(duplicates.get(m[1]!) ?? []), r.file]);
    }
    return { entries, duplicates };
  }

  /** Files that hold document `id` (its file, its metadata file, duplicates), relative to the corpus directory. */
  private async filesOf(id: string, scan: Awaited<ReturnType<CorpusManager['scan']>>): Promise<string[]> {
    const docs = [...scan.entries.filter((e) => e.id === id).map((e) => e.file), ...(scan.duplicates.get(id) ?? [])];
    const out: string[] = [];
    for (const f of docs) {
      out.push(f);
      if (await exists(path.join(this.opts.corpusDir, metaFileOf(f)))) out.push(metaFileOf(f));
    }
    return out;
  }

  /** Moves files aside (dot-files beside them); returns how to put them back or drop them. */
  private async setAside(files: string[]): Promise<{ restore(): Promise<void>; drop(): Promise<void> }> {
    const moved: [string, string][] = [];
    const dir = this.opts.corpusDir;
    for (const f of new Set(files)) {
      const from = path.join(dir, f);
      if (!(await exists(from))) continue;
      const to = path.join(path.dirname(from), `.${path.basename(from)}.${randomBytes(6).toString('hex')}.bak`);
      await fs.rename(from, to);
      moved.push([from, to]);
    }
    return {
      restore: async () => {
        for (const [from, to] of moved) await fs.rename(to, from);
      },
      drop: async () => {
        for (const [, to] of moved) await fs.rm(to, { force: true });
      },
    };
  }

  /** Refreshes until the index in service reflects the files (a refresh already running may predate them). */
  private async refreshFor(id: string, present: boolean): Promise<RefreshReport> {
    let report = await this.opts.engine.refresh();
    if (report.ok && (await this.opts.engine.documentIds()).includes(id) !== present) report = await this.opts.engine.refresh();
    if (report.ok && present && !report.added.includes(id) && !report.changed.includes(id)) {
      // A refresh that joined one started before the write reports nothing about it: ask once more.
      const again = await this.opts.engine.refresh();
      if (again.ok) report = { ...again, added: [...new Set([...report.added, ...again.added])], changed: [...new Set([...report.changed, ...again.changed])] };
    }
    return report;
  }

  /**
   * Adds a document, or replaces the one with the same id or the same source URL. Never throws for a bad
   * document or URL: the outcome says why it was refused.
   */
  async add(req: AddRequest, by: Actor): Promise<AddOutcome> {
    const asked = { id: req.id?.trim() || null, title: req.title?.trim() || null, source: sourceOf(req), by };
    // A refusal may quote the URL as given: recorded without its credentials.
    const scrub = (error: string) => (req.url?.trim() && asked.source ? error.split(req.url.trim()).join(asked.source) : error);
    let outcome: AddOutcome;
    try {
      outcome = await this.exclusive(() => this.doAdd(req, by)).catch((e: unknown) => {
        if (e instanceof DocumentError) return { ok: false as const, error: `${e.field}: ${e.reason}` };
        if (e instanceof UrlRefusedError) return { ok: false as const, error: e.message.replace(/^URL: /, '') };
        throw e;
      });
    } catch (e) {
      await this.tell({ ...asked, action: 'add', outcome: 'failed', error: scrub(asError(e).message) });
      throw e;
    }
    if (outcome.ok) await this.tell({ ...asked, action: outcome.action, id: outcome.document.id, title: outcome.document.title, outcome: 'done' });
    else await this.tell({ ...asked, action: 'add', outcome: 'refused', error: scrub(outcome.error) });
    return outcome;
  }

  /** Tells the listener of a change (its failure is logged, never the change's). */
  private async tell(change: Omit<CorpusChange, 'at'>): Promise<void> {
    await tellChange(this.opts.onChange, change, this.opts.logger);
  }

  private async doAdd(req: AddRequest, by: Actor): Promise<AddOutcome> {
    const log = this.opts.logger;
    const fail = (error: string, report?: RefreshReport): AddOutcome => {
      log.info({ by: describeActor(by), source: sourceOf(req), error }, 'corpus add refused');
      return { ok: false, error, ...(report ? { report } : {}) };
    };
    if (!!req.url === !!req.file) return fail('give either a file or a URL');
    const given: Record<string, string> = {};
    for (const k of ['id', 'title', 'published', 'language'] as const) if (req[k]?.trim()) given[k] = req[k]!.trim();
    const checked = validateFields(given);
    if ('field' in checked) return fail(`${checked.field}: ${checked.reason}`);
    const overrides: MetaFields = checked.fields;

    let bytes: Uint8Array;
    let source: string | undefined;
    let mediaType: string | undefined;
    let name: string | undefined;
    if (req.url) {
      const fetched = await fetchDocument(req.url.trim(), { maxBytes: this.opts.maxBytes, ...this.opts.fetch });
      bytes = fetched.bytes;
      mediaType = fetched.mediaType;
      source = new URL(req.url.trim()).href;
    } else {
      const file = req.file!;
      if (file.bytes.length > this.opts.maxBytes) return fail(`file: is ${file.bytes.length} bytes, more than the ${this.opts.maxBytes} accepted`);
      bytes = file.bytes;
      name = path.basename(file.name.replace(/\\/g, '/')) || 'document';
      mediaType = file.mediaType;
    }
    // Read off the main thread, under time and memory limits (src/documents/reading.ts).
    const { format, read } = await readDocument(bytes, { ...(name ? { name } : {}), ...(mediaType ? { mediaType } : {}), ...(source ? { url: source } : {}) }, this.reading);

    const scan = await this.scan();
    const frontId = typeof read.frontMatter?.id === 'string' && ID_PATTERN.test(read.frontMatter.id) ? read.frontMatter.id : undefined;
    const sameSource = source ? scan.entries.find((e) => e.source === source)?.id : undefined;
    const stem = name ? name.replace(/\.[A-Za-z0-9]+$/, '') : read.found.title?.value ?? new URL(source!).pathname.split('/').filter(Boolean).pop() ?? 'page';
    const id = overrides.id ?? sameSource ?? frontId ?? slugify(stem);
    const fileName = `${id}.${EXTENSION[format]}`;
    const metaName = metaFileOf(fileName);
    const sidecar: Record<string, unknown> = { id, ...overrides, ...(source ? { source } : {}) };
    const finished = finishDocument(fileName, read, sidecar as MetaFields);
    if ('rejected' in finished) return fail(`${finished.rejected.field}: ${finished.rejected.reason}`);
    const doc = finished.doc;
    await keepReading(this.opts.corpusDir, this.opts.cacheDir, fileName, bytes, source, { format, read });

    const replaced = await this.filesOf(id, scan);
    const action: 'add' | 'update' = replaced.length ? 'update' : 'add';
    const dir = this.opts.corpusDir;
    const aside = await this.setAside([...replaced, fileName, metaName]);
    const addedAt = new Date().toISOString();
    const written: string[] = [];
    let report: RefreshReport | undefined;
    try {
      const metaText = `# Written by \`corpus add\`. These fields override the document's own; edit them to correct it.\n${toYaml({ ...sidecar, addedBy: describeActor(by), addedAt, ...(name ? { originalName: name } : {}) })}`;
      await writeAtomic(path.join(dir, metaName), metaText);
      written.push(metaName);
      await writeAtomic(path.join(dir, fileName), bytes);
      written.push(fileName);
      report = await this.refreshFor(id, true);
      const rejected = report.rejected.find((r) => r.file === fileName || r.file === metaName);
      if (!report.ok || rejected || !(await this.opts.engine.documentIds()).includes(id)) {
        throw new RefusedByRefresh(report.ok ? (rejected ? `${rejected.field}: ${rejected.reason}` : 'the refresh did not take the document in') : `the refresh was refused: ${report.error ?? 'unknown error'}`);
      }
    } catch (e) {
      for (const f of written) await fs.rm(path.join(dir, f), { force: true });
      await aside.restore();
      // The files are as they were: bring the index back in line if the refresh had taken anything in.
      if (report?.ok) await this.opts.engine.refresh().catch(() => undefined);
      if (e instanceof RefusedByRefresh) return fail(e.message, report);
      log.error({ err: asError(e) }, 'corpus add failed; the corpus files were put back');
      throw e;
    }
    await aside.drop();
    const entry: CorpusEntry = {
      id,
      title: doc.title,
      published: doc.published ?? null,
      language: doc.language,
      source: doc.source ?? null,
      file: fileName,
      addedBy: describeActor(by),
      addedAt,
    };
    await this.journal(action, entry, [fileName, metaName, ...replaced.filter((f) => f !== fileName && f !== metaName)], by, addedAt);
    const dated = (await this.opts.engine.timeline()).filter((t) => t.document.id === id);
    const passageCount = await countPassages(doc.body, doc.language, doc.paragraphs);
    return { ok: true, action, document: entry, report, passages: passageCount, dated: dated.length, events: dated.slice(0, this.opts.events), inferred: finished.inferred };
  }

  /** Removes document `id` (its file, metadata file and any duplicate). Refused when it would empty the corpus. */
  async remove(id: string, by: Actor): Promise<RemoveOutcome> {
    const asked = { action: 'remove' as const, id: id.trim() || null, title: null, source: null, by };
    let outcome: RemoveOutcome;
    try {
      outcome = await this.exclusive(() => this.doRemove(id.trim(), by));
    } catch (e) {
      await this.tell({ ...asked, outcome: 'failed', error: asError(e).message });
      throw e;
    }
    if (outcome.ok) await this.tell({ ...asked, id: outcome.document.id, title: outcome.document.title, source: outcome.document.source, outcome: 'done' });
    else await this.tell({ ...asked, outcome: 'refused', error: outcome.error });
    return outcome;
  }

  private async doRemove(id: string, by: Actor): Promise<RemoveOutcome> {
    const log = this.opts.logger;
    const scan = await this.scan();
    const entry = scan.entries.find((e) => e.id === id);
    if (!entry) return { ok: false, error: `no document has the id "${id}"` };
    const files = await this.filesOf(id, scan);
    const aside = await this.setAside(files);
    let report: RefreshReport | undefined;
    try {
      report = await this.refreshFor(id, false);
      if (!report.ok || (await this.opts.engine.documentIds()).includes(id)) {
        throw new RefusedByRefresh(report.ok ? 'the refresh did not take the document out' : `the refresh was refused: ${report.error ?? 'unknown error'}`);
      }
    } catch (e) {
      await aside.restore();
      if (report?.ok) await this.opts.engine.refresh().catch(() => undefined);
      if (e instanceof RefusedByRefresh) {
        log.info({ by: describeActor(by), id, error: e.message }, 'corpus remove refused');
        return { ok: false, error: e.message, ...(report ? { report } : {}) };
      }
      throw e;
    }
    await aside.drop();
    await this.journal('remove', entry, files, by, new Date().toISOString());
    return { ok: true, document: entry, report };
  }

  private async journal(action: 'add' | 'update' | 'remove', e: CorpusEntry, files: string[], by: Actor, at: string): Promise<void> {
    this.opts.logger.info({ action, id: e.id, title: e.title, source: e.source ?? undefined, files, by: describeActor(by), at }, `corpus ${action}`);
    await appendJournal(this.opts.corpusDir, { at, action, id: e.id, title: e.title, ...(e.source ? { source: e.source } : {}), files, by }).catch((err: unknown) =>
      this.opts.logger.warn({ err: asError(err) }, 'could not write the corpus journal'),
    );
  }
}

/** What an add names as its source, for the change listener: the URL without credentials, or the file name. */
function sourceOf(req: AddRequest): string | null {
  const url = req.url?.trim();
  if (url) {
    try {
      const u = new URL(url);
      u.username = '';
      u.password = '';
      return u.href;
    } catch {
      return url.slice(0, 500);
    }
  }
  return req.file ? path.basename(req.file.name.replace(/\\/g, '/')) || null : null;
}

/** The refresh refused the change, or did not take it: the files were put back. */
class RefusedByRefresh extends Error {}

function parseYamlSafe(text: string): Record<string, unknown> {
  try {
    const v: unknown = parseYaml(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
