/**
 * The translator: the bundled bilingual lexicon and the corpus glossary behind one interface, used to
 * expand a question into the other language (see src/retrieval/question.ts).
 */
import type { Lang } from '../types.js';

/** A source of translations (the lexicon, the glossary, or both). */
export interface Translator {
  /** Translations of a folded word into the other language (folded words or phrases). */
  translate(word: string, from: Lang): string[];
  /** Multi-word terms of `from` found in `text`, with offsets and translations. */
  matchPhrases(text: string, from: Lang): { start: number; end: number; translations: string[] }[];
}

/** Term tables as offered by src/lexicon (lexicon and glossary). */
export interface TermSource {
  translate(term: string, from: Lang): string[];
  matchPhrases(text: string, from: Lang): { start: number; end: number; translations: string[] }[];
}

/** Combines term sources, the first ones first (the glossary before the general lexicon). */
export function combineTranslators(sources: TermSource[]): Translator {
  return {
    translate(word, from) {
      const out = new Set<string>();
      for (const s of sources) for (const t of s.translate(word, from)) out.add(t);
      return [...out];
    },
    matchPhrases(text, from) {
      return sources.flatMap((s) => s.matchPhrases(text, from));
    },
  };
}

/** A translator that knows nothing (for monolingual use and tests of other parts). */
export const NO_TRANSLATION: Translator = { translate: () => [], matchPhrases: () => [] };
