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
import type { AnswerTypeTable } from './answer-types.js';

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
  /** The answer-type table of the type features (answer-types.ts; default: the shipped
   * `data/answer-types.json`). */
  answerTypes?: AnswerTypeTable;
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
  thresholds: { who: 0.661, when: 0.699, where: 0.813, howmuch: 0.68, which: 0.932, what: 0.745 },
  weights: {
    who: {
      bias: -1.629, kindDate: -0.762, kindAmount: -0.439, kindNumber: 0.31, kindName: 0.888, kindPhrase: -1.195,
      typeFit: 1.468, askedShare: -1.193, titleShare: -0.165, sentenceCoverage: -0.483, bestSentence: 1.266,
      near: 0.734, nearestOfKind: 0.065, onlyOfKind: -0.638, role: 0.448, roleBest: -0.111, timePrep: -0.337,
      placePrep: -0.532, afterAnchor: -0.127, subject: 0.687, headNear: -0.655, unitAfter: 0.885, apposition: 0.568,
      parenthesis: -1.653, quoted: 0.536, questionDate: -0.111, length: -0.036, startName: -2.486, density5: 0.273,
      density10: 1.609, leftAdjacent: -0.116, rightAdjacent: -0.053, copula: -0.025, nearestOverall: -0.835,
      newShare: 0.648, allNew: 0.232, personLike: 1.369, nameNear: 0.027, phraseNear: 0.68, nameNew: 0.687,
      phraseNew: 0.166, phraseDensity: -0.185, nameDensity: 0.508, clauseCoverage: 0.847, clauseBest: 0.172,
      yearLike: 0.529, nearContent: -0.027, roleVerb: 0.952, roleNone: -0.504, firstOfKind: -0.012, fronted: -1.791,
      determiner: -0.698, copulaAsked: 0.129, namedAs: -0.952, afterVerb: -0.086, headInside: 0,
      phraseDeterminer: 2.148, phraseCopula: -0.052, phraseAfterVerb: -0.086, sideAgree: -0.338, alignNear: 0.712,
      whNear: 1.483, whNearPhrase: -0.442
    },
    when: {
      bias: -0.288, kindDate: 0.937, kindAmount: 1.279, kindNumber: -0.523, kindName: -1.33, kindPhrase: 0,
      typeFit: 1.325, askedShare: 0.045, titleShare: -1.064, sentenceCoverage: 0.728, bestSentence: 1.622,
      near: 0.264, nearestOfKind: 0.635, onlyOfKind: -0.129, role: 0, roleBest: 0, timePrep: 0.865, placePrep: -0.448,
      afterAnchor: -0.788, subject: -1.052, headNear: 1.942, unitAfter: 0.228, apposition: 0.2, parenthesis: -1.664,
      quoted: 0.287, questionDate: -1.54, length: -0.84, startName: -1.371, density5: -0.14, density10: 1.127,
      leftAdjacent: -0.16, rightAdjacent: -1.57, copula: -0.467, nearestOverall: -0.734, newShare: 1.922,
      allNew: -0.004, personLike: 0.969, nameNear: -1.192, phraseNear: 0, nameNew: 1.104, phraseNew: 0,
      phraseDensity: 0, nameDensity: -0.447, clauseCoverage: 0.993, clauseBest: 0.282, yearLike: 1.767,
      nearContent: 1.255, roleVerb: 0, roleNone: 0, firstOfKind: -0.219, fronted: 0.979, determiner: 0.28,
      copulaAsked: -1.72, namedAs: 1.083, afterVerb: 0, headInside: 0.97, phraseDeterminer: 0, phraseCopula: 0,
      phraseAfterVerb: 0, sideAgree: -1.044, alignNear: 0.651, whNear: 2.174, whNearPhrase: 0
    },
    where: {
      bias: -0.606, kindDate: -0.8, kindAmount: -0.85, kindNumber: 1.162, kindName: 1.167, kindPhrase: -1.404,
      typeFit: 1.238, askedShare: 1.073, titleShare: -0.569, sentenceCoverage: 1.902, bestSentence: 0.492,
      near: -0.887, nearestOfKind: -0.094, onlyOfKind: 0.335, role: 0.313, roleBest: -0.343, timePrep: -0.199,
      placePrep: 1.002, afterAnchor: -0.279, subject: -1.605, headNear: -0.089, unitAfter: 0.126, apposition: -2.092,
      parenthesis: -1.5, quoted: -1.695, questionDate: -0.162, length: -0.124, startName: -0.942, density5: -0.489,
      density10: 0.574, leftAdjacent: 0.144, rightAdjacent: -0.144, copula: -0.219, nearestOverall: -0.43,
      newShare: 2.297, allNew: 0.08, personLike: -0.774, nameNear: -0.792, phraseNear: 0.239, nameNew: -0.758,
      phraseNew: 1.963, phraseDensity: -0.227, nameDensity: 0.219, clauseCoverage: 0.565, clauseBest: 0.948,
      yearLike: -0.016, nearContent: 2.227, roleVerb: -1.803, roleNone: 0.045, firstOfKind: 0.2, fronted: -0.399,
      determiner: -0.199, copulaAsked: -0.631, namedAs: -0.212, afterVerb: 0.862, headInside: -0.123,
      phraseDeterminer: 1.227, phraseCopula: -0.631, phraseAfterVerb: 0.707, sideAgree: -1.57, alignNear: 0.512,
      whNear: 0.2, whNearPhrase: -1.298
    },
    howmuch: {
      bias: -2.51, kindDate: -0.617, kindAmount: 0.563, kindNumber: 0.095, kindName: -1.64, kindPhrase: 0,
      typeFit: 0.876, askedShare: 0.91, titleShare: -2.615, sentenceCoverage: -0.995, bestSentence: 0.706,
      near: -0.242, nearestOfKind: -0.435, onlyOfKind: 1.104, role: 0, roleBest: 0, timePrep: -0.272, placePrep: 0.66,
      afterAnchor: 0.746, subject: 0.432, headNear: 0.882, unitAfter: 0.886, apposition: 0.671, parenthesis: -1.053,
      quoted: 1.351, questionDate: -1.728, length: 0.78, startName: 0.328, density5: 0.298, density10: 2.058,
      leftAdjacent: 0.174, rightAdjacent: -0.34, copula: -0.145, nearestOverall: -0.045, newShare: 0.52, allNew: 0,
      personLike: -1.235, nameNear: -0.889, phraseNear: 0, nameNew: -0.308, phraseNew: 0, phraseDensity: 0,
      nameDensity: -0.292, clauseCoverage: 0.259, clauseBest: 0.988, yearLike: -0.031, nearContent: 1.004,
      roleVerb: 0, roleNone: 0, firstOfKind: 0.042, fronted: -0.445, determiner: -0.586, copulaAsked: -0.78,
      namedAs: -0.072, afterVerb: 0, headInside: 2.696, phraseDeterminer: 0, phraseCopula: 0, phraseAfterVerb: 0,
      sideAgree: 0.118, alignNear: 0.614, whNear: 1.648, whNearPhrase: 0
    },
    which: {
      bias: -1.113, kindDate: -1.323, kindAmount: -0.002, kindNumber: 0.34, kindName: 0.724, kindPhrase: -0.989,
      typeFit: 1.772, askedShare: 0.033, titleShare: -0.56, sentenceCoverage: 1.009, bestSentence: 0.596, near: 0.406,
      nearestOfKind: 0.064, onlyOfKind: -0.867, role: -0.342, roleBest: 0.773, timePrep: -0.097, placePrep: 0.232,
      afterAnchor: 0.247, subject: 0.27, headNear: 0.912, unitAfter: -0.376, apposition: -0.044, parenthesis: -0.507,
      quoted: 0.321, questionDate: -0.844, length: 1.059, startName: -1.629, density5: 0.08, density10: 1.6,
      leftAdjacent: 0.092, rightAdjacent: -0.427, copula: 0.238, nearestOverall: 0.097, newShare: 0.835,
      allNew: -0.053, personLike: -0.086, nameNear: -0.026, phraseNear: 0.224, nameNew: 0.038, phraseNew: 1.723,
      phraseDensity: -0.948, nameDensity: -0.122, clauseCoverage: 0.778, clauseBest: 0.24, yearLike: 0.115,
      nearContent: 0.342, roleVerb: 0.031, roleNone: -0.712, firstOfKind: 0.227, fronted: -0.043, determiner: 0.527,
      copulaAsked: -0.023, namedAs: 1.494, afterVerb: 1.165, headInside: 1.831, phraseDeterminer: 0.215,
      phraseCopula: -1.01, phraseAfterVerb: -0.779, sideAgree: -0.489, alignNear: 0.731, whNear: 2.098,
      whNearPhrase: 0.299
    },
    what: {
      bias: 0.174, kindDate: -1.279, kindAmount: 0.93, kindNumber: 0.528, kindName: 0.433, kindPhrase: -0.451,
      typeFit: 2.191, askedShare: 0.016, titleShare: -0.055, sentenceCoverage: 0.928, bestSentence: 0.899,
      near: 0.498, nearestOfKind: -0.035, onlyOfKind: -0.517, role: 0.064, roleBest: 0.462, timePrep: 0.05,
      placePrep: -0.008, afterAnchor: 0.402, subject: 0.07, headNear: 0.579, unitAfter: 0.49, apposition: 1,
      parenthesis: -0.396, quoted: 0.468, questionDate: -0.263, length: 1.226, startName: -0.442, density5: -0.16,
      density10: 0.97, leftAdjacent: -0.136, rightAdjacent: -0.306, copula: -0.147, nearestOverall: -0.147,
      newShare: 1.175, allNew: 0.201, personLike: 0.222, nameNear: 0.837, phraseNear: 0.231, nameNew: 0.132,
      phraseNew: 0.738, phraseDensity: 0.147, nameDensity: 0.187, clauseCoverage: 0.779, clauseBest: 0.089,
      yearLike: -0.537, nearContent: 0.134, roleVerb: 0, roleNone: 0.042, firstOfKind: 0.081, fronted: -0.902,
      determiner: 0.156, copulaAsked: 0.535, namedAs: 2.217, afterVerb: 0.555, headInside: 0.876,
      phraseDeterminer: 0.496, phraseCopula: -0.825, phraseAfterVerb: 0.597, sideAgree: -0.764, alignNear: 0.33,
      whNear: 1.945, whNearPhrase: -0.193
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
