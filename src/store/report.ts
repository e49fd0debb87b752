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

/** A corpus change as the report shows it (see `StoredCorpusChange`), its time as ISO. */
export interface ReportedChange {
  at: string;
  action: 'add' | 'update' | 'remove';
  document: string | null;
  title: string | null;
  source: string | null;
  platform: string;
  /** The moderator as an HMAC (never the raw id or name). */
  by: string;
  outcome: 'done' | 'refused' | 'failed';
  error: string | null;
}

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
  /** Corpus changes in the period, newest first: what moderators added, updated or removed, or tried to. */
  changes: ReportedChange[];
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
  changes: ReportedChange[];
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
    changes: r.changes,
  };
}

/**
 * How a question is read for grouping: its concepts' forms, its head words' forms and the dates it names.
 * Computed from the engine's analysis when the question is answered, and kept with its text.
 */
export interface QuestionSignature {
  /** Forms of each content word: its own index term first, then its other forms (dictionary forms, translations). */
  c: string[][];
  /** Forms of the head words, which name the kind of answer asked for (« quelle ville », "which team"). */
  h: string[][];
  /** The dates it names (ISO, sorted, comma-separated). */
  d: string;
  /** The question's type (when, who, where…). */
  t?: string;
  /** The kind of answer its head word announces (place, person…), if any. */
  k?: string;
}

/** Translations and corrections below this weight do not join two questions. */
const MIN_VARIANT_WEIGHT = 0.5;

/** The signature of an analyzed question. */
export function questionSignature(q: ParsedQuestion): QuestionSignature {
  // The word's own term is its first variant (see parseQuestion).
  const forms = (c: ParsedQuestion['concepts'][number]) => [...new Set(c.variants.filter((v, i) => i === 0 || v.weight >= MIN_VARIANT_WEIGHT).map((v) => v.term))];
  return {
    c: q.concepts.filter((c) => !c.head).map(forms),
    h: q.concepts.filter((c) => c.head).map(forms),
    d: q.dates.map((d) => d.iso).sort().join(','),
    t: q.type,
    ...(q.answerKind ? { k: q.answerKind } : {}),
  };
}

/** A stored signature, or null when it is missing or malformed. */
export function parseSignature(json: string | null | undefined): QuestionSignature | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as QuestionSignature;
    const lists = (x: unknown) => Array.isArray(x) && x.every((l) => Array.isArray(l) && l.every((t) => typeof t === 'string'));
    return lists(v.c) && lists(v.h) && typeof v.d === 'string' ? v : null;
  } catch {
    return null;
  }
}

interface Reading {
  /** Each word: its own term, and all its forms. */
  concepts: { own: string; forms: Set<string> }[];
  heads: { own: string; forms: Set<string> }[];
  dates: string;
  type: string;
  kind?: string;
  /** Fallback key when the question has no content word. */
  text: string;
}

function readingOf(sig: QuestionSignature, text: string): Reading {
  return {
    concepts: sig.c.filter((f) => f.length).map((f) => ({ own: f[0]!, forms: new Set(f) })),
    heads: sig.h.filter((f) => f.length).map((f) => ({ own: f[0]!, forms: new Set(f) })),
    dates: sig.d,
    type: sig.t ?? 'other',
    ...(sig.k ? { kind: sig.k } : {}),
    // Only a question without content words is grouped by its text.
    text: sig.c.length || sig.h.length ? '' : fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
  };
}

/** The question types a head word's kind of answer stands for ("Which team…" asks what "Who…" asks). */
const TYPE_OF_KIND: Record<string, string> = { person: 'who', organization: 'who', time: 'when', place: 'where', number: 'howmuch' };

/**
 * Whether two questions ask the same thing as the engine reads them: the same type (a what-question whose
 * head word announces a person, a time, a place or a number counts as who, when, where, how much), the
 * same dates, and content words that pair off one to one, each pair joined by one word's own term being a
 * form of the other (its stem, dictionary form, or translation). Word order, case, accents, punctuation,
 * inflection and stopwords do not matter. A head word (« quelle ville », "which team") must match when both
 * questions have one; a question without one ("Who won…") asks the same as one with it ("Which team won…").
 */
export function sameQuestion(a: Reading, b: Reading): boolean {
  if (a.dates !== b.dates || a.concepts.length !== b.concepts.length) return false;
  const typeOf = (r: Reading) => (r.type === 'what' && r.kind ? (TYPE_OF_KIND[r.kind] ?? r.type) : r.type);
  if (typeOf(a) !== typeOf(b)) return false;
  if (!a.concepts.length && !a.heads.length && !b.heads.length) return a.text === b.text;
  type Word = Reading['concepts'][number];
  const joined = (x: Word, y: Word) => x.own === y.own || y.forms.has(x.own) || x.forms.has(y.own);
  const covers = (xs: Word[], ys: Word[]) => xs.every((x) => ys.some((y) => joined(x, y)));
  if (a.heads.length && b.heads.length && !(covers(a.heads, b.heads) && covers(b.heads, a.heads))) return false;
  return covers(a.concepts, b.concepts) && covers(b.concepts, a.concepts);
}

/** A declined question as the report reads it. */
export interface AskedQuestion {
  question: string;
  at: number;
  /** Its signature as stored when it was asked (else the engine reads the question again). */
  signature?: string | null;
}

/**
 * Reads questions as the engine does, several at a time: on this thread (`Engine.analyzeMany`) or in the
 * answer workers (`AnswerPool.analyzeMany`), so that the report groups with the engine's own analysis
 * whichever way answers are computed.
 */
export type QuestionAnalyzer = (texts: string[]) => ParsedQuestion[] | Promise<ParsedQuestion[]>;

/** Questions read per call of a {@link QuestionAnalyzer} (one message to a worker; one event-loop turn here). */
export const ANALYZE_BATCH = 100;

/** Yields to the event loop, so that a long report never holds up other requests. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Groups questions that ask the same thing ({@link sameQuestion}); each group is shown with its most
 * frequent spelling, its count and when it was last asked, most asked first. Signatures stored with the
 * questions are used as they are; `analyze` reads the others. It yields to the event loop as it goes.
 */
export async function groupQuestions(
  asked: AskedQuestion[],
  analyze: QuestionAnalyzer,
): Promise<{ question: string; count: number; lastAsked: string; spellings: number }[]> {
  // Exact repeats first (same text), then the engine's reading.
  const byText = new Map<string, { texts: Map<string, { n: number; last: number }>; count: number; last: number; signature?: string | null }>();
  for (const a of asked) {
    const key = a.question.replace(/\s+/g, ' ').trim();
    if (!key) continue;
    const e = byText.get(key) ?? { texts: new Map(), count: 0, last: 0, signature: a.signature };
    const t = e.texts.get(key) ?? { n: 0, last: 0 };
    t.n++;
    t.last = Math.max(t.last, a.at);
    e.texts.set(key, t);
    e.count++;
    e.last = Math.max(e.last, a.at);
    e.signature ??= a.signature;
    byText.set(key, e);
  }
  const items = [...byText.entries()];
  const readings = await readAll(items.map(([text, e]) => ({ text, signature: e.signature })), analyze);
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // Every question is listed under each of its forms; a question is compared only with those listed under
  // the forms of its rarest word (any question it matches shares one of them).
  const byForm = new Map<string, number[]>();
  readings.forEach((r, i) => {
    const all = [...r.concepts, ...r.heads];
    const keys = all.length ? all.flatMap((c) => [...c.forms]) : [`\0${r.text}`];
    for (const k of new Set(keys)) {
      const list = byForm.get(k);
      if (list) list.push(i);
      else byForm.set(k, [i]);
    }
  });
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    const groups = (r.concepts.length ? r.concepts : r.heads).map((c) => c.forms);
    if (!groups.length) groups.push(new Set([`\0${r.text}`]));
    // The word whose forms list the fewest questions.
    let rarest = groups[0]!;
    let fewest = Infinity;
    for (const c of groups) {
      let n = 0;
      for (const f of c) n += byForm.get(f)?.length ?? 0;
      if (n < fewest) [rarest, fewest] = [c, n];
    }
    const seen = new Set<number>();
    for (const f of rarest) {
      for (const j of byForm.get(f) ?? []) {
        if (j <= i || seen.has(j)) continue;
        seen.add(j);
        if (readings[j]!.concepts.length === r.concepts.length && find(i) !== find(j) && sameQuestion(r, readings[j]!)) parent[find(j)] = find(i);
      }
    }
    if (i % 100 === 99) await breathe();
  }
  const groups = new Map<number, { texts: Map<string, { n: number; last: number }>; count: number; last: number }>();
  items.forEach(([, e], i) => {
    const root = find(i);
    const g = groups.get(root) ?? { texts: new Map(), count: 0, last: 0 };
    for (const [t, v] of e.texts) g.texts.set(t, v);
    g.count += e.count;
    g.last = Math.max(g.last, e.last);
    groups.set(root, g);
  });
  return [...groups.values()]
    .map((g) => {
      // The most asked spelling; among equals, the latest.
      const [question] = [...g.texts].sort((a, b) => b[1].n - a[1].n || b[1].last - a[1].last)[0]!;
      return { question, count: g.count, lastAsked: new Date(g.last).toISOString(), spellings: g.texts.size };
    })
    .sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked));
}

/**
 * The readings of questions: their stored signatures, else the engine's analysis of their text (asked in
 * batches of {@link ANALYZE_BATCH}, yielding between them).
 */
async function readAll(items: { text: string; signature?: string | null }[], analyze: QuestionAnalyzer): Promise<Reading[]> {
  const sigs = items.map((it) => parseSignature(it.signature));
  const missing = sigs.flatMap((sig, i) => (sig ? [] : [i]));
  for (let from = 0; from < missing.length; from += ANALYZE_BATCH) {
    const batch = missing.slice(from, from + ANALYZE_BATCH);
    const parsed = await analyze(batch.map((i) => items[i]!.text));
    batch.forEach((i, k) => (sigs[i] = questionSignature(parsed[k]!)));
    await breathe();
  }
  return items.map((it, i) => readingOf(sigs[i]!, it.text));
}

/** Builds the report from the store's figures, the documents in service and the engine's question analysis. */
export async function buildReport(
  data: ReportData,
  documents: { id: string; title: string }[],
  analyze: QuestionAnalyzer,
  questionLog = 'declined',
  limit = 20,
): Promise<CorpusReport> {
  const cited = new Map(data.cited.map((c) => [c.document, c.count]));
  return {
    since: new Date(data.since).toISOString(),
    questions: data.questions,
    answered: data.answered,
    declined: (await groupQuestions(data.declined, analyze)).slice(0, limit),
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
    changes: data.changes.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    questionLog,
  };
}
