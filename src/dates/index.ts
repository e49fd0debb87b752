/**
 * Dates and amounts in French and English text: a pure module (no I/O).
 *
 * - {@link DateResolver}: every date expression of a document, resolved to ISO at its precision,
 *   passage after passage, in reading order.
 * - {@link questionDates}: the dates a question asks about.
 * - {@link findAmounts}: money amounts, percentages and quantities with a number.
 */
import type { DateMention, Lang } from '../types.js';
import { checkLang, extractWith, parseYMD } from './resolver.js';

export { DateResolver } from './resolver.js';
export { findAmounts } from '../text/amounts.js';

/** Today's date in UTC, `YYYY-MM-DD`. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Dates written in a question. Year-less dates ("le 24 février", "March 2") have `yearKnown: false`
 * and are resolved against `reference` (YYYY-MM-DD, today by default) only for the ISO; the engine
 * then matches on month-day. Relative dates ("yesterday", « la semaine dernière ») are resolved
 * against `reference` and count as `yearKnown: true`. Month and weekday names are accepted in
 * lower case, as people type in chat.
 * @throws TypeError or RangeError when `question` is not a string, `lang` is unknown, or
 *   `reference` is not a calendar date.
 */
export function questionDates(question: string, lang: Lang, reference?: string): (DateMention & { yearKnown: boolean })[] {
  if (typeof question !== 'string') throw new TypeError(`Dates: questionDates() needs a string, got ${typeof question}`);
  const ref = parseYMD(reference ?? today(), 'reference');
  return extractWith(question, checkLang(lang), ref, {}, true);
}
