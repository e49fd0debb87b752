/**
 * Highlight figures of the public benchmark: on the questions whose first passage is shown and holds a gold
 * answer ("right first passages"), how often a span is marked bold (shown), how often the marked span is the
 * answer (precision: it overlaps an occurrence of a gold answer in the passage), and the share of right first
 * passages whose highlight is the answer (recall). Figures are given overall and per question category.
 */
import { fold } from '../text/analyze.js';
import type { Highlight, Lang, QuestionType } from '../types.js';

/** The question categories highlights are reported by. `which` is a what-question with a head noun
 * ("which city", « quelle ville »); `other` gathers why, yes/no and unrecognized questions. */
export type HighlightCategory = 'who' | 'when' | 'where' | 'howmuch' | 'which' | 'what' | 'other';

/** Every category, in report order. */
export const HIGHLIGHT_CATEGORIES: readonly HighlightCategory[] = ['who', 'when', 'where', 'howmuch', 'which', 'what', 'other'];

/** An interrogative used as a determiner before a noun ("which city", "what year", « quelle ville »). */
const WHICH_RE: Record<Lang, RegExp> = {
  en: /\bwhich\b|\bwhat\s+(?!(?:is|was|are|were|did|does|do|has|have|had|can|could|would|will|should|might|may|must|if|about|else)\b)[a-z]+/,
  fr: /\b(?:lequel|laquelle|lesquels|lesquelles)\b|\bquel(?:le)?s?\s+(?!(?:est|sont|etait|etaient|fut|furent|sera|seront|serait|a|ont|avait|peut|peuvent)\b)[a-z]+/,
};

/** The category of a question from its detected type and wording. */
export function highlightCategory(type: QuestionType, question: string, lang: Lang): HighlightCategory {
  switch (type) {
    case 'who':
    case 'when':
    case 'where':
    case 'howmuch':
      return type;
    case 'what':
      return WHICH_RE[lang].test(fold(question).replace(/'/g, ' ')) ? 'which' : 'what';
    default:
      return 'other';
  }
}

/** Occurrences of the gold answers in a text, as spans (exact first, then case- and accent-insensitive). */
export function goldSpans(text: string, answers: readonly string[]): Highlight[] {
  const out: Highlight[] = [];
  for (const a of answers) {
    const needle = a.trim();
    if (!needle) continue;
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push({ start: i, end: i + needle.length });
  }
  if (out.length) return out;
  // Folding keeps offsets only when it keeps lengths: compare character by character on a length-safe fold.
  const low = (s: string) => [...s].map((ch) => (fold(ch).length === 1 ? fold(ch) : ch.toLowerCase())).join('');
  const hay = low(text);
  for (const a of answers) {
    const needle = low(a.trim());
    if (!needle || hay.length !== text.length) continue;
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) out.push({ start: i, end: i + needle.length });
  }
  return out;
}

/** Whether two spans share at least one non-space character of `text`. */
function overlaps(text: string, a: Highlight, b: Highlight): boolean {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return end > start && /\S/.test(text.slice(start, end));
}

/** How the highlights of one passage compare with the gold answers. */
export interface HighlightJudgement {
  /** At least one span is marked. */
  shown: boolean;
  /** A marked span overlaps a gold answer. */
  correct: boolean;
  /** Every marked span overlaps a gold answer (no wrong span shown next to a right one). */
  allCorrect: boolean;
}

/** Judges the highlights of a passage against the gold answers of its question. */
export function judgeHighlights(text: string, spans: readonly Highlight[], answers: readonly string[]): HighlightJudgement {
  const gold = goldSpans(text, answers);
  const hits = spans.map((s) => gold.some((g) => overlaps(text, s, g)));
  return { shown: spans.length > 0, correct: hits.some(Boolean), allCorrect: hits.length > 0 && hits.every(Boolean) };
}

/** Highlight figures of a set of right first passages. */
export interface HighlightFigures {
  /** Right first passages (shown and holding a gold answer). */
  passages: number;
  /** Share of them carrying a highlight. */
  highlightShown: number;
  /** Of those carrying one, the share whose highlight overlaps a gold answer. */
  highlightPrecision: number;
  /** Of those carrying one, the share whose every marked span overlaps a gold answer. */
  highlightStrictPrecision: number;
  /** Share of right first passages whose highlight overlaps a gold answer. */
  highlightRecall: number;
}

/** One right first passage's judgement, with its category. */
export interface JudgedPassage extends HighlightJudgement {
  category: HighlightCategory;
}

/** Figures of a list of judgements (zeros when empty). */
export function highlightFigures(items: readonly HighlightJudgement[]): HighlightFigures {
  const shown = items.filter((i) => i.shown);
  const ratio = (a: number, b: number) => (b ? a / b : 0);
  return {
    passages: items.length,
    highlightShown: ratio(shown.length, items.length),
    highlightPrecision: ratio(shown.filter((i) => i.correct).length, shown.length),
    highlightStrictPrecision: ratio(shown.filter((i) => i.allCorrect).length, shown.length),
    highlightRecall: ratio(items.filter((i) => i.correct).length, items.length),
  };
}

/** Figures overall and per category. */
export interface HighlightReport extends HighlightFigures {
  byCategory: Record<HighlightCategory, HighlightFigures>;
}

/** Figures of judged right first passages, overall and per category. */
export function highlightReport(items: readonly JudgedPassage[]): HighlightReport {
  const byCategory = Object.fromEntries(HIGHLIGHT_CATEGORIES.map((c) => [c, highlightFigures(items.filter((i) => i.category === c))])) as Record<
    HighlightCategory,
    HighlightFigures
  >;
  return { ...highlightFigures(items), byCategory };
}
