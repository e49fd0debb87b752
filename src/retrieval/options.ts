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
  thresholds: { who: 0.72, when: 0.61, where: 0.91, howmuch: 0.66, which: 0.93, what: 1.01 },
  weights: {
    who: {
      bias: -1.034, kindDate: -0.883, kindAmount: -0.467, kindNumber: 0.118, kindName: 0.564, kindPhrase: -0.543,
      typeFit: 1.313, askedShare: 0.247, titleShare: -0.156, sentenceCoverage: -1.451, bestSentence: 1.524,
      near: 1.013, nearestOfKind: 0.058, onlyOfKind: -1.029, role: 0.73, roleBest: -0.268, timePrep: -0.119,
      placePrep: -0.505, afterAnchor: -0.013, subject: 0.901, headNear: -0.555, unitAfter: 0.871, apposition: 0.545,
      parenthesis: -1.725, quoted: 0.296, questionDate: -0.111, length: 0.103, startName: -2.321, density5: 0.437,
      density10: 1.62, leftAdjacent: -0.208, rightAdjacent: -0.051, copula: -0.443, nearestOverall: -0.92,
      newShare: 1.071, allNew: 0.316, personLike: 1.472, nameNear: 0.666, phraseNear: 0.06, nameNew: 0.779,
      phraseNew: 0.503, phraseDensity: 0.051, nameDensity: 0.57, clauseCoverage: 1.134, clauseBest: 0.151,
      yearLike: 0.538, nearContent: -0.012, roleVerb: 0.961, roleNone: -0.4, firstOfKind: -0.065, fronted: -1.042,
    },
    when: {
      bias: -0.574, kindDate: 0.867, kindAmount: 1.496, kindNumber: -0.513, kindName: -1.463, typeFit: 1.331,
      askedShare: 0.772, titleShare: -1.194, sentenceCoverage: 0.541, bestSentence: 1.773, near: 0.507,
      nearestOfKind: 0.673, onlyOfKind: -0.278, timePrep: 0.892, placePrep: -0.555, afterAnchor: -0.369,
      subject: -0.545, headNear: 2.375, unitAfter: 0.157, apposition: 0.765, parenthesis: -1.52, quoted: -0.101,
      questionDate: -1.808, length: -0.506, startName: -1.663, density5: -0.173, density10: 1.193,
      leftAdjacent: -0.505, rightAdjacent: -1.381, copula: -1.248, nearestOverall: -0.549, newShare: 1.751,
      allNew: 0.002, personLike: 0.807, nameNear: -1.278, nameNew: 1.142, nameDensity: -0.593, clauseCoverage: 0.951,
      clauseBest: 0.405, yearLike: 1.86, nearContent: 1.472, firstOfKind: -0.264, fronted: 1.754,
    },
    where: {
      bias: -2.061, kindDate: -1.936, kindAmount: -0.507, kindNumber: 0.917, kindName: 0.984, kindPhrase: -1.39,
      typeFit: 1.387, askedShare: -1.836, titleShare: -0.496, sentenceCoverage: 1.997, bestSentence: -0.668,
      near: -3.668, nearestOfKind: 0.593, onlyOfKind: -0.219, role: -0.976, roleBest: -0.421, timePrep: -0.125,
      placePrep: 1.42, afterAnchor: -0.017, subject: -2.902, headNear: -0.091, unitAfter: 1.295, apposition: -1.286,
      parenthesis: -0.437, quoted: -1.675, questionDate: -0.146, length: 0.836, startName: 0.164, density5: -0.048,
      density10: -0.134, leftAdjacent: 0.448, rightAdjacent: -0.043, copula: -0.281, nearestOverall: -0.238,
      newShare: 1.885, allNew: 0.848, personLike: -0.848, nameNear: -0.684, phraseNear: -0.119, nameNew: -1.295,
      phraseNew: 2.464, phraseDensity: 1.427, nameDensity: 1.259, clauseCoverage: -3.569, clauseBest: 2.92,
      yearLike: -0.022, nearContent: 2.034, roleVerb: -0.976, roleNone: 0.724, firstOfKind: 0.416, fronted: -1.663,
    },
    howmuch: {
      bias: -2.133, kindDate: -1.154, kindAmount: 0.917, kindNumber: 0.169, kindName: -1.609, typeFit: 0.809,
      askedShare: 2.25, titleShare: -2.544, sentenceCoverage: -1.04, bestSentence: 0.478, near: 0.063,
      nearestOfKind: -0.412, onlyOfKind: 0.943, timePrep: -0.429, placePrep: 0.841, afterAnchor: 0.314,
      subject: 0.276, headNear: 1.28, unitAfter: 0.757, apposition: 0.593, parenthesis: -1.172, quoted: 1.363,
      questionDate: -1.445, length: 1.013, startName: 0.534, density5: 0.683, density10: 1.963, leftAdjacent: 0.604,
      rightAdjacent: -0.064, copula: -0.398, nearestOverall: 0.279, newShare: 0.179, personLike: -0.96,
      nameNear: -1.069, nameNew: -0.013, nameDensity: -0.453, clauseCoverage: 0.447, clauseBest: 0.867,
      yearLike: -0.018, nearContent: 0.724, firstOfKind: 0.012, fronted: 0.654,
    },
    which: {
      bias: -1.403, kindDate: -1.208, kindAmount: -0.175, kindNumber: 0.153, kindName: 0.402, kindPhrase: -0.742,
      typeFit: 1.718, askedShare: 0.814, titleShare: -0.595, sentenceCoverage: 0.122, bestSentence: 0.616,
      near: 0.963, nearestOfKind: 0.107, onlyOfKind: -1.029, role: -0.413, roleBest: 0.885, timePrep: -0.052,
      placePrep: 0.107, afterAnchor: 0.348, subject: -0.158, headNear: 1.179, unitAfter: -0.238, apposition: -0.12,
      parenthesis: -0.677, quoted: 0.207, questionDate: -1.009, length: 1.546, startName: -1.634, density5: 0.557,
      density10: 1.433, leftAdjacent: -0.217, rightAdjacent: -0.232, copula: -0.343, nearestOverall: -0.109,
      newShare: 1.009, allNew: -0.067, personLike: -0.24, nameNear: 0.985, phraseNear: -1.061, nameNew: 0.186,
      phraseNew: 1.828, phraseDensity: -0.981, nameDensity: -0.377, clauseCoverage: 0.965, clauseBest: 0.264,
      yearLike: -0.215, nearContent: 0.537, roleVerb: -0.214, roleNone: -0.69, firstOfKind: 0.279, fronted: 0.671,
    },
    what: {
      bias: -1.304, kindDate: -1.514, kindAmount: 0.622, kindNumber: 0.249, kindName: -0.116, kindPhrase: -0.599,
      typeFit: 2.244, askedShare: 0.178, titleShare: -0.123, sentenceCoverage: -0.386, bestSentence: 1.155,
      near: 0.457, nearestOfKind: 0.137, onlyOfKind: -0.494, role: -0.103, roleBest: 0.597, timePrep: 0.155,
      placePrep: -0.002, afterAnchor: 0.72, subject: -0.172, headNear: 0.877, unitAfter: 0.291, apposition: 1.086,
      parenthesis: -0.333, quoted: 0.4, questionDate: -0.343, length: 1.347, startName: -0.191, density5: -0.018,
      density10: 1.029, leftAdjacent: -0.331, rightAdjacent: -0.169, copula: -0.533, nearestOverall: -0.157,
      newShare: 1.502, allNew: -0.003, personLike: 0.144, nameNear: 1.222, phraseNear: -0.451, nameNew: 0.287,
      phraseNew: 0.926, phraseDensity: -0.175, nameDensity: -0.072, clauseCoverage: 0.794, clauseBest: 0.225,
      yearLike: -0.827, nearContent: 0.502, roleVerb: -0.038, roleNone: 0.399, firstOfKind: -0.161, fronted: 0.018,
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
