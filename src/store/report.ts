/**
 * The moderators' report: what the community asks that the corpus does not answer (declined questions
 * grouped by the engine's own analysis, so that two spellings of one question are one line), the most
 * down-voted answers with their passage, the documents cited most and never, and answer and decline
 * rates per week.
 */
import { fold } from '../text/analyze.js';
import type { ParsedQuestion } from '../retrieval/question.js';
import type { AnswerPassage } from '../types.js';
import type { ReportData } from './store.js';

/** The report, as `npm run report -- --json` prints it (see {@link reportJson}), plus what humans read. */
export interface CorpusReport {
  /** Start of the period (ISO). */
  since: string;
  questions: number;
  answered: number;
  declined: { question: string; count: number; lastAsked: string; spellings: number }[];
  downvoted: { question: string | null; document: string | null; paragraph: number | null; count: number; passage: AnswerPassage | null }[];
  documents: { id: string; title: string; cited: number }[];
  weeks: { week: string; questions: number; answered: number; declined: number }[];
  /** What the question log keeps (a report under `off` has no questions). */
  questionLog: string;
}

/** The JSON shape of the report (exactly the documented keys). */
export interface CorpusReportJson {
  since: string;
  questions: number;
  answered: number;
  declined: { question: string; count: number; lastAsked: string }[];
  downvoted: { question: string | null; document: string | null; paragraph: number | null; count: number }[];
  documents: { id: string; title: string; cited: number }[];
}

/** The documented JSON of a report. */
export function reportJson(r: CorpusReport): CorpusReportJson {
  return {
    since: r.since,
    questions: r.questions,
    answered: r.answered,
    declined: r.declined.map(({ question, count, lastAsked }) => ({ question, count, lastAsked })),
    downvoted: r.downvoted.map(({ question, document, paragraph, count }) => ({ question, document, paragraph, count })),
    documents: r.documents.map(({ id, title, cited }) => ({ id, title, cited })),
  };
}

/** How a question is read for grouping: its concepts' forms and the dates it names. */
interface Signature {
  concepts: Set<string>[];
  /** Forms of the head words, which name the kind of answer asked for (« quelle ville », "which team"). */
  heads: Set<string>[];
  dates: string;
  /** Fallback key when the question has no content word. */
  text: string;
}

/** Translations and corrections below this weight do not join two questions. */
const MIN_VARIANT_WEIGHT = 0.5;

function signatureOf(q: ParsedQuestion): Signature {
  const forms = (c: ParsedQuestion['concepts'][number]) => new Set(c.variants.filter((v) => v.weight >= MIN_VARIANT_WEIGHT).map((v) => v.term));
  return {
    concepts: q.concepts.filter((c) => !c.head).map(forms),
    heads: q.concepts.filter((c) => c.head).map(forms),
    dates: q.dates.map((d) => d.iso).sort().join(','),
    text: fold(q.text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
  };
}

/**
 * Whether two questions ask the same thing as the engine reads them: the same dates, and their content
 * words pair off one to one, each pair sharing a form (stem, dictionary form, or translation). Word order,
 * case, accents, punctuation, inflection, stopwords and the language of the question do not matter. A head
 * word (« quelle ville », "which team") must match when both questions have one; a question without one
 * ("Who won…") asks the same as one with it ("Which team won…").
 */
export function sameQuestion(a: Signature, b: Signature): boolean {
  if (a.dates !== b.dates || a.concepts.length !== b.concepts.length) return false;
  if (!a.concepts.length && !a.heads.length && !b.heads.length) return a.text === b.text;
  const shares = (x: Set<string>, y: Set<string>) => [...x].some((t) => y.has(t));
  const covers = (xs: Set<string>[], ys: Set<string>[]) => xs.every((x) => ys.some((y) => shares(x, y)));
  if (a.heads.length && b.heads.length && !(covers(a.heads, b.heads) && covers(b.heads, a.heads))) return false;
  return covers(a.concepts, b.concepts) && covers(b.concepts, a.concepts);
}

/**
 * Groups questions that ask the same thing ({@link sameQuestion}); each group is shown with its most
 * frequent spelling, its count and when it was last asked, most asked first.
 */
export function groupQuestions(
  asked: { question: string; at: number }[],
  analyze: (text: string) => ParsedQuestion,
): { question: string; count: number; lastAsked: string; spellings: number }[] {
  // Exact repeats first (same text once folded), then the engine's reading.
  const byText = new Map<string, { texts: Map<string, number>; count: number; last: number }>();
  for (const a of asked) {
    const key = a.question.replace(/\s+/g, ' ').trim();
    if (!key) continue;
    const e = byText.get(key) ?? { texts: new Map(), count: 0, last: 0 };
    e.texts.set(key, (e.texts.get(key) ?? 0) + 1);
    e.count++;
    e.last = Math.max(e.last, a.at);
    byText.set(key, e);
  }
  const items = [...byText.values()];
  const sigs = items.map((e) => signatureOf(analyze([...e.texts.keys()][0]!)));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // Only questions sharing a form are compared.
  const byTerm = new Map<string, number[]>();
  sigs.forEach((s, i) => {
    const all = [...s.concepts, ...s.heads];
    const terms = all.length ? new Set(all.flatMap((c) => [...c])) : new Set([`\0${s.text}`]);
    for (const t of terms) {
      const list = byTerm.get(t) ?? [];
      for (const j of list) if (find(i) !== find(j) && sameQuestion(sigs[i]!, sigs[j]!)) parent[find(i)] = find(j);
      list.push(i);
      byTerm.set(t, list);
    }
  });
  const groups = new Map<number, { texts: Map<string, number>; count: number; last: number }>();
  items.forEach((e, i) => {
    const root = find(i);
    const g = groups.get(root) ?? { texts: new Map(), count: 0, last: 0 };
    for (const [t, n] of e.texts) g.texts.set(t, (g.texts.get(t) ?? 0) + n);
    g.count += e.count;
    g.last = Math.max(g.last, e.last);
    groups.set(root, g);
  });
  return [...groups.values()]
    .map((g) => {
      const [question] = [...g.texts].sort((a, b) => b[1] - a[1])[0]!;
      return { question, count: g.count, lastAsked: new Date(g.last).toISOString(), spellings: g.texts.size };
    })
    .sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked));
}

/** Builds the report from the store's figures, the documents in service and the engine's question analysis. */
export function buildReport(
  data: ReportData,
  documents: { id: string; title: string }[],
  analyze: (text: string) => ParsedQuestion,
  questionLog = 'declined',
  limit = 20,
): CorpusReport {
  const cited = new Map(data.cited.map((c) => [c.document, c.count]));
  return {
    since: new Date(data.since).toISOString(),
    questions: data.questions,
    answered: data.answered,
    declined: groupQuestions(data.declined, analyze).slice(0, limit),
    downvoted: data.downvoted.map((d) => ({
      question: d.question,
      document: d.passage?.document.id ?? null,
      paragraph: d.passage?.paragraph ?? null,
      count: d.count,
      passage: d.passage,
    })),
    documents: documents
      .map((d) => ({ id: d.id, title: d.title, cited: cited.get(d.id) ?? 0 }))
      .sort((a, b) => b.cited - a.cited || a.id.localeCompare(b.id)),
    weeks: data.weeks.map((w) => ({ ...w, declined: w.questions - w.answered })),
    questionLog,
  };
}
