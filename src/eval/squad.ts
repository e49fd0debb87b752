/**
 * The public benchmark: a SQuAD-format file (PIAF, XQuAD) becomes the corpus, one document per article, one line per paragraph;
 * every question is asked and the rank of the first passage from its own paragraph is recorded.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { PassageIndex } from '../index/passage-index.js';
import { loadLexicon } from '../lexicon/lexicon.js';
import { highlights } from '../retrieval/answer.js';
import { confidenceFeatures, tier } from '../retrieval/confidence.js';
import { combineTranslators, type Translator } from '../lexicon/translator.js';
import { parseQuestion } from '../retrieval/question.js';
import { rank } from '../retrieval/rank.js';
import { detectLanguage } from '../text/analyze.js';
import type { CorpusDocument, Lang } from '../types.js';
import { highlightCategory, highlightReport, judgeHighlights, type HighlightCategory, type HighlightFigures, type JudgedPassage } from './highlight.js';

const squadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(z.object({ id: z.string(), question: z.string(), answers: z.array(z.object({ text: z.string() })) })),
        }),
      ),
    }),
  ),
});

/** A SQuAD question with the document and paragraph it was written on. */
export interface SquadQuestion {
  id: string;
  question: string;
  answers: string[];
  /** Id of the article's document. */
  doc: string;
  /** 1-based paragraph number of the question's paragraph in that document. */
  paragraph: number;
}

/** A SQuAD file as corpus and questions. */
export interface SquadSet {
  language: Lang;
  documents: (CorpusDocument & { hash: string })[];
  questions: SquadQuestion[];
}

/**
 * Reads a SQuAD file as a corpus: one document per article (its title), whose paragraphs are the
 * article's contexts, one per line, as a moderator would write an article.
 */
export function readSquad(file: string): SquadSet {
  const data = squadSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const sample = data.data.slice(0, 5).flatMap((a) => a.paragraphs.slice(0, 2).map((p) => p.context)).join(' ');
  const language = detectLanguage(sample);
  const documents: SquadSet['documents'] = [];
  const questions: SquadQuestion[] = [];
  data.data.forEach((article, ai) => {
    const id = `a${ai}`;
    const lines: string[] = [];
    for (const p of article.paragraphs) {
      // A context is one paragraph: its own line breaks become spaces.
      const line = p.context.normalize('NFC').replace(/\s*[\r\n]+\s*/g, ' ').trim();
      if (!line) continue;
      lines.push(line);
      for (const qa of p.qas) questions.push({ id: qa.id, question: qa.question, answers: qa.answers.map((a) => a.text), doc: id, paragraph: lines.length });
    }
    documents.push({ id, title: article.title.replace(/_/g, ' '), published: '2020-01-01', language, body: lines.join('\n'), file: id, hash: id });
  });
  return { language, documents, questions };
}

/** Per-question result of the benchmark. */
export interface SquadOutcome {
  id: string;
  rank: number | null;
  answerInTop1: boolean;
  answered: boolean;
  /** Question category the highlight figures are reported by. */
  category: HighlightCategory;
  /** The texts marked bold in the first passage. */
  highlighted: string[];
  /** For a right first passage (answered, holding a gold answer): whether a marked span overlaps the answer. */
  highlightCorrect?: boolean;
}

/** Benchmark figures. */
export interface SquadReport {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  answerInTop1: number;
  /** Share of questions the engine would answer (not decline). */
  answeredShare: number;
  /** Share of right first passages (answered, holding a gold answer) that carry a highlight. */
  highlightShown: number;
  /** Of the right first passages carrying a highlight, the share whose highlight overlaps the gold answer. */
  highlightPrecision: number;
  /** Of those, the share whose every marked span overlaps it. */
  highlightStrictPrecision: number;
  /** Share of right first passages whose highlight overlaps the gold answer. */
  highlightRecall: number;
  /** Number of right first passages. */
  highlightPassages: number;
  /** The same figures per question category. */
  highlightByCategory: Record<HighlightCategory, HighlightFigures>;
  perQuestion: SquadOutcome[];
}

/** Runs the benchmark on a SQuAD set. */
export function runSquad(set: SquadSet, translator: Translator = combineTranslators([loadLexicon()])): SquadReport {
  const index = PassageIndex.build(set.documents);
  const docIndex = new Map(index.documents.map((d, i) => [d.id, i]));
  const judged: JudgedPassage[] = [];
  const perQuestion: SquadOutcome[] = set.questions.map((q) => {
    const parsed = parseQuestion(q.question, translator);
    // The ranking as a person sees it: a passage overlapping a better one is not shown again.
    const ranked: ReturnType<typeof rank> = [];
    const all = rank(index, parsed);
    for (const c of all) {
      if (ranked.length >= 10) break;
      if (!ranked.some((o) => o.passage.doc === c.passage.doc && c.passage.start < o.passage.end && o.passage.start < c.passage.end)) ranked.push(c);
    }
    const target = docIndex.get(q.doc);
    const pos = ranked.findIndex((c) => c.passage.doc === target && c.passage.paragraph === q.paragraph);
    const first = ranked[0];
    const text = first ? index.text(first.passage) : '';
    const answerInTop1 = !!first && q.answers.some((a) => text.includes(a));
    const level = tier(confidenceFeatures(index, parsed, all));
    const answered = level !== 'none';
    const category = highlightCategory(parsed.type, q.question, parsed.lang);
    // The highlights as the answer shows them (offsets into the text read with soft breaks as spaces); a
    // closest passage (low confidence) shows none.
    const read = first ? index.readText(first.passage) : '';
    const doc = first ? index.documents[first.passage.doc] : undefined;
    const spans = first && doc && level === 'high' ? highlights(first, parsed, read, { lang: doc.language, dictionary: translator, title: doc.title }) : [];
    const outcome: SquadOutcome = { id: q.id, rank: pos >= 0 ? pos + 1 : null, answerInTop1, answered, category, highlighted: spans.map((s) => read.slice(s.start, s.end)) };
    if (answered && answerInTop1) {
      const j = judgeHighlights(read, spans, q.answers);
      judged.push({ ...j, category });
      outcome.highlightCorrect = j.correct;
    }
    return outcome;
  });
  const hl = highlightReport(judged);
  const n = perQuestion.length || 1;
  return {
    questions: perQuestion.length,
    recallAt1: perQuestion.filter((o) => o.rank === 1).length / n,
    recallAt5: perQuestion.filter((o) => o.rank !== null && o.rank <= 5).length / n,
    mrr: perQuestion.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / n,
    answerInTop1: perQuestion.filter((o) => o.answerInTop1).length / n,
    answeredShare: perQuestion.filter((o) => o.answered).length / n,
    highlightShown: hl.highlightShown,
    highlightPrecision: hl.highlightPrecision,
    highlightStrictPrecision: hl.highlightStrictPrecision,
    highlightRecall: hl.highlightRecall,
    highlightPassages: hl.passages,
    highlightByCategory: hl.byCategory,
    perQuestion,
  };
}
