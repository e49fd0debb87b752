/**
 * The replies to `/corpus add|remove|list` as text, for every platform: what the bot understood of an added
 * document (title, date, language and where each came from; passages and dated events found; its first dated
 * events), a removal, a page of the document list. Each adapter passes its own markup and escaping.
 */
import type { BotReply } from '../src/bot.js';
import { messages } from '../src/i18n.js';
import type { Lang } from '../src/types.js';

/** The markup of a platform. */
export interface CorpusTextStyle {
  bold(s: string): string;
  code(s: string): string;
  /** Escapes text from documents or users for the platform's markup. */
  esc(s: string): string;
  /** A link with a label, when the platform has links. */
  link?(url: string, label: string): string;
}

/** Plain text (terminal). */
export const PLAIN_CORPUS_STYLE: CorpusTextStyle = { bold: (s) => s, code: (s) => s, esc: (s) => s };

type CorpusReply = Extract<BotReply, { kind: 'corpus_add' | 'corpus_remove' | 'corpus_list' }>;

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Whether a reply is one of the corpus replies. */
export function isCorpusReply(reply: BotReply): reply is CorpusReply {
  return reply.kind === 'corpus_add' || reply.kind === 'corpus_remove' || reply.kind === 'corpus_list';
}

/** Renders a corpus reply as lines of text in `style`. */
export function renderCorpusText(reply: CorpusReply, style: CorpusTextStyle): string {
  const lang: Lang = reply.lang;
  const m = messages(lang).corpus;
  const { bold, code, esc } = style;
  if (reply.kind === 'corpus_list') {
    if (!reply.total) return m.listEmpty;
    const lines = [bold(m.listTitle(reply.total, reply.page, reply.pages))];
    for (const e of reply.entries) {
      const title = style.link && e.source ? style.link(e.source, cut(e.title, 80)) : esc(cut(e.title, 80));
      const added = e.addedBy ? ` · ${m.addedBy} ${esc(e.addedBy)} ${esc((e.addedAt ?? '').slice(0, 16).replace('T', ' '))}` : '';
      lines.push(`• ${code(e.id)} — ${title} · ${e.published ?? '—'} · ${e.language}${added}`);
    }
    return lines.join('\n');
  }
  if (reply.kind === 'corpus_remove') {
    const o = reply.outcome;
    if (!o.ok) return `${bold(m.removeRefused)}: ${esc(o.error)}`;
    return `${bold(m.removed)}: ${code(o.document.id)} — ${esc(o.document.title)}\n${m.index(o.report.documents, o.report.passages)}`;
  }
  const o = reply.outcome;
  if (!o.ok) return `${bold(m.addRefused)}: ${esc(o.error)}`;
  const d = o.document;
  const from = (field: string) => o.inferred.find((i) => i.field === field)?.from ?? '';
  const lines = [
    `${bold(o.action === 'update' ? m.updated : m.added)}: ${code(d.id)} — ${style.link && d.source ? style.link(d.source, cut(d.title, 150)) : esc(cut(d.title, 150))}`,
    `${m.readFrom}: title ← ${esc(from('title'))} · language ${d.language} ← ${esc(from('language'))} · ${d.published ? `published ${d.published} ← ${esc(from('published'))}` : esc(m.undated)}`,
    `${m.found(o.passages, o.dated)} · ${m.index(o.report.documents, o.report.passages)}`,
  ];
  if (o.events.length) {
    lines.push(bold(m.firstEvents));
    for (const e of o.events) lines.push(`• ${code(e.iso)} « ${esc(cut(e.displayText.replace(/\s+/g, ' '), 160))} »`);
  } else lines.push(m.noEvents);
  return lines.join('\n');
}
