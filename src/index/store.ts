/**
 * The index store: everything between a corpus directory and a loaded index. It reads and digests the
 * corpus, finds the index version, loads a snapshot (the one way: {@link IndexStore.load}), builds an
 * index (cold start in this thread, refresh in the build worker), publishes a refreshed version for the
 * other processes of the same corpus and cache directory, and watches for theirs.
 *
 * Index version: {@link INDEX_SCHEMA} (bumped when the index's content or format changes: analysis,
 * chunking, dates, names, the snapshot payload), the glossary and every corpus file's bytes (valid or
 * rejected: the rejections are part of what a snapshot serves). Nothing else: editing code that does not
 * shape the index keeps every snapshot valid.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadCorpus, metaFileOf, readCorpusFiles, skippedLinks } from '../corpus/load.js';
import { CorpusEmptyError, RefreshError, SnapshotError, asError } from '../errors.js';
import { loadGlossary } from '../lexicon/glossary.js';
import { loadLexicon } from '../lexicon/lexicon.js';
import type { Logger } from '../logger.js';
import { combineTranslators, type Translator } from '../lexicon/translator.js';
import type { CorpusDocument, RefreshReport, RejectedFile } from '../types.js';
import { IndexBuilder, sharedIndexBuilder } from './builder.js';
import { PassageIndex } from './passage-index.js';
import {
  parseIndexSnapshot,
  publishCurrent,
  pruneSnapshots,
  readCurrent,
  readSnapshot,
  removeStaleTemps,
  snapshotFile,
  writeSnapshot,
  type CurrentPointer,
  type IndexSnapshot,
} from './snapshot.js';

/**
 * Version of what an index holds and how its snapshot is laid out. Bump it with any change to the index
 * build (analysis, chunking, date/amount/name extraction, PassageIndex fields) or to {@link IndexSnapshot}.
 */
export const INDEX_SCHEMA = 5; // 3: documents read by format (src/documents), optional `published`, reader paragraphs and pages; 4: the index stored as columns; 5: typed arrays written with v8.serialize

/** The glossary file inside the corpus directory. */
export const GLOSSARY_FILE = 'glossary.yml';

/** An index ready to answer from, with what it was built from. */
export interface LoadedIndex {
  index: PassageIndex;
  translator: Translator;
  version: string;
  /** Files rejected when the index was built. */
  rejected: RejectedFile[];
  loadedAt: string;
}

/** A corpus read from disk and validated, with its version. */
interface PreparedCorpus {
  version: string;
  docs: (CorpusDocument & { hash: string })[];
  translator: Translator;
  rejected: RejectedFile[];
  glossaryText: string;
}

/** Options of {@link IndexStore}. */
export interface IndexStoreOptions {
  /** Directory of the corpus (documents and `glossary.yml`). */
  corpusDir: string;
  /** Directory for index snapshots; `null` disables snapshots (and publishing). */
  cacheDir: string | null;
  logger: Logger;
  /** Build refreshed indexes in a worker thread (default true); false builds in the calling thread. */
  useWorker?: boolean;
}

/** Where {@link IndexStore.open} starts from (see `EngineOptions.from`). */
export type OpenFrom = 'corpus' | 'published';

const now = () => new Date().toISOString();
const fileHash = (buf: Buffer | null): string => (buf ? createHash('sha256').update(buf).digest('hex').slice(0, 16) : 'oversized');

/**
 * The index version of a corpus as it is on disk (see the module comment), computed from the files'
 * bytes without parsing anything.
 */
export function corpusVersion(raw: ReadonlyMap<string, Buffer | null>, glossaryText: string, links: readonly string[] = []): string {
  const h = createHash('sha256').update(`quotebot-index/${INDEX_SCHEMA}`).update('\0glossary\0').update(glossaryText);
  for (const [file, buf] of [...raw].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) h.update(`\0${file}\0${fileHash(buf)}`);
  // Symbolic links are skipped, and reported: two corpora that differ only in them differ in their reports.
  for (const link of [...links].sort()) h.update(`\0link\0${link}`);
  return h.digest('hex').slice(0, 16);
}

/** The translator of a corpus: its glossary over the bundled lexicon. */
function buildTranslator(glossaryText: string, corpusDir: string): { translator: Translator; rejected: RejectedFile[] } {
  const { glossary, rejected } = loadGlossary(path.join(corpusDir, GLOSSARY_FILE), glossaryText);
  return { translator: combineTranslators([glossary, loadLexicon()]), rejected };
}

/** One line naming the first rejections (for a refused refresh or an empty corpus). */
export function describeRejections(rejected: RejectedFile[]): string {
  if (!rejected.length) return 'no document found (.md, .txt, .html, .pdf, .docx, .odt)';
  return rejected
    .slice(0, 5)
    .map((r) => `${r.file}: ${r.field}: ${r.reason}`)
    .join('; ');
}

/** Documents added, changed and removed between an index and a prepared corpus. */
export function diffDocuments(old: PassageIndex | null, docs: { id: string; hash: string }[]): { added: string[]; changed: string[]; removed: string[] } {
  const before = new Map((old?.documents ?? []).map((d) => [d.id, d.hash]));
  const after = new Map(docs.map((d) => [d.id, d.hash]));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    changed: [...after].filter(([id, h]) => before.has(id) && before.get(id) !== h).map(([id]) => id),
    removed: [...before.keys()].filter((id) => !after.has(id)),
  };
}

/** The index store of one corpus directory and cache directory (see the module comment). */
export class IndexStore {
  /** Absolute corpus directory: what a published pointer must name to be adopted. */
  readonly corpusDir: string;
  readonly cacheDir: string | null;
  private readonly log: Logger;
  private readonly builder: IndexBuilder;
  /** A published pointer whose snapshot could not be read, so it is not retried at every poll. */
  private badPointer: string | null = null;

  constructor(opts: IndexStoreOptions) {
    this.corpusDir = path.resolve(opts.corpusDir);
    this.cacheDir = opts.cacheDir;
    this.log = opts.logger;
    this.builder = opts.useWorker === false ? new IndexBuilder({ useWorker: false }) : sharedIndexBuilder();
  }

  /** Whether refreshed indexes are built in a worker thread (false when it could not be started). */
  get buildsInWorker(): boolean {
    return this.builder.usesWorker;
  }

  /** Starts the build worker in the background so that the first refresh does not wait for it. */
  warmUp(): void {
    this.builder.warmUp(this.log);
  }

  /**
   * The one way a snapshot becomes a {@link LoadedIndex}: read and verify the file, check the payload's
   * shape, restore the index and rebuild the translator from the stored glossary.
   * @returns null when there is no snapshot of `version`
   * @throws {@link SnapshotError} when it is truncated, corrupt, of another version or of another shape
   */
  async load(version: string): Promise<LoadedIndex | null> {
    if (!this.cacheDir) return null;
    const data = await readSnapshot<unknown>(this.cacheDir, version);
    if (data === null) return null;
    return this.fromSnapshot(snapshotFile(this.cacheDir, version), version, data);
  }

  /** A {@link LoadedIndex} from snapshot data (read from a file or handed back by the build worker). */
  private fromSnapshot(file: string, version: string, data: unknown): LoadedIndex {
    const snapshot = parseIndexSnapshot(file, data);
    let index: PassageIndex;
    try {
      index = PassageIndex.fromData(snapshot.index);
    } catch (e) {
      throw new SnapshotError(file, `cannot be restored: ${asError(e).message}`);
    }
    const { translator } = buildTranslator(snapshot.glossaryText, this.corpusDir);
    return { index, translator, version, rejected: snapshot.rejected, loadedAt: now() };
  }

  /**
   * Opens the corpus: the published snapshot when asked and there is a usable one of this corpus; else the
   * snapshot of the corpus version on disk (no parsing); else reads the corpus, builds the index here (a
   * cold start has nothing else to serve) and writes its snapshot. Publishes nothing: only a refresh does.
   * Removes the temporary files a killed process left in the cache directory.
   * @throws {@link CorpusEmptyError} when no document is valid
   */
  async open(from: OpenFrom = 'corpus'): Promise<LoadedIndex & { from: string }> {
    if (this.cacheDir) {
      const removed = await removeStaleTemps(this.cacheDir);
      if (removed.length) this.log.info({ files: removed }, 'removed temporary files left by an interrupted process');
    }
    if (from === 'published') {
      const published = await this.published();
      if (published) return { ...published, from: 'published snapshot' };
    }
    const reading = readCorpusFiles(this.corpusDir);
    // The bundled lexicon (every translator needs it) is read while the corpus files are: start-up waits for
    // the longer of the two, not for both.
    loadLexicon();
    const raw = await reading;
    const glossaryText = await this.readGlossary();
    const version = corpusVersion(raw, glossaryText, await this.linkNames());
    const snapshot = await this.tryLoad(version, 'snapshot unusable; rebuilding from the corpus');
    if (snapshot) {
      this.log.debug({ version }, 'index loaded from snapshot');
      for (const r of snapshot.rejected) this.log.warn({ file: r.file, field: r.field, reason: r.reason }, 'corpus file rejected');
      return { ...snapshot, from: 'snapshot' };
    }
    const prepared = await this.prepare(raw, glossaryText);
    for (const r of prepared.rejected) this.log.warn({ file: r.file, field: r.field, reason: r.reason }, 'corpus file rejected');
    if (!prepared.docs.length) throw new CorpusEmptyError(this.corpusDir, describeRejections(prepared.rejected));
    const index = PassageIndex.build(prepared.docs);
    await this.writeBestEffort(prepared, index);
    return { index, translator: prepared.translator, version, rejected: prepared.rejected, loadedAt: now(), from: 'corpus' };
  }

  /** Loads a snapshot, or null (with a warning) when it is missing or unusable. */
  private async tryLoad(version: string, warning: string): Promise<LoadedIndex | null> {
    try {
      return await this.load(version);
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      this.log.warn({ err: e }, warning);
      return null;
    }
  }

  private async writeBestEffort(prepared: PreparedCorpus, index: PassageIndex): Promise<void> {
    if (!this.cacheDir) return;
    try {
      const payload: IndexSnapshot = { index: index.toData(), glossaryText: prepared.glossaryText, rejected: prepared.rejected };
      await writeSnapshot(this.cacheDir, prepared.version, payload);
    } catch (e) {
      this.log.warn({ err: asError(e) }, 'could not write the index snapshot; continuing without it');
    }
  }

  /** The glossary text of the corpus ('' when there is none). */
  private async readGlossary(): Promise<string> {
    try {
      // Like a document, a glossary that is a symbolic link is not followed (the corpus report says so).
      if ((await fs.promises.lstat(path.join(this.corpusDir, GLOSSARY_FILE))).isSymbolicLink()) return '';
      return await fs.promises.readFile(path.join(this.corpusDir, GLOSSARY_FILE), 'utf8');
    } catch {
      return '';
    }
  }

  /** Names of the symbolic links the corpus directory holds (skipped and reported, see {@link skippedLinks}). */
  private async linkNames(): Promise<string[]> {
    return (await skippedLinks(this.corpusDir)).map((r) => r.file);
  }

  /** Reads and validates the corpus (the given raw files, else read now). */
  private async prepare(raw?: Map<string, Buffer | null>, glossary?: string): Promise<PreparedCorpus> {
    raw ??= await readCorpusFiles(this.corpusDir);
    const glossaryText = glossary ?? (await this.readGlossary());
    // Parsed PDF, Word, OpenDocument and HTML files are kept under CACHE_DIR/parsed for the next refresh.
    const corpus = await loadCorpus(this.corpusDir, raw, { cacheDir: this.cacheDir });
    const { translator, rejected: glossaryRejected } = buildTranslator(glossaryText, this.corpusDir);
    // A document's hash covers its metadata file too: a corrected title or date is a change.
    const metaHash = (file: string) => (raw.get(metaFileOf(file)) ? `:${fileHash(raw.get(metaFileOf(file))!)}` : '');
    const docs = corpus.documents.map((d) => ({ ...d, hash: fileHash(raw.get(d.file) ?? null) + metaHash(d.file) }));
    return { version: corpusVersion(raw, glossaryText, await this.linkNames()), docs, translator, rejected: [...corpus.rejected, ...glossaryRejected], glossaryText };
  }

  /** The published pointer when it names this corpus directory, else null. */
  private async ownPointer(): Promise<CurrentPointer | null> {
    if (!this.cacheDir) return null;
    const pointer = await readCurrent(this.cacheDir);
    if (!pointer) return null;
    if (pointer.corpusDir !== this.corpusDir) {
      this.log.debug({ published: pointer.corpusDir ?? '(unknown)', corpusDir: this.corpusDir }, 'published snapshot is of another corpus; ignored');
      return null;
    }
    return pointer;
  }

  /** The snapshot published for this corpus, or null (with a warning when it is unusable). */
  async published(): Promise<LoadedIndex | null> {
    const pointer = await this.ownPointer();
    if (!pointer) return null;
    try {
      const loaded = await this.load(pointer.version);
      if (!loaded) throw new SnapshotError(pointer.file, 'published but missing');
      return loaded;
    } catch (e) {
      this.log.warn({ err: asError(e) }, 'published snapshot unusable; reading the corpus instead');
      return null;
    }
  }

  /**
   * A snapshot of this corpus published by another process with a version other than `inService`:
   * `{ loaded }`, or `{ unusable }` when it cannot be read (reported once per publication), or null.
   */
  async newerPublished(inService: string): Promise<{ loaded: LoadedIndex } | { unusable: Error } | null> {
    const pointer = await this.ownPointer();
    if (!pointer || pointer.version === inService) return null;
    const key = `${pointer.version}@${pointer.publishedAt}`;
    if (key === this.badPointer) return null;
    try {
      const loaded = await this.load(pointer.version);
      if (!loaded) throw new SnapshotError(pointer.file, 'published but missing');
      return { loaded };
    } catch (e) {
      this.badPointer = key;
      return { unusable: asError(e) };
    }
  }

  /**
   * Calls `tick` every `ms` (unless 0 or no cache directory) to look for published snapshots; the timer
   * never keeps the process alive. Returns the function that stops it, or null when not watching.
   */
  watch(ms: number, tick: () => Promise<unknown>): (() => void) | null {
    if (!ms || !this.cacheDir) return null;
    const timer = setInterval(() => {
      void tick().catch((e: unknown) => this.log.warn({ err: asError(e) }, 'snapshot watch failed'));
    }, ms);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * What a refresh would do against `current` (null: an empty index), changing nothing on disk. With
   * `measure`, the index is built in memory so that the passage count is the real one. Never throws: a
   * failure is a refused report.
   */
  async check(current: LoadedIndex | null, measure = false): Promise<RefreshReport> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const prepared = await this.prepare();
      const diff = diffDocuments(current?.index ?? null, prepared.docs);
      if (!prepared.docs.length) return this.refused(prepared, diff, current, ms());
      const counts = measure
        ? (({ documents, passages }) => ({ documents: documents.length, passages: passages.length }))(PassageIndex.build(prepared.docs))
        : { documents: current?.index.documents.length ?? 0, passages: current?.index.passages.length ?? 0 };
      return { ok: true, ...diff, rejected: prepared.rejected, ...counts, ms: ms(), version: prepared.version };
    } catch (e) {
      return failedReport(asError(e).message, current, ms());
    }
  }

  private refused(prepared: PreparedCorpus, diff: ReturnType<typeof diffDocuments>, current: LoadedIndex | null, ms: number): RefreshReport {
    return {
      ok: false,
      error: `no valid document in the corpus (${describeRejections(prepared.rejected)})`,
      ...diff,
      rejected: prepared.rejected,
      documents: current?.index.documents.length ?? 0,
      passages: current?.index.passages.length ?? 0,
      ms,
      version: current?.version ?? '',
    };
  }

  /**
   * Re-reads the corpus and, when its version differs from `current`'s, builds the new index beside it (in
   * the build worker), loads it back from its verified snapshot and publishes it. Returns the report and
   * the new index to swap in (none when refused or unchanged). Never throws.
   */
  async refresh(current: LoadedIndex): Promise<{ report: RefreshReport; loaded?: LoadedIndex }> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const prepared = await this.prepare();
      const diff = diffDocuments(current.index, prepared.docs);
      if (!prepared.docs.length) return { report: this.refused(prepared, diff, current, ms()) };
      const same = prepared.version === current.version;
      const loaded = same ? current : await this.buildBeside(prepared);
      const report: RefreshReport = {
        ok: true,
        ...diff,
        rejected: prepared.rejected,
        documents: loaded.index.documents.length,
        passages: loaded.index.passages.length,
        ms: ms(),
        version: loaded.version,
      };
      if (same) return { report };
      this.log.info({ version: loaded.version, ...diff }, 'corpus refreshed');
      await this.publish(loaded.version, current.version);
      return { report: { ...report, ms: ms() }, loaded };
    } catch (e) {
      const err = new RefreshError(asError(e).message, { cause: e });
      this.log.error({ err }, 'refresh failed; the index in service is unchanged');
      return { report: failedReport(err.reason, current, ms()) };
    }
  }

  /**
   * Builds the index of `prepared` away from the answer path (worker thread) and loads it back from its
   * verified snapshot (without a cache directory the worker hands the data back directly).
   */
  private async buildBeside(prepared: PreparedCorpus): Promise<LoadedIndex> {
    const { docs, version, glossaryText, rejected } = prepared;
    const result = await this.builder.build({ docs, version, cacheDir: this.cacheDir, glossaryText, rejected }, this.log);
    if ('snapshot' in result) return this.fromSnapshot('(in memory)', version, result.snapshot);
    const loaded = await this.load(version);
    if (!loaded) throw new SnapshotError(result.file, 'vanished before it could be loaded');
    return loaded;
  }

  /**
   * Publishes `version` for the other processes serving this corpus from this cache directory, and prunes
   * old snapshots (best effort). Only a refresh publishes (`corpus refresh`, a moderator's refresh).
   */
  async publish(version: string, previous?: string): Promise<void> {
    if (!this.cacheDir) return;
    try {
      const before = previous ?? (await readCurrent(this.cacheDir))?.version;
      await publishCurrent(this.cacheDir, version, this.corpusDir);
      await pruneSnapshots(this.cacheDir, [version, ...(before ? [before] : [])]);
    } catch (e) {
      this.log.warn({ err: asError(e) }, 'could not publish the new snapshot; other processes keep theirs');
    }
  }
}

function failedReport(error: string, current: LoadedIndex | null, ms: number): RefreshReport {
  return {
    ok: false,
    error,
    added: [],
    changed: [],
    removed: [],
    rejected: [],
    documents: current?.index.documents.length ?? 0,
    passages: current?.index.passages.length ?? 0,
    ms,
    version: current?.version ?? '',
  };
}
