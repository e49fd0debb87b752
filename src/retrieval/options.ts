/**
 * Every tunable number of answering, in one tree with its defaults: question analysis, ranking, the
 * choice of passages (and abstention), highlighting and the timeline filter. The engine merges the options
 * it is given over {@link DEFAULT_OPTIONS} once ({@link mergeOptions}, nested objects merged key by key as
 * minisearch merges its `searchOptions`) and passes each step its branch.
 *
 * The weights were fitted with `npm run eval` (bundled article, PIAF, XQuAD); change them with
 * article-level cross-validation, never on the set the figures are reported on.
 */
import type { HighlightWeights } from './highlight.js';

/** Weights of the forms a question word may take in the passages (1 is the word itself). */
export interface QuestionOptions {
  /** The word's stem in the other language (names and loan words are often written alike). */
  otherLanguageStem: number;
  /** Another form of the same irregular verb in the question's language (« pris » → prit, prend). */
  verbForm: number;
  /** A translation of an ordinary word. */
  translation: number;
  /** A translation of a word that looks like a name ("Trump" is rarely « atout »; "CEO" is « PDG »). */
  nameTranslation: number;
  /** How much less than its translation a truncated French verb stem or an irregular form of a translated
   * verb counts (stemmers disagree on verb forms: « publier » → publi, « publie » → publ). */
  derivedFormPenalty: number;
  /** A translation of a phrase known to the glossary or lexicon, given to each word it covers. */
  phraseTranslation: number;
  /** A question with more letters than this, most of them (share below) capitals, is shouting: its capitals
   * do not mark names. */
  shoutingMinLetters: number;
  /** Share of capital letters above which a question is shouting. */
  shoutingShare: number;
  /** Characters of a too-long question echoed back (and analyzed for its language) when it is declined. */
  echoLength: number;
  /** A regular counterpart in the other language by derivational morphology (« orientalisme » →
   * "orientalism"; src/lexicon/derivation.ts); 0 turns it off. */
  cognate: number;
  /** The verb of a noun of the question or the noun of its verb, in its own language (« décision » →
   * décider); 0 turns it off. */
  nounVerb: number;
  /** The verb or noun of a translation (decision → « décision » → décider); 0 turns it off. */
  translatedNounVerb: number;
}

/** Scores of a passage's dates against the question's (see `dateScore` in features.ts). */
export interface DateMatchOptions {
  /** Same day (or same month, year…) as a question date with its year. */
  same: number;
  /** The passage's date lies within the question's (a day of the asked month). */
  within: number;
  /** The question's date lies within the passage's (the asked day, a month in the passage). */
  around: number;
  /** Same month and day as a question date given without a year. */
  monthDay: number;
  /** Factor of a date that only follows another one in the passage (the passage is about its first date). */
  laterDate: number;
}

/** Evidence that a passage holds the kind of answer asked (see `typeScore` in features.ts). */
export interface TypeEvidenceOptions {
  /** A when-question and a passage whose dates are all vaguer than a day. */
  vagueDate: number;
  /** A how-much question and a passage with digits but no recognized amount. */
  digitsOnly: number;
  /** A where-question and a passage holding a name (a name is not always a place). */
  whereName: number;
  /** A why-question and a passage with a word of cause (« parce que », "because"). */
  why: number;
}

/** Ranking: candidate pool sizes, feature weights and the constants of the features. */
export interface RankOptions {
  /** Candidates taken from minisearch before re-ranking. */
  candidates: number;
  /** The head of minisearch's result list read for paragraph and document evidence, in `candidates`. */
  headFactor: number;
  wCoverage: number;
  wBm25: number;
  wProximity: number;
  wType: number;
  wDate: number;
  /** Weight of the paragraph's own evidence (all its sentences' scores) in a passage's score. */
  wParagraph: number;
  /** BM25 parameters of minisearch. */
  bm25: { k: number; b: number; d: number };
  /** Sentences of this many best paragraphs join the candidates. */
  paragraphPool: number;
  /** Only terms found in at most this share of the sentences are searched in titles. */
  titleShare: number;
  /** Terms found in more than this share of the passages are not searched when rarer ones are. */
  commonShare: number;
  /** The two limits above are never below this many sentences (a small corpus searches everything). */
  minCommonCount: number;
  /** A window scores its best sentence plus this share of the others' scores. */
  windowMix: number;
  /** Weight of the IDF-weighted share of the question's words found in their exact (unstemmed) form. */
  wExact: number;
  /** Windows holding one of this many best sentences join the candidates. */
  windowSeeds: number;
  /** At most this many sentences of the best paragraphs join the candidates. */
  paragraphExtra: number;
  /** Weight of a match in the document title relative to one in the passage. */
  titleBoost: number;
  /** Weight of a form one edit away from a word the index does not hold (a misspelling); two edits count
   * `fuzzyWeight²`. 0 turns typo tolerance off. */
  fuzzyWeight: number;
  /** Forms at most taken per misspelt word. */
  fuzzyForms: number;
  /** Shortest word searched for misspellings (one edit away). */
  fuzzyMinLength: number;
  /** Shortest word searched two edits away. */
  fuzzyTwoEditsLength: number;
  /** Weight of the IDF-weighted share of the question's concepts found anywhere in the passage's paragraph. */
  wParaCoverage: number;
  /** Weight of the paragraph's BM25 score (terms counted over the whole paragraph), normalized by the best. */
  wParaBm25: number;
  /** Weight of the share of the question's neighbouring words found in the same order, close together. */
  wOrder: number;
  /** Neighbouring question words count as in order when at most this many terms apart. */
  orderGap: number;
  /** Share of a concept's weight in coverage when it is found in the document's title but not in the passage. */
  titleCoverage: number;
  /** Weight of the evidence of the passage's document (all its sentences' scores, normalized by the best). */
  wDocument: number;
  /** Weight of the passage opening its paragraph. */
  wFirst: number;
  /** Weight of the passage being a window of several sentences rather than one (usually negative: a window
   * gathers weak evidence from two sentences). */
  wWindow: number;
  /** Share of its IDF a question's head word keeps in coverage (« quelle ville » → ville; see Concept.head). */
  headWeight: number;
  /** Share of its weight a question's head word keeps in the search. */
  headSearch: number;
  /** Share of the unknown-term IDF given to an ordinary word the corpus never uses (a name or number the
   * corpus never uses gets it whole: it is evidence against every passage). */
  absentWordShare: number;
  /** Scores of date matches. */
  date: DateMatchOptions;
  /** Scores of answer-type evidence. */
  type: TypeEvidenceOptions;
}

/** Choosing the passages of an answer, and whether to answer at all. */
export interface AnswerOptions {
  /** Passages in an answer at most. */
  maxPassages: number;
  /** The best passage must hold at least this IDF-weighted share of the question's concepts. */
  minCoverage: number;
  /** A further passage must score at least this fraction of the best. */
  relativeCutoff: number;
  /** A further passage must hold at least this share of `minCoverage`. */
  furtherCoverage: number;
  /** A passage carrying the asked date this well (`dateMatch`) answers with less coverage… */
  dateMatch: number;
  /** …with at least this share of `minCoverage`. */
  dateCoverage: number;
  /** A passage offered by "More passages" must hold at least this share of `minCoverage`. */
  moreCoverage: number;
}

/** How well a name's place in its sentence fits the part a who-question asks (see roles.ts). */
export interface RoleTable {
  /** A question opened by a preposition (« À qui », "Who … with?"). */
  prep: {
    /** The asked preposition introduces the name, after the verb of its clause. */
    afterVerb: number;
    /** The asked preposition introduces the name elsewhere. */
    elsewhere: number;
    /** Another preposition (or none) introduces it. */
    other: number;
  };
  /** A question asking for the doer. */
  agent: {
    /** The « par » / "by" phrase of the verb. */
    byPhrase: number;
    /** A name another preposition introduces. */
    otherPrep: number;
    /** The subject after a quotation (« …», a déclaré Trump). */
    inverted: number;
    /** The subject of an active verb. */
    subject: number;
    /** The subject of a passive verb. */
    passiveSubject: number;
    /** The subject of a main verb the clause depends on (« X annonce que … »). */
    governs: number;
    /** A name after the verb with no preposition (its object). */
    object: number;
    /** Any other name of the clause. */
    otherwise: number;
  };
  /** A question asking for the one acted upon. */
  patient: {
    governs: number;
    /** The « par » / "by" phrase, or a name « par » introduces. */
    byPhrase: number;
    /** The subject of a passive verb. */
    passiveSubject: number;
    /** The subject of an active verb. */
    subject: number;
    /** A name no preposition introduces, after the verb (or anywhere when only other words were found). */
    object: number;
    /** A name no preposition introduces, before the verb. */
    before: number;
    /** A name « à » / "to" introduces after the verb. */
    toAfterVerb: number;
    /** A name another preposition introduces. */
    otherPrep: number;
  };
}

/** Choosing the span of a passage that answers (see highlight.ts). */
export interface HighlightOptions {
  /** The best candidate span is shown when its probability against the others and "no span" reaches this. */
  threshold: number;
  /** Feature weights of each question group (missing: 0). */
  weights: HighlightWeights;
  /** Scores of a name's part in its sentence (the role feature). */
  roles: RoleTable;
}

/** Names of the features of the confidence model (see src/retrieval/confidence.ts). */
export type ConfidenceFeatureName = 'coverage' | 'exact' | 'score' | 'margin' | 'absent' | 'absentName' | 'dateMatch' | 'typeEvidence' | 'length';

/** The confidence model (logistic weights of the ranking's evidence) and the thresholds of the three tiers. */
export interface ConfidenceOptions {
  /** Logistic weights of the features (a missing one counts 0). */
  weights: Partial<Record<ConfidenceFeatureName, number>>;
  bias: number;
  /** Probability at or above which the answer is given as sure. */
  high: number;
  /** Probability at or above which the closest passage is shown (below: declined). */
  low: number;
}

/**
 * Default confidence model: fitted by `scripts/fit-confidence.ts` (article-level 4-fold cross-validation on
 * the half-corpus benchmark of PIAF and XQuAD-en together; the held-out figures are in the README).
 */
export const DEFAULT_CONFIDENCE: ConfidenceOptions = {
  weights: { coverage: 1.379, exact: 0.782, score: 3.119, margin: 0.729, absent: -2.355, absentName: -1.572, dateMatch: 0.938, typeEvidence: -0.511, length: 1.682 },
  bias: -6.652,
  high: 0.468,
  low: 0.128,
};

/** Filtering the timeline by a query. */
export interface TimelineOptions {
  /** A dated sentence is about the query when it holds this share of its concepts (or one of its dates). */
  minCoverage: number;
}

/** The whole options tree of answering. */
export interface RetrievalOptions {
  question: QuestionOptions;
  rank: RankOptions;
  answer: AnswerOptions;
  /** The confidence model and the thresholds of the three tiers (sure, closest passage, declined). */
  confidence: ConfidenceOptions;
  highlight: HighlightOptions;
  timeline: TimelineOptions;
}

/** Options given by a caller: any branch, any key, merged over the defaults. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Default question analysis weights. */
export const DEFAULT_QUESTION: QuestionOptions = {
  otherLanguageStem: 0.9,
  verbForm: 0.9,
  translation: 0.7,
  nameTranslation: 0.5,
  derivedFormPenalty: 0.1,
  phraseTranslation: 0.8,
  shoutingMinLetters: 8,
  shoutingShare: 0.6,
  echoLength: 200,
  // Below a translation. The noun ↔ verb step within the question's own language is off: with article-level
  // two-fold cross-validation it moved PIAF recall@1 by −0.23 points on one fold and +0.05 on the other.
  cognate: 0.6,
  nounVerb: 0,
  translatedNounVerb: 0.5,
};

/** Default ranking weights. */
export const DEFAULT_RANK: RankOptions = {
  candidates: 25,
  headFactor: 10,
  wCoverage: 0.45,
  wBm25: 0.3,
  wProximity: 0.05,
  wType: 0.125,
  wDate: 0.35,
  wParagraph: 0.15,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  paragraphPool: 5,
  titleBoost: 1,
  commonShare: 0.03,
  titleShare: 0.005,
  minCommonCount: 50,
  windowMix: 0.5,
  wExact: 0.8,
  windowSeeds: 10,
  paragraphExtra: 5,
  fuzzyWeight: 0.8,
  fuzzyForms: 3,
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  wParaCoverage: 0.25,
  wParaBm25: 0.25,
  wOrder: 0.25,
  orderGap: 3,
  wFirst: 0.045,
  wDocument: 0.15,
  titleCoverage: 0.8,
  wWindow: -0.025,
  headWeight: 0.7,
  headSearch: 0.5,
  absentWordShare: 0.5,
  date: { same: 1, within: 0.85, around: 0.5, monthDay: 0.9, laterDate: 0.85 },
  type: { vagueDate: 0.7, digitsOnly: 0.5, whereName: 0.6, why: 0.5 },
};

/** Default answer options (the threshold is calibrated by `npm run eval`). */
export const DEFAULT_ANSWER: AnswerOptions = {
  maxPassages: 3,
  minCoverage: 0.45,
  relativeCutoff: 0.6,
  furtherCoverage: 0.75,
  dateMatch: 0.9,
  dateCoverage: 0.5,
  moreCoverage: 0.5,
};

/** Default role scores. */
export const DEFAULT_ROLES: RoleTable = {
  prep: { afterVerb: 3, elsewhere: 2, other: -1 },
  agent: { byPhrase: 3, otherPrep: -2, inverted: 2, subject: 2, passiveSubject: -1, governs: 1, object: -1, otherwise: 0 },
  patient: { governs: 0, byPhrase: -2, passiveSubject: 3, subject: -1, object: 2, before: 0, toAfterVerb: 1, otherPrep: -1 },
};

/**
 * Default highlighting options: weights fitted by `npm run fit:highlight` (softmax over each right first
 * passage's candidates and "no span", article-level 5-fold cross-validation on PIAF and XQuAD, the folds'
 * weights averaged) and the threshold picked on the pooled held-out precision/recall curve.
 */
export const DEFAULT_HIGHLIGHT: HighlightOptions = {
  threshold: 0.76,
  weights: {
  who: {
    bias: -1.043, kindDate: -0.885, kindAmount: -0.459, kindNumber: 0.125, kindName: 0.567, kindPhrase: -0.56,
    typeFit: 1.31, askedShare: 0.15, titleShare: -0.179, sentenceCoverage: -1.276, bestSentence: 1.44, near: 1.034,
    nearestOfKind: 0.046, onlyOfKind: -1.165, role: 1.094, roleBest: -0.085, timePrep: -0.115, placePrep: -0.483,
    afterAnchor: 0.02, subject: 0.707, headNear: -0.556, unitAfter: 0.867, apposition: 0.555, parenthesis: -1.927,
    quoted: 0.38, questionDate: -0.109, length: 0.183, startName: -2.604, density5: 0.388, density10: 1.646,
    leftAdjacent: -0.175, rightAdjacent: -0.048, copula: -0.445, nearestOverall: -0.869, newShare: 1.073,
    allNew: 0.244, personLike: 1.385, nameNear: 0.799, phraseNear: -0.088, nameNew: 0.626, phraseNew: 0.686,
    phraseDensity: 0.113, nameDensity: 0.501, clauseCoverage: 1.199, clauseBest: 0.154, yearLike: 0.529,
    nearContent: -0.032,
  },
  when: {
    bias: -0.619, kindDate: 0.849, kindAmount: 1.432, kindNumber: -0.509, kindName: -1.433, typeFit: 1.312,
    askedShare: 0.834, titleShare: -1.253, sentenceCoverage: 0.591, bestSentence: 1.683, near: 0.652,
    nearestOfKind: 0.562, onlyOfKind: -0.379, timePrep: 1.055, placePrep: -0.463, afterAnchor: -0.452,
    subject: -0.432, headNear: 2.374, unitAfter: -0.126, apposition: 0.61, parenthesis: -1.483, quoted: -0.123,
    questionDate: -1.706, length: -0.305, startName: -1.675, density5: -0.13, density10: 0.913,
    leftAdjacent: -0.463, rightAdjacent: -1.141, copula: -1.195, nearestOverall: -0.462, newShare: 2.083,
    allNew: 0.005, personLike: 0.868, nameNear: -1.215, nameNew: 1.024, nameDensity: -0.651, clauseCoverage: 0.938,
    clauseBest: 0.366, yearLike: 1.877, nearContent: 1.478,
  },
  where: {
    bias: -1.929, kindDate: -1.851, kindAmount: -0.456, kindNumber: 1.015, kindName: 1.01, kindPhrase: -1.443,
    typeFit: 1.349, askedShare: -1.946, titleShare: -0.49, sentenceCoverage: 1.907, bestSentence: -0.66,
    near: -3.76, nearestOfKind: 0.602, onlyOfKind: -0.139, role: -1.782, roleBest: -0.463, timePrep: -0.21,
    placePrep: 1.379, afterAnchor: -0.096, subject: -3.235, headNear: -0.22, unitAfter: 1.227, apposition: -1.377,
    parenthesis: -0.527, quoted: -1.71, questionDate: -0.121, length: 0.869, startName: 0.366, density5: -0.084,
    density10: -0.102, leftAdjacent: 0.439, rightAdjacent: -0.139, copula: -0.325, nearestOverall: -0.183,
    newShare: 2.022, allNew: 0.658, personLike: -0.841, nameNear: -0.936, phraseNear: 0.014, nameNew: -1.235,
    phraseNew: 2.524, phraseDensity: 1.139, nameDensity: 1.262, clauseCoverage: -3.408, clauseBest: 2.887,
    yearLike: -0.046, nearContent: 2.117,
  },
  howmuch: {
    bias: -2.114, kindDate: -1.13, kindAmount: 0.93, kindNumber: 0.167, kindName: -1.596, typeFit: 0.791,
    askedShare: 2.309, titleShare: -2.532, sentenceCoverage: -1.038, bestSentence: 0.488, near: 0.057,
    nearestOfKind: -0.409, onlyOfKind: 0.991, timePrep: -0.41, placePrep: 0.847, afterAnchor: 0.28, subject: 0.318,
    headNear: 1.26, unitAfter: 0.758, apposition: 0.604, parenthesis: -1.151, quoted: 1.364, questionDate: -1.297,
    length: 0.986, startName: 0.539, density5: 0.674, density10: 1.972, leftAdjacent: 0.617, rightAdjacent: -0.055,
    copula: -0.359, nearestOverall: 0.289, newShare: 0.186, personLike: -0.969, nameNear: -1.061, nameNew: -0.024,
    nameDensity: -0.44, clauseCoverage: 0.434, clauseBest: 0.867, yearLike: -0.003, nearContent: 0.669,
  },
  which: {
    bias: -1.348, kindDate: -1.113, kindAmount: -0.148, kindNumber: 0.145, kindName: 0.393, kindPhrase: -0.765,
    typeFit: 1.736, askedShare: 0.818, titleShare: -0.595, sentenceCoverage: 0.173, bestSentence: 0.608,
    near: 1.003, nearestOfKind: 0.124, onlyOfKind: -0.797, role: -0.522, roleBest: 0.828, timePrep: -0.027,
    placePrep: 0.085, afterAnchor: 0.245, subject: -0.035, headNear: 1.187, unitAfter: -0.216, apposition: -0.143,
    parenthesis: -0.677, quoted: 0.183, questionDate: -1.002, length: 1.527, startName: -1.504, density5: 0.568,
    density10: 1.392, leftAdjacent: -0.201, rightAdjacent: -0.262, copula: -0.338, nearestOverall: -0.117,
    newShare: 1.095, allNew: -0.113, personLike: -0.24, nameNear: 0.939, phraseNear: -0.984, nameNew: 0.21,
    phraseNew: 1.819, phraseDensity: -1.019, nameDensity: -0.365, clauseCoverage: 0.916, clauseBest: 0.274,
    yearLike: -0.24, nearContent: 0.534,
  },
  what: {
    bias: -1.325, kindDate: -1.524, kindAmount: 0.607, kindNumber: 0.238, kindName: -0.108, kindPhrase: -0.593,
    typeFit: 2.236, askedShare: 0.175, titleShare: -0.148, sentenceCoverage: -0.378, bestSentence: 1.151,
    near: 0.44, nearestOfKind: 0.124, onlyOfKind: -0.621, role: -0.142, roleBest: 0.608, timePrep: 0.145,
    placePrep: 0.004, afterAnchor: 0.764, subject: -0.211, headNear: 0.879, unitAfter: 0.316, apposition: 1.088,
    parenthesis: -0.328, quoted: 0.406, questionDate: -0.35, length: 1.345, startName: -0.227, density5: -0.042,
    density10: 1.039, leftAdjacent: -0.338, rightAdjacent: -0.156, copula: -0.532, nearestOverall: -0.149,
    newShare: 1.468, allNew: -0.023, personLike: 0.142, nameNear: 1.233, phraseNear: -0.451, nameNew: 0.292,
    phraseNew: 0.929, phraseDensity: -0.147, nameDensity: -0.054, clauseCoverage: 0.781, clauseBest: 0.227,
    yearLike: -0.804, nearContent: 0.496,
  },
},
  roles: DEFAULT_ROLES,
};

/** Default timeline filter. */
export const DEFAULT_TIMELINE: TimelineOptions = { minCoverage: 0.5 };

/** The default options tree. */
export const DEFAULT_OPTIONS: RetrievalOptions = {
  question: DEFAULT_QUESTION,
  rank: DEFAULT_RANK,
  answer: DEFAULT_ANSWER,
  confidence: DEFAULT_CONFIDENCE,
  highlight: DEFAULT_HIGHLIGHT,
  timeline: DEFAULT_TIMELINE,
};

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges options over defaults: plain objects key by key, at every depth; anything else (numbers, arrays)
 * replaces the default. `undefined` keeps the default. Returns `defaults` itself when nothing differs, so
 * that merging on every call costs nothing in the usual case.
 */
export function mergeOptions<T extends object>(defaults: T, options?: DeepPartial<T>): T {
  if (!options || (options as unknown) === defaults) return defaults;
  const base = defaults as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined) continue;
    const d = base[k];
    const merged = isPlain(d) && isPlain(v) ? mergeOptions(d, v) : v;
    if (merged === d) continue;
    out ??= { ...base };
    out[k] = merged;
  }
  return (out ?? defaults) as T;
}
