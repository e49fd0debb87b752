/**
 * Word lists and regular-expression fragments for dates in French and English.
 *
 * Everything here is data: month and weekday names, number words, and the small helpers that
 * turn a written name into a number. The grammar itself lives in `rules.ts`.
 */

/** Word boundaries that understand accented letters (src/text/boundaries.ts). */
export { LB, RB } from '../text/boundaries.js';

import { fold } from '../text/analyze.js';

/** Removes diacritics and lower-cases (`Février` → `fevrier`): the analyzer's folding. */
export { fold };

/** French month names and abbreviations (folded) → month number 1-12. */
const FR_MONTHS: Record<string, number> = {
  janvier: 1, janv: 1,
  fevrier: 2, fevr: 2, fev: 2,
  mars: 3,
  avril: 4, avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7, juil: 7,
  aout: 8,
  septembre: 9, sept: 9,
  octobre: 10, oct: 10,
  novembre: 11, nov: 11,
  decembre: 12, dec: 12,
};

/** English month names and abbreviations (folded) → month number 1-12. */
const EN_MONTHS: Record<string, number> = {
  january: 1, jan: 1,
  february: 2, feb: 2,
  march: 3, mar: 3,
  april: 4, apr: 4,
  may: 5,
  june: 6, jun: 6,
  july: 7, jul: 7,
  august: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  october: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

/** Weekday names (folded, both languages) → 0 (Sunday) … 6 (Saturday). */
const WEEKDAYS: Record<string, number> = {
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6,
};

/** Month number of a written month name (with or without trailing dot), or undefined. */
export function monthNumber(word: string): number | undefined {
  const w = fold(word).replace(/\.$/, '');
  return FR_MONTHS[w] ?? EN_MONTHS[w];
}

/** Weekday number (0 = Sunday) of a written weekday name, or undefined. */
export function weekdayNumber(word: string): number | undefined {
  return WEEKDAYS[fold(word).replace(/\.$/, '')];
}

/** Full French month names, accents optional. */
export const FR_MONTH_FULL =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre';
/** French month abbreviations; the dot is required so that « sept » (seven) is not a month. */
export const FR_MONTH_ABBR = '(?:janv|f[ée]vr|f[ée]v|avr|juil|sept|oct|nov|d[ée]c)\\.';
/** Full English month names. */
export const EN_MONTH_FULL = 'January|February|March|April|May|June|July|August|September|October|November|December';
/** English month abbreviations (optionally followed by a dot). */
export const EN_MONTH_ABBR = '(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';

/** French weekday names. */
export const FR_WEEKDAY = 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche';
/** English weekday names, full. */
export const EN_WEEKDAY_FULL = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
/** English weekday abbreviations: accepted only directly before a date, never alone. */
export const EN_WEEKDAY_ABBR = '(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\\.?';

/** A four-digit year we accept as a date (1000-2199). */
export const YEAR = '(?:1\\d{3}|20\\d{2}|21\\d{2})';
