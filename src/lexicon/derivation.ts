/**
 * Derivational morphology, within a language and across English and French, by suffix rules:
 *
 * - **cognates**: a learned word the lexicon does not know usually has a regular counterpart in the other
 *   language (« orientalisme » ↔ "orientalism", « magnétique » ↔ "magnetic", « révolutionnaire » ↔
 *   "revolutionary", « identité » ↔ "identity", « indicateur » ↔ "indicator", "sedimentary" ↔ « sédimentaire »);
 * - **noun ↔ verb**: a question's noun often stands as a verb in the passage and the reverse (« décision » ↔
 *   « décide », « signature » ↔ « signe », "announcement" ↔ "announce", "decision" ↔ "decide").
 *
 * The rules only propose forms; a form the corpus does not hold matches nothing, and the ranking weighs these
 * forms below the word itself and below the lexicon's translations.
 */
import type { Lang } from '../types.js';

/** A suffix rule: a word ending in `from` (and long enough) may end in each of `to` instead. */
type Rule = [from: string, to: string[]];

/** Cognate suffixes, French (accented, lowercase) → English. Longest suffixes first. */
const FR_EN: Rule[] = [
  ['ionnaires', ['ionaries']], ['ionnaire', ['ionary']], ['ionnelles', ['ional']], ['ionnelle', ['ional']], ['ionnels', ['ional']], ['ionnel', ['ional']],
  ['ionnistes', ['ionists']], ['ionniste', ['ionist']], ['ionnisme', ['ionism']],
  ['ifiés', ['ified']], ['ifiée', ['ified']], ['ifié', ['ified']], ['ifier', ['ify']],
  ['isées', ['ized', 'ised']], ['isés', ['ized', 'ised']], ['isée', ['ized', 'ised']], ['isé', ['ized', 'ised']], ['iser', ['ize', 'ise']],
  ['ismes', ['isms']], ['isme', ['ism']], ['istes', ['ists']], ['iste', ['ist']],
  ['iques', ['ics', 'ical']], ['ique', ['ic', 'ical']],
  ['aires', ['aries', 'ars']], ['aire', ['ary', 'ar']],
  ['ités', ['ities']], ['ité', ['ity']],
  ['teurs', ['tors']], ['teur', ['tor']],
  ['ives', ['ive']], ['ifs', ['ives']], ['if', ['ive']], ['ive', ['ive']],
  ['euses', ['ous']], ['euse', ['ous']], ['eux', ['ous']],
  ['ies', ['ies']], ['ie', ['y', 'ia']],
  ['elles', ['al']], ['elle', ['al']], ['els', ['als']], ['el', ['al']],
];

/** Cognate suffixes, English (lowercase) → French (accented). */
const EN_FR: Rule[] = [
  ['ionaries', ['ionnaires']], ['ionary', ['ionnaire']], ['ionals', ['ionnels']], ['ional', ['ionnel', 'ionnelle']],
  ['ionists', ['ionnistes']], ['ionist', ['ionniste']], ['ionism', ['ionnisme']],
  ['ified', ['ifié']], ['ify', ['ifier']],
  ['ized', ['isé']], ['ised', ['isé']], ['ize', ['iser']], ['ise', ['iser']],
  ['isms', ['ismes']], ['ism', ['isme']], ['ists', ['istes']], ['ist', ['iste']],
  ['ical', ['ique']], ['ics', ['iques']], ['ic', ['ique']],
  ['aries', ['aires']], ['ary', ['aire']], ['ar', ['aire']],
  ['ities', ['ités']], ['ity', ['ité']],
  ['tors', ['teurs']], ['tor', ['teur']],
  ['ives', ['ifs', 'ives']], ['ive', ['if', 'ive']],
  ['ous', ['eux', 'euse']],
  ['ogy', ['ogie']], ['phy', ['phie']], ['ia', ['ie']],
  ['al', ['el', 'al']],
];

/** Noun ↔ verb suffixes within French (noun → infinitive, and back). */
const FR_NOUN_VERB: Rule[] = [
  ['ications', ['ier']], ['ication', ['ier']], ['ations', ['er']], ['ation', ['er']], ['atures', ['er']], ['ature', ['er']], ['isions', ['ider']], ['ision', ['ider']],
  ['ements', ['er']], ['ement', ['er']], ['etures', ['er']], ['eture', ['er']], ['itions', ['ir']], ['ition', ['ir']],
  ['ures', ['er']], ['ure', ['er']], ['ages', ['er']], ['age', ['er']],
];
const FR_VERB_NOUN: Rule[] = [
  ['ider', ['ision']], ['ifier', ['ification']], ['ier', ['ication']], ['er', ['ation', 'ement', 'ature', 'age']], ['ir', ['ition']],
];

/** Noun ↔ verb suffixes within English. */
const EN_NOUN_VERB: Rule[] = [
  ['ifications', ['ify']], ['ification', ['ify']], ['ications', ['ish']], ['ication', ['ish']], ['isions', ['ide']], ['ision', ['ide']], ['ations', ['ate', 'e', '']], ['ation', ['ate', 'e', '']], ['ments', ['']], ['ment', ['']],
  ['atures', ['']], ['ature', ['']], ['ures', ['e']], ['ure', ['e']], ['als', ['e']], ['al', ['e']], ['ances', ['']], ['ance', ['']],
];
const EN_VERB_NOUN: Rule[] = [
  ['ide', ['ision']], ['ify', ['ification']], ['ish', ['ication']], ['ate', ['ation']], ['e', ['ation', 'ement', 'al', 'ure']],
];

/** Shortest stem a rule may leave (shorter words are too ambiguous to derive): cognates, noun ↔ verb. */
const MIN_STEM = { cognate: 4, nounVerb: 3 };

/** Forms by the first rule whose suffix the word ends in (or by every such rule); none when that rule would
 * leave too short a stem. */
function apply(word: string, rules: Rule[], minStem: number, firstOnly = true): string[] {
  const out: string[] = [];
  for (const [from, to] of rules) {
    if (!word.endsWith(from)) continue;
    if (word.length - from.length < minStem) {
      if (firstOnly) break;
      continue;
    }
    const base = word.slice(0, word.length - from.length);
    for (const t of to) out.push(base + t);
    if (firstOnly) break;
  }
  return out;
}

/**
 * Regular counterparts of a word in the other language (« orientalisme » → "orientalism"; "lunar" →
 * « lunaire »). `word` is lowercase, with its accents; French forms come out accented. Words of fewer than
 * six letters get none.
 */
export function cognates(word: string, from: Lang): string[] {
  if (word.length < 6 || !/^\p{L}+$/u.test(word)) return [];
  if (from === 'fr') return apply(word, FR_EN, MIN_STEM.cognate).map((w) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  return apply(word, EN_FR, MIN_STEM.cognate);
}

/**
 * The verb of a noun and the nouns of a verb in the same language (« décision » → « décider »; « signer » →
 * « signature »; "announcement" → "announce"; "decide" → "decision"). `word` is a lowercase dictionary form
 * (a verb in its infinitive or base form).
 */
export function nounVerbForms(word: string, lang: Lang): string[] {
  if (word.length < 5 || !/^\p{L}+$/u.test(word)) return [];
  const [nv, vn] = lang === 'fr' ? [FR_NOUN_VERB, FR_VERB_NOUN] : [EN_NOUN_VERB, EN_VERB_NOUN];
  // A word ending like a noun is read as one (its verb), else as a verb (its nouns).
  if (nv.some(([from]) => word.endsWith(from))) return apply(word, nv, MIN_STEM.nounVerb);
  return apply(word, vn, MIN_STEM.nounVerb);
}
