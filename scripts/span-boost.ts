/**
 * Gradient-boosted regression trees on the softmax of each passage's candidate spans (with "no span" at a fixed
 * score), on top of a base score per candidate (the linear scorer's): each round fits one tree of depth `depth`
 * to the candidates' gradients of the negative log-likelihood (Newton steps: leaf value −G / (H + λ)), on
 * features cut into at most `bins` quantile bins (histogram splits, as LightGBM and XGBoost's `hist` do).
 * The target of a passage is any of its candidates overlapping the gold answer, else "no span".
 *
 * Used by `npm run fit:highlight -- … --trees N` to test whether a non-linear scorer ranks the spans better
 * than the linear one (it did not: see the README, "Highlights: the bold span"); nothing ships from it. It
 * is written here rather than taken from ml-cart because ml-cart's CART tries every distinct value of every
 * feature as a split and re-partitions all rows for each (quadratic in the rows per node), which does not
 * finish on the ~40,000 candidate spans of the two sets, and it fits no softmax over a passage's spans.
 */

/**
 * Boosted regression trees added to the linear score of a candidate (fitted by `npm run fit:highlight`):
 * complete binary trees of `depth` levels, stored flat. Tree t's inner node i (0 the root, children 2i+1 and
 * 2i+2) reads feature `features[t·(2^depth−1) + i]` (−1: every candidate goes left) against
 * `thresholds[…]` (at most: left); its leaves' values are `values[t·2^depth + leaf]`.
 */
export interface SpanForest {
  depth: number;
  features: number[];
  thresholds: number[];
  values: number[];
}

/** The sum of a forest's trees on one candidate's features (`x` from `offset`, in {@link HIGHLIGHT_FEATURES} order). */
export function forestScore(forest: SpanForest, x: ArrayLike<number>, offset = 0): number {
  const inner = 2 ** forest.depth - 1;
  const leaves = inner + 1;
  const trees = forest.values.length / leaves;
  let s = 0;
  for (let t = 0; t < trees; t++) {
    let i = 0;
    while (i < inner) {
      const f = forest.features[t * inner + i]!;
      i = 2 * i + (f >= 0 && x[offset + f]! > forest.thresholds[t * inner + i]! ? 2 : 1);
    }
    s += forest.values[t * leaves + i - inner]!;
  }
  return s;
}

/** One passage: its candidates' features (row-major, `F` per row), labels and base scores. */
export interface BoostExample {
  x: Float64Array;
  labels: boolean[];
  base: number[];
  /** The exp mass of the candidates left out (added to "no span"'s). */
  rest: number;
}

/** Boosting settings. */
export interface BoostOptions {
  rounds: number;
  depth: number;
  rate: number;
  lambda: number;
  minHessian: number;
  bins: number;
}

export const DEFAULT_BOOST: BoostOptions = { rounds: 150, depth: 3, rate: 0.1, lambda: 1, minHessian: 2, bins: 32 };

/** The split points of each feature: midpoints between quantiles of its distinct values. */
function binEdges(rows: Float64Array[], F: number, bins: number): number[][] {
  const edges: number[][] = [];
  for (let f = 0; f < F; f++) {
    const vals: number[] = [];
    for (const x of rows) for (let i = f; i < x.length; i += F) vals.push(x[i]!);
    vals.sort((a, b) => a - b);
    const distinct = vals.filter((v, i) => i === 0 || v !== vals[i - 1]);
    let cuts: number[];
    if (distinct.length <= bins) cuts = distinct.slice(1).map((v, i) => (v + distinct[i]!) / 2);
    else {
      cuts = [];
      for (let b = 1; b < bins; b++) {
        const q = vals[Math.floor((b * vals.length) / bins)]!;
        const below = distinct.filter((v) => v < q).pop();
        if (below !== undefined) {
          const c = (below + q) / 2;
          if (!cuts.length || c > cuts[cuts.length - 1]!) cuts.push(c);
        }
      }
    }
    edges.push(cuts);
  }
  return edges;
}

const binOf = (cuts: number[], v: number) => {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

/** Fits a forest on passages (see the module's comment). */
export function boost(data: BoostExample[], F: number, o: BoostOptions = DEFAULT_BOOST): SpanForest {
  const rows = data.map((e) => e.x);
  const edges = binEdges(rows, F, o.bins);
  const B = Math.max(1, ...edges.map((e) => e.length + 1));
  // Every candidate of every passage, flattened.
  const N = data.reduce((s, e) => s + e.labels.length, 0);
  const binned = new Uint8Array(N * F);
  const score = new Float64Array(N);
  const g = new Float64Array(N);
  const h = new Float64Array(N);
  const node = new Int32Array(N);
  let r = 0;
  for (const e of data) {
    for (let i = 0; i < e.labels.length; i++, r++) {
      for (let f = 0; f < F; f++) binned[r * F + f] = binOf(edges[f]!, e.x[i * F + f]!);
      score[r] = e.base[i]!;
    }
  }
  const forest: SpanForest = { depth: o.depth, features: [], thresholds: [], values: [] };
  const inner = 2 ** o.depth - 1;
  const GH = new Float64Array(2 ** o.depth * F * B * 2);
  for (let round = 0; round < o.rounds; round++) {
    // Gradients of the softmax negative log-likelihood.
    r = 0;
    for (const e of data) {
      const n = e.labels.length;
      let top = 0;
      for (let i = 0; i < n; i++) top = Math.max(top, score[r + i]!);
      let z = (1 + e.rest) * Math.exp(-top);
      for (let i = 0; i < n; i++) z += Math.exp(score[r + i]! - top);
      let pos = 0;
      for (let i = 0; i < n; i++) if (e.labels[i]) pos += Math.exp(score[r + i]! - top) / z;
      for (let i = 0; i < n; i++) {
        const p = Math.exp(score[r + i]! - top) / z;
        const target = pos > 0 && e.labels[i] ? p / pos : 0;
        g[r + i] = p - target;
        h[r + i] = Math.max(p * (1 - p), 1e-6);
      }
      r += n;
    }
    // One tree, level by level: node ids 0 (root), children 2i+1, 2i+2.
    const feats = new Int32Array(inner).fill(-1);
    const ths = new Float64Array(inner);
    node.fill(0);
    for (let level = 0; level < o.depth; level++) {
      const first = 2 ** level - 1;
      const count = 2 ** level;
      GH.fill(0, 0, count * F * B * 2);
      for (let i = 0; i < N; i++) {
        const base = (node[i]! - first) * F * B * 2;
        const gi = g[i]!;
        const hi = h[i]!;
        for (let f = 0; f < F; f++) {
          const at = base + (f * B + binned[i * F + f]!) * 2;
          GH[at]! += gi;
          GH[at + 1]! += hi;
        }
      }
      for (let nd = 0; nd < count; nd++) {
        let best = 0;
        let bestF = -1;
        let bestB = 0;
        for (let f = 0; f < F; f++) {
          let G = 0;
          let H = 0;
          const at = (nd * F + f) * B * 2;
          for (let b = 0; b < B; b++) {
            G += GH[at + b * 2]!;
            H += GH[at + b * 2 + 1]!;
          }
          const parent = (G * G) / (H + o.lambda);
          let GL = 0;
          let HL = 0;
          for (let b = 0; b < edges[f]!.length; b++) {
            GL += GH[at + b * 2]!;
            HL += GH[at + b * 2 + 1]!;
            const GR = G - GL;
            const HR = H - HL;
            if (HL < o.minHessian || HR < o.minHessian) continue;
            const gain = (GL * GL) / (HL + o.lambda) + (GR * GR) / (HR + o.lambda) - parent;
            if (gain > best) {
              best = gain;
              bestF = f;
              bestB = b;
            }
          }
        }
        feats[first + nd] = bestF;
        ths[first + nd] = bestF >= 0 ? edges[bestF]![bestB]! : 0;
      }
      for (let i = 0; i < N; i++) {
        const nd = node[i]!;
        const f = feats[nd]!;
        node[i] = 2 * nd + (f >= 0 && binned[i * F + f]! > binOf(edges[f]!, ths[nd]!) ? 2 : 1);
      }
    }
    // Leaves: Newton steps, shrunk by the rate.
    const G = new Float64Array(2 ** o.depth);
    const H = new Float64Array(2 ** o.depth);
    for (let i = 0; i < N; i++) {
      G[node[i]! - inner]! += g[i]!;
      H[node[i]! - inner]! += h[i]!;
    }
    const values = [...G].map((gv, l) => (-gv / (H[l]! + o.lambda)) * o.rate);
    for (let i = 0; i < N; i++) score[i]! += values[node[i]! - inner]!;
    forest.features.push(...feats);
    forest.thresholds.push(...[...ths].map((t) => Math.round(t * 1e6) / 1e6));
    forest.values.push(...values.map((v) => Math.round(v * 1e5) / 1e5));
  }
  return forest;
}
