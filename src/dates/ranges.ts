/**
 * Ranges of years read as two dates, their start and their end: life spans and periods in encyclopedic text
 * (« Le Caravage (1571-1610) », "the war (1939–1945)", « de 1321 à 1323 », "between 1656 and 1703"), so that a
 * question about either end (when was X born, when did X die, when did it end) finds the passage.
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
