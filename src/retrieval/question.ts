/**
 * Question analysis: language, type, content concepts with their cross-language variants, and dates.
 */
import { questionDates } from '../dates/index.js';
import { detectLanguage, fold, stem, tokenize, withoutInvisible, type Token } from '../text/analyze.js';
import type { DateMention, Lang, QuestionType } from '../types.js';
import type { Translator } from '../lexicon/translator.js';
import { cognates, nounVerbForms } from '../lexicon/derivation.js';
import { commonForms, englishInflections, irregularForms, lemmaCandidates } from '../text/lemmas.js';
import { DEFAULT_QUESTION, type QuestionOptions } from './options.js';
import { askedRole, type AskedRole } from './roles.js';
import { memoized } from '../text/memo.js';

/** One searchable form of a concept, with its weight (1 = exact, lower for translations). */
export interface Variant {
  term: string;
  weight: number;
  /** Language of the passages this form can match (absent: any, e.g. numbers and names). */
  lang?: Lang;
}

/** A content word (or number) of the question, with every index term that may stand for it. */
export interface Concept {
  /** The folded word as asked. */
  word: string;
  variants: Variant[];
  numeric: boolean;
  /** The word looked like a name (capitalized, not first). */
  name: boolean;
  /** The word names the kind of answer asked for (« quelle ville », "how many people"): the answer often
   * stands in its place rather than next to it. */
  head?: boolean;
}

/** A question, analyzed. */
export interface ParsedQuestion {
  text: string;
  lang: Lang;
  type: QuestionType;
  concepts: Concept[];
  dates: (DateMention & { yearKnown: boolean })[];
  /** For a who-question: the part the answer plays in its sentence, and its verb's index terms in each
   * language (the verb's own forms and translations, even when the verb is a stopword for the search:
   * "called", "gave"). */
  role?: AskedRole & { verbTerms: Record<Lang, string[]> };
  /** What kind of thing a what-question's head word asks for (« quelle ville » → place), if known. */
  answerKind?: AnswerKind;
  /** What a how-much question measures, when its wording says: a duration ("how long", « combien de temps »). */
  measure?: 'duration';
}

/** Kinds of answers a head word announces. */
export type AnswerKind = 'place' | 'person' | 'organization' | 'number' | 'time';

/** Head words (folded, singular and plural) by the kind of answer they announce. */
const HEAD_KINDS: [AnswerKind, string[]][] = [
  ['place', ['pays', 'ville', 'region', 'lieu', 'endroit', 'territoire', 'continent', 'fleuve', 'riviere', 'ile',
    'departement', 'province', 'quartier', 'commune', 'capitale', 'country', 'city', 'place', 'state', 'river',
    'island', 'town', 'capital', 'county', 'village']],
  ['person', ['personne', 'roi', 'reine', 'president', 'presidente', 'auteur', 'joueur', 'homme', 'femme', 'artiste',
    'ecrivain', 'empereur', 'pape', 'general', 'fils', 'fille', 'pere', 'mere', 'frere', 'soeur', 'epouse', 'mari',
    'chef', 'dirigeant', 'ministre', 'personnage', 'acteur', 'actrice', 'chanteur', 'chanteuse', 'entraineur',
    'fondateur', 'person', 'king', 'queen', 'author', 'player', 'man', 'woman', 'artist', 'writer', 'emperor',
    'pope', 'son', 'daughter', 'father', 'mother', 'brother', 'sister', 'wife', 'husband', 'leader', 'minister',
    'character', 'actor', 'actress', 'singer', 'coach', 'founder', 'scientist', 'scientifique']],
  ['organization', ['equipe', 'club', 'entreprise', 'societe', 'organisation', 'parti', 'groupe', 'institution',
    'universite', 'journal', 'team', 'company', 'party', 'organization', 'group', 'university', 'newspaper', 'firm',
    'agency', 'agence']],
  ['number', ['nombre', 'pourcentage', 'taille', 'distance', 'duree', 'montant', 'age', 'score', 'population',
    'superficie', 'prix', 'cout', 'hauteur', 'longueur', 'poids', 'vitesse', 'temperature', 'number', 'percentage',
    'size', 'amount', 'price', 'cost', 'height', 'length', 'weight', 'speed', 'area']],
  ['time', ['annee', 'date', 'periode', 'epoque', 'siecle', 'moment', 'jour', 'mois', 'decennie', 'year', 'period',
    'era', 'century', 'day', 'month', 'decade']],
];
const KIND_OF = new Map<string, AnswerKind>(HEAD_KINDS.flatMap(([k, ws]) => ws.flatMap((w) => [[w, k], [`${w}s`, k], [`${w}x`, k]] as [string, AnswerKind][])));

/** The kind of answer a question's head words announce, if one of them is known. */
export function answerKind(heads: Set<string>): AnswerKind | undefined {
  for (const h of heads) {
    const k = KIND_OF.get(h);
    if (k) return k;
  }
  return undefined;
}

const TYPE_RULES: [QuestionType, Lang, RegExp][] = [
  ['when', 'en', /\b(when|what (?:date|day|year|time|month)|which (?:date|day|year|month)|what time|since when|how long ago|on what day|in what year|in which year)\b/],
  ['when', 'fr', /\b(quand|(?:a |en |de )?quelle (?:date|annee|heure|epoque|periode)|quel (?:jour|mois)|depuis quand|en quelle annee)\b/],
  ['howmuch', 'en', /\bhow (much|many|long|old|far|large|big|high|often|fast|tall|deep|wide|heavy|hot|cold|low|small|few)\b|\bwhat (?:amount|percentage|number|sum|price)\b/],
  ['howmuch', 'fr', /\bcombien\b|\bquel(?:le)?s? (?:est |etait |sont )?(?:le |la |l')?(?:montant|somme|prix|nombre|valeur|pourcentage|duree|age|taille|superficie|population)\b/],
  ['who', 'en', /\b(who|whom|whose)\b|\bwhich (?:person|man|woman|company|people|group|organization)\b/],
  ['who', 'fr', /^(?:et )?qui\b|\b(?:par|a|de|avec|pour|contre|chez) qui\b|\bquelle (?:personne|entreprise|societe|organisation)\b/],
  ['where', 'en', /\bwhere\b|\bin (?:what|which) (?:country|city|place|region|town)\b/],
  ['where', 'fr', /\bou\b(?!\s+(?:bien|non))|\bdans quel(?:le)? (?:pays|ville|lieu|region)\b|\bd'ou\b/],
  ['why', 'en', /\bwhy\b|\bfor what reason\b/],
  ['why', 'fr', /\bpourquoi\b|\bpour quelle raison\b/],
  ['what', 'en', /\b(what|which)\b|^(?:please )?(?:name|list|give|identify)\b/],
  ['what', 'fr', /\b(quel|quelle|quels|quelles|que|qu'est-ce|quoi|lequel|laquelle|comment)\b|^(?:et )?qu'[a-z]|^(?:(?:peux|pouvez)-(?:tu|vous) )?(?:cite[rz]?|nomme[rz]?|donne[rz]?|indique[rz]?)\b(?!-)/],
  ['yesno', 'en', /^(is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b/],
  ['yesno', 'fr', /^est-ce que\b|^(\p{L}+)-t-(il|elle|on)\b|^\p{L}+-(il|elle|ils|elles|on)\b/u],
];

/** Words that only say what is asked ("date", "year"…) and are not searched for. */
const TYPE_WORDS = new Set(
  ['date', 'dates', 'day', 'year', 'time', 'month', 'jour', 'annee', 'heure', 'mois', 'epoque', 'periode', 'much', 'many',
    'combien', 'montant', 'nombre', 'reason', 'raison', 'person', 'personne', 'place', 'lieu', 'exactly', 'exactement',
    'precisement', 'precisely', 'happen', 'happened', 'passe', 'passee', 'quand', 'when', 'who', 'qui', 'where', 'ou',
    'why', 'pourquoi', 'what', 'which', 'quel', 'quelle', 'quels', 'quelles', 'does', 'did', 'do'].map(fold),
);

/** The noun naming the kind of thing asked for, right after the interrogative (folded text). */
const HEAD_RULES: Record<Lang, RegExp[]> = {
  fr: [
    /\b(?:quel|quelle|quels|quelles)\s+(?:(?:est|sont|etait|etaient|fut|furent|sera|seront|serait)\s+)?(?:(?:le|la|les|un|une|leur|leurs|son|sa|ses)\s+|l')?(?!(?:est|sont|a|ont|etait|fut|autres?|plus)\b)(\p{L}+)/u,
    /\bcombien\s+(?:de|d')\s*(\p{L}+)/u,
    /\b(?:lequel|laquelle|lesquels|lesquelles)\s+(?:des|de)\s+(\p{L}+)/u,
  ],
  en: [
    /\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|a|an|his|her|their|its)\s+)?(?!(?:is|was|are|were|did|does|do|has|have|had|other|most)\b)(\p{L}+)/u,
    /\bhow\s+(?:many|much)\s+(\p{L}+)/u,
  ],
};

/** Folded head words of a question (see {@link Concept.head}). */
export function headWords(text: string, lang: Lang): Set<string> {
  const f = fold(text.replace(/’/g, "'"));
  const out = new Set<string>();
  for (const re of HEAD_RULES[lang]) {
    const m = re.exec(f);
    if (m?.[1]) out.add(m[1]);
  }
  return out;
}

/** Wordings of a question asking for a duration (folded). */
const DURATION: Record<Lang, RegExp> = {
  en: /\bhow long\b|\bhow many (?:years|months|weeks|days|hours|minutes|decades|centuries)\b|\bfor how many\b|\bwhat (?:was|is) the (?:duration|length of time)\b/,
  fr: /\bcombien de temps\b|\b(?:pendant|durant|depuis) combien\b|\bcombien (?:d'|de\s*)(?:annees|ans|mois|semaines|jours|heures|minutes|decennies|siecles)\b|\bquelle (?:est |etait |fut )?(?:la )?duree\b/,
};

/** « où » (with its accent: « ou » is "or"), « d'où », « dans quel… »: `\b` is ASCII-only in JavaScript, so the
 * word's edges are Unicode letters and digits. A question opening with « ou » without its accent (« Ou se situe
 * Lyon ? », as people type in a chat) asks where too: no question opens with "or". */
const WHERE_FR = /(?<![\p{L}\p{N}])où(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])dans quel|^\s*(?:et\s+)?ou\s+(?!(?:bien|non|pas)\b)\p{L}/iu;

/** Detects the question type from its wording. */
export function questionType(text: string, lang: Lang): QuestionType {
  const f = fold(text).trim();
  // "où" with its accent is "where"; "ou" without is "or".
  for (const [type, l, re] of TYPE_RULES) {
    if (l !== lang) continue;
    if (type === 'where' && l === 'fr' && !WHERE_FR.test(text.normalize('NFC'))) continue;
    if (re.test(f)) return type;
  }
  return 'other';
}

/**
 * Whether a what/which interrogative opens the question before the words its type was read from: "What sea
 * bordered the empire when he died?" reads as *when* (its rule comes first), « Quelle relation a-t-il avec les
 * personnes chez qui… » as *who*, but what is asked is the thing the first interrogative names. False when the
 * type's own words come first or at the same place ("What year…", « Quelle est la durée… »).
 */
export function whatComesFirst(text: string, lang: Lang, type: QuestionType): boolean {
  const f = fold(text).trim();
  const at = (t: QuestionType) => {
    const rule = TYPE_RULES.find(([rt, l]) => rt === t && l === lang);
    return rule ? (rule[2].exec(f)?.index ?? -1) : -1;
  };
  const what = at('what');
  const own = at(type);
  return what >= 0 && own >= 0 && what < own;
}

const termCache: Record<Lang, Map<string, readonly string[]>> = { fr: new Map(), en: new Map() };

/** Index terms of a (short) translation or word form, cached: the same translations come back question after
 * question. */
function terms(text: string, l: Lang): readonly string[] {
  return memoized(termCache[l], text, 50_000, () => tokenize(text, l).filter((x) => x.term).map((x) => x.term));
}

/**
 * The forms a question word may take in the passages besides its own stem: its stem in the other language,
 * the other forms of an irregular verb, and its translations (through its lemma candidates) with their own
 * irregular forms, weighted below the word itself (weights in {@link QuestionOptions}).
 */
function wordVariants(t: Token, lang: Lang, translator: Translator, name: boolean, o: QuestionOptions): Variant[] {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const out: Variant[] = [{ term: stem(t.low, other), weight: o.otherLanguageStem, lang: other }];
  // Derivational morphology (src/lexicon/derivation.ts): the word's regular counterpart in the other language
  // (« orientalisme » → "orientalism"), and its verb or noun in its own language (« décision » → décider).
  if (!name) {
    if (o.cognate > 0) for (const f of cognates(t.low, lang)) for (const term of terms(f, other)) out.push({ term, weight: o.cognate, lang: other });
    if (o.nounVerb > 0) {
      for (const lemma of lemmaCandidates(t.word, lang)) for (const f of nounVerbForms(lemma, lang)) for (const term of terms(f, lang)) out.push({ term, weight: o.nounVerb, lang });
    }
  }
  // The frequent forms of an irregular verb asked in a rarer one (« vint » → vient, venu; "took" → take).
  for (const f of commonForms(t.word, lang)) for (const term of terms(f, lang)) out.push({ term, weight: o.verbForm, lang });
  // The regular English inflections the stemmer does not join ("die" → died: die, di). French verb forms of
  // the same kind (« perdu » → perd, perdit) lost PIAF 15 questions more than they won: left out.
  if (lang === 'en' && o.inflection > 0) for (const f of englishInflections(t.word)) for (const term of terms(f, lang)) out.push({ term, weight: o.inflection, lang });
  // Names are translated at a lower weight ("Trump" is rarely « atout »; "CEO" is « PDG »).
  const tw = name ? o.nameTranslation : o.translation;
  for (const lemma of lemmaCandidates(t.word, lang)) {
    for (const tr of translator.translate(lemma, lang)) {
      for (const term of terms(tr, other)) {
        out.push({ term, weight: tw, lang: other });
        // Stemmers disagree on verb forms (« publier » → publi, « publie » → publ).
        if (other === 'fr' && term.length >= 5 && /[ie]$/.test(term)) out.push({ term: term.slice(0, -1), weight: tw - o.derivedFormPenalty, lang: other });
      }
      // A verb translated by its infinitive or base form: its irregular forms too (take → took, prendre → prit).
      if (!tr.includes(' ')) {
        for (const f of irregularForms(tr, other)) for (const term of terms(f, other)) out.push({ term, weight: tw - o.derivedFormPenalty, lang: other });
        // The translation's verb or noun (decision → « décision » → décider).
        if (o.translatedNounVerb > 0 && !name) {
          for (const f of nounVerbForms(tr, other)) for (const term of terms(f, other)) out.push({ term, weight: Math.min(tw, o.translatedNounVerb), lang: other });
        }
      }
    }
  }
  return out;
}

/** Number words from two (« un », "one" are also articles and pronouns) by value, in each language (folded). */
const NUMBER_WORDS: Record<Lang, [number, string][]> = {
  en: [
    ...'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'
      .split(' ')
      .map((w, i) => [i + 2, w] as [number, string]),
    ...'thirty forty fifty sixty seventy eighty ninety hundred'.split(' ').map((w, i) => [30 + 10 * i, w] as [number, string]),
  ],
  fr: [
    ...'deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt'
      .split(' ')
      .map((w, i) => [i + 2, w] as [number, string]),
    ...'trente quarante cinquante soixante soixante-dix quatre-vingt quatre-vingt-dix cent'.split(' ').map((w, i) => [30 + 10 * i, w] as [number, string]),
  ],
};
const NUMBER_VALUE = new Map<string, number>(Object.values(NUMBER_WORDS).flatMap((ws) => ws.map(([n, w]) => [fold(w).replace(/-/g, ''), n] as [string, number])));

/** Index terms of the number words of both languages (a passage's count: « neuf nations », "nine nations"). */
export const NUMBER_TERMS: ReadonlySet<string> = new Set(
  (['fr', 'en'] as const).flatMap((l) => NUMBER_WORDS[l].flatMap(([, w]) => tokenize(w, l).filter((t) => t.term).map((t) => t.term))),
);

/**
 * A number asked in words is often written in figures, and the reverse ("five sacks" ↔ "5 sacks", « neuf
 * nations » ↔ "9"): the other spelling's index terms, in every language for a figure.
 */
export function numberVariants(t: Pick<Token, 'word' | 'term' | 'numeric'>, weight: number): Variant[] {
  if (!t.numeric) {
    const n = NUMBER_VALUE.get(t.word.replace(/-/g, ''));
    return n === undefined ? [] : [{ term: String(n), weight }];
  }
  const n = Number(t.term);
  const out: Variant[] = [];
  for (const l of ['fr', 'en'] as const) {
    for (const [v, w] of NUMBER_WORDS[l]) if (v === n) for (const term of terms(w, l)) out.push({ term, weight, lang: l });
  }
  return out;
}

/**
 * Analyzes a question: language, type, concepts (with translations through `translator`), dates (relative
 * to `reference`, an ISO date).
 */
export function parseQuestion(text: string, translator: Translator, reference?: string, o: QuestionOptions = DEFAULT_QUESTION): ParsedQuestion {
  // Zero-width characters and soft hyphens (« ult\u200Bimatum ») change nothing a reader sees: read without them.
  text = withoutInvisible(text);
  const lang = detectLanguage(text);
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const type = questionType(text, lang);
  const dates = questionDates(text, lang, reference);
  const tokens = tokenize(text, lang);
  const heads = headWords(text, lang);
  const concepts: Concept[] = [];
  const byWord = new Map<string, Concept>();
  const letters = text.replace(/[^\p{L}]/gu, '');
  const shouting = letters.length > o.shoutingMinLetters && letters.replace(/[^\p{Lu}]/gu, '').length > letters.length * o.shoutingShare;
  const inDate = (t: { start: number; end: number }) => dates.some((d) => t.start >= d.start && t.end <= d.end);
  tokens.forEach((t, i) => {
    if (!t.term || TYPE_WORDS.has(t.word) || inDate(t)) return;
    if (byWord.has(t.word)) return;
    const variants = new Map<string, Variant>();
    const add = (term: string, weight: number, l?: Lang) => {
      if (!term) return;
      const had = variants.get(term);
      // A form shared by both languages matches passages of either.
      const shared = had ? had.lang === undefined || had.lang !== l : l === undefined;
      variants.set(term, { term, weight: Math.max(weight, had?.weight ?? 0), ...(shared ? {} : { lang: l }) });
    };
    // Capitals mark names only in ordinarily written questions (not in "QUAND ANTHROPIC A-T-IL…").
    const name = t.capitalized && i > 0 && !shouting;
    add(t.term, 1, t.numeric ? undefined : lang);
    if (!t.numeric) for (const v of wordVariants(t, lang, translator, name, o)) add(v.term, v.weight, v.lang);
    if (o.numberWord > 0) for (const v of numberVariants(t, o.numberWord)) add(v.term, v.weight, v.lang);
    const c: Concept = { word: t.word, variants: [...variants.values()], numeric: t.numeric, name, ...(heads.has(t.word) ? { head: true } : {}) };
    byWord.set(t.word, c);
    concepts.push(c);
  });
  // Phrases known to the glossary or lexicon add their translations to each word they cover.
  for (const m of translator.matchPhrases(text, lang)) {
    const covered = tokens.filter((t) => t.start >= m.start && t.end <= m.end);
    const trTerms = m.translations.flatMap((tr) => tokenize(tr, other).filter((x) => x.term).map((x) => x.term));
    for (const tok of covered) {
      const c = byWord.get(tok.word);
      if (!c) continue;
      for (const term of trTerms) if (!c.variants.some((v) => v.term === term)) c.variants.push({ term, weight: o.phraseTranslation, lang: other });
    }
  }
  const kind = answerKind(heads);
  const measure = type === 'howmuch' && DURATION[lang].test(fold(text)) ? { measure: 'duration' as const } : {};
  const extra = { ...(kind ? { answerKind: kind } : {}), ...measure };
  const role = type === 'who' ? askedRole(text, lang) : undefined;
  if (role) {
    const v = role.verb;
    const verbTerms: Record<Lang, Set<string>> = { fr: new Set(), en: new Set() };
    if (v) {
      verbTerms[lang].add(stem(v.low, lang));
      // A form of no language in particular stands in both; a translation only in its own.
      for (const x of wordVariants(v, lang, translator, false, o)) for (const l of x.lang ? [x.lang] : (['fr', 'en'] as const)) verbTerms[l].add(x.term);
    }
    return { text, lang, type, concepts, dates, ...extra, role: { ...role, verbTerms: { fr: [...verbTerms.fr], en: [...verbTerms.en] } } };
  }
  return { text, lang, type, concepts, dates, ...extra };
}
