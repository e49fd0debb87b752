/**
 * Building the {@link Answer}: choosing up to three non-overlapping passages, deciding whether the corpus
 * answers at all, and marking the span that answers in each quote.
 */
import type { PassageIndex } from '../index/passage-index.js';
import type { Answer, AnswerPassage, Highlight, Lang } from '../types.js';
import { tokenize } from '../text/analyze.js';
import { sentences, unwrapQuote } from '../text/chunk.js';
import { NO_TRANSLATION, type Translator } from '../lexicon/translator.js';
import { lemmaCandidates } from '../text/lemmas.js';
import { asksAboutDocument, isRequestWord, newestDocument, openingPassage } from './about.js';
import { confidence as confidenceOf, confidenceFeatures, tier as tierFor } from './confidence.js';
import { DEFAULT_HIGHLIGHT, DEFAULT_OPTIONS, mergeOptions, type AnswerOptions, type DeepPartial, type HighlightOptions, type RetrievalOptions } from './options.js';
import { answerNames, dateScore, rank, type Candidate } from './rank.js';
import type { ParsedQuestion } from './question.js';
import { prepositionBefore, roleScores } from './roles.js';

export { DEFAULT_ANSWER, type AnswerOptions } from './options.js';

/** Whether the top candidate covers enough of the question by the coverage rule alone (the rule before the
 * confidence tiers of confidence.ts; kept for comparisons). */
export function answers(best: Candidate | undefined, opts: AnswerOptions): boolean {
  if (!best) return false;
  return best.coverage >= opts.minCoverage || (best.dateMatch >= opts.dateMatch && best.coverage >= opts.minCoverage * opts.dateCoverage);
}

/**
 * Answers a parsed question from an index. `dictionary` (the engine's translator) tells ordinary words from
 * names at the start of a sentence, where capitals say nothing.
 */
export function buildAnswer(index: PassageIndex, q: ParsedQuestion, options: DeepPartial<RetrievalOptions> = {}, dictionary: Translator = NO_TRANSLATION): Answer {
  return rankAnswer(index, q, options, dictionary).answer;
}

/** A passage with no span claimed as the answer (in its text nor in its display). */
function unmarked(p: AnswerPassage): AnswerPassage {
  return { ...p, highlights: [], display: { text: p.display.text, highlights: [] } };
}

/**
 * A question about a document itself (its subject, what it explains) is answered with the document's
 * opening passage: the document whose title holds all the question's other words ("the article about the
 * outage"), else, when it has none, the most recently published one. Other words that no title holds make
 * it a question about them ("what does the article say about Huawei?"): undefined, the ordinary path.
 */
function aboutAnswer(index: PassageIndex, q: ParsedQuestion, dictionary: Translator, options: HighlightOptions): Answer | undefined {
  if (!index.documents.length) return undefined;
  const words = q.concepts.filter((c) => !isRequestWord(c.word));
  let doc = newestDocument(index);
  if (words.length) {
    let best = -1;
    let bestShare = 0;
    index.documents.forEach((_, d) => {
      const title = index.titleTerms(d);
      const share = words.filter((c) => c.variants.some((v) => title.has(v.term))).length / words.length;
      if (share > bestShare) [best, bestShare] = [d, share];
    });
    if (best < 0 || bestShare < 1) return undefined;
    doc = best;
  }
  const id = openingPassage(index, doc);
  if (id === undefined) return undefined;
  const passage = index.passages[id]!;
  const none = { coverage: 1, bm25: 0, proximity: 0, typeEvidence: 0, dateMatch: 0, paragraph: 0, exact: 0, paraCoverage: 0, paraBm25: 0, order: 0, document: 0, first: 1, window: 0 };
  const candidate: Candidate = { id, passage, score: 1, ...none, matched: new Set(), terms: new Set() };
  return { question: q.text, language: q.lang, type: q.type, answered: true, confidence: 'high', passages: [unmarked(toAnswerPassage(index, candidate, q, dictionary, options))] };
}

/** An answer, the next passages of the same ranking, and how sure the ranking is. */
export interface RankedAnswer {
  answer: Answer;
  /**
   * The next passages of the ranking after the answer's, best first ("More passages"): those that overlap
   * no passage shown before them and cover at least `moreCoverage` of the share of the question an answer needs.
   * Empty for a declined question or when `more` is 0.
   */
  more: AnswerPassage[];
  /** Probability that the best passage answers (the confidence model's, 0…1), undefined when nothing was ranked. */
  confidence?: number;
  /** The question as analyzed for this ranking. */
  parsed?: ParsedQuestion;
}

/**
 * {@link buildAnswer} that also returns up to `more` further passages of the same ranking (one ranking:
 * the answer's passages and the further ones never disagree).
 */
export function rankAnswer(
  index: PassageIndex,
  q: ParsedQuestion,
  options: DeepPartial<RetrievalOptions> = {},
  dictionary: Translator = NO_TRANSLATION,
  more = 0,
): RankedAnswer {
  const opts = mergeOptions(DEFAULT_OPTIONS, options);
  const about = asksAboutDocument(q.text, q.lang) ? aboutAnswer(index, q, dictionary, opts.highlight) : undefined;
  if (about) return { answer: about, more: [], confidence: 1, parsed: q };
  const ranked = rank(index, q, opts.rank);
  const base = { question: q.text, language: q.lang, type: q.type };
  const features = confidenceFeatures(index, q, ranked, opts.rank);
  const confidence = features ? Math.round(confidenceOf(features, opts.confidence) * 1000) / 1000 : undefined;
  const tier = tierFor(features, opts.confidence);
  if (tier === 'none') return { answer: { ...base, answered: false, reason: 'not_covered', passages: [] }, more: [], confidence, parsed: q };
  const toPassage = (c: Candidate) => toAnswerPassage(index, c, q, dictionary, opts.highlight);
  // The closest passage only: one quote, no span claimed as the answer.
  const chosen = tier === 'low' ? [ranked[0]!] : choosePassages(ranked, opts.answer);
  const passages = tier === 'low' ? [unmarked(toPassage(ranked[0]!))] : chosen.map(toPassage);
  return { answer: { ...base, answered: true, confidence: tier, passages }, more: furtherPassages(ranked, chosen, more, opts.answer).map(toPassage), confidence, parsed: q };
}

/**
 * Up to `max` passages of the ranking after `chosen` ("More passages"), best first: each overlapping no
 * passage before it and covering at least `moreCoverage` of `minCoverage`.
 */
export function furtherPassages(ranked: readonly Candidate[], chosen: readonly Candidate[], max: number, o: AnswerOptions): Candidate[] {
  const overlaps = (list: readonly Candidate[], c: Candidate) =>
    list.some((x) => x.passage.doc === c.passage.doc && c.passage.start < x.passage.end && x.passage.start < c.passage.end);
  const out: Candidate[] = [];
  for (const c of ranked) {
    if (out.length >= max) break;
    if (chosen.includes(c) || c.coverage < o.minCoverage * o.moreCoverage) continue;
    if (!overlaps(chosen, c) && !overlaps(out, c)) out.push(c);
  }
  return out;
}

/**
 * The passages of an answer, best first: up to `maxPassages` that do not overlap, each scoring at least
 * `relativeCutoff` of the best and covering at least `furtherCoverage` of `minCoverage`.
 */
export function choosePassages(ranked: readonly Candidate[], o: AnswerOptions): Candidate[] {
  const best = ranked[0];
  const chosen: Candidate[] = [];
  for (const c of ranked) {
    if (chosen.length >= o.maxPassages) break;
    if (chosen.length && (c.score < best!.score * o.relativeCutoff || c.coverage < o.minCoverage * o.furtherCoverage)) break;
    const overlaps = chosen.some((x) => x.passage.doc === c.passage.doc && c.passage.start < x.passage.end && x.passage.start < c.passage.end);
    if (!overlaps) chosen.push(c);
  }
  return chosen;
}

function toAnswerPassage(index: PassageIndex, c: Candidate, q: ParsedQuestion, dictionary: Translator, options: HighlightOptions): AnswerPassage {
  const doc = index.documents[c.passage.doc]!;
  // The quote is verbatim; its highlights are found in the same text read with soft line breaks as spaces.
  const text = index.text(c.passage);
  const marked = highlights(c, q, index.readText(c.passage), { lang: doc.language, dictionary, options });
  const display = unwrapQuote(text, marked);
  return {
    text,
    document: { id: doc.id, title: doc.title, published: doc.published, ...(doc.source ? { source: doc.source } : {}) },
    paragraph: c.passage.paragraph,
    dates: c.passage.dates.map((d) => ({ text: d.text, iso: d.iso })),
    score: Math.round(c.score * 1000) / 1000,
    highlights: marked,
    display: { text: display.text, highlights: display.spans },
  };
}

/** What {@link highlights} knows of a passage beyond its text. */
export interface HighlightContext {
  /** The language of the passage's document (default: the question's). */
  lang?: Lang;
  /** Tells ordinary words from names at the start of a sentence (default: none known). */
  dictionary?: Translator;
  /** Highlighting options (default {@link DEFAULT_HIGHLIGHT}). */
  options?: HighlightOptions;
}

/**
 * The spans that answer: dates for when, amounts for how much, names for who/where. For a who-question the
 * name is the one playing the part asked in the sentence (see roles.ts), else the one nearest the question's
 * words.
 */
export function highlights(c: Candidate, q: ParsedQuestion, text: string, context: HighlightContext = {}): Highlight[] {
  const p = c.passage;
  const o = context.options ?? DEFAULT_HIGHLIGHT;
  const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end });
  switch (q.type) {
    case 'when': {
      if (q.dates.length) {
        // The question names a date: mark the other dates (the answer), else the matching one.
        const single = { ...p, dates: [] as typeof p.dates };
        const others = p.dates.filter((d) => dateScore({ ...single, dates: [d] }, q) === 0);
        return (others.length ? others : p.dates).map(span);
      }
      return p.dates.map(span);
    }
    case 'howmuch':
      return p.amounts.map(span);
    case 'who': {
      const names = answerNames(p, q, text);
      const lang = context.lang ?? q.lang;
      const byRole = q.role ? nameByRole(names, c, q, text, lang, context.dictionary ?? NO_TRANSLATION, o) : undefined;
      return (byRole ?? nearest(names, c, q, text, o)).map(span);
    }
    case 'where':
      return nearest(answerNames(p, q, text), c, q, text, o).map(span);
    default:
      return [];
  }
}

/** Whether a span of the text lies inside quotation marks. */
export function quotedIn(text: string): (n: Highlight) => boolean {
  return (n) => {
    const before = text.slice(0, n.start);
    return (before.match(/[«“]/g)?.length ?? 0) > (before.match(/[»”]/g)?.length ?? 0);
  };
}

/**
 * Closeness of each name to the question's words (lower is closer): character distance to the nearest
 * question word; a full name ("Sam Altman") is preferred to a single capitalized word nearby ("Anthropic"),
 * a name that opens its sentence (its subject) to one inside it, and a name outside quotation marks to one
 * inside (« … de Dieu »). Undefined when the passage holds none of the question's words.
 */
function distance(c: Candidate, q: ParsedQuestion, text: string, o: HighlightOptions): ((n: Highlight) => number) | undefined {
  const hits = tokenize(text, q.lang === 'fr' ? 'fr' : 'en')
    .concat(tokenize(text, q.lang === 'fr' ? 'en' : 'fr'))
    .filter((t) => t.term && c.terms.has(t.term))
    .map((t) => t.start);
  if (!hits.length) return undefined;
  const quoted = quotedIn(text);
  return (n: Highlight) =>
    Math.min(...hits.map((h) => (h < n.start ? n.start - h : h > n.end ? h - n.end : 0))) -
    (/\s/.test(text.slice(n.start, n.end)) ? o.fullName : 0) -
    (/(^|[.!?]\s+)$/.test(text.slice(0, n.start)) ? o.subject : 0) + // the subject of its sentence
    (quoted(n) ? o.quoted : 0);
}

/** The name closest to the question's words in the passage (the one the question is about). */
function nearest(names: Highlight[], c: Candidate, q: ParsedQuestion, text: string, o: HighlightOptions): Highlight[] {
  if (names.length <= 1) return names;
  const dist = distance(c, q, text, o);
  if (!dist) return names.slice(0, 1);
  const best = Math.min(...names.map(dist));
  return names.filter((n) => dist(n) === best).slice(0, 1);
}

/**
 * The name playing the part a who-question asks for (the doer, the one acted upon, the one a preposition
 * introduces), among the passage's names and the names that open a sentence. Empty when the question's verb
 * is in the passage but no name plays that part (« Des utilisateurs accusent OpenAI » for « Qui accuse
 * OpenAI ? »); undefined when the passage gives nothing to read the structure from.
 */
function nameByRole(names: Highlight[], c: Candidate, q: ParsedQuestion, text: string, lang: Lang, dictionary: Translator, o: HighlightOptions): Highlight[] | undefined {
  const role = q.role!;
  let all = [...names.flatMap((n) => splitApposition(n, text, lang, dictionary)), ...sentenceStartNames(text, lang, names, q, dictionary)].sort(
    (a, b) => a.start - b.start,
  );
  if (!all.length) return undefined;
  const verb = new Set(role.verbTerms[lang]);
  const toks = tokenize(text, lang);
  const verbAt = toks.filter((t) => t.term && verb.has(t.term));
  // In a window of sentences, the part is played in the sentence of the verb.
  if (verbAt.length) {
    const spans = sentences(text, { start: 0, end: text.length }, lang).filter((s) => verbAt.some((v) => v.start >= s.start && v.end <= s.end));
    const inVerbSentence = all.filter((n) => spans.some((s) => n.start >= s.start && n.end <= s.end));
    if (inVerbSentence.length) all = inVerbSentence;
  }
  const wordsAt = toks.filter((t) => t.term && c.terms.has(t.term) && !verb.has(t.term));
  const r = roleScores(role, { text, lang, names: all, verbAt, wordsAt, quoted: quotedIn(text) }, o.roles);
  if (!r) return undefined;
  const best = Math.max(...r.scores);
  // No name plays the part: say so when the sentence shows who does (« Des utilisateurs accusent … »), not
  // when the verb stands as a noun or an infinitive, a pronoun stands for a name said elsewhere, or the
  // question asks for a preposition's name.
  if (best <= 0) return r.finite && role.kind !== 'prep' ? [] : undefined;
  const fitting = all.filter((_, i) => r.scores[i] === best);
  const dist = distance(c, q, text, o);
  if (!dist) return fitting.slice(0, 1);
  const closest = Math.min(...fitting.map(dist));
  return fitting.filter((n) => dist(n) === closest).slice(0, 1);
}

/** Whether the dictionary knows a word (its lemma candidates), i.e. it is no proper name. */
function knownWord(word: string, lang: Lang, dictionary: Translator): boolean {
  return lemmaCandidates(word, lang).some((l) => dictionary.translate(l, lang).length > 0);
}

/**
 * A run of three or more capitalized words with no connector after a preposition, opened by a proper name
 * the dictionary does not know, holds two names: the one the preposition introduces and a name in
 * apposition (« le PDG d'OpenAI Sam Altman annonce » → OpenAI, Sam Altman; but « par le Français Claude
 * Vorilhon » stays whole).
 */
export function splitApposition(n: Highlight, text: string, lang: Lang, dictionary: Translator): Highlight[] {
  const words = [...text.slice(n.start, n.end).matchAll(/\S+/g)];
  if (words.length < 3 || words.some((w) => !/^\p{Lu}/u.test(w[0])) || prepositionBefore(text, n.start, lang) === undefined) return [n];
  const head = tokenize(words[0]![0], lang)[0];
  if (!head || knownWord(head.word, lang, dictionary)) return [n];
  const second = words[1]!.index!;
  return [
    { start: n.start, end: n.start + words[0]![0].length },
    { start: n.start + second, end: n.end },
  ];
}

/**
 * Capitalized words opening a sentence that are names although the index, which cannot tell them from an
 * ordinary capital, does not list them: words the dictionary does not know (« Trump ordonne… », « Anthropic
 * signe… »), or that the passage also writes with a capital inside a sentence. Stopwords and the question's
 * own words are left out.
 */
export function sentenceStartNames(text: string, lang: Lang, names: Highlight[], q: ParsedQuestion, dictionary: Translator): Highlight[] {
  const asked = new Set(q.concepts.map((c) => c.word));
  const out: Highlight[] = [];
  for (const m of text.matchAll(/(?:^|[.!?:;]\s+|\n|[«"“]\s*)(\p{Lu}[\p{L}\p{M}]*)/gu)) {
    const word = m[1]!;
    const start = m.index! + m[0].length - word.length;
    const end = start + word.length;
    if (names.some((n) => start < n.end && n.start < end)) continue;
    const t = tokenize(word, lang)[0];
    if (!t || !t.term || t.numeric || asked.has(t.word)) continue;
    const known = knownWord(t.word, lang, dictionary);
    const inside = new RegExp(`[\\p{Ll}\\p{N},;]\\s+${word}(?![\\p{L}])`, 'u').test(text);
    if (!known || inside) out.push({ start, end });
  }
  return out;
}
