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
  weights: { coverage: 0.784, exact: 0.014, score: 3.047, margin: 0.652, absent: -2.281, absentName: -1.516, dateMatch: -0.887, typeEvidence: -0.894, length: 1.849 },
  bias: -6.692,
  high: 0.444,
  low: 0.129,
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
  wBm25: 0.401,
  wProximity: -0.01,
  wType: 0.219,
  wDate: 1.578,
  wParagraph: -0.016,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  paragraphPool: 5,
  titleBoost: 1,
  commonShare: 0.03,
  titleShare: 0.005,
  minCommonCount: 50,
  windowMix: 0.5,
  wExact: 1.087,
  windowSeeds: 10,
  paragraphExtra: 5,
  fuzzyWeight: 0.8,
  fuzzyForms: 3,
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyMaxLength: 30,
  wParaCoverage: 0.405,
  wParaBm25: 0.125,
  wOrder: 0.23,
  orderGap: 3,
  wFirst: 0.087,
  wDocument: 0.213,
  titleCoverage: 0.8,
  wWindow: -0.009,
  wTitle: 0.089,
  wRarest: 0.007,
  wNames: 0.109,
  wDocCoverage: 0.165,
  wCounted: 0.066,
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
  thresholds: { who: 0.687, when: 0.709, where: 0.738, howmuch: 0.686, which: 0.642, what: 0.754 },
  weights: {
    who: {
      bias: -1.277, kindDate: -0.787, kindAmount: -0.384, kindNumber: 0.407, kindName: 0.883, kindPhrase: -1.155,
      typeFit: 1.451, askedShare: 0.288, titleShare: -0.145, sentenceCoverage: -1.521, bestSentence: 1.565, near:
      1.195, nearestOfKind: 0.131, onlyOfKind: -0.867, role: 0.566, roleBest: -0.138, timePrep: -0.114, placePrep:
      -0.513, afterAnchor: 0.003, subject: 0.812, headNear: -0.585, unitAfter: 0.953, apposition: 0.509, parenthesis:
      -1.703, quoted: 0.477, questionDate: -0.087, length: -0.055, startName: -2.525, density5: 0.456, density10:
      1.543, leftAdjacent: -0.092, rightAdjacent: -0.023, copula: -0.069, nearestOverall: -0.958, newShare: 0.89,
      allNew: 0.396, personLike: 1.353, nameNear: 0.535, phraseNear: 0.358, nameNew: 1.138, phraseNew: -0.185,
      phraseDensity: -0.028, nameDensity: 0.576, clauseCoverage: 0.872, clauseBest: 0.214, yearLike: 0.494,
      nearContent: -0.134, roleVerb: 0.969, roleNone: -0.275, firstOfKind: -0.073, fronted: -1.815, determiner:
      -0.502, copulaAsked: -0.01, namedAs: -0.968, afterVerb: -0.08, headInside: 0, phraseDeterminer: 2.023,
      phraseCopula: 0.04, phraseAfterVerb: -0.08, sideAgree: -0.218, alignNear: 0.712
    },
    when: {
      bias: -0.362, kindDate: 0.947, kindAmount: 1.262, kindNumber: -0.687, kindName: -1.385, kindPhrase: 0, typeFit:
      1.37, askedShare: 0.258, titleShare: -1.09, sentenceCoverage: 0.676, bestSentence: 1.682, near: 0.416,
      nearestOfKind: 0.736, onlyOfKind: -0.132, role: 0, roleBest: 0, timePrep: 0.784, placePrep: -0.625, afterAnchor:
      -0.466, subject: -0.644, headNear: 2.143, unitAfter: 0.174, apposition: -0.133, parenthesis: -1.834, quoted:
      -0.087, questionDate: -1.948, length: -1.052, startName: -1.745, density5: 0.143, density10: 1.163,
      leftAdjacent: -0.527, rightAdjacent: -1.495, copula: -0.403, nearestOverall: -0.621, newShare: 1.386, allNew:
      0.002, personLike: 1.001, nameNear: -1.305, phraseNear: 0, nameNew: 0.951, phraseNew: 0, phraseDensity: 0,
      nameDensity: -0.655, clauseCoverage: 0.901, clauseBest: 0.488, yearLike: 1.892, nearContent: 1.458, roleVerb: 0,
      roleNone: 0, firstOfKind: -0.155, fronted: 1.129, determiner: 0.246, copulaAsked: -1.83, namedAs: 0.99,
      afterVerb: 0, headInside: 1.092, phraseDeterminer: 0, phraseCopula: 0, phraseAfterVerb: 0, sideAgree: -0.799,
      alignNear: 0.879
    },
    where: {
      bias: -1.848, kindDate: -2.146, kindAmount: -0.608, kindNumber: 1.339, kindName: 1.135, kindPhrase: -1.446,
      typeFit: 1.528, askedShare: -1.871, titleShare: -0.479, sentenceCoverage: 3.212, bestSentence: -0.654, near:
      -3.795, nearestOfKind: 0.286, onlyOfKind: -0.394, role: -1.272, roleBest: -0.377, timePrep: -0.062, placePrep:
      1.195, afterAnchor: -0.941, subject: -2.521, headNear: 0.253, unitAfter: 1.557, apposition: -1.526, parenthesis:
      -0.385, quoted: -1.7, questionDate: -0.149, length: 0.756, startName: -0.191, density5: 0.579, density10:
      -0.121, leftAdjacent: 0.692, rightAdjacent: 0.294, copula: 0.399, nearestOverall: -0.476, newShare: 2.225,
      allNew: 0.728, personLike: -0.942, nameNear: -0.801, phraseNear: -0.191, nameNew: -0.635, phraseNew: 2.261,
      phraseDensity: 1.827, nameDensity: 1.363, clauseCoverage: -3.506, clauseBest: 2.75, yearLike: -0.017,
      nearContent: 2.089, roleVerb: -1.272, roleNone: 0.922, firstOfKind: 1.075, fronted: -1.784, determiner: -1.204,
      copulaAsked: -1.087, namedAs: -0.027, afterVerb: 1.015, headInside: -0.037, phraseDeterminer: 1.319,
      phraseCopula: -1.087, phraseAfterVerb: -1.116, sideAgree: -2.498, alignNear: 1.146
    },
    howmuch: {
      bias: -2.227, kindDate: -0.869, kindAmount: 0.719, kindNumber: 0.152, kindName: -1.647, kindPhrase: 0, typeFit:
      0.768, askedShare: 0.65, titleShare: -2.706, sentenceCoverage: -1.197, bestSentence: 0.544, near: -0.108,
      nearestOfKind: -0.214, onlyOfKind: 0.936, role: 0, roleBest: 0, timePrep: -0.286, placePrep: 0.815, afterAnchor:
      0.663, subject: 0.199, headNear: 1.044, unitAfter: 0.852, apposition: 0.623, parenthesis: -1.249, quoted: 1.275,
      questionDate: -1.758, length: 0.824, startName: 0.532, density5: 0.747, density10: 1.927, leftAdjacent: 0.514,
      rightAdjacent: -0.122, copula: 0.066, nearestOverall: 0.123, newShare: 0.221, allNew: 0, personLike: -1.156,
      nameNear: -1.046, phraseNear: 0, nameNew: -0.159, phraseNew: 0, phraseDensity: 0, nameDensity: -0.353,
      clauseCoverage: 0.414, clauseBest: 0.857, yearLike: -0.075, nearContent: 0.76, roleVerb: 0, roleNone: 0,
      firstOfKind: -0.039, fronted: -0.264, determiner: -0.382, copulaAsked: -0.866, namedAs: -0.07, afterVerb: 0,
      headInside: 2.383, phraseDeterminer: 0, phraseCopula: 0, phraseAfterVerb: 0, sideAgree: 0.049, alignNear: 0.865
    },
    which: {
      bias: -1.468, kindDate: -1.124, kindAmount: 0.008, kindNumber: 0.18, kindName: 0.487, kindPhrase: -1.04,
      typeFit: 1.736, askedShare: 0.106, titleShare: -0.653, sentenceCoverage: 0.184, bestSentence: 0.663, near:
      1.146, nearestOfKind: 0.044, onlyOfKind: -1.225, role: -0.189, roleBest: 0.91, timePrep: -0.16, placePrep:
      0.284, afterAnchor: 0.299, subject: 0.164, headNear: 1.189, unitAfter: -0.046, apposition: -0.071, parenthesis:
      -0.534, quoted: 0.263, questionDate: -0.934, length: 1.375, startName: -1.695, density5: 0.514, density10:
      1.446, leftAdjacent: 0.02, rightAdjacent: -0.207, copula: 0.178, nearestOverall: -0.082, newShare: 0.884,
      allNew: 0.081, personLike: -0.191, nameNear: 0.725, phraseNear: -0.604, nameNew: 0.173, phraseNew: 1.76,
      phraseDensity: -0.774, nameDensity: -0.301, clauseCoverage: 0.739, clauseBest: 0.291, yearLike: 0.143,
      nearContent: 0.387, roleVerb: -0.291, roleNone: -0.818, firstOfKind: 0.396, fronted: 0.01, determiner: 0.591,
      copulaAsked: 0.148, namedAs: 1.638, afterVerb: 1.125, headInside: 1.531, phraseDeterminer: 0.262, phraseCopula:
      -0.739, phraseAfterVerb: -0.799, sideAgree: -0.465, alignNear: 0.772
    },
    what: {
      bias: -1.099, kindDate: -1.511, kindAmount: 0.709, kindNumber: 0.439, kindName: 0.114, kindPhrase: -0.888,
      typeFit: 2.306, askedShare: -0.319, titleShare: -0.081, sentenceCoverage: -0.228, bestSentence: 1.22, near:
      0.781, nearestOfKind: 0.146, onlyOfKind: -0.615, role: 0.1, roleBest: 0.29, timePrep: 0.091, placePrep: 0.036,
      afterAnchor: 0.309, subject: -0.027, headNear: 0.807, unitAfter: 0.317, apposition: 1.156, parenthesis: -0.248,
      quoted: 0.532, questionDate: -0.29, length: 1.186, startName: -0.347, density5: -0.026, density10: 1.052,
      leftAdjacent: -0.213, rightAdjacent: -0.144, copula: -0.003, nearestOverall: -0.128, newShare: 1.46, allNew:
      -0.065, personLike: 0.193, nameNear: 1.179, phraseNear: -0.21, nameNew: 0.191, phraseNew: 0.796, phraseDensity:
      -0.054, nameDensity: -0.174, clauseCoverage: 0.802, clauseBest: 0.139, yearLike: -0.701, nearContent: 0.327,
      roleVerb: 0.06, roleNone: 0.352, firstOfKind: -0.011, fronted: -0.553, determiner: 0.036, copulaAsked: 0.312,
      namedAs: 2.002, afterVerb: 0.562, headInside: 0.944, phraseDeterminer: 0.869, phraseCopula: -0.943,
      phraseAfterVerb: 0.785, sideAgree: -0.751, alignNear: 0.14
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
