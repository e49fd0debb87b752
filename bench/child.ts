/**
 * One benchmark phase in its own process, so that memory figures and JIT state of one corpus or system
 * never pollute another. Started by bench/run.ts as `node --expose-gc --import tsx bench/child.ts job.json`;
 * writes its figures as JSON to the job's `result` file.
 *
 * Phases:
 * - `build`: index build time of the engine and of both baselines on the same passages, the engine's
 *   cold start (which writes its snapshot) and the snapshot sizes;
 * - `serve`: start-up from the snapshot, memory after loading, and answer latency over the questions, for
 *   one system (the engine or one baseline);
 * - `pool`: the answer worker pool (`ANSWER_WORKERS` threads) opened from the snapshot: start-up, memory
 *   (process RSS, heap of each worker) and throughput with every worker busy;
 * - `e2e`: the load generator and the fake Slack and Discord, driving the real adapters of a bot process
 *   (bench/bot-process.ts, engine opened from its snapshot) under concurrent load.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../src/engine.js';
import { AnswerPool } from '../src/pool/answer-pool.js';
import { loadCorpus } from '../src/corpus/load.js';
import { PassageIndex } from '../src/index/passage-index.js';
import { IndexStore } from '../src/index/store.js';
import { createLogger } from '../src/logger.js';
import { buildBaseline, loadBaseline, type BaselineDoc, type BaselineKind } from './baselines.js';
import { discordLoad, slackLoad } from './e2e.js';
import { cpuMeter, memoryMb, round, summarize, type CpuPerOp, type LatencySummary } from './stats.js';

/** A system measured: the engine, or one of the baselines. */
export type System = 'ours' | BaselineKind;

/** Job of the `build` phase. */
export interface BuildJob {
  phase: 'build';
  corpusDir: string;
  cacheDir: string;
  /** Where the passages and the baseline indexes are written. */
  workDir: string;
  result: string;
}

/** Job of the `serve` phase. */
export interface ServeJob {
  phase: 'serve';
  system: System;
  corpusDir: string;
  cacheDir: string;
  workDir: string;
  /** JSON file holding an array of question strings. */
  questionsFile: string;
  /** JSON file holding the warm-up questions (none of the measured ones). */
  warmupFile: string;
  /** Questions asked first, unmeasured (JIT warm-up), cycling through the warm-up questions. */
  warmup: number;
  result: string;
}

/** Job of the `pool` phase. */
export interface PoolJob {
  phase: 'pool';
  corpusDir: string;
  cacheDir: string;
  questionsFile: string;
  /** JSON file holding the warm-up questions (none of the measured ones). */
  warmupFile: string;
  /** Answer worker threads. */
  workers: number;
  warmup: number;
  /** Interleaved rounds of one thread and the pool (default {@link POOL_ROUNDS}). */
  rounds?: number;
  result: string;
}

/** Job of the `e2e` phase. */
export interface E2eJob {
  phase: 'e2e';
  corpusDir: string;
  cacheDir: string;
  questionsFile: string;
  slack: { concurrency: number; rounds: number };
  discord: { concurrency: number; rounds: number };
  /** Answer worker threads of the bot process for the second Slack load (the first answers on its main thread). */
  poolWorkers: number;
  result: string;
}

/** Any job. */
export type Job = BuildJob | ServeJob | PoolJob | E2eJob;

/** Figures of the `pool` phase. */
export interface PoolFigures {
  workers: number;
  /** AnswerPool.open with the snapshot present (threads started, each loads the index). */
  startupMs: number;
  /** Process RSS after loading (main thread and every worker), after a forced collection in the main thread. */
  rssMb: number;
  /** Heap in use of each worker's isolate after loading (its index). */
  workerHeapMb: number[];
  /** Answers per second with every worker busy (2 questions in flight per worker): the median round. */
  perSec: number;
  /** Answers per second of one engine thread in this process, in rounds interleaved with the pool's. */
  oneThreadPerSec?: number;
  /** Median over the rounds of the pool's answers per second over the one thread's in the same round. */
  ratio?: number;
  /** Rounds measured (one thread, then the pool, each over every question). */
  rounds?: number;
  /** The ratio of each round, in order (the spread behind the median). */
  roundRatios?: number[];
  /**
   * The ratio of one pass over the questions before any engine met them (one round, so noisier): the
   * workers' analysis caches each meet only their share of the questions' passages.
   */
  coldRatio?: number;
  /**
   * CPU per answer in the median round (by ratio), the whole process and its main thread: for one thread (its
   * answering thread is the main thread), and for the pool (whose main thread only dispatches).
   */
  cpu?: { oneThread: CpuPerOp; pool: CpuPerOp };
  /** Latency of one question seen from the main thread under that load (queueing included). */
  p50Ms: number;
  p99Ms: number;
  /** Index version served. */
  version: string;
}

/** Figures of the `build` phase. */
export interface BuildFigures {
  passages: number;
  documents: number;
  buildMs: number;
  /** Engine.open on an empty cache: corpus loading, analysis, index build, snapshot written. */
  coldStartMs: number;
  snapshotBytes: number;
  baseline: { buildMs: number; snapshotBytes: number };
  baselineStopwords: { buildMs: number; snapshotBytes: number };
}

/** Figures of the `serve` phase. */
export interface ServeFigures extends LatencySummary {
  system: System;
  startupMs: number;
  /** Engine: a refresh's switch-over, the new version's snapshot loaded beside the one in service (see switchOver). */
  switchMs?: number;
  /** False when the engine did not start from the snapshot (it rebuilt: a defect to report). */
  fromSnapshot: boolean;
  rssMb: number;
  heapMb: number;
  /** RSS after answering every question (garbage included: what the process really holds under load). */
  rssAfterMb: number;
  /** RSS and heap after answering every question and a full garbage collection (what is retained). */
  rssAfterGcMb: number;
  heapAfterGcMb: number;
  /** Share of questions answered (engine) or with at least one result (baselines). */
  hitShare: number;
  /** Mean number of results of a baseline search (every passage matching any word). */
  meanResults?: number;
  /**
   * CPU per question over the measured questions: the whole process, and the answering thread alone. What the
   * process spends beyond its answering thread is V8's helper threads' work (JIT compilation, garbage
   * collection): near 0 once the answer path is compiled (steady state), and free only while a core is idle.
   */
  cpu: CpuPerOp;
}

const silent = createLogger('silent');

/** A JSON file of question strings; an error when it holds none. */
function readQuestions(file: string): string[] {
  const qs = JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
  if (!qs.length) throw new Error(`no questions in ${file}`);
  return qs;
}

function snapshotFiles(cacheDir: string): string[] {
  try {
    return fs.readdirSync(cacheDir).filter((n) => /^snapshot-.*\.bin$/.test(n)).sort();
  } catch {
    return [];
  }
}

function baselineFile(workDir: string, kind: BaselineKind): string {
  return path.join(workDir, `baseline-${kind}.json`);
}

function passagesFile(workDir: string): string {
  return path.join(workDir, 'passages.json');
}

async function runBuild(job: BuildJob): Promise<BuildFigures> {
  const corpus = await loadCorpus(job.corpusDir);
  if (corpus.rejected.length) throw new Error(`corpus files rejected: ${JSON.stringify(corpus.rejected.slice(0, 3))}`);
  const docs = corpus.documents.map((d) => ({ ...d, hash: createHash('sha256').update(corpus.files.get(d.file) ?? '').digest('hex').slice(0, 16) }));
  let t = performance.now();
  let index: PassageIndex | null = PassageIndex.build(docs);
  const buildMs = performance.now() - t;
  const texts: BaselineDoc[] = index.passages.map((p, id) => ({ id, text: index!.text(p) }));
  const documents = index.documents.length;
  index = null;
  fs.mkdirSync(job.workDir, { recursive: true });
  fs.writeFileSync(passagesFile(job.workDir), JSON.stringify(texts.map((d) => d.text)));

  const baselines = {} as Record<BaselineKind, { buildMs: number; snapshotBytes: number }>;
  for (const kind of ['default', 'stopwords'] as const) {
    t = performance.now();
    const ms = buildBaseline(kind, texts);
    const ms2 = performance.now() - t;
    const json = JSON.stringify(ms);
    fs.writeFileSync(baselineFile(job.workDir, kind), json);
    baselines[kind] = { buildMs: round(ms2, 1), snapshotBytes: Buffer.byteLength(json) };
  }

  fs.rmSync(job.cacheDir, { recursive: true, force: true });
  fs.mkdirSync(job.cacheDir, { recursive: true });
  t = performance.now();
  const engine = await Engine.open({ corpusDir: job.corpusDir, cacheDir: job.cacheDir, logger: silent });
  const coldStartMs = performance.now() - t;
  const snaps = snapshotFiles(job.cacheDir);
  if (snaps.length !== 1) throw new Error(`expected one snapshot in ${job.cacheDir}, found ${snaps.length}`);
  if (engine.status().passages !== texts.length) throw new Error(`engine has ${engine.status().passages} passages, the build ${texts.length}`);
  return {
    passages: texts.length,
    documents,
    buildMs: round(buildMs, 1),
    coldStartMs: round(coldStartMs, 1),
    snapshotBytes: fs.statSync(path.join(job.cacheDir, snaps[0]!)).size,
    baseline: baselines.default,
    baselineStopwords: baselines.stopwords,
  };
}

/**
 * A refresh's switch-over in a serving engine: the new version's verified snapshot loaded back (read,
 * checked, restored, translator rebuilt), all that happens between the build (in the build worker) and the
 * one-assignment swap. Measured on the version in service, while the engine holds it (as during a refresh).
 */
async function switchOver(job: ServeJob, version: string): Promise<number> {
  const store = new IndexStore({ corpusDir: job.corpusDir, cacheDir: job.cacheDir, logger: silent, useWorker: false });
  const t = performance.now();
  const loaded = await store.load(version);
  const ms = performance.now() - t;
  if (!loaded) throw new Error(`no snapshot of ${version} to switch to`);
  return ms;
}

async function runServe(job: ServeJob): Promise<ServeFigures> {
  const questions = JSON.parse(fs.readFileSync(job.questionsFile, 'utf8')) as string[];
  if (!questions.length) throw new Error('no questions');
  let answer: (q: string) => boolean;
  let results = 0;
  let fromSnapshot = true;
  let version: string | undefined;
  const before = snapshotFiles(job.cacheDir);
  const t = performance.now();
  if (job.system === 'ours') {
    const engine = await Engine.open({ corpusDir: job.corpusDir, cacheDir: job.cacheDir, logger: silent });
    answer = (q) => engine.ask(q).answered;
    version = engine.status().version;
    fromSnapshot = before.length > 0 && JSON.stringify(before) === JSON.stringify(snapshotFiles(job.cacheDir));
  } else {
    const ms = loadBaseline(job.system, fs.readFileSync(baselineFile(job.workDir, job.system), 'utf8'));
    answer = (q) => {
      const r = ms.search(q);
      results += r.length;
      return r.length > 0;
    };
  }
  const startupMs = performance.now() - t;
  const mem = memoryMb();
  const warm = readQuestions(job.warmupFile);
  for (let i = 0; i < job.warmup; i++) answer(warm[i % warm.length]!);
  results = 0;
  const times: number[] = [];
  let hits = 0;
  const cpu = cpuMeter();
  for (const q of questions) {
    const s = performance.now();
    const ok = answer(q);
    times.push(performance.now() - s);
    if (ok) hits++;
  }
  const cpuPerQuestion = cpu(questions.length);
  const after = process.memoryUsage().rss / 1048576;
  const afterGc = memoryMb();
  const switchMs = version ? await switchOver(job, version) : undefined;
  return {
    system: job.system,
    startupMs: round(startupMs, 1),
    ...(switchMs !== undefined ? { switchMs: round(switchMs, 1) } : {}),
    fromSnapshot,
    ...mem,
    rssAfterMb: round(after, 1),
    rssAfterGcMb: afterGc.rssMb,
    heapAfterGcMb: afterGc.heapMb,
    ...summarize(times),
    hitShare: round(hits / questions.length),
    ...(job.system === 'ours' ? {} : { meanResults: round(results / questions.length, 1) }),
    cpu: cpuPerQuestion,
  };
}

/** Answers every question once through the pool, with two questions per worker in flight: questions/s and latencies. */
async function poolPass(pool: AnswerPool, questions: string[], workers: number, times: number[]): Promise<{ perSec: number; cpu: CpuPerOp }> {
  let next = 0;
  const cpu = cpuMeter();
  const started = performance.now();
  const lane = async () => {
    while (next < questions.length) {
      const q = questions[next++]!;
      const s = performance.now();
      await pool.ask(q);
      times.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: 2 * workers }, lane));
  const perSec = (questions.length * 1000) / (performance.now() - started);
  return { perSec, cpu: cpu(questions.length) };
}

/** Answers every question once on this thread: questions/s. */
function threadPass(engine: Engine, questions: string[]): { perSec: number; cpu: CpuPerOp } {
  const cpu = cpuMeter();
  const started = performance.now();
  for (const q of questions) engine.ask(q);
  const perSec = (questions.length * 1000) / (performance.now() - started);
  return { perSec, cpu: cpu(questions.length) };
}

/**
 * Interleaved rounds of the pool phase: at 100,000 passages the ratio of one round moves between about 1.3× and
 * 2.0× even on a quiet machine (a round is under a second), and a median of five or seven rounds moved by 0.25
 * between runs a minute apart, so the median is taken over fifteen (about 20 s at 100,000 passages).
 */
export const POOL_ROUNDS = 15;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Rounds of one engine thread (in this process, on the same snapshot), then the pool, each over every
 * question: both measured under the same load of the machine, round by round. Every engine has answered every
 * question once before the rounds (the thread, and each worker through {@link AnswerPool.warmUp}), so that each
 * starts them in the same state: an engine meeting the questions' passages for the first time is slower (its
 * analysis caches), and through the queue each worker would meet only a share of them per round. That first
 * meeting is measured once, before, as `coldRatio`.
 */
async function interleavedRounds(job: PoolJob, pool: AnswerPool, questions: string[], rounds: number) {
  const engine = await Engine.open({ corpusDir: job.corpusDir, cacheDir: job.cacheDir, logger: silent, watchMs: 0 });
  const warm = readQuestions(job.warmupFile);
  for (let i = 0; i < job.warmup; i++) engine.ask(warm[i % warm.length]!);
  // The first meeting, measured once: each worker meets only its share of the questions' passages.
  const coldOne = threadPass(engine, questions);
  const coldPool = await poolPass(pool, questions, job.workers, []);
  await pool.warmUp(questions);
  const times: number[] = [];
  const one: { perSec: number; cpu: CpuPerOp }[] = [];
  const inPool: { perSec: number; cpu: CpuPerOp }[] = [];
  for (let r = 0; r < rounds; r++) {
    one.push(threadPass(engine, questions));
    inPool.push(await poolPass(pool, questions, job.workers, times));
  }
  const ratios = inPool.map((x, i) => x.perSec / one[i]!.perSec);
  const mid = ratios.indexOf(median(ratios));
  return {
    one: one.map((x) => x.perSec),
    inPool: inPool.map((x) => x.perSec),
    ratios,
    times,
    ratio: ratios[mid]!,
    coldRatio: coldPool.perSec / coldOne.perSec,
    cpu: { oneThread: one[mid]!.cpu, pool: inPool[mid]!.cpu },
  };
}

async function runPool(job: PoolJob): Promise<PoolFigures> {
  const questions = JSON.parse(fs.readFileSync(job.questionsFile, 'utf8')) as string[];
  if (!questions.length) throw new Error('no questions');
  const t = performance.now();
  // Workers at the main thread's CPU priority (`nice: 0`): throughput against one thread at the same priority
  // (the bot lowers its workers below its main thread so that acknowledgements come first; nothing else runs here).
  const pool = await AnswerPool.open({ corpusDir: job.corpusDir, cacheDir: job.cacheDir, logger: silent, workers: job.workers, watchMs: 0, nice: 0 });
  const startupMs = performance.now() - t;
  try {
    const mem = memoryMb();
    const heaps = await pool.heaps();
    // Warm-up: every worker answers as many questions as the one thread does (JIT), unmeasured.
    const warm = readQuestions(job.warmupFile);
    await Promise.all(Array.from({ length: job.warmup * job.workers }, (_, i) => pool.ask(warm[i % warm.length]!)));
    const r = await interleavedRounds(job, pool, questions, job.rounds ?? POOL_ROUNDS);
    const lat = summarize(r.times);
    return {
      workers: job.workers,
      startupMs: round(startupMs, 1),
      rssMb: mem.rssMb,
      workerHeapMb: heaps.map((h) => h.heapUsedMb),
      perSec: round(median(r.inPool), 1),
      oneThreadPerSec: round(median(r.one), 1),
      ratio: round(r.ratio, 3),
      roundRatios: r.ratios.map((x) => round(x, 3)),
      coldRatio: round(r.coldRatio, 3),
      rounds: r.one.length,
      cpu: r.cpu,
      p50Ms: lat.p50Ms,
      p99Ms: lat.p99Ms,
      version: pool.status().version,
    };
  } finally {
    await pool.close();
  }
}

async function runE2e(job: E2eJob): Promise<unknown> {
  const questions = JSON.parse(fs.readFileSync(job.questionsFile, 'utf8')) as string[];
  const corpus = { corpusDir: job.corpusDir, cacheDir: job.cacheDir };
  const { passages, ...slack } = await slackLoad(corpus, questions, job.slack);
  const { passages: _p, ...slackPool } = await slackLoad({ ...corpus, answerWorkers: job.poolWorkers }, questions, job.slack);
  const discord = await discordLoad(corpus, questions, job.discord);
  return { passages, slack, slackPool: { ...slackPool, workers: job.poolWorkers }, discord };
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/child.ts <job.json>');
  const job = JSON.parse(fs.readFileSync(file, 'utf8')) as Job;
  const out =
    job.phase === 'build' ? await runBuild(job) : job.phase === 'serve' ? await runServe(job) : job.phase === 'pool' ? await runPool(job) : await runE2e(job);
  fs.writeFileSync(job.result, JSON.stringify(out));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench child failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
