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
 * - `e2e`: the load generator and the fake Slack and Discord, driving the real adapters of a bot process
 *   (bench/bot-process.ts, engine opened from its snapshot) under concurrent load.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../src/engine.js';
import { loadCorpus } from '../src/corpus/load.js';
import { PassageIndex } from '../src/index/passage-index.js';
import { createLogger } from '../src/logger.js';
import { buildBaseline, loadBaseline, type BaselineDoc, type BaselineKind } from './baselines.js';
import { discordLoad, slackLoad } from './e2e.js';
import { memoryMb, round, summarize, type LatencySummary } from './stats.js';

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
  /** Questions asked first, unmeasured (JIT warm-up). */
  warmup: number;
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
  result: string;
}

/** Any job. */
export type Job = BuildJob | ServeJob | E2eJob;

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
}

const silent = createLogger('silent');

function snapshotFiles(cacheDir: string): string[] {
  try {
    return fs.readdirSync(cacheDir).filter((n) => /^snapshot-.*\.json$/.test(n)).sort();
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

async function runServe(job: ServeJob): Promise<ServeFigures> {
  const questions = JSON.parse(fs.readFileSync(job.questionsFile, 'utf8')) as string[];
  if (!questions.length) throw new Error('no questions');
  let answer: (q: string) => boolean;
  let results = 0;
  let fromSnapshot = true;
  const before = snapshotFiles(job.cacheDir);
  const t = performance.now();
  if (job.system === 'ours') {
    const engine = await Engine.open({ corpusDir: job.corpusDir, cacheDir: job.cacheDir, logger: silent });
    answer = (q) => engine.ask(q).answered;
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
  for (let i = 0; i < Math.min(job.warmup, questions.length); i++) answer(questions[i]!);
  results = 0;
  const times: number[] = [];
  let hits = 0;
  for (const q of questions) {
    const s = performance.now();
    const ok = answer(q);
    times.push(performance.now() - s);
    if (ok) hits++;
  }
  const after = process.memoryUsage().rss / 1048576;
  const afterGc = memoryMb();
  return {
    system: job.system,
    startupMs: round(startupMs, 1),
    fromSnapshot,
    ...mem,
    rssAfterMb: round(after, 1),
    rssAfterGcMb: afterGc.rssMb,
    heapAfterGcMb: afterGc.heapMb,
    ...summarize(times),
    hitShare: round(hits / questions.length),
    ...(job.system === 'ours' ? {} : { meanResults: round(results / questions.length, 1) }),
  };
}

async function runE2e(job: E2eJob): Promise<unknown> {
  const questions = JSON.parse(fs.readFileSync(job.questionsFile, 'utf8')) as string[];
  const corpus = { corpusDir: job.corpusDir, cacheDir: job.cacheDir };
  const { passages, ...slack } = await slackLoad(corpus, questions, job.slack);
  const discord = await discordLoad(corpus, questions, job.discord);
  return { passages, slack, discord };
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/child.ts <job.json>');
  const job = JSON.parse(fs.readFileSync(file, 'utf8')) as Job;
  const out = job.phase === 'build' ? await runBuild(job) : job.phase === 'serve' ? await runServe(job) : await runE2e(job);
  fs.writeFileSync(job.result, JSON.stringify(out));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench child failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
