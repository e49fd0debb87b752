/**
 * A data-driven answer-type model for the highlight scorer (highlight.ts): what kind of span answers what kind
 * of question, counted on the gold answers of PIAF and XQuAD.
 *
 * A question is described by a chain of **type keys**, from the most specific to the most general: its group
 * and head noun (« which|h:vill » for « quelle ville », "which|h:year"), for a who-question the part its
 * answer plays around the verb (« who|r:prep-a » for « À qui… », "who|r:patient" for "Who was fired…"), its
 * group and interrogative form (the interrogative with the preposition before it and the auxiliary after it:
 * « what|w:de-quel », "what|w:what-is"), its group and language, its group. A candidate span is described by
 * three **classes**: its shape (a year, a full date, a percentage, a sum of money, a name of one or several
 * words, an acronym, a one-word name the dictionary knows as an ordinary word, a noun phrase of n words after
 * a determiner…), the word before it (a preposition, an article or a copula of its language, a punctuation
 * mark, or "a content word"), and its head (the stem of a phrase's head noun, the lowercase noun before a
 * name — « la ville de Ceuta », « le général Bugeaud » —, the word counted after a number).
 *
 * For each class family the table holds, per type key, how often a class is that of the answer (`pos`) and
 * of any candidate (`all`), each question counting once. The feature of a candidate is the log-ratio
 * log P(class | answer, key) / P(class | candidate, key), both smoothed along the key chain (each key's
 * estimate drawn towards its parent's by `alpha` pseudo-questions): how much more often than a random
 * candidate of such a question the answer is of this class. The table is fitted on training folds only
 * (`npm run fit:highlight`), and the shipped one, fitted on all the data, is `data/answer-types.json`.
 */
import fs from 'node:fs';
import { fold, stem, tokenize, type Token } from '../text/analyze.js';
import type { Highlight, Lang } from '../types.js';
import { dataPath } from '../paths.js';
import { SetupError } from '../errors.js';

/** The class families of a candidate span (one feature each). The word after it (read like the word before)
 * was tried as a fourth: no gain on held-out folds (right span first 56.4 → 55.8%). The last letters of the head were tried as a
 * fourth (« -ien », "-ist"): no gain on held-out folds, and they made « Truth Social » a likelier doer than
 * « Trump » on the bundled article. */
export const TYPE_FAMILIES = ['shape', 'prev', 'head'] as const;

/** A class family. */
export type TypeFamily = (typeof TYPE_FAMILIES)[number];

/** A candidate's class in each family. */
export type SpanClasses = Record<TypeFamily, string>;

/** Counts of one type key: the questions seen (answers, candidates) and per class its answer and candidate
 * weights (each question spreads a weight of 1 over its answers and 1 over its candidates). */
export interface KeyCounts {
  n: [number, number];
  /** The number of classes seen under the key (before any was left out of the table). */
  v: number;
  c: Record<string, [number, number]>;
}

/** The answer-type table: per family, per type key, the counts. */
export interface AnswerTypeTable {
  /** Pseudo-questions drawing a key's estimate towards its parent's. */
  alpha: number;
  /** Bound on the absolute value of a log-ratio. */
  clip: number;
  families: Record<TypeFamily, Record<string, KeyCounts>>;
}

/** The kinds of candidate spans (as in highlight.ts, which imports this module). */
type Kind = 'date' | 'amount' | 'number' | 'name' | 'phrase' | 'clause';

/** What {@link spanClasses} reads of a candidate. */
export interface TypedSpan extends Highlight {
  kind: Kind;
  uncertain?: boolean;
  /** A one-word name the dictionary knows as an ordinary word (« Dieu », « État », « France »). */
  common?: boolean;
}

/** Interrogatives (folded). */
const WH = new Set('qui que quoi quel quelle quels quelles lequel laquelle lesquels lesquelles ou quand combien comment who whom whose what which where when how'.split(' '));
/** Prepositions read before an interrogative (« de quel », "in which"). */
const WH_PREPS = new Set('a au aux de du des en dans par pour sur sous avec contre vers selon entre chez in on at of by for from to with into during under after before'.split(' '));
/** Auxiliaries and copulas read after an interrogative (« quel est », "what did", "how many"). */
const WH_AUX = new Set(
  'est sont etait etaient fut furent sera seront a ont avait avaient peut peuvent ce is are was were be did does do has have had can could would will many much long old far large big high often type sorte genre kind'.split(' '),
);

/** The interrogative form of a question: the preposition before its interrogative, the interrogative, the
 * auxiliary after it (« de-quel », "what-is", « qu-est » for « qu'est-ce que »), or "none". */
export function interrogativeForm(question: string, lang: Lang): string {
  const words = tokenize(question.replace(/['’]/g, ' ').replace(/-/g, ' '), lang).map((t) => fold(t.word));
  const i = words.findIndex((w) => WH.has(w) || w === 'qu');
  if (i < 0) return 'none';
  const parts = [words[i]!];
  if (i > 0 && WH_PREPS.has(words[i - 1]!)) parts.unshift(words[i - 1]!);
  if (words[i + 1] && WH_AUX.has(words[i + 1]!)) parts.push(words[i + 1]!);
  return parts.join('-');
}

/** What {@link answerTypeKeys} reads of a question. */
export interface TypedQuestion {
  text: string;
  lang: Lang;
  concepts: { word: string; head?: boolean }[];
}

/** The part the answer plays around the question's verb, as roles.ts reads it. */
export interface TypedRole {
  kind: string;
  prep?: string;
  converse?: boolean;
}

/**
 * The type keys of a question of a group, most specific first (see the module's comment); with the part
 * the answer plays around the question's verb when it is read (« Qui a reçu… » asks the receiver, "Who
 * founded…" the doer: the span before a comma or after « à » is not as likely in both).
 */
export function answerTypeKeys(q: TypedQuestion, group: string, role?: TypedRole): string[] {
  const head = q.concepts.find((k) => k.head);
  const keys: string[] = [];
  if (head) keys.push(`${group}|h:${stem(head.word, q.lang)}`);
  if (role) keys.push(`${group}|r:${role.kind}${role.prep ? `-${role.prep}` : ''}${role.converse ? '-converse' : ''}`);
  keys.push(`${group}|w:${interrogativeForm(q.text, q.lang)}`, `${group}|${q.lang}`, group);
  return keys;
}

/** Determiners, prepositions, copulas: the closed-class words kept as themselves before a candidate. */
const CLOSED_BEFORE = new Set(
  ('le la l les un une des du de d au aux a en dans par pour sur sous avec contre vers chez entre selon depuis pendant ' +
    'apres avant ce cet cette ces son sa ses leur leurs est sont etait fut comme que qui dont et ou ' +
    'the a an of in on at by for from to with into during after before since until as is are was were be been ' +
    'this that these those its his her their and or called named').split(' '),
);
/** Currency signs and words. */
const MONEY = /[€$£¥]|\b(?:euros?|dollars?|francs?|livres?|pounds?|yens?|roubles?|marks?|florins?|ecus?|pesos?)\b/;
const PERCENT = /%|\bpour ?cent\b|\bpercent\b|\bper cent\b/;
/** Units of time (folded): an amount made of them is a duration. */
export const DURATION = /\b(?:ans?|annees?|mois|semaines?|jours?|heures?|minutes?|secondes?|decennies|siecles?|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries)\b/;
const MONTH = /\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december)\b/;
const NUMBER_WORD = /^(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|vingt|trente|cent|mille|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand)/;
/** Titles and roles before a person's name. */
const TITLE = /^(?:mr|mrs|ms|dr|sir|lord|king|queen|president|pope|saint|st|general|m|mme|roi|reine|pape|docteur|professeur|professor|prince|princesse|princess|duc|duke|comte|count|empereur|emperor|ministre|minister|chancelier|chancellor|capitaine|captain|marechal|marshal|cardinal|eveque|bishop)$/;

/** The shape class of a candidate (see the module's comment). */
function shapeOf(k: TypedSpan, span: string, words: Token[], prev: string): string {
  const f = fold(span);
  switch (k.kind) {
    case 'date':
      if (/^\d{4}$/.test(f)) return 'date:year';
      if (/siecle|century/.test(f)) return 'date:century';
      if (MONTH.test(f)) return /\d{1,2}(?:er)?\s+\p{L}+\s+\d{3,4}|\p{L}+\s+\d{1,2},?\s+\d{3,4}/u.test(f) ? 'date:day' : /\d{3,4}/.test(f) ? 'date:month' : 'date:nomonth';
      return /\d{3,4}/.test(f) ? 'date:other' : 'date:words';
    case 'amount':
      return PERCENT.test(f) ? 'amount:pct' : MONEY.test(f) ? 'amount:money' : DURATION.test(f) ? 'amount:duration' : 'amount:unit';
    case 'number':
      if (/^(?:1\d{3}|20\d{2})$/.test(f)) return 'number:year';
      if (NUMBER_WORD.test(f)) return 'number:word';
      return /[.,]\d/.test(f) ? 'number:decimal' : Number(f.replace(/\D/g, '')) < 100 ? 'number:small' : 'number:big';
    case 'name': {
      if (k.uncertain) return 'name:start';
      if (/^[\p{Lu}\d&.-]{2,}$/u.test(span)) return 'name:acronym';
      if (TITLE.test(prev)) return 'name:title';
      if (k.common) return 'name:common';
      const n = words.length;
      return n >= 3 ? 'name:3' : n === 2 ? 'name:2' : 'name:1';
    }
    case 'clause':
      return `clause:${Math.min(4, words.filter((t) => t.term).length)}${words.some((t) => t.capitalized) ? ':cap' : ''}${words.some((t) => t.numeric) ? ':#' : ''}`;
    default: {
      const n = Math.min(3, words.filter((t) => t.term).length);
      const det = /^(?:le|la|l|les|un|une|des|du|au|aux|the|a|an|ce|cette|ces|son|sa|ses|leur|leurs|its|his|her|their)$/.test(prev);
      return `phrase:${n}${det ? ':det' : ''}${words.some((t) => t.word === 'de' || t.word === 'of' || t.word === 'du' || t.word === 'des') ? ':of' : ''}`;
    }
  }
}

/**
 * The classes of a candidate span in each family. `toks` are the passage's tokens (of `text`), `lang` its
 * language; `stemOf` gives a word's stem (the tokens' own index terms are used when they have one).
 */
export function spanClasses(k: TypedSpan, text: string, toks: readonly Token[], lang: Lang): SpanClasses {
  // The first token at or after the span's start (tokens are in text order): a binary search.
  let first = 0;
  for (let hi = toks.length; first < hi; ) {
    const mid = (first + hi) >> 1;
    if (toks[mid]!.start < k.start) first = mid + 1;
    else hi = mid;
  }
  let last = first;
  while (last < toks.length && toks[last]!.end <= k.end) last++;
  const words = toks.slice(first, last);
  const prevTok = first > 0 ? toks[first - 1] : undefined;
  const gap = prevTok ? text.slice(prevTok.end, k.start) : '\n';
  const punct = /[^\s'’-]/.exec(gap)?.[0];
  const prevWord = prevTok ? fold(prevTok.word) : '';
  // A closed-class word is read in its language: folded, « à » is the English article "a".
  const prev = punct ? `p${'([«"“'.includes(punct) ? '(' : ',;:'.includes(punct) ? ',' : '.'}` : !prevTok ? 'p.' : CLOSED_BEFORE.has(prevWord) ? `${lang}:${prevWord}` : prevTok.numeric ? '#' : prevTok.capitalized ? 'W' : 'w';
  const span = text.slice(k.start, k.end);
  const shape = shapeOf(k, span, words, punct ? '' : prevWord);
  const content = words.filter((t) => t.term && !t.numeric);
  let head: string;
  if (k.kind === 'phrase' || k.kind === 'clause') {
    const headTok = lang === 'fr' ? content[0] : content[content.length - 1];
    head = headTok ? headTok.term : '-';
  } else if (k.kind === 'name') {
    // The lowercase noun before a name says what it names (« le général Bugeaud », « la ville de Ceuta »,
    // "the river Thames").
    const trigger = nameTrigger(toks, first, text);
    head = trigger ? `n:${trigger.term}` : 'n';
  } else {
    // What a number counts: the content word after it (« 20 000 hommes », "40 members").
    const next = toks[last];
    const counted = next && next.term && !next.numeric && /^[\s\p{L}]*$/u.test(text.slice(k.end, next.start)) ? next : undefined;
    head = `#${counted ? counted.term : '-'}`;
  }
  return { shape, prev, head };
}

/** Joiners between a noun and the name it introduces (« la ville de Ceuta », "the city of Ceuta"). */
const NAME_JOINERS = new Set(['de', 'd', 'du', 'des', 'of']);

/** The lowercase content word before the name opening at token `first`, over at most one joiner, with no
 * punctuation between. */
function nameTrigger(toks: readonly Token[], first: number, text: string): Token | undefined {
  let i = first - 1;
  if (i >= 0 && NAME_JOINERS.has(toks[i]!.word) && /^[\s'’]*$/.test(text.slice(toks[i]!.end, toks[first]?.start ?? toks[i]!.end))) i--;
  const t = toks[i];
  if (!t || !t.term || t.capitalized || t.numeric || !/^[\s'’]*$/.test(text.slice(t.end, toks[i + 1]?.start ?? t.end))) return undefined;
  return t;
}

/** Counts answer and candidate classes per type key, question by question, into a table. */
export class AnswerTypeCounts {
  private readonly counts = Object.fromEntries(TYPE_FAMILIES.map((f) => [f, new Map<string, KeyCounts>()])) as Record<TypeFamily, Map<string, KeyCounts>>;

  /** Adds one question: its type keys, its candidates' classes, and which candidates are its answer. */
  add(keys: readonly string[], classes: readonly SpanClasses[], answer: readonly boolean[]): void {
    const nPos = answer.filter(Boolean).length;
    if (!nPos || !classes.length) return;
    for (const family of TYPE_FAMILIES) {
      for (const key of keys) {
        let kc = this.counts[family].get(key);
        if (!kc) this.counts[family].set(key, (kc = { n: [0, 0], v: 0, c: {} }));
        kc.n[0]++;
        kc.n[1]++;
        classes.forEach((cl, i) => {
          const cell = (kc.c[cl[family]] ??= [0, 0]);
          if (answer[i]) cell[0] += 1 / nPos;
          cell[1] += 1 / classes.length;
        });
      }
    }
  }

  /**
   * The table. Keys of fewer than `minQuestions` questions are left out (their questions read their parent
   * key's estimate), and so are the classes that were the answer of less than one question under a key and
   * weigh less than `minWeight` candidates there (their estimate is then their parent key's, drawn a little lower): it keeps
   * the shipped table small. The fitting script evaluates tables cut the same way as the shipped one.
   */
  table(alpha = 8, clip = 4, minWeight = 0, minQuestions = 1): AnswerTypeTable {
    const r = (x: number) => Math.round(x * 1000) / 1000;
    const families = Object.fromEntries(
      TYPE_FAMILIES.map((family) => [
        family,
        Object.fromEntries(
          [...this.counts[family]].filter(([key, kc]) => kc.n[0] >= minQuestions || !key.includes(':')).map(([key, kc]) => [
            key,
            { n: kc.n, v: Object.keys(kc.c).length, c: Object.fromEntries(Object.entries(kc.c).filter(([, [p, a]]) => p >= 1 || a >= minWeight).map(([cl, [p, a]]) => [cl, [r(p), r(a)]])) },
          ]),
        ),
      ]),
    ) as AnswerTypeTable['families'];
    return { alpha, clip, families };
  }
}

/**
 * The log-ratio of a class as the answer against as a candidate under a chain of type keys (most specific
 * first), each key's estimate smoothed towards its parent's; 0 when the table knows none of the keys.
 */
export function typeLogRatio(table: AnswerTypeTable, family: TypeFamily, keys: readonly string[], cls: string): number {
  const byKey = table.families[family];
  let pPos = 0;
  let pAll = 0;
  let known = false;
  for (let i = keys.length - 1; i >= 0; i--) {
    const kc = byKey[keys[i]!];
    if (!kc) continue;
    const cell = kc.c[cls];
    if (!known) {
      // The root: a class never seen is given the weight of half a question's candidate.
      const classes = kc.v + 1;
      pPos = (cell?.[0] ?? 0) + table.alpha / classes;
      pPos /= kc.n[0] + table.alpha;
      pAll = ((cell?.[1] ?? 0) + table.alpha / classes) / (kc.n[1] + table.alpha);
      known = true;
      continue;
    }
    pPos = ((cell?.[0] ?? 0) + table.alpha * pPos) / (kc.n[0] + table.alpha);
    pAll = ((cell?.[1] ?? 0) + table.alpha * pAll) / (kc.n[1] + table.alpha);
  }
  if (!known) return 0;
  return Math.max(-table.clip, Math.min(table.clip, Math.log(pPos / pAll)));
}

/** A table that knows nothing: every log-ratio is 0. */
export const EMPTY_ANSWER_TYPES: AnswerTypeTable = { alpha: 8, clip: 4, families: { shape: {}, prev: {}, head: {} } };

let shipped: AnswerTypeTable | undefined;

/** The shipped table (`data/answer-types.json`, fitted by `npm run fit:highlight -- … --write-types`), read
 * once. */
export function loadAnswerTypes(file: string = dataPath('answer-types.json')): AnswerTypeTable {
  if (file === dataPath('answer-types.json') && shipped) return shipped;
  let table: AnswerTypeTable;
  try {
    table = JSON.parse(fs.readFileSync(file, 'utf8')) as AnswerTypeTable;
  } catch (e) {
    throw new SetupError(`cannot read the answer-type table ${file}: ${(e as Error).message}`);
  }
  if (!table.families || TYPE_FAMILIES.some((f) => typeof table.families[f] !== 'object')) throw new SetupError(`${file} is no answer-type table`);
  if (file === dataPath('answer-types.json')) shipped = table;
  return table;
}
