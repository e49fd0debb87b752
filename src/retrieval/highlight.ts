/**
 * Choosing the span of a quote that answers the question (the part shown bold), or none.
 *
 * Every candidate span of the passage — dates, amounts, bare numbers, names, and for what/which questions
 * short noun phrases — is described by general features: its kind against the kind of answer asked, how
 * close it stands to the question's matched words and in which sentence, whether it is itself made of the
 * question's words (never the answer), the part it plays around the question's verb (the who-roles of
 * roles.ts; prepositions of time and place for when/where; the counted noun after a number for how many),
 * apposition, parentheses and quotation marks. Its score is a weighted sum of them, per question group; the
 * scores of a passage's candidates and of "no span" (score 0) make a probability distribution (a softmax),
 * and the best candidate is shown only when its probability reaches a threshold. Weights and threshold are
 * fitted by article-level cross-validation on PIAF and XQuAD (`npm run fit:highlight`).
 */
import { fold, stem, tokenize, type Token } from '../text/analyze.js';
import { sentences } from '../text/chunk.js';
import type { Highlight, Lang } from '../types.js';
import { lemmaCandidates } from '../text/lemmas.js';
import { NO_TRANSLATION, type Translator } from '../lexicon/translator.js';
import { DEFAULT_HIGHLIGHT, DEFAULT_ROLES, type HighlightOptions, type RoleTable } from './options.js';
import type { ParsedQuestion } from './question.js';
import { answerNames, dateScore, type Candidate } from './rank.js';
import { askedRole, prepositionBefore, roleScores, type AskedRole } from './roles.js';

/** The kinds of candidate spans. */
export type SpanKind = 'date' | 'amount' | 'number' | 'name' | 'phrase';

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
      return q.type;
    case 'what':
      return isWhichQuestion(q.text, q.lang) ? 'which' : 'what';
    default:
      return undefined;
  }
}

/** Whether a span of the text lies inside quotation marks. */
export function quotedIn(text: string): (n: Highlight) => boolean {
  return (n) => {
    const before = text.slice(0, n.start);
    return (before.match(/[«“]/g)?.length ?? 0) > (before.match(/[»”]/g)?.length ?? 0);
  };
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


/** {@link insidePattern}'s compiled patterns, by word (compiling a Unicode pattern costs far more than running it). */
const insidePatterns = new Map<string, RegExp>();

/** The pattern of `word` written inside a sentence: after a lowercase word, a figure, a comma or a semicolon. */
function insidePattern(word: string): RegExp {
  let re = insidePatterns.get(word);
  if (!re) {
    if (insidePatterns.size >= 10_000) insidePatterns.clear();
    re = new RegExp(`[\\p{Ll}\\p{N},;]\\s+${word}(?![\\p{L}])`, 'u');
    insidePatterns.set(word, re);
  }
  return re;
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
    if (!knownWord(t.word, lang, dictionary) || insidePattern(word).test(text)) out.push({ start, end });
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
/** Units of time: an amount made of them is a duration. */
const DURATION_RE = /\b(?:ans?|annees?|mois|semaines?|jours?|heures?|minutes?|secondes?|decennies|siecles?|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries)\b/;
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
export function questionRole(q: ParsedQuestion): (AskedRole & { verbTerms: Record<Lang, string[]> }) | undefined {
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

/** Joiners allowed inside a noun phrase ("tour de fer", "head of state"). */
const PHRASE_JOINERS = new Set(['de', 'd', 'du', 'des', 'of', 'et', 'and']);

/** The candidate spans of a passage read as `text` (offsets into it). */
export function spanCandidates(c: Candidate, q: ParsedQuestion, text: string, ctx: SpanContext = {}, group = highlightGroup(q)): SpanCandidate[] {
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
  const toks = tokenize(text, lang);
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
  // Names trimmed of a connector left at an edge once the question's words are cut off (« et John Garang »).
  const names = answerNames(p, q, text)
    .flatMap((n) => splitApposition(n, text, lang, dictionary))
    .map((n) => {
      const m = /^((?:(?:et|and|de|du|d['’]|of|la|le|les|the)\s+)*)(.*?)((?:\s+(?:et|and|de|du|d['’]|of|la|le|les|the))*)$/iu.exec(text.slice(n.start, n.end))!;
      return { start: n.start + m[1]!.length, end: n.end - m[3]!.length };
    });
  for (const n of [...names, ...sentenceStartNames(text, lang, names, q, dictionary)]) if (!out.some((o) => o.kind !== 'name' && n.start < o.end && o.start < n.end)) add(n, 'name');
  // Capitalized words opening a sentence that the index could not tell from an ordinary capital.
  for (const t of toks) {
    if (!t.capitalized || t.numeric || !t.term || taken(t)) continue;
    add({ start: t.start, end: t.end }, 'name');
    startNames.push(out[out.length - 1]!);
  }
  if (group !== 'when' && group !== 'howmuch') {
    // Noun phrases: runs of content words (with « de », "of" inside), up to five words, not names or numbers.
    let run: Token[] = [];
    const flush = () => {
      while (run.length && !run[run.length - 1]!.term) run.pop();
      if (run.length && run.length <= 5) {
        const s = { start: run[0]!.start, end: run[run.length - 1]!.end };
        if (!taken(s)) add(s, 'phrase');
      }
      run = [];
    };
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      const gap = run.length ? text.slice(run[run.length - 1]!.end, t.start) : '';
      if (run.length && !/^[\s'’-]*$/.test(gap)) flush();
      if (taken(t) || NUMBER_WORDS.has(t.word)) flush();
      else if (t.term && !t.numeric && !t.capitalized) run.push(t);
      else if (run.length && PHRASE_JOINERS.has(t.word) && toks[i + 1]?.term && !toks[i + 1]!.capitalized) run.push(t);
      else flush();
    }
    flush();
  }
  for (const n of startNames) n.uncertain = true;
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The feature vectors of a passage's candidates (after those made only of the question's words are dropped). */
export function spanFeatures(
  c: Candidate,
  q: ParsedQuestion,
  text: string,
  ctx: SpanContext = {},
  group = highlightGroup(q),
  roleTable: RoleTable = DEFAULT_ROLES,
): { candidates: SpanCandidate[]; features: number[][] } {
  const lang = ctx.lang ?? q.lang;
  const toks = tokenize(text, lang);
  const asked = new Set(q.concepts.map((k) => k.word));
  const heads = new Set(q.concepts.filter((k) => k.head).map((k) => k.word));
  const isAsked = (t: Token) => asked.has(t.word) || (!!t.term && c.terms.has(t.term));
  const title = new Set(tokenize(ctx.title ?? '', lang).filter((t) => t.term).map((t) => t.word));
  const sents = sentences(text, { start: 0, end: text.length }, lang);
  const sentOf = (at: number) => Math.max(0, sents.findIndex((s) => at >= s.start && at < s.end));
  const clauseCuts = [...text.matchAll(/[.!?;:,()](?=\s|$)|\n|\s(?:qui|que|qu['’]|dont|où|et|mais|tandis|lorsque|quand|who|which|that|where|when|and|but|while)\s/giu)].map((m) => m.index!);
  const clauseOf = (at: number) => clauseCuts.filter((x) => x < at).length;
  // Matched question words and the share of the question's words in each sentence.
  const matched = toks.map((t, i) => ({ t, i })).filter(({ t }) => t.term && isAsked(t));
  const nConcepts = Math.max(1, q.concepts.length);
  const coverage = sents.map((s) => new Set(matched.filter(({ t }) => t.start >= s.start && t.end <= s.end).map(({ t }) => t.word)).size / nConcepts);
  const bestCoverage = Math.max(0, ...coverage);
  const clauseWords = new Map<number, Set<string>>();
  for (const { t } of matched) {
    const k = clauseOf(t.start);
    if (!clauseWords.has(k)) clauseWords.set(k, new Set());
    clauseWords.get(k)!.add(t.word);
  }
  const bestClause = Math.max(0, ...[...clauseWords.values()].map((x) => x.size));
  // Content words of each sentence that are not the question's: where the answer lies.
  const fresh = toks.filter((t) => t.term && !isAsked(t));
  const freshIn = sents.map((x) => fresh.filter((t) => t.start >= x.start && t.end <= x.end).length);
  const quoted = quotedIn(text);
  const all = spanCandidates(c, q, text, ctx, group);
  const candidates: SpanCandidate[] = [];
  const feats: Record<HighlightFeature, number>[] = [];
  const asksDuration = ASKS_DURATION.test(fold(q.text));
  const single = { ...c.passage, dates: [] as typeof c.passage.dates };
  // Who-roles of the names, when the question says which part the person plays.
  let roles: number[] | undefined;
  let verbFound = false;
  let roleNone = false;
  const names = all.filter((k) => k.kind === 'name');
  const role = group === 'when' || group === 'howmuch' ? undefined : questionRole(q);
  // The who-roles score names; the role read for another question scores every candidate.
  const played = q.role ? names : all;
  if (role && played.length) {
    const verb = new Set(role.verbTerms[lang]);
    const verbAt = toks.filter((t) => t.term && verb.has(t.term));
    const wordsAt = toks.filter((t) => t.term && c.terms.has(t.term) && !verb.has(t.term));
    const r = roleScores(role, { text, lang, names: played, verbAt, wordsAt, quoted }, roleTable);
    roles = r?.scores;
    verbFound = !!r?.verbFound;
    roleNone = !!r && r.finite && role.kind !== 'prep' && Math.max(...r.scores) <= 0;
  }
  const roleBest = roles ? Math.max(...roles) : 0;
  for (const k of all) {
    // No name plays the part the who-question asks (« Des utilisateurs accusent OpenAI » for « Qui accuse
    // OpenAI ? »): a name there would be a guess.
    if (roleNone && q.role && k.kind === 'name') continue;
    const inside = toks.filter((t) => t.start >= k.start && t.end <= k.end && (t.term || t.numeric));
    const words = inside.length || 1;
    const askedShare = inside.filter(isAsked).length / words;
    if (inside.length && askedShare === 1) continue; // the question's own words are never its answer
    const first = toks.findIndex((t) => t.start >= k.start);
    const lastIdx = toks.length - 1 - [...toks].reverse().findIndex((t) => t.end <= k.end);
    const s = sentOf(k.start);
    const sameSentence = matched.filter(({ t }) => sentOf(t.start) === s && (t.end <= k.start || t.start >= k.end));
    let dist = Infinity;
    let nearestAt = -1;
    for (const { t, i } of sameSentence) {
      const d = i < first ? first - i : i - lastIdx;
      if (d < dist) {
        dist = d;
        nearestAt = t.start;
      }
    }
    const within = (n: number) =>
      new Set(matched.filter(({ t, i }) => sentOf(t.start) === s && ((i < first && first - i <= n) || (i > lastIdx && i - lastIdx <= n))).map(({ t }) => t.word)).size / nConcepts;
    const adjacent = (side: 'left' | 'right') =>
      matched.some(({ i }) => (side === 'left' ? i < first && first - i <= 2 : i > lastIdx && i - lastIdx <= 2));
    const before = text.slice(Math.max(0, k.start - 40), k.start);
    const after = text.slice(k.end, k.end + 40);
    const prevWord = fold(/(\p{L}+)['’]?\s*$/u.exec(before)?.[1] ?? '');
    const around = (from: number, to: number) => toks.slice(Math.max(0, from), Math.max(0, to));
    const headNear = heads.size > 0 && [...around(first - 3, first), ...around(lastIdx + 1, lastIdx + 4)].some((t) => heads.has(t.word));
    const unitAfter = (k.kind === 'number' || k.kind === 'amount') && around(lastIdx + 1, lastIdx + 4).some((t) => t.term && isAsked(t));
    const parenDepth = (before.match(/\(/g)?.length ?? 0) - (before.match(/\)/g)?.length ?? 0);
    const nextToQuestion = nearestAt >= 0 && dist <= 3;
    const apposition = nextToQuestion && ((/[,(]\s*$/.test(before) && /^\s*[,)]/.test(after)) || /^\s*\(/.test(after));
    const opens = /(?:^|[.!?;:]\s+|\n)$/.test(text.slice(0, k.start)) || (prepositionBefore(text, k.start, lang) === undefined && clauseOf(k.start) !== clauseOf(Math.max(0, k.start - 1)));
    let typeFit = 0;
    const kind = q.answerKind;
    if (group === 'howmuch' || kind === 'number') typeFit = k.kind === 'amount' || k.kind === 'number' ? (asksDuration ? (DURATION_RE.test(fold(text.slice(k.start, k.end + 12))) ? 1 : -0.5) : 1) : -1;
    else if (group === 'when' || kind === 'time') typeFit = k.kind === 'date' ? 1 : k.kind === 'number' ? 0 : -1;
    else if (group === 'who' || group === 'where' || kind === 'place' || kind === 'person' || kind === 'organization') typeFit = k.kind === 'name' ? 1 : k.kind === 'phrase' ? 0 : -1;
    const ni = played.indexOf(k);
    const f: Record<HighlightFeature, number> = {
      bias: 1,
      kindDate: +(k.kind === 'date'),
      kindAmount: +(k.kind === 'amount'),
      kindNumber: +(k.kind === 'number'),
      kindName: +(k.kind === 'name'),
      kindPhrase: +(k.kind === 'phrase'),
      typeFit,
      askedShare,
      titleShare: inside.filter((t) => title.has(t.word)).length / words,
      sentenceCoverage: coverage[s] ?? 0,
      bestSentence: +((coverage[s] ?? 0) === bestCoverage && bestCoverage > 0),
      near: Number.isFinite(dist) ? 1 / (1 + dist) : 0,
      nearestOfKind: 0,
      onlyOfKind: 1 / all.filter((o) => o.kind === k.kind).length,
      role: roles && ni >= 0 ? roles[ni]! / 3 : 0,
      roleBest: roles && ni >= 0 && roleBest > 0 && roles[ni] === roleBest ? 1 : 0,
      timePrep: +TIME_PREPS.has(prevWord),
      placePrep: +PLACE_PREPS.has(prevWord),
      afterAnchor: +(nearestAt >= 0 && nearestAt < k.start),
      subject: +opens,
      headNear: +headNear,
      unitAfter: +unitAfter,
      apposition: +apposition,
      parenthesis: +(parenDepth > 0),
      quoted: +quoted(k),
      questionDate: +(k.kind === 'date' && q.dates.length > 0 && dateScore({ ...single, dates: c.passage.dates.filter((d) => d.start === k.start) }, q) > 0),
      length: Math.min(1, words / 6),
      startName: +!!k.uncertain,
      density5: within(5),
      density10: within(10),
      leftAdjacent: +adjacent('left'),
      rightAdjacent: +adjacent('right'),
      copula: +COPULA.test(before),
      nearestOverall: 0,
      newShare: 0,
      allNew: 0,
      personLike: +(k.kind === 'name' && (/\p{L}\s+\p{Lu}/u.test(text.slice(k.start, k.end)) || TITLE_BEFORE.test(before))),
      nameNear: 0,
      phraseNear: 0,
      nameNew: 0,
      phraseNew: 0,
      phraseDensity: 0,
      nameDensity: 0,
      clauseCoverage: 0,
      clauseBest: 0,
      yearLike: 0,
      nearContent: 0,
      roleVerb: 0,
      roleNone: +roleNone,
      fronted: +(/(?:^|[.!?;:]\s+|\n)(?:\p{L}+['’\s]\s*){0,2}$/u.test(text.slice(Math.max(0, sents[s]?.start ?? 0), k.start)) && /^\s*,/.test(after)),
      firstOfKind: +!all.some((o) => o.kind === k.kind && o.start < k.start && sentOf(o.start) === s),
    };
    if (verbFound) f.roleVerb = f.role;
    const clause = clauseWords.get(clauseOf(k.start))?.size ?? 0;
    f.clauseCoverage = clause / nConcepts;
    f.clauseBest = +(clause > 0 && clause === bestClause);
    // A fronted phrase is cut from its clause by its comma: it scopes over the whole sentence.
    if (f.fronted) {
      f.clauseCoverage = Math.max(f.clauseCoverage, f.sentenceCoverage);
      f.clauseBest = Math.max(f.clauseBest, f.bestSentence);
    }
    f.yearLike = +(k.kind === 'number' && /^(?:1\d{3}|20\d{2}|2100)$/.test(text.slice(k.start, k.end)));
    if (f.yearLike && (group === 'when' || q.answerKind === 'time')) f.typeFit = 1;
    if (Number.isFinite(dist)) {
      const lo = Math.min(first, toks.findIndex((t) => t.start === nearestAt));
      const hi = Math.max(lastIdx, toks.findIndex((t) => t.start === nearestAt));
      f.nearContent = 1 / (1 + toks.slice(lo + 1, hi).filter((t) => t.term && (t.start < k.start || t.end > k.end)).length);
    }
    const mine = fresh.filter((t) => t.start >= k.start && t.end <= k.end).length;
    f.newShare = freshIn[s] ? mine / freshIn[s]! : 0;
    f.allNew = +(mine > 0 && mine === freshIn[s]);
    f.nameNear = f.kindName * f.near;
    f.phraseNear = f.kindPhrase * f.near;
    f.nameNew = f.kindName * f.newShare;
    f.phraseNew = f.kindPhrase * f.newShare;
    f.phraseDensity = f.kindPhrase * f.density5;
    f.nameDensity = f.kindName * f.density5;
    candidates.push(k);
    feats.push(f);
  }
  const bestNear = Math.max(0, ...feats.map((f) => f.near));
  if (bestNear > 0) for (const f of feats) if (f.near === bestNear) f.nearestOverall = 1;
  // The nearest of each kind.
  for (const kind of new Set(candidates.map((k) => k.kind))) {
    const idx = candidates.map((k, i) => (k.kind === kind ? i : -1)).filter((i) => i >= 0);
    const best = Math.max(...idx.map((i) => feats[i]!.near));
    if (best > 0) for (const i of idx) if (feats[i]!.near === best) feats[i]!.nearestOfKind = 1;
  }
  return { candidates, features: feats.map((f) => HIGHLIGHT_FEATURES.map((n) => f[n])) };
}

/** Scores of candidates (weights · features) and the probability of each against the others and "no span". */
export function spanProbabilities(features: number[][], weights: Partial<Record<HighlightFeature, number>>): number[] {
  const w = HIGHLIGHT_FEATURES.map((n) => weights[n] ?? 0);
  const scores = features.map((x) => x.reduce((s, v, i) => s + v * w[i]!, 0));
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
  const group = highlightGroup(q);
  if (!group) return [];
  const { candidates, features } = spanFeatures(c, q, text, ctx, group, options.roles);
  const probs = spanProbabilities(features, options.weights[group]);
  return candidates.map((k, i) => ({ ...k, probability: probs[i]! })).sort((a, b) => b.probability - a.probability);
}

/** The span shown bold: the most probable candidate when its probability reaches the threshold, else none. */
export function chooseHighlight(c: Candidate, q: ParsedQuestion, text: string, ctx: SpanContext = {}, options: HighlightOptions = DEFAULT_HIGHLIGHT): Highlight[] {
  const group = highlightGroup(q);
  const best = scoreSpans(c, q, text, ctx, options)[0];
  return group && best && best.probability >= options.thresholds[group] ? [{ start: best.start, end: best.end }] : [];
}

