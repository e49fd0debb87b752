/**
 * The Slack App Home tab: what the bot does and how to use it (the help), and the state of the corpus in
 * service (documents, passages, version, when it was loaded, files rejected), in the user's language.
 */
import type { EngineStatus, Lang } from '../../src/types.js';
import { messages, SLASH_COMMANDS } from '../../src/i18n.js';
import { context, escapeMrkdwn, formatDate, section, type SlackBlock } from './blocks.js';

/** A Home tab view (`views.publish`). */
export interface HomeView {
  type: 'home';
  blocks: SlackBlock[];
}

const TITLES = {
  en: { help: 'How to use QuoteBot', corpus: 'The corpus', documents: 'documents', passages: 'passages', loaded: 'loaded', rejected: 'files rejected' },
  fr: { help: 'Utiliser QuoteBot', corpus: 'Le corpus', documents: 'documents', passages: 'passages', loaded: 'chargé', rejected: 'fichiers refusés' },
} as const;

/** Renders the Home tab. */
export function renderHome(lang: Lang, status: EngineStatus): HomeView {
  const m = messages(lang);
  const t = TITLES[lang];
  const loaded = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(status.loadedAt) ? formatDate(status.loadedAt.slice(0, 16), lang) : escapeMrkdwn(status.loadedAt);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t.help } },
    section(escapeMrkdwn(m.help(SLASH_COMMANDS))),
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: t.corpus } },
    section(`*${status.documents}* ${t.documents} · *${status.passages}* ${t.passages} · ${t.loaded} ${loaded}`),
    context(`version \`${escapeMrkdwn(status.version)}\``),
  ];
  if (status.rejected.length > 0) {
    blocks.push(context(`⚠️ ${status.rejected.length} ${t.rejected}: ${status.rejected.slice(0, 5).map((r) => `\`${escapeMrkdwn(r.file)}\``).join(', ')}`));
  }
  return { type: 'home', blocks };
}
