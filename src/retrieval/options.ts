/**
 * Every tunable number of answering, in one tree with its defaults: question analysis, ranking, the
 * choice of passages (and abstention), highlighting and the timeline filter. The engine merges the options
 * it is given over {@link DEFAULT_OPTIONS} once ({@link mergeOptions}, nested objects merged key by key as
 * minisearch merges its `searchOptions`) and passes each step its branch.
 *
 * The weights were fitted with `npm run eval` (bundled article, PIAF, XQuAD); change them with
 * article-level cross-validation, never on the set the figures are reported on.
 */
import type { HighlightGroup, HighlightWeights, SpanKind } from './highlight.js';
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

/**
 * Weights of the passage quoted first among the candidates of the best paragraph (`choosePassage` in rank.ts),
 * one per feature that differs between the sentences and windows of a paragraph (the paragraph's and document's
 * own features are the same for all of them). Fitted by `npm run fit:rank` on the right paragraphs' candidates,
 * the target those holding the answer; all 0 turns the choice off (the best-scoring candidate is quoted).
 */
export interface ChoiceWeights {
  coverage: number;
  bm25: number;
  proximity: number;
  typeEvidence: number;
  dateMatch: number;
  exact: number;
  order: number;
  first: number;
  window: number;
  rarest: number;
  names: number;
  counted: number;
  prefix: number;
  offTitle: number;
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
  /** Weight of the IDF-weighted share of the question's concepts the document's title does not name that the
   * passage holds (see `offTitleScore`). 0 turns it off. */
  wOffTitle: number;
  /** Which candidate of the best paragraph is quoted first: see {@link ChoiceWeights}. */
  choice: ChoiceWeights;
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
  /** Per question group: the best candidate span is shown when its worth (the probability, against the others
   * and "no span", of the candidates it holds) reaches this (above 1: never); or per kind of the span shown
   * (`{ name: 0.73, phrase: 0.69 }`: a kind left out is never shown). */
  thresholds: Record<HighlightGroup, number | Partial<Record<SpanKind, number>>>;
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
  weights: { coverage: 0.263, exact: -0.014, score: 2.699, margin: 0.649, absent: -2.2, absentName: -1.477, dateMatch: -1.076, typeEvidence: -1.033, length: 1.802 },
  bias: -6.203,
  high: 0.439,
  low: 0.125,
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
 * Default ranking options. The feature weights (`w…`) and the choice of the passage quoted first (`choice`) are
 * fitted by `npm run fit:rank` on PIAF and XQuAD-en together (article-level 5-fold cross-validation, every fold
 * started from zero, the folds' weights averaged; session 7, with `offTitle` on; see scripts/fit-rank.ts); the
 * confidence model (`DEFAULT_CONFIDENCE`) reads the scores they give and is refitted after them.
 */
export const DEFAULT_RANK: RankOptions = {
  candidates: 25,
  headFactor: 10,
  wCoverage: 0.45,
  wBm25: 0.071,
  wProximity: 0.049,
  wType: 0.29,
  wDate: 1.756,
  wParagraph: 0.035,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  paragraphPool: 5,
  titleBoost: 1,
  commonShare: 0.03,
  titleShare: 0.005,
  minCommonCount: 50,
  windowMix: 0.5,
  wExact: 1.045,
  windowSeeds: 10,
  paragraphExtra: 5,
  fuzzyWeight: 0.8,
  fuzzyForms: 3,
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyMaxLength: 30,
  wParaCoverage: 0.285,
  wParaBm25: 0.293,
  wOrder: 0.351,
  orderGap: 3,
  wFirst: 0.127,
  wDocument: 0.179,
  titleCoverage: 0.8,
  wWindow: -0.016,
  wTitle: 0.726,
  wRarest: 0.026,
  wNames: 0.143,
  wDocCoverage: 0.2,
  wCounted: 0.145,
  wPrefix: 1.205,
  prefixMin: 4,
  prefixShare: 0.6,
  wOffTitle: 0.483,
  choice: { coverage: 0.45, bm25: 1.216, proximity: -0.167, typeEvidence: 1.484, dateMatch: 1.461, exact: 1.203, order: 0.751, first: 0.121, window: 0.331, rarest: -0.199, names: -0.213, counted: 0.456, prefix: 1.389, offTitle: 1.42 },
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
 * Default highlighting options: weights fitted by `npm run fit:highlight -- … --platt` (softmax over each right
 * first passage's candidates and "no span", article-level 5-fold cross-validation on PIAF and XQuAD, the folds'
 * weights averaged); the thresholds from the held-out predictions of every fold calibrated per group (Platt
 * scaling) and cut at one calibrated probability, the lowest keeping a precision of 0.86 in each set (the
 * README gives the nested held-out figures). The *who* weights are session 6's: refitted on session 7's
 * ranking they made « Dieu » and « Truth Social » the most probable spans of two bundled who-questions. The
 * type features (`typeShape`, `typePrev`, `typeHead`) read the answer-type table `data/answer-types.json`,
 * counted by the same run on all the data (`--write-types`; in the folds, on the training folds only).
 */
export const DEFAULT_HIGHLIGHT: HighlightOptions = {
  thresholds: { who: 0.689, when: 0.721, where: 0.786, howmuch: 0.704, which: 0.725, what: 0.732 },
  weights: {
    who: {
      bias: -1.509, kindDate: -0.323, kindAmount: -0.547, kindNumber: 0.336, kindName: 0.508, kindPhrase: -0.867,
      typeFit: 1.293, askedShare: -1.008, titleShare: -0.196, sentenceCoverage: -0.432, bestSentence: 1.281,
      near: 0.816, nearestOfKind: -0.035, onlyOfKind: -0.496, role: 0.548, roleBest: -0.193, timePrep: -0.418,
      placePrep: -0.364, afterAnchor: -0.16, subject: 0.591, headNear: -0.633, unitAfter: 0.897, apposition: 0.473,
      parenthesis: -1.283, quoted: 0.901, questionDate: -0.094, length: -0.047, startName: -2.07, density5: 0.287,
      density10: 1.612, leftAdjacent: -0.051, rightAdjacent: 0.017, copula: 0.107, nearestOverall: -0.72,
      newShare: 0.555, allNew: 0.235, personLike: 1.045, nameNear: 0.138, phraseNear: 0.556, nameNew: 0.715,
      phraseNew: 0.06, phraseDensity: -0.264, nameDensity: 0.403, clauseCoverage: 1.043, clauseBest: 0.103,
      yearLike: 0.517, nearContent: -0.025, roleVerb: 0.799, roleNone: -0.395, firstOfKind: -0.052, fronted: -1.907,
      determiner: -0.327, copulaAsked: 0.108, namedAs: -1.261, afterVerb: -0.083, headInside: 0,
      phraseDeterminer: 1.71, phraseCopula: -0.152, phraseAfterVerb: -0.083, sideAgree: -0.277, alignNear: 0.647,
      whNear: 1.399, whNearPhrase: -0.505, typeShape: 0.358, typePrev: 0.472, typeHead: -0.005
    },
    when: {
      bias: 0.118, kindDate: 0.323, kindAmount: 0.274, kindNumber: -0.573, kindName: -0.229, kindPhrase: 0,
      typeFit: 0.553, askedShare: -0.152, titleShare: -1.126, sentenceCoverage: 0.562, bestSentence: 1.885,
      near: 0.32, nearestOfKind: 0.562, onlyOfKind: -0.131, role: 0, roleBest: 0, timePrep: 0.284, placePrep: -0.598,
      afterAnchor: -0.721, subject: -0.029, headNear: 2.578, unitAfter: -0.03, apposition: 0.144, parenthesis: -1.702,
      quoted: 0.419, questionDate: -1.622, length: -0.905, startName: -1.154, density5: 0.014, density10: 1.32,
      leftAdjacent: -0.109, rightAdjacent: -1.155, copula: -0.198, nearestOverall: -0.891, newShare: 1.359,
      allNew: -0.006, personLike: 0.466, nameNear: -1.071, phraseNear: 0, nameNew: 1.155, phraseNew: 0,
      phraseDensity: 0, nameDensity: -0.629, clauseCoverage: 0.851, clauseBest: 0.497, yearLike: 1.426,
      nearContent: 1.172, roleVerb: 0, roleNone: 0, firstOfKind: -0.249, fronted: 1.042, determiner: 0.472,
      copulaAsked: -1.44, namedAs: 0.851, afterVerb: 0, headInside: 1.007, phraseDeterminer: 0, phraseCopula: 0,
      phraseAfterVerb: 0, sideAgree: -0.803, alignNear: 0.426, whNear: 1.532, whNearPhrase: 0, typeShape: 0.619,
      typePrev: 0.365, typeHead: 0.39, kindClause: 0, clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0,
      clauseNear: 0, clauseInBest: 0, clauseWhNear: 0
    },
    where: {
      bias: -0.755, kindDate: -1.408, kindAmount: -0.374, kindNumber: 2.121, kindName: 1.431, kindPhrase: -1.814,
      typeFit: 1.474, askedShare: 0.627, titleShare: -0.482, sentenceCoverage: 2.044, bestSentence: 0.17,
      near: -0.714, nearestOfKind: -0.169, onlyOfKind: -0.28, role: 0.174, roleBest: 0.002, timePrep: -0.207,
      placePrep: 0.603, afterAnchor: -0.35, subject: -1.594, headNear: -0.276, unitAfter: 0.305, apposition: -1.912,
      parenthesis: -1.155, quoted: -1.297, questionDate: -0.045, length: 0.469, startName: -0.65, density5: -0.631,
      density10: 0.284, leftAdjacent: 0.136, rightAdjacent: -0.11, copula: 0.335, nearestOverall: -0.234,
      newShare: 2.962, allNew: 0.021, personLike: -0.825, nameNear: -1.008, phraseNear: -0.089, nameNew: -0.575,
      phraseNew: 2.09, phraseDensity: 0.111, nameDensity: 0.603, clauseCoverage: 0.263, clauseBest: 1.165,
      yearLike: -0.022, nearContent: 2.54, roleVerb: -1.072, roleNone: 0.053, firstOfKind: -0.031, fronted: 0.152,
      determiner: -0.257, copulaAsked: -0.426, namedAs: -0.237, afterVerb: 1.099, headInside: -0.027,
      phraseDeterminer: 1.71, phraseCopula: -0.683, phraseAfterVerb: -0.36, sideAgree: -1.541, alignNear: 0.58,
      whNear: -0.412, whNearPhrase: -1.982, typeShape: -0.007, typePrev: 0.536, typeHead: -0.198, kindClause: -0.104,
      clauseTail: 1.212, clauseLead: -0.888, clauseGap: -1.193, clauseWhole: 0.551, clauseNear: 1.321,
      clauseInBest: -0.104, clauseWhNear: 0.839
    },
    howmuch: {
      bias: -2.31, kindDate: -0.948, kindAmount: 0.353, kindNumber: -0.127, kindName: -1.113, kindPhrase: 0,
      typeFit: 0.769, askedShare: 0.959, titleShare: -2.96, sentenceCoverage: -1.144, bestSentence: 0.592,
      near: -0.202, nearestOfKind: -0.388, onlyOfKind: 1.305, role: 0, roleBest: 0, timePrep: 0.079, placePrep: 0.691,
      afterAnchor: 0.743, subject: 0.846, headNear: 0.918, unitAfter: 0.742, apposition: 0.67, parenthesis: -0.843,
      quoted: 1.425, questionDate: -1.356, length: 0.319, startName: 0.505, density5: 0.109, density10: 2.235,
      leftAdjacent: 0.239, rightAdjacent: -0.278, copula: 0.063, nearestOverall: 0.01, newShare: 0.428, allNew: 0,
      personLike: -1.112, nameNear: -0.811, phraseNear: 0, nameNew: -0.176, phraseNew: 0, phraseDensity: 0,
      nameDensity: -0.319, clauseCoverage: 0.415, clauseBest: 0.902, yearLike: 0.082, nearContent: 1.059, roleVerb: 0,
      roleNone: 0, firstOfKind: -0.044, fronted: -1.311, determiner: -0.371, copulaAsked: -0.784, namedAs: -0.047,
      afterVerb: 0, headInside: 2.85, phraseDeterminer: 0, phraseCopula: 0, phraseAfterVerb: 0, sideAgree: 0.207,
      alignNear: 0.671, whNear: 1.655, whNearPhrase: 0, typeShape: 0.206, typePrev: 0.447, typeHead: 0.22,
      kindClause: 0, clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0, clauseNear: 0, clauseInBest: 0,
      clauseWhNear: 0
    },
    which: {
      bias: -1.225, kindDate: -0.843, kindAmount: 0.018, kindNumber: 0.113, kindName: 0.461, kindPhrase: -0.667,
      typeFit: 1.76, askedShare: 0.035, titleShare: -0.697, sentenceCoverage: 1.273, bestSentence: 0.194, near: 0.062,
      nearestOfKind: 0.115, onlyOfKind: -0.605, role: -0.231, roleBest: 0.585, timePrep: -0.107, placePrep: 0.306,
      afterAnchor: 0.29, subject: 0.368, headNear: 0.815, unitAfter: 0.213, apposition: 0.211, parenthesis: -0.536,
      quoted: 0.571, questionDate: -0.656, length: 0.563, startName: -1.232, density5: -0.362, density10: 1.589,
      leftAdjacent: 0.143, rightAdjacent: -0.301, copula: 0.222, nearestOverall: 0.211, newShare: 0.635,
      allNew: 0.105, personLike: -0.047, nameNear: 0.053, phraseNear: -0.367, nameNew: 0.652, phraseNew: 1.621,
      phraseDensity: 0.067, nameDensity: 0.142, clauseCoverage: 0.615, clauseBest: 0.256, yearLike: 0.118,
      nearContent: 0.502, roleVerb: 0.124, roleNone: 0.186, firstOfKind: 0.185, fronted: 0.358, determiner: 0.486,
      copulaAsked: -0.309, namedAs: 1.403, afterVerb: 1.089, headInside: 1.772, phraseDeterminer: 0.315,
      phraseCopula: -0.277, phraseAfterVerb: -0.636, sideAgree: -0.506, alignNear: 0.804, whNear: 2.178,
      whNearPhrase: 0.054, typeShape: 0.415, typePrev: 0.305, typeHead: 0.036, kindClause: -0.215, clauseTail: -0.032,
      clauseLead: 0.06, clauseGap: -0.297, clauseWhole: 0.03, clauseNear: -0.08, clauseInBest: -0.215,
      clauseWhNear: 0.022
    },
    what: {
      bias: 0.415, kindDate: -0.74, kindAmount: 0.869, kindNumber: 0.404, kindName: 0.476, kindPhrase: -0.326,
      typeFit: 2.192, askedShare: -0.077, titleShare: 0.04, sentenceCoverage: 0.818, bestSentence: 0.65, near: -0.002,
      nearestOfKind: -0.074, onlyOfKind: -0.561, role: 0.459, roleBest: 0.196, timePrep: 0.045, placePrep: -0.018,
      afterAnchor: 0.365, subject: 0, headNear: 0.498, unitAfter: 0.55, apposition: 1.06, parenthesis: -0.454,
      quoted: 0.711, questionDate: -0.129, length: 0.696, startName: 0.101, density5: -0.151, density10: 0.949,
      leftAdjacent: 0.009, rightAdjacent: -0.206, copula: -0.054, nearestOverall: 0.034, newShare: 1.123,
      allNew: 0.242, personLike: 0.24, nameNear: 0.546, phraseNear: -0.392, nameNew: 0.157, phraseNew: 0.727,
      phraseDensity: 0.262, nameDensity: 0.128, clauseCoverage: 0.672, clauseBest: 0.071, yearLike: -0.386,
      nearContent: 0.576, roleVerb: -0.379, roleNone: 0.025, firstOfKind: 0.054, fronted: -0.612, determiner: 0.324,
      copulaAsked: 0.326, namedAs: 2.206, afterVerb: 1.089, headInside: 1.038, phraseDeterminer: 0.317,
      phraseCopula: -0.494, phraseAfterVerb: 0.043, sideAgree: -0.578, alignNear: 0.141, whNear: 1.693,
      whNearPhrase: 0.278, typeShape: 0.43, typePrev: 0.331, typeHead: 0.107, kindClause: -0.189, clauseTail: 0.149,
      clauseLead: -0.083, clauseGap: -0.528, clauseWhole: 0.238, clauseNear: 0.732, clauseInBest: -0.189,
      clauseWhNear: -0.47
    }
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
