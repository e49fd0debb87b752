/**
 * The timeline's own framing, in English and French (buttons, page line, a refused date range).
 */
import type { Lang } from '../types.js';
import type { RangeProblem, TimelineRange } from './range.js';

/** Timeline strings of one language. */
export interface TimelineMessages {
  earlier: string;
  later: string;
  /** "Events 9–16 of 40 · page 2/5". */
  pageLine: (first: number, last: number, total: number, page: number, pages: number) => string;
  /** "from 2026-02 to 2026-03". */
  rangeLine: (range: TimelineRange) => string;
  /** A refused `from`/`to`. */
  badRange: (p: RangeProblem) => string;
  /** Alternative text of the picture. */
  pictureAlt: string;
  /** "{n} events". */
  events: (n: number) => string;
  /** Slack: why a private timeline has no picture. */
  pictureNotPrivate: string;
  /** Slack: the picture could not be posted in this channel. */
  pictureNeedsChannel: string;
}

const en: TimelineMessages = {
  earlier: '◀ Earlier',
  later: 'Later ▶',
  pageLine: (a, b, total, page, pages) => `Events ${a}–${b} of ${total} · page ${page}/${pages}`,
  rangeLine: (r) => [r.from ? `from ${r.from}` : '', r.to ? `to ${r.to}` : ''].filter(Boolean).join(' '),
  badRange: (p) =>
    p.reason === 'order'
      ? `\`to\` (${p.value}) is before \`from\`: give the earlier date in \`from\`.`
      : `\`${p.field}\`: "${p.value}" is not a date. Write a year, a month or a day: 2026, 2026-02 or 2026-02-24.`,
  pictureAlt: 'The events on a time axis',
  events: (n) => `${n} event${n === 1 ? '' : 's'}`,
  pictureNotPrivate: 'No picture for a timeline only you see: Slack cannot attach a file to a private message.',
  pictureNeedsChannel: 'The picture could not be posted here: invite the bot to this channel (/invite @quotebot) and try again.',
};

const fr: TimelineMessages = {
  earlier: '◀ Plus tôt',
  later: 'Plus tard ▶',
  pageLine: (a, b, total, page, pages) => `Événements ${a} à ${b} sur ${total} · page ${page}/${pages}`,
  rangeLine: (r) => [r.from ? `du ${r.from}` : '', r.to ? `au ${r.to}` : ''].filter(Boolean).join(' '),
  badRange: (p) =>
    p.reason === 'order'
      ? `\`to\` (${p.value}) précède \`from\` : mettez la date la plus ancienne dans \`from\`.`
      : `\`${p.field}\` : « ${p.value} » n’est pas une date. Écrivez une année, un mois ou un jour : 2026, 2026-02 ou 2026-02-24.`,
  pictureAlt: 'Les événements sur un axe du temps',
  events: (n) => `${n} événement${n > 1 ? 's' : ''}`,
  pictureNotPrivate: 'Pas d’image pour une chronologie que vous seul voyez : Slack ne joint pas de fichier à un message privé.',
  pictureNeedsChannel: 'L’image n’a pas pu être publiée ici : invitez le bot dans ce canal (/invite @quotebot) et réessayez.',
};

/** The timeline strings of a language. */
export function timelineMessages(lang: Lang): TimelineMessages {
  return lang === 'fr' ? fr : en;
}
