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
  /** A regular English inflection of the word the stemmer does not join to it ("die" → died); 0 turns it off. */
  inflection: number;
  /** A number asked in words found in figures, or the reverse ("five" ↔ 5); 0 turns it off. */
  numberWord: number;
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
  /** Weight of the IDF-weighted share of the question's concepts the passage's document title names. */
  wTitle: number;
  /** Weight of the passage holding the question's most specific concept. */
  wRarest: number;
  /** Weight of the share of the question's names and numbers the passage holds. */
  wNames: number;
  /** Weight of the IDF-weighted share of the question's concepts found in the candidate paragraphs of the
   * passage's document (or its title). */
  wDocCoverage: number;
  /** Weight of a number standing right before the question's head word (see `countedScore`). */
  wCounted: number;
  /** Weight of the IDF-weighted share of the question's concepts the passage holds only as a word sharing a
   * long prefix (see `prefixScore`: « reconstruction » → « reconstruit »). */
  wPrefix: number;
  /** Shortest common prefix (letters) for {@link RankOptions.wPrefix}'s feature… */
  prefixMin: number;
  /** …and its shortest share of the shorter word. */
  prefixShare: number;
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
  weights: { coverage: 0.877, exact: 0.455, score: 3.318, margin: 0.859, absent: -2.283, absentName: -1.501, dateMatch: -0.8, typeEvidence: -0.801, length: 1.898 },
  bias: -6.473,
  high: 0.44,
  low: 0.132,
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
  inflection: 0.9,
  numberWord: 0.9,
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

/**
 * Default ranking options. The feature weights (`w…`) are fitted by `npm run fit:rank` on PIAF and XQuAD-en
 * together (article-level 5-fold cross-validation, the folds' weights averaged; see scripts/fit-rank.ts);
 * the confidence model (`DEFAULT_CONFIDENCE`) reads the scores they give and is refitted after them.
 */
export const DEFAULT_RANK: RankOptions = {
  candidates: 25,
  headFactor: 10,
  wCoverage: 0.45,
  wBm25: 0.236,
  wProximity: -0.011,
  wType: 0.17,
  wDate: 1.318,
  wParagraph: 0.011,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  paragraphPool: 5,
  titleBoost: 1,
  commonShare: 0.03,
  titleShare: 0.005,
  minCommonCount: 50,
  windowMix: 0.5,
  wExact: 0.832,
  windowSeeds: 10,
  paragraphExtra: 5,
  fuzzyWeight: 0.8,
  fuzzyForms: 3,
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyMaxLength: 30,
  wParaCoverage: 0.268,
  wParaBm25: 0.153,
  wOrder: 0.243,
  orderGap: 3,
  wFirst: 0.097,
  wDocument: 0.147,
  titleCoverage: 0.8,
  wWindow: 0.007,
  wTitle: 0.058,
  wRarest: 0.012,
  wNames: 0.056,
  wDocCoverage: 0.213,
  wCounted: 0.128,
  wPrefix: 0.866,
  prefixMin: 4,
  prefixShare: 0.6,
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
 * weights averaged); the thresholds allocated across groups by marginal precision on the held-out
 * predictions of every fold, under a precision target of 0.86 in each set (the README gives the nested
 * held-out figures).
 */
export const DEFAULT_HIGHLIGHT: HighlightOptions = {
  thresholds: { who: 0.671, when: 0.782, where: 0.845, howmuch: 0.625, which: 0.965, what: 0.694 },
  weights: {
    who: {
      bias: -1.328, kindDate: -0.787, kindAmount: -0.44, kindNumber: 0.348, kindName: 0.861, kindPhrase: -1.109,
      typeFit: 1.45, askedShare: -1.219, titleShare: -0.219, sentenceCoverage: -0.893, bestSentence: 1.472,
      near: 0.991, nearestOfKind: 0.035, onlyOfKind: -0.647, role: 0.404, roleBest: -0.084, timePrep: -0.2,
      placePrep: -0.501, afterAnchor: -0.177, subject: 0.766, headNear: -0.66, unitAfter: 0.912, apposition: 0.545,
      parenthesis: -1.622, quoted: 0.628, questionDate: -0.11, length: -0.009, startName: -2.518, density5: 0.37,
      density10: 1.547, leftAdjacent: -0.02, rightAdjacent: -0.016, copula: -0.368, nearestOverall: -0.682,
      newShare: 0.734, allNew: 0.238, personLike: 1.367, nameNear: 0.188, phraseNear: 0.628, nameNew: 0.739,
      phraseNew: 0.204, phraseDensity: -0.328, nameDensity: 0.679, clauseCoverage: 0.689, clauseBest: 0.312,
      yearLike: 0.509, nearContent: -0.072, roleVerb: 1.104, roleNone: -0.608, firstOfKind: -0.064, fronted: -1.89,
      determiner: -0.578, copulaAsked: 0.2, namedAs: -1.007, afterVerb: -0.081, headInside: 0,
      phraseDeterminer: 2.065, phraseCopula: 0.171, phraseAfterVerb: -0.081, sideAgree: -0.307, alignNear: 0.696
    },
    when: {
      bias: -0.522, kindDate: 0.94, kindAmount: 1.299, kindNumber: -0.741, kindName: -1.421, kindPhrase: 0,
      typeFit: 1.397, askedShare: 0.112, titleShare: -1.068, sentenceCoverage: 0.753, bestSentence: 1.804,
      near: 0.466, nearestOfKind: 0.604, onlyOfKind: -0.139, role: 0, roleBest: 0, timePrep: 0.726, placePrep: -0.624,
      afterAnchor: -0.455, subject: -0.633, headNear: 2.189, unitAfter: 0.172, apposition: -0.105,
      parenthesis: -1.855, quoted: -0.123, questionDate: -1.814, length: -0.705, startName: -1.665, density5: 0.195,
      density10: 1.346, leftAdjacent: -0.518, rightAdjacent: -1.476, copula: -0.393, nearestOverall: -0.548,
      newShare: 1.267, allNew: 0.011, personLike: 1.047, nameNear: -1.318, phraseNear: 0, nameNew: 1.064,
      phraseNew: 0, phraseDensity: 0, nameDensity: -0.727, clauseCoverage: 1.002, clauseBest: 0.442, yearLike: 1.941,
      nearContent: 1.4, roleVerb: 0, roleNone: 0, firstOfKind: -0.225, fronted: 1.193, determiner: 0.254,
      copulaAsked: -1.879, namedAs: 0.962, afterVerb: 0, headInside: 1.101, phraseDeterminer: 0, phraseCopula: 0,
      phraseAfterVerb: 0, sideAgree: -0.809, alignNear: 0.916
    },
    where: {
      bias: -0.75, kindDate: -0.538, kindAmount: -0.923, kindNumber: 1.054, kindName: 1.213, kindPhrase: -1.628,
      typeFit: 1.245, askedShare: 1.023, titleShare: -0.612, sentenceCoverage: 2.459, bestSentence: 0.23,
      near: -1.163, nearestOfKind: 0.067, onlyOfKind: 0.329, role: -0.108, roleBest: -0.078, timePrep: -0.372,
      placePrep: 0.924, afterAnchor: -0.341, subject: -1.686, headNear: -0.07, unitAfter: 0.191, apposition: -2.073,
      parenthesis: -1.552, quoted: -1.586, questionDate: -0.173, length: 0.017, startName: -0.841, density5: -0.715,
      density10: 0.716, leftAdjacent: 0.147, rightAdjacent: -0.207, copula: -0.236, nearestOverall: -0.572,
      newShare: 2.922, allNew: 0.019, personLike: -0.866, nameNear: -0.839, phraseNear: 0.149, nameNew: -0.485,
      phraseNew: 2.254, phraseDensity: -0.444, nameDensity: 0.215, clauseCoverage: 0.408, clauseBest: 1.093,
      yearLike: -0.016, nearContent: 2.392, roleVerb: -1.437, roleNone: 0.047, firstOfKind: 0.073, fronted: -0.403,
      determiner: -0.327, copulaAsked: -0.687, namedAs: -0.213, afterVerb: 0.806, headInside: -0.048,
      phraseDeterminer: 1.324, phraseCopula: -0.687, phraseAfterVerb: 0.744, sideAgree: -1.514, alignNear: 0.502
    },
    howmuch: {
      bias: -2.274, kindDate: -0.731, kindAmount: 0.584, kindNumber: 0.179, kindName: -1.617, kindPhrase: 0,
      typeFit: 0.8, askedShare: 0.957, titleShare: -2.699, sentenceCoverage: -1.264, bestSentence: 0.663, near: 0.142,
      nearestOfKind: -0.37, onlyOfKind: 0.997, role: 0, roleBest: 0, timePrep: -0.339, placePrep: 0.685,
      afterAnchor: 0.56, subject: 0.32, headNear: 1.175, unitAfter: 0.924, apposition: 0.629, parenthesis: -0.978,
      quoted: 1.24, questionDate: -1.766, length: 1.255, startName: 0.313, density5: 0.458, density10: 2.106,
      leftAdjacent: 0.394, rightAdjacent: -0.226, copula: 0.043, nearestOverall: -0.147, newShare: 0.23, allNew: 0,
      personLike: -1.231, nameNear: -0.982, phraseNear: 0, nameNew: -0.249, phraseNew: 0, phraseDensity: 0,
      nameDensity: -0.367, clauseCoverage: 0.175, clauseBest: 1.003, yearLike: -0.076, nearContent: 1.124,
      roleVerb: 0, roleNone: 0, firstOfKind: -0.092, fronted: -0.292, determiner: -0.592, copulaAsked: -0.77,
      namedAs: -0.056, afterVerb: 0, headInside: 2.794, phraseDeterminer: 0, phraseCopula: 0, phraseAfterVerb: 0,
      sideAgree: 0.053, alignNear: 0.658
    },
    which: {
      bias: -1.139, kindDate: -1.303, kindAmount: 0.037, kindNumber: 0.173, kindName: 0.738, kindPhrase: -0.997,
      typeFit: 1.771, askedShare: 0.026, titleShare: -0.591, sentenceCoverage: 0.704, bestSentence: 0.629, near: 1.08,
      nearestOfKind: 0.119, onlyOfKind: -1.074, role: -0.353, roleBest: 0.812, timePrep: -0.101, placePrep: 0.284,
      afterAnchor: 0.346, subject: 0.221, headNear: 1.25, unitAfter: -0.029, apposition: -0.094, parenthesis: -0.528,
      quoted: 0.306, questionDate: -0.871, length: 0.935, startName: -1.612, density5: 0.203, density10: 1.596,
      leftAdjacent: 0.088, rightAdjacent: -0.323, copula: 0.249, nearestOverall: 0.053, newShare: 1.044,
      allNew: -0.105, personLike: -0.108, nameNear: 0.073, phraseNear: 0.503, nameNew: 0.088, phraseNew: 1.882,
      phraseDensity: -0.978, nameDensity: -0.111, clauseCoverage: 0.747, clauseBest: 0.291, yearLike: 0.135,
      nearContent: 0.413, roleVerb: -0.006, roleNone: -0.685, firstOfKind: 0.283, fronted: -0.027, determiner: 0.478,
      copulaAsked: -0.005, namedAs: 1.608, afterVerb: 1.176, headInside: 1.956, phraseDeterminer: 0.275,
      phraseCopula: -1.021, phraseAfterVerb: -0.847, sideAgree: -0.437, alignNear: 0.962
    },
    what: {
      bias: 0.199, kindDate: -1.281, kindAmount: 0.99, kindNumber: 0.435, kindName: 0.393, kindPhrase: -0.355,
      typeFit: 2.213, askedShare: 0.353, titleShare: -0.104, sentenceCoverage: 0.791, bestSentence: 0.901,
      near: 1.089, nearestOfKind: -0.034, onlyOfKind: -0.342, role: 0.159, roleBest: 0.366, timePrep: 0.047,
      placePrep: -0.01, afterAnchor: 0.413, subject: -0.001, headNear: 0.828, unitAfter: 0.399, apposition: 0.999,
      parenthesis: -0.386, quoted: 0.452, questionDate: -0.256, length: 1.137, startName: -0.387, density5: 0.002,
      density10: 1.059, leftAdjacent: -0.09, rightAdjacent: -0.283, copula: -0.135, nearestOverall: -0.12,
      newShare: 1.262, allNew: 0.08, personLike: 0.291, nameNear: 1.244, phraseNear: 0.175, nameNew: 0.274,
      phraseNew: 0.81, phraseDensity: 0, nameDensity: 0.02, clauseCoverage: 0.788, clauseBest: 0.067,
      yearLike: -0.525, nearContent: 0.198, roleVerb: -0.084, roleNone: 0.042, firstOfKind: 0.11, fronted: -0.798,
      determiner: 0.105, copulaAsked: 0.477, namedAs: 2.226, afterVerb: 0.553, headInside: 0.816,
      phraseDeterminer: 0.564, phraseCopula: -0.847, phraseAfterVerb: 0.593, sideAgree: -0.697, alignNear: 0.378
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
