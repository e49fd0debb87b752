/**
 * Years of encyclopedic text that the general date rules leave out:
 * - ranges of years read as two dates, their start and their end: life spans and periods (« Le Caravage
 *   (1571-1610) », "the war (1939–1945)", « de 1321 à 1323 », "between 1656 and 1703"), so that a question
 *   about either end (when was X born, when did X die, when did it end) finds the passage;
 * - years introduced by « à partir de » or « les années » (« À partir de 1014 », « depuis les années 1100 »),
 *   and years of three digits after a preposition of time, followed by what can follow a date
 *   (« Ibn Rustom fonde en 761 un royaume », "in 711, the Umayyads…").
 */
import type { Lang } from '../types.js';
import { LB, RB, YEAR } from './words.js';
import type { Candidate } from './rules.js';

/** The longest span a range of years may cover (a life, a reign, a war). */
const MAX_SPAN = 150;

/** Separator of two years written together: hyphen, en or em dash, slash, with optional spaces. */
const DASH = '\\s*[-‐‑–—/]\\s*';

/** A range followed by a unit or a count is a quantity (« entre 1200 et 1500 mètres »), not years. */
const NOT_QUANTITY = `(?!\\s*(?:%|(?:k?m|cm|mm|kg|g|ha|t|m²|km²|mètres?|metres?|meters?|kilomètres?|kilometres?|kilometers?|miles?|feet|pieds|tonnes?|tons?|habitants|inhabitants|people|personnes|euros?|dollars?|francs?|livres?|pounds?|hommes|men|soldats|soldiers)(?![\\p{L}])))`;

/** Years joined by words: « de 1321 à 1323 », « entre 1656 et 1703 », "from 1321 to 1323", "between … and …". */
const WORDED: Record<Lang, RegExp> = {
  fr: new RegExp(`${LB}(?:de|entre)\\s+(?<a>${YEAR})\\s+(?:à|a|et|jusqu['’]en)\\s+(?<b>${YEAR})${RB}${NOT_QUANTITY}`, 'dgiu'),
  en: new RegExp(`${LB}(?:from|between)\\s+(?<a>${YEAR})\\s+(?:to|and|until|till|through)\\s+(?<b>${YEAR})${RB}${NOT_QUANTITY}`, 'dgiu'),
};

/**
 * Years written as a dash range (« 1571-1610 », "1939–1945"), not inside a longer number or an ISO date, and
 * ranges of years joined by words. The second year must not be earlier than the first, nor more than
 * {@link MAX_SPAN} years later.
 */
const DASHED = new RegExp(`${LB}(?<![\\d][.,])(?<a>${YEAR})${DASH}(?<b>${YEAR})(?![\\d.,]\\d|\\s*-\\s*\\d)${RB}${NOT_QUANTITY}`, 'dgu');

/** Finds ranges of years; each gives two year candidates, one per end. */
export function findYearRanges(text: string, lang: Lang): Candidate[] {
  if (!/\d{4}/.test(text)) return [];
  const out: Candidate[] = [];
  for (const re of [DASHED, WORDED[lang]]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const a = Number(m.groups!.a);
      const b = Number(m.groups!.b);
      if (b < a || b - a > MAX_SPAN) continue;
      const [ia, ib] = [m.indices!.groups!.a!, m.indices!.groups!.b!];
      out.push({ start: ia[0], end: ia[1], year: a, priority: 2 }, { start: ib[0], end: ib[1], year: b, priority: 2 });
    }
  }
  return out;
}

/** What may follow a year of three digits (punctuation, a determiner, a pronoun, a conjunction, a preposition). */
const AFTER_SHORT_YEAR: Record<Lang, string> = {
  fr: `(?=\\s*(?:[,.;:)»]|$)|\\s+(?:un|une|le|la|les|l['’]|il|elle|ils|elles|on|et|ou|mais|à|au|aux|avec|par|puis|lorsque|quand|sous|sur|dans|contre|après|avant|jusqu['’]|ap|apr|av)(?![\\p{L}]))`,
  en: `(?=\\s*(?:[,.;:)]|$)|\\s+(?:a|an|the|he|she|it|they|and|or|but|when|to|by|with|under|after|before|until|AD|BC|CE|BCE)(?![\\p{L}]))`,
};

/** Years introduced by words the general rules do not read, and years of three digits after a preposition. */
const INTRODUCED: Record<Lang, RegExp[]> = {
  fr: [
    new RegExp(`${LB}(?:[àa]\\s+partir\\s+de|(?:les|des|aux)\\s+ann[ée]es)\\s+(?<y>${YEAR})${RB}${NOT_QUANTITY}`, 'dgiu'),
    new RegExp(`${LB}(?:en|vers|dès|d[èe]s|depuis|avant|après|apr[èe]s|l['’]an|[àa]\\s+partir\\s+de)\\s+(?<y>[1-9]\\d{2})${AFTER_SHORT_YEAR.fr}`, 'dgiu'),
  ],
  en: [
    new RegExp(`${LB}(?:in|around|by|from|since|until|after|before)\\s+(?<y>[1-9]\\d{2})${AFTER_SHORT_YEAR.en}`, 'dgiu'),
  ],
};

/** Finds the years {@link INTRODUCED} describes; each gives a year candidate. */
export function findIntroducedYears(text: string, lang: Lang): Candidate[] {
  if (!/\d{3}/.test(text)) return [];
  const out: Candidate[] = [];
  for (const re of INTRODUCED[lang]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [start, end] = m.indices!.groups!.y!;
      out.push({ start, end, year: Number(m.groups!.y), priority: 1 });
    }
  }
  return out;
}
