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
 * Default highlighting options: weights fitted by `npm run fit:highlight` (softmax over each right first
 * passage's candidates and "no span", article-level 5-fold cross-validation on PIAF and XQuAD, the folds'
 * weights averaged); the thresholds allocated across groups by marginal precision on the held-out
 * predictions of every fold, under a precision target of 0.86 in each set (the README gives the nested
 * held-out figures). The type features (`typeShape`, `typePrev`, `typeHead`) read the answer-type table
 * `data/answer-types.json`, counted by the same run on all the data (`--write-types`; in the folds, on the
 * training folds only).
 */
export const DEFAULT_HIGHLIGHT: HighlightOptions = {
  thresholds: { who: 0.626, when: 0.72, where: 0.811, howmuch: 0.641, which: 0.894, what: 0.861 },
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
      whNear: 1.399, whNearPhrase: -0.505, typeShape: 0.358, typePrev: 0.472, typeHead: -0.005, kindClause: 0,
      clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0, clauseNear: 0, clauseInBest: 0, clauseWhNear: 0
    },
    when: {
      bias: 0.173, kindDate: 0.368, kindAmount: 0.108, kindNumber: -0.693, kindName: -0.158, kindPhrase: 0,
      typeFit: 0.566, askedShare: -0.127, titleShare: -1.03, sentenceCoverage: 0.596, bestSentence: 1.796,
      near: 0.166, nearestOfKind: 0.616, onlyOfKind: 0.171, role: 0, roleBest: 0, timePrep: 0.569, placePrep: -0.602,
      afterAnchor: -0.798, subject: -0.192, headNear: 2.066, unitAfter: 0.278, apposition: 0.341, parenthesis: -1.656,
      quoted: 0.318, questionDate: -1.57, length: -0.62, startName: -1.04, density5: -0.201, density10: 1.232,
      leftAdjacent: -0.12, rightAdjacent: -1.465, copula: -0.196, nearestOverall: -0.802, newShare: 1.566,
      allNew: -0.032, personLike: 0.458, nameNear: -1.261, phraseNear: 0, nameNew: 1.336, phraseNew: 0,
      phraseDensity: 0, nameDensity: -0.51, clauseCoverage: 1.024, clauseBest: 0.323, yearLike: 1.464,
      nearContent: 1.201, roleVerb: 0, roleNone: 0, firstOfKind: -0.263, fronted: 0.958, determiner: 0.35,
      copulaAsked: -1.464, namedAs: 0.976, afterVerb: 0, headInside: 1.003, phraseDeterminer: 0, phraseCopula: 0,
      phraseAfterVerb: 0, sideAgree: -0.952, alignNear: 0.538, whNear: 2.132, whNearPhrase: 0, typeShape: 0.69,
      typePrev: 0.262, typeHead: 0.36, kindClause: 0, clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0,
      clauseNear: 0, clauseInBest: 0, clauseWhNear: 0
    },
    where: {
      bias: -0.859, kindDate: -1.334, kindAmount: -0.333, kindNumber: 2.178, kindName: 1.347, kindPhrase: -1.541,
      typeFit: 1.565, askedShare: 0.724, titleShare: -0.432, sentenceCoverage: 2.132, bestSentence: 0.123,
      near: -0.52, nearestOfKind: -0.122, onlyOfKind: 0.075, role: 0.584, roleBest: -0.365, timePrep: -0.083,
      placePrep: 0.595, afterAnchor: -0.403, subject: -1.628, headNear: -0.458, unitAfter: 0.289, apposition: -1.687,
      parenthesis: -1.201, quoted: -1.33, questionDate: -0.041, length: 0.256, startName: -0.68, density5: -0.614,
      density10: 0.457, leftAdjacent: 0.292, rightAdjacent: -0.129, copula: 0.502, nearestOverall: -0.419,
      newShare: 2.374, allNew: 0.206, personLike: -0.768, nameNear: -0.649, phraseNear: -0.181, nameNew: -0.277,
      phraseNew: 2.036, phraseDensity: 0.068, nameDensity: 0.441, clauseCoverage: 0.592, clauseBest: 0.886,
      yearLike: -0.022, nearContent: 2.301, roleVerb: -1.347, roleNone: 0.061, firstOfKind: -0.006, fronted: 0.312,
      determiner: -0.348, copulaAsked: -0.193, namedAs: -0.263, afterVerb: 1.013, headInside: -0.054,
      phraseDeterminer: 1.934, phraseCopula: -0.891, phraseAfterVerb: -0.278, sideAgree: -1.48, alignNear: 0.613,
      whNear: -0.465, whNearPhrase: -2.042, typeShape: 0.066, typePrev: 0.516, typeHead: -0.164, kindClause: -0.845,
      clauseTail: 0.861, clauseLead: -1.075, clauseGap: -1.245, clauseWhole: 0.352, clauseNear: 1.183,
      clauseInBest: 1.31, clauseWhNear: 0.41
    },
    howmuch: {
      bias: -2.42, kindDate: -0.704, kindAmount: 0.351, kindNumber: -0.106, kindName: -1.344, kindPhrase: 0,
      typeFit: 0.792, askedShare: 0.945, titleShare: -2.839, sentenceCoverage: -1.057, bestSentence: 0.742,
      near: -0.227, nearestOfKind: -0.453, onlyOfKind: 1.062, role: 0, roleBest: 0, timePrep: -0.131,
      placePrep: 0.611, afterAnchor: 0.806, subject: 0.768, headNear: 0.849, unitAfter: 0.911, apposition: 0.845,
      parenthesis: -1.001, quoted: 1.355, questionDate: -1.812, length: 0.752, startName: 0.456, density5: 0.222,
      density10: 2.014, leftAdjacent: 0.117, rightAdjacent: -0.414, copula: -0.043, nearestOverall: -0.05,
      newShare: 0.523, allNew: 0, personLike: -1.107, nameNear: -0.838, phraseNear: 0, nameNew: -0.23, phraseNew: 0,
      phraseDensity: 0, nameDensity: -0.34, clauseCoverage: 0.174, clauseBest: 1.027, yearLike: 0.027,
      nearContent: 1.071, roleVerb: 0, roleNone: 0, firstOfKind: 0.095, fronted: -0.1, determiner: -0.276,
      copulaAsked: -0.852, namedAs: -0.092, afterVerb: 0, headInside: 2.687, phraseDeterminer: 0, phraseCopula: 0,
      phraseAfterVerb: 0, sideAgree: 0.107, alignNear: 0.634, whNear: 1.736, whNearPhrase: 0, typeShape: 0.044,
      typePrev: 0.314, typeHead: 0.234, kindClause: 0, clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0,
      clauseNear: 0, clauseInBest: 0, clauseWhNear: 0
    },
    which: {
      bias: -1.114, kindDate: -0.856, kindAmount: 0.001, kindNumber: 0.158, kindName: 0.589, kindPhrase: -0.941,
      typeFit: 1.861, askedShare: 0.336, titleShare: -0.718, sentenceCoverage: 0.941, bestSentence: 0.633,
      near: -0.022, nearestOfKind: 0.078, onlyOfKind: -0.648, role: -0.197, roleBest: 0.573, timePrep: -0.116,
      placePrep: 0.267, afterAnchor: 0.23, subject: 0.419, headNear: 0.876, unitAfter: 0.039, apposition: 0.149,
      parenthesis: -0.501, quoted: 0.334, questionDate: -0.686, length: 0.639, startName: -1.3, density5: -0.408,
      density10: 1.744, leftAdjacent: 0.126, rightAdjacent: -0.36, copula: 0.139, nearestOverall: 0.282,
      newShare: 0.83, allNew: 0.195, personLike: -0.044, nameNear: -0.11, phraseNear: 0.187, nameNew: 0.122,
      phraseNew: 1.66, phraseDensity: -0.1, nameDensity: 0.216, clauseCoverage: 0.587, clauseBest: 0.25,
      yearLike: 0.201, nearContent: 0.53, roleVerb: 0.241, roleNone: 0.127, firstOfKind: 0.135, fronted: 0.28,
      determiner: 0.553, copulaAsked: -0.63, namedAs: 1.448, afterVerb: 1.089, headInside: 1.455,
      phraseDeterminer: 0.287, phraseCopula: -0.069, phraseAfterVerb: -0.436, sideAgree: -0.496, alignNear: 0.737,
      whNear: 2.013, whNearPhrase: 0.303, typeShape: 0.358, typePrev: 0.318, typeHead: 0.013, kindClause: -0.011,
      clauseTail: 0.222, clauseLead: 0.117, clauseGap: -0.297, clauseWhole: -0.043, clauseNear: -0.285,
      clauseInBest: -0.288, clauseWhNear: -0.249
    },
    what: {
      bias: 0.332, kindDate: -0.74, kindAmount: 1.022, kindNumber: 0.338, kindName: 0.357, kindPhrase: -0.4,
      typeFit: 2.092, askedShare: 0.126, titleShare: -0.069, sentenceCoverage: 0.874, bestSentence: 0.833,
      near: -0.232, nearestOfKind: -0.127, onlyOfKind: -0.365, role: 0.536, roleBest: 0.104, timePrep: 0.02,
      placePrep: 0.054, afterAnchor: 0.28, subject: 0.022, headNear: 0.515, unitAfter: 0.47, apposition: 1.059,
      parenthesis: -0.463, quoted: 0.609, questionDate: -0.143, length: 0.7, startName: 0.217, density5: -0.232,
      density10: 0.901, leftAdjacent: 0.021, rightAdjacent: -0.124, copula: -0.032, nearestOverall: 0.135,
      newShare: 0.815, allNew: 0.231, personLike: 0.303, nameNear: 0.556, phraseNear: -0.231, nameNew: 0.254,
      phraseNew: 0.873, phraseDensity: 0.499, nameDensity: 0.262, clauseCoverage: 0.667, clauseBest: 0.116,
      yearLike: -0.372, nearContent: 0.559, roleVerb: -0.201, roleNone: 0.027, firstOfKind: 0.016, fronted: -0.427,
      determiner: 0.383, copulaAsked: 0.166, namedAs: 2.254, afterVerb: 1.046, headInside: 0.952,
      phraseDeterminer: 0.219, phraseCopula: -0.32, phraseAfterVerb: 0.146, sideAgree: -0.72, alignNear: 0.184,
      whNear: 1.664, whNearPhrase: 0.126, typeShape: 0.457, typePrev: 0.302, typeHead: 0.253, kindClause: -0.178,
      clauseTail: 0.164, clauseLead: -0.153, clauseGap: -0.431, clauseWhole: 0.211, clauseNear: 0.264,
      clauseInBest: 0.183, clauseWhNear: -0.586
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
