/**
 * Choosing the span of a quote that answers the question (the part shown bold), or none.
 *
 * Every candidate span of the passage — dates, amounts, bare numbers, names, for what/which questions short
 * noun phrases, and for what/which/where questions stretches of the clauses of the best matching sentence
 * ({@link clauseCandidates}) — is described by general features: its kind against the kind of answer asked, how
 * close it stands to the question's matched words and in which sentence, whether it is itself made of the
 * question's words (never the answer), the part it plays around the question's verb (the who-roles of
 * roles.ts; prepositions of time and place for when/where; the counted noun after a number for how many),
 * apposition, parentheses and quotation marks. Its score is a weighted sum of them, per question group; the
 * scores of a passage's candidates and of "no span" (score 0) make a probability distribution (a softmax);
 * each candidate is worth the probability of the candidates it holds (it overlaps the answer when one of them
 * is it), and the worthiest is shown only when that worth reaches a threshold. Weights and threshold are
 * fitted by article-level cross-validation on PIAF and XQuAD (`npm run fit:highlight`).
 */
import { fold, stem, tokenize, type Token } from '../text/analyze.js';
import { sentences } from '../text/chunk.js';
import type { Highlight, Lang } from '../types.js';
import { lemmaCandidates } from '../text/lemmas.js';
import { frenchLemmas, irregularLemmas } from '../text/french-verbs.js';
import { NO_TRANSLATION, type Translator } from '../lexicon/translator.js';
import { DEFAULT_HIGHLIGHT, DEFAULT_ROLES, type HighlightOptions, type RoleTable } from './options.js';
import { whatComesFirst, type ParsedQuestion } from './question.js';
import { answerNames, dateScore, type Candidate } from './rank.js';
import { askedRole, prepositionBefore, roleScores, type AskedRole } from './roles.js';
import { answerTypeKeys, DURATION, loadAnswerTypes, spanClasses, TYPE_FAMILIES, typeLogRatio, type AnswerTypeTable, type SpanClasses } from './answer-types.js';

/** The kinds of candidate spans. */
/** `clause`: a stretch of a clause of the sentences that best match the question (what follows or precedes the
 * question's words there, or a whole piece with none of them), see {@link clauseCandidates}. */
export type SpanKind = 'date' | 'amount' | 'number' | 'name' | 'phrase' | 'clause';

/** A candidate answer span of a passage. */
export interface SpanCandidate extends Highlight {
  kind: SpanKind;
  /** A capitalized word that may be an ordinary word opening its sentence. */
  uncertain?: boolean;
}

/** Question groups with their own weights. `which`: a what-question with a head noun (« quelle ville »). */
export type HighlightGroup = 'who' | 'when' | 'where' | 'howmuch' | 'which' | 'what';

/** Every group, in report order. */
export const HIGHLIGHT_GROUPS: readonly HighlightGroup[] = ['who', 'when', 'where', 'howmuch', 'which', 'what'];

/** The features of a candidate, in the order of {@link HighlightWeights} vectors. */
export const HIGHLIGHT_FEATURES = [
  'bias', // 1: the candidate's score against "no span"
  'kindDate',
  'kindAmount',
  'kindNumber',
  'kindName',
  'kindPhrase',
  'typeFit', // +1 the kind asked (head noun, duration), -1 another, 0 unknown
  'askedShare', // share of its words that are the question's
  'titleShare', // share of its words in the document title
  'sentenceCoverage', // share of the question's words in its sentence
  'bestSentence', // its sentence holds the most question words
  'near', // 1 / (1 + words to the nearest question word of its sentence)
  'nearestOfKind', // the nearest of its kind to the question's words
  'onlyOfKind', // 1 / candidates of its kind
  'role', // who-role score (roles.ts) / 3
  'roleBest', // the best positive role score of the passage
  'timePrep', // a preposition of time before it
  'placePrep', // a preposition of place before it
  'afterAnchor', // after the nearest question word of its sentence
  'subject', // opens its sentence or clause with no preposition
  'headNear', // a head word of the question within 3 words
  'unitAfter', // a question word among the 3 words after it (the counted noun: "how many visitors")
  'apposition', // between commas or in parentheses next to a question word
  'parenthesis', // inside parentheses
  'quoted', // inside quotation marks
  'questionDate', // a date the question itself names
  'length', // words / 6, at most 1
  'startName', // a capitalized word opening a sentence that the index did not list as a name
  'density5', // share of the question's words within 5 words of it
  'density10', // share of the question's words within 10 words of it
  'leftAdjacent', // a question word right before it (at most one word between)
  'rightAdjacent', // a question word right after it (at most one word between)
  'copula', // a form of "be" right before it ("X is Y")
  'nearestOverall', // the nearest candidate of all to the question's words
  'newShare', // its share of the content words of its sentence that are not the question's
  'allNew', // it holds every such word of its sentence
  'personLike', // a name of two words or more, or after a title (Mr, Dr, président…)
  'nameNear', // kindName × near
  'phraseNear', // kindPhrase × near
  'nameNew', // kindName × newShare
  'phraseNew', // kindPhrase × newShare
  'phraseDensity', // kindPhrase × density5
  'nameDensity', // kindName × density5
  'clauseCoverage', // share of the question's words in its clause (cut at punctuation, relatives, conjunctions)
  'clauseBest', // its clause holds the most question words
  'yearLike', // a bare number that reads as a year (1000–2100)
  'nearContent', // 1 / (1 + content words to the nearest question word of its sentence)
  'roleVerb', // the role score when the question's verb itself is in the passage
  'roleNone', // the verb is there, finite, and no candidate plays the part asked
  'firstOfKind', // the first candidate of its kind in its sentence
  'fronted', // opens its sentence (after at most a preposition and a determiner) and a comma follows: it frames the main clause
  'determiner', // a determiner or article right before it (« le », "the", « cette »): a noun phrase
  'copulaAsked', // after a form of "be" whose subject, in its clause, holds the question's words (« X est un Y »)
  'namedAs', // after a word that gives a name (« appelé », « nommé », "called", "known as")
  'afterVerb', // the question's verb stands right before it (at most 3 words, no punctuation): its object
  'headInside', // holds the question's head noun and a word of its own (« la route nationale 118 » for « quelle route »)
  'phraseDeterminer', // kindPhrase × determiner
  'phraseCopula', // kindPhrase × copulaAsked
  'phraseAfterVerb', // kindPhrase × afterVerb
  'sideAgree', // share of its 3 nearest question words on the side of it where the question's interrogative has them
  'alignNear', // its distance to the nearest question word matches the interrogative's in the question
  'whNear', // 1 / (1 + words to the question word of its sentence that stood nearest the interrogative)
  'whNearPhrase', // kindPhrase × whNear
  'typeShape', // answer-type log-ratio of its shape under the question's type keys (answer-types.ts)
  'typePrev', // … of the word before it
  'typeHead', // … of its head (a phrase's noun, the noun before a name, the word a number counts)
  'kindClause', // a stretch of a clause (clauseCandidates)
  'clauseTail', // … the words right after the question's words of its clause piece (« X est [situé au nord] »)
  'clauseLead', // … the words right before them (« [Les Normands] ont conquis X »)
  'clauseGap', // … the words between two of them
  'clauseWhole', // … a whole piece of the sentence between punctuation, with none of the question's words
  'clauseNear', // kindClause × near
  'clauseInBest', // kindClause × bestSentence
  'clauseWhNear', // kindClause × whNear
] as const;

/** A feature name. */
export type HighlightFeature = (typeof HIGHLIGHT_FEATURES)[number];

/** Weights of each group, one per feature (missing: 0). */
export type HighlightWeights = Record<HighlightGroup, Partial<Record<HighlightFeature, number>>>;

/** What {@link chooseHighlight} knows of a passage beyond its text. */
export interface SpanContext {
  /** The language of the passage's document (default: the question's). */
  lang?: Lang;
  /** Tells ordinary words from names at the start of a sentence (default: none known). */
  dictionary?: Translator;
  /** The title of the passage's document (its subject, rarely the answer). */
  title?: string;
}

/** A "which"-question: an interrogative used as a determiner before a noun ("which city", « quelle ville »). */
const WHICH_RE: Record<Lang, RegExp> = {
  en: /\bwhich\b|\bwhat\s+(?!(?:is|was|are|were|did|does|do|has|have|had|can|could|would|will|should|might|may|must|if|about|else)\b)[a-z]+/,
  fr: /\b(?:lequel|laquelle|lesquels|lesquelles)\b|\bquel(?:le)?s?\s+(?!(?:est|sont|etait|etaient|fut|furent|sera|seront|serait|a|ont|avait|peut|peuvent)\b)[a-z]+/,
};

/** Whether a question asks "which" + noun (see {@link HighlightGroup}). */
export function isWhichQuestion(question: string, lang: Lang): boolean {
  return WHICH_RE[lang].test(fold(question).replace(/'/g, ' '));
}

/** The group of a question; undefined for why, yes/no and other questions, which get no span. */
export function highlightGroup(q: Pick<ParsedQuestion, 'type' | 'text' | 'lang'>): HighlightGroup | undefined {
  switch (q.type) {
    case 'who':
    case 'when':
    case 'where':
    case 'howmuch':
      // "What sea bordered the empire when he died?" asks for a sea, not a date: the first interrogative says.
      if (!whatComesFirst(q.text, q.lang, q.type)) return q.type;
      return isWhichQuestion(q.text, q.lang) ? 'which' : 'what';
    case 'what':
      return isWhichQuestion(q.text, q.lang) ? 'which' : 'what';
    default:
      return undefined;
  }
}

/** Whether a span of the text lies inside quotation marks (more opening marks than closing ones before it).
 * The marks are found once; each span is then two binary searches. */
export function quotedIn(text: string): (n: Highlight) => boolean {
  const opens: number[] = [];
  const closes: number[] = [];
  for (const m of text.matchAll(/[«“»”]/g)) (m[0] === '«' || m[0] === '“' ? opens : closes).push(m.index!);
  if (!opens.length) return () => false;
  return (n) => countBelow(opens, n.start) > countBelow(closes, n.start);
}

/** How many of the ascending numbers `xs` are below `at` (a binary search). */
function countBelow(xs: readonly number[], at: number): number {
  let lo = 0;
  for (let hi = xs.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The tokens of a passage ordered by start, for finding those of a span by binary search: tokenize() gives a
 * hyphenated compound's parts, then the joined word (« vice-présidente » → « vice », « présidente »,
 * « viceprésidente », starting before the part just given), so its own order is not quite the text's.
 */
interface TokenOrder {
  /** Token indexes by start (stable). */
  byStart: number[];
  starts: number[];
  /** The smallest token index from each position of `byStart` on. */
  minFrom: number[];
  /** Token ends in ascending order, and the largest token index among the first n of them (n = 0: -1). */
  ends: number[];
  maxUpTo: number[];
}

function tokenOrder(toks: readonly Token[]): TokenOrder {
  // Most passages have no compound: their tokens are in order already, and need no sorting.
  const identity = toks.map((_, i) => i);
  let ordered = true;
  for (let i = 1; i < toks.length && ordered; i++) ordered = toks[i]!.start >= toks[i - 1]!.end;
  const byStart = ordered ? identity : identity.slice().sort((a, b) => toks[a]!.start - toks[b]!.start || a - b);
  const minFrom = new Array<number>(byStart.length + 1).fill(toks.length);
  for (let p = byStart.length - 1; p >= 0; p--) minFrom[p] = Math.min(byStart[p]!, minFrom[p + 1]!);
  const byEnd = ordered ? identity : identity.slice().sort((a, b) => toks[a]!.end - toks[b]!.end || a - b);
  const maxUpTo = [-1];
  for (const i of byEnd) maxUpTo.push(Math.max(i, maxUpTo[maxUpTo.length - 1]!));
  return { byStart, starts: byStart.map((i) => toks[i]!.start), minFrom, ends: byEnd.map((i) => toks[i]!.end), maxUpTo };
}

/** The index of the last token (in tokenize()'s order) ending at or before `at`, or -1. */
function lastTokenTo(o: TokenOrder, at: number): number {
  return o.maxUpTo[countBelow(o.ends, at + 1)]!;
}

/** The index of the first token (in tokenize()'s order) starting at or after `at`, or -1. */
function firstTokenFrom(o: TokenOrder, at: number): number {
  const i = o.minFrom[countBelow(o.starts, at)]!;
  return i < o.byStart.length ? i : -1;
}

/** The tokens lying inside a span, in tokenize()'s order. */
function tokensInside(toks: readonly Token[], o: TokenOrder, k: Highlight): Token[] {
  const idx: number[] = [];
  for (let p = countBelow(o.starts, k.start); p < o.byStart.length && o.starts[p]! < k.end; p++) if (toks[o.byStart[p]!]!.end <= k.end) idx.push(o.byStart[p]!);
  return idx.sort((a, b) => a - b).map((i) => toks[i]!);
}


/** Whether the dictionary knows a word (its lemma candidates), i.e. it is no proper name. */
function knownWord(word: string, lang: Lang, dictionary: Translator): boolean {
  let memo = knownMemo.get(dictionary);
  if (!memo || memo.size > 100_000) knownMemo.set(dictionary, (memo = new Map()));
  const key = `${lang}:${word}`;
  let known = memo.get(key);
  if (known === undefined) memo.set(key, (known = lemmaCandidates(word, lang).some((l) => dictionary.translate(l, lang).length > 0)));
  return known;
}

/** {@link knownWord} per dictionary and word (names come back passage after passage). */
const knownMemo = new WeakMap<Translator, Map<string, boolean>>();


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


/** A capitalized word written inside a sentence: after a lowercase word, a figure, a comma or a semicolon. */
const INSIDE_CAPITALIZED = /[\p{Ll}\p{N},;](?=\s+(\p{Lu}[\p{L}\p{M}]*))/gu;

/**
 * The capitalized words `text` writes inside a sentence, in one pass over it (a pattern per word, compiled for
 * each new word, made most of the cost of answering about passages no question had met before).
 */
function capitalizedInside(text: string): Set<string> {
  const words = new Set<string>();
  for (const m of text.matchAll(INSIDE_CAPITALIZED)) words.add(m[1]!);
  return words;
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
  let inside: Set<string> | undefined;
  for (const m of text.matchAll(/(?:^|[.!?:;]\s+|\n|[«"“]\s*)(\p{Lu}[\p{L}\p{M}]*)/gu)) {
    const word = m[1]!;
    const start = m.index! + m[0].length - word.length;
    const end = start + word.length;
    if (names.some((n) => start < n.end && n.start < end)) continue;
    const t = tokenize(word, lang)[0];
    if (!t || !t.term || t.numeric || asked.has(t.word)) continue;
    if (!knownWord(t.word, lang, dictionary) || (inside ??= capitalizedInside(text)).has(word)) out.push({ start, end });
  }
  return out;
}

/** Number words that make a bare number (« sept », "seven", « millions »). */
const NUMBER_WORDS = new Set(
  ('deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante cinquante ' +
    'soixante cent cents mille million millions milliard milliards ' +
    'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen ' +
    'nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions').split(' '),
);

const TIME_PREPS = new Set('en in on le depuis since from until till jusqu vers around circa during pendant apres after avant before des by au'.split(' '));
const PLACE_PREPS = new Set('a au aux en dans in at near pres from to vers sur on into de d du des outside inside'.split(' '));
/** Questions asking a duration or an age. */
const ASKS_DURATION = /\bhow (?:long|old)\b|\bcombien de (?:temps|jours|mois|ans|annees|semaines|heures|minutes|siecles)\b|\bquel age\b|\bquelle (?:est la |etait la )?duree\b/;
/** A form of "be" (« être ») closing the text before a candidate, with at most one word between. */
const COPULA = /(?:^|[^\p{L}])(?:is|are|was|were|be|been|est|sont|était|étaient|fut|furent|sera|seront|c['’]est)\s+(?:\p{L}+\s+)?$/iu;
/** A title before a person's name. */
const TITLE_BEFORE = /(?:^|[^\p{L}])(?:mr|mrs|ms|dr|sir|lord|king|queen|president|pope|saint|st|general|m|mme|président|roi|reine|pape|général|docteur|professeur|professor)\.?\s+$/iu;
/**
 * The part the answer plays around the question's verb, for any question whose interrogative stands for a
 * noun: a who-question's own role, else the role read from the question with its interrogative as « qui » /
 * "who" ("What covers the basin?" asks for the subject, "What did Lavoisier discredit?" for the object,
 * « Quelle ville X a-t-il fondée ? » for the object). The verb's index terms are the matching concept's forms.
 */
export function questionRole(q: ParsedQuestion): QuestionRole | undefined {
  if (!roleMemo.has(q)) roleMemo.set(q, readQuestionRole(q));
  return roleMemo.get(q);
}

/** The part asked around the question's verb, with the verb's index terms in each language. */
type QuestionRole = AskedRole & { verbTerms: Record<Lang, string[]> };
/** {@link questionRole} per question: read once, whatever the number of passages highlighted. */
const roleMemo = new WeakMap<ParsedQuestion, QuestionRole | undefined>();

function readQuestionRole(q: ParsedQuestion): QuestionRole | undefined {
  if (q.role) return q.role;
  if (q.type === 'when' || q.type === 'howmuch' || q.type === 'why' || q.type === 'yesno') return undefined;
  const asWho =
    q.lang === 'en'
      ? q.text.replace(/\bwhat\b/i, (m) => (m[0] === 'W' ? 'Who' : 'who'))
      : q.text.replace(/\bqu['’]est-ce\s+qu(?:i|e\b|['’])|\bque\b|\bqu['’]|\bquoi\b/i, (m) => (/^Q/.test(m) ? 'Qui ' : 'qui '));
  const role = askedRole(asWho, q.lang);
  if (!role?.verb) return role ? { ...role, verbTerms: { fr: [], en: [] } } : undefined;
  const verb = role.verb;
  const concept = q.concepts.find((k) => k.word === verb.word);
  const verbTerms: Record<Lang, string[]> = { fr: [], en: [] };
  verbTerms[q.lang].push(stem(verb.low, q.lang));
  for (const v of concept?.variants ?? []) for (const l of v.lang ? [v.lang] : (['fr', 'en'] as const)) verbTerms[l].push(v.term);
  return { ...role, verbTerms };
}

/** Endings of French finite verb forms (present, imperfect, simple past, future, conditional). */
const FR_FINITE = /(?:e|es|ent|ait|aient|ons|ez|erent|irent|urent|it|ut|a|era|eront|erait|eraient|ira|iront|irait|iraient)$/;
/** Endings of participles and adjectives (« créée », « conservés », « vivant »), which stay in a noun phrase. */
const FR_PARTICIPLE = /(?:é|ée|és|ées|i|ie|is|ies|ise|ises|ite|ites|its|u|ue|us|ues|ant|ants|ante|antes|inte|intes|erte|ertes)$/;

/**
 * Whether a word reads as a finite verb, which ends a noun phrase (« les anglophones contrôlent », « la
 * masse d'algue doit »). In French: a word the dictionary does not know as itself (« la mise », « le cours »
 * are nouns) that is a form of an irregular verb (« font », « dut »), or has a finite ending and an infinitive
 * the dictionary knows; participles and infinitives stay in the phrase (« nouvellement créée »). In English:
 * a form in -ed the dictionary does not know as itself whose base it knows.
 */
export function finiteVerb(t: Token, lang: Lang, dictionary: Translator): boolean {
  if (t.word.length < 3 || !t.term) return false;
  // The answer depends on the word (its accents: « créée ») and the dictionary only: kept per dictionary.
  let memo = verbMemo.get(dictionary);
  if (!memo || memo.size > 100_000) verbMemo.set(dictionary, (memo = new Map()));
  const key = `${lang}:${t.low}`;
  let verb = memo.get(key);
  if (verb === undefined) memo.set(key, (verb = readFiniteVerb(t, lang, dictionary)));
  return verb;
}

/** {@link finiteVerb} per dictionary and word. */
const verbMemo = new WeakMap<Translator, Map<string, boolean>>();

function readFiniteVerb(t: Token, lang: Lang, dictionary: Translator): boolean {
  if (lang === 'fr') {
    // Participles, infinitives and words the dictionary knows as themselves (« la mise », « le cours »).
    if (FR_PARTICIPLE.test(t.low) || /(?:er|ir|re|oir)$/.test(t.word) || dictionary.translate(t.word, 'fr').length) return false;
    if (irregularLemmas(t.word).length) return true;
    if (!FR_FINITE.test(t.word)) return false;
    return frenchLemmas(t.word).some((l) => /(?:er|ir|re)$/.test(l) && dictionary.translate(l, 'fr').length > 0);
  }
  if (!/ed$/.test(t.word) || dictionary.translate(t.word, 'en').length) return false;
  return lemmaCandidates(t.word, 'en').some((l) => l !== t.word && dictionary.translate(l, 'en').length > 0);
}

/** Joiners allowed inside a noun phrase ("tour de fer", "head of state"); « et », "and" join two phrases. */
const PHRASE_JOINERS = new Set(['de', 'd', 'du', 'des', 'of']);
/** The longest noun phrase proposed, in words. */
const MAX_PHRASE = 5;

/**
 * Noun phrases of a passage: runs of content words, with « de », "of" inside, that are no name, number or
 * finite verb (a verb ends the phrase: « les anglophones contrôlent » gives « anglophones »). A run longer
 * than {@link MAX_PHRASE} words gives its pieces between joiners (« catégorie nouvellement créée des grands
 * établissements » → « grands établissements »…); a run holding the question's words gives its pieces
 * between them (the question's words are never the answer: « synonyme circamoerium » → « circamoerium »;
 * `isAsked` leaves out the head noun of a which-question, whose phrase is the answer: « route nationale »).
 * `taken` tells the words already inside a date, amount, number or name.
 */
function nounPhrases(toks: Token[], text: string, lang: Lang, dictionary: Translator, isAsked: (t: Token) => boolean, taken: (t: Token) => boolean = () => false): Highlight[] {
  const out: Highlight[] = [];
  const emit = (r: Token[]) => {
    while (r.length && !r[r.length - 1]!.term) r.pop();
    while (r.length && !r[0]!.term) r.shift();
    if (r.length && r.length <= MAX_PHRASE) out.push({ start: r[0]!.start, end: r[r.length - 1]!.end });
  };
  /** A run cut into pieces at the tokens `cut` tells. */
  const pieces = (r: Token[], cut: (t: Token) => boolean) => {
    let piece: Token[] = [];
    for (const t of r) {
      if (cut(t)) {
        emit(piece);
        piece = [];
      } else piece.push(t);
    }
    emit(piece);
  };
  let run: Token[] = [];
  const flush = () => {
    while (run.length && !run[run.length - 1]!.term) run.pop();
    if (run.length > MAX_PHRASE) pieces(run, (t) => PHRASE_JOINERS.has(t.word));
    else if (run.some((t) => t.term && isAsked(t))) pieces(run, (t) => !!t.term && isAsked(t));
    else emit(run);
    run = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const gap = run.length ? text.slice(run[run.length - 1]!.end, t.start) : '';
    if (run.length && !/^[\s'’-]*$/.test(gap)) flush();
    if (taken(t) || NUMBER_WORDS.has(t.word) || finiteVerb(t, lang, dictionary)) flush();
    else if (t.term && !t.numeric && !t.capitalized) run.push(t);
    else if (run.length && PHRASE_JOINERS.has(t.word) && toks[i + 1]?.term && !toks[i + 1]!.capitalized) run.push(t);
    else flush();
  }
  flush();
  return out;
}

/** The candidate spans of a passage read as `text` (offsets into it). */
export function spanCandidates(
  c: Candidate,
  q: ParsedQuestion,
  text: string,
  ctx: SpanContext = {},
  group = highlightGroup(q),
  toks: Token[] = tokenize(text, ctx.lang ?? q.lang),
): SpanCandidate[] {
  const p = c.passage;
  const lang = ctx.lang ?? q.lang;
  const out: SpanCandidate[] = [];
  const startNames: SpanCandidate[] = [];
  const taken = (s: Highlight) => out.some((o) => s.start < o.end && o.start < s.end);
  const add = (s: Highlight, kind: SpanKind) => {
    if (s.end > s.start && !out.some((o) => o.start === s.start && o.end === s.end)) out.push({ start: s.start, end: s.end, kind });
  };
  for (const d of p.dates) add(d, 'date');
  for (const a of p.amounts) if (!taken(a)) add(a, 'amount');
  // Bare numbers: runs of figures and number words outside dates and amounts.
  for (let i = 0; i < toks.length; i++) {
    const isNum = (t: Token) => (t.numeric && /\d/.test(t.word)) || NUMBER_WORDS.has(t.word);
    if (!isNum(toks[i]!)) continue;
    let j = i;
    while (j + 1 < toks.length && isNum(toks[j + 1]!) && /^[\s-]*$/.test(text.slice(toks[j]!.end, toks[j + 1]!.start))) j++;
    const s = { start: toks[i]!.start, end: toks[j]!.end };
    if (!taken(s)) add(s, 'number');
    i = j;
  }
  const dictionary = ctx.dictionary ?? NO_TRANSLATION;
  const asked = new Set(q.concepts.map((k) => k.word));
  // A which-question's head noun stays in its phrase (« la route nationale » for « quelle route »).
  const heads = new Set(q.concepts.filter((k) => k.head).map((k) => k.word));
  // Names trimmed of a connector left at an edge once the question's words are cut off (« et John Garang »).
  const names = answerNames(p, q, text)
    .flatMap((n) => splitApposition(n, text, lang, dictionary))
    .map((n) => {
      const m = /^((?:(?:et|and|de|du|d['’]|of|la|le|les|the)\s+)*)(.*?)((?:\s+(?:et|and|de|du|d['’]|of|la|le|les|the))*)$/iu.exec(text.slice(n.start, n.end))!;
      return { start: n.start + m[1]!.length, end: n.end - m[3]!.length };
    })
    // A connector alone is what is left of a name made of the question's words (« Bingen and Bonn »,
    // "The Tonight Show"): no name (an acronym stays: "LA").
    .filter((n) => {
      const w = text.slice(n.start, n.end);
      return !/^(?:et|and|de|du|d['’]|of|la|le|les|the)$/iu.test(w) || (w.length > 1 && w === w.toUpperCase());
    });
  for (const n of [...names, ...sentenceStartNames(text, lang, names, q, dictionary)]) if (!out.some((o) => o.kind !== 'name' && n.start < o.end && o.start < n.end)) add(n, 'name');
  // Capitalized words opening a sentence that the index could not tell from an ordinary capital.
  for (const t of toks) {
    if (!t.capitalized || t.numeric || !t.term || taken(t)) continue;
    add({ start: t.start, end: t.end }, 'name');
    startNames.push(out[out.length - 1]!);
  }
  if (group !== 'when' && group !== 'howmuch') {
    for (const s of nounPhrases(toks, text, lang, dictionary, (t) => !heads.has(t.word) && (asked.has(t.word) || (!!t.term && c.terms.has(t.term))), taken)) if (!taken(s)) add(s, 'phrase');
  }
  for (const n of startNames) n.uncertain = true;
  // A name inside a longer name (« Saint » of « Saint-Jean », « États » of « États-Unis ») is the same answer:
  // kept apart, the two would share its probability.
  const inLonger = (k: SpanCandidate) => k.kind === 'name' && out.some((o) => o !== k && o.kind === 'name' && o.start <= k.start && k.end <= o.end && o.end - o.start > k.end - k.start);
  return out.filter((k) => !inLonger(k)).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** What every candidate of a passage is compared with: the passage's words, sentences, clauses and the
 * question's words found in them. */
interface PassageFacts {
  passage: Candidate['passage'];
  /** The part the answer plays around the question's verb ({@link questionRole}). */
  askedRole: ReturnType<typeof questionRole>;
  text: string;
  lang: Lang;
  toks: Token[];
  isAsked: (t: Token) => boolean;
  heads: Set<string>;
  title: Set<string>;
  sentOf: (at: number) => number;
  sentStart: (s: number) => number;
  clauseOf: (at: number) => number;
  /** Matched question words with their token index and sentence, and per sentence. */
  matched: { t: Token; i: number; sent: number }[];
  matchedIn: Map<number, { t: Token; i: number; sent: number }[]>;
  nConcepts: number;
  coverage: number[];
  bestCoverage: number;
  clauseWords: Map<number, Set<string>>;
  bestClause: number;
  /** Content words that are not the question's, and their count per sentence. */
  fresh: Token[];
  freshIn: number[];
  quoted: (n: Highlight) => boolean;
  /** Where the question's verb stands in the passage (token indexes), if it is there. */
  verbAt: number[];
  /** Signed distance (in words) from each question word to the question's interrogative (folded word → offset). */
  whOffset: Map<string, number>;
  /** The question says which part its person plays (a who-role): the role features read the sentence; the
   * interrogative's place and the verb's object are not compared. */
  role: boolean;
  /** The number of candidates of each kind, and the first start of each kind in each sentence (`kind:sentence`). */
  kindCount: Map<string, number>;
  kindFirst: Map<string, number>;
  /** The tokens by start (for the tokens of a span). */
  order: TokenOrder;
}

/** Interrogatives (folded), whose place in the question the answer takes in the passage. */
const WH_WORDS = new Set('qui que quoi quel quelle quels quelles lequel laquelle lesquels lesquelles ou quand combien comment who whom whose what which where when how'.split(' '));

/** Signed distance from each word of the question to its interrogative ("Who founded X?": founded +1, X +2). */
export function interrogativeOffsets(question: string, lang: Lang): Map<string, number> {
  const toks = tokenize(question.replace(/['’]/g, ' '), lang);
  const wh = toks.findIndex((t) => WH_WORDS.has(fold(t.word)));
  const out = new Map<string, number>();
  if (wh < 0) return out;
  toks.forEach((t, i) => {
    if (i !== wh && t.term && !out.has(t.word)) out.set(t.word, i - wh);
  });
  return out;
}

/** {@link interrogativeOffsets} per question: read once, whatever the number of passages highlighted. */
const offsetMemo = new WeakMap<ParsedQuestion, Map<string, number>>();
const offsetsOf = (q: ParsedQuestion) => {
  if (!offsetMemo.has(q)) offsetMemo.set(q, interrogativeOffsets(q.text, q.lang));
  return offsetMemo.get(q)!;
};

/** Matched words grouped by sentence, in their order. */
function bySentence<T extends { sent: number }>(xs: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of xs) {
    const list = out.get(x.sent);
    if (list) list.push(x);
    else out.set(x.sent, [x]);
  }
  return out;
}

/** The facts of a passage that its candidates are compared with. */
function passageFacts(c: Candidate, q: ParsedQuestion, text: string, lang: Lang): PassageFacts {
  const toks = tokenize(text, lang);
  const asked = new Set(q.concepts.map((k) => k.word));
  const isAsked = (t: Token) => asked.has(t.word) || (!!t.term && c.terms.has(t.term));
  const sents = sentences(text, { start: 0, end: text.length }, lang);
  // The sentence holding an offset (0 between sentences), by a binary search on their starts.
  const starts = sents.map((x) => x.start);
  const sentOf = (at: number) => {
    const i = countBelow(starts, at + 1) - 1;
    return i >= 0 && at < sents[i]!.end ? i : 0;
  };
  const clauseCuts = [...text.matchAll(/[.!?;:,()](?=\s|$)|\n|\s(?:qui|que|qu['’]|dont|où|et|mais|tandis|lorsque|quand|who|which|that|where|when|and|but|while)\s/giu)].map((m) => m.index!);
  const clauseOf = (at: number) => countBelow(clauseCuts, at);
  const matched = toks.flatMap((t, i) => (t.term && isAsked(t) ? [{ t, i, sent: sentOf(t.start) }] : []));
  const nConcepts = Math.max(1, q.concepts.length);
  const coverage = sents.map((s) => new Set(matched.filter(({ t }) => t.start >= s.start && t.end <= s.end).map(({ t }) => t.word)).size / nConcepts);
  const clauseWords = new Map<number, Set<string>>();
  for (const { t } of matched) {
    const k = clauseOf(t.start);
    if (!clauseWords.has(k)) clauseWords.set(k, new Set());
    clauseWords.get(k)!.add(t.word);
  }
  const fresh = toks.filter((t) => t.term && !isAsked(t));
  const role = questionRole(q);
  const verb = new Set(role?.verbTerms?.[lang] ?? []);
  return {
    passage: c.passage,
    askedRole: role,
    text,
    lang,
    toks,
    isAsked,
    heads: new Set(q.concepts.filter((k) => k.head).map((k) => k.word)),
    title: new Set<string>(),
    sentOf,
    sentStart: (s) => sents[s]?.start ?? 0,
    clauseOf,
    matched,
    matchedIn: bySentence(matched),
    nConcepts,
    coverage,
    bestCoverage: Math.max(0, ...coverage),
    clauseWords,
    bestClause: Math.max(0, ...[...clauseWords.values()].map((x) => x.size)),
    fresh,
    freshIn: sents.map((x) => fresh.filter((t) => t.start >= x.start && t.end <= x.end).length),
    quoted: quotedIn(text),
    verbAt: toks.flatMap((t, i) => (t.term && verb.has(t.term) ? [i] : [])),
    whOffset: offsetsOf(q),
    role: !!q.role,
    kindCount: new Map(),
    kindFirst: new Map(),
    order: tokenOrder(toks),
  };
}

/** The part each candidate plays around the question's verb (roles.ts), when the question says which. */
function roleFacts(c: Candidate, q: ParsedQuestion, f: PassageFacts, all: SpanCandidate[], group: HighlightGroup | undefined, roleTable: RoleTable) {
  const role = group === 'when' || group === 'howmuch' ? undefined : f.askedRole;
  // The who-roles score names; the role read for another question scores every candidate.
  const played = q.role ? all.filter((k) => k.kind === 'name') : all;
  if (!role || !played.length) return { played, roles: undefined, verbFound: false, roleNone: false };
  const verb = new Set(role.verbTerms[f.lang]);
  const verbAt = f.toks.filter((t) => t.term && verb.has(t.term));
  const wordsAt = f.toks.filter((t) => t.term && c.terms.has(t.term) && !verb.has(t.term));
  const r = roleScores(role, { text: f.text, lang: f.lang, names: played, verbAt, wordsAt, quoted: f.quoted }, roleTable);
  return { played, roles: r?.scores, verbFound: !!r?.verbFound, roleNone: !!r && r.finite && role.kind !== 'prep' && Math.max(...r.scores) <= 0 };
}

/** Determiners and articles before a noun phrase (folded), per language (« à » folds to the English "a"). */
const DETERMINERS: Record<Lang, Set<string>> = {
  fr: new Set('le la l les un une des du au aux ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos'.split(' ')),
  en: new Set('the a an this that these those its his her their our my your'.split(' ')),
};
/** Words that give a thing's name: « appelé », « nommé », « surnommé », « dit », "called", "named", "known as". */
const NAMING_RE = /(?:^|[^\p{L}])(?:appel[ée]e?s?|nomm[ée]e?s?|surnomm[ée]e?s?|d[ée]nomm[ée]e?s?|baptis[ée]e?s?|dite?s?|connue?s? sous le nom d[e'’]|sous le nom d[e'’]|called|named|termed|dubbed|known as|referred to as)\s+(?:(?:aussi|also|parfois|sometimes|souvent|often|encore|still|commonly|communément)\s+)?(?:(?:le|la|les|l['’]|the|a|an)\s*)?$/iu;

/** Where a candidate stands among the question's matched words of its sentence. */
function positionFeatures(k: SpanCandidate, f: PassageFacts) {
  const first = firstTokenFrom(f.order, k.start);
  let lastIdx = lastTokenTo(f.order, k.end);
  if (lastIdx < 0) lastIdx = f.toks.length;
  const s = f.sentOf(k.start);
  const inSent = f.matchedIn.get(s) ?? [];
  let dist = Infinity;
  let nearestAt = -1;
  for (const { t, i } of inSent) {
    if (!(t.end <= k.start || t.start >= k.end)) continue;
    const d = i < first ? first - i : i - lastIdx;
    if (d < dist) {
      dist = d;
      nearestAt = i;
    }
  }
  const within = (n: number) =>
    new Set(inSent.filter(({ i }) => (i < first && first - i <= n) || (i > lastIdx && i - lastIdx <= n)).map(({ t }) => t.word)).size / f.nConcepts;
  const adjacent = (side: 'left' | 'right') => f.matched.some(({ i }) => (side === 'left' ? i < first && first - i <= 2 : i > lastIdx && i - lastIdx <= 2));
  let nearContent = 0;
  if (nearestAt >= 0) {
    const lo = Math.min(first, nearestAt);
    const hi = Math.max(lastIdx, nearestAt);
    let between = 0;
    for (let i = lo + 1; i < hi; i++) if (f.toks[i]!.term && (f.toks[i]!.start < k.start || f.toks[i]!.end > k.end)) between++;
    nearContent = 1 / (1 + between);
  }
  // The question's verb right before it (at most 3 words between, no punctuation): its object. Like the
  // alignment, left to the role features when the question's role is read.
  const afterVerb = !f.role && f.verbAt.some((v) => v < first && first - v <= 4 && !/[.;:!?,()]/.test(f.text.slice(f.toks[v]!.end, k.start)));
  let whBest = Infinity;
  let whDist = Infinity;
  for (const { t, i } of inSent) {
    const o = f.whOffset.get(t.word);
    if (o === undefined || (i >= first && i <= lastIdx)) continue;
    const d = i < first ? first - i : i - lastIdx;
    if (Math.abs(o) < whBest || (Math.abs(o) === whBest && d < whDist)) {
      whBest = Math.abs(o);
      whDist = d;
    }
  }
  const whNear = Number.isFinite(whDist) ? 1 / (1 + whDist) : 0;
  return { whNear, first, lastIdx, s, dist, nearestAt, within, adjacent, nearContent, afterVerb, ...(f.role ? { sideAgree: 0, alignNear: 0 } : alignment(first, lastIdx, s, f)) };
}

/**
 * How well a candidate stands where the question's interrogative stands, seen from the question's words
 * around it in its sentence (the answer takes the interrogative's place: "Who founded X?" → "Y founded X"):
 * `sideAgree`, the share of its three nearest question words that lie on the same side of it as of the
 * interrogative in the question; `alignNear`, 1 / (1 + the gap between its distance to the nearest of them
 * and the interrogative's distance to that word in the question). Not for a who-question whose role is
 * read (« Qui a reçu l'ultimatum ? » asks for the one after the verb, whatever the word order).
 */
function alignment(first: number, lastIdx: number, s: number, f: PassageFacts): { sideAgree: number; alignNear: number } {
  const near = (f.matchedIn.get(s) ?? [])
    .filter(({ t, i }) => f.whOffset.has(t.word) && (i < first || i > lastIdx))
    .map(({ t, i }) => ({ q: f.whOffset.get(t.word)!, p: i < first ? first - i : lastIdx - i }))
    .sort((a, b) => Math.abs(a.p) - Math.abs(b.p))
    .slice(0, 3);
  if (!near.length) return { sideAgree: 0, alignNear: 0 };
  // q: the word's offset from the interrogative; p: the candidate's offset from the word, of opposite sign
  // when they agree (the word after the interrogative, the candidate before the word).
  const agree = near.filter((n) => Math.sign(n.q) === -Math.sign(n.p) || n.q === 0).length / near.length;
  const n = near[0]!;
  const sameSide = Math.sign(n.q) === -Math.sign(n.p);
  return { sideAgree: agree, alignNear: sameSide ? 1 / (1 + Math.abs(Math.abs(n.p) - Math.abs(n.q))) : 0 };
}

/** A letter (one UTF-16 unit; a letter outside the basic plane is told by its pair, see {@link lastWordOf}). */
const LETTER = /\p{L}/u;

/**
 * The run of letters that ends a text, before at most one apostrophe and spaces (what
 * `/(\p{L}+)['’]?\s*$/u` captures, without trying the pattern at every offset); '' when there is none.
 */
export function lastWordOf(text: string): string {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  if (i > 0 && (text[i - 1] === "'" || text[i - 1] === '’')) i--;
  const end = i;
  while (i > 0) {
    const ch = text[i - 1]!;
    const code = ch.charCodeAt(0);
    // A low surrogate: read the pair.
    if (code >= 0xdc00 && code <= 0xdfff && i > 1 && LETTER.test(text.slice(i - 2, i))) i -= 2;
    else if (LETTER.test(ch)) i--;
    else break;
  }
  return text.slice(i, end);
}

/** The features of one candidate (those that compare it with the other candidates are set afterwards). */
function candidateFeatures(k: SpanCandidate, q: ParsedQuestion, f: PassageFacts, all: SpanCandidate[], group: HighlightGroup | undefined, inside: Token[], role: number | undefined): Record<HighlightFeature, number> {
  const { text, toks } = f;
  const words = inside.length || 1;
  const pos = positionFeatures(k, f);
  const { first, lastIdx, s, dist } = pos;
  const before = text.slice(Math.max(0, k.start - 40), k.start);
  const after = text.slice(k.end, k.end + 40);
  const prevWord = fold(lastWordOf(before));
  const around = (from: number, to: number) => toks.slice(Math.max(0, from), Math.max(0, to));
  const headNear = f.heads.size > 0 && [...around(first - 3, first), ...around(lastIdx + 1, lastIdx + 4)].some((t) => f.heads.has(t.word));
  const unitAfter = (k.kind === 'number' || k.kind === 'amount') && around(lastIdx + 1, lastIdx + 4).some((t) => t.term && f.isAsked(t));
  const parenDepth = (before.match(/\(/g)?.length ?? 0) - (before.match(/\)/g)?.length ?? 0);
  const apposition = pos.nearestAt >= 0 && dist <= 3 && ((/[,(]\s*$/.test(before) && /^\s*[,)]/.test(after)) || /^\s*\(/.test(after));
  // (The cheap tests first: the preposition is read only for a candidate that opens a clause.)
  const opens =
    /(?:^|[.!?;:]\s+|\n)$/.test(text.slice(Math.max(0, k.start - 24), k.start)) ||
    (f.clauseOf(k.start) !== f.clauseOf(Math.max(0, k.start - 1)) && prepositionBefore(text, k.start, f.lang) === undefined);
  const clause = f.clauseWords.get(f.clauseOf(k.start))?.size ?? 0;
  const copula = COPULA.test(before);
  // « X est un Y », "X is a Y" where X holds the question's words: a definition of what is asked.
  const copulaAsked = copula && (f.matchedIn.get(s) ?? []).some(({ t, i }) => i < first && first - i <= 8 && f.clauseOf(t.start) === f.clauseOf(k.start));
  const mine = inside.filter((t) => t.term && !f.isAsked(t)).length;
  // (The sentence's start is sliced only for a candidate a comma follows.)
  const fronted = /^\s*,/.test(after) && frontedSpan(k, text.slice(f.sentStart(s), k.start), after);
  const kindName = +(k.kind === 'name');
  const kindPhrase = +(k.kind === 'phrase');
  const near = Number.isFinite(dist) ? 1 / (1 + dist) : 0;
  const density5 = pos.within(5);
  const newShare = f.freshIn[s] ? mine / f.freshIn[s]! : 0;
  return {
    bias: 1,
    kindDate: +(k.kind === 'date'),
    kindAmount: +(k.kind === 'amount'),
    kindNumber: +(k.kind === 'number'),
    kindName,
    kindPhrase,
    typeFit: typeFit(k, q, group, text),
    askedShare: inside.filter(f.isAsked).length / words,
    titleShare: inside.filter((t) => f.title.has(t.word)).length / words,
    sentenceCoverage: f.coverage[s] ?? 0,
    bestSentence: +((f.coverage[s] ?? 0) === f.bestCoverage && f.bestCoverage > 0),
    near,
    nearestOfKind: 0,
    onlyOfKind: 1 / f.kindCount.get(k.kind)!,
    role: role !== undefined ? role / 3 : 0,
    roleBest: 0,
    timePrep: +TIME_PREPS.has(prevWord),
    placePrep: +PLACE_PREPS.has(prevWord),
    afterAnchor: +(pos.nearestAt >= 0 && toks[pos.nearestAt]!.start < k.start),
    subject: +opens,
    headNear: +headNear,
    unitAfter: +unitAfter,
    apposition: +apposition,
    parenthesis: +(parenDepth > 0),
    quoted: +f.quoted(k),
    questionDate: +(k.kind === 'date' && q.dates.length > 0 && dateScore({ ...f.passage, dates: f.passage.dates.filter((d) => d.start === k.start) }, q) > 0),
    length: Math.min(1, words / 6),
    startName: +!!k.uncertain,
    density5,
    density10: pos.within(10),
    leftAdjacent: +pos.adjacent('left'),
    rightAdjacent: +pos.adjacent('right'),
    copula: +copula,
    nearestOverall: 0,
    newShare,
    allNew: +(mine > 0 && mine === f.freshIn[s]),
    personLike: +(k.kind === 'name' && (/\p{L}\s+\p{Lu}/u.test(text.slice(k.start, k.end)) || TITLE_BEFORE.test(before))),
    nameNear: kindName * near,
    phraseNear: kindPhrase * near,
    nameNew: kindName * newShare,
    phraseNew: kindPhrase * newShare,
    phraseDensity: kindPhrase * density5,
    nameDensity: kindName * density5,
    // A fronted phrase is cut from its clause by its comma: it scopes over the whole sentence.
    clauseCoverage: fronted ? Math.max(clause / f.nConcepts, f.coverage[s] ?? 0) : clause / f.nConcepts,
    clauseBest: +((clause > 0 && clause === f.bestClause) || (fronted && (f.coverage[s] ?? 0) === f.bestCoverage && f.bestCoverage > 0)),
    yearLike: +(k.kind === 'number' && /^(?:1\d{3}|20\d{2}|2100)$/.test(text.slice(k.start, k.end))),
    nearContent: pos.nearContent,
    roleVerb: 0,
    roleNone: 0,
    firstOfKind: +!((f.kindFirst.get(`${k.kind}:${s}`) ?? Infinity) < k.start),
    fronted: +fronted,
    determiner: +DETERMINERS[f.lang].has(prevWord),
    copulaAsked: +copulaAsked,
    namedAs: +NAMING_RE.test(before),
    afterVerb: +pos.afterVerb,
    headInside: +(f.heads.size > 0 && inside.some((t) => f.heads.has(t.word)) && inside.some((t) => t.term && !f.isAsked(t))),
    phraseDeterminer: kindPhrase * +DETERMINERS[f.lang].has(prevWord),
    phraseCopula: kindPhrase * +copulaAsked,
    phraseAfterVerb: kindPhrase * +pos.afterVerb,
    sideAgree: pos.sideAgree,
    alignNear: pos.alignNear,
    whNear: pos.whNear,
    whNearPhrase: kindPhrase * pos.whNear,
    typeShape: 0,
    typePrev: 0,
    typeHead: 0,
    ...NOT_A_CLAUSE,
  };
}

/**
 * Whether a candidate opens its sentence (after at most two words: a preposition, a determiner) and a comma
 * follows: it frames the main clause (« Le 24 février 2026, … »). A name opening its sentence bare is its
 * subject with an apposition (« Emil Michael, le secrétaire adjoint…, qualifie… »), not a frame.
 */
function frontedSpan(k: SpanCandidate, lead: string, after: string): boolean {
  if (!/^\s*,/.test(after) || !/(?:^|[.!?;:]\s+|\n)(?:\p{L}+['’\s]\s*){0,2}$/u.test(lead)) return false;
  return !(k.kind === 'name' && /(?:^|[.!?;:]\s+|\n)\s*$/.test(lead));
}

/** +1 when a candidate is of the kind the question asks (its head noun, a duration), -1 another, 0 unknown. */
function typeFit(k: SpanCandidate, q: ParsedQuestion, group: HighlightGroup | undefined, text: string): number {
  const kind = q.answerKind;
  const isYear = k.kind === 'number' && /^(?:1\d{3}|20\d{2}|2100)$/.test(text.slice(k.start, k.end));
  if (group === 'howmuch' || kind === 'number') {
    if (k.kind !== 'amount' && k.kind !== 'number') return -1;
    if (!ASKS_DURATION.test(fold(q.text))) return 1;
    return DURATION.test(fold(text.slice(k.start, k.end + 12))) ? 1 : -0.5;
  }
  if (group === 'when' || kind === 'time') return k.kind === 'date' || isYear ? 1 : k.kind === 'number' ? 0 : -1;
  if (group === 'who' || group === 'where' || kind === 'place' || kind === 'person' || kind === 'organization') return k.kind === 'name' ? 1 : k.kind === 'phrase' ? 0 : -1;
  return 0;
}

/** Features that compare a candidate with the passage's others: the nearest of all and of its kind. */
function relativeFeatures(candidates: SpanCandidate[], feats: Record<HighlightFeature, number>[]): void {
  const bestNear = Math.max(0, ...feats.map((f) => f.near));
  if (bestNear > 0) for (const f of feats) if (f.near === bestNear) f.nearestOverall = 1;
  for (const kind of new Set(candidates.map((k) => k.kind))) {
    const idx = candidates.map((k, i) => (k.kind === kind ? i : -1)).filter((i) => i >= 0);
    const best = Math.max(...idx.map((i) => feats[i]!.near));
    if (best > 0) for (const i of idx) if (feats[i]!.near === best) feats[i]!.nearestOfKind = 1;
  }
}

/** The feature of each answer-type family. */
export const TYPE_FEATURE: Record<(typeof TYPE_FAMILIES)[number], HighlightFeature> = { shape: 'typeShape', prev: 'typePrev', head: 'typeHead' };

/** {@link answerTypeKeys} per question and group: read once, whatever the number of passages highlighted. */
const keysMemo = new WeakMap<ParsedQuestion, Map<string, string[]>>();
function typeKeysOf(q: ParsedQuestion, group: HighlightGroup): string[] {
  let m = keysMemo.get(q);
  if (!m) keysMemo.set(q, (m = new Map()));
  let keys = m.get(group);
  if (!keys) m.set(group, (keys = answerTypeKeys(q, group, q.role)));
  return keys;
}

/** The longest stretch of a clause proposed, in words (three answers in four of PIAF are this long or shorter). */
const MAX_CLAUSE = 6;
/** The sentences of a passage whose stretches are proposed: the best matching ones. */
const CLAUSE_SENTENCES = 1;
/** Words opening a relative or subordinate clause, which end a piece of the sentence (folded). */
const CLAUSE_OPENERS = new Set('qui que qu dont ou lorsque quand tandis puisque car mais which who whom whose that where when while whereas because but although'.split(' '));

/** The groups whose candidates include stretches of clauses: their answers are often phrases (a who-answer is a
 * name: a stretch holding it would be shown instead of it; dates and numbers have their own candidates). */
const CLAUSE_GROUPS: ReadonlySet<HighlightGroup> = new Set(['what', 'which', 'where']);

/** How a stretch of a clause stands to the question's words around it. */
export type ClauseSide = 'tail' | 'lead' | 'gap' | 'whole';

/** A clause candidate with its side. */
export interface ClauseCandidate extends SpanCandidate {
  kind: 'clause';
  side: ClauseSide;
}

/**
 * Stretches of the clauses of the passage's best matching sentences (at most {@link CLAUSE_SENTENCES}, by the
 * share of the question's words they hold): each sentence is cut into pieces at punctuation and at the words
 * that open a relative or subordinate clause; in each piece, the words right after its last question word
 * (`tail`: « La ville est [située au bord de la mer] »), right before its first (`lead`), between two of them
 * (`gap`), or the whole piece when it holds none (`whole`: an apposition, « …, [une région de France] »).
 * Stopwords at the edges are trimmed, a stretch keeps at most {@link MAX_CLAUSE} words (the nearest to the
 * question's words), and stretches of one word are left to the other candidates. Linear in the passage's
 * tokens; at most four stretches per piece.
 */
export function clauseCandidates(toks: readonly Token[], text: string, isAsked: (t: Token) => boolean, sentOf: (at: number) => number, coverage: readonly number[]): ClauseCandidate[] {
  const chosen = new Set(
    coverage
      .map((c, i) => [c, i] as const)
      .filter(([c]) => c > 0)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, CLAUSE_SENTENCES)
      .map(([, i]) => i),
  );
  const out: ClauseCandidate[] = [];
  const emit = (from: number, to: number, side: ClauseSide, keep: 'start' | 'end') => {
    while (from <= to && !toks[from]!.term && !toks[from]!.numeric) from++;
    while (to >= from && !toks[to]!.term && !toks[to]!.numeric) to--;
    if (to - from + 1 > MAX_CLAUSE) {
      if (keep === 'start') to = from + MAX_CLAUSE - 1;
      else from = to - MAX_CLAUSE + 1;
      while (from <= to && !toks[from]!.term && !toks[from]!.numeric) from++;
      while (to >= from && !toks[to]!.term && !toks[to]!.numeric) to--;
    }
    if (to - from < 1) return;
    out.push({ start: toks[from]!.start, end: toks[to]!.end, kind: 'clause', side });
  };
  const piece = (a: number, b: number) => {
    const hits: number[] = [];
    for (let i = a; i <= b; i++) if (toks[i]!.term && isAsked(toks[i]!)) hits.push(i);
    if (!hits.length) return emit(a, b, 'whole', 'start');
    emit(hits[hits.length - 1]! + 1, b, 'tail', 'start');
    emit(a, hits[0]! - 1, 'lead', 'end');
    let widest = -1;
    for (let h = 1; h < hits.length; h++) if (widest < 0 || hits[h]! - hits[h - 1]! > hits[widest]! - hits[widest - 1]!) widest = h;
    if (widest > 0) emit(hits[widest - 1]! + 1, hits[widest]! - 1, 'gap', 'start');
  };
  let a = -1;
  let sent = -1;
  for (let i = 0; i <= toks.length; i++) {
    const t = toks[i];
    const s = t ? sentOf(t.start) : -2;
    const cut = !t || s !== sent || /[.!?;:,()«»"“”—–\[\]]/.test(text.slice(toks[i - 1]!.end, t.start)) || CLAUSE_OPENERS.has(t.word);
    if (cut) {
      if (a >= 0 && chosen.has(sent)) piece(a, i - 1);
      a = t && CLAUSE_OPENERS.has(t.word) ? i + 1 : i;
      sent = s;
    }
  }
  return out;
}

/** The clause features of a candidate that is no clause stretch. */
const NOT_A_CLAUSE = { kindClause: 0, clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0, clauseNear: 0, clauseInBest: 0, clauseWhNear: 0 } as const;

/** The features of a clause candidate (zero for the others). */
function clauseFeatures(x: Record<HighlightFeature, number>, side: ClauseSide): void {
  x.kindClause = 1;
  x.clauseTail = +(side === 'tail');
  x.clauseLead = +(side === 'lead');
  x.clauseGap = +(side === 'gap');
  x.clauseWhole = +(side === 'whole');
  x.clauseNear = x.near;
  x.clauseInBest = x.bestSentence;
  x.clauseWhNear = x.whNear;
}

/** {@link typeLogRatio} per table, question (its memoized keys) and class: the same classes come back in every
 * passage of a question. */
const ratioMemo = new WeakMap<AnswerTypeTable, WeakMap<string[], Map<string, number>>>();
function typeRatioOf(types: AnswerTypeTable, family: (typeof TYPE_FAMILIES)[number], keys: string[], cls: string): number {
  let byKeys = ratioMemo.get(types);
  if (!byKeys) ratioMemo.set(types, (byKeys = new WeakMap()));
  let m = byKeys.get(keys);
  if (!m) byKeys.set(keys, (m = new Map()));
  const k = `${family}\u0000${cls}`;
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = typeLogRatio(types, family, keys, cls)));
  return v;
}

/** The content words of a document title, per language and title (titles come back passage after passage). */
const titleMemo = new Map<string, Set<string>>();
function titleWords(title: string, lang: Lang): Set<string> {
  const key = `${lang}:${title}`;
  let words = titleMemo.get(key);
  if (!words) {
    if (titleMemo.size >= 10_000) titleMemo.clear();
    titleMemo.set(key, (words = new Set(tokenize(title, lang).filter((t) => t.term).map((t) => t.word))));
  }
  return words;
}

/** The feature vectors of a passage's candidates (after those made only of the question's words are dropped). */
export function spanFeatures(
  c: Candidate,
  q: ParsedQuestion,
  text: string,
  ctx: SpanContext = {},
  group = highlightGroup(q),
  roleTable: RoleTable = DEFAULT_ROLES,
  types: AnswerTypeTable = loadAnswerTypes(),
): { candidates: SpanCandidate[]; features: number[][]; classes: SpanClasses[]; keys: string[] } {
  const { candidates, records, classes, keys } = spanRecords(c, q, text, ctx, group, roleTable, types);
  return { candidates, features: records.map((x) => HIGHLIGHT_FEATURES.map((n) => x[n])), classes, keys };
}

/** {@link spanFeatures} as records by feature name (what the scoring reads: no vector built per candidate). */
function spanRecords(
  c: Candidate,
  q: ParsedQuestion,
  text: string,
  ctx: SpanContext,
  group: HighlightGroup | undefined,
  roleTable: RoleTable,
  types: AnswerTypeTable,
): { candidates: SpanCandidate[]; records: Record<HighlightFeature, number>[]; classes: SpanClasses[]; keys: string[] } {
  const lang = ctx.lang ?? q.lang;
  const f = passageFacts(c, q, text, lang);
  f.title = titleWords(ctx.title ?? '', lang);
  const base = spanCandidates(c, q, text, ctx, group, f.toks);
  const { played, roles, verbFound, roleNone } = roleFacts(c, q, f, base, group, roleTable);
  // Stretches of clauses for the questions whose answer may be a phrase (not a person, date or number).
  const clauses = !group || !CLAUSE_GROUPS.has(group) ? [] : clauseCandidates(f.toks, text, f.isAsked, f.sentOf, f.coverage).filter((k) => !base.some((o) => o.start === k.start && o.end === k.end));
  const all: SpanCandidate[] = clauses.length ? [...base, ...clauses] : base;
  for (const k of all) {
    f.kindCount.set(k.kind, (f.kindCount.get(k.kind) ?? 0) + 1);
    const key = `${k.kind}:${f.sentOf(k.start)}`;
    if (!(k.start >= (f.kindFirst.get(key) ?? Infinity))) f.kindFirst.set(key, k.start);
  }
  const roleBest = roles ? Math.max(...roles) : 0;
  const candidates: SpanCandidate[] = [];
  const feats: Record<HighlightFeature, number>[] = [];
  const classes: SpanClasses[] = [];
  const keys = group ? typeKeysOf(q, group) : [];
  for (const k of all) {
    // No name plays the part the who-question asks (« Des utilisateurs accusent OpenAI » for « Qui accuse
    // OpenAI ? »): a name there would be a guess.
    if (roleNone && q.role && k.kind === 'name') continue;
    const inside = tokensInside(f.toks, f.order, k).filter((t) => t.term || t.numeric);
    if (inside.length && inside.every(f.isAsked)) continue; // the question's own words are never its answer
    const ni = played.indexOf(k);
    const x = candidateFeatures(k, q, f, all, group, inside, roles && ni >= 0 ? roles[ni] : undefined);
    x.roleBest = roles && ni >= 0 && roleBest > 0 && roles[ni] === roleBest ? 1 : 0;
    if (verbFound) x.roleVerb = x.role;
    x.roleNone = +roleNone;
    if (k.kind === 'clause') clauseFeatures(x, (k as ClauseCandidate).side);
    const common = k.kind === 'name' && !k.uncertain && inside.length === 1 && knownWord(inside[0]!.word, lang, ctx.dictionary ?? NO_TRANSLATION);
    const cl = spanClasses(common ? { ...k, common } : k, text, f.toks, lang);
    for (const family of TYPE_FAMILIES) x[TYPE_FEATURE[family]] = typeRatioOf(types, family, keys, cl[family]);
    candidates.push(k);
    feats.push(x);
    classes.push(cl);
  }
  relativeFeatures(candidates, feats);
  return { candidates, records: feats, classes, keys };
}

/** Scores of candidates (weights · features) and the probability of each against the others and "no span". */
export function spanProbabilities(features: number[][], weights: Partial<Record<HighlightFeature, number>>): number[] {
  const w = HIGHLIGHT_FEATURES.map((n) => weights[n] ?? 0);
  return softmaxWithNone(
    features.map((x) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i]! * w[i]!;
      return s;
    }),
  );
}

/** The features of non-zero weight of a weight vector, with their weights (unknown names left out), per vector. */
const activeMemo = new WeakMap<object, [HighlightFeature, number][]>();
const KNOWN_FEATURES: ReadonlySet<string> = new Set(HIGHLIGHT_FEATURES);
function activeWeights(weights: Partial<Record<HighlightFeature, number>>): [HighlightFeature, number][] {
  let list = activeMemo.get(weights);
  if (!list) activeMemo.set(weights, (list = (Object.entries(weights) as [HighlightFeature, number][]).filter(([n, w]) => w && KNOWN_FEATURES.has(n))));
  return list;
}

/** The probabilities of scores against each other and "no span" (score 0). */
function softmaxWithNone(scores: number[]): number[] {
  const top = Math.max(0, ...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const z = Math.exp(-top) + exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / z);
}

/** A candidate span with its probability of being the answer (against the others and "no span"). */
export interface ScoredSpan extends SpanCandidate {
  probability: number;
}

/** The candidate spans of a passage with their probabilities, most probable first (empty for a question of
 * no group: why, yes/no). */
export function scoreSpans(c: Candidate, q: ParsedQuestion, text: string, ctx: SpanContext = {}, options: HighlightOptions = DEFAULT_HIGHLIGHT): ScoredSpan[] {
  const { candidates, probs, order } = scoredCandidates(c, q, text, ctx, options);
  return order.map((i) => ({ ...candidates[i]!, probability: probs[i]! }));
}

/** The candidates of a passage, their probabilities, and their indexes from the most probable (a stable order). */
function scoredCandidates(c: Candidate, q: ParsedQuestion, text: string, ctx: SpanContext, options: HighlightOptions): { candidates: SpanCandidate[]; probs: number[]; order: number[] } {
  const group = highlightGroup(q);
  if (!group) return { candidates: [], probs: [], order: [] };
  const { candidates, records } = spanRecords(c, q, text, ctx, group, options.roles, options.answerTypes ?? loadAnswerTypes());
  // The scores read the records directly, over the features of non-zero weight only.
  const weights = activeWeights(options.weights[group]);
  const probs = softmaxWithNone(
    records.map((x) => {
      let sum = 0;
      for (const [n, w] of weights) sum += x[n] * w;
      return sum;
    }),
  );
  return { candidates, probs, order: probs.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]!) };
}

/**
 * The candidate most likely to overlap the answer, and that likelihood: a span overlaps the answer whenever a
 * candidate inside it is the answer, so each candidate is worth the probability mass of the candidates it holds
 * (itself included: « située au bord de la mer Noire » holds « mer Noire »). The most worth wins (ties: the
 * shorter). Quadratic in the candidates of one passage, which are few (tens).
 */
export function bestByContainedMass(spans: readonly Highlight[], probabilities: readonly number[]): { index: number; mass: number } {
  let index = -1;
  let mass = 0;
  spans.forEach((k, i) => {
    let m = 0;
    spans.forEach((o, j) => {
      if (o.start >= k.start && o.end <= k.end) m += probabilities[j]!;
    });
    const shorter = index >= 0 && k.end - k.start < spans[index]!.end - spans[index]!.start;
    if (m > mass + 1e-12 || (Math.abs(m - mass) <= 1e-12 && shorter)) {
      index = i;
      mass = m;
    }
  });
  return { index, mass };
}

/** The span shown bold: the candidate of most contained probability ({@link bestByContainedMass}) when it
 * reaches the group's threshold, else none. */
export function chooseHighlight(c: Candidate, q: ParsedQuestion, text: string, ctx: SpanContext = {}, options: HighlightOptions = DEFAULT_HIGHLIGHT): Highlight[] {
  const group = highlightGroup(q);
  const { candidates, probs, order } = scoredCandidates(c, q, text, ctx, options);
  if (!group || !candidates.length) return [];
  // In the order of scoreSpans (most probable first), which breaks the ties.
  const { index, mass } = bestByContainedMass(order.map((i) => candidates[i]!), order.map((i) => probs[i]!));
  const best = candidates[order[index]!];
  return best && mass >= thresholdOf(options, group, best.kind) ? [{ start: best.start, end: best.end }] : [];
}

/** The threshold of a group for a span of a kind (see {@link HighlightOptions.thresholds}; above 1: never). */
export function thresholdOf(options: HighlightOptions, group: HighlightGroup, kind: SpanKind): number {
  const t = options.thresholds[group];
  return typeof t === 'number' ? t : (t[kind] ?? Infinity);
}

