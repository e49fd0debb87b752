/**
 * Where documents are read: the one entry point for reading a document (an upload, a fetched page, a corpus
 * file at a refresh), {@link DocumentReading.read}. Costly formats (PDF, Word, OpenDocument, HTML, Markdown
 * over {@link INLINE_MARKDOWN_BYTES}) are read in a long-lived worker thread, started on first use, which
 * never keeps the process alive when idle; plain text and small Markdown are read in the calling thread
 * (see {@link readsInline}). The thread that acknowledges Slack commands and Discord interactions so never
 * parses a large or hostile document.
 *
 * The worker reads under a heap limit (`resourceLimits`, {@link DEFAULT_READ_MEMORY_MB}) and each document
 * under a time limit ({@link DEFAULT_READ_TIMEOUT_MS}): past it the worker is terminated, and when it dies
 * (out of memory, crash, terminated) the document is refused with a {@link DocumentError} saying why — never
 * an exception of the bot — and the next document starts a new worker. Documents are read one after
 * another, in the order asked; their bytes are copied once and transferred, not cloned. When no worker
 * can be started (unusual runtimes), documents are read in the calling thread, with one warning.
 *
 * A worker idle for {@link DEFAULT_READ_IDLE_MS} is stopped: its heap holds what its last documents needed
 * (measured: the worker adds ~75 MB to the process once it has read a web page, ~260 MB more after a large
 * Word document), memory the bot needs for its index between refreshes. The next document starts a new one
 * (about half a second); documents read back to back (a refresh) share one.
 */
import type { Worker } from 'node:worker_threads';
import { DocumentError } from '../errors.js';
import type { Logger } from '../logger.js';
import { moduleBeside, startModuleWorker } from '../threads.js';
import { readDocumentHere, readsInline, type DocumentHint, type ReadOutcome } from './read.js';

export { INLINE_MARKDOWN_BYTES, readsInline, type DocumentHint, type ReadOutcome } from './read.js';

/** How long the worker stays without a document before it is stopped, by default. */
export const DEFAULT_READ_IDLE_MS = 30_000;

/** A document's time limit in the worker, by default. */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;

/**
 * The worker's old-generation heap limit (MB), by default. The readers' own caps keep an accepted document
 * well below it (a Word document at the 200,000-element cap needs ~400 MB in mammoth).
 */
export const DEFAULT_READ_MEMORY_MB = 512;

/** A document sent to the worker. */
export interface ReadRequest {
  id: number;
  bytes: Uint8Array;
  hint: DocumentHint;
}

/** The worker's messages: ready, or the outcome of a {@link ReadRequest}. */
export type ReadReply = { ready: true } | { id: number; ok: true; outcome: ReadOutcome } | { id: number; ok: false; field: string; reason: string };

/** Options of {@link DocumentReading}. */
export interface DocumentReadingOptions {
  /** False: read everything in the calling thread. Default true. */
  useWorker?: boolean;
  /** A document's time limit in the worker (ms). Default {@link DEFAULT_READ_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** The worker's heap limit (MB). Default {@link DEFAULT_READ_MEMORY_MB}. */
  maxMemoryMb?: number;
  /** How long the worker stays idle before it is stopped (ms). Default {@link DEFAULT_READ_IDLE_MS}. */
  idleMs?: number;
  /** Where the fallback warning goes (default: a process warning). */
  logger?: Logger;
}

interface Job {
  bytes: Uint8Array;
  hint: DocumentHint;
  resolve: (o: ReadOutcome) => void;
  reject: (e: Error) => void;
}

/** The worker in service and the document it is reading. */
interface Running {
  worker: Worker;
  job: { id: number; job: Job; timer: NodeJS.Timeout } | null;
  /** Why it died, when it said so before exiting (out of memory…). */
  died?: string;
}

/** Reads documents in a worker thread under time and memory limits (see the module comment). */
export class DocumentReading {
  private readonly timeoutMs: number;
  private readonly maxMemoryMb: number;
  private readonly idleMs: number;
  private idleTimer: NodeJS.Timeout | null = null;
  private logger: Logger | undefined;
  private workerUnavailable: boolean;
  private running: Running | null = null;
  private starting: Promise<Running> | null = null;
  private readonly queue: Job[] = [];
  private busy = false;
  private nextId = 1;
  private closed = false;
  private counts = { parsed: 0, inWorker: 0, refusedForLimits: 0, workersStarted: 0 };

  constructor(opts: DocumentReadingOptions = {}) {
    this.workerUnavailable = opts.useWorker === false;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    this.maxMemoryMb = opts.maxMemoryMb ?? DEFAULT_READ_MEMORY_MB;
    this.idleMs = opts.idleMs ?? DEFAULT_READ_IDLE_MS;
    this.logger = opts.logger;
  }

  /** Sets where the fallback warning goes, unless already set. */
  useLogger(logger: Logger): void {
    this.logger ??= logger;
  }

  /** Whether a worker thread is running now (started and not stopped since). */
  get workerRunning(): boolean {
    return this.running !== null;
  }

  /** Whether costly documents are read in a worker thread (false after a failed start, or when disabled). */
  get usesWorker(): boolean {
    return !this.workerUnavailable;
  }

  /**
   * What was read so far: documents parsed (in any thread), of which in the worker, refused for time or
   * memory, and workers started. Observability for tests and logs.
   */
  get stats(): { parsed: number; inWorker: number; refusedForLimits: number; workersStarted: number } {
    return { ...this.counts };
  }

  /**
   * Detects a document's format and reads it: in the worker when the document is costly, else here.
   * @throws {@link DocumentError} when it is not a readable document, or when reading it took longer than the
   *   time limit or more memory than the heap limit
   */
  read(bytes: Uint8Array, hint: DocumentHint = {}): Promise<ReadOutcome> {
    if (this.closed) return Promise.reject(new DocumentError('file', 'could not be read: the bot is shutting down'));
    this.counts.parsed++;
    if (this.workerUnavailable || readsInline(bytes, hint)) return readDocumentHere(bytes, hint);
    return new Promise<ReadOutcome>((resolve, reject) => {
      this.queue.push({ bytes, hint, resolve, reject });
      void this.pump();
    });
  }

  /** Reads the next queued document, one at a time. */
  private async pump(): Promise<void> {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) return this.idle();
    this.busy = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    let running: Running | null = null;
    try {
      running = await this.start();
    } catch (e) {
      this.workerUnavailable = true;
      this.warn(e);
    }
    if (!running) {
      // No worker: this document and the ones queued behind it are read here.
      for (const j of [job, ...this.queue.splice(0)]) readDocumentHere(j.bytes, j.hint).then(j.resolve, j.reject);
      this.busy = false;
      return;
    }
    this.send(running, job);
  }

  /** Nothing to read: the worker is stopped if nothing comes for {@link DocumentReadingOptions.idleMs}. */
  private idle(): void {
    const running = this.running;
    if (!running || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.busy && this.running === running) this.retire(running);
    }, this.idleMs);
    this.idleTimer.unref();
  }

  /** Hands a document to the worker, with its time limit. */
  private send(running: Running, job: Job): void {
    const id = this.nextId++;
    const timer = setTimeout(() => this.timedOut(running, id), this.timeoutMs);
    running.job = { id, job, timer };
    this.counts.inWorker++;
    // The worker keeps the process alive only while it reads (a CLI awaiting a read must not exit).
    running.worker.ref();
    // One copy, transferred: the caller keeps its bytes (to write them to disk, to hash them).
    // (`new Uint8Array(view)` copies; a Buffer's `slice` would not.)
    const copy = new Uint8Array(job.bytes);
    running.worker.postMessage({ id, bytes: copy, hint: job.hint } satisfies ReadRequest, [copy.buffer]);
  }

  /** The document `id` finished (or was refused): settle it and read the next. */
  private settle(running: Running, id: number, outcome: { ok: ReadOutcome } | { error: Error }): void {
    const current = running.job;
    if (!current || current.id !== id) return;
    clearTimeout(current.timer);
    running.job = null;
    running.worker.unref();
    if ('ok' in outcome) current.job.resolve(outcome.ok);
    else current.job.reject(outcome.error);
    this.busy = false;
    void this.pump();
  }

  private timedOut(running: Running, id: number): void {
    this.counts.refusedForLimits++;
    // Retired first, so that the next document (read as soon as this one is settled) starts a new worker.
    this.retire(running);
    this.settle(running, id, { error: new DocumentError('file', `took longer than ${formatSeconds(this.timeoutMs)} to read: refused`) });
  }

  /** Stops a worker that must not read anything more (it timed out); the next document starts a new one. */
  private retire(running: Running): void {
    if (this.running === running) {
      this.running = null;
      this.starting = null;
    }
    void running.worker.terminate();
  }

  /** The worker in service, started when there is none. */
  private start(): Promise<Running> {
    this.starting ??= new Promise<Running>((resolve, reject) => {
      const worker = startModuleWorker(moduleBeside('read-worker', import.meta.url), null, {
        resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb },
      });
      this.counts.workersStarted++;
      worker.unref();
      const running: Running = { worker, job: null };
      let started = false;
      worker.on('message', (m: ReadReply) => {
        if ('ready' in m) {
          started = true;
          this.running = running;
          resolve(running);
        } else if (m.ok) this.settle(running, m.id, { ok: m.outcome });
        else this.settle(running, m.id, { error: new DocumentError(m.field, m.reason) });
      });
      worker.on('error', (e: Error & { code?: string }) => {
        running.died = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `needed more memory than the ${this.maxMemoryMb} MB allowed to read: refused` : `could not be read (the reader stopped: ${e.message})`;
        if (!started) reject(e);
      });
      worker.on('exit', (code) => {
        if (!started) reject(new DocumentError('file', `the reader worker exited with code ${code} before it was ready`));
        this.died(running, code);
      });
    });
    return this.starting;
  }

  /** A worker exited: the document it was reading is refused; the next document starts a new worker. */
  private died(running: Running, code: number): void {
    if (this.running === running) {
      this.running = null;
      this.starting = null;
    }
    const current = running.job;
    if (!current) return;
    if (running.died?.startsWith('needed more memory')) this.counts.refusedForLimits++;
    this.settle(running, current.id, { error: new DocumentError('file', running.died ?? `could not be read (the reader stopped, exit code ${code})`) });
  }

  private warn(e: unknown): void {
    const message = 'document reader worker unavailable; documents are read in the main thread (answers wait meanwhile)';
    if (this.logger) this.logger.warn({ err: e }, message);
    else process.emitWarning(`${message}: ${e instanceof Error ? e.message : String(e)}`);
  }

  /**
   * Terminates the worker now, as if it had crashed: the document it is reading is refused, the next one
   * starts a new worker. For tests and operators; returns when it has stopped.
   */
  async terminateWorker(): Promise<void> {
    const running = this.running;
    if (running) await running.worker.terminate();
  }

  /** Stops the worker; the document being read and those queued are refused. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const j of this.queue.splice(0)) j.reject(new DocumentError('file', 'could not be read: the bot is shutting down'));
    const running = this.running;
    this.running = null;
    this.starting = null;
    if (running) await running.worker.terminate();
  }
}

const formatSeconds = (ms: number) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`);

let shared: DocumentReading | null = null;

/** The document reader shared by the process (one worker, documents queued); `logger` gets its warning. */
export function sharedDocumentReading(logger?: Logger): DocumentReading {
  shared ??= new DocumentReading();
  if (logger) shared.useLogger(logger);
  return shared;
}

/** Stops the shared document reader's worker (at shutdown); the next read starts a new reader. */
export async function closeSharedDocumentReading(): Promise<void> {
  const r = shared;
  shared = null;
  await r?.close();
}

/**
 * Reads a document through the shared {@link DocumentReading} (or `reading`): the entry point of every
 * document the bot reads.
 * @throws {@link DocumentError} when it is refused
 */
export function readDocument(bytes: Uint8Array, hint: DocumentHint = {}, reading?: DocumentReading): Promise<ReadOutcome> {
  return (reading ?? sharedDocumentReading()).read(bytes, hint);
}
