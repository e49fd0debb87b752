/**
 * Which person a who-question asks for, read from the structure of the question and of the quoted sentence.
 *
 * An active question ("Who set the ultimatum?", « Qui a fixé l'ultimatum ? ») asks for the doer: the subject
 * of the matched verb in the passage, or the name its passive introduces (« fondée par X », "built by X").
 * A passive one ("Who was called a liar?", « Qui a été qualifié de menteur ? ») or an object question
 * ("Whom did Hegseth threaten?") asks for the one acted upon: the object of an active verb, the subject of a
 * passive one. A question opened by a preposition (« À qui », « Avec qui », "To whom", "Who … with?") asks
 * for the name that preposition introduces. French and English share one analysis: both put the subject
 * before the verb and mark the other parts with prepositions.
 */
import { fold, tokenize, type Token } from '../text/analyze.js';
import type { Highlight, Lang } from '../types.js';
import { irregularLemmas } from '../text/french-verbs.js';
import { lemmaCandidates } from '../text/lemmas.js';
import { DEFAULT_ROLES, type RoleTable } from './options.js';

/** A class of prepositions, the same in both languages (« par » and "by" are `par`). */
export type PrepClass = 'par' | 'a' | 'avec' | 'de' | 'pour' | 'contre' | 'chez' | 'other';

/** The part the answer plays in its sentence. */
export type RoleKind = 'agent' | 'patient' | 'prep';

/** What a who-question asks of the person, and the verb it asks about. */
export interface AskedRole {
  kind: RoleKind;
  /** For `prep`: the preposition that introduces the answer. */
  prep?: PrepClass;
  /** The question's verb, as written (its token). */
  verb?: Token;
  /** The verb means receiving (« recevoir », "get"): when the passage says it the other way round
   * (« Hegseth fixe un ultimatum à Amodei » for "Who received the ultimatum?"), the receiver is asked. */
  converse: boolean;
}

/** Prepositions (folded, both languages) → their class. */
const PREPOSITIONS = new Map<string, PrepClass>(
  Object.entries({
    par: 'par', by: 'par',
    a: 'a', au: 'a', aux: 'a', to: 'a',
    avec: 'avec', with: 'avec',
    de: 'de', d: 'de', du: 'de', des: 'de', from: 'de', of: 'de',
    pour: 'pour', for: 'pour',
    contre: 'contre', against: 'contre',
    chez: 'chez',
  } satisfies Record<string, PrepClass>),
);

/** Prepositions that introduce neither an agent nor an object. */
const OTHER_PREPOSITIONS = new Set(
  ('sur sous vers via dans en selon comme entre envers apres avant depuis pendant lors parmi sans outre malgre ' +
    'aupres in on at about like as between among after before during since through into onto over under ' +
    'without per toward towards upon across near beside behind').split(' '),
);

const DETERMINERS = new Set(
  ('le la les l un une son sa ses leur leurs ce cet cette ces mon ma mes notre nos votre vos ' +
    'the an this that these those his her its their our my your').split(' '),
);

/** Forms of « avoir » and "have"/"do"/modals that only carry tense. */
const AUXILIARIES = new Set(
  ('a ont avait avaient aura auront aurait auraient eut eurent ' +
    'has have had did does do will would can could shall should may might must').split(' '),
);
/** Forms of « être » and "be". */
const BE = new Set('est sont etait etaient fut furent sera seront serait seraient soit soient etre ete is are was were be been being'.split(' '));
/** Words between the question word and the verb that are not the verb. */
const NOT_VERB = new Set(
  ('ne n pas jamais plus t il elle ils elles on se s y en lui donc alors deja bien aussi finalement vraiment ' +
    'not never ever also actually really first finally originally it he she they there').split(' '),
);
/** Verbs of receiving, whose subject is the one the converse verb acts upon. */
const CONVERSE = new Set(['receive', 'get', 'obtain', 'recevoir', 'obtenir', 'subir']);

/** A word that looks like a past participle (« qualifié », « élu », « pris »; "called", "given"). */
function participle(t: Token, lang: Lang): boolean {
  if (lang === 'en') return /(?:ed|en|wn|ung|ought|aught)$/.test(t.word) || ['born', 'made', 'held', 'led', 'set', 'put', 'hit', 'sold', 'told', 'paid', 'built', 'sent', 'left', 'lost', 'won'].includes(t.word);
  if (t.word.length < 2 || PREPOSITIONS.has(t.word) || AUXILIARIES.has(t.word) || BE.has(t.word)) return false;
  return /(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues)$/.test(t.low) || irregularLemmas(t.word).length > 0;
}

/**
 * The role a who-question asks for, or undefined when it asks none (« Qui est le PDG ? ", "Who is Amodei?")
 * or is not a who-question.
 */
export function askedRole(text: string, lang: Lang): AskedRole | undefined {
  const toks = tokenize(text, lang);
  const words = toks.map((t) => t.word);
  const wh = whIndex(toks, lang);
  if (wh < 0) return undefined;
  let kind: RoleKind = 'agent';
  let prep: PrepClass | undefined;
  const before = PREPOSITIONS.get(words[wh - 1] ?? '');
  // A stranded preposition: "Who did Anthropic sign a contract with?"
  const last = words[words.length - 1] ?? '';
  const stranded = lang === 'en' && wh === 0 && last !== words[wh] ? PREPOSITIONS.get(last) : undefined;
  const opening = before ?? stranded;
  // The inversion of a French question (« a-t-il », « fixe-t-elle »).
  const inversion = toks.findIndex((t, i) => i > wh && /^(?:il|elle|ils|elles|on)$/.test(t.word) && text[t.start - 1] === '-');
  let j = wh + 1;
  if (opening === 'par') kind = 'agent';
  else if (opening) {
    kind = 'prep';
    prep = opening;
  } else if (lang === 'fr') {
    if (words[j] === 'est' && words[j + 1] === 'ce' && words[j + 2] === 'qui') j += 3;
    const reflexive = toks[j] ? /s['’]$/i.test(text.slice(Math.max(0, toks[j]!.start - 2), toks[j]!.start)) : false;
    if (AUXILIARIES.has(words[j] ?? '')) {
      j++;
      while (NOT_VERB.has(words[j] ?? '')) j++;
      if (words[j] === 'ete') kind = 'patient';
    } else if (BE.has(words[j] ?? '') && !reflexive) {
      const next = toks[j + 1];
      if (!next || !participle(next, lang)) return undefined;
      kind = 'patient';
    } else if (inversion > wh + 1) kind = 'patient'; // « Qui Hegseth a-t-il menacé ? »
  } else {
    const next = words[j] ?? '';
    if (words[wh] === 'whom') kind = 'patient';
    else if (next === 'did' || next === 'does' || next === 'do') {
      // "Who did Hegseth threaten?" asks for the object; "Who did sign it?" (emphatic) for the subject.
      const after = toks[j + 1];
      if (after && (after.capitalized || DETERMINERS.has(after.word))) kind = 'patient';
    } else if (BE.has(next) || ((next === 'has' || next === 'have' || next === 'had') && words[j + 1] === 'been')) {
      const k = BE.has(next) ? j + 1 : j + 2;
      const after = toks[k];
      if (!after || after.capitalized || DETERMINERS.has(after.word)) return undefined; // "Who is the CEO?"
      if (after.word.endsWith('ing')) kind = 'agent';
      else if (participle(after, lang)) kind = 'patient';
      else return undefined; // "Who was responsible?"
    }
  }
  const verb = findVerb(toks, wh, inversion, lang);
  const converse = !!verb && lemmaCandidates(verb.word, lang).some((l) => CONVERSE.has(l));
  return { kind, ...(prep ? { prep } : {}), ...(verb ? { verb } : {}), converse };
}

/** Index of the question word (« qui », "who", or the noun of « quelle entreprise », "which company"). */
function whIndex(toks: Token[], lang: Lang): number {
  const words = toks.map((t) => t.word);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // A capital inside the question is part of a name ("the first Doctor Who serial").
    if (i > 0 && toks[i]!.capitalized) continue;
    if (lang === 'fr' ? w === 'qui' : w === 'who' || w === 'whom') return i;
    if ((lang === 'fr' ? /^quel(?:le)?s?$/.test(w) : w === 'which') && words[i + 1]) return i + 1;
  }
  return -1;
}

/** Whether a question token can be its verb: not a name, a number, a determiner, a pronoun or an auxiliary. */
function candidate(t: Token, lang: Lang): boolean {
  if (t.numeric || t.capitalized || t.word.length < 2) return false;
  if (DETERMINERS.has(t.word) || AUXILIARIES.has(t.word) || BE.has(t.word) || NOT_VERB.has(t.word)) return false;
  return !(lang === 'en' && t.word === 'a');
}

/**
 * The question's verb. In French, the word right after the question word (« Qui fixe »), else the word
 * after the first auxiliary or inversion that follows it (« Qui a fixé », « À qui Hegseth a-t-il fixé »,
 * « Par qui l'ultimatum a-t-il été fixé »). In English, after an auxiliary that inverts the subject ("To whom did
 * the council sell the house?", "By whom was the bridge built?"), the word before the first determiner or
 * preposition past the subject, or the last word; else the first word after the question word.
 */
function findVerb(toks: Token[], wh: number, inversion: number, lang: Lang): Token | undefined {
  const isAux = (t: Token | undefined) => !!t && (AUXILIARIES.has(t.word) || BE.has(t.word));
  let from = wh + 1;
  if (lang === 'fr') {
    if (toks[wh + 1]?.word === 'est' && toks[wh + 2]?.word === 'ce' && toks[wh + 3]?.word === 'qui') wh += 3;
    from = wh + 1;
    // After an inversion (« Par qui l'ultimatum a-t-il été fixé »); else « Qui fixe … »: the verb right after
    // the question word; else past its subject and auxiliaries (« À qui le conseil a vendu »).
    if (inversion > wh) from = inversion + 1;
    else if (!toks[from] || !candidate(toks[from]!, lang)) {
      let k = from;
      while (k < toks.length && !isAux(toks[k]) && k !== inversion) k++;
      if (k < toks.length) from = Math.max(k, inversion + 1);
    }
  } else if (isAux(toks[wh + 1])) {
    let k = wh + 2;
    while (isAux(toks[k]) || NOT_VERB.has(toks[k]?.word ?? '')) k++;
    const found = toks.slice(k).findIndex((t, i) => {
      if (!candidate(t, lang)) return false;
      const next = toks[k + i + 1];
      return !next || DETERMINERS.has(next.word) || next.word === 'a' || PREPOSITIONS.has(next.word) || OTHER_PREPOSITIONS.has(next.word) || participle(t, lang);
    });
    if (found >= 0) return toks[k + found];
  }
  for (let i = from; i < toks.length; i++) if (candidate(toks[i]!, lang)) return toks[i];
  return undefined;
}

/**
 * The preposition that introduces a name, if any: right before it (« à Dario Amodei »), or before its
 * determiner (« avec le Département »), and past the title or up to two lowercase words a determiner opens
 * ("by the engineer Thomas Gray", « par le jeune ministre X »).
 */
export function prepositionBefore(text: string, start: number, lang: Lang): PrepClass | undefined {
  const head = text.slice(Math.max(0, start - 60), start);
  const words = [...head.matchAll(/\p{L}+/gu)];
  // Only words next to each other count: « à Dario » but not « à la réunion, Hegseth ».
  let next = head.length;
  const seq: string[] = [];
  for (let k = words.length - 1; k >= 0 && seq.length < 4; k--) {
    const m = words[k]!;
    if (!/^[\s'’]*$/.test(head.slice(m.index! + m[0].length, next))) break;
    seq.push(m[0]);
    next = m.index!;
  }
  const isDeterminer = (w: string) => DETERMINERS.has(fold(w)) || (lang === 'en' && fold(w) === 'a');
  const prepOf = (w: string): PrepClass | undefined => {
    const f = fold(w);
    // « a » without its accent is « avoir »: « Trump a Truth Social » is no preposition.
    if (f === 'a' && lang === 'fr' && w !== 'à' && w !== 'À') return undefined;
    return PREPOSITIONS.get(f) ?? (OTHER_PREPOSITIONS.has(f) ? 'other' : undefined);
  };
  const first = seq[0];
  if (first === undefined) return undefined;
  if (!isDeterminer(first)) {
    const direct = prepOf(first);
    if (direct || /^\p{Lu}/u.test(first)) return direct;
    // A title or adjective opened by a determiner: « par le ministre X », "by the young engineer X".
    const det = seq.findIndex((w, i) => i > 0 && i <= 2 && isDeterminer(w));
    if (det < 0 || seq.slice(1, det).some((w) => /^\p{Lu}/u.test(w) || prepOf(w))) return undefined;
    return seq[det + 1] === undefined ? undefined : prepOf(seq[det + 1]!);
  }
  return seq[1] === undefined ? undefined : prepOf(seq[1]);
}

/** Where a candidate name stands relative to the matched verb (or question words) of its clause. */
interface Placement {
  name: Highlight;
  prep: PrepClass | undefined;
  /** In a clause holding an anchor; `after` tells on which side of it. */
  anchored: boolean;
  after: boolean;
  /** The « par » / "by" phrase of the anchor's verb (« fondée par X »). */
  agent: boolean;
  /** The nearest name before the anchor of its clause that no preposition introduces. */
  subject: boolean;
  /** The subject of a main verb on which the anchor's clause depends (« X annonce que … sera qualifiée »). */
  governs: boolean;
  /** The clause's verb is passive (« est qualifiée », « fondée par »). */
  passive: boolean;
  /** The subject follows the verb after a quotation (« …», a déclaré Trump). */
  inverted: boolean;
}

/** What the passage side needs: its text, language, names, and the anchors found in it. */
export interface RoleInput {
  text: string;
  lang: Lang;
  names: Highlight[];
  /** Offsets of the question's verb in the passage (strong anchors). */
  verbAt: Highlight[];
  /** Offsets of the question's other words in the passage, used when the verb is not there. */
  wordsAt: Highlight[];
  /** Whether a name lies inside quotation marks. */
  quoted: (n: Highlight) => boolean;
}

/** The scores of {@link roleScores}, one per name, with what the passage told. */
export interface RoleScores {
  scores: number[];
  /** The question's verb itself was found (not only its other words). */
  verbFound: boolean;
  /** The verb was found as a finite verb whose subject the sentence shows: not as a noun (« la
   * suggestion »), an infinitive (« de remporter ») or after a pronoun (« Ce dernier apporte »). */
  finite: boolean;
}

/**
 * Scores each name on how well its place in the sentence fits the role asked: positive when it plays the
 * role (the subject of an active verb, the « par » phrase of a passive one, the object, the name the asked
 * preposition introduces), negative when it plays another. `null` when the passage holds no anchor to read
 * the structure from.
 */
export function roleScores(role: AskedRole, input: RoleInput, table: RoleTable = DEFAULT_ROLES): RoleScores | null {
  const { text } = input;
  const names = [...input.names].sort((a, b) => a.start - b.start);
  const verbFound = input.verbAt.length > 0;
  const anchors = verbFound ? input.verbAt : input.wordsAt.filter((w) => !names.some((n) => w.start >= n.start && w.end <= n.end));
  if (!anchors.length) return null;
  const kind = role.converse && !verbFound && role.kind === 'agent' ? 'patient' : role.kind;
  const clauseOf = clauses(text);
  // Each name's preposition and clause, read once (every name is compared with every other).
  const preps = names.map((n) => prepositionBefore(text, n.start, input.lang));
  const clauseAt = names.map((n) => clauseOf(n.start));
  /** Facts of an anchor that do not depend on the name placed: the verb as a noun, the passive. */
  const anchorFacts = new Map<Highlight, { nominal: boolean; passive: boolean }>();
  const factsOf = (a: Highlight) => {
    let f = anchorFacts.get(a);
    if (f) return f;
    // The verb found as a noun (« à la suggestion de Champlain », « sous le commandement des Lombards »):
    // its « de » phrase names the doer.
    const nominal = verbFound && nominalAt(text, a.start, input.lang);
    const passive =
      verbFound &&
      !nominal &&
      (/(?:^|[^\p{L}])(?:est|sont|été|était|étaient|sera|seront|fut|furent|soit|soient|être|is|are|was|were|be|been|being)\s+(?:\p{L}+\s+)?$/iu.test(text.slice(Math.max(0, a.start - 30), a.start)) ||
        names.some((_, i) => agentOf(a, nominal, i)));
    anchorFacts.set(a, (f = { nominal, passive }));
    return f;
  };
  // The « par » / "by" phrase of the anchor's own verb: right after it, with no comma or other clause
  // between (not « … indiquant qu'elle ne cédera pas, précisant que le libellé proposé par le Pentagone »).
  const agentOf = (a: Highlight, nominal: boolean, i: number) => {
    const n = names[i]!;
    if (n.start < a.end || n.start - a.end >= 40) return false;
    if (/[,«»]|(?:^|[^\p{L}])(?:que|qu['’]|qui|that|which|who)(?:[^\p{L}]|$)/iu.test(text.slice(a.end, n.start))) return false;
    const p = preps[i];
    return p === 'par' || (nominal && p === 'de');
  };
  const placements: Placement[] = names.map((name, ni) => {
    const prep = preps[ni];
    const c = clauseAt[ni]!;
    const inClause = anchors.filter((a) => clauseOf(a.start) === c);
    if (!inClause.length) return { name, prep, anchored: false, after: false, agent: false, subject: false, governs: false, passive: false, inverted: false };
    // The nearest anchor of its clause.
    const a = inClause.reduce((b, x) => (Math.abs(x.start - name.start) < Math.abs(b.start - name.start) ? x : b));
    const after = name.start >= a.end;
    // The subject: the name nearest before the anchor that no preposition introduces (« lors d'une réunion
    // au Pentagone, Hegseth fixe », « Emil Michael, le secrétaire adjoint à la Défense, n'hésite pas »).
    const free = names.filter((n, i) => clauseAt[i] === c && n.end <= a.start && !input.quoted(n) && preps[i] === undefined);
    const subject = free[free.length - 1];
    const { nominal, passive } = factsOf(a);
    const inverted = verbFound && after && name.start - a.end < 4 && /[»"”]\s*,\s*(?:\p{L}+\s+)?$/u.test(text.slice(Math.max(0, a.start - 25), a.start));
    // A subordinate clause between the subject and the verb: the name is the subject of the main verb
    // (« Pete Hegseth annonce que la société sera qualifiée »), the likely source of the act.
    // A relative pronoun right before the verb makes the name its subject (« Muriel, qui présente »).
    const between = text.slice(name.end, a.start);
    const relative = /(?:^|[^\p{L}])(?:qui|who|which|that)\s+(?:\p{L}+['’]?\s*){0,2}$/iu.test(between);
    const governs = subject === name && !relative && /(?:^|[^\p{L}])(?:que|qu['’]|qui|dont|that|which|who)(?:[^\p{L}]|$)/iu.test(between);
    return { name, prep, anchored: true, after, agent: agentOf(a, nominal, ni), subject: subject === name && !governs, governs, passive, inverted };
  });
  const scores = placements.map((p) => score(p, kind, role.prep, verbFound, table));
  // The verb found as a finite verb whose subject the sentence shows: not a noun or an infinitive
  // (« les dirigeants », « lui permet de remporter »), nor after a pronoun standing for a name said
  // elsewhere (« Ce dernier apporte », "He founded").
  const finite =
    verbFound &&
    input.verbAt.some(
      (a) =>
        !nominalAt(text, a.start, input.lang) &&
        !prepositionBefore(text, a.start, input.lang) &&
        !PRONOUN_SUBJECT.test(text.slice(Math.max(0, a.start - 40), a.start).split(/[.!?;:,]/).pop() ?? ''),
    );
  return { scores, verbFound, finite };
}

/** Whether the word at `start` is a noun: a determiner stands right before it (« la suggestion »). */
function nominalAt(text: string, start: number, lang: Lang): boolean {
  const m = /(\p{L}+)['’\s]\s*$/u.exec(text.slice(Math.max(0, start - 12), start));
  if (!m) return false;
  const w = fold(m[1]!);
  return DETERMINERS.has(w) || w === 'du' || w === 'des' || w === 'au' || w === 'aux' || (lang === 'en' && (w === 'a' || w === 'the'));
}

/** A subject pronoun opening the words before a verb (« il a », « ce dernier », "she later"). */
const PRONOUN_SUBJECT = /^\s*(?:il|elle|ils|elles|on|ce dernier|cette dernière|ces derniers|celui-ci|celle-ci|ceux-ci|he|she|they|it|we|i)\s/iu;

/** The score of a name's placement for the role asked, read from the role table. */
function score(p: Placement, kind: RoleKind, prep: PrepClass | undefined, verbFound: boolean, t: RoleTable): number {
  // The asked preposition after the verb introduces its complement (« conclu un accord avec le Département »);
  // elsewhere it may belong to another word (« la rupture avec Anthropic »).
  if (kind === 'prep') return p.prep === prep ? (p.anchored && p.after ? t.prep.afterVerb : t.prep.elsewhere) : t.prep.other;
  if (!p.anchored) return 0;
  if (kind === 'agent') {
    const a = t.agent;
    if (p.agent) return a.byPhrase;
    if (p.prep !== undefined) return a.otherPrep;
    if (p.inverted) return a.inverted;
    if (p.subject) return p.passive ? a.passiveSubject : a.subject;
    if (p.governs) return a.governs;
    // After the verb with no preposition: its object.
    return p.after ? a.object : a.otherwise;
  }
  const pt = t.patient;
  if (p.governs) return pt.governs;
  if (p.agent || p.prep === 'par') return pt.byPhrase;
  if (p.subject) return p.passive ? pt.passiveSubject : pt.subject;
  if (p.prep === undefined) return !verbFound || p.after ? pt.object : pt.before;
  if (p.prep === 'a' && p.after) return pt.toAfterVerb;
  return pt.otherPrep;
}

/** Maps an offset to the number of its clause (sentences, and their parts split by « : » and « ; »). */
function clauses(text: string): (offset: number) => number {
  const cuts: number[] = [];
  for (const m of text.matchAll(/[.!?;:](?=\s|$)|\n/g)) cuts.push(m.index!);
  return (offset) => {
    let n = 0;
    while (n < cuts.length && cuts[n]! < offset) n++;
    return n;
  };
}
