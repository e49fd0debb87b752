/**
 * The bot's own framing, in the question's language. Everything else the bot says is a quote.
 */
import type { Answer, DatePrecision, Lang } from './types.js';

/**
 * How a platform writes each command, for the help text: Slack's `/ask`, Discord's command mentions
 * (`</ask:ID>`, shown localized and clickable), the terminal's typed commands. `ask: null`: a question is
 * typed as it is.
 */
export interface CommandSyntax {
  ask: string | null;
  timeline: string;
  /** The document commands: add, remove, list. */
  corpusManage: string;
  corpusRefresh: string;
  corpusStatus: string;
  corpusReport: string;
}

/** Slash commands as typed (Slack's manifest). */
export const SLASH_COMMANDS: CommandSyntax = { ask: '`/ask`', timeline: '`/timeline`', corpusManage: '`/corpus add`, `/corpus remove`, `/corpus list`', corpusRefresh: '`/corpus refresh`', corpusStatus: '`/corpus status`', corpusReport: '`/corpus report`' };

/** Framing strings for one language. */
export interface Messages {
  declined: string;
  /** Framing of a low-confidence answer: the closest passage, not claimed to answer. */
  closest: string;
  empty: string;
  tooLong: (max: number) => string;
  rateLimited: (seconds: number) => string;
  forbidden: string;
  error: string;
  /** The help text, naming the commands as the platform writes them. */
  help: (commands: CommandSyntax) => string;
  dates: string;
  source: string;
  paragraph: string;
  /** "page" of a document with pages (PDF). */
  page: string;
  published: string;
  more: string;
  timelineTitle: string;
  timelineEmpty: string;
  refreshOk: string;
  refreshRefused: string;
  status: string;
  /** Replies to `/corpus add|remove|list`. */
  corpus: CorpusMessages;
}

/** Framing of the replies to `/corpus add|remove|list`. */
export interface CorpusMessages {
  added: string;
  updated: string;
  addRefused: string;
  removed: string;
  removeRefused: string;
  /** "3 passages, 2 dated events" */
  found: (passages: number, dated: number) => string;
  index: (documents: number, passages: number) => string;
  firstEvents: string;
  noEvents: string;
  readFrom: string;
  undated: string;
  listTitle: (total: number, page: number, pages: number) => string;
  listEmpty: string;
  addedBy: string;
  previous: string;
  next: string;
  /** The reply to an upload the bot could not read from the platform. */
  downloadFailed: string;
  /** How to add on this platform when the request is incomplete. */
  addUsage: string;
}

const fr: Messages = {
  declined: "Le corpus ne couvre pas cette question : je n'ai trouvé aucun passage qui y réponde.",
  closest: 'Le corpus ne répond peut-être pas directement à cette question. Le passage le plus proche :',
  empty: 'Posez une question, par exemple : « quand a été fixé l’ultimatum ? »',
  tooLong: (max) => `Cette question est trop longue (${max} caractères au plus). Pouvez-vous la raccourcir ?`,
  rateLimited: (s) => `Doucement 🙂 Vous pourrez poser une nouvelle question dans ${s} s.`,
  forbidden: 'Cette commande est réservée aux modérateurs.',
  error: 'Désolé, une erreur est survenue. Réessayez dans un instant.',
  help: (c) =>
    'Je réponds en citant mot pour mot les articles du corpus, avec leurs dates et leur source.\n' +
    `• ${c.ask ? `${c.ask} suivi de votre question` : 'votre question telle quelle'} (en français ou en anglais)\n` +
    `• ${c.timeline} pour la chronologie, éventuellement filtrée par un mot\n` +
    `• ${c.corpusManage}, ${c.corpusRefresh}, ${c.corpusStatus} et ${c.corpusReport} (ce que le corpus ne couvre pas) pour les modérateurs\n` +
    '• sous chaque réponse : 👍 / 👎, « Autres passages », et pour une réponse privée « Partager dans le salon »',
  dates: 'Dates',
  source: 'Source',
  paragraph: 'paragraphe',
  page: 'page',
  published: 'publié le',
  more: 'Autres passages',
  timelineTitle: 'Chronologie',
  timelineEmpty: 'Aucun passage daté ne correspond.',
  refreshOk: 'Corpus rechargé',
  refreshRefused: 'Rechargement refusé, l’index en service est inchangé',
  status: 'État du corpus',
  corpus: {
    added: 'Document ajouté',
    updated: 'Document mis à jour',
    addRefused: 'Document refusé, rien n’a changé',
    removed: 'Document retiré',
    removeRefused: 'Retrait refusé, rien n’a changé',
    found: (p, d) => `${p} passages, ${d} événements datés`,
    index: (d, p) => `Index en service : ${d} documents, ${p} passages`,
    firstEvents: 'Premiers événements datés',
    noEvents: 'Aucun événement daté n’y a été trouvé.',
    readFrom: 'Lu dans le document',
    undated: 'pas de date de publication trouvée (donnez-en une pour situer les dates relatives)',
    listTitle: (t, p, n) => `Documents du corpus (${t}) — page ${p}/${n}`,
    listEmpty: 'Aucun document.',
    addedBy: 'ajouté par',
    previous: 'Précédents',
    next: 'Suivants',
    downloadFailed: 'Le fichier joint n’a pas pu être téléchargé.',
    addUsage: 'Donnez un fichier ou un lien (url), pas les deux.',
  },
};

const en: Messages = {
  declined: "The corpus doesn't cover that: I found no passage that answers it.",
  closest: 'The corpus may not answer this directly. The closest passage:',
  empty: 'Ask a question, for example: "when was the ultimatum?"',
  tooLong: (max) => `That question is too long (${max} characters at most). Could you shorten it?`,
  rateLimited: (s) => `Easy there 🙂 You can ask again in ${s} s.`,
  forbidden: 'This command is for moderators only.',
  error: 'Sorry, something went wrong. Please try again in a moment.',
  help: (c) =>
    'I answer by quoting the corpus articles word for word, with their dates and source.\n' +
    `• ${c.ask ? `${c.ask} followed by your question` : 'your question as it is'} (in English or French)\n` +
    `• ${c.timeline} for the chronology, optionally filtered by a word\n` +
    `• ${c.corpusManage}, ${c.corpusRefresh}, ${c.corpusStatus} and ${c.corpusReport} (what the corpus does not cover) for moderators\n` +
    '• under each answer: 👍 / 👎, "More passages", and for a private answer "Share in channel"',
  dates: 'Dates',
  source: 'Source',
  paragraph: 'paragraph',
  page: 'page',
  published: 'published',
  more: 'More passages',
  timelineTitle: 'Timeline',
  timelineEmpty: 'No dated passage matches.',
  refreshOk: 'Corpus refreshed',
  refreshRefused: 'Refresh refused; the index in service is unchanged',
  status: 'Corpus status',
  corpus: {
    added: 'Document added',
    updated: 'Document updated',
    addRefused: 'Document refused; nothing changed',
    removed: 'Document removed',
    removeRefused: 'Removal refused; nothing changed',
    found: (p, d) => `${p} passages, ${d} dated events`,
    index: (d, p) => `Index in service: ${d} documents, ${p} passages`,
    firstEvents: 'First dated events',
    noEvents: 'No dated event was found in it.',
    readFrom: 'Read from the document',
    undated: 'no publication date found (give one to place relative dates)',
    listTitle: (t, p, n) => `Corpus documents (${t}) — page ${p}/${n}`,
    listEmpty: 'No document.',
    addedBy: 'added by',
    previous: 'Previous',
    next: 'Next',
    downloadFailed: 'The attached file could not be downloaded.',
    addUsage: 'Give a file or a link (url), not both.',
  },
};

/** The framing strings of a language. */
export function messages(lang: Lang): Messages {
  return lang === 'fr' ? fr : en;
}

/**
 * The reply to a declined question, in its language: empty, too long (with the limit it carries, else
 * `fallbackLimit`), or not covered. The one wording every renderer uses.
 */
export function declineText(answer: Pick<Answer, 'language' | 'reason' | 'limit'>, fallbackLimit = 500): string {
  const m = messages(answer.language);
  if (answer.reason === 'empty') return m.empty;
  if (answer.reason === 'too_long') return m.tooLong(answer.limit ?? fallbackLimit);
  return m.declined;
}

/** Maps a platform locale (`fr`, `fr-FR`, `en-US`…) to a language; English by default. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return locale && locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A UTC date formatter, built once per locale and options (building one costs far more than using it). */
function dateFormat(locale: string, o: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(o)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...o })));
  return f;
}

/**
 * A resolved ISO date in words, in the given language: `2026-02-27T17:01` → "27 février 2026, 17:01"
 * or "February 27, 2026, 17:01".
 */
export function humanDate(iso: string, precision: DatePrecision, lang: Lang): string {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
  const [datePart, timePart] = iso.split('T');
  const [y, m = '01', d = '01'] = (datePart ?? '').split('-');
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (Number.isNaN(date.getTime())) return iso;
  const fmt = (o: Intl.DateTimeFormatOptions) => dateFormat(locale, o).format(date);
  switch (precision) {
    case 'year':
      return String(y);
    case 'month':
      return fmt({ year: 'numeric', month: 'long' });
    case 'day':
      return fmt({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    case 'minute':
      return `${fmt({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })}, ${timePart ?? ''}`;
  }
}

/** Precision of an ISO string produced by the date resolver. */
export function precisionOf(iso: string): DatePrecision {
  if (iso.includes('T')) return 'minute';
  const parts = iso.split('-').length;
  return parts === 1 ? 'year' : parts === 2 ? 'month' : 'day';
}
