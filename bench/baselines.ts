/**
 * The two baselines measured beside the engine on the same passages: minisearch with its default options,
 * and minisearch with its default tokenizer plus our French stopword list and accent folding — the
 * strongest simple configuration.
 */
import MiniSearch, { type Options } from 'minisearch';
import { fold, STOPWORDS } from '../src/text/analyze.js';

/** Which baseline. */
export type BaselineKind = 'default' | 'stopwords';

/** A passage as the baselines index it. */
export interface BaselineDoc {
  id: number;
  text: string;
}

/** Lowercases and folds accents, and drops French stopwords (the same list as the engine's). */
export function stopwordTerm(term: string): string | null {
  const f = fold(term);
  return f.length === 0 || STOPWORDS.fr.has(f) ? null : f;
}

/** minisearch options of a baseline (the same for indexing, loading and searching). */
export function baselineOptions(kind: BaselineKind): Options<BaselineDoc> {
  return kind === 'default' ? { fields: ['text'] } : { fields: ['text'], processTerm: stopwordTerm };
}

/** Builds a baseline index over passages. */
export function buildBaseline(kind: BaselineKind, docs: BaselineDoc[]): MiniSearch<BaselineDoc> {
  const ms = new MiniSearch<BaselineDoc>(baselineOptions(kind));
  ms.addAll(docs);
  return ms;
}

/** Restores a baseline index from the JSON string of `toJSON()`. */
export function loadBaseline(kind: BaselineKind, json: string): MiniSearch<BaselineDoc> {
  return MiniSearch.loadJSON<BaselineDoc>(json, baselineOptions(kind));
}
