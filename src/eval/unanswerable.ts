/**
 * The unanswerable benchmark (SQuAD 2.0 style) on a SQuAD-format file: only every other article is indexed,
 * and the questions of both halves are asked, so that half of them are answerable and half are not. Both
 * halves take their turn (the even articles indexed, then the odd ones), so each question is asked once as
 * answerable and once as unanswerable.
 *
 * For the answerable questions it tells how often the right passage comes first, how often the question is
 * declined and how often it is answered as sure; for the unanswerable ones how often they are declined and how
 * often answered as sure; and the curve of these against the confidence threshold. Questions written in the
 * other language on the same paragraphs (see `data/eval/`) can be added and are reported apart.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { EvalInputError } from '../errors.js';
import { PassageIndex } from '../index/passage-index.js';
import { loadLexicon } from '../lexicon/lexicon.js';
import {
  confidence,
  confidenceFeatures,
  DEFAULT_CONFIDENCE,
  tier,
  type ConfidenceFeatures,
  type ConfidenceOptions,
  type Tier,
} from '../retrieval/confidence.js';
import { combineTranslators, type Translator } from '../lexicon/translator.js';
import { parseQuestion } from '../retrieval/question.js';
import { DEFAULT_RANK, mergeOptions, type DeepPartial } from '../retrieval/options.js';
import { rank, type RankOptions } from '../retrieval/rank.js';
import type { Lang } from '../types.js';
import type { SquadQuestion, SquadSet } from './squad.js';

const extraSchema = z.object({
  source: z.string(),
  language: z.enum(['fr', 'en']),
  attribution: z.string().optional(),
  questions: z
    .array(z.object({ id: z.string(), source: z.string(), question: z.string().min(1), answer: z.string().min(1) }))
    .min(1),
});

/** A set of questions written on the paragraphs of a SQuAD file, each tied to an original question of its paragraph. */
export type ExtraQuestionSet = z.infer<typeof extraSchema> & { name: string };

/** Reads a question set of `data/eval/` (see its README). */
export function readExtraQuestions(file: string): ExtraQuestionSet {
  const name = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return { ...extraSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))), name };
}

/** One question asked against one half of the corpus. */
export interface HalfRow {
  id: string;
  /** `squad` for the file's own questions, else the name of the added set. */
  set: string;
  lang: Lang;
  /** Index of the question's article in the file (article-level folds are drawn from it). */
  article: number;
  /** Whether the question's article is in the indexed half. */
  answerable: boolean;
  /** Whether the first passage (as a person sees the list) comes from the question's own paragraph. */
  rightFirst: boolean;
  /** Whether the first passage holds one of the answer texts. */
  answerInTop1: boolean;
  /** Undefined when no passage was found at all. */
  features?: ConfidenceFeatures;
}

/**
 * Asks every question (and those of the added sets) against each half of the corpus in turn and records the
 * confidence evidence of each ranking.
 */
export function halfCorpusRows(
  set: SquadSet,
  extra: ExtraQuestionSet[] = [],
  translator: Translator = combineTranslators([loadLexicon()]),
  rankOptions: DeepPartial<RankOptions> = {},
): HalfRow[] {
  const byId = new Map(set.questions.map((q) => [q.id, q]));
  const asked: (SquadQuestion & { set: string; lang: Lang })[] = set.questions.map((q) => ({ ...q, set: 'squad', lang: set.language }));
  for (const x of extra) {
    for (const q of x.questions) {
      const src = byId.get(q.source);
      if (!src) throw new EvalInputError(`${x.name}: ${q.id}: source question ${q.source} is not in the SQuAD file`);
      asked.push({ id: q.id, question: q.question, answers: [q.answer], doc: src.doc, paragraph: src.paragraph, set: x.name, lang: x.language });
    }
  }
  const articleOf = (doc: string) => Number(doc.slice(1));
  const rows: HalfRow[] = [];
  for (const half of [0, 1]) {
    const docs = set.documents.filter((d) => articleOf(d.id) % 2 === half);
    const index = PassageIndex.build(docs);
    const docIndex = new Map(index.documents.map((d, i) => [d.id, i]));
    for (const q of asked) {
      const parsed = parseQuestion(q.question, translator);
      const ranked = rank(index, parsed, rankOptions);
      const first = ranked[0];
      const target = docIndex.get(q.doc);
      const text = first ? index.text(first.passage) : '';
      const features = confidenceFeatures(index, parsed, ranked, mergeOptions(DEFAULT_RANK, rankOptions));
      rows.push({
        id: q.id,
        set: q.set,
        lang: q.lang,
        article: articleOf(q.doc),
        answerable: target !== undefined,
        rightFirst: !!first && first.passage.doc === target && first.passage.paragraph === q.paragraph,
        answerInTop1: !!first && q.answers.some((a) => text.includes(a)),
        ...(features ? { features } : {}),
      });
    }
  }
  return rows;
}

/** The figures of a set of rows under one confidence model. */
export interface HalfSummary {
  answerable: {
    questions: number;
    /** Right passage first (whatever the tier). */
    rightFirst: number;
    declined: number;
    /** Answered with the closest-passage framing. */
    low: number;
    /** Answered as sure. */
    high: number;
    /** Answered as sure with the right passage first. */
    highRight: number;
  };
  unanswerable: { questions: number; declined: number; low: number; high: number };
}

const share = (n: number, d: number) => (d ? n / d : 0);

/** The tier each row gets under a model. */
export function rowTier(r: HalfRow, model: ConfidenceOptions): Tier {
  return tier(r.features, model);
}

/** Figures of rows under a confidence model. */
export function summarize(rows: readonly HalfRow[], model: ConfidenceOptions = DEFAULT_CONFIDENCE): HalfSummary {
  const a = rows.filter((r) => r.answerable);
  const u = rows.filter((r) => !r.answerable);
  const ta = a.map((r) => rowTier(r, model));
  const tu = u.map((r) => rowTier(r, model));
  const count = (ts: Tier[], t: Tier) => ts.filter((x) => x === t).length;
  return {
    answerable: {
      questions: a.length,
      rightFirst: share(a.filter((r) => r.rightFirst).length, a.length),
      declined: share(count(ta, 'none'), a.length),
      low: share(count(ta, 'low'), a.length),
      high: share(count(ta, 'high'), a.length),
      highRight: share(a.filter((r, i) => ta[i] === 'high' && r.rightFirst).length, a.length),
    },
    unanswerable: { questions: u.length, declined: share(count(tu, 'none'), u.length), low: share(count(tu, 'low'), u.length), high: share(count(tu, 'high'), u.length) },
  };
}

/** One point of the curve: the shares at one probability threshold. */
export interface CurvePoint {
  threshold: number;
  /** Answerable questions at or above the threshold (answered as sure if it is the high one). */
  answerableAbove: number;
  /** Unanswerable questions at or above it. */
  unanswerableAbove: number;
}

/** Shares of answerable and unanswerable questions whose probability reaches each threshold (0.05 steps). */
export function curve(rows: readonly HalfRow[], model: ConfidenceOptions = DEFAULT_CONFIDENCE): CurvePoint[] {
  const p = rows.map((r) => (r.features ? confidence(r.features, model) : -1));
  const a = rows.map((r, i) => ({ r, p: p[i]! })).filter((x) => x.r.answerable);
  const u = rows.map((r, i) => ({ r, p: p[i]! })).filter((x) => !x.r.answerable);
  const out: CurvePoint[] = [];
  for (let k = 1; k < 20; k++) {
    const t = k / 20;
    out.push({ threshold: t, answerableAbove: share(a.filter((x) => x.p >= t).length, a.length), unanswerableAbove: share(u.filter((x) => x.p >= t).length, u.length) });
  }
  return out;
}

/** The report of `eval --squad FILE --unanswerable`. */
export interface UnanswerableReport {
  model: ConfidenceOptions;
  /** Figures per question set (`squad` first, then each added set). */
  sets: { set: string; summary: HalfSummary; curve: CurvePoint[] }[];
}

/** Runs the benchmark and summarizes it per question set. */
export function runUnanswerable(set: SquadSet, extra: ExtraQuestionSet[] = [], model: ConfidenceOptions = DEFAULT_CONFIDENCE, translator?: Translator): UnanswerableReport {
  const rows = halfCorpusRows(set, extra, translator);
  const names = ['squad', ...extra.map((x) => x.name)];
  return { model, sets: names.map((name) => ({ set: name, summary: summarize(rows.filter((r) => r.set === name), model), curve: curve(rows.filter((r) => r.set === name), model) })) };
}

/** The report as Markdown tables. */
export function formatUnanswerable(report: UnanswerableReport, file: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const out: string[] = [`Half-corpus benchmark on ${file} (every other article indexed, both halves in turn; high ≥ ${report.model.high}, low ≥ ${report.model.low})`, ''];
  for (const { set, summary: s, curve: c } of report.sets) {
    out.push(
      `| ${set} | answerable (${s.answerable.questions}) | unanswerable (${s.unanswerable.questions}) |`,
      '|---|---|---|',
      `| right passage first | ${pct(s.answerable.rightFirst)} | |`,
      `| answered as sure | ${pct(s.answerable.high)} (right first: ${pct(s.answerable.highRight)}) | ${pct(s.unanswerable.high)} |`,
      `| closest passage | ${pct(s.answerable.low)} | ${pct(s.unanswerable.low)} |`,
      `| declined | ${pct(s.answerable.declined)} | ${pct(s.unanswerable.declined)} |`,
      '',
      `| threshold | ${c.map((p) => p.threshold.toFixed(2)).join(' | ')} |`,
      `|---|${c.map(() => '---').join('|')}|`,
      `| answerable ≥ | ${c.map((p) => pct(p.answerableAbove)).join(' | ')} |`,
      `| unanswerable ≥ | ${c.map((p) => pct(p.unanswerableAbove)).join(' | ')} |`,
      '',
    );
  }
  return out.join('\n');
}
