/**
 * Every tunable number of answering, in one tree with its defaults: question analysis, ranking, the
 * choice of passages (and abstention), highlighting and the timeline filter. The engine merges the options
 * it is given over {@link DEFAULT_OPTIONS} once ({@link mergeOptions}, nested objects merged key by key as
 * minisearch merges its `searchOptions`) and passes each step its branch.
 *
 * The weights were fitted with `npm run eval` (bundled article, PIAF, XQuAD); change them with
 * article-level cross-validation, never on the set the figures are reported on.
 */
import type { HighlightGroup, HighlightWeights } from './highlight.js';

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
  /**
   * Longest word searched for misspellings: longer than any word (« anticonstitutionnellement » has 25
   * letters), and the search costs the square of the length (10,000 letters took 356 ms).
   */
  fuzzyMaxLength: number;
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
  /** Per question group: the best candidate span is shown when its probability against the others and
   * "no span" reaches this (above 1: never). */
  thresholds: Record<HighlightGroup, number>;
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
  fuzzyMaxLength: 30,
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
  thresholds: { who: 0.73, when: 0.63, where: 0.93, howmuch: 0.64, which: 0.93, what: 1.01 },
  weights: {
    who: {
      bias: -1.036, kindDate: -0.886, kindAmount: -0.463, kindNumber: 0.127, kindName: 0.57, kindPhrase: -0.551,
      typeFit: 1.313, askedShare: 0.327, titleShare: -0.151, sentenceCoverage: -1.442, bestSentence: 1.501,
      near: 1.017, nearestOfKind: 0.065, onlyOfKind: -1.023, role: 0.737, roleBest: -0.259, timePrep: -0.118,
      placePrep: -0.5, afterAnchor: -0.006, subject: 0.893, headNear: -0.555, unitAfter: 0.878, apposition: 0.531,
      parenthesis: -1.706, quoted: 0.299, questionDate: -0.111, length: 0.104, startName: -2.396, density5: 0.437,
      density10: 1.632, leftAdjacent: -0.204, rightAdjacent: -0.051, copula: -0.441, nearestOverall: -0.933,
      newShare: 1.08, allNew: 0.322, personLike: 1.46, nameNear: 0.692, phraseNear: 0.022, nameNew: 0.795,
      phraseNew: 0.489, phraseDensity: 0.09, nameDensity: 0.542, clauseCoverage: 0.994, clauseBest: 0.205,
      yearLike: 0.534, nearContent: 0.01, roleVerb: 0.952, roleNone: -0.401, firstOfKind: -0.061, fronted: -1.808,
    },
    when: {
      bias: -0.531, kindDate: 0.872, kindAmount: 1.503, kindNumber: -0.495, kindName: -1.459, typeFit: 1.332,
      askedShare: 0.892, titleShare: -1.154, sentenceCoverage: 0.445, bestSentence: 1.674, near: 0.524,
      nearestOfKind: 0.688, onlyOfKind: -0.238, timePrep: 0.902, placePrep: -0.561, afterAnchor: -0.36,
      subject: -0.538, headNear: 2.386, unitAfter: 0.133, apposition: 0.696, parenthesis: -1.572, quoted: -0.09,
      questionDate: -1.776, length: -0.431, startName: -1.648, density5: -0.195, density10: 1.259,
      leftAdjacent: -0.531, rightAdjacent: -1.4, copula: -1.257, nearestOverall: -0.551, newShare: 1.722,
      allNew: 0.001, personLike: 0.799, nameNear: -1.287, nameNew: 1.148, nameDensity: -0.619, clauseCoverage: 1.013,
      clauseBest: 0.426, yearLike: 1.852, nearContent: 1.512, firstOfKind: -0.3, fronted: 0.987,
    },
    where: {
      bias: -2.093, kindDate: -1.957, kindAmount: -0.507, kindNumber: 0.934, kindName: 0.983, kindPhrase: -1.378,
      typeFit: 1.386, askedShare: -1.837, titleShare: -0.493, sentenceCoverage: 2.143, bestSentence: -0.712,
      near: -3.72, nearestOfKind: 0.618, onlyOfKind: -0.196, role: -0.976, roleBest: -0.412, timePrep: -0.12,
      placePrep: 1.443, afterAnchor: -0.024, subject: -2.807, headNear: -0.113, unitAfter: 1.321, apposition: -1.262,
      parenthesis: -0.409, quoted: -1.657, questionDate: -0.149, length: 0.714, startName: 0.187, density5: -0.019,
      density10: -0.158, leftAdjacent: 0.475, rightAdjacent: -0.072, copula: -0.325, nearestOverall: -0.243,
      newShare: 1.876, allNew: 0.842, personLike: -0.821, nameNear: -0.673, phraseNear: -0.164, nameNew: -1.254,
      phraseNew: 2.413, phraseDensity: 1.492, nameDensity: 1.251, clauseCoverage: -3.689, clauseBest: 2.959,
      yearLike: -0.023, nearContent: 2.028, roleVerb: -0.976, roleNone: 0.614, firstOfKind: 0.43, fronted: -1.93,
    },
    howmuch: {
      bias: -2.139, kindDate: -1.136, kindAmount: 0.913, kindNumber: 0.174, kindName: -1.62, typeFit: 0.815,
      askedShare: 2.277, titleShare: -2.553, sentenceCoverage: -1.079, bestSentence: 0.492, near: 0.055,
      nearestOfKind: -0.409, onlyOfKind: 0.952, timePrep: -0.444, placePrep: 0.837, afterAnchor: 0.315,
      subject: 0.239, headNear: 1.282, unitAfter: 0.775, apposition: 0.591, parenthesis: -1.176, quoted: 1.363,
      questionDate: -1.645, length: 1.052, startName: 0.536, density5: 0.645, density10: 1.921, leftAdjacent: 0.608,
      rightAdjacent: -0.086, copula: -0.4, nearestOverall: 0.272, newShare: 0.131, personLike: -0.959,
      nameNear: -1.05, nameNew: -0.01, nameDensity: -0.421, clauseCoverage: 0.605, clauseBest: 0.836,
      yearLike: -0.002, nearContent: 0.717, firstOfKind: 0.007, fronted: 0.08,
    },
    which: {
      bias: -1.358, kindDate: -1.214, kindAmount: -0.176, kindNumber: 0.139, kindName: 0.441, kindPhrase: -0.739,
      typeFit: 1.728, askedShare: 0.8, titleShare: -0.572, sentenceCoverage: 0.143, bestSentence: 0.601, near: 0.971,
      nearestOfKind: 0.095, onlyOfKind: -1.055, role: -0.432, roleBest: 1.056, timePrep: -0.057, placePrep: 0.107,
      afterAnchor: 0.356, subject: -0.15, headNear: 1.164, unitAfter: -0.04, apposition: -0.13, parenthesis: -0.672,
      quoted: 0.214, questionDate: -1.014, length: 1.634, startName: -1.663, density5: 0.665, density10: 1.384,
      leftAdjacent: -0.194, rightAdjacent: -0.246, copula: -0.342, nearestOverall: -0.093, newShare: 0.983,
      allNew: -0.053, personLike: -0.257, nameNear: 0.964, phraseNear: -1.064, nameNew: 0.179, phraseNew: 1.783,
      phraseDensity: -0.944, nameDensity: -0.437, clauseCoverage: 0.88, clauseBest: 0.268, yearLike: -0.248,
      nearContent: 0.56, roleVerb: -0.283, roleNone: -0.756, firstOfKind: 0.305, fronted: -0.041,
    },
    what: {
      bias: -1.321, kindDate: -1.693, kindAmount: 0.644, kindNumber: 0.226, kindName: -0.043, kindPhrase: -0.519,
      typeFit: 2.293, askedShare: 0.155, titleShare: -0.135, sentenceCoverage: -0.376, bestSentence: 1.148,
      near: 0.482, nearestOfKind: 0.103, onlyOfKind: -0.489, role: -0.254, roleBest: 0.659, timePrep: 0.171,
      placePrep: -0.009, afterAnchor: 0.722, subject: -0.169, headNear: 0.824, unitAfter: 0.316, apposition: 1.09,
      parenthesis: -0.317, quoted: 0.415, questionDate: -0.233, length: 1.408, startName: -0.231, density5: 0.033,
      density10: 1.041, leftAdjacent: -0.32, rightAdjacent: -0.168, copula: -0.534, nearestOverall: -0.134,
      newShare: 1.535, allNew: -0.006, personLike: 0.134, nameNear: 1.199, phraseNear: -0.595, nameNew: 0.233,
      phraseNew: 0.879, phraseDensity: -0.197, nameDensity: -0.119, clauseCoverage: 0.86, clauseBest: 0.157,
      yearLike: -0.815, nearContent: 0.522, roleVerb: 0.106, roleNone: 0.367, firstOfKind: -0.141, fronted: -0.591,
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
