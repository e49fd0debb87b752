/**
 * Fits the highlight weights (src/retrieval/highlight.ts) by article-level cross-validation on SQuAD-format
 * files (PIAF, XQuAD): every question whose first passage is shown and holds a gold answer gives one example
 * (its candidate spans, their features, which of them overlap the answer). Articles are dealt into k folds;
 * each fold's held-out questions are scored by weights fitted on the other folds. The threshold is picked on
 * the held-out curve of each question group (the highest recall whose precision reaches the target), held-out
 * precision and recall are reported per fold, file and group, and the weights averaged over folds are printed for the options tree.
 *
 *   npm run fit:highlight -- FILE... [--folds 5] [--target 0.87] [--iterations 300] [--cache FILE]
 */
import fs from 'node:fs';
import { judgeHighlights } from '../src/eval/highlight.js';
import { readSquad } from '../src/eval/squad.js';
import { PassageIndex, type PassageRecord } from '../src/index/passage-index.js';
import { loadLexicon } from '../src/lexicon/lexicon.js';
import { answers, DEFAULT_ANSWER } from '../src/retrieval/answer.js';
import { combineTranslators } from '../src/lexicon/translator.js';
import {
  HIGHLIGHT_FEATURES,
  HIGHLIGHT_GROUPS,
  highlightGroup,
  spanFeatures,
  spanProbabilities,
  type HighlightFeature,
  type HighlightGroup,
  type HighlightWeights,
} from '../src/retrieval/highlight.js';
import { parseQuestion, type ParsedQuestion } from '../src/retrieval/question.js';
import { rank, type Candidate } from '../src/retrieval/rank.js';
import type { Lang } from '../src/types.js';

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const K = opt('--folds', 5);
const TARGET = opt('--target', 0.87);
const ITERATIONS = opt('--iterations', 300);
const files = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1]!.startsWith('--')));

/** One right first passage: its group, article and fold, its candidates' features and labels. */
interface Example {
  file: string;
  article: string;
  fold: number;
  group: HighlightGroup | undefined;
  features: number[][];
  labels: boolean[];
}

/** What the features of one right first passage are computed from (cached with `--cache FILE`). */
interface Item {
  file: string;
  article: string;
  answers: string[];
  parsed: ParsedQuestion;
  passage: PassageRecord;
  terms: string[];
  text: string;
  lang: Lang;
  title: string;
}

const translator = combineTranslators([loadLexicon()]);
const cacheAt = argv.indexOf('--cache');
const cache = cacheAt >= 0 ? argv[cacheAt + 1] : undefined;
let items: Item[];
if (cache && fs.existsSync(cache)) items = JSON.parse(fs.readFileSync(cache, 'utf8')) as Item[];
else {
  items = [];
  for (const file of files) {
    const set = readSquad(file);
    const index = PassageIndex.build(set.documents);
    for (const q of set.questions) {
      const parsed = parseQuestion(q.question, translator);
      const first = rank(index, parsed)[0];
      if (!first || !answers(first, DEFAULT_ANSWER)) continue;
      if (!q.answers.some((a) => index.text(first.passage).includes(a))) continue;
      const doc = index.documents[first.passage.doc]!;
      items.push({ file, article: q.doc, answers: q.answers, parsed, passage: first.passage, terms: [...first.terms], text: index.readText(first.passage), lang: doc.language, title: doc.title });
    }
  }
  if (cache) fs.writeFileSync(cache, JSON.stringify(items));
}

// Articles dealt into folds in a fixed shuffled order (a multiplicative hash of their number).
const foldOf = (doc: string) => ((Number(doc.slice(1)) * 2654435761) % 2 ** 32) % K;
const examples: Example[] = items.map((it) => {
  const group = highlightGroup(it.parsed);
  const ex: Example = { file: it.file, article: it.article, fold: foldOf(it.article), group, features: [], labels: [] };
  if (group) {
    const c = { passage: it.passage, terms: new Set(it.terms) } as Candidate;
    const { candidates, features } = spanFeatures(c, it.parsed, it.text, { lang: it.lang, dictionary: translator, title: it.title }, group);
    ex.features = features;
    ex.labels = candidates.map((k) => judgeHighlights(it.text, [k], it.answers).correct);
  }
  return ex;
});

const F = HIGHLIGHT_FEATURES.length;

/** Softmax over the candidates and "no span" (score 0); the target is any candidate overlapping the answer,
 * else no span. Adam on the mean negative log-likelihood with an L2 penalty. */
function fit(train: Example[]): number[] {
  const w = new Array<number>(F).fill(0);
  const m = new Array<number>(F).fill(0);
  const v = new Array<number>(F).fill(0);
  const lr = 0.05;
  const l2 = 1e-3;
  const data = train.filter((e) => e.features.length);
  if (!data.length) return w;
  for (let it = 1; it <= ITERATIONS; it++) {
    const g = w.map((x) => l2 * x);
    for (const e of data) {
      const scores = e.features.map((x) => x.reduce((s, val, f) => s + val * w[f]!, 0));
      const top = Math.max(0, ...scores);
      const exps = scores.map((s) => Math.exp(s - top));
      const z = Math.exp(-top) + exps.reduce((a, b) => a + b, 0);
      const probs = exps.map((x) => x / z);
      const pos = probs.reduce((s, p, i) => s + (e.labels[i] ? p : 0), 0);
      e.features.forEach((x, i) => {
        const target = pos > 0 && e.labels[i] ? probs[i]! / pos : 0;
        const d = (probs[i]! - target) / data.length;
        for (let f = 0; f < F; f++) g[f]! += d * x[f]!;
      });
    }
    for (let f = 0; f < F; f++) {
      m[f] = 0.9 * m[f]! + 0.1 * g[f]!;
      v[f] = 0.999 * v[f]! + 0.001 * g[f]! ** 2;
      w[f]! -= (lr * (m[f]! / (1 - 0.9 ** it))) / (Math.sqrt(v[f]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  return w;
}

const asWeights = (w: number[]) => Object.fromEntries(HIGHLIGHT_FEATURES.map((n, i) => [n, Math.round(w[i]! * 1000) / 1000])) as Record<HighlightFeature, number>;

/** Held-out prediction of an example: the best candidate's probability and whether it is right. */
interface Prediction {
  ex: Example;
  p: number;
  correct: boolean;
}
const predictions: Prediction[] = [];
const foldWeights: HighlightWeights[] = [];
for (let k = 0; k < K; k++) {
  const weights = Object.fromEntries(
    HIGHLIGHT_GROUPS.map((g) => [g, asWeights(fit(examples.filter((e) => e.fold !== k && e.group === g)))]),
  ) as HighlightWeights;
  foldWeights.push(weights);
  for (const ex of examples.filter((e) => e.fold === k)) {
    if (!ex.group || !ex.features.length) {
      predictions.push({ ex, p: 0, correct: false });
      continue;
    }
    const probs = spanProbabilities(ex.features, weights[ex.group]);
    const best = probs.reduce((b, p, i) => (p > probs[b]! ? i : b), 0);
    predictions.push({ ex, p: probs[best]!, correct: ex.labels[best]! });
  }
}

function figures(preds: Prediction[], t: number) {
  const shown = preds.filter((p) => p.p > 0 && p.p >= t);
  const right = shown.filter((p) => p.correct).length;
  return { n: preds.length, shown: shown.length / (preds.length || 1), precision: right / (shown.length || 1), recall: right / (preds.length || 1) };
}

// A threshold per group: the one of highest held-out recall whose held-out precision in the group (both files
// pooled) reaches the target; a group that never reaches it gets no highlight.
const thresholds = Object.fromEntries(
  HIGHLIGHT_GROUPS.map((g) => {
    const ps = predictions.filter((p) => p.ex.group === g);
    let best = 1.01;
    for (let t = 0.3; t <= 0.951; t += 0.01) {
      const f = figures(ps, t);
      if (f.precision >= TARGET && f.recall > figures(ps, best).recall) best = Math.round(t * 100) / 100;
    }
    return [g, best];
  }),
) as Record<HighlightGroup, number>;
const shownAt = (p: Prediction) => p.p > 0 && !!p.ex.group && p.p >= thresholds[p.ex.group];
function figuresAt(preds: Prediction[]) {
  const shown = preds.filter(shownAt);
  const right = shown.filter((p) => p.correct).length;
  return { n: preds.length, shown: shown.length / (preds.length || 1), precision: right / (shown.length || 1), recall: right / (preds.length || 1) };
}

const averaged = Object.fromEntries(
  HIGHLIGHT_GROUPS.map((g) => [g, Object.fromEntries(HIGHLIGHT_FEATURES.map((n) => [n, Math.round((foldWeights.reduce((s, w) => s + (w[g][n] ?? 0), 0) / K) * 1000) / 1000]))]),
) as HighlightWeights;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rows: string[] = ['| file | fold | passages | shown | precision | recall |', '|---|---|---|---|---|---|'];
for (const file of files) {
  const name = file.split('/').pop();
  for (let k = 0; k < K; k++) {
    const f = figuresAt(predictions.filter((p) => p.ex.file === file && p.ex.fold === k));
    rows.push(`| ${name} | ${k + 1} | ${f.n} | ${pct(f.shown)} | ${pct(f.precision)} | ${pct(f.recall)} |`);
  }
  const f = figuresAt(predictions.filter((p) => p.ex.file === file));
  rows.push(`| ${name} | all | ${f.n} | ${pct(f.shown)} | ${pct(f.precision)} | ${pct(f.recall)} |`);
}
rows.push('', '| group | threshold | passages | shown | precision | recall |', '|---|---|---|---|---|---|');
for (const g of [...HIGHLIGHT_GROUPS, undefined]) {
  const f = figuresAt(predictions.filter((p) => p.ex.group === g));
  rows.push(`| ${g ?? 'other'} | ${g ? thresholds[g] : '-'} | ${f.n} | ${pct(f.shown)} | ${pct(f.precision)} | ${pct(f.recall)} |`);
}
rows.push('', '| group | any candidate right | best candidate right |', '|---|---|---|');
for (const g of HIGHLIGHT_GROUPS) {
  const ps = predictions.filter((p) => p.ex.group === g);
  rows.push(`| ${g} | ${pct(ps.filter((p) => p.ex.labels.some(Boolean)).length / (ps.length || 1))} | ${pct(ps.filter((p) => p.correct).length / (ps.length || 1))} |`);
}
rows.push('', '| one threshold for all | precision | recall |', '|---|---|---|');
for (const t of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
  const f = figures(predictions, t);
  rows.push(`| ${t} | ${pct(f.precision)} | ${pct(f.recall)} |`);
}
const all = figuresAt(predictions);
process.stderr.write(`${rows.join('\n')}\n\nall: precision ${pct(all.precision)}, recall ${pct(all.recall)} (held-out precision target per group ${TARGET})\n`);
process.stdout.write(`${JSON.stringify({ thresholds, weights: averaged }, null, 2)}\n`);
