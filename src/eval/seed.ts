/**
 * Evaluation on a question set about a corpus: top-1 accuracy (per language), date accuracy, abstention.
 */
import type { Engine } from '../engine.js';
import type { Lang } from '../types.js';

/** One evaluation question. `expect: null` marks a question the corpus cannot answer. */
export interface EvalQuestion {
  id: string;
  lang: Lang;
  question: string;
  expect: string | null;
  date?: string;
}

/** Outcome of one question. */
export interface EvalOutcome {
  id: string;
  lang: Lang;
  question: string;
  covered: boolean;
  answered: boolean;
  /** The tier of an answered question: sure or closest passage. */
  confidence?: 'high' | 'low';
  top1: boolean;
  dateOk: boolean | null;
  first?: string;
}

/** Figures of an evaluation run. */
export interface EvalReport {
  questions: number;
  top1: { fr: number; en: number; all: number };
  dates: number;
  /** Share of uncovered questions declined. */
  abstention: number;
  /** Covered questions declined (count). */
  coveredDeclined: number;
  /** Share of covered questions answered. */
  answeredCovered: number;
  /** Share of covered questions answered as sure (not as the closest passage). */
  sureCovered: number;
  outcomes: EvalOutcome[];
}

const ratio = (n: number, d: number) => (d ? n / d : 1);

/** Asks every question and scores the answers. */
export function evaluate(engine: Pick<Engine, 'ask'>, questions: EvalQuestion[]): EvalReport {
  const outcomes: EvalOutcome[] = questions.map((q) => {
    const a = engine.ask(q.question);
    const first = a.passages[0];
    const covered = q.expect !== null;
    const top1 = covered && a.answered && !!first && first.text.includes(q.expect!);
    const dateOk = q.date ? top1 && !!first && first.dates.some((d) => d.iso === q.date) : null;
    return { id: q.id, lang: q.lang, question: q.question, covered, answered: a.answered, ...(a.confidence ? { confidence: a.confidence } : {}), top1, dateOk, first: first?.text.slice(0, 100) };
  });
  const covered = outcomes.filter((o) => o.covered);
  const byLang = (l: Lang) => covered.filter((o) => o.lang === l);
  const dated = outcomes.filter((o) => o.dateOk !== null);
  const uncovered = outcomes.filter((o) => !o.covered);
  return {
    questions: outcomes.length,
    top1: {
      fr: ratio(byLang('fr').filter((o) => o.top1).length, byLang('fr').length),
      en: ratio(byLang('en').filter((o) => o.top1).length, byLang('en').length),
      all: ratio(covered.filter((o) => o.top1).length, covered.length),
    },
    dates: ratio(dated.filter((o) => o.dateOk).length, dated.length),
    abstention: ratio(uncovered.filter((o) => !o.answered).length, uncovered.length),
    coveredDeclined: covered.filter((o) => !o.answered).length,
    answeredCovered: ratio(covered.filter((o) => o.answered).length, covered.length),
    sureCovered: ratio(covered.filter((o) => o.confidence === 'high').length, covered.length),
    outcomes,
  };
}
