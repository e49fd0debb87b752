/**
 * Fits the highlight weights (src/retrieval/highlight.ts) by article-level cross-validation on SQuAD-format
 * files (PIAF, XQuAD): every question whose first passage is shown and holds a gold answer gives one example
 * (its candidate spans, their features, which of them overlap the answer). Articles are dealt into k folds;
 * each fold's held-out questions are scored by weights fitted on the other folds, and shown or not by
 * thresholds chosen on inner folds of those other folds only (nested: no reported figure chose anything).
 * Thresholds are allocated across question groups by marginal precision under a precision target in every
 * file. Held-out precision and recall are reported per fold, file and group, with the curve over targets;
 * the weights averaged over folds and the thresholds chosen on all held-out predictions are printed for the
 * options tree.
 *
 *   npm run fit:highlight -- FILE... [--folds 5] [--target 0.86] [--iterations 300] [--cache FILE]
 *                                    [--curve 0.8,0.85,0.9] [--quick] [--platt] [--by-kind]
 *                                    [--no-clauses] [--top-only] [--write-types FILE]
 *                                    [--trees N [--depth 3] [--rate 0.1] [--topk 10] [--no-linear]]
 *                                    [--gate [--gate-vars a,b] [--gate-sets "a,b|c|all|platt"] [--gate-l2 1]]
 *                                    [--pool-text] [--dump FILE]
 *
 * `--quick` chooses the thresholds on the reported predictions themselves (for comparing features, not for
 * reporting). `--platt` (what ships) chooses them from probabilities calibrated per group, one cut for all;
 * `--by-kind` gives each group and kind of span shown its own threshold; `--no-clauses` leaves the clause
 * stretches out and `--top-only` decides on the best candidate's own probability (session 6's way, to compare).
 * Besides precision and recall it reports the oracle (any candidate overlapping the answer), and the length
 * and token F1 of the spans shown. `--trees N` adds N boosted regression trees per group (scripts/span-boost.ts) on the linear
 * scorer's `--topk` best candidates, or alone with `--no-linear`: an experiment, nothing of it ships.
 * `--gate` (session 8, an experiment) replaces Platt scaling by a second-stage logistic model of "the span shown
 * is right" over passage and span variables, fitted on the same inner held-out predictions; `--gate-sets`
 * reports the nested figures of several sets of its variables. `--pool-text` (an experiment) weighs a span by
 * the candidates of the same words anywhere in the passage; `--dump FILE` writes the held-out predictions as
 * JSON lines for error analysis.
 */
import fs from 'node:fs';
import { judgeHighlights } from '../src/eval/highlight.js';
import { fold, tokenize } from '../src/text/analyze.js';
import { readSquad } from '../src/eval/squad.js';
import { PassageIndex, type PassageRecord } from '../src/index/passage-index.js';
import { loadLexicon } from '../src/lexicon/lexicon.js';
import { answers, DEFAULT_ANSWER } from '../src/retrieval/answer.js';
import { combineTranslators } from '../src/lexicon/translator.js';
import {
  bestByContainedMass,
  HIGHLIGHT_FEATURES,
  HIGHLIGHT_GROUPS,
  highlightGroup,
  TYPE_FEATURE,
  spanFeatures,
  type HighlightFeature,
  type HighlightGroup,
  type HighlightWeights,
} from '../src/retrieval/highlight.js';
import { AnswerTypeCounts, EMPTY_ANSWER_TYPES, TYPE_FAMILIES, typeLogRatio, type AnswerTypeTable, type SpanClasses, type TypeFamily } from '../src/retrieval/answer-types.js';
import { boost, DEFAULT_BOOST, forestScore, type BoostExample, type SpanForest } from './span-boost.js';
import { parseQuestion, type ParsedQuestion } from '../src/retrieval/question.js';
import { rank, type Candidate } from '../src/retrieval/rank.js';
import type { Lang } from '../src/types.js';
import { solve } from './linear-solve.js';

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const K = opt('--folds', 5);
const TARGET = opt('--target', 0.86);
const ITERATIONS = opt('--iterations', 300);
const TREES = opt('--trees', 0);
const NO_LINEAR = argv.includes('--no-linear');
const NO_CLAUSES = argv.includes('--no-clauses');
/** `--top-only`: decide on the best candidate's own probability instead of the mass of the candidates it holds. */
const TOP_ONLY = argv.includes('--top-only');
const TOPK = opt('--topk', NO_LINEAR ? 1000 : 10);
const BOOST = { ...DEFAULT_BOOST, rounds: TREES, depth: opt('--depth', DEFAULT_BOOST.depth), rate: opt('--rate', DEFAULT_BOOST.rate), minHessian: opt('--min-hessian', DEFAULT_BOOST.minHessian) };
const files = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1]!.startsWith('--')));

/** One right first passage: its group, article and fold, its candidates' features and labels. */
interface Example {
  file: string;
  article: string;
  fold: number;
  group: HighlightGroup | undefined;
  /** Features with the answer-type columns at 0 (they depend on the table, fitted per fold). */
  features: number[][];
  labels: boolean[];
  /** The question's type keys and each candidate's classes (answer-types.ts). */
  keys: string[];
  classes: SpanClasses[];
  /** Each candidate's words and the gold answers' (for the length and token F1 of the spans shown). */
  words: string[][];
  gold: string[][];
  kinds: string[];
  spans: { start: number; end: number }[];
  /** Passage-level facts for the show decision (`--gate`): the ranking's score and coverage of the passage,
   * whether a which-question's head noun is written in it. */
  score: number;
  coverage: number;
  headPresent: boolean;
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
  /** The first passage's ranking evidence (for the show decision): its score and coverage (rank.ts). */
  score: number;
  coverage: number;
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
      items.push({ file, article: q.doc, answers: q.answers, parsed, passage: first.passage, terms: [...first.terms], text: index.readText(first.passage), lang: doc.language, title: doc.title, score: first.score, coverage: first.coverage });
    }
  }
  if (cache) fs.writeFileSync(cache, JSON.stringify(items));
}

/** The folded words of a text (for the token F1 of a span against a gold answer, as SQuAD's evaluation). */
const wordsOf = (s: string) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
/** Token F1 of a span's words against the best matching gold answer. */
function tokenF1(span: string[], gold: string[][]): number {
  let best = 0;
  for (const g of gold) {
    const left = new Map<string, number>();
    for (const w of g) left.set(w, (left.get(w) ?? 0) + 1);
    let common = 0;
    for (const w of span) if ((left.get(w) ?? 0) > 0) { common++; left.set(w, left.get(w)! - 1); }
    if (common) best = Math.max(best, (2 * common) / (span.length + g.length));
  }
  return best;
}

// Articles dealt into folds in a fixed shuffled order (a multiplicative hash of their number).
const foldOf = (doc: string) => ((Number(doc.slice(1)) * 2654435761) % 2 ** 32) % K;
const examples: Example[] = items.map((it) => {
  const group = highlightGroup(it.parsed);
  const ex: Example = { file: it.file, article: it.article, fold: foldOf(it.article), group, features: [], labels: [], keys: [], classes: [], words: [], gold: it.answers.map(wordsOf), kinds: [], spans: [], score: it.score ?? 0, coverage: it.coverage ?? 0, headPresent: false };
  if (group) {
    const heads = new Set(it.parsed.concepts.filter((k) => k.head).map((k) => k.word));
    ex.headPresent = heads.size > 0 && tokenize(it.text, it.lang).some((t) => heads.has(t.word));
    const c = { passage: it.passage, terms: new Set(it.terms), score: it.score, coverage: it.coverage } as Candidate;
    const { candidates, features, classes, keys } = spanFeatures(c, it.parsed, it.text, { lang: it.lang, dictionary: translator, title: it.title }, group, undefined, EMPTY_ANSWER_TYPES);
    // `--no-clauses`: without the clause stretches (for comparison; the other candidates' features barely
    // depend on them: only `nearestOverall` compares across kinds).
    const keep = candidates.map((k) => !(NO_CLAUSES && k.kind === 'clause'));
    const kept = <T,>(xs: T[]) => xs.filter((_, i) => keep[i]);
    ex.features = kept(features);
    ex.classes = kept(classes);
    ex.keys = keys;
    ex.labels = kept(candidates).map((k) => judgeHighlights(it.text, [k], it.answers).correct);
    ex.words = kept(candidates).map((k) => wordsOf(it.text.slice(k.start, k.end)));
    ex.kinds = kept(candidates).map((k) => k.kind);
    ex.spans = kept(candidates).map((k) => ({ start: k.start, end: k.end }));
  }
  return ex;
});

const F = HIGHLIGHT_FEATURES.length;
// The answer-type model (src/retrieval/answer-types.ts): its families used (`--families shape,head`, default
// all; `--no-types` none), its smoothing.
const FAMILIES: TypeFamily[] = argv.includes('--no-types') ? [] : argv.includes('--families') ? (argv[argv.indexOf('--families') + 1]!.split(',') as TypeFamily[]) : [...TYPE_FAMILIES];
const ALPHA = opt('--alpha', 8);
const typeColumn = Object.fromEntries(TYPE_FAMILIES.map((f) => [f, HIGHLIGHT_FEATURES.indexOf(TYPE_FEATURE[f])])) as Record<TypeFamily, number>;

/** The answer-type table counted on some examples. */
const MIN_WEIGHT = opt('--min-weight', 2);
const MIN_QUESTIONS = opt('--min-questions', 5);
function typeTable(exs: Example[]): AnswerTypeTable {
  const counts = new AnswerTypeCounts();
  for (const e of exs) if (e.group && e.classes.length) counts.add(e.keys, e.classes, e.labels);
  return counts.table(ALPHA, 4, MIN_WEIGHT, MIN_QUESTIONS);
}

/** An example's features with the answer-type columns read from a table. */
function typedFeatures(e: Example, table: AnswerTypeTable | undefined): number[][] {
  if (!table || !FAMILIES.length) return e.features;
  return e.features.map((x, i) => {
    const y = [...x];
    for (const f of FAMILIES) y[typeColumn[f]] = typeLogRatio(table, f, e.keys, e.classes[i]![f]);
    return y;
  });
}

/** One example ready for the fitting loop: its features flattened (candidate-major), its labels. */
interface Row {
  x: Float64Array;
  n: number;
  labels: boolean[];
}

/** Softmax over the candidates and "no span" (score 0); the target is any candidate overlapping the answer,
 * else no span. Adam on the mean negative log-likelihood with an L2 penalty. */
function fit(data: Row[]): number[] {
  const w = new Float64Array(F);
  const m = new Float64Array(F);
  const v = new Float64Array(F);
  const g = new Float64Array(F);
  const lr = 0.05;
  const l2 = 1e-3;
  if (!data.length) return [...w];
  const probs = new Float64Array(Math.max(...data.map((e) => e.n)));
  for (let it = 1; it <= ITERATIONS; it++) {
    for (let f = 0; f < F; f++) g[f] = l2 * w[f]!;
    for (const e of data) {
      const x = e.x;
      const n = e.n;
      let top = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let f = 0; f < F; f++) s += x[i * F + f]! * w[f]!;
        probs[i] = s;
        if (s > top) top = s;
      }
      let z = Math.exp(-top);
      for (let i = 0; i < n; i++) z += probs[i] = Math.exp(probs[i]! - top);
      let pos = 0;
      for (let i = 0; i < n; i++) {
        probs[i]! /= z;
        if (e.labels[i]) pos += probs[i]!;
      }
      for (let i = 0; i < n; i++) {
        const target = pos > 0 && e.labels[i] ? probs[i]! / pos : 0;
        const d = (probs[i]! - target) / data.length;
        if (d !== 0) for (let f = 0; f < F; f++) g[f]! += d * x[i * F + f]!;
      }
    }
    for (let f = 0; f < F; f++) {
      m[f] = 0.9 * m[f]! + 0.1 * g[f]!;
      v[f] = 0.999 * v[f]! + 0.001 * g[f]! ** 2;
      w[f]! -= (lr * (m[f]! / (1 - 0.9 ** it))) / (Math.sqrt(v[f]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  return [...w];
}

const asWeights = (w: number[]) => Object.fromEntries(HIGHLIGHT_FEATURES.map((n, i) => [n, Math.round(w[i]! * 1000) / 1000])) as Record<HighlightFeature, number>;

/** Prediction of an example: the best candidate's probability and whether it is right. */
interface Prediction {
  ex: Example;
  p: number;
  correct: boolean;
  /** The best candidate's index (-1: none). */
  best: number;
  /** The variables of the show decision (`--gate`), see {@link gateVariables}. */
  z?: number[];
  /** Each candidate's probability (for `--dump`). */
  probs?: number[];
}

/** A fitted scorer: linear weights per group, and boosted trees per group on the linear top candidates. */
interface Model {
  weights: HighlightWeights;
  forests: Partial<Record<HighlightGroup, SpanForest>>;
  /** The answer-type table counted on the training examples. */
  table: AnswerTypeTable | undefined;
}

/** Linear scores of candidates' features. */
function linearScores(features: number[][], w: Partial<Record<HighlightFeature, number>>): number[] {
  const wv = HIGHLIGHT_FEATURES.map((n) => w[n] ?? 0);
  return features.map((x) => x.reduce((s, v, i) => s + v * wv[i]!, 0));
}

/** The indexes of the `k` best-scored candidates. */
const topIndexes = (scores: number[], k: number) => scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, i]) => i);

/** Final scores of an example's candidates: linear, plus the group's trees on the linear top `TOPK`. */
function modelScores(model: Model, ex: Example): number[] {
  const features = typedFeatures(ex, model.table);
  const s = linearScores(features, model.weights[ex.group!]);
  const forest = model.forests[ex.group!];
  if (!forest) return s;
  const top = new Set(topIndexes(s, TOPK));
  return s.map((v, i) => (top.has(i) ? v + forestScore(forest, features[i]!) : v));
}

/** The weights (and trees) of every group fitted on some examples. */
function fitGroups(train: Example[]): Model {
  // The training examples' type features are read from tables counted without their own fold (cross-fitted):
  // a table counted on an example's own answer would make its type features look surer than they are on
  // new questions, and the weights would trust them too much.
  const tables = new Map<number, AnswerTypeTable>();
  if (FAMILIES.length) for (const f of new Set(train.map((e) => e.fold))) tables.set(f, typeTable(train.filter((e) => e.fold !== f)));
  const feats = new Map(train.map((e) => [e, typedFeatures(e, tables.get(e.fold))]));
  const rows = (g: HighlightGroup) => train.filter((e) => e.group === g && e.features.length).map((e) => ({ x: Float64Array.from(feats.get(e)!.flat()), n: e.features.length, labels: e.labels }));
  const weights = Object.fromEntries(HIGHLIGHT_GROUPS.map((g) => [g, NO_LINEAR ? {} : asWeights(fit(rows(g)))])) as HighlightWeights;
  const forests: Model['forests'] = {};
  if (TREES > 0)
    for (const g of HIGHLIGHT_GROUPS) {
      const data: BoostExample[] = [];
      for (const e of train) {
        if (e.group !== g || !e.features.length) continue;
        const s = linearScores(feats.get(e)!, weights[g]);
        const top = topIndexes(s, TOPK);
        const topSet = new Set(top);
        const rest = s.reduce((acc, v, i) => (topSet.has(i) ? acc : acc + Math.exp(v)), 0);
        data.push({ x: Float64Array.from(top.flatMap((i) => feats.get(e)![i]!)), labels: top.map((i) => e.labels[i]!), base: top.map((i) => s[i]!), rest });
      }
      if (data.length) forests[g] = boost(data, F, BOOST);
    }
  return { weights, forests, table: FAMILIES.length ? typeTable(train) : undefined };
}

/** Predictions of examples by a model. */
function predict(model: Model, exs: Example[]): Prediction[] {
  return exs.map((ex) => {
    if (!ex.group || !ex.features.length) return { ex, p: 0, correct: false, best: -1 };
    const s = modelScores(model, ex);
    const top = Math.max(0, ...s);
    const exps = s.map((v) => Math.exp(v - top));
    const z = Math.exp(-top) + exps.reduce((a, b) => a + b, 0);
    const probs = exps.map((e) => e / z);
    if (TOP_ONLY) {
      const best = s.reduce((b, v, i) => (v > s[b]! ? i : b), 0);
      return { ex, p: probs[best]!, correct: ex.labels[best]!, best };
    }
    const { index, mass } = POOL_TEXT ? bestByPooledMass(ex.spans, ex.words.map((w) => w.join(' ')), probs) : bestByContainedMass(ex.spans, probs);
    return { ex, p: mass, correct: ex.labels[index]!, best: index, z: GATE ? gateVariables(ex, typedFeatures(ex, model.table), probs, index, mass) : undefined, probs: DUMP ? probs : undefined };
  });
}

/** Thresholds per decision key: a question group, or with `--by-kind` a group and the kind of the span shown
 * (`what:clause`, `who:name`), whose probabilities may not be calibrated alike. */
type Thresholds = Record<string, number>;
const NEVER = 1.01;
const BY_KIND = argv.includes('--by-kind');
const SPAN_KINDS = ['date', 'amount', 'number', 'name', 'phrase', 'clause'];
const DECISION_KEYS: string[] = BY_KIND ? HIGHLIGHT_GROUPS.flatMap((g) => SPAN_KINDS.map((k) => `${g}:${k}`)) : [...HIGHLIGHT_GROUPS];
const keyOf = (p: Prediction) => (BY_KIND ? `${p.ex.group}:${p.ex.kinds[p.best]}` : p.ex.group!);
const shownAt = (t: Thresholds) => (p: Prediction) => p.p > 0 && !!p.ex.group && p.p >= (t[keyOf(p)] ?? NEVER);


/**
 * Thresholds of the groups chosen on predictions: starting from no span anywhere, the threshold of a group is
 * lowered step by step (each step adds at least `MIN_STEP` shown spans), taking at each turn the step of highest
 * precision among the groups, as long as the precision of the spans shown stays at or above the target in every
 * file. The result shows the spans of highest precision first whatever their group: the most recall at that
 * precision.
 */
const MIN_STEP = 8;
function chooseThresholds(preds: Prediction[], target: number): Thresholds {
  const t = Object.fromEntries(DECISION_KEYS.map((g) => [g, NEVER])) as Thresholds;
  const byGroup = new Map(DECISION_KEYS.map((g) => [g, preds.filter((p) => p.ex.group && keyOf(p) === g).sort((a, b) => b.p - a.p)]));
  const used = new Map(DECISION_KEYS.map((g) => [g, 0]));
  const done = new Set<string>();
  const ok = (tt: Thresholds) => files.every((f) => {
    const shown = preds.filter((p) => p.ex.file === f).filter(shownAt(tt));
    return !shown.length || shown.filter((p) => p.correct).length / shown.length >= target;
  });
  for (;;) {
    let best: { g: string; to: number; next: number; precision: number } | undefined;
    for (const g of DECISION_KEYS) {
      if (done.has(g)) continue;
      const ps = byGroup.get(g)!;
      let next = used.get(g)! + Math.min(MIN_STEP, ps.length);
      // A threshold sits between two probabilities: take every prediction tied with the last one.
      while (next < ps.length && ps[next]!.p === ps[next - 1]!.p) next++;
      if (next <= used.get(g)! || next > ps.length || ps[next - 1]!.p < 0.2) {
        done.add(g);
        continue;
      }
      const step = ps.slice(used.get(g)!, next);
      const precision = step.filter((p) => p.correct).length / step.length;
      if (!best || precision > best.precision) best = { g, to: ps[next - 1]!.p, next, precision };
    }
    if (!best) return t;
    const trial = { ...t, [best.g]: best.to };
    if (ok(trial)) {
      t[best.g] = best.to;
      used.set(best.g, best.next);
    } else done.add(best.g);
  }
}

/**
 * The lowest cut on a probability (predictions sorted by it, highest first) at which the spans shown meet the
 * precision target in every file, with at least MIN_STEP shown; Infinity when none does.
 */
function lowestCut(sorted: readonly { p: Prediction; q: number }[], target: number): number {
  let tau = Infinity;
  const right = new Map<string, number>();
  const shown = new Map<string, number>();
  sorted.forEach(({ p, q: v }, i) => {
    right.set(p.ex.file, (right.get(p.ex.file) ?? 0) + +p.correct);
    shown.set(p.ex.file, (shown.get(p.ex.file) ?? 0) + 1);
    if (i + 1 < MIN_STEP || (sorted[i + 1] && sorted[i + 1]!.q === v)) return;
    if ([...shown].every(([f, n]) => right.get(f)! / n >= target)) tau = v;
  });
  return tau;
}

/**
 * `--platt`: thresholds from calibrated probabilities instead of the greedy allocation. Per decision key, a
 * logistic fit of "the span shown is right" on the logit of its probability (Platt scaling: two numbers per
 * key, far less than the allocation's steps read off the predictions); then one threshold on the calibrated
 * probability for all keys, the lowest at which the precision of the spans shown stays at or above the target
 * in every file (the most recall at that precision when the calibration is right), mapped back to a
 * threshold on each key's own probability.
 */
const PLATT = argv.includes('--platt');
const logit = (p: number) => Math.log(Math.min(1 - 1e-6, Math.max(1e-6, p)) / (1 - Math.min(1 - 1e-6, Math.max(1e-6, p))));
function plattFit(ps: Prediction[]): [number, number] {
  let a = 0;
  let b = 1;
  for (let it = 0; it < 50; it++) {
    // Newton's method on the log-likelihood, with a small ridge for stability.
    let ga = -1e-3 * a;
    let gb = -1e-3 * (b - 1);
    let haa = 1e-3;
    let hab = 0;
    let hbb = 1e-3;
    for (const p of ps) {
      const x = logit(p.p);
      const q = 1 / (1 + Math.exp(-(a + b * x)));
      const e = (p.correct ? 1 : 0) - q;
      const w = q * (1 - q);
      ga += e;
      gb += e * x;
      haa += w;
      hab += w * x;
      hbb += w * x * x;
    }
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    a += (hbb * ga - hab * gb) / det;
    b += (haa * gb - hab * ga) / det;
  }
  return [a, b];
}
function plattThresholds(preds: Prediction[], target: number): Thresholds {
  const keyed = preds.filter((p) => p.ex.group && p.p > 0);
  const params = new Map(DECISION_KEYS.map((g) => [g, plattFit(keyed.filter((p) => keyOf(p) === g))]));
  const q = (p: Prediction) => {
    const [a, b] = params.get(keyOf(p))!;
    return 1 / (1 + Math.exp(-(a + b * logit(p.p))));
  };
  const sorted = keyed.map((p) => ({ p, q: q(p) })).sort((x, y) => y.q - x.q);
  const tau = lowestCut(sorted, target);
  const t = Object.fromEntries(DECISION_KEYS.map((g) => [g, NEVER])) as Thresholds;
  if (!Number.isFinite(tau)) return t;
  for (const g of DECISION_KEYS) {
    const [a, b] = params.get(g)!;
    if (b <= 0 || !keyed.some((p) => keyOf(p) === g)) continue;
    const x = (logit(tau) - a) / b;
    t[g] = Math.min(NEVER, 1 / (1 + Math.exp(-x)));
  }
  return t;
}

/**
 * `--gate`: the show decision as a second-stage logistic model of "the span shown overlaps the answer" over a
 * few variables of the passage and of its best span (instead of Platt scaling of the best span's probability
 * alone), fitted exactly where Platt scaling is (on inner held-out predictions), with one cut chosen the same
 * way. `--gate-vars a,b,…` keeps only some families of variables (for ablations).
 */
const GATE = argv.includes('--gate');
/** `--pool-text`: a candidate is worth the probability of every candidate whose words are those of one it holds,
 * wherever they stand in the passage (the same answer written twice), see {@link bestByPooledMass}. */
const POOL_TEXT = argv.includes('--pool-text');
function bestByPooledMass(spans: readonly { start: number; end: number }[], keys: readonly string[], probs: readonly number[]): { index: number; mass: number } {
  const byKey = new Map<string, number>();
  keys.forEach((k, i) => byKey.set(k, (byKey.get(k) ?? 0) + probs[i]!));
  let index = -1;
  let mass = 0;
  spans.forEach((k, i) => {
    const held = new Set<string>();
    spans.forEach((o, j) => {
      if (o.start >= k.start && o.end <= k.end) held.add(keys[j]!);
    });
    let m = 0;
    for (const key of held) m += byKey.get(key)!;
    const shorter = index >= 0 && k.end - k.start < spans[index]!.end - spans[index]!.start;
    if (m > mass + 1e-12 || (Math.abs(m - mass) <= 1e-12 && shorter)) {
      index = i;
      mass = m;
    }
  });
  return { index, mass };
}
/** `--dump FILE`: the held-out predictions of what/which/where/who questions as JSON lines (error analysis). */
const DUMP = argv.includes('--dump') ? argv[argv.indexOf('--dump') + 1] : undefined;
const GATE_VARS = argv.includes('--gate-vars') ? new Set(argv[argv.indexOf('--gate-vars') + 1]!.split(',')) : undefined;
const KIND_LIST = ['date', 'amount', 'number', 'name', 'phrase', 'clause'];
const col = (n: HighlightFeature) => HIGHLIGHT_FEATURES.indexOf(n);
/** The families of gate variables, each a function of the prediction. */
const GATE_FAMILIES: [string, (ex: Example, x: number[][], probs: number[], best: number, mass: number) => number[]][] = [
  ['groupLogit', (ex, _x, _p, _b, mass) => HIGHLIGHT_GROUPS.flatMap((g) => (g === ex.group ? [1, logit(mass)] : [0, 0]))],
  ['second', (ex, _x, probs, best, mass) => {
    // The contained mass of the best span disjoint from the one shown: a rival answer elsewhere.
    const k = ex.spans[best]!;
    const rest = ex.spans.map((o, i) => (o.end <= k.start || o.start >= k.end ? i : -1)).filter((i) => i >= 0);
    const r = rest.length ? bestByContainedMass(rest.map((i) => ex.spans[i]!), rest.map((i) => probs[i]!)).mass : 0;
    return [logit(Math.max(1e-4, r)), mass - r];
  }],
  ['none', (_ex, _x, probs) => [logit(Math.max(1e-4, 1 - probs.reduce((a, b) => a + b, 0)))]],
  ['kind', (ex, _x, _p, best) => KIND_LIST.map((k) => +(ex.kinds[best] === k))],
  ['length', (ex, _x, _p, best) => [Math.min(6, ex.words[best]!.length) / 6]],
  ['sentence', (_ex, x, _p, best) => [x[best]![col('sentenceCoverage')]!, x[best]![col('bestSentence')]!, x[best]![col('clauseCoverage')]!]],
  ['types', (_ex, x, _p, best) => [x[best]![col('typeShape')]! / 4, x[best]![col('typePrev')]! / 4, x[best]![col('typeHead')]! / 4]],
  ['retrieval', (ex) => [Math.min(1.5, ex.score), ex.coverage]],
  ['count', (ex) => [Math.log(1 + ex.spans.length) / Math.log(100)]],
  ['head', (ex) => [+(ex.group === 'which' && ex.headPresent), +(ex.group === 'which' && !ex.headPresent)]],
];
function gateVariables(ex: Example, x: number[][], probs: number[], best: number, mass: number): number[] {
  return GATE_FAMILIES.flatMap(([, f]) => f(ex, x, probs, best, mass));
}
/** The column of each gate variable's family (`--gate-vars` keeps some families; the first is always kept). */
const GATE_COLUMNS: string[] = (() => {
  const ex = examples.find((e) => e.group && e.features.length)!;
  const probs = ex.features.map(() => 1 / (ex.features.length + 1));
  return GATE_FAMILIES.flatMap(([n, f]) => f(ex, ex.features, probs, 0, probs[0]!).map(() => n));
})();
let gateMask: boolean[] = GATE_COLUMNS.map((n) => n === 'groupLogit' || !GATE_VARS || GATE_VARS.has(n));
const GATE_L2 = opt('--gate-l2', 1);

/** Logistic regression by Newton's method with a ridge penalty `GATE_L2` (the group intercepts and slopes of
 * the first family are penalized towards Platt's identity: intercept 0, slope 1). */
function gateFit(ps: Prediction[]): number[] {
  const d = ps[0]?.z?.length ?? 0;
  const w = new Array<number>(d).fill(0);
  const prior = new Array<number>(d).fill(0);
  for (let g = 0; g < HIGHLIGHT_GROUPS.length; g++) prior[2 * g + 1] = w[2 * g + 1] = 1;
  for (let it = 0; it < 30; it++) {
    const grad = w.map((v, i) => -GATE_L2 * (v - prior[i]!));
    const h = w.map((_, i) => w.map((__, j) => (i === j ? GATE_L2 : 0)));
    for (const p of ps) {
      const z = p.z!;
      let a = 0;
      for (let i = 0; i < d; i++) if (gateMask[i]) a += w[i]! * z[i]!;
      const q = 1 / (1 + Math.exp(-a));
      const e = +p.correct - q;
      const v = q * (1 - q);
      for (let i = 0; i < d; i++) {
        if (!z[i] || !gateMask[i]) continue;
        grad[i]! += e * z[i]!;
        for (let j = 0; j < d; j++) if (z[j] && gateMask[j]) h[i]![j]! += v * z[i]! * z[j]!;
      }
    }
    const step = solve(h, grad);
    let moved = 0;
    for (let i = 0; i < d; i++) {
      w[i]! += step[i]!;
      moved = Math.max(moved, Math.abs(step[i]!));
    }
    if (moved < 1e-6) break;
  }
  return w;
}
const gateProb = (w: number[], p: Prediction) => 1 / (1 + Math.exp(-p.z!.reduce((s, v, i) => s + (gateMask[i] ? v * w[i]! : 0), 0)));
/** The gate fitted on predictions, and the lowest cut on its probability meeting the target in every file. */
function gateChoose(preds: Prediction[], target: number): { w: number[]; tau: number } {
  const keyed = preds.filter((p) => p.ex.group && p.p > 0);
  const w = gateFit(keyed);
  const sorted = keyed.map((p) => ({ p, q: gateProb(w, p) })).sort((x, y) => y.q - x.q);
  const tau = lowestCut(sorted, target);
  return { w, tau };
}

// Outer folds: each fold's questions are predicted by weights fitted on the other folds, and decided (shown or
// not) by thresholds chosen on inner held-out predictions of those other folds only (nested cross-validation),
// so no figure reported below was used to choose anything. `--quick` skips the inner folds (thresholds chosen
// on the outer predictions themselves: for comparing features, not for reporting).
const QUICK = argv.includes('--quick');
const CURVE = argv.includes('--curve') ? argv[argv.indexOf('--curve') + 1]!.split(',').map(Number) : [TARGET];
const predictions: Prediction[] = [];
const foldWeights: HighlightWeights[] = [];
const foldModels: Model[] = [];
const inner: Prediction[][] = [];
for (let k = 0; k < K; k++) {
  const model = fitGroups(examples.filter((e) => e.fold !== k));
  foldWeights.push(model.weights);
  foldModels.push(model);
  predictions.push(...predict(model, examples.filter((e) => e.fold === k)));
  const preds: Prediction[] = [];
  if (!QUICK) for (let j = 0; j < K; j++) if (j !== k) preds.push(...predict(fitGroups(examples.filter((e) => e.fold !== k && e.fold !== j)), examples.filter((e) => e.fold === j)));
  inner.push(preds);
  process.stderr.write(`fold ${k + 1}/${K} fitted\n`);
}

/** Whether each held-out prediction is shown at a precision target: by its own fold's inner thresholds. */
let gateOn = GATE;
function decide(target: number): { shown: Set<Prediction>; perFold: Thresholds[] } {
  if (gateOn) {
    const gates = inner.map((preds) => gateChoose(QUICK ? predictions : preds, target));
    const shown = new Set(predictions.filter((p) => p.ex.group && p.p > 0 && gateProb(gates[p.ex.fold]!.w, p) >= gates[p.ex.fold]!.tau));
    return { shown, perFold: gates.map((g) => Object.fromEntries(HIGHLIGHT_GROUPS.map((h) => [h, g.tau]))) };
  }
  const choose = PLATT ? plattThresholds : chooseThresholds;
  const perFold = inner.map((preds, k) => choose(QUICK ? predictions : preds, target));
  const shown = new Set(predictions.filter((p) => shownAt(perFold[p.ex.fold]!)(p)));
  return { shown, perFold };
}
function figuresOf(preds: Prediction[], shown: Set<Prediction>) {
  const s = preds.filter((p) => shown.has(p));
  const right = s.filter((p) => p.correct).length;
  return { n: preds.length, shown: s.length / (preds.length || 1), precision: right / (s.length || 1), recall: right / (preds.length || 1) };
}

const averaged = Object.fromEntries(
  HIGHLIGHT_GROUPS.map((g) => [g, Object.fromEntries(HIGHLIGHT_FEATURES.map((n) => [n, Math.round((foldWeights.reduce((s, w) => s + (w[g][n] ?? 0), 0) / K) * 1000) / 1000]))]),
) as HighlightWeights;
// The shipped thresholds: chosen on every fold's held-out predictions.
const thresholds = (PLATT ? plattThresholds : chooseThresholds)(predictions, TARGET);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const { shown, perFold } = decide(TARGET);
const rows: string[] = [`${QUICK ? 'QUICK (thresholds on the reported predictions)' : 'nested'}, target ${TARGET}`, '| file | fold | passages | shown | precision | recall |', '|---|---|---|---|---|---|'];
for (const file of files) {
  const name = file.split('/').pop();
  for (let k = 0; k < K; k++) {
    const f = figuresOf(predictions.filter((p) => p.ex.file === file && p.ex.fold === k), shown);
    rows.push(`| ${name} | ${k + 1} | ${f.n} | ${pct(f.shown)} | ${pct(f.precision)} | ${pct(f.recall)} |`);
  }
  const f = figuresOf(predictions.filter((p) => p.ex.file === file), shown);
  rows.push(`| ${name} | all | ${f.n} | ${pct(f.shown)} | ${pct(f.precision)} | ${pct(f.recall)} |`);
}
rows.push('', '| group | thresholds (folds 1–5) | shipped | passages | shown | precision | recall |', '|---|---|---|---|---|---|---|');
for (const g of [...HIGHLIGHT_GROUPS, undefined]) {
  const f = figuresOf(predictions.filter((p) => p.ex.group === g), shown);
  const ts = g && !BY_KIND ? perFold.map((t) => t[g]!.toFixed(2)).join(' ') : '-';
  rows.push(`| ${g ?? 'other'} | ${ts} | ${g && !BY_KIND ? thresholds[g]!.toFixed(2) : '-'} | ${f.n} | ${pct(f.shown)} | ${pct(f.precision)} | ${pct(f.recall)} |`);
}
if (BY_KIND) rows.push('', 'shipped thresholds by kind: ' + Object.entries(thresholds).filter(([, v]) => v < NEVER).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', '));
/** Average precision of predictions ranked by probability (recall denominator: every prediction). */
const ap = (ps: Prediction[]) => {
  const sorted = [...ps].sort((a, b) => b.p - a.p);
  let right = 0;
  let sum = 0;
  sorted.forEach((p, i) => {
    if (p.correct) sum += ++right / (i + 1);
  });
  return sum / (ps.length || 1);
};
// The oracle (the ceiling of recall): any candidate overlapping the answer; without the clause stretches; a
// candidate of at most three words doing so (a tighter ceiling, as the stricter token F1 would want).
rows.push('', '| group | any candidate right | any but clauses | any of ≤ 3 words | best candidate right | best right, shown span ≤ 3 words | average precision |', '|---|---|---|---|---|---|---|');
for (const g of HIGHLIGHT_GROUPS) {
  const ps = predictions.filter((p) => p.ex.group === g);
  const share = (f: (p: Prediction) => boolean) => pct(ps.filter(f).length / (ps.length || 1));
  rows.push(
    `| ${g} | ${share((p) => p.ex.labels.some(Boolean))} | ${share((p) => p.ex.labels.some((l, i) => l && p.ex.kinds[i] !== 'clause'))} | ${share((p) => p.ex.labels.some((l, i) => l && p.ex.words[i]!.length <= 3))} | ${share((p) => p.correct)} | ${share((p) => p.correct && p.ex.words[p.best]!.length <= 3)} | ${pct(ap(ps))} |`,
  );
}
{
  // Threshold-free summaries, less noisy than a threshold allocation for comparing scorers: the share of
  // right first passages whose best candidate is right, and the average precision of the held-out
  // predictions ranked by probability (recall denominator: every right first passage).
  const withGroup = predictions.filter((p) => p.ex.group);
  rows.push('', `best candidate right, all groups: ${pct(withGroup.filter((p) => p.correct).length / (withGroup.length || 1))}; average precision: ` + files.map((f) => `${f.split('/').pop()} ${pct(ap(predictions.filter((p) => p.ex.file === f)))}`).join(', '));
}
rows.push('', '| precision target | ' + files.map((f) => `${f.split('/').pop()} precision | recall`).join(' | ') + ' |', '|---|' + files.map(() => '---|---|').join(''));
for (const target of CURVE) {
  const d = decide(target).shown;
  rows.push(`| ${target} | ` + files.map((file) => { const f = figuresOf(predictions.filter((p) => p.ex.file === file), d); return `${pct(f.precision)} | ${pct(f.recall)}`; }).join(' | ') + ' |');
}
// `--gate-sets "a,b|c"`: the nested figures of several sets of gate variables (the first family always in).
if (GATE && argv.includes('--gate-sets')) {
  const out = ['', '| gate variables | target | ' + files.map((f) => `${f.split('/').pop()} precision | recall | fold min`).join(' | ') + ' |'];
  for (const set of argv[argv.indexOf('--gate-sets') + 1]!.split('|')) {
    const names = new Set(set.split(','));
    gateMask = GATE_COLUMNS.map((n) => n === 'groupLogit' || set === 'all' || names.has(n));
    gateOn = set !== 'platt';
    for (const target of CURVE) {
      const d = decide(target).shown;
      out.push(`| ${set} | ${target} | ` + files.map((file) => {
        const f = figuresOf(predictions.filter((p) => p.ex.file === file), d);
        const min = Math.min(...Array.from({ length: K }, (_, k) => figuresOf(predictions.filter((p) => p.ex.file === file && p.ex.fold === k), d).precision));
        return `${pct(f.precision)} | ${pct(f.recall)} | ${pct(min)}`;
      }).join(' | ') + ' |');
    }
  }
  process.stderr.write(out.join('\n') + '\n');
  gateOn = GATE;
}
if (DUMP) {
  const byEx = new Map(examples.map((e, i) => [e, items[i]!]));
  const lines = predictions.filter((p) => p.ex.group && p.best >= 0).map((p) => {
    const it = byEx.get(p.ex)!;
    const text = (i: number) => it.text.slice(p.ex.spans[i]!.start, p.ex.spans[i]!.end);
    const order = p.probs!.map((_, i) => i).sort((a, b) => p.probs![b]! - p.probs![a]!);
    return JSON.stringify({
      q: it.parsed.text, group: p.ex.group, file: it.file.split('/').pop(), p: Math.round(p.p * 1000) / 1000, correct: p.correct, shown: shown.has(p),
      chosen: text(p.best), kind: p.ex.kinds[p.best], gold: it.answers,
      top: order.slice(0, 5).map((i) => `${text(i)} [${p.ex.kinds[i]} ${p.probs![i]!.toFixed(2)}${p.ex.labels[i] ? ' ✓' : ''}]`),
      firstRight: order.findIndex((i) => p.ex.labels[i]),
      text: it.text,
    });
  });
  fs.writeFileSync(DUMP, lines.join('\n') + '\n');
}
const all = figuresOf(predictions, shown);
{
  // What the spans shown are like: their length in words, their token F1 against the gold answer (SQuAD's
  // measure, stricter than overlap: a long span overlapping the answer scores low), their kinds.
  const s = predictions.filter((p) => shown.has(p) && p.best >= 0);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const kinds = new Map<string, number>();
  for (const p of s) kinds.set(p.ex.kinds[p.best]!, (kinds.get(p.ex.kinds[p.best]!) ?? 0) + 1);
  rows.push('', `spans shown: ${s.length}, mean length ${mean(s.map((p) => p.ex.words[p.best]!.length)).toFixed(2)} words, mean token F1 ${pct(mean(s.map((p) => tokenF1(p.ex.words[p.best]!, p.ex.gold))))}, kinds ` + [...kinds].map(([k, n]) => `${k} ${n}`).join(', '));
}
process.stderr.write(`${rows.join('\n')}\n\nall: precision ${pct(all.precision)}, recall ${pct(all.recall)}\n`);
// For the options tree: a threshold per group, or with `--by-kind` per group and kind (a kind left out: never).
const shipped = BY_KIND
  ? Object.fromEntries(HIGHLIGHT_GROUPS.map((g) => [g, Object.fromEntries(SPAN_KINDS.filter((k) => thresholds[`${g}:${k}`]! < NEVER).map((k) => [k, Math.round(thresholds[`${g}:${k}`]! * 1000) / 1000]))]))
  : Object.fromEntries(HIGHLIGHT_GROUPS.map((g) => [g, Math.round(thresholds[g]! * 1000) / 1000]));
process.stdout.write(`${JSON.stringify({ thresholds: shipped, weights: averaged }, null, 2)}\n`);
// `--write-types FILE`: the answer-type table counted on all the examples, for data/answer-types.json.
// Keys of fewer than `--min-questions` questions, and classes the answer of less than one question under a
// key and weighing under `--min-weight` candidates there, are left out (the fitted folds' tables are cut the same way).
if (argv.includes('--write-types')) {
  const table = typeTable(examples);
  fs.writeFileSync(argv[argv.indexOf('--write-types') + 1]!, `${JSON.stringify(table)}\n`);
}
