/**
 * The benchmark's own logic: the synthetic corpus generator (deterministic, exact passage counts with the
 * real chunker, PIAF-like vocabulary), the statistics, the command line, the baselines, the SVG chart and
 * the CPU profile summary. The benchmark itself (`npm run bench`) is not part of `npm test`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBaseline, loadBaseline, stopwordTerm } from '../../bench/baselines.js';
import { summarizeProfile, type CpuProfile } from '../../bench/profile-summary.js';
import { renderSvg, type PlotRow } from '../../bench/plot.js';
import { HELPER_SHARE_WARNING, parseArgs, renderMarkdown, warmupOf, warmupQuestions, WARMUP_PASSES, type Results } from '../../bench/run.js';
import { cpuMeter, percentile, summarize, threadCpuMs } from '../../bench/stats.js';
import { Empirical, generateCorpus, learnModel, mulberry32, toMarkdown } from '../../bench/synthetic.js';
import { parseDocument } from '../../src/corpus/load.js';
import { passages } from '../../src/text/chunk.js';

const SAMPLE = [
  "La Tour Eiffel a été construite par Gustave Eiffel pour l'Exposition universelle de 1889. Elle mesure 330 mètres, antennes comprises.",
  'Le musée du Louvre, ouvert en 1793, est le plus grand musée de Paris. Il accueille chaque année des millions de visiteurs, venus du monde entier.',
  "L'équipe de France a remporté la Coupe du monde en 1998 et en 2018. La finale de 1998 s'est jouée au Stade de France, à Saint-Denis.",
];

describe('synthetic corpora', () => {
  const model = learnModel(SAMPLE);

  it('learns the vocabulary with its frequencies and the sentence shapes', () => {
    expect(model.words.size).toBeGreaterThan(40);
    expect(model.paragraphLength.sample(() => 0)).toBe(2);
    const rand = mulberry32(1);
    const draws = Array.from({ length: 2000 }, () => model.words.sample(rand));
    // "de" is frequent in the sample, "Eiffel" appears twice, "antennes" once: frequencies are kept.
    const count = (w: string) => draws.filter((d) => d === w).length;
    expect(count('de')).toBeGreaterThan(count('antennes'));
    expect(draws.every((w) => !/[.,]/.test(w) || /^\d/.test(w))).toBe(true);
  });

  it('generates exactly the requested number of passages, as counted by the real chunker', () => {
    for (const n of [1, 7, 250]) {
      const docs = generateCorpus(model, { passages: n, seed: 42, paragraphsPerDocument: 3 });
      const counted = docs.reduce((sum, d) => sum + passages(d.body, 'fr').length, 0);
      expect(counted).toBe(n);
      expect(docs.reduce((s, d) => s + d.passages, 0)).toBe(n);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateCorpus(model, { passages: 60, seed: 7 });
    const b = generateCorpus(model, { passages: 60, seed: 7 });
    const c = generateCorpus(model, { passages: 60, seed: 8 });
    expect(a).toEqual(b);
    expect(a.map((d) => d.body).join()).not.toBe(c.map((d) => d.body).join());
  });

  it('writes documents the corpus loader accepts', async () => {
    const [doc] = generateCorpus(model, { passages: 20, seed: 3 });
    const parsed = await parseDocument(`${doc!.id}.md`, toMarkdown(doc!));
    expect('doc' in parsed && parsed.doc.title).toBe(doc!.title);
  });

  it('refuses a bad passage count and an empty distribution', () => {
    expect(() => generateCorpus(model, { passages: 0, seed: 1 })).toThrow(/positive integer/);
    expect(() => new Empirical(new Map())).toThrow(/no values/);
  });
});

describe('statistics', () => {
  it('computes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(xs, 101)).toThrow(RangeError);
    const s = summarize([1, 1, 2, 4]);
    expect(s).toMatchObject({ p50Ms: 1, p99Ms: 4, meanMs: 2, maxMs: 4, perSec: 500, samples: 4 });
  });

  it.runIf(process.platform === 'linux')('measures the CPU of this thread apart from the process', () => {
    // The meter starts first: what it counts includes the 40 ms spun from t0 on.
    const meter = cpuMeter();
    const t0 = threadCpuMs();
    // 40 ms of this thread's CPU, however long the wall clock takes when other work shares the cores.
    const cap = performance.now() + 10_000;
    let x = 0;
    while (threadCpuMs() - t0 < 40 && performance.now() < cap) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    const per = meter(4);
    expect(x).toBeGreaterThan(0);
    // The 40 ms counted four operations: ~10 ms each, and the process at least that.
    expect(threadCpuMs() - t0).toBeGreaterThanOrEqual(40);
    expect(per.threadMs).toBeGreaterThanOrEqual(9.5);
    expect(per.processMs).toBeGreaterThanOrEqual(per.threadMs - 1);
  });
});

describe('command line', () => {
  it('parses sizes and flags and refuses bad input with a clear message', () => {
    expect(parseArgs([]).sizes).toEqual([10_000, 100_000]);
    expect(parseArgs(['--quick']).sizes).toEqual([10_000]);
    expect(parseArgs(['--sizes', '1000,5000', '--plot', '--questions', '50'])).toMatchObject({ sizes: [1000, 5000], plot: true, questions: 50 });
    expect(() => parseArgs(['--sizes', '10k'])).toThrow(/--sizes needs a positive integer/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast/);
  });
});

describe('baselines', () => {
  it('the stopword baseline folds accents and drops our French stopwords', () => {
    expect(stopwordTerm('Élève')).toBe('eleve');
    expect(stopwordTerm('les')).toBeNull();
    const docs = [
      { id: 0, text: 'Les élèves de la classe' },
      { id: 1, text: 'Une école à Paris' },
    ];
    const plain = buildBaseline('default', docs);
    const stop = loadBaseline('stopwords', JSON.stringify(buildBaseline('stopwords', docs)));
    expect(plain.search('la ecole').map((r) => r.id)).toEqual([0]); // "la" matches, "ecole" does not match "école"
    expect(stop.search('la ecole').map((r) => r.id)).toEqual([1]);
  });
});

const row = (passages: number, k: number): PlotRow => ({
  name: `c${passages}`,
  passages,
  p50Ms: k,
  p99Ms: 10 * k,
  rssMb: 100 * k,
  baseline: { p50Ms: 2 * k, p99Ms: 20 * k, rssMb: 90 * k },
  baselineStopwords: { p50Ms: k / 2, p99Ms: 5 * k, rssMb: 80 * k },
});

describe('report', () => {
  it('draws one SVG with a path per series', () => {
    const svg = renderSvg([row(1000, 1), row(100_000, 5)]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(9); // 6 latency series, 3 memory series
    expect(svg).not.toContain('NaN');
  });

  it('renders the table with ratios to the stopword baseline and the targets', () => {
    const c = { ...row(100_000, 4), documents: 1, buildMs: 1, coldStartMs: 1, snapshotBytes: 1048576, startupMs: 900, switchMs: 450, fromSnapshot: true, answersPerSec: 100, heapMb: 1,
      answersPerSecPool: 170,
      pool: { workers: 2, startupMs: 1, rssMb: 600, workerHeapMb: [150, 151], perSec: 170, p50Ms: 1, p99Ms: 2, version: 'v' }, rssAfterMb: 1, rssAfterGcMb: 1, heapAfterGcMb: 1, answeredShare: 0.5 };
    const b = { buildMs: 1, startupMs: 1, snapshotBytes: 1, answersPerSec: 1, heapMb: 1 };
    const r: Results = {
      date: 'now',
      machine: { node: '20', cpus: 2, cpuModel: 'x', totalMemMb: 1 },
      options: parseArgs([]),
      questions: 3,
      corpora: [{ ...c, baseline: { ...c.baseline, ...b }, baselineStopwords: { ...c.baselineStopwords, ...b } }],
      e2e: [],
      e2eErrors: [{ corpus: 'c100000', error: 'boom' }],
      targets: [{ name: 'p99', value: 40, limit: 20, ok: false }],
      startup: {
        corpus: 'c100000',
        passages: 100_000,
        commands: [
          { name: 'npm start (tsx)', runsMs: [2100, 2000, 2300], medianMs: 2100 },
          { name: 'start:prod (node dist)', runsMs: [1500, 1400, 1600], medianMs: 1500 },
        ],
      },
    };
    const md = renderMarkdown(r);
    expect(md).toContain('| npm start (tsx) | 2100 | 2100, 2000, 2300 |');
    expect(md).toContain('| start:prod (node dist) | 1500 | 1500, 1400, 1600 |');
    expect(parseArgs(['--no-startup']).startup).toBe(false);
    expect(md).toContain('| c100000 | 100000 | **ours** (whole answer path) |');
    expect(md).toContain('| 2× | 2× |'); // ours p50 4 / 2 and p99 40 / 20
    expect(md).toContain('**MISSED**');
    expect(md).toContain('End-to-end load on c100000 failed: boom');
    // The pool's row: RSS against one thread's (600 / 400), throughput against one thread's (170 / 100).
    expect(md).toContain('| c100000 | 2 | 1 | 600 (1.5×) | 150, 151 | 170 (1.7×) | 1 / 2 |');
    // Measured in interleaved rounds, the pool is compared to the one thread of the same rounds.
    const inRounds: Results = { ...r, corpora: [{ ...r.corpora[0]!, pool: { ...r.corpora[0]!.pool, oneThreadPerSec: 90, ratio: 1.85 } }] };
    expect(renderMarkdown(inRounds)).toContain("| 170 (1.85× one thread's 90 in the same rounds) |");
    // The refresh switch-over (450 ms) beside the start-up (900 ms), both against the baseline's loadJSON (1 ms).
    expect(md).toContain('| c100000 | 1 | yes | 450 | 50% |');
    expect(md).toContain('| 900× | 450× |');
    expect(parseArgs(['--warmup', '50']).warmup).toBe(50);
    // By default every question is answered WARMUP_PASSES times first (the JIT settles; see bench/README.md).
    expect(parseArgs([]).warmup).toBe(WARMUP_PASSES * 300);
    expect(parseArgs(['--questions', '100']).warmup).toBe(WARMUP_PASSES * 100);
    // Warm-up questions are other questions than the measured ones (duplicates of a measured string included).
    const all = Array.from({ length: 40 }, (_, i) => `q${i % 30}`);
    const measured = ['q0', 'q5', 'q10'];
    const warm = warmupQuestions(all, measured, 12);
    expect(warm).toHaveLength(12);
    expect(warm.some((q) => measured.includes(q))).toBe(false);
    expect(new Set(warmupQuestions(all, measured, 100)).size).toBe(27);
    expect([warmupOf('ours', 300), warmupOf('stopwords', 300), warmupOf('default', 300), warmupOf('default', 5)]).toEqual([300, 300, 20, 5]);
    expect(md).not.toContain('CPU per question');
  });

  it('reports CPU per question and warns when the JIT had not settled', () => {
    const c = { ...row(100_000, 4), documents: 1, buildMs: 1, coldStartMs: 1, snapshotBytes: 1, startupMs: 1, switchMs: 1, fromSnapshot: true, answersPerSec: 100, heapMb: 1,
      answersPerSecPool: 190, rssAfterMb: 1, rssAfterGcMb: 1, heapAfterGcMb: 1, answeredShare: 1,
      pool: { workers: 2, startupMs: 1, rssMb: 1, workerHeapMb: [1, 1], perSec: 190, oneThreadPerSec: 100, ratio: 1.9, p50Ms: 1, p99Ms: 2, version: 'v',
        cpu: { oneThread: { processMs: 3.1, threadMs: 3 }, pool: { processMs: 3.2, threadMs: 0.1 } } } };
    const b = { buildMs: 1, startupMs: 1, snapshotBytes: 1, answersPerSec: 1, heapMb: 1, cpu: { processMs: 2, threadMs: 2 } };
    const at = (processMs: number, threadMs: number): Results => ({
      date: 'now', machine: { node: '20', cpus: 2, cpuModel: 'x', totalMemMb: 1 }, options: parseArgs([]), questions: 3, e2e: [], e2eErrors: [], targets: [],
      corpora: [{ ...c, cpu: { processMs, threadMs }, baseline: { ...c.baseline, ...b }, baselineStopwords: { ...c.baselineStopwords, ...b } }],
    });
    const settled = renderMarkdown(at(3.2, 3));
    expect(settled).toContain('| 190 (1.9× one thread\'s 100 in the same rounds) | 1 / 2 | 3.1 / 3.2 |');
    expect(settled).toContain('| c100000 | 3.2 / 3 | 6% | 2 / 2 | 0% |');
    expect(settled).not.toContain('Warning');
    // 4.8 ms of process CPU for 3 ms on the answering thread: 38% on helper threads, above the warning's share.
    expect(1 - 3 / 4.8).toBeGreaterThan(HELPER_SHARE_WARNING);
    expect(renderMarkdown(at(4.8, 3))).toContain("**Warning**: 38% of the engine's CPU on c100000 went to V8's helper threads");
  });
});

describe('profile summary', () => {
  it('attributes self and inclusive time, optionally under one function', () => {
    const frame = (functionName: string) => ({ functionName, url: `file://${path.resolve('src/x.ts')}`, lineNumber: 0 });
    const p: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 4] },
        { id: 2, callFrame: frame('ask'), children: [3] },
        { id: 3, callFrame: frame('tokenize') },
        { id: 4, callFrame: frame('build') },
      ],
      samples: [3, 3, 2, 4],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    const all = summarizeProfile(p, path.resolve('.'));
    expect(all.totalMs).toBe(4);
    expect(all.self[0]).toMatchObject({ name: 'tokenize src/x.ts:1', ms: 2, share: 50 });
    expect(all.inclusive.find((s) => s.name.startsWith('ask'))?.ms).toBe(3);
    const underAsk = summarizeProfile(p, path.resolve('.'), 'ask');
    expect(underAsk.totalMs).toBe(3);
    expect(underAsk.self.map((s) => s.name.split(' ')[0])).toEqual(['tokenize', 'ask']);
  });
});
