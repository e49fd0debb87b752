/**
 * The answer engine: holds the index in service and answers questions, lists the timeline and reports
 * status from it. Opening, loading, building, publishing and watching indexes is the index store's job
 * (src/index/store.ts); a refresh asks the store for the new index and swaps it in with one assignment,
 * so questions see the old index or the new one, never a mix.
 */
import type { QuestionEngine } from './bot.js';
import type { Config } from './config.js';
import { SnapshotError, asError } from './errors.js';
import type { PassageIndex } from './index/passage-index.js';
import { IndexStore, type LoadedIndex, type OpenFrom } from './index/store.js';
import type { Logger } from './logger.js';
import { rankAnswer, type RankedAnswer } from './retrieval/answer.js';
import { DEFAULT_OPTIONS, mergeOptions, type DeepPartial, type RetrievalOptions } from './retrieval/options.js';
import { parseQuestion, type ParsedQuestion } from './retrieval/question.js';
import { rank } from './retrieval/rank.js';
import { unwrapQuote } from './text/chunk.js';
import type { Answer, EngineStatus, RefreshReport, TimelineEntry } from './types.js';

export { GLOSSARY_FILE, INDEX_SCHEMA } from './index/store.js';

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
   * How often (ms) to check `cacheDir/current.json` for a snapshot of this corpus published by another
   * process, and switch to it. Default 500; 0 disables. The timer never keeps the process alive.
   */
  watchMs?: number;
  /**
   * Where {@link Engine.open} starts from: `corpus` (default) reads the corpus and builds or loads the
   * matching snapshot; `published` serves the snapshot published for this corpus in `cacheDir` when there
   * is a valid one (so that a later {@link Engine.refresh} reports changes against what is in service),
   * else the corpus.
   */
  from?: OpenFrom;
  /** Build refreshed indexes in a worker thread (default true); false builds in the calling thread. */
  useWorker?: boolean;
}

/** Default of {@link EngineOptions.watchMs}. */
export const DEFAULT_WATCH_MS = 500;

/** Default of {@link EngineOptions.maxQuestionLength}. */
export const DEFAULT_MAX_QUESTION_LENGTH = 500;

/** What {@link openBotEngine} reads from the configuration. */
export type BotEngineConfig = Pick<Config, 'corpusDir' | 'cacheDir' | 'maxQuestionLength' | 'snapshotWatchMs'>;

/**
 * Opens the engine of a bot process from its configuration, the same way in `npm start` and in every
 * shard of `npm run start:sharded`: corpus and cache directories, longest question, the switch to
 * snapshots published by other processes every `SNAPSHOT_WATCH_MS`, the answering options; then starts
 * the build worker in the background so that the first refresh does not wait for it.
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

/** The answer engine. */
export class Engine implements QuestionEngine {
  private current: LoadedIndex;
  private refreshing: Promise<RefreshReport> | null = null;
  private syncing: Promise<boolean> | null = null;
  private stopWatching: (() => void) | null = null;
  private readonly store: IndexStore;
  private readonly log: Logger;
  private readonly maxQuestionLength: number;
  /** The options tree, merged once. */
  private readonly retrieval: RetrievalOptions;
  /** Where the index served since opening came from: `published snapshot`, `snapshot` or `corpus`. */
  readonly openedFrom: string;

  private constructor(opts: EngineOptions, store: IndexStore, loaded: LoadedIndex, from: string) {
    this.openedFrom = from;
    this.store = store;
    this.current = loaded;
    this.log = opts.logger;
    this.maxQuestionLength = opts.maxQuestionLength ?? DEFAULT_MAX_QUESTION_LENGTH;
    this.retrieval = mergeOptions(DEFAULT_OPTIONS, opts.retrieval);
  }

  /**
   * Opens the engine on a corpus (see {@link IndexStore.open}) and starts watching for snapshots other
   * processes publish.
   * @throws {@link CorpusEmptyError} when no document is valid
   */
  static async open(opts: EngineOptions): Promise<Engine> {
    const store = new IndexStore(opts);
    const { from, ...loaded } = await store.open(opts.from);
    const engine = new Engine(opts, store, loaded, from);
    engine.stopWatching = store.watch(opts.watchMs ?? DEFAULT_WATCH_MS, () => engine.syncFromPublished());
    // watchMs: how often it looks for snapshots published by other processes (0: it does not).
    const watchMs = engine.stopWatching ? (opts.watchMs ?? DEFAULT_WATCH_MS) : 0;
    opts.logger.info({ version: loaded.version, documents: loaded.index.documents.length, passages: loaded.index.passages.length, from, watchMs }, 'index ready');
    return engine;
  }

  /**
   * Opens the engine on the snapshot of one index version, watching nothing (each answer worker of the pool
   * serves exactly its generation's version; see src/pool/answer-pool.ts).
   * @throws {@link SnapshotError} when there is no usable snapshot of `version`
   */
  static async openSnapshot(opts: EngineOptions, version: string): Promise<Engine> {
    const store = new IndexStore(opts);
    const loaded = await store.load(version);
    if (!loaded) throw new SnapshotError(`snapshot ${version}`, `not found in ${String(opts.cacheDir)}`);
    return new Engine(opts, store, loaded, 'snapshot');
  }

  /**
   * What a refresh of `corpusDir` would do against the snapshot published for it in `cacheDir` (or against
   * an empty index when none is published), changing nothing on disk. The index is built in memory so that
   * the report's passage count is the real one. Never throws: a failure is a refused report.
   */
  static async checkCorpus(opts: Pick<EngineOptions, 'corpusDir' | 'cacheDir' | 'logger'>): Promise<RefreshReport> {
    const store = new IndexStore({ ...opts, useWorker: false });
    const baseline = await store.published().catch(() => null);
    return store.check(baseline, true);
  }

  /**
   * Stops watching for published snapshots, after the refresh in progress (if any). Questions can still be
   * asked. The build worker is shared by the process: see `closeSharedIndexBuilder` in src/index/builder.ts.
   */
  async close(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = null;
    await this.refreshing?.catch(() => undefined);
  }

  /** Ids of the documents of the index in service. */
  documentIds(): string[] {
    return this.current.index.documents.map((d) => d.id);
  }

  /** Starts the build worker in the background so that the first refresh does not wait for it. */
  warmUp(): void {
    this.store.warmUp();
  }

  /** Whether refreshed indexes are built in a worker thread (false when it could not be started). */
  get buildsInWorker(): boolean {
    return this.store.buildsInWorker;
  }

  /** Answers one question. An empty or too long question is declined with its reason; nothing throws. */
  ask(question: string): Answer {
    return this.askRanked(question).answer;
  }

  /**
   * {@link Engine.ask}, with up to `more` further passages of the same ranking ("More passages"), the
   * coverage of the best passage, and the question as analyzed.
   */
  askRanked(question: string, more = 0): RankedAnswer {
    const { index, translator, version } = this.current;
    const text = String(question ?? '').replace(/\s+/g, ' ').trim();
    const o = this.retrieval;
    if (!text) return { answer: { question: '', language: 'en', type: 'other', answered: false, reason: 'empty', passages: [], index: version }, more: [] };
    if (text.length > this.maxQuestionLength) {
      const echo = text.slice(0, o.question.echoLength);
      const q = parseQuestion(echo, translator, undefined, o.question);
      return { answer: { question: `${echo}…`, language: q.lang, type: q.type, answered: false, reason: 'too_long', limit: this.maxQuestionLength, passages: [], index: version }, more: [] };
    }
    const q = parseQuestion(text, translator, index.newestPublished, o.question);
    const r = rankAnswer(index, q, o, translator, more);
    return { ...r, answer: { ...r.answer, index: version } };
  }

  /** The question as the engine reads it (language, type, concepts with their variants): for grouping questions. */
  analyze(question: string): ParsedQuestion {
    const { index, translator } = this.current;
    const text = String(question ?? '').replace(/\s+/g, ' ').trim().slice(0, this.maxQuestionLength);
    return parseQuestion(text, translator, index.newestPublished, this.retrieval.question);
  }

  /** {@link Engine.analyze} of several questions (the report reads its declined questions this way). */
  analyzeMany(questions: string[]): ParsedQuestion[] {
    return questions.map((q) => this.analyze(q));
  }

  /** The documents of the index in service (id and title). */
  documents(): { id: string; title: string }[] {
    return this.current.index.documents.map((d) => ({ id: d.id, title: d.title }));
  }

  /** Every dated sentence of the corpus in calendar order; with a query, only those about it. */
  timeline(query?: string): TimelineEntry[] {
    const { index, translator } = this.current;
    let allowed: Set<number> | null = null;
    if (query && query.trim()) {
      const o = this.retrieval;
      const q = parseQuestion(query.trim().slice(0, this.maxQuestionLength), translator, index.newestPublished, o.question);
      allowed = new Set(rank(index, q, o.rank).filter((c) => c.coverage >= o.timeline.minCoverage || c.dateMatch > 0).map((c) => c.id));
    }
    const entries: TimelineEntry[] = [];
    const seen = new Set<string>();
    index.passages.forEach((p, id) => {
      if (p.sentences !== 1 || !p.dates.length) return;
      if (allowed && !allowed.has(id) && !overlapsAllowed(index, id, allowed)) return;
      const doc = index.documents[p.doc]!;
      const text = index.text(p);
      const displayText = unwrapQuote(text).text;
      for (const d of p.dates) {
        const key = `${p.doc}:${p.start}:${d.iso}`;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({
          iso: d.iso,
          precision: d.precision,
          dateText: d.text,
          text,
          displayText,
          document: { id: doc.id, title: doc.title, ...(doc.published ? { published: doc.published } : {}), ...(doc.source ? { source: doc.source } : {}) },
          paragraph: p.paragraph,
          ...(index.pageOf(p) ? { page: index.pageOf(p) } : {}),
        });
      }
    });
    return entries.sort((a, b) => a.iso.localeCompare(b.iso) || a.document.id.localeCompare(b.document.id));
  }

  /** The index in service. */
  status(): EngineStatus {
    const c = this.current;
    return { version: c.version, documents: c.index.documents.length, passages: c.index.passages.length, loadedAt: c.loadedAt, rejected: c.rejected };
  }

  /**
   * Re-reads the corpus, builds a new index beside the one in service, swaps it in and publishes it for
   * the other processes. Refused (the old index stays) when no document is valid or anything fails.
   * Concurrent calls share one refresh.
   */
  refresh(): Promise<RefreshReport> {
    this.refreshing ??= this.store
      .refresh(this.current)
      .then(({ report, loaded }) => {
        if (loaded) this.current = loaded; // the swap
        return report;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /**
   * Publishes the version in service for the other processes of this corpus and cache directory, as a
   * refresh does (`npm run corpus -- refresh` on a cache where nothing is published yet).
   */
  publish(): Promise<void> {
    return this.store.publish(this.current.version);
  }

  /**
   * Switches to the snapshot of this corpus another process published in the cache directory, if it is
   * not the one in service; rebuilds from the corpus when it is unusable. Returns true when it switched.
   */
  syncFromPublished(): Promise<boolean> {
    if (this.refreshing) return Promise.resolve(false); // our own refresh publishes when it is done
    this.syncing ??= this.doSync().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async doSync(): Promise<boolean> {
    const found = await this.store.newerPublished(this.current.version);
    if (!found || this.refreshing) return false;
    if ('loaded' in found) {
      this.current = found.loaded;
      this.log.info({ version: found.loaded.version }, 'switched to the snapshot published by another process');
      return true;
    }
    this.log.warn({ err: asError(found.unusable) }, 'published snapshot unusable; rebuilding from the corpus (the index in service stays meanwhile)');
    const before = this.current.version;
    const report = await this.refresh();
    return report.ok && report.version !== before;
  }
}

/** Whether a passage lies within one of the allowed passages of its document. */
function overlapsAllowed(index: PassageIndex, id: number, allowed: Set<number>): boolean {
  const p = index.passages[id]!;
  for (const a of allowed) {
    const q = index.passages[a]!;
    if (q.doc === p.doc && q.start <= p.start && q.end >= p.end) return true;
  }
  return false;
}
