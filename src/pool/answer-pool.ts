/**
 * The answer worker pool: questions are answered in worker threads, so the main thread only parses events,
 * acknowledges, renders and sends, and every core answers.
 *
 * Each worker opens its own {@link Engine} on the snapshot the pool serves: one whole index per worker
 * (minisearch's structures are JavaScript objects, which threads cannot share), and none in the main thread.
 * The workers of one index version form a *generation*. A refresh (or a snapshot published by another
 * process) starts a new generation beside the one in service; only when every one of its workers has loaded
 * the new index does the pool switch to it, in one assignment: every question handed over after that is
 * answered by the new version, and each answer names the version that produced it (`Answer.index`).
 * Questions already being answered finish on the old generation, which then stops.
 *
 * A worker that dies (crash, out of memory, {@link AnswerPool.terminateWorker}) is replaced by a new one on the
 * same version, and the question it was answering is handed to another worker (at most
 * {@link MAX_ATTEMPTS} tries per question, so that a question that kills workers cannot kill them all).
 *
 * Why not piscina: the pool needs a readiness barrier per generation (switch only when every worker holds the
 * new index), version pinning of in-flight work and a retry of the crashed worker's question, none of which
 * a generic task pool gives; the rest (a FIFO queue, a question per idle worker and, while every worker is
 * busy, its next one) is a few lines.
 */
import path from 'node:path';
import { levels, type LevelWithSilent } from 'pino';
import type { Worker } from 'node:worker_threads';
import type { QuestionEngine } from '../bot.js';
import { DEFAULT_ANSWER_WORKER_NICE, type Config } from '../config.js';
import { openBotEngine, DEFAULT_WATCH_MS } from '../engine.js';
import { AnswerPoolError, asError } from '../errors.js';
import { readCurrent } from '../index/snapshot.js';
import type { Logger } from '../logger.js';
import type { RankedAnswer } from '../retrieval/answer.js';
import type { ParsedQuestion } from '../retrieval/question.js';
import type { Answer, EngineStatus, RefreshReport, TimelineEntry } from '../types.js';
import { moduleBeside, startModuleWorker } from '../threads.js';

/** How many workers may try one question before it fails (the first try and one retry elsewhere). */
export const MAX_ATTEMPTS = 2;

/** Questions handed to one worker at once: the one it answers and, when every worker is busy, the next. */
export const PIPELINE = 2;

/** How a worker opens its engine. */
export interface WorkerStart {
  corpusDir: string;
  cacheDir: string;
  maxQuestionLength?: number;
  logLevel: LevelWithSilent;
  /**
   * `corpus`: the engine's normal start (the snapshot of the corpus on disk, else a build that writes it);
   * `snapshot`: the snapshot of `version`; `refresh`: the snapshot of `version`, then a refresh from the
   * corpus (builds, writes and publishes the new version), serving its result.
   */
  mode: 'corpus' | 'snapshot' | 'refresh';
  /** The version to load (`snapshot`, `refresh`). */
  version?: string;
  /** Steps the worker lowers its thread's CPU priority by (see src/pool/priority.ts); 0: none. */
  nice?: number;
}

/** A message from the pool to a worker. */
export type ToWorker = { id: number } & Op;

/** A message from a worker to the pool. */
export type FromWorker =
  | { kind: 'ready'; status: EngineStatus; report?: RefreshReport }
  | { kind: 'failed'; error: string; code?: string }
  | { kind: 'log'; line: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string };

/** Heap of one worker's isolate (its index and working memory). */
export interface WorkerHeap {
  heapUsedMb: number;
  heapTotalMb: number;
  /** Questions this worker has answered since it started. */
  answered: number;
}

/** Options of {@link AnswerPool.open}. */
export interface AnswerPoolOptions {
  corpusDir: string;
  /** The snapshot directory: workers load their index from it (required: the pool serves snapshots). */
  cacheDir: string;
  logger: Logger;
  /** Number of worker threads (at least 1). */
  workers: number;
  /** Longest question accepted (characters). Default: the engine's (500). */
  maxQuestionLength?: number;
  /** How often (ms) to look for a snapshot published by another process; 0: never. Default 500. */
  watchMs?: number;
  /**
   * How many steps below the main thread's the workers' CPU priority is (`ANSWER_WORKER_NICE`, default
   * {@link DEFAULT_ANSWER_WORKER_NICE}; 0: the same): acknowledgements never wait for a CPU an answer holds.
   */
  nice?: number;
}

/** What a worker is asked to do. */
type Op = { op: 'ask'; text: string } | { op: 'askRanked'; text: string; more: number } | { op: 'timeline'; query?: string } | { op: 'documents' } | { op: 'analyze'; texts: string[] } | { op: 'stats' };

interface Task {
  msg: Op;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  attempts: number;
}

interface Slot {
  worker: Worker;
  /** Worker number (for logs), unique in the pool's life. */
  n: number;
  gen: Generation;
  /** Questions handed to this worker and not answered yet, by message id (at most {@link PIPELINE}). */
  inFlight: Map<number, Task>;
  /** Set when the pool itself stops the worker (its exit is no crash). */
  stopping: boolean;
  /** Messages awaiting this worker's reply: while there are any, the worker keeps the process alive. */
  waiting: number;
}

interface Generation {
  version: string;
  status: EngineStatus;
  slots: Slot[];
  /** Consecutive failed starts of replacement workers. */
  failedStarts: number;
}

/** What {@link openAnswerEngine} returns: the bot's engine, in worker threads or on this thread. */
export interface BotEngine extends QuestionEngine {
  /** Ids of the documents in service (for the corpus commands). */
  documentIds(): string[] | Promise<string[]>;
  /** Stops background work (snapshot watch, worker threads). */
  close(): Promise<void>;
}

/** What {@link openAnswerEngine} reads from the configuration. */
export type AnswerEngineConfig = Pick<Config, 'corpusDir' | 'cacheDir' | 'maxQuestionLength' | 'snapshotWatchMs' | 'answerWorkers'> & Partial<Pick<Config, 'answerWorkerNice'>>;

/**
 * Opens the bot's answer engine from its configuration: the {@link AnswerPool} with `ANSWER_WORKERS`
 * threads, or, with `ANSWER_WORKERS=0`, the {@link Engine} answering on this thread.
 * @throws {@link CorpusEmptyError} when no document is valid
 */
export async function openAnswerEngine(config: AnswerEngineConfig, logger: Logger): Promise<BotEngine> {
  if (config.answerWorkers <= 0) return openBotEngine(config, logger);
  return AnswerPool.open({
    corpusDir: config.corpusDir,
    cacheDir: config.cacheDir,
    logger,
    workers: config.answerWorkers,
    maxQuestionLength: config.maxQuestionLength,
    watchMs: config.snapshotWatchMs,
    ...(config.answerWorkerNice !== undefined ? { nice: config.answerWorkerNice } : {}),
  });
}

/** Questions answered in worker threads; see the module comment. */
export class AnswerPool implements BotEngine {
  readonly offThread = true;
  private gen: Generation;
  private readonly queue: Task[] = [];
  private readonly retiring = new Set<Generation>();
  private nextId = 1;
  private nextWorker: number;
  private closed = false;
  private refreshing: Promise<RefreshReport> | null = null;
  /** The switch in progress (refresh or published snapshot): one at a time. */
  private switching: Promise<unknown> = Promise.resolve();
  private switchBusy = false;
  private watchTimer: NodeJS.Timeout | null = null;
  private badPointer: string | null = null;
  private readonly opts: Required<Omit<AnswerPoolOptions, 'maxQuestionLength' | 'nice'>> & Pick<AnswerPoolOptions, 'maxQuestionLength' | 'nice'>;

  private constructor(opts: AnswerPoolOptions, gen: Generation, nextWorker: number) {
    this.opts = { watchMs: DEFAULT_WATCH_MS, ...opts };
    this.gen = gen;
    this.nextWorker = nextWorker;
    for (const s of gen.slots) this.attach(s);
  }

  /**
   * Starts the pool: the first worker opens the engine as {@link Engine.open} does (loads the snapshot of the
   * corpus, or builds and publishes it), then the others load that published snapshot.
   * @throws {@link CorpusEmptyError} when no document is valid; an Error when a worker cannot start
   */
  static async open(opts: AnswerPoolOptions): Promise<AnswerPool> {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new RangeError(`AnswerPool: workers must be a whole number ≥ 1, got ${opts.workers}`);
    const started = performance.now();
    const counter = { n: 0 };
    const first = await spawn(opts, { mode: 'corpus' }, counter.n++);
    const rest = await Promise.allSettled(
      Array.from({ length: opts.workers - 1 }, () => spawn(opts, { mode: 'snapshot', version: first.status.version }, counter.n++)),
    );
    const failed = rest.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all([first, ...rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))].map((w) => w.worker.terminate()));
      throw asError(failed.reason);
    }
    const gen: Generation = { version: first.status.version, status: first.status, slots: [], failedStarts: 0 };
    for (const w of [first, ...rest.map((r) => (r as PromiseFulfilledResult<Spawned>).value)]) gen.slots.push(makeSlot(w, gen));
    const pool = new AnswerPool(opts, gen, counter.n);
    pool.watch();
    opts.logger.info(
      {
        version: gen.version,
        documents: gen.status.documents,
        passages: gen.status.passages,
        workers: opts.workers,
        watchMs: pool.watchTimer ? (opts.watchMs ?? DEFAULT_WATCH_MS) : 0,
        ms: Math.round(performance.now() - started),
      },
      'answer workers ready',
    );
    return pool;
  }

  /** Number of workers serving the current version. */
  get size(): number {
    return this.gen.slots.length;
  }

  /** Questions waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Answers one question in a worker; the answer names its index version. */
  ask(question: string): Promise<Answer> {
    return this.run({ op: 'ask', text: String(question ?? '') }) as Promise<Answer>;
  }

  /** {@link AnswerPool.ask} with up to `more` further passages of the same ranking ("More passages"). */
  askRanked(question: string, more = 0): Promise<RankedAnswer> {
    return this.run({ op: 'askRanked', text: String(question ?? ''), more }) as Promise<RankedAnswer>;
  }

  /** The timeline, computed in a worker. */
  timeline(query?: string): Promise<TimelineEntry[]> {
    return this.run({ op: 'timeline', ...(query !== undefined ? { query } : {}) }) as Promise<TimelineEntry[]>;
  }

  /**
   * The questions as the engine reads them, read in a worker (the report groups declined questions with
   * the engine's own analysis, as when answers are computed on the main thread).
   */
  analyzeMany(questions: string[]): Promise<ParsedQuestion[]> {
    return this.run({ op: 'analyze', texts: questions.map((q) => String(q ?? '')) }) as Promise<ParsedQuestion[]>;
  }

  /** The documents of the index in service (id and title). */
  documents(): Promise<{ id: string; title: string }[]> {
    return this.run({ op: 'documents' }) as Promise<{ id: string; title: string }[]>;
  }

  /** Ids of the documents in service. */
  async documentIds(): Promise<string[]> {
    return (await this.documents()).map((d) => d.id);
  }

  /** The index in service (the current generation's). */
  status(): EngineStatus {
    return this.gen.status;
  }

  /**
   * Answers every question in every worker of the current generation, answers discarded: each worker's
   * analysis caches and compiled code then hold what one engine answering these questions would hold (the
   * queue would hand each worker only a share of them). Benchmarks compare the pool with one thread so.
   */
  async warmUp(questions: readonly string[]): Promise<void> {
    await Promise.all(
      this.gen.slots.map(async (s) => {
        for (const q of questions) await this.runOn(s, { op: 'ask', text: String(q ?? '') });
      }),
    );
  }

  /** Heap of each worker of the current generation (its isolate: the index and its working memory). */
  async heaps(): Promise<WorkerHeap[]> {
    return Promise.all(this.gen.slots.map((s) => this.runOn(s, { op: 'stats' }) as Promise<WorkerHeap>));
  }

  /**
   * Re-reads the corpus and switches every worker to the new index: a new generation of workers is started
   * (its first one refreshes from the published snapshot, builds and publishes the new version, the others
   * load it) and the pool switches to it once all are ready. Refused (the workers in service stay) when no
   * document is valid or anything fails. Concurrent calls share one refresh.
   */
  refresh(): Promise<RefreshReport> {
    this.refreshing ??= this.exclusive(() => this.doRefresh()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Stops one worker abruptly, as a crash would: the question it was answering goes to another worker and a
   * replacement loads the same version (for a stuck worker; also how the tests crash one).
   */
  async terminateWorker(index = 0): Promise<void> {
    const s = this.gen.slots[index];
    if (s) await s.worker.terminate();
  }

  /** Stops watching, waits for a switch in progress, stops every worker; questions still queued fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
    await this.switching.catch(() => undefined);
    const err = new AnswerPoolError('closed');
    for (const t of this.queue.splice(0)) t.reject(err);
    const all = [this.gen, ...this.retiring].flatMap((g) => g.slots);
    await Promise.all(all.map((s) => this.stop(s)));
    for (const s of all) for (const t of s.inFlight.values()) t.reject(err);
  }

  private run(msg: Op): Promise<unknown> {
    if (this.closed) return Promise.reject(new AnswerPoolError('closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, resolve, reject, attempts: 0 });
      this.pump();
    });
  }

  /** Runs a task on one given worker, bypassing the queue (worker statistics). */
  private runOn(s: Slot, msg: Op): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const onMessage = (m: FromWorker) => {
        if (m.kind !== 'reply' || m.id !== id) return;
        s.worker.off('message', onMessage);
        release(s);
        if (m.ok) resolve(m.value);
        else reject(new Error(m.error));
      };
      s.worker.on('message', onMessage);
      hold(s);
      s.worker.postMessage({ id, ...msg } satisfies ToWorker);
    });
  }

  /**
   * Hands queued questions to the workers of the current generation: first one to each idle worker, then,
   * while questions still wait, a second one to each busy worker, so that a worker starts its next question as
   * soon as it has answered, without waiting for this thread to see the answer and send the next.
   */
  private pump(): void {
    for (let depth = 1; depth <= PIPELINE; depth++) {
      for (const s of this.gen.slots) {
        if (!this.queue.length) return;
        if (s.stopping || s.inFlight.size >= depth) continue;
        const task = this.queue.shift()!;
        const id = this.nextId++;
        s.inFlight.set(id, task);
        task.attempts++;
        hold(s);
        s.worker.postMessage({ id, ...task.msg } satisfies ToWorker);
      }
    }
  }

  private attach(s: Slot): void {
    if (s.worker.threadId < 0) {
      // It exited between its start and now.
      queueMicrotask(() => this.onExit(s, 1));
      return;
    }
    s.worker.on('message', (m: FromWorker) => {
      const task = m.kind === 'reply' ? s.inFlight.get(m.id) : undefined;
      if (!task || m.kind !== 'reply') return;
      s.inFlight.delete(m.id);
      release(s);
      if (m.ok) task.resolve(m.value);
      else task.reject(new Error(m.error));
      if (s.gen !== this.gen) {
        if (!s.inFlight.size) void this.stop(s);
      } else this.pump();
    });
    s.worker.on('error', (err) => this.opts.logger.error({ err, worker: s.n, version: s.gen.version }, 'answer worker failed'));
    s.worker.on('exit', (code) => this.onExit(s, code));
  }

  private onExit(s: Slot, code: number): void {
    const gen = s.gen;
    gen.slots = gen.slots.filter((x) => x !== s);
    if (this.retiring.has(gen) && !gen.slots.length) this.retiring.delete(gen);
    const tasks = [...s.inFlight.values()];
    s.inFlight.clear();
    if (s.stopping || this.closed) return;
    this.opts.logger.error({ worker: s.n, code, version: gen.version, question: tasks.length > 0 }, 'answer worker exited; replacing it');
    // Its questions go first, in their order; one that has failed in MAX_ATTEMPTS workers fails. A worker
    // answers its questions in order: only the first was being answered, the next one was never tried.
    tasks.forEach((t, i) => {
      if (i > 0) t.attempts--;
    });
    for (const task of tasks.reverse()) {
      if (task.attempts >= MAX_ATTEMPTS) task.reject(new Error(`the question failed in ${task.attempts} answer workers`));
      else this.queue.unshift(task);
    }
    if (gen === this.gen) this.replace(gen);
    this.pump();
  }

  /** Starts a worker on `gen`'s version in place of one that died (a few tries, then questions fail). */
  private replace(gen: Generation): void {
    void spawn(this.opts, { mode: 'snapshot', version: gen.version }, this.nextWorker++).then(
      (w) => {
        const s = makeSlot(w, gen);
        if (this.closed || gen !== this.gen) {
          void this.stop(s);
          return;
        }
        gen.failedStarts = 0;
        gen.slots.push(s);
        this.attach(s);
        this.pump();
      },
      (e: unknown) => {
        gen.failedStarts++;
        this.opts.logger.error({ err: asError(e), version: gen.version, failures: gen.failedStarts }, 'could not start a replacement answer worker');
        if (this.closed || gen !== this.gen) return;
        if (gen.failedStarts < 5) {
          setTimeout(() => this.replace(gen), 200 * 2 ** gen.failedStarts).unref();
        } else if (!gen.slots.length) {
          const err = new Error('no answer worker could be started');
          for (const t of this.queue.splice(0)) t.reject(err);
        }
      },
    );
  }

  private async stop(s: Slot): Promise<void> {
    s.stopping = true;
    await s.worker.terminate();
  }

  /** Runs one switch at a time (refreshes and published snapshots). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.switching.then(async () => {
      this.switchBusy = true;
      try {
        return await fn();
      } finally {
        this.switchBusy = false;
      }
    });
    this.switching = next.catch(() => undefined);
    return next;
  }

  private async doRefresh(): Promise<RefreshReport> {
    const old = this.gen;
    const started = performance.now();
    let first: Spawned;
    try {
      if (this.closed) throw new AnswerPoolError('closed');
      first = await spawn(this.opts, { mode: 'refresh', version: old.version }, this.nextWorker++);
    } catch (e) {
      const err = asError(e);
      this.opts.logger.error({ err }, 'refresh failed; the index in service is unchanged');
      const s = old.status;
      return { ok: false, error: err.message, added: [], changed: [], removed: [], rejected: [], documents: s.documents, passages: s.passages, ms: Math.round(performance.now() - started), version: old.version };
    }
    const report = first.report!;
    if (!report.ok || report.version === old.version || this.closed) {
      await first.worker.terminate();
      return report;
    }
    try {
      await this.switchGeneration(first);
    } catch (e) {
      const err = asError(e);
      this.opts.logger.error({ err }, 'refresh: could not start the new answer workers; the index in service is unchanged');
      return { ...report, ok: false, error: err.message, version: old.version, documents: old.status.documents, passages: old.status.passages };
    }
    return { ...report, ms: Math.round(performance.now() - started) };
  }

  /** Starts the rest of a generation beside its first worker, then switches to it. */
  private async switchGeneration(first: Spawned): Promise<void> {
    const version = first.status.version;
    const rest = await Promise.allSettled(
      Array.from({ length: this.opts.workers - 1 }, () => spawn(this.opts, { mode: 'snapshot', version }, this.nextWorker++)),
    );
    const ok = [first, ...rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
    const failed = rest.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed || this.closed) {
      await Promise.all(ok.map((w) => w.worker.terminate()));
      throw failed ? asError(failed.reason) : new AnswerPoolError('closed');
    }
    const gen: Generation = { version, status: first.status, slots: [], failedStarts: 0 };
    for (const w of ok) {
      const s = makeSlot(w, gen);
      gen.slots.push(s);
      this.attach(s);
    }
    const old = this.gen;
    this.gen = gen; // the switch: every question handed over from now on is answered by `version`
    this.retiring.add(old);
    for (const s of [...old.slots]) if (!s.inFlight.size) void this.stop(s);
    this.opts.logger.info({ version, previous: old.version, workers: gen.slots.length }, 'answer workers switched to the new index');
    this.pump();
  }

  /** Looks for a snapshot published by another process every `watchMs` (unless 0). */
  private watch(): void {
    const ms = this.opts.watchMs;
    if (!ms) return;
    this.watchTimer = setInterval(() => {
      if (this.switchBusy || this.closed) return;
      void this.syncFromPublished().catch((e: unknown) => this.opts.logger.warn({ err: asError(e) }, 'snapshot watch failed'));
    }, ms);
    this.watchTimer.unref();
  }

  /**
   * Switches to the snapshot another process published, if it is not the one in service. Returns true when
   * it switched. An unusable snapshot is not retried; a refresh from the corpus is started instead.
   */
  async syncFromPublished(): Promise<boolean> {
    const pointer = await readCurrent(this.opts.cacheDir);
    // Only a snapshot of this corpus (another corpus may share the cache directory).
    if (!pointer || pointer.corpusDir !== path.resolve(this.opts.corpusDir) || pointer.version === this.gen.version || this.switchBusy || this.closed) return false;
    const key = `${pointer.version}@${pointer.publishedAt}`;
    if (key === this.badPointer) return false;
    return this.exclusive(async () => {
      if (pointer.version === this.gen.version || this.closed) return false;
      try {
        const first = await spawn(this.opts, { mode: 'snapshot', version: pointer.version }, this.nextWorker++);
        await this.switchGeneration(first);
        this.opts.logger.info({ version: pointer.version }, 'switched to the snapshot published by another process');
        return true;
      } catch (e) {
        this.badPointer = key;
        this.opts.logger.warn({ err: asError(e) }, 'published snapshot unusable; rebuilding from the corpus (the index in service stays meanwhile)');
        void Promise.resolve().then(() => this.refresh());
        return false;
      }
    });
  }
}

interface Spawned {
  worker: Worker;
  n: number;
  status: EngineStatus;
  report?: RefreshReport;
}

function makeSlot(w: Spawned, gen: Generation): Slot {
  return { worker: w.worker, n: w.n, gen, inFlight: new Map(), stopping: false, waiting: 0 };
}

/** A message awaits the worker's reply: keep the process alive meanwhile (an idle worker does not). */
function hold(s: Slot): void {
  if (s.waiting++ === 0) s.worker.ref();
}

/** The reply came. */
function release(s: Slot): void {
  if (--s.waiting === 0) s.worker.unref();
}

/** Starts one worker and waits until its engine is open (or it failed). */
function spawn(opts: AnswerPoolOptions, how: Pick<WorkerStart, 'mode' | 'version'>, n: number): Promise<Spawned> {
  const start: WorkerStart = {
    corpusDir: opts.corpusDir,
    cacheDir: opts.cacheDir,
    ...(opts.maxQuestionLength !== undefined ? { maxQuestionLength: opts.maxQuestionLength } : {}),
    logLevel: (opts.logger.level as LevelWithSilent) ?? 'info',
    nice: opts.nice ?? DEFAULT_ANSWER_WORKER_NICE,
    ...how,
  };
  const worker = startModuleWorker(moduleBeside('answer-worker', import.meta.url), start);
  return new Promise<Spawned>((resolve, reject) => {
    // Log lines are relayed for the worker's whole life.
    worker.on('message', (m: FromWorker) => {
      if (m.kind === 'log') relayLog(opts.logger, m.line, n);
    });
    const onMessage = (m: FromWorker) => {
      if (m.kind === 'ready') {
        cleanup();
        worker.unref(); // idle workers never keep the process alive
        resolve({ worker, n, status: m.status, ...(m.report ? { report: m.report } : {}) });
      } else if (m.kind === 'failed') {
        cleanup();
        void worker.terminate();
        reject(Object.assign(new Error(`answer worker ${n}: ${m.error}`), m.code ? { code: m.code } : {}));
      }
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new Error(`answer worker ${n} failed to start: ${e.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`answer worker ${n} exited with code ${code} before it was ready`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** Writes a worker's log line (pino JSON, already redacted) through the pool's logger. */
function relayLog(logger: Logger, line: string, worker: number): void {
  try {
    const { level, msg, time: _t, pid: _p, hostname: _h, app: _a, ...rest } = JSON.parse(line) as { level: number; msg?: string } & Record<string, unknown>;
    const label = (levels.labels[level] ?? 'info') as 'info';
    logger[label]({ ...rest, worker }, msg ?? '');
  } catch {
    logger.info({ worker }, line.trim());
  }
}
