/**
 * The answer engine: loads the corpus, builds (or loads) the passage index, answers questions, serves the
 * timeline, and refreshes the corpus without ever leaving the bot without a complete index.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuestionEngine } from './bot.js';
import type { Config } from './config.js';
import { loadCorpus, readCorpusFiles } from './corpus/load.js';
import { CorpusEmptyError, SnapshotError, asError } from './errors.js';
import { PassageIndex } from './index/passage-index.js';
import { publishCurrent, pruneSnapshots, readCurrent, readSnapshot, writeSnapshot, type IndexSnapshot } from './index/snapshot.js';
import { loadGlossary } from './lexicon/glossary.js';
import { loadLexicon } from './lexicon/lexicon.js';
import type { Logger } from './logger.js';
import { IndexBuilder, sharedIndexBuilder } from './ops/index-builder.js';
import { buildAnswer } from './retrieval/answer.js';
import { combineTranslators, type Translator } from './retrieval/expand.js';
import { parseQuestion } from './retrieval/question.js';
import { rank } from './retrieval/rank.js';
import { DEFAULT_OPTIONS, mergeOptions, type DeepPartial, type RetrievalOptions } from './retrieval/options.js';
import type { Answer, EngineStatus, RefreshReport, RejectedFile, TimelineEntry } from './types.js';

/** Options of {@link Engine.open}, merged over defaults. */
export interface EngineOptions {
  /** Directory of the corpus (documents and `glossary.yml`). */
  corpusDir: string;
  /** Directory for index snapshots; `null` disables snapshots. */
  cacheDir: string | null;
  logger: Logger;
  /** Longest question accepted (characters). Default 500. */
  maxQuestionLength?: number;
  /** The options tree of answering (question analysis, ranking, passages and abstention, highlighting,
   * timeline), merged over {@link DEFAULT_OPTIONS}. */
  retrieval?: DeepPartial<RetrievalOptions>;
  /**
   * How often (ms) to check `cacheDir/current.json` for a snapshot published by another process, and
   * switch to it. Default 500; 0 disables. The timer never keeps the process alive.
   */
  watchMs?: number;
  /**
   * Where {@link Engine.open} starts from: `corpus` (default) reads the corpus and builds or loads the
   * matching snapshot; `published` serves the snapshot published in `cacheDir` when there is a valid one
   * (so that a later {@link Engine.refresh} reports changes against what is in service), else the corpus.
   */
  from?: 'corpus' | 'published';
  /** Build refreshed indexes in a worker thread (default true); false builds in the calling thread. */
  useWorker?: boolean;
}

/** Default of {@link EngineOptions.watchMs}. */
export const DEFAULT_WATCH_MS = 500;

/** What {@link openBotEngine} reads from the configuration. */
export type BotEngineConfig = Pick<Config, 'corpusDir' | 'cacheDir' | 'maxQuestionLength' | 'snapshotWatchMs'>;

/**
 * Opens the engine of a bot process from its configuration, the same way in `npm start` and in every
 * shard of `npm run start:sharded`: corpus and cache directories, longest question, the switch to
 * snapshots published by other processes every `SNAPSHOT_WATCH_MS`; then starts the build worker in the
 * background ({@link Engine.warmUp}) so that the first refresh does not wait for it.
 * @throws {@link CorpusEmptyError} when no document is valid
 */
export async function openBotEngine(config: BotEngineConfig, logger: Logger, options: Pick<EngineOptions, 'retrieval'> = {}): Promise<Engine> {
  const engine = await Engine.open({
    corpusDir: config.corpusDir,
    cacheDir: config.cacheDir,
    logger,
    maxQuestionLength: config.maxQuestionLength,
    watchMs: config.snapshotWatchMs,
    ...options,
  });
  engine.warmUp();
  return engine;
}

/** The glossary file inside the corpus directory. */
export const GLOSSARY_FILE = 'glossary.yml';

let fingerprint: string | undefined;

/**
 * Version of the engine: a hash of its own source and data files, so that a snapshot built by other code
 * is never loaded.
 */
export function engineFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha256');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|js|tsv|json)$/.test(e.name)) h.update(path.relative(root, full)).update(fs.readFileSync(full));
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'data'));
  fingerprint = h.digest('hex').slice(0, 16);
  return fingerprint;
}

interface Loaded {
  index: PassageIndex;
  translator: Translator;
  version: string;
  rejected: RejectedFile[];
  loadedAt: string;
}

interface Prepared {
  version: string;
  docs: Parameters<typeof PassageIndex.build>[0];
  translator: Translator;
  rejected: RejectedFile[];
}

/** The answer engine. */
export class Engine implements QuestionEngine {
  private current: Loaded;
  private refreshing: Promise<RefreshReport> | null = null;
  private syncing: Promise<boolean> | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  /** A published pointer whose snapshot could not be read, so it is not retried at every poll. */
  private badPointer: string | null = null;
  private readonly builder: IndexBuilder;
  private readonly opts: Required<Omit<EngineOptions, 'retrieval'>>;
  /** The options tree, merged once. */
  private readonly retrieval: RetrievalOptions;

  private constructor(opts: EngineOptions, loaded: Loaded) {
    const { retrieval, ...rest } = opts;
    this.opts = { maxQuestionLength: 500, watchMs: DEFAULT_WATCH_MS, from: 'corpus', useWorker: true, ...rest };
    this.retrieval = mergeOptions(DEFAULT_OPTIONS, retrieval);
    this.current = loaded;
    this.builder = this.opts.useWorker ? sharedIndexBuilder() : new IndexBuilder({ useWorker: false });
  }

  /**
   * Opens the engine on a corpus: loads the snapshot when the corpus and engine are unchanged, else builds
   * the index and writes a snapshot.
   * @throws {@link CorpusEmptyError} when no document is valid
   */
  static async open(opts: EngineOptions): Promise<Engine> {
    const log = opts.logger;
    const start = (loaded: Loaded, from: string): Engine => {
      const engine = new Engine(opts, loaded);
      engine.watch();
      // watchMs: how often it looks for snapshots published by other processes (0: it does not).
      const watchMs = engine.watchTimer ? engine.opts.watchMs : 0;
      log.info({ version: loaded.version, documents: loaded.index.documents.length, passages: loaded.index.passages.length, from, watchMs }, 'index ready');
      return engine;
    };
    if (opts.from === 'published' && opts.cacheDir) {
      const loaded = await loadPublished(opts.cacheDir, opts.corpusDir, log);
      if (loaded) return start(loaded, 'published snapshot');
    }
    const fast = await openFromSnapshot(opts);
    if (fast) {
      for (const r of fast.rejected) log.warn({ file: r.file, field: r.field, reason: r.reason }, 'corpus file rejected');
      return start(fast, 'snapshot');
    }
    const prepared = await prepare(opts.corpusDir);
    for (const r of prepared.rejected) log.warn({ file: r.file, field: r.field, reason: r.reason }, 'corpus file rejected');
    if (!prepared.docs.length) throw new CorpusEmptyError(opts.corpusDir, describeRejections(prepared.rejected));
    const index = await obtainIndex(opts, prepared);
    await rememberDigest(opts.cacheDir, prepared.digest, prepared.version);
    const { version, translator, rejected } = prepared;
    return start({ index, translator, version, rejected, loadedAt: new Date().toISOString() }, 'corpus');
  }

  /**
   * What a refresh of `corpusDir` would do against the snapshot published in `cacheDir` (or against an
   * empty index when none is published), changing nothing on disk. The index is built in memory so that
   * the report's passage count is the real one. Never throws: a failure is a refused report.
   */
  static async checkCorpus(opts: Pick<EngineOptions, 'corpusDir' | 'cacheDir' | 'logger'>): Promise<RefreshReport> {
    const started = performance.now();
    const empty = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
    try {
      const baseline = opts.cacheDir ? await loadPublished(opts.cacheDir, opts.corpusDir, opts.logger) : null;
      const prepared = await prepare(opts.corpusDir);
      const diff = baseline ? diffDocuments(baseline.index, prepared.docs) : { ...empty, added: prepared.docs.map((d) => d.id) };
      const ms = () => Math.round(performance.now() - started);
      if (!prepared.docs.length) {
        return {
          ok: false,
          error: `no valid document in the corpus (${describeRejections(prepared.rejected)})`,
          ...diff,
          rejected: prepared.rejected,
          documents: 0,
          passages: 0,
          ms: ms(),
          version: baseline?.version ?? '',
        };
      }
      const index = PassageIndex.build(prepared.docs);
      return { ok: true, ...diff, rejected: prepared.rejected, documents: index.documents.length, passages: index.passages.length, ms: ms(), version: prepared.version };
    } catch (e) {
      return { ok: false, error: asError(e).message, ...empty, rejected: [], documents: 0, passages: 0, ms: Math.round(performance.now() - started), version: '' };
    }
  }

  /**
   * Starts watching `cacheDir/current.json` every `watchMs` (unless 0 or no cache directory): a snapshot
   * published by another process is switched to within one period. Idempotent.
   */
  private watch(): void {
    const ms = this.opts.watchMs;
    if (!ms || !this.opts.cacheDir || this.watchTimer) return;
    this.watchTimer = setInterval(() => {
      void this.syncFromPublished().catch((e: unknown) => this.opts.logger.warn({ err: asError(e) }, 'snapshot watch failed'));
    }, ms);
    this.watchTimer.unref();
  }

  /**
   * Stops watching for published snapshots, after the refresh in progress (if any). Questions can still be
   * asked. The build worker is shared by the process: see `closeSharedIndexBuilder` in src/ops.
   */
  async close(): Promise<void> {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
    await this.refreshing?.catch(() => undefined);
  }

  /** Ids of the documents of the index in service. */
  documentIds(): string[] {
    return this.current.index.documents.map((d) => d.id);
  }

  /** Starts the build worker in the background so that the first refresh does not wait for it. */
  warmUp(): void {
    this.builder.warmUp(this.opts.logger);
  }

  /** Whether refreshed indexes are built in a worker thread (false when it could not be started). */
  get buildsInWorker(): boolean {
    return this.builder.usesWorker;
  }

  /** Answers one question. An empty or too long question is declined with its reason; nothing throws. */
  ask(question: string): Answer {
    const { index, translator, version } = this.current;
    return { ...this.answerFrom(index, translator, question), index: version };
  }

  private answerFrom(index: PassageIndex, translator: Translator, question: string): Answer {
    const text = String(question ?? '').replace(/\s+/g, ' ').trim();
    const max = this.opts.maxQuestionLength;
    if (!text) return { question: '', language: 'en', type: 'other', answered: false, reason: 'empty', passages: [] };
    const o = this.retrieval;
    if (text.length > max) {
      const echo = text.slice(0, o.question.echoLength);
      const q = parseQuestion(echo, translator, undefined, o.question);
      return { question: `${echo}…`, language: q.lang, type: q.type, answered: false, reason: 'too_long', passages: [] };
    }
    const q = parseQuestion(text, translator, index.newestPublished, o.question);
    return buildAnswer(index, q, o, translator);
  }

  /** Every dated sentence of the corpus in calendar order; with a query, only those about it. */
  timeline(query?: string): TimelineEntry[] {
    const { index, translator } = this.current;
    let allowed: Set<number> | null = null;
    if (query && query.trim()) {
      const o = this.retrieval;
      const q = parseQuestion(query.trim().slice(0, this.opts.maxQuestionLength), translator, index.newestPublished, o.question);
      allowed = new Set(rank(index, q, o.rank).filter((c) => c.coverage >= o.timeline.minCoverage || c.dateMatch > 0).map((c) => c.id));
    }
    const entries: TimelineEntry[] = [];
    const seen = new Set<string>();
    index.passages.forEach((p, id) => {
      if (p.sentences !== 1 || !p.dates.length) return;
      if (allowed && !allowed.has(id) && !overlapsAllowed(index, id, allowed)) return;
      const doc = index.documents[p.doc]!;
      const text = index.text(p);
      for (const d of p.dates) {
        const key = `${p.doc}:${p.start}:${d.iso}`;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({
          iso: d.iso,
          precision: d.precision,
          dateText: d.text,
          text,
          document: { id: doc.id, title: doc.title, published: doc.published, ...(doc.source ? { source: doc.source } : {}) },
          paragraph: p.paragraph,
        });
      }
    });
    return entries.sort((a, b) => a.iso.localeCompare(b.iso) || a.document.id.localeCompare(b.document.id));
  }

  /** The index in service. */
  status(): EngineStatus {
    const c = this.current;
    return {
      version: c.version,
      documents: c.index.documents.length,
      passages: c.index.passages.length,
      loadedAt: c.loadedAt,
      rejected: c.rejected,
    };
  }

  /**
   * Re-reads the corpus, builds a new index beside the one in service and swaps it in. Refused (the old
   * index stays) when no document is valid or anything fails. Concurrent calls share one refresh.
   */
  refresh(): Promise<RefreshReport> {
    this.refreshing ??= this.doRefresh(false).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** What a refresh would do, changing nothing. */
  check(): Promise<RefreshReport> {
    return this.doRefresh(true);
  }

  private async doRefresh(dryRun: boolean): Promise<RefreshReport> {
    const started = performance.now();
    const old = this.current;
    const log = this.opts.logger;
    const base = { added: [] as string[], changed: [] as string[], removed: [] as string[], rejected: [] as RejectedFile[] };
    try {
      const prepared = await prepare(this.opts.corpusDir);
      const diff = diffDocuments(old.index, prepared.docs);
      const report = (ok: boolean, error?: string, loaded?: Loaded): RefreshReport => ({
        ok,
        ...(error ? { error } : {}),
        ...diff,
        rejected: prepared.rejected,
        documents: (loaded ?? old).index.documents.length,
        passages: (loaded ?? old).index.passages.length,
        ms: Math.round(performance.now() - started),
        version: (loaded ?? old).version,
      });
      if (!prepared.docs.length) {
        return report(false, `no valid document in the corpus (${describeRejections(prepared.rejected)})`);
      }
      if (dryRun) return { ...report(true), version: prepared.version };
      await rememberDigest(this.opts.cacheDir, prepared.digest, prepared.version);
      if (prepared.version === old.version) return report(true);
      const index = await this.buildBeside(prepared);
      const loaded: Loaded = { index, translator: prepared.translator, version: prepared.version, rejected: prepared.rejected, loadedAt: new Date().toISOString() };
      this.current = loaded; // the swap: one assignment, questions see the old or the new index, never a mix
      log.info({ version: loaded.version, ...diff }, 'corpus refreshed');
      await this.publish(loaded.version, old.version);
      return report(true, undefined, loaded);
    } catch (e) {
      const err = asError(e);
      log.error({ err }, 'refresh failed; the index in service is unchanged');
      return {
        ok: false,
        error: err.message,
        ...base,
        documents: old.index.documents.length,
        passages: old.index.passages.length,
        ms: Math.round(performance.now() - started),
        version: old.version,
      };
    }
  }

  /**
   * Switches to the snapshot another process published in the cache directory, if it is newer than the
   * one in service. Returns true when it switched.
   */
  syncFromPublished(): Promise<boolean> {
    if (this.refreshing) return Promise.resolve(false); // our own refresh publishes when it is done
    this.syncing ??= this.doSync().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async doSync(): Promise<boolean> {
    const dir = this.opts.cacheDir;
    if (!dir) return false;
    const pointer = await readCurrent(dir);
    if (!pointer || pointer.version === this.current.version) return false;
    const key = `${pointer.version}@${pointer.publishedAt}`;
    if (key === this.badPointer) return false;
    const log = this.opts.logger;
    try {
      const data = await readSnapshot<IndexSnapshot>(dir, pointer.version);
      if (!data) throw new SnapshotError(pointer.file, 'published but missing');
      if (this.refreshing) return false;
      const index = PassageIndex.fromData(data.index);
      const translator = buildTranslator(data.glossaryText, this.opts.corpusDir);
      this.current = { index, translator: translator.translator, version: pointer.version, rejected: data.rejected, loadedAt: new Date().toISOString() };
      log.info({ version: pointer.version }, 'switched to the snapshot published by another process');
      return true;
    } catch (e) {
      this.badPointer = key;
      log.warn({ err: asError(e) }, 'published snapshot unusable; rebuilding from the corpus (the index in service stays meanwhile)');
      const before = this.current.version;
      const report = await this.refresh();
      return report.ok && report.version !== before;
    }
  }

  /**
   * Builds the index of `prepared` away from the answer path (worker thread) and loads it back from its
   * verified snapshot. Without a cache directory the worker hands the data back directly.
   */
  private async buildBeside(prepared: Prepared & { glossaryText: string }): Promise<PassageIndex> {
    const dir = this.opts.cacheDir;
    const { docs, version, glossaryText, rejected } = prepared;
    const result = await this.builder.build({ docs, version, cacheDir: dir, glossaryText, rejected }, this.opts.logger);
    if ('snapshot' in result) return PassageIndex.fromData(result.snapshot.index);
    const data = await readSnapshot<IndexSnapshot>(dir!, version);
    if (!data) throw new SnapshotError(result.file, 'vanished before it could be loaded');
    return PassageIndex.fromData(data.index);
  }

  /** Publishes `version` for the other processes and prunes old snapshots (best effort). */
  private async publish(version: string, previous: string): Promise<void> {
    const dir = this.opts.cacheDir;
    if (!dir) return;
    try {
      await publishCurrent(dir, version);
      await pruneSnapshots(dir, [version, previous]);
    } catch (e) {
      this.opts.logger.warn({ err: asError(e) }, 'could not publish the new snapshot; other processes keep theirs');
    }
  }
}

/** Loads the snapshot published in `cacheDir`, or null (with a warning when it is unusable). */
async function loadPublished(cacheDir: string, corpusDir: string, log: Logger): Promise<Loaded | null> {
  const pointer = await readCurrent(cacheDir);
  if (!pointer) return null;
  try {
    const data = await readSnapshot<IndexSnapshot>(cacheDir, pointer.version);
    if (!data) throw new SnapshotError(pointer.file, 'published but missing');
    const index = PassageIndex.fromData(data.index);
    const { translator } = buildTranslator(data.glossaryText, corpusDir);
    return { index, translator, version: pointer.version, rejected: data.rejected, loadedAt: new Date().toISOString() };
  } catch (e) {
    log.warn({ err: asError(e) }, 'published snapshot unusable; reading the corpus instead');
    return null;
  }
}

function describeRejections(rejected: RejectedFile[]): string {
  if (!rejected.length) return 'no *.md document found';
  return rejected
    .slice(0, 5)
    .map((r) => `${r.file}: ${r.field}: ${r.reason}`)
    .join('; ');
}

function buildTranslator(glossaryText: string, corpusDir: string): { translator: Translator; rejected: RejectedFile[] } {
  const { glossary, rejected } = loadGlossary(path.join(corpusDir, GLOSSARY_FILE), glossaryText);
  return { translator: combineTranslators([glossary, loadLexicon()]), rejected };
}

/** The glossary text of a corpus directory ('' when there is none). */
async function readGlossaryText(corpusDir: string): Promise<string> {
  try {
    return await fs.promises.readFile(path.join(corpusDir, GLOSSARY_FILE), 'utf8');
  } catch {
    return '';
  }
}

const fileHash = (buf: Buffer | null): string => (buf ? createHash('sha256').update(buf).digest('hex').slice(0, 16) : 'oversized');

/**
 * Digest of a corpus directory as it is on disk: the engine's own code, the glossary and every document
 * file's bytes (valid or not), computed without parsing anything. It finds the index version of an
 * unchanged corpus at start-up (see {@link rememberDigest}).
 */
function digestOf(raw: Map<string, Buffer | null>, glossaryText: string): string {
  const h = createHash('sha256').update(engineFingerprint()).update('\0glossary\0').update(glossaryText);
  for (const [file, buf] of raw) h.update(`\0${file}\0${fileHash(buf)}`);
  return h.digest('hex').slice(0, 16);
}

/** Index version: the engine's code, the glossary and the valid documents (a rejected file changes nothing). */
function versionOf(docs: { file: string; hash: string }[], glossaryText: string): string {
  const h = createHash('sha256').update(engineFingerprint()).update('\0glossary\0').update(glossaryText);
  for (const d of docs) h.update(`\0${d.file}\0${d.hash}`);
  return h.digest('hex').slice(0, 16);
}

const digestFile = (cacheDir: string, digest: string) => path.join(cacheDir, `digest-${digest}.txt`);

/** Records which index version a corpus digest gives, for the next start-up (best effort). */
async function rememberDigest(cacheDir: string | null, digest: string, version: string): Promise<void> {
  if (!cacheDir) return;
  await fs.promises.mkdir(cacheDir, { recursive: true }).catch(() => undefined);
  await fs.promises.writeFile(digestFile(cacheDir, digest), version).catch(() => undefined);
}

async function prepare(corpusDir: string): Promise<Prepared & { glossaryText: string; digest: string }> {
  const raw = await readCorpusFiles(corpusDir);
  const corpus = await loadCorpus(corpusDir, raw);
  const glossaryText = await readGlossaryText(corpusDir);
  const { translator, rejected: glossaryRejected } = buildTranslator(glossaryText, corpusDir);
  const docs = corpus.documents.map((d) => ({ ...d, hash: fileHash(raw.get(d.file) ?? null) }));
  return {
    version: versionOf(docs, glossaryText),
    digest: digestOf(raw, glossaryText),
    docs,
    translator,
    rejected: [...corpus.rejected, ...glossaryRejected],
    glossaryText,
  };
}

/**
 * Start-up fast path: when the corpus on disk is one whose index version was recorded and whose snapshot
 * exists, load it without parsing or validating the documents (its rejections were recorded when it was
 * built). Null on a miss.
 */
async function openFromSnapshot(opts: EngineOptions): Promise<Loaded | null> {
  if (!opts.cacheDir) return null;
  const raw = await readCorpusFiles(opts.corpusDir);
  const glossaryText = await readGlossaryText(opts.corpusDir);
  let version: string;
  try {
    version = (await fs.promises.readFile(digestFile(opts.cacheDir, digestOf(raw, glossaryText)), 'utf8')).trim();
  } catch {
    return null;
  }
  try {
    const data = await readSnapshot<IndexSnapshot>(opts.cacheDir, version);
    if (!data) return null;
    const index = PassageIndex.fromData(data.index);
    opts.logger.debug({ version }, 'index loaded from snapshot');
    await publishCurrent(opts.cacheDir, version);
    return { index, translator: buildTranslator(data.glossaryText, opts.corpusDir).translator, version, rejected: data.rejected, loadedAt: new Date().toISOString() };
  } catch (e) {
    if (e instanceof SnapshotError) {
      opts.logger.warn({ err: e }, 'snapshot unusable; rebuilding from the corpus');
      return null;
    }
    throw e;
  }
}

async function obtainIndex(opts: EngineOptions, prepared: Prepared & { glossaryText: string }): Promise<PassageIndex> {
  const log = opts.logger;
  const dir = opts.cacheDir;
  if (dir) {
    try {
      const data = await readSnapshot<IndexSnapshot>(dir, prepared.version);
      if (data) {
        const index = PassageIndex.fromData(data.index);
        log.debug({ version: prepared.version }, 'index loaded from snapshot');
        await publishCurrent(dir, prepared.version);
        return index;
      }
    } catch (e) {
      if (e instanceof SnapshotError) log.warn({ err: e }, 'snapshot unusable; rebuilding from the corpus');
      else throw e;
    }
  }
  const index = PassageIndex.build(prepared.docs);
  if (dir) {
    try {
      const payload: IndexSnapshot = { index: index.toData(), glossaryText: prepared.glossaryText, rejected: prepared.rejected };
      await writeSnapshot(dir, prepared.version, payload);
      const previous = await readCurrent(dir);
      await publishCurrent(dir, prepared.version);
      await pruneSnapshots(dir, [prepared.version, ...(previous ? [previous.version] : [])]);
    } catch (e) {
      log.warn({ err: asError(e) }, 'could not write the index snapshot; continuing without it');
    }
  }
  return index;
}

function diffDocuments(old: PassageIndex, docs: { id: string; hash: string }[]): { added: string[]; changed: string[]; removed: string[] } {
  const before = new Map(old.documents.map((d) => [d.id, d.hash]));
  const after = new Map(docs.map((d) => [d.id, d.hash]));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    changed: [...after].filter(([id, h]) => before.has(id) && before.get(id) !== h).map(([id]) => id),
    removed: [...before.keys()].filter((id) => !after.has(id)),
  };
}


function overlapsAllowed(index: PassageIndex, id: number, allowed: Set<number>): boolean {
  const p = index.passages[id]!;
  for (const a of allowed) {
    const q = index.passages[a]!;
    if (q.doc === p.doc && q.start <= p.start && q.end >= p.end) return true;
  }
  return false;
}
