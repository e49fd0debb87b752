/**
 * Builds passage indexes off the answer path: a long-lived worker thread receives the validated corpus,
 * builds the index (synchronous CPU work) and writes its snapshot atomically; the main thread only reads
 * the verified snapshot back and swaps it in. When a worker thread cannot be started (unusual runtimes),
 * the build falls back to the calling thread, with a warning.
 */
import type { Worker } from 'node:worker_threads';
import { moduleBeside, startModuleWorker } from '../threads.js';
import { PassageIndex } from './passage-index.js';
import { writeSnapshot, type IndexSnapshot } from './snapshot.js';
import { IndexBuildError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CorpusDocument, RejectedFile } from '../types.js';

/** What to build. */
export interface BuildRequest {
  /** Valid documents, with their content hashes. */
  docs: (CorpusDocument & { hash: string })[];
  /** Version (content hash) of the corpus. */
  version: string;
  /** Where to write the snapshot; null: hand the data back instead. */
  cacheDir: string | null;
  /** Glossary text stored in the snapshot. */
  glossaryText: string;
  /** Rejected files stored in the snapshot. */
  rejected: RejectedFile[];
}

/** What a build produced: the snapshot written (`file`) or, without a cache directory, its data. */
export type BuildResult = { version: string; file: string; passages: number } | { version: string; snapshot: IndexSnapshot; passages: number };

/** A request sent to the worker. */
export interface BuildMessage {
  id: number;
  request: BuildRequest;
}

/** The worker's reply to a {@link BuildMessage}. */
export type BuildReply = { id: number; ok: true; result: BuildResult } | { id: number; ok: false; error: string };

/** Builds the index of a request and writes (or returns) its snapshot. Runs in the worker. */
export async function runBuild(req: BuildRequest): Promise<BuildResult> {
  const index = PassageIndex.build(req.docs);
  const snapshot: IndexSnapshot = { index: index.toData(), glossaryText: req.glossaryText, rejected: req.rejected };
  if (!req.cacheDir) return { version: req.version, snapshot, passages: index.passages.length };
  const file = await writeSnapshot(req.cacheDir, req.version, snapshot);
  return { version: req.version, file, passages: index.passages.length };
}

/** Starts the worker thread on `build-worker` (see {@link moduleBeside}). */
function startWorker(): Worker {
  return startModuleWorker(moduleBeside('build-worker', import.meta.url), null);
}

interface Pending {
  resolve: (r: BuildResult) => void;
  reject: (e: Error) => void;
}

/** Options of {@link IndexBuilder}. */
export interface IndexBuilderOptions {
  /** False: build in the calling thread (no worker). Default true. */
  useWorker?: boolean;
}

/**
 * A build worker, started on first use and kept for the next builds. Its thread does not keep the
 * process alive. Builds run one after another, in the order asked.
 */
export class IndexBuilder {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private workerUnavailable: boolean;
  private closed = false;

  constructor(opts: IndexBuilderOptions = {}) {
    this.workerUnavailable = opts.useWorker === false;
  }

  /** Whether builds run in a worker thread (false after a failed start, or when disabled). */
  get usesWorker(): boolean {
    return !this.workerUnavailable;
  }

  /** Starts the worker now (in the background), so that the first build does not wait for it. */
  warmUp(logger: Logger): void {
    if (this.workerUnavailable || this.closed) return;
    this.start().catch((e: unknown) => {
      this.workerUnavailable = true;
      logger.warn({ err: e }, 'index build worker unavailable; refreshes will build in the main thread');
    });
  }

  /** Builds the index of `req` and writes its snapshot, in the worker when possible. */
  async build(req: BuildRequest, logger: Logger): Promise<BuildResult> {
    if (this.closed) throw new IndexBuildError('the builder is closed');
    if (!this.workerUnavailable) {
      let worker: Worker | null = null;
      try {
        worker = await this.start();
      } catch (e) {
        this.workerUnavailable = true;
        logger.warn({ err: e }, 'index build worker unavailable; building in the main thread (answers wait meanwhile)');
      }
      if (worker) {
        const id = this.nextId++;
        return new Promise<BuildResult>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          worker.postMessage({ id, request: req } satisfies BuildMessage);
        });
      }
    }
    return runBuild(req);
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = startWorker();
      worker.unref();
      let started = false;
      worker.on('message', (m: BuildReply | { ready: true }) => {
        if ('ready' in m) {
          started = true;
          this.worker = worker;
          resolve(worker);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(new IndexBuildError(m.error));
      });
      worker.on('error', (e) => {
        if (!started) reject(e);
        this.fail(e);
      });
      worker.on('exit', (code) => {
        if (!started) reject(new IndexBuildError(`the worker exited with code ${code} before it was ready`));
        this.fail(new IndexBuildError(`the worker exited with code ${code}`));
      });
    });
    return this.ready;
  }

  /** The worker died: fail its builds; the next build starts a new one. */
  private fail(e: Error): void {
    this.worker = null;
    this.ready = null;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Stops the worker; builds in progress fail. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }
}

let shared: IndexBuilder | null = null;

/** The build worker shared by every engine of this process (one thread, builds queued). */
export function sharedIndexBuilder(): IndexBuilder {
  shared ??= new IndexBuilder();
  return shared;
}

/** Stops the shared build worker (at shutdown); the next build starts a new one. */
export async function closeSharedIndexBuilder(): Promise<void> {
  const b = shared;
  shared = null;
  await b?.close();
}
