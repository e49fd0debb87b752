/**
 * Short labels of timeline events, for the picture: a verbatim piece of the event's sentence (the bot never
 * writes words of its own about the corpus), without the date expression when the sentence opens with it
 * (the picture shows the date on the axis), cut at a word boundary.
 */
import { unwrapQuote } from '../text/chunk.js';
import type { TimelineEntry } from '../types.js';

/** Words that only introduce a leading date (« Le 24 février », "On March 2", « En janvier », "In 2025"). */
const DATE_INTRO = /^(?:le|la|les|l'|l’|en|au|aux|dès|depuis|à|a|on|in|at|by|since|from|du|des|de)\s*$/i;

/**
 * The label of an event, at most `max` characters, verbatim from its sentence. When the sentence opens with
 * the date (« Le 24 février 2026, lors d'une réunion… »), the date and the words around it are left out (the
 * picture shows the date on the axis); when the date is further in, the label starts at the clause that holds
 * it (after the last comma, semicolon or colon before it), so that a sentence with two dates gives two
 * different labels. A label that does not start the sentence begins with "…"; one cut short ends with "…".
 */
export function shortLabel(e: Pick<TimelineEntry, 'text' | 'dateText'>, max = 90): string {
  const sentence = unwrapQuote(e.text).text.replace(/\s+/g, ' ').trim();
  const date = (e.dateText ?? '').replace(/\s+/g, ' ');
  let text = sentence;
  let cutStart = false;
  const at = date ? sentence.indexOf(date) : -1;
  if (at >= 0) {
    const before = sentence.slice(0, at).trim();
    const rest = sentence.slice(at + date.length).replace(/^[\s,;:.—–-]+/, '');
    if (DATE_INTRO.test(before || 'le') && rest.length >= 12) {
      text = rest;
      cutStart = true;
    } else if (before) {
      const clause = Math.max(before.lastIndexOf(', '), before.lastIndexOf('; '), before.lastIndexOf(': '), before.lastIndexOf(' : '));
      if (clause > 0 && at - clause < max * 0.5) {
        text = sentence.slice(clause + 2).trim();
        cutStart = true;
      }
    }
  }
  const lead = cutStart ? '…' : '';
  if (lead.length + text.length <= max) return lead + text;
  const room = max - lead.length - 1;
  const cut = text.slice(0, room);
  const space = cut.lastIndexOf(' ');
  return `${lead}${(space > room * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '')}…`;
}
