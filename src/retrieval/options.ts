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
 * counted by the same run on all the data (`--write-types`; in the folds, on the training folds only). Session
 * 8 (the group read from the first interrogative) refitted the other groups, the table and the thresholds; the
 * *who* threshold stays session 7's 0.689: the refitted 0.705 hid a bundled who-question whose right span is
 * just under it (test/retrieval/highlights.test.ts).
 */
export const DEFAULT_HIGHLIGHT: HighlightOptions = {
  thresholds: { who: 0.689, when: 0.725, where: 0.783, howmuch: 0.713, which: 0.731, what: 0.751 },
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
      bias: -0.233, kindDate: 0.409, kindAmount: 0.384, kindNumber: -0.655, kindName: -0.494, kindPhrase: 0,
      typeFit: 0.682, askedShare: -0.189, titleShare: -1.037, sentenceCoverage: 0.659, bestSentence: 1.921,
      near: 0.471, nearestOfKind: 0.632, onlyOfKind: 0.222, role: 0, roleBest: 0, timePrep: 0.237, placePrep: -0.409,
      afterAnchor: -0.602, subject: -1.016, headNear: 0, unitAfter: -0.009, apposition: 0.182, parenthesis: -1.738,
      quoted: 0.499, questionDate: -1.699, length: -1.048, startName: -0.11, density5: 0.118, density10: 1.165,
      leftAdjacent: -0.313, rightAdjacent: -1.304, copula: -0.224, nearestOverall: -0.741, newShare: 1.48,
      allNew: 0.013, personLike: 0.785, nameNear: -0.829, phraseNear: 0, nameNew: 1.014, phraseNew: 0,
      phraseDensity: 0, nameDensity: -0.299, clauseCoverage: 0.94, clauseBest: 0.47, yearLike: 1.553,
      nearContent: 1.182, roleVerb: 0, roleNone: 0, firstOfKind: -0.275, fronted: 1.247, determiner: 0.541,
      copulaAsked: -1.547, namedAs: 1.196, afterVerb: 0, headInside: 0.973, phraseDeterminer: 0, phraseCopula: 0,
      phraseAfterVerb: 0, sideAgree: -0.818, alignNear: 0.663, whNear: 1.228, whNearPhrase: 0, typeShape: 0.572,
      typePrev: 0.418, typeHead: 0.301, kindClause: 0, clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0,
      clauseNear: 0, clauseInBest: 0, clauseWhNear: 0
    },
    where: {
      bias: -0.781, kindDate: -1.326, kindAmount: -0.381, kindNumber: 1.96, kindName: 1.361, kindPhrase: -1.704,
      typeFit: 1.45, askedShare: 0.49, titleShare: -0.643, sentenceCoverage: 2.214, bestSentence: 0.107, near: -0.631,
      nearestOfKind: 0.009, onlyOfKind: -0.433, role: 0.101, roleBest: 0.248, timePrep: -0.279, placePrep: 0.639,
      afterAnchor: -0.316, subject: -1.487, headNear: -0.195, unitAfter: 0.357, apposition: -1.776,
      parenthesis: -1.235, quoted: -1.295, questionDate: -0.044, length: 0.56, startName: -0.752, density5: -0.502,
      density10: 0.249, leftAdjacent: 0.151, rightAdjacent: -0.043, copula: 0.34, nearestOverall: -0.273,
      newShare: 2.626, allNew: 0.236, personLike: -0.869, nameNear: -1.05, phraseNear: 0.131, nameNew: -0.551,
      phraseNew: 1.761, phraseDensity: 0.027, nameDensity: 0.643, clauseCoverage: 0.521, clauseBest: 1.103,
      yearLike: -0.021, nearContent: 2.521, roleVerb: -1.601, roleNone: 0.03, firstOfKind: -0.044, fronted: 0.089,
      determiner: -0.009, copulaAsked: -0.031, namedAs: -0.123, afterVerb: 1.028, headInside: -0.026,
      phraseDeterminer: 1.302, phraseCopula: -0.175, phraseAfterVerb: 0.273, sideAgree: -1.408, alignNear: 0.4,
      whNear: -1.374, whNearPhrase: -1.112, typeShape: 0.068, typePrev: 0.564, typeHead: -0.214, kindClause: -0.195,
      clauseTail: 1.346, clauseLead: -1.068, clauseGap: -1.081, clauseWhole: 0.335, clauseNear: 1.228,
      clauseInBest: -0.195, clauseWhNear: 0.844
    },
    howmuch: {
      bias: -2.303, kindDate: -0.933, kindAmount: 0.346, kindNumber: -0.112, kindName: -1.126, kindPhrase: 0,
      typeFit: 0.777, askedShare: 0.957, titleShare: -2.969, sentenceCoverage: -1.171, bestSentence: 0.598,
      near: -0.202, nearestOfKind: -0.357, onlyOfKind: 1.268, role: 0, roleBest: 0, timePrep: 0.063, placePrep: 0.714,
      afterAnchor: 0.747, subject: 0.85, headNear: 0.909, unitAfter: 0.728, apposition: 0.672, parenthesis: -0.871,
      quoted: 1.426, questionDate: -1.377, length: 0.32, startName: 0.488, density5: 0.105, density10: 2.297,
      leftAdjacent: 0.241, rightAdjacent: -0.268, copula: 0.061, nearestOverall: -0.003, newShare: 0.423, allNew: 0,
      personLike: -1.119, nameNear: -0.791, phraseNear: 0, nameNew: -0.191, phraseNew: 0, phraseDensity: 0,
      nameDensity: -0.291, clauseCoverage: 0.392, clauseBest: 0.898, yearLike: 0.073, nearContent: 1.043, roleVerb: 0,
      roleNone: 0, firstOfKind: -0.043, fronted: -1.312, determiner: -0.376, copulaAsked: -0.797, namedAs: -0.048,
      afterVerb: 0, headInside: 2.867, phraseDeterminer: 0, phraseCopula: 0, phraseAfterVerb: 0, sideAgree: 0.203,
      alignNear: 0.677, whNear: 1.672, whNearPhrase: 0, typeShape: 0.21, typePrev: 0.452, typeHead: 0.196,
      kindClause: 0, clauseTail: 0, clauseLead: 0, clauseGap: 0, clauseWhole: 0, clauseNear: 0, clauseInBest: 0,
      clauseWhNear: 0
    },
    which: {
      bias: -1.201, kindDate: -0.831, kindAmount: 0.084, kindNumber: 0.152, kindName: 0.438, kindPhrase: -0.691,
      typeFit: 1.764, askedShare: 0.02, titleShare: -0.738, sentenceCoverage: 1.241, bestSentence: 0.245, near: 0.125,
      nearestOfKind: 0.038, onlyOfKind: -0.52, role: -0.205, roleBest: 0.546, timePrep: -0.079, placePrep: 0.279,
      afterAnchor: 0.302, subject: 0.538, headNear: 0.793, unitAfter: 0.175, apposition: 0.238, parenthesis: -0.58,
      quoted: 0.572, questionDate: -0.629, length: 0.555, startName: -1.275, density5: -0.319, density10: 1.58,
      leftAdjacent: 0.184, rightAdjacent: -0.291, copula: 0.26, nearestOverall: 0.25, newShare: 0.592, allNew: 0.157,
      personLike: -0.049, nameNear: 0.153, phraseNear: -0.267, nameNew: 0.446, phraseNew: 1.555, phraseDensity: 0.008,
      nameDensity: 0.273, clauseCoverage: 0.615, clauseBest: 0.26, yearLike: 0.239, nearContent: 0.435,
      roleVerb: 0.115, roleNone: 0.174, firstOfKind: 0.137, fronted: 0.336, determiner: 0.48, copulaAsked: -0.317,
      namedAs: 1.38, afterVerb: 1.112, headInside: 1.792, phraseDeterminer: 0.346, phraseCopula: -0.121,
      phraseAfterVerb: -0.665, sideAgree: -0.475, alignNear: 0.762, whNear: 2.225, whNearPhrase: 0.205,
      typeShape: 0.459, typePrev: 0.307, typeHead: 0.089, kindClause: -0.223, clauseTail: -0.064, clauseLead: 0.062,
      clauseGap: -0.348, clauseWhole: 0.102, clauseNear: -0.131, clauseInBest: -0.223, clauseWhNear: 0.057
    },
    what: {
      bias: -0.159, kindDate: -0.839, kindAmount: 0.769, kindNumber: 0.263, kindName: 0.347, kindPhrase: -0.37,
      typeFit: 2.158, askedShare: -0.13, titleShare: -0.016, sentenceCoverage: 0.748, bestSentence: 0.711,
      near: 0.026, nearestOfKind: -0.073, onlyOfKind: -0.566, role: 0.448, roleBest: 0.228, timePrep: 0.118,
      placePrep: -0.028, afterAnchor: 0.349, subject: 0.162, headNear: 0.459, unitAfter: 0.515, apposition: 1.043,
      parenthesis: -0.438, quoted: 0.767, questionDate: -0.137, length: 0.71, startName: -0.103, density5: -0.161,
      density10: 0.99, leftAdjacent: 0.066, rightAdjacent: -0.134, copula: -0.086, nearestOverall: 0.023,
      newShare: 1.076, allNew: 0.237, personLike: 0.209, nameNear: 0.649, phraseNear: -0.405, nameNew: 0.006,
      phraseNew: 0.801, phraseDensity: 0.185, nameDensity: 0.171, clauseCoverage: 0.648, clauseBest: 0.085,
      yearLike: -0.446, nearContent: 0.535, roleVerb: -0.343, roleNone: 0.056, firstOfKind: 0.059, fronted: -0.696,
      determiner: 0.35, copulaAsked: 0.386, namedAs: 2.083, afterVerb: 1.126, headInside: 1.04,
      phraseDeterminer: 0.273, phraseCopula: -0.5, phraseAfterVerb: 0.049, sideAgree: -0.563, alignNear: 0.114,
      whNear: 1.7, whNearPhrase: 0.077, typeShape: 0.472, typePrev: 0.301, typeHead: 0.148, kindClause: -0.243,
      clauseTail: 0.106, clauseLead: 0.023, clauseGap: -0.562, clauseWhole: 0.153, clauseNear: 0.756,
      clauseInBest: -0.243, clauseWhNear: -0.383
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
