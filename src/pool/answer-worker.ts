/**
 * Entry of one answer worker thread of the {@link AnswerPool}: opens its own {@link Engine} (one index of one
 * version, never switched in place: a new version is served by a new generation of workers), then answers
 * the questions the pool sends it, one at a time. Its log lines are forwarded to the pool's logger.
 */
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../engine.js';
import { AnswerPoolError, asError, type QuoteBotError } from '../errors.js';
import { createLogger } from '../logger.js';
import type { FromWorker, ToWorker, WorkerHeap, WorkerStart } from './answer-pool.js';
import { lowerThreadPriority } from './priority.js';

if (!parentPort) throw new AnswerPoolError('answer-worker must run in a worker thread');
const port = parentPort;
const start = (workerData as { data: WorkerStart }).data;

const logger = createLogger(
  start.logLevel,
  new Writable({
    write(chunk: Buffer, _enc, cb) {
      port.postMessage({ kind: 'log', line: chunk.toString('utf8') } satisfies FromWorker);
      cb();
    },
  }),
);

// Below the main thread's CPU priority before anything else (loading included): see priority.ts.
const priority = lowerThreadPriority(start.nice ?? 0);

async function open(): Promise<void> {
  if (priority.ok) logger.debug({ thread: priority.tid, nice: priority.to }, 'answer worker below the main thread in CPU priority');
  else if (start.nice) logger.debug({ reason: priority.reason }, 'answer worker priority unchanged');
  const base = {
    corpusDir: start.corpusDir,
    cacheDir: start.cacheDir,
    logger,
    ...(start.maxQuestionLength !== undefined ? { maxQuestionLength: start.maxQuestionLength } : {}),
    // The pool watches the published pointer and switches whole generations; a worker never switches.
    watchMs: 0,
    // This thread is not serving yet while it builds: no second thread for the build.
    useWorker: false,
  };
  let engine: Engine;
  let report;
  if (start.mode === 'corpus') {
    engine = await Engine.open({ ...base, from: 'corpus' });
  } else {
    if (!start.version) throw new AnswerPoolError(`mode ${start.mode} needs a version`);
    engine = await Engine.openSnapshot(base, start.version);
    if (start.mode === 'refresh') report = await engine.refresh();
  }
  const status = engine.status();
  port.on('message', (m: ToWorker) => {
    let reply: FromWorker;
    try {
      const value = perform(engine, m);
      reply = { kind: 'reply', id: m.id, ok: true, value };
    } catch (e) {
      reply = { kind: 'reply', id: m.id, ok: false, error: asError(e).message };
    }
    port.postMessage(reply);
  });
  collect(); // what loading left behind, when benchmarks can ask for it
  port.postMessage({ kind: 'ready', status, ...(report ? { report } : {}) } satisfies FromWorker);
}

/** Questions this worker has answered. */
let answered = 0;

/** What the pool asked for. */
function perform(engine: Engine, m: ToWorker): unknown {
  switch (m.op) {
    case 'ask':
      answered++;
      return engine.ask(m.text);
    case 'askRanked':
      answered++;
      return engine.askRanked(m.text, m.more);
    case 'timeline':
      return engine.timeline(m.query);
    case 'documents':
      return engine.documents();
    case 'analyze':
      return engine.analyzeMany(m.texts);
    case 'stats':
      return heapStats();
  }
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/** Heap of this worker's isolate, after a full collection when `--expose-gc` is given (benchmarks), and its count of answers. */
function heapStats(): WorkerHeap {
  collect();
  const h = v8.getHeapStatistics();
  return { heapUsedMb: Math.round(h.used_heap_size / 104857.6) / 10, heapTotalMb: Math.round(h.total_heap_size / 104857.6) / 10, answered };
}

open().catch((e: unknown) => {
  const err = asError(e);
  port.postMessage({ kind: 'failed', error: err.message, code: (err as Partial<QuoteBotError>).code } satisfies FromWorker);
});
