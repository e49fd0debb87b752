/**
 * Deterministic synthetic French corpora for the benchmarks: words drawn from PIAF's vocabulary with PIAF's
 * own word frequencies (so posting lists look like those of real text), sentences and paragraphs shaped
 * like PIAF's, and exactly the requested number of passages as counted by our own chunker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paragraphs, passages, sentences } from '../src/text/chunk.js';
import type { SquadSet } from '../src/eval/squad.js';

/** A small, fast, seeded PRNG (mulberry32): same seed, same sequence, on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An empirical distribution to sample from: values and their cumulative weights. */
export class Empirical<T> {
  private readonly values: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  /** Builds the distribution from counts. Throws on an empty one. */
  constructor(counts: Map<T, number>) {
    if (!counts.size) throw new Error('Empirical: no values to sample from');
    this.values = [...counts.keys()];
    this.cumulative = new Float64Array(this.values.length);
    let acc = 0;
    this.values.forEach((v, i) => {
      acc += counts.get(v)!;
      this.cumulative[i] = acc;
    });
    this.total = acc;
  }

  /** Number of distinct values. */
  get size(): number {
    return this.values.length;
  }

  /** Draws one value with `rand` (uniform in [0, 1)). */
  sample(rand: () => number): T {
    const x = rand() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

/** What the generator learns from a real corpus: vocabulary and shapes. */
export interface TextModel {
  /** Surface words (case kept) with their frequencies. */
  words: Empirical<string>;
  /** Words per sentence. */
  sentenceLength: Empirical<number>;
  /** Sentences per paragraph. */
  paragraphLength: Empirical<number>;
  /** Share of words followed by a comma. */
  commaRate: number;
}

const WORD_RE = /[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*|\d+(?:[.,]\d+)?/gu;

/** Words after which our sentence splitter does not end a sentence (see src/text/chunk.ts ABBREV). */
const NO_END = /^(?:\p{Lu}|M|Mme|Mlle|MM|Dr|Pr|St|Ste|Mr|Mrs|Ms|Prof|Gen|Gén|Sen|Rep|Gov|Jr|Sr|vs|etc|cf|p|pp|No|av)$/u;

const bump = <T>(m: Map<T, number>, k: T) => m.set(k, (m.get(k) ?? 0) + 1);

/** Learns the vocabulary, word frequencies and sentence/paragraph shapes of a set of French texts. */
export function learnModel(texts: string[]): TextModel {
  const words = new Map<string, number>();
  const sentLen = new Map<number, number>();
  const paraLen = new Map<number, number>();
  let nWords = 0;
  let commas = 0;
  for (const body of texts) {
    for (const para of paragraphs(body)) {
      const sents = sentences(body, para, 'fr');
      bump(paraLen, sents.length);
      for (const s of sents) {
        const text = body.slice(s.start, s.end);
        let n = 0;
        for (const m of text.matchAll(WORD_RE)) {
          bump(words, m[0].replace(/’/g, "'"));
          n++;
        }
        commas += (text.match(/,(?=\s)/g) ?? []).length;
        nWords += n;
        if (n > 0) bump(sentLen, n);
      }
    }
  }
  return {
    words: new Empirical(words),
    sentenceLength: new Empirical(sentLen),
    paragraphLength: new Empirical(paraLen),
    commaRate: nWords ? commas / nWords : 0,
  };
}

/** One synthetic sentence: PIAF words in PIAF proportions, capitalized, ending with a full stop. */
function sentence(model: TextModel, rand: () => number): string {
  const n = Math.max(3, model.sentenceLength.sample(rand));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = model.words.sample(rand);
    // The last word must really end the sentence for our splitter (no abbreviation, no lone capital).
    while (i === n - 1 && (NO_END.test(w) || w.length < 3)) w = model.words.sample(rand);
    out.push(i < n - 1 && rand() < model.commaRate ? `${w},` : w);
  }
  const first = out[0]!;
  out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${out.join(' ')}.`;
}

/** A synthetic document, ready to be written as a corpus Markdown file. */
export interface SyntheticDocument {
  id: string;
  title: string;
  published: string;
  body: string;
  /** Passages our chunker makes of it. */
  passages: number;
}

/** Options of {@link generateCorpus}. */
export interface GenerateOptions {
  /** Exact number of passages wanted (as our chunker counts them). */
  passages: number;
  seed: number;
  /** Paragraphs per document (default 12). */
  paragraphsPerDocument?: number;
}

/**
 * Generates documents whose passages, as counted by our chunker, add up to exactly `passages`.
 * Each paragraph is checked with the real chunker; the last one is shortened to land on the count.
 */
export function generateCorpus(model: TextModel, opts: GenerateOptions): SyntheticDocument[] {
  if (!Number.isInteger(opts.passages) || opts.passages < 1) throw new Error(`passages must be a positive integer, got ${opts.passages}`);
  const rand = mulberry32(opts.seed);
  const perDoc = opts.paragraphsPerDocument ?? 12;
  const docs: SyntheticDocument[] = [];
  let total = 0;
  let paras: string[] = [];
  let docPassages = 0;
  const flush = () => {
    if (!paras.length) return;
    const n = docs.length;
    const day = new Date(Date.UTC(2020, 0, 1) + (n % 2200) * 86_400_000).toISOString().slice(0, 10);
    const titleWords = Array.from({ length: 4 + Math.floor(rand() * 5) }, () => model.words.sample(rand));
    const title = titleWords.join(' ').replace(/^./, (c) => c.toUpperCase());
    docs.push({ id: `synth-${opts.seed}-${String(n).padStart(6, '0')}`, title, published: day, body: paras.join('\n\n'), passages: docPassages });
    paras = [];
    docPassages = 0;
  };
  while (total < opts.passages) {
    const want = Math.max(1, model.paragraphLength.sample(rand));
    let para = '';
    let count = 0;
    for (let s = want; s >= 1; s--) {
      para = Array.from({ length: s }, () => sentence(model, rand)).join(' ');
      count = passages(para, 'fr').length;
      if (total + count <= opts.passages) break;
    }
    if (total + count > opts.passages) continue; // a one-sentence paragraph that split in two: draw again
    paras.push(para);
    docPassages += count;
    total += count;
    if (paras.length >= perDoc) flush();
  }
  flush();
  return docs;
}

/** The front matter and body of a corpus file. */
export function toMarkdown(d: { id: string; title: string; published: string; body: string; language?: string }): string {
  return `---\nid: ${d.id}\ntitle: ${JSON.stringify(d.title)}\npublished: ${d.published}\nlanguage: ${d.language ?? 'fr'}\n---\n${d.body}\n`;
}

/** Writes documents as a corpus directory (one Markdown file each), plus an optional glossary file. */
export function writeCorpus(dir: string, docs: { id: string; title: string; published: string; body: string; language?: string }[], glossary?: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const d of docs) fs.writeFileSync(path.join(dir, `${d.id}.md`), toMarkdown(d));
  if (glossary !== undefined) fs.writeFileSync(path.join(dir, 'glossary.yml'), glossary);
}

/** The model learned from PIAF's paragraphs. */
export function piafModel(set: SquadSet): TextModel {
  return learnModel(set.documents.map((d) => d.body));
}
