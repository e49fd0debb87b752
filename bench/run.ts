/**
 * `npm run bench`: latency, throughput, memory and start-up of the answer engine on corpora of growing
 * size, beside two minisearch baselines measured in the same run on the same passages, and the chat
 * adapters under concurrent load. Prints a Markdown table and writes `bench/results.json`.
 *
 * Options:
 *   --quick               seed article, PIAF and 10,000 synthetic passages only
 *   --sizes 10000,100000  synthetic corpus sizes in passages (default 10000,100000)
 *   --questions 300       PIAF questions asked per corpus and system (a fixed, evenly spread sample)
 *   --warmup N            questions answered, unmeasured, before measuring (per system, and per worker of the
 *                         pool): steady state, not the JIT compiling the answer path. Other PIAF questions than
 *                         the measured ones (default: WARMUP_PASSES = 6 times as many, 1,800 with the default
 *                         300 questions; see bench/README.md)
 *   --seed 20260309       seed of the synthetic corpora
 *   --plot                also write bench/results.svg (latency and memory against corpus size)
 *   --profile             run the engine's serve phase under `node --cpu-prof` (bench/profiles/serve-<corpus>/,
 *                         one file per thread: the largest is the main thread)
 *   --pool-workers N      answer worker threads of the pool throughput phase (default: every core); the
 *                         end-to-end Slack load with the pool uses ANSWER_WORKERS' default (cores − 1)
 *   --no-e2e              skip the Slack and Discord load
 *   --keep                keep the generated corpora and caches (their directory is printed)
 *   --no-startup          skip the start-up of the whole bot, tsx against the compiled build (npm run build)
 *   --only-e2e            only the Slack and Discord load (seed article and the largest synthetic corpus; no
 *                         engine, baseline, pool or start-up phase); writes bench/results-e2e.json
 *   --work DIR            generated corpora and caches in DIR, kept: a second run reuses the corpora and the
 *                         snapshots (with --only-e2e, the first bot process builds the snapshot it lacks)
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSquad } from '../src/eval/squad.js';
import { defaultAnswerWorkers } from '../src/config.js';
import type { BuildFigures, E2eJob, Job, PoolFigures, ServeFigures, System } from './child.js';
import type { DiscordFigures, SlackFigures } from './e2e.js';
import { renderSvg } from './plot.js';
import { round, type CpuPerOp } from './stats.js';
import { measureStartup, startCommands, type StartupFigures } from './startup.js';
import { generateCorpus, piafModel, writeCorpus } from './synthetic.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PIAF = path.resolve(ROOT, '../shared/datasets/piaf-v1.0.json');
const SEED_QUESTIONS = path.join(ROOT, 'data/eval/seed-questions.json');
const BUNDLED_CORPUS = path.join(ROOT, 'corpus');

/**
 * Default warm-up, in passes over the question sample: V8 was still re-optimizing the answer path (deopts and
 * TurboFan recompiles, 30 per pass, 0.3–0.6 s of compilation per pass on a helper thread) through the fifth
 * pass over the 300 questions at 100,000 passages, and settled from the sixth (2–10 small recompiles per
 * pass); see bench/README.md.
 */
export const WARMUP_PASSES = 6;

/** Command-line options. */
export interface BenchOptions {
  sizes: number[];
  questions: number;
  seed: number;
  plot: boolean;
  profile: boolean;
  e2e: boolean;
  keep: boolean;
  /** Worker threads of the pool throughput phase. */
  poolWorkers: number;
  /** Measure the whole bot's start-up, tsx against the compiled build, on the largest corpus. */
  startup: boolean;
  /** Questions answered, unmeasured, before measuring (each system; each worker of the pool). */
  warmup: number;
  /** Only the end-to-end load (Slack and Discord). */
  onlyE2e: boolean;
  /** Work directory kept between runs (corpora and snapshots reused); default: a temporary one. */
  work?: string;
}

/** Parses the command line; throws a clear error on a bad option. */
export function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    sizes: [10_000, 100_000],
    questions: 300,
    seed: 20260309,
    plot: false,
    profile: false,
    e2e: true,
    keep: false,
    poolWorkers: os.availableParallelism(),
    startup: true,
    warmup: 0,
    onlyE2e: false,
  };
  const int = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!v || !Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive integer, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') o.sizes = [10_000];
    else if (a === '--sizes') o.sizes = (argv[++i] ?? '').split(',').map((s) => int('--sizes', s.trim()));
    else if (a === '--questions') o.questions = int('--questions', argv[++i]);
    else if (a === '--warmup') o.warmup = int('--warmup', argv[++i]);
    else if (a === '--seed') o.seed = int('--seed', argv[++i]);
    else if (a === '--plot') o.plot = true;
    else if (a === '--profile') o.profile = true;
    else if (a === '--no-e2e') o.e2e = false;
    else if (a === '--keep') o.keep = true;
    else if (a === '--pool-workers') o.poolWorkers = int('--pool-workers', argv[++i]);
    else if (a === '--no-startup') o.startup = false;
    else if (a === '--only-e2e') o.onlyE2e = true;
    else if (a === '--work') {
      o.work = argv[++i];
      if (!o.work) throw new Error('--work needs a directory');
    }
    else throw new Error(`unknown option ${a} (see bench/README.md)`);
  }
  if (!o.warmup) o.warmup = WARMUP_PASSES * o.questions;
  return o;
}

/** One corpus to measure. */
interface CorpusSpec {
  name: string;
  dir: string;
}

/** Baseline figures kept per corpus. */
interface BaselineRow {
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  startupMs: number;
  snapshotBytes: number;
  answersPerSec: number;
  rssMb: number;
  heapMb: number;
  meanResults?: number;
  cpu?: CpuPerOp;
}

/** Figures of one corpus in `results.json`. */
export interface CorpusRow {
  name: string;
  passages: number;
  documents: number;
  buildMs: number;
  coldStartMs: number;
  snapshotBytes: number;
  startupMs: number;
  /** A refresh's switch-over: the new version's snapshot loaded beside the one in service (ms). */
  switchMs: number;
  fromSnapshot: boolean;
  p50Ms: number;
  p99Ms: number;
  answersPerSec: number;
  /** Answers per second with the answer worker pool, every worker busy (see `pool.workers`). */
  answersPerSecPool: number;
  /** The pool phase: start-up, memory per worker, throughput. */
  pool: PoolFigures;
  rssMb: number;
  heapMb: number;
  rssAfterMb: number;
  rssAfterGcMb: number;
  heapAfterGcMb: number;
  answeredShare: number;
  /** CPU per question over the measured questions: the whole process and the answering thread (serve phase). */
  cpu?: CpuPerOp;
  baseline: BaselineRow;
  baselineStopwords: BaselineRow;
}

/** The whole `results.json`. */
export interface Results {
  date: string;
  machine: { node: string; cpus: number; cpuModel: string; totalMemMb: number };
  options: BenchOptions;
  questions: number;
  corpora: CorpusRow[];
  slack?: SlackFigures & { corpus: string; passages: number };
  /** The same Slack load with the answer worker pool on. */
  slackPool?: SlackFigures & { corpus: string; passages: number; workers: number };
  discord?: DiscordFigures & { corpus: string; passages: number };
  e2e: { corpus: string; passages: number; slack: SlackFigures; slackPool: SlackFigures & { workers: number }; discord: DiscordFigures }[];
  /** End-to-end runs that failed, with the reason. */
  e2eErrors: { corpus: string; error: string }[];
  targets: { name: string; value: number; limit: number; ok: boolean }[];
  /** Start-up of the whole bot process on the largest corpus, from its snapshot: tsx and compiled. */
  startup?: { corpus: string; passages: number; commands: StartupFigures[] };
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/**
 * Warm-up questions of a system's serve phase: `warmup` for the engine and the stopword baseline (the ratios
 * the targets read); at most 20 for minisearch's defaults, a reference whose every search lists most of the
 * corpus (a second or more each at 100,000 passages: a full warm-up pass would add minutes to every run).
 */
export function warmupOf(system: System, warmup: number): number {
  return system === 'default' ? Math.min(warmup, 20) : warmup;
}

async function runChild(job: Job, tmp: string, extraNodeArgs: string[] = []): Promise<unknown> {
  const jobFile = path.join(tmp, `job-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(jobFile, JSON.stringify(job));
  const args = ['--expose-gc', ...extraNodeArgs, '--import', 'tsx', path.join(ROOT, 'bench/child.ts'), jobFile];
  const code = await new Promise<number>((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  if (code !== 0) throw new Error(`bench child (${job.phase}) exited with code ${code}`);
  return JSON.parse(fs.readFileSync(job.result, 'utf8'));
}

/**
 * The warm-up questions: up to `n` of `all` that are not among the `measured` ones (none of their strings),
 * evenly spread. The measured questions are never answered before they are measured, so that no cache of the
 * answer path (a word's tokens, a stem) holds their words because of them.
 */
export function warmupQuestions(all: readonly string[], measured: readonly string[], n: number): string[] {
  const seen = new Set(measured);
  return sampleQuestions(all.filter((q) => !seen.has(q)), n);
}

function sampleQuestions(all: string[], n: number): string[] {
  if (all.length <= n) return all;
  const stride = all.length / n;
  return Array.from({ length: n }, (_, i) => all[Math.floor(i * stride)]!);
}

const mb = (bytes: number) => round(bytes / 1048576, 1);
const ratio = (a: number, b: number) => (b > 0 ? `${round(a / b, 2)}×` : '–');
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? String(round(x, d)) : '–');

/** The Markdown report: one row per corpus and system, then targets and end-to-end figures. */
export function renderMarkdown(r: Results): string {
  const out: string[] = [];
  out.push(`## Benchmark (${r.date}, Node ${r.machine.node}, ${r.machine.cpus} CPU ${r.machine.cpuModel}, ${r.questions} PIAF questions after ${r.options.warmup ?? 20} unmeasured other ones)`, '');
  if (r.corpora.length) renderCorpora(r, out);
  if (r.e2e.length) renderE2e(r, out);
  for (const e of r.e2eErrors) out.push('', `End-to-end load on ${e.corpus} failed: ${e.error}`);
  if (r.startup) {
    out.push('', `Start-up of the whole bot (terminal, ${r.startup.corpus}, ${r.startup.passages} passages, from its snapshot): spawn → first byte of the answer to one question.`, '');
    out.push('| command | median ms | runs ms |', '|---|---:|---|');
    for (const c of r.startup.commands) out.push(`| ${c.name} | ${fmt(c.medianMs, 0)} | ${c.runsMs.join(', ')} |`);
  }
  if (r.targets.length) {
    out.push('', '| target | measured | limit | |', '|---|---:|---:|---|');
    for (const t of r.targets) out.push(`| ${t.name} | ${fmt(t.value, 2)} | ${t.limit} | ${t.ok ? 'met' : '**MISSED**'} |`);
  }
  return out.join('\n');
}

/** The engine, baseline and pool tables. */
function renderCorpora(r: Results, out: string[]): void {
  out.push(
    '| corpus | passages | system | build ms | snapshot MB | start-up ms | p50 ms | p99 ms | answers/s | RSS MB | heap MB | p50 vs stopwords | p99 vs stopwords |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const c of r.corpora) {
    const s = c.baselineStopwords;
    const rows: [string, BaselineRow | CorpusRow][] = [
      ['**ours** (whole answer path)', c],
      ['minisearch + stopwords', s],
      ['minisearch defaults', c.baseline],
    ];
    for (const [name, x] of rows) {
      out.push(
        `| ${c.name} | ${c.passages} | ${name} | ${fmt(x.buildMs, 0)} | ${mb(x.snapshotBytes)} | ${fmt(x.startupMs, 0)} | ${fmt(x.p50Ms, 3)} | ${fmt(x.p99Ms, 3)} | ${fmt(x.answersPerSec, 0)} | ${fmt(x.rssMb, 0)} | ${fmt(x.heapMb, 0)} | ${ratio(x.p50Ms, s.p50Ms)} | ${ratio(x.p99Ms, s.p99Ms)} |`,
      );
    }
  }
  out.push('', 'Engine extras: cold start = Engine.open on an empty cache (load, analyze, build, write snapshot).', '');
  out.push('| corpus | cold start ms | from snapshot | refresh switch-over ms | answered | RSS after questions MB (after GC) | heap after questions + GC MB | build vs stopwords | start-up vs stopwords | switch-over vs stopwords | RSS vs stopwords |', '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.corpora) {
    const s = c.baselineStopwords;
    out.push(
      `| ${c.name} | ${fmt(c.coldStartMs, 0)} | ${c.fromSnapshot ? 'yes' : '**NO (rebuilt)**'} | ${fmt(c.switchMs, 0)} | ${Math.round(c.answeredShare * 100)}% | ${fmt(c.rssAfterMb, 0)} (${fmt(c.rssAfterGcMb, 0)}) | ${fmt(c.heapAfterGcMb, 0)} | ${ratio(c.buildMs, s.buildMs)} | ${ratio(c.startupMs, s.startupMs)} | ${ratio(c.switchMs, s.startupMs)} | ${ratio(c.rssMb, s.rssMb)} |`,
    );
  }
  out.push('', 'Answer worker pool (`AnswerPool`, one index per worker thread, every worker busy):', '');
  out.push('| corpus | workers | start-up ms | RSS MB (vs one thread) | heap per worker MB | answers/s (vs one thread) | p50 / p99 ms under load | process CPU per answer ms, one thread / pool |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.corpora) {
    const p = c.pool;
    const cpu = p.cpu ? `${fmt(p.cpu.oneThread.processMs, 2)} / ${fmt(p.cpu.pool.processMs, 2)}` : '–';
    out.push(
      `| ${c.name} | ${p.workers} | ${fmt(p.startupMs, 0)} | ${fmt(p.rssMb, 0)} (${ratio(p.rssMb, c.rssMb)}) | ${p.workerHeapMb.map((h) => fmt(h, 0)).join(', ')} | ${fmt(p.perSec, 0)} (${p.ratio !== undefined ? `${fmt(p.ratio, 2)}× one thread's ${fmt(p.oneThreadPerSec ?? Number.NaN, 0)} in the same rounds${p.roundRatios?.length ? `, rounds ${fmt(Math.min(...p.roundRatios), 2)}–${fmt(Math.max(...p.roundRatios), 2)}×` : ''}${p.coldRatio !== undefined ? `; first meeting ${fmt(p.coldRatio, 2)}×` : ''}` : ratio(p.perSec, c.answersPerSec)}) | ${fmt(p.p50Ms, 1)} / ${fmt(p.p99Ms, 1)} | ${cpu} |`,
    );
  }
  renderCpu(r, out);
}

/**
 * CPU per question of the engine and the stopword baseline over their measured questions: the whole process
 * against the answering thread. The difference is V8's helper threads (JIT compilation, garbage collection);
 * a large share means the JIT had not settled after the warm-up, and the figures are not the steady state.
 */
function renderCpu(r: Results, out: string[]): void {
  const rows = r.corpora.filter((c) => c.cpu);
  if (!rows.length) return;
  out.push('', "CPU per question over the measured questions (serve phase): whole process / answering thread; the rest is V8's helper threads (JIT compilation, GC).", '');
  out.push('| corpus | ours ms | ours, helper threads | stopwords ms | stopwords, helper threads |', '|---|---:|---:|---:|---:|');
  for (const c of rows) {
    const s = c.baselineStopwords.cpu;
    out.push(`| ${c.name} | ${cpuCell(c.cpu!)} | ${helperShare(c.cpu!)} | ${s ? cpuCell(s) : '–'} | ${s ? helperShare(s) : '–'} |`);
  }
  const big = [...rows].sort((a, b) => b.passages - a.passages)[0]!;
  const share = 1 - big.cpu!.threadMs / big.cpu!.processMs;
  if (share > HELPER_SHARE_WARNING) {
    out.push('', `**Warning**: ${Math.round(share * 100)}% of the engine's CPU on ${big.name} went to V8's helper threads: the JIT had not settled after ${r.options.warmup} warm-up questions; raise --warmup.`);
  }
}

/** Above this share of helper-thread CPU in the engine's serve phase, the report warns that the JIT had not settled. */
export const HELPER_SHARE_WARNING = 0.1;

const cpuCell = (c: CpuPerOp) => `${fmt(c.processMs, 2)} / ${fmt(c.threadMs, 2)}`;
const helperShare = (c: CpuPerOp) => (Number.isFinite(c.threadMs) && c.processMs > 0 ? `${Math.round((1 - c.threadMs / c.processMs) * 100)}%` : '–');

/** The end-to-end table: Slack and Discord under concurrent load, then the bot process's event loop. */
function renderE2e(r: Results, out: string[]): void {
  out.push('', '| end to end | passages | Slack ack p50 / p99 ms | Slack answer p50 / p99 ms | Discord callback p50 / p99 ms | Discord answer p50 / p99 ms |', '|---|---:|---:|---:|---:|---:|');
  for (const e of r.e2e) {
    out.push(
      `| ${e.corpus} (${e.slack.requests} /ask × ${e.slack.concurrency} concurrent; ${e.discord.interactions} interactions × ${e.discord.concurrency}) | ${e.passages} | ${fmt(e.slack.ackP50Ms, 1)} / ${fmt(e.slack.ackP99Ms, 1)} | ${fmt(e.slack.answerP50Ms, 0)} / ${fmt(e.slack.answerP99Ms, 0)} | ${fmt(e.discord.callbackP50Ms, 0)} / ${fmt(e.discord.callbackP99Ms, 0)} | ${fmt(e.discord.answerP50Ms, 0)} / ${fmt(e.discord.answerP99Ms, 0)} |`,
    );
    const p = e.slackPool;
    out.push(
      `| ${e.corpus}, answer pool of ${p.workers} worker${p.workers > 1 ? 's' : ''} (bot RSS ${fmt(p.botRssMb, 0)} MB; without the pool ${fmt(e.slack.botRssMb, 0)} MB) | ${e.passages} | ${fmt(p.ackP50Ms, 1)} / ${fmt(p.ackP99Ms, 1)} | ${fmt(p.answerP50Ms, 0)} / ${fmt(p.answerP99Ms, 0)} | | |`,
    );
  }
  const withLoop = r.e2e.filter((e) => e.slack.bot && e.slackPool.bot);
  if (!withLoop.length) return;
  out.push(
    '',
    "The bot process's main thread during the measured Slack waves (bench/loop-watch.ts): event-loop delay, garbage collection, its CPU time per request, and the acknowledgements as the bot sees them (headers parsed → sent; and from the load generator's send, one clock), and the main thread's time waiting for a CPU while runnable (per request, from Linux schedstat).",
    '',
  );
  out.push('| Slack load | loop delay p50 / p99 / max ms | GC pauses, total / longest ms | main-thread CPU per request ms | ack in the bot p50 / p99 ms | ack from the send p50 / p99 ms | major page faults | waiting for a CPU per request ms |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const e of withLoop) {
    for (const [name, f] of [[`${e.corpus}, answers on the main thread`, e.slack], [`${e.corpus}, answer pool of ${e.slackPool.workers}`, e.slackPool]] as const) {
      const b = f.bot!;
      const perRequest = b.mainCpuMs && b.httpCount ? fmt(b.mainCpuMs / b.httpCount, 1) : '–';
      const waiting = b.mainRunQueueMs !== undefined && b.httpCount ? fmt(b.mainRunQueueMs / b.httpCount, 2) : '–';
      out.push(
        `| ${name} | ${fmt(b.loopP50Ms, 1)} / ${fmt(b.loopP99Ms, 1)} / ${fmt(b.loopMaxMs, 1)} | ${b.gcCount}, ${fmt(b.gcTotalMs, 0)} / ${fmt(b.gcMaxMs, 1)} | ${perRequest} | ${fmt(b.httpP50Ms, 2)} / ${fmt(b.httpP99Ms, 1)} | ${fmt(b.sentToAckP50Ms, 1)} / ${fmt(b.sentToAckP99Ms, 1)} | ${b.majorFaults ?? '–'} | ${waiting} |`,
      );
    }
  }
}

function targets(r: Results): Results['targets'] {
  const big = [...r.corpora].filter((c) => c.passages >= 100_000).sort((a, b) => b.passages - a.passages)[0];
  const t: Results['targets'] = [];
  if (big) {
    t.push({ name: `${big.name}: answer p99 (ms)`, value: big.p99Ms, limit: 20, ok: big.p99Ms <= 20 });
    t.push({ name: `${big.name}: start-up from snapshot (ms)`, value: big.startupMs, limit: 2000, ok: big.startupMs <= 2000 && big.fromSnapshot });
    t.push({ name: `${big.name}: RSS after loading (MB)`, value: big.rssMb, limit: 1024, ok: big.rssMb <= 1024 });
    const x = big.p50Ms / big.baselineStopwords.p50Ms;
    t.push({ name: `${big.name}: p50 / stopword baseline p50`, value: x, limit: 1.5, ok: x <= 1.5 });
    const s = big.startupMs / big.baselineStopwords.startupMs;
    t.push({ name: `${big.name}: start-up / stopword baseline loadJSON`, value: s, limit: 1, ok: s <= 1 && big.fromSnapshot });
    const sw = big.switchMs / big.baselineStopwords.startupMs;
    t.push({ name: `${big.name}: refresh switch-over / stopword baseline loadJSON`, value: sw, limit: 1, ok: sw <= 1 });
    // One thread and the pool measured in interleaved rounds of one process (the same load on the machine).
    const p = big.pool.ratio ?? big.answersPerSecPool / big.answersPerSec;
    t.push({ name: `${big.name}: pool throughput (${big.pool.workers} workers) / one thread`, value: p, limit: 1.6, ok: p >= 1.6 });
  }
  if (r.slack) t.push({ name: `Slack ack p99 under ${r.slack.concurrency} concurrent (ms, ${r.slack.corpus})`, value: r.slack.ackP99Ms, limit: 100, ok: r.slack.ackP99Ms <= 100 });
  if (r.slackPool && r.slack?.botRssMb) {
    // One index per worker: the default pool (cores − 1) against the same bot answering on its main thread.
    const m = r.slackPool.botRssMb / r.slack.botRssMb;
    t.push({ name: `bot RSS with the answer pool (${r.slackPool.workers} worker) / without (${r.slackPool.corpus})`, value: m, limit: 1.5, ok: m <= 1.5 });
  }
  if (r.slackPool) {
    t.push({ name: `Slack ack p99 under ${r.slackPool.concurrency} concurrent, answer pool on (ms, ${r.slackPool.corpus})`, value: r.slackPool.ackP99Ms, limit: 50, ok: r.slackPool.ackP99Ms <= 50 });
  }
  return t;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const tmp = o.work ? path.resolve(o.work) : fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-bench-'));
  fs.mkdirSync(tmp, { recursive: true });
  log(`work directory ${tmp}`);
  const cleanup = () => {
    if (!o.keep && !o.work) fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const squad = readSquad(PIAF);
    const questions = sampleQuestions(
      squad.questions.map((q) => q.question),
      o.questions,
    );
    const questionsFile = path.join(tmp, 'questions.json');
    fs.writeFileSync(questionsFile, JSON.stringify(questions));
    const warmupFile = path.join(tmp, 'warmup-questions.json');
    fs.writeFileSync(warmupFile, JSON.stringify(warmupQuestions(squad.questions.map((q) => q.question), questions, o.warmup)));
    const seedQuestions = (JSON.parse(fs.readFileSync(SEED_QUESTIONS, 'utf8')) as { questions: { question: string }[] }).questions.map((q) => q.question);
    const seedQuestionsFile = path.join(tmp, 'seed-questions.json');
    fs.writeFileSync(seedQuestionsFile, JSON.stringify(seedQuestions));
    const glossary = fs.readFileSync(path.join(BUNDLED_CORPUS, 'glossary.yml'), 'utf8');

    const corpora: CorpusSpec[] = [{ name: 'seed article', dir: BUNDLED_CORPUS }];
    if (!o.onlyE2e) {
      const piafDir = path.join(tmp, 'corpus-piaf');
      writeCorpus(piafDir, squad.documents.map((d) => ({ ...d, id: `piaf-${d.id}`, published: d.published ?? '2020-01-01' })), glossary);
      corpora.push({ name: 'PIAF', dir: piafDir });
    }
    const model = piafModel(squad);
    // With --only-e2e only the largest synthetic corpus is loaded.
    for (const size of o.onlyE2e ? o.sizes.slice(-1) : o.sizes) {
      const t = performance.now();
      const dir = path.join(tmp, `corpus-synth-${size}-${o.seed}`);
      // A corpus written completely by an earlier run in the same --work directory is reused as it is.
      const done = path.join(dir, '.complete');
      if (!fs.existsSync(done)) {
        fs.rmSync(dir, { recursive: true, force: true });
        const docs = generateCorpus(model, { passages: size, seed: o.seed });
        writeCorpus(dir, docs, glossary);
        fs.writeFileSync(done, '');
        log(`synthetic corpus of ${size} passages: ${docs.length} documents in ${Math.round(performance.now() - t)} ms`);
      } else log(`synthetic corpus of ${size} passages: reused from ${dir}`);
      corpora.push({ name: `synthetic ${size}`, dir });
    }

    const rows: CorpusRow[] = [];
    for (const c of o.onlyE2e ? [] : corpora) {
      const slug = c.name.replace(/\W+/g, '-');
      const cacheDir = path.join(tmp, `cache-${slug}`);
      const workDir = path.join(tmp, `work-${slug}`);
      log(`${c.name}: building (engine and baselines)…`);
      const b = (await runChild({ phase: 'build', corpusDir: c.dir, cacheDir, workDir, result: path.join(tmp, `build-${slug}.json`) }, tmp)) as BuildFigures;
      log(`${c.name}: ${b.passages} passages, engine build ${Math.round(b.buildMs)} ms`);
      const serve = {} as Record<System, ServeFigures>;
      for (const system of ['ours', 'stopwords', 'default'] as const) {
        log(`${c.name}: serving ${system}…`);
        const prof = o.profile && system === 'ours' ? ['--cpu-prof', '--cpu-prof-dir', path.join(ROOT, 'bench/profiles', `serve-${slug}`)] : [];
        const job = { phase: 'serve', system, corpusDir: c.dir, cacheDir, workDir, questionsFile, warmupFile, warmup: warmupOf(system, o.warmup), result: path.join(tmp, `serve-${slug}-${system}.json`) } as const;
        serve[system] = (await runChild(job, tmp, prof)) as ServeFigures;
        for (let retry = 0; retry < 2 && !serve[system].fromSnapshot; retry++) {
          // The engine's version is a hash of src/ and data/: an edit there since the build phase makes the
          // snapshot stale and the engine rebuilds (and writes a fresh one). Measure again from that one.
          log(`${c.name}: the engine rebuilt instead of loading its snapshot (src/ or data/ changed meanwhile); measuring again`);
          serve[system] = (await runChild(job, tmp, prof)) as ServeFigures;
        }
        log(`${c.name}: ${system} p50 ${serve[system].p50Ms} ms, p99 ${serve[system].p99Ms} ms`);
      }
      log(`${c.name}: answer pool of ${o.poolWorkers} workers…`);
      const pool = (await runChild(
        { phase: 'pool', corpusDir: c.dir, cacheDir, questionsFile, warmupFile, workers: o.poolWorkers, warmup: o.warmup, result: path.join(tmp, `pool-${slug}.json`) },
        tmp,
      )) as PoolFigures;
      log(`${c.name}: pool ${pool.perSec} answers/s (one thread ${pool.oneThreadPerSec} in the same rounds, ${serve.ours.perSec} in the serve phase)`);
      const base = (kind: 'default' | 'stopwords', built: { buildMs: number; snapshotBytes: number }): BaselineRow => ({
        buildMs: built.buildMs,
        snapshotBytes: built.snapshotBytes,
        startupMs: serve[kind].startupMs,
        p50Ms: serve[kind].p50Ms,
        p99Ms: serve[kind].p99Ms,
        answersPerSec: serve[kind].perSec,
        rssMb: serve[kind].rssMb,
        heapMb: serve[kind].heapMb,
        meanResults: serve[kind].meanResults,
        cpu: serve[kind].cpu,
      });
      const s = serve.ours;
      rows.push({
        name: c.name,
        passages: b.passages,
        documents: b.documents,
        buildMs: b.buildMs,
        coldStartMs: b.coldStartMs,
        snapshotBytes: b.snapshotBytes,
        startupMs: s.startupMs,
        switchMs: s.switchMs ?? Number.NaN,
        fromSnapshot: s.fromSnapshot,
        p50Ms: s.p50Ms,
        p99Ms: s.p99Ms,
        answersPerSec: s.perSec,
        answersPerSecPool: pool.perSec,
        pool,
        rssMb: s.rssMb,
        heapMb: s.heapMb,
        rssAfterMb: s.rssAfterMb,
        rssAfterGcMb: s.rssAfterGcMb,
        heapAfterGcMb: s.heapAfterGcMb,
        answeredShare: s.hitShare,
        cpu: s.cpu,
        baseline: base('default', b.baseline),
        baselineStopwords: base('stopwords', b.baselineStopwords),
      });
    }

    const e2e: Results['e2e'] = [];
    const e2eErrors: { corpus: string; error: string }[] = [];
    if (o.e2e) {
      const largest = corpora[corpora.length - 1]!;
      const runs: [CorpusSpec, string][] = [[corpora[0]!, seedQuestionsFile]];
      if (largest !== corpora[0]) runs.push([largest, questionsFile]);
      for (const [c, qf] of runs) {
        const slug = c.name.replace(/\W+/g, '-');
        log(`${c.name}: Slack and Discord load…`);
        const job: E2eJob = {
          phase: 'e2e',
          corpusDir: c.dir,
          cacheDir: path.join(tmp, `cache-${slug}`),
          questionsFile: qf,
          slack: { concurrency: 50, rounds: 4 },
          discord: { concurrency: 10, rounds: 10 },
          poolWorkers: defaultAnswerWorkers(),
          result: path.join(tmp, `e2e-${slug}.json`),
        };
        try {
          const res = (await runChild(job, tmp)) as Omit<Results['e2e'][number], 'corpus'>;
          e2e.push({ corpus: c.name, ...res });
        } catch (e) {
          // Keep the corpus figures: report the failure in the output instead of losing the whole run.
          const error = e instanceof Error ? e.message : String(e);
          log(`${c.name}: end-to-end load failed: ${error}`);
          e2eErrors.push({ corpus: c.name, error });
        }
      }
    }

    let startup: Results['startup'];
    if (o.startup && !o.onlyE2e) {
      const largest = corpora[corpora.length - 1]!;
      const row = rows[rows.length - 1]!;
      log('building the compiled bot (npm run build)…');
      const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
      if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status})`);
      log(`${largest.name}: start-up of the whole bot, tsx and compiled…`);
      const commands = await measureStartup(startCommands(ROOT), {
        cwd: ROOT,
        corpusDir: largest.dir,
        cacheDir: path.join(tmp, `cache-${largest.name.replace(/\W+/g, '-')}`),
        question: 'Quand la tour Eiffel a-t-elle été construite ?',
        log,
      });
      startup = { corpus: largest.name, passages: row.passages, commands };
    }

    const cpu = os.cpus();
    const results: Results = {
      date: new Date().toISOString(),
      machine: { node: process.versions.node, cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? '?', totalMemMb: Math.round(os.totalmem() / 1048576) },
      options: o,
      questions: questions.length,
      corpora: rows,
      e2e,
      e2eErrors,
      targets: [],
      ...(startup ? { startup } : {}),
    };
    const last = e2e[e2e.length - 1];
    if (last) {
      results.slack = { corpus: last.corpus, passages: last.passages, ...last.slack };
      results.slackPool = { corpus: last.corpus, passages: last.passages, ...last.slackPool };
      results.discord = { corpus: last.corpus, passages: last.passages, ...last.discord };
    }
    results.targets = targets(results);
    const resultsFile = o.onlyE2e ? 'bench/results-e2e.json' : 'bench/results.json';
    fs.writeFileSync(path.join(ROOT, resultsFile), `${JSON.stringify(results, null, 2)}\n`);
    if (o.plot) {
      fs.writeFileSync(path.join(ROOT, 'bench/results.svg'), renderSvg(results.corpora));
      log('wrote bench/results.svg');
    }
    process.stdout.write(`${renderMarkdown(results)}\n`);
    log(`wrote ${resultsFile}`);
  } finally {
    cleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
