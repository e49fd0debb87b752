/**
 * Fits the ranking weights of `DEFAULT_RANK` (the weight of each feature in `scoreFeatures`, src/retrieval/rank.ts)
 * on public SQuAD-format files together (PIAF and XQuAD-en), with article-level cross-validation, and prints
 * the held-out figures and the weights to ship.
 *
 *   npm run fit:rank -- /work/shared/datasets/piaf-v1.0.json /work/shared/datasets/xquad.en.json \
 *     [--folds 5] [--method both|softmax|ascent] [--set '{"candidates":40}'] [--from zero|shipped]
 *     [--iterations 400] [--drop 'offTitle,prefix;offTitle;'] [--splits 1] [--min-gain 2e-4] [--answer-bonus 0.5]
 *     [--choice fit|off]
 *
 * Method. Every file is indexed whole (as `eval --squad` does) and every question ranked once with the
 * current options: the candidate pool does not depend on the weights, so each candidate's {@link Features}
 * record is kept with whether it comes from the question's own paragraph and whether it holds the answer.
 * Recall@1 under any weights is then the share of questions whose best-scoring candidate (shorter first among
 * equal scores) is from that paragraph. Articles are split into folds (article i of a file in fold i mod k).
 * For each fold, weights are fitted on the other folds — a listwise logistic regression (softmax over each
 * question's candidates, the right paragraph's candidates as the target, those holding the answer weighing
 * more), then coordinate ascent on the mean over files of recall@1 plus ANSWER_BONUS for a first passage that
 * holds the answer (`wCoverage` stays fixed: it sets the scale the confidence model reads) — and the fold's own
 * questions, which took no part in the fit, are scored with them. The held-out figure of a file is over all
 * its questions, each scored by weights that never saw its article. The weights to ship are the average of the
 * folds' weights. After shipping new weights, refit the confidence model (scripts/fit-confidence.ts): it
 * reads the scores. A feature whose weight is 0 is not computed (`order`, `prefix`: rank.ts skips them), so
 * it stays 0 in every record: to fit a new one, give it a small weight with `--set '{"wPrefix":0.001}'`.
 *
 * The choice of the passage quoted first (`choice` in `DEFAULT_RANK`, `choosePassage` in rank.ts) is fitted in
 * each fold after the score weights, on the same training folds: over the candidates of each question's right
 * paragraph, where some hold the answer and some do not, a softmax (target: those holding it) then coordinate
 * ascent on the share whose best holds it, over the features that differ within a paragraph. Held-out, the
 * fold's questions are quoted by its score weights and its choice; recall@1 does not depend on the choice (it
 * never leaves the first paragraph). `--choice off` fits none. The choice to ship is the folds' average.
 *
 * `--drop` runs one cross-validation per `;`-separated set of features held at 0 in both steps (the empty set:
 * none held), over one ranking of the questions: an ablation, each set against the others on the same folds;
 * the weights printed to ship are the last set's. Every fold's fit starts from 0 for every weight but
 * `wCoverage` (`--from shipped`: from the current weights instead, which were fitted on every article and so
 * let the held-out articles in through the start); `--iterations`
 * sets the softmax's gradient steps; `--splits n` repeats each cross-validation on n splits of the articles
 * into folds (the first as above, then seeded shuffles) and gives the mean of their held-out figures.
 */
import path from 'node:path';
import { readSquad } from '../src/eval/squad.js';
import { PassageIndex } from '../src/index/passage-index.js';
import { loadLexicon } from '../src/lexicon/lexicon.js';
import { combineTranslators } from '../src/lexicon/translator.js';
import { DEFAULT_RANK, mergeOptions, type ChoiceWeights, type DeepPartial } from '../src/retrieval/options.js';
import { parseQuestion } from '../src/retrieval/question.js';
import { FEATURE_NAMES, FEATURE_WEIGHTS, rank, type RankOptions } from '../src/retrieval/rank.js';

const F = FEATURE_NAMES.length;
/** What holding the answer adds to a right first passage in the objective (see `shiftedGain`); `--answer-bonus`. */
const ANSWER_BONUS = Number(argValue('--answer-bonus', '0.5'));

/** One question: its candidates' features (row-major), lengths and whether each is from the right paragraph. */
interface QuestionRows {
  file: number;
  article: number;
  features: Float64Array;
  length: Float64Array;
  gold: Uint8Array;
  /** Whether each candidate is from the right paragraph and holds one of the answer texts. */
  answer: Uint8Array;
  /** Each candidate's paragraph (its id in the index). */
  para: Int32Array;
}

function argValue(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

/** Ranks every question of a file and keeps its candidates' features. */
function collect(file: string, fileIndex: number, o: DeepPartial<RankOptions>): QuestionRows[] {
  const set = readSquad(file);
  const index = PassageIndex.build(set.documents);
  const translator = combineTranslators([loadLexicon()]);
  const docIndex = new Map(index.documents.map((d, i) => [d.id, i]));
  const articleOf = new Map(set.documents.map((d, i) => [d.id, i]));
  return set.questions.map((q) => {
    // The candidates in score order (the choice of the first passage is fitted here, not applied).
    const cands = rank(index, parseQuestion(q.question, translator), o).sort((a, b) => b.score - a.score || a.passage.end - a.passage.start - (b.passage.end - b.passage.start));
    const target = docIndex.get(q.doc);
    const features = new Float64Array(cands.length * F);
    cands.forEach((c, i) => FEATURE_NAMES.forEach((k, j) => (features[i * F + j] = c[k])));
    return {
      file: fileIndex,
      article: articleOf.get(q.doc)!,
      features,
      length: Float64Array.from(cands, (c) => c.passage.end - c.passage.start),
      para: Int32Array.from(cands, (c) => index.paragraphOf(c.id)),
      gold: Uint8Array.from(cands, (c) => (c.passage.doc === target && c.passage.paragraph === q.paragraph ? 1 : 0)),
      answer: Uint8Array.from(cands, (c) => (c.passage.doc === target && c.passage.paragraph === q.paragraph && q.answers.some((a) => index.text(c.passage).includes(a)) ? 1 : 0)),
    };
  });
}

/** The best-scoring candidate (shorter first among equal scores), among those of paragraph `para` when it is
 * given; -1 when none. */
function best(r: QuestionRows, w: Float64Array, para = -1): number {
  let best = -Infinity;
  let at = -1;
  for (let i = 0; i < r.gold.length; i++) {
    if (para >= 0 && r.para[i] !== para) continue;
    let s = 0;
    for (let j = 0; j < F; j++) s += w[j]! * r.features[i * F + j]!;
    if (s > best + 1e-12 || (Math.abs(s - best) <= 1e-12 && r.length[i]! < r.length[at]!)) {
      best = s;
      at = i;
    }
  }
  return at;
}

/** Whether the best-scoring candidate is from the right paragraph. */
function hit(r: QuestionRows, w: Float64Array): boolean {
  const at = best(r, w);
  return at >= 0 && r.gold[at] === 1;
}

/** Recall@1 of each file. */
function recalls(rows: readonly QuestionRows[], w: Float64Array, files: number): number[] {
  const hits = new Array<number>(files).fill(0);
  const n = new Array<number>(files).fill(0);
  for (const r of rows) {
    n[r.file]!++;
    if (hit(r, w)) hits[r.file]!++;
  }
  return hits.map((h, i) => h / (n[i] || 1));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);

/** Every candidate's score under `w`, by question. */
function scoresOf(rows: readonly QuestionRows[], w: Float64Array): Float64Array[] {
  return rows.map((r) => {
    const out = new Float64Array(r.gold.length);
    for (let i = 0; i < out.length; i++) {
      let s = 0;
      for (let j = 0; j < F; j++) s += w[j]! * r.features[i * F + j]!;
      out[i] = s;
    }
    return out;
  });
}

/**
 * The objective: the mean over files of each question's gain when the scores `base` change by `d` times feature
 * `j` (one pass over the candidates, not over their features: what makes coordinate ascent fast). A question
 * gains 1 when its first passage is from the right paragraph, plus ANSWER_BONUS when that passage also holds
 * the answer (the paragraph counts, but a person reads the quoted passage: a sentence of the right paragraph
 * that does not answer is worth less).
 */
function shiftedGain(rows: readonly QuestionRows[], base: readonly Float64Array[], j: number, d: number, files: number): number {
  const sum = new Array<number>(files).fill(0);
  const n = new Array<number>(files).fill(0);
  rows.forEach((r, q) => {
    const b = base[q]!;
    let top = -Infinity;
    let at = -1;
    for (let i = 0; i < b.length; i++) {
      const s = b[i]! + d * r.features[i * F + j]!;
      if (s > top + 1e-12 || (Math.abs(s - top) <= 1e-12 && r.length[i]! < r.length[at]!)) {
        top = s;
        at = i;
      }
    }
    n[r.file]!++;
    if (at >= 0 && r.gold[at]) sum[r.file]! += 1 + (r.answer[at] ? ANSWER_BONUS : 0);
  });
  return mean(sum.map((h, i) => h / (n[i] || 1)));
}

/** Coordinate ascent on the mean recall@1 over files, from `start`; `fixed` weights stay as they are. */
function fit(rows: readonly QuestionRows[], start: Float64Array, files: number, fixed: ReadonlySet<number>): Float64Array {
  const w = Float64Array.from(start);
  // A change must gain this much of the objective to be taken (2e-4, about a training question of PIAF): no
  // chasing noise. `--min-gain` sets it.
  const minGain = Number(argValue('--min-gain', '2e-4'));
  const base = scoresOf(rows, w);
  let top = shiftedGain(rows, base, 0, 0, files);
  for (let pass = 0; pass < 6; pass++) {
    let improved = false;
    for (let j = 0; j < F; j++) {
      if (fixed.has(j)) continue;
      const now = w[j]!;
      const tries = [0, now * 0.5, now * 0.75, now * 0.9, now * 1.1, now * 1.25, now * 1.5, now * 2, now + 0.02, now - 0.02, now + 0.05, now - 0.05, now + 0.1];
      let bestValue = now;
      for (const t of tries) {
        const v = shiftedGain(rows, base, j, t - now, files);
        if (v > top + minGain) {
          top = v;
          bestValue = t;
        }
      }
      w[j] = bestValue;
      if (bestValue !== now) {
        improved = true;
        rows.forEach((r, q) => {
          const b = base[q]!;
          for (let i = 0; i < b.length; i++) b[i]! += (bestValue - now) * r.features[i * F + j]!;
        });
      }
    }
    if (!improved) break;
  }
  return w;
}

/** A right-paragraph candidate's weight in the softmax target: more when it holds the answer. */
const goldWeight = (r: QuestionRows, i: number) => (r.answer[i] ? 1 + ANSWER_BONUS : 1);

/**
 * Listwise logistic regression: the softmax of the candidates' scores, the log-probability of the right
 * paragraph's candidates maximized (each file weighing the same, a light L2 penalty), by gradient descent
 * with Adam. Smoother than recall@1, so less prone to chase single questions; a starting point for {@link fit}.
 * Returned rescaled so that `wCoverage` keeps its value in `start` (the scale the confidence model reads).
 */
function fitSoftmax(rows: readonly QuestionRows[], start: Float64Array, files: number, scaleAt: number, held: ReadonlySet<number> = new Set()): Float64Array {
  const w = Float64Array.from(start);
  const n = new Array<number>(files).fill(0);
  for (const r of rows) if (r.gold.includes(1)) n[r.file]!++;
  const m = new Float64Array(F);
  const v = new Float64Array(F);
  const scores = new Float64Array(4096);
  const iterations = Number(argValue('--iterations', '400'));
  for (let it = 1; it <= iterations; it++) {
    const grad = new Float64Array(F);
    for (const r of rows) {
      if (!r.gold.includes(1)) continue;
      const k = r.gold.length;
      let max = -Infinity;
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let j = 0; j < F; j++) s += w[j]! * r.features[i * F + j]!;
        scores[i] = s;
        if (s > max) max = s;
      }
      let z = 0;
      let zg = 0;
      for (let i = 0; i < k; i++) {
        const e = Math.exp(scores[i]! - max);
        scores[i] = e;
        z += e;
        if (r.gold[i]) zg += e * goldWeight(r, i);
      }
      // d(-log(zg/z))/dw = E_all[x] - E_gold[x]
      const weight = 1 / (n[r.file]! * files);
      for (let i = 0; i < k; i++) {
        const g = (scores[i]! / z - (r.gold[i] ? (scores[i]! * goldWeight(r, i)) / zg : 0)) * weight;
        if (g === 0) continue;
        for (let j = 0; j < F; j++) grad[j]! += g * r.features[i * F + j]!;
      }
    }
    for (let j = 0; j < F; j++) {
      if (held.has(j)) continue;
      const g = grad[j]! + 1e-4 * w[j]!;
      m[j] = 0.9 * m[j]! + 0.1 * g;
      v[j] = 0.999 * v[j]! + 0.001 * g * g;
      w[j]! -= (0.05 * (m[j]! / (1 - 0.9 ** it))) / (Math.sqrt(v[j]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  const scale = w[scaleAt]! > 0 ? start[scaleAt]! / w[scaleAt]! : 1;
  return w.map((x) => x * scale);
}

/** The features the choice of the passage reads (those that differ between the candidates of a paragraph). */
const CHOICE = Object.keys(DEFAULT_RANK.choice) as (keyof ChoiceWeights)[];

/** The candidate quoted first under score weights `w` and choice weights `c`: the best-scoring candidate's
 * paragraph's best under `c` (shorter first among equal), as `choosePassage` in rank.ts does; -1 when none. */
function quoted(r: QuestionRows, w: Float64Array, c: Float64Array): number {
  const first = best(r, w);
  if (first < 0 || c.every((x) => x === 0)) return first;
  return best(r, c, r.para[first]);
}

/**
 * The choice weights (as a vector over FEATURE_NAMES, 0 for the features it does not read), fitted on the
 * questions of `rows` whose right paragraph has candidates that hold the answer and candidates that do not:
 * among that paragraph's candidates, the softmax (target: those holding the answer) from `w`'s values, then
 * coordinate ascent on the share whose best holds it (`wCoverage` fixed: the scale).
 */
function fitChoice(rows: readonly QuestionRows[], w: Float64Array, files: number): Float64Array {
  const use = new Set(CHOICE.map((k) => FEATURE_NAMES.indexOf(k)));
  const sub: QuestionRows[] = [];
  for (const r of rows) {
    const idx: number[] = [];
    for (let i = 0; i < r.gold.length; i++) if (r.gold[i]) idx.push(i);
    const holding = idx.filter((i) => r.answer[i]).length;
    if (!holding || holding === idx.length) continue;
    const features = new Float64Array(idx.length * F);
    idx.forEach((i, x) => features.set(r.features.subarray(i * F, (i + 1) * F), x * F));
    const zeros = new Uint8Array(idx.length);
    sub.push({ ...r, features, length: Float64Array.from(idx, (i) => r.length[i]!), gold: Uint8Array.from(idx, (i) => r.answer[i]!), answer: zeros, para: new Int32Array(idx.length) });
  }
  const others = new Set(FEATURE_NAMES.map((_, j) => j).filter((j) => !use.has(j)));
  const start = Float64Array.from(FEATURE_NAMES, (_, j) => (use.has(j) ? w[j]! : 0));
  const soft = fitSoftmax(sub, start, files, FEATURE_NAMES.indexOf('coverage'), others);
  return fit(sub, soft, files, new Set([...others, FEATURE_NAMES.indexOf('coverage')]));
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/**
 * The fold of each question's article in split `split`: article i of a file in fold i mod k for split 0 (the
 * split the figures are given on), a seeded shuffle of each file's articles for the others (mulberry32).
 */
function foldsOf(rows: readonly QuestionRows[], folds: number, split: number): number[] {
  if (split === 0) return rows.map((r) => r.article % folds);
  let seed = split * 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const place = new Map<string, number>();
  const files = [...new Set(rows.map((r) => r.file))];
  for (const f of files) {
    const articles = [...new Set(rows.filter((r) => r.file === f).map((r) => r.article))].sort((a, b) => a - b);
    for (let i = articles.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [articles[i], articles[j]] = [articles[j]!, articles[i]!];
    }
    articles.forEach((a, i) => place.set(`${f}:${a}`, i % folds));
  }
  return rows.map((r) => place.get(`${r.file}:${r.article}`)!);
}

/** Cross-validates one fit with the features of `dropped` held at 0 on one split of the articles into folds;
 * prints its folds and held-out figures and returns the folds' weights and the held-out recall@1 of each file. */
function crossValidate(rows: readonly QuestionRows[], start: Float64Array, names: readonly string[], folds: number, dropped: ReadonlySet<number>, split = 0): { fitted: Float64Array[]; choices: Float64Array[]; held: number[] } {
  const foldOf = foldsOf(rows, folds, split);
  const files = names.length;
  const fixed = new Set([FEATURE_NAMES.indexOf('coverage'), ...dropped]);
  // --from zero (the default): every weight but wCoverage starts at 0, so the fit does not start from weights
  // fitted on all the articles, held-out ones included; --from shipped: the current weights.
  const zero = argValue('--from', 'zero') === 'zero';
  const from0 = Float64Array.from(start, (x, j) => (dropped.has(j) || (zero && !fixed.has(j)) ? 0 : x));
  const heldHits = new Array<number>(files).fill(0);
  const heldAnswers = new Array<number>(files).fill(0);
  const fitted: Float64Array[] = [];
  const choices: Float64Array[] = [];
  const heldChosen = new Array<number>(files).fill(0);
  const choose = argValue('--choice', 'fit') === 'fit';
  for (let k = 0; k < folds; k++) {
    const train = rows.filter((_, q) => foldOf[q] !== k);
    const test = rows.filter((_, q) => foldOf[q] === k);
    const method = argValue('--method', 'both');
    const soft = method === 'ascent' ? from0 : fitSoftmax(train, from0, files, FEATURE_NAMES.indexOf('coverage'), dropped);
    const w = method === 'softmax' ? soft : fit(train, soft, files, fixed);
    fitted.push(w);
    // The choice of the quoted passage, fitted on the training folds after their score weights.
    const c = choose ? fitChoice(train, w, files) : new Float64Array(F);
    choices.push(c);
    for (const r of test) {
      const at = quoted(r, w, c);
      if (at >= 0 && r.answer[at]) heldChosen[r.file]!++;
    }
    const before = recalls(test, start, files);
    const after = recalls(test, w, files);
    for (const r of test) {
      const at = best(r, w);
      if (at >= 0 && r.gold[at]) heldHits[r.file]!++;
      if (at >= 0 && r.answer[at]) heldAnswers[r.file]!++;
    }
    if (split === 0) console.log(`fold ${k}: held-out ${names.map((n, i) => `${n} ${pct(before[i]!)} → ${pct(after[i]!)}`).join(', ')}; train ${names.map((n, i) => `${n} ${pct(recalls(train, w, files)[i]!)}`).join(', ')}`);
  }
  const counts = names.map((_, i) => rows.filter((r) => r.file === i).length);
  console.log(`${split ? `split ${split}, ` : ''}held-out (each article scored by weights fitted without it): ${names.map((n, i) => `${n} ${pct(heldHits[i]! / counts[i]!)} (answer in the first passage ${pct(heldAnswers[i]! / counts[i]!)}; with the choice ${pct(heldChosen[i]! / counts[i]!)})`).join(', ')}`);
  return { fitted, choices, held: names.map((_, i) => heldHits[i]! / counts[i]!) };
}

function main(): void {
  const files = process.argv.slice(2).filter((a, i, all) => a.endsWith('.json') && all[i - 1] !== '--set');
  const folds = Number(argValue('--folds', '5'));
  const overrides = JSON.parse(argValue('--set', '{}')) as DeepPartial<RankOptions>;
  const o = mergeOptions(DEFAULT_RANK, overrides);
  const names = files.map((f) => path.basename(f, '.json'));
  const rows = files.flatMap((f, i) => collect(f, i, o));
  const start = Float64Array.from(FEATURE_NAMES, (k) => o[FEATURE_WEIGHTS[k]] as number);
  const pool = names.map((_, i) => mean(rows.filter((r) => r.file === i).map((r) => (r.gold.includes(1) ? 1 : 0))));
  console.log(`pool recall (right paragraph among the candidates): ${names.map((n, i) => `${n} ${pct(pool[i]!)}`).join(', ')}`);
  console.log(`current weights, all questions: ${recalls(rows, start, files.length).map((r, i) => `${names[i]} ${pct(r)}`).join(', ')}`);
  const answers = (rs: readonly QuestionRows[], w: Float64Array, i: number) => mean(rs.filter((r) => r.file === i).map((r) => { const at = best(r, w); return at >= 0 && r.answer[at] ? 1 : 0; }));
  const shippedChoice = Float64Array.from(FEATURE_NAMES, (k) => (CHOICE as string[]).includes(k) ? o.choice[k as keyof ChoiceWeights] : 0);
  const quotedAnswers = (i: number) => mean(rows.filter((r) => r.file === i).map((r) => { const at = quoted(r, start, shippedChoice); return at >= 0 && r.answer[at] ? 1 : 0; }));
  console.log(`current weights, right paragraph first and holding the answer: ${names.map((n, i) => `${n} ${pct(answers(rows, start, i))} (with the current choice ${pct(quotedAnswers(i))})`).join(', ')}`);
  // --drop 'a,b;c;' : one cross-validation per set of features held at 0 (the empty set: every feature), the
  // last one's weights shipped. An ablation over one collection of the candidates.
  const sets = argValue('--drop', '').split(';');
  let fitted: Float64Array[] = [];
  let choices: Float64Array[] = [];
  for (const set of sets) {
    const dropped = new Set(set.split(',').filter(Boolean).map((k) => {
      const j = FEATURE_NAMES.indexOf(k as (typeof FEATURE_NAMES)[number]);
      if (j < 0) throw new RangeError(`unknown feature ${k}`);
      return j;
    }));
    if (sets.length > 1) console.log(`--- features held at 0: ${set || '(none)'}`);
    // --splits n: the cross-validation repeated on n splits of the articles (split 0, then shuffles), their
    // held-out figures averaged: a difference between two sets smaller than the splits' spread is noise.
    const splits = Number(argValue('--splits', '1'));
    const held: number[][] = [];
    for (let split = 0; split < splits; split++) {
      const cv = crossValidate(rows, start, names, folds, dropped, split);
      if (split === 0) ({ fitted, choices } = cv);
      held.push(cv.held);
    }
    if (splits > 1) console.log(`mean held-out over ${splits} splits: ${names.map((n, i) => `${n} ${pct(mean(held.map((h) => h[i]!)))}`).join(', ')}`);
  }
  const avg = Float64Array.from(FEATURE_NAMES, (_, j) => mean(fitted.map((w) => w[j]!)));
  const avgChoice = Float64Array.from(FEATURE_NAMES, (_, j) => mean(choices.map((c) => c[j]!)));
  const chosen = (i: number) => mean(rows.filter((r) => r.file === i).map((r) => { const at = quoted(r, avg, avgChoice); return at >= 0 && r.answer[at] ? 1 : 0; }));
  console.log(`averaged weights, all questions (in-sample): ${recalls(rows, avg, files.length).map((r, i) => `${names[i]} ${pct(r)} (answer ${pct(answers(rows, avg, i))}; with the choice ${pct(chosen(i))})`).join(', ')}`);
  console.log('weights to ship:');
  for (const [j, k] of FEATURE_NAMES.entries()) console.log(`  ${FEATURE_WEIGHTS[k]}: ${Number(avg[j]!.toFixed(3))},  // was ${start[j]}; folds ${fitted.map((w) => w[j]!.toFixed(3)).join(' ')}`);
  console.log(`  choice: { ${CHOICE.map((k) => `${k}: ${Number(avgChoice[FEATURE_NAMES.indexOf(k)]!.toFixed(3))}`).join(', ')} },`);
  console.log(`  // choice folds: ${choices.map((c) => CHOICE.map((k) => c[FEATURE_NAMES.indexOf(k)]!.toFixed(2)).join(' ')).join(' | ')}`);
}

main();
