/**
 * Fits the confidence model of src/retrieval/confidence.ts on the half-corpus benchmark of several SQuAD files
 * together (PIAF and XQuAD-en), with article-level cross-validation, and prints the held-out figures and the
 * model to ship.
 *
 *   npx tsx scripts/fit-confidence.ts /work/shared/datasets/piaf-v1.0.json /work/shared/datasets/xquad.en.json
 *
 * A file ending in `.rows.json` is read as rows saved by an earlier run (`--save DIR` saves them), so the model
 * can be refitted without asking every question again.
 *
 * Method. Every question is asked against each half of its corpus (see src/eval/unanswerable.ts): a row per
 * question and half, labelled answerable or not. Articles are split into 4 folds (articles 2k and 2k+1 fall
 * in the same fold, so every fold holds both halves). For each fold, a logistic model (Newton's method, a
 * light L2 penalty, every file weighing the same) is fitted on the other three folds, and the two thresholds
 * are chosen on them too: `high` the lowest probability at which at most HIGH_UNANSWERABLE of the
 * unanswerable questions of every file would be answered as sure, `low` the highest at which at most
 * LOW_DECLINED of the answerable questions of every file would be declined. The fold's figures are then
 * measured on its own questions, which took no part in the fit. The shipped model is fitted the same way on
 * all folds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readSquad } from '../src/eval/squad.js';
import { halfCorpusRows, summarize, type HalfRow, type HalfSummary } from '../src/eval/unanswerable.js';
import { confidence, FEATURES, type ConfidenceOptions } from '../src/retrieval/confidence.js';
import { solve } from './linear-solve.js';

/** Targets with a margin: the issue asks ≤ 20% and ≤ 5% on held-out questions. */
const HIGH_UNANSWERABLE = 0.15;
const LOW_DECLINED = 0.03;
const FOLDS = 4;
const L2 = 1e-3;

const args = process.argv.slice(2);
const saveAt = args.indexOf('--save');
const saveDir = saveAt >= 0 ? args[saveAt + 1] : undefined;
const files = args.filter((a, i) => !a.startsWith('--') && (saveAt < 0 || i !== saveAt + 1));

type Row = HalfRow & { file: string };
const rows: Row[] = [];
for (const file of files) {
  const name = path.basename(file).replace(/\.rows\.json$|\.json$/, '');
  const got: HalfRow[] = file.endsWith('.rows.json') ? (JSON.parse(fs.readFileSync(file, 'utf8')) as HalfRow[]) : halfCorpusRows(readSquad(file));
  if (saveDir) fs.writeFileSync(path.join(saveDir, `${name}.rows.json`), JSON.stringify(got));
  rows.push(...got.filter((r) => r.set === 'squad').map((r) => ({ ...r, file: name })));
}
const names = [...new Set(rows.map((r) => r.file))];
const foldOf = (r: Row) => Math.floor(r.article / 2) % FOLDS;


/** Logistic regression by Newton's method; rows weighted so that every file counts the same. */
function fit(train: Row[]): Pick<ConfidenceOptions, 'weights' | 'bias'> {
  const usable = train.filter((r) => r.features);
  const perFile = new Map(names.map((n) => [n, usable.filter((r) => r.file === n).length || 1]));
  const X = usable.map((r) => [1, ...FEATURES.map((f) => r.features![f])]);
  const y = usable.map((r) => (r.answerable ? 1 : 0));
  const w = usable.map((r) => usable.length / names.length / perFile.get(r.file)!);
  const d = FEATURES.length + 1;
  let beta = new Array<number>(d).fill(0);
  for (let it = 0; it < 30; it++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    X.forEach((x, i) => {
      const z = x.reduce((s, v, k) => s + v * beta[k]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const g = w[i]! * (y[i]! - p);
      const h = w[i]! * p * (1 - p);
      for (let a = 0; a < d; a++) {
        grad[a]! += g * x[a]!;
        for (let b = 0; b < d; b++) hess[a]![b]! += h * x[a]! * x[b]!;
      }
    });
    for (let a = 1; a < d; a++) {
      grad[a]! -= L2 * usable.length * beta[a]!;
      hess[a]![a]! += L2 * usable.length;
    }
    const step = solve(hess, grad);
    beta = beta.map((v, k) => v + step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { bias: round(beta[0]!), weights: Object.fromEntries(FEATURES.map((f, k) => [f, round(beta[k + 1]!)])) };
}

/** The two thresholds chosen on the training rows (see the method above). */
function thresholds(train: Row[], model: Pick<ConfidenceOptions, 'weights' | 'bias'>): { high: number; low: number } {
  const p = (r: Row) => (r.features ? confidence(r.features, model) : -1);
  let high = 0;
  let low = 1;
  for (const n of names) {
    const u = train.filter((r) => r.file === n && !r.answerable).map(p).sort((a, b) => b - a);
    const a = train.filter((r) => r.file === n && r.answerable).map(p).sort((x, z) => x - z);
    // The unanswerable question at the allowed rank sets the lowest threshold that keeps the others below.
    const k = Math.floor(u.length * HIGH_UNANSWERABLE);
    high = Math.max(high, (u[k] ?? 0) + 1e-6);
    const j = Math.floor(a.length * LOW_DECLINED);
    low = Math.min(low, a[j] ?? 0);
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { high: round(high), low: round(Math.min(low, high)) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (label: string, s: HalfSummary) =>
  `| ${label} | ${pct(s.answerable.rightFirst)} | ${pct(s.answerable.high)} | ${pct(s.answerable.highRight)} | ${pct(s.answerable.low)} | ${pct(s.answerable.declined)} | ${pct(s.unanswerable.high)} | ${pct(s.unanswerable.low)} | ${pct(s.unanswerable.declined)} |`;
const header = [
  '| | right first | ans. sure | sure & right | ans. closest | ans. declined | unans. sure | unans. closest | unans. declined |',
  '|---|---|---|---|---|---|---|---|---|',
];

const heldOut: Row[][] = names.map(() => []);
const models: ConfidenceOptions[] = [];
for (let f = 0; f < FOLDS; f++) {
  const train = rows.filter((r) => foldOf(r) !== f);
  const model = fit(train);
  const m: ConfidenceOptions = { ...model, ...thresholds(train, model) };
  models.push(m);
  // Each held-out row is scored with the model of its own fold: store its tier-relevant probability by
  // re-scoring below with the same model.
  names.forEach((n, i) => heldOut[i]!.push(...rows.filter((r) => foldOf(r) === f && r.file === n).map((r) => ({ ...r, model: m }) as Row)));
}
process.stdout.write(`Folds: ${FOLDS} (article-level), files: ${names.join(', ')}, rows: ${rows.length}\n\n`);
process.stdout.write(['Held-out (each fold scored by the model fitted on the other folds):', '', ...header].join('\n') + '\n');
names.forEach((n, i) => {
  // Summaries per fold, combined by question counts.
  const parts = Array.from({ length: FOLDS }, (_, f) => summarize(heldOut[i]!.filter((r) => foldOf(r) === f), models[f]!));
  const total = (sel: (s: HalfSummary) => number, count: (s: HalfSummary) => number) => {
    const c = parts.reduce((s, p) => s + count(p), 0);
    return c ? parts.reduce((s, p) => s + sel(p) * count(p), 0) / c : 0;
  };
  const A = (s: HalfSummary) => s.answerable.questions;
  const U = (s: HalfSummary) => s.unanswerable.questions;
  const s: HalfSummary = {
    answerable: {
      questions: parts.reduce((x, p) => x + A(p), 0),
      rightFirst: total((p) => p.answerable.rightFirst, A),
      high: total((p) => p.answerable.high, A),
      highRight: total((p) => p.answerable.highRight, A),
      low: total((p) => p.answerable.low, A),
      declined: total((p) => p.answerable.declined, A),
    },
    unanswerable: {
      questions: parts.reduce((x, p) => x + U(p), 0),
      high: total((p) => p.unanswerable.high, U),
      low: total((p) => p.unanswerable.low, U),
      declined: total((p) => p.unanswerable.declined, U),
    },
  };
  process.stdout.write(`${line(`${n} (held-out)`, s)}\n`);
});
models.forEach((m, f) => process.stdout.write(`fold ${f}: ${JSON.stringify(m)}\n`));
const final = fit(rows);
const shipped: ConfidenceOptions = { ...final, ...thresholds(rows, final) };
process.stdout.write(['', 'Fitted on all folds (in-sample figures):', '', ...header].join('\n') + '\n');
for (const n of names) process.stdout.write(`${line(n, summarize(rows.filter((r) => r.file === n), shipped))}\n`);
process.stdout.write(`\nmodel to ship: ${JSON.stringify(shipped)}\n`);
