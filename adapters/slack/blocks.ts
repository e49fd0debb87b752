/**
 * Pure Block Kit rendering of every {@link BotReply} kind for Slack. No I/O, no platform client: a reply in,
 * a message (fallback text, blocks, visibility) out.
 *
 * Every piece of corpus or user text goes through {@link escapeMrkdwn}, so nothing the corpus or a user wrote
 * becomes a link, a mention (`<@U…>`) or a broadcast (`<!channel>`). Slack's limits are respected:
 * at most {@link SLACK_LIMITS.sectionText} characters per section text and {@link SLACK_LIMITS.blocks} blocks.
 */
import { renderCorpusText, type CorpusTextStyle } from '../corpus-text.js';
import type { BotReply } from '../../src/bot.js';
import { declineText, humanDate, messages, precisionOf, SLASH_COMMANDS } from '../../src/i18n.js';
import type { Answer, AnswerPassage, EngineStatus, Highlight, Lang, RefreshReport, TimelineEntry } from '../../src/types.js';
import { normalizeSpans, renderHighlights, truncateQuote, truncateWords } from '../render.js';
import type { SlackButton } from './action-ids.js';
import { quoteFileName } from '../../src/corpus/names.js';
import { renderTimelinePage } from './timeline.js';

/** Limits Slack enforces (and bolt does not check). */
export const SLACK_LIMITS = {
  /** Characters in a section block's text. */
  sectionText: 3000,
  /** Characters in one context element. */
  contextText: 2000,
  /** Characters in a header block's plain text. */
  headerText: 150,
  /** Blocks per message. */
  blocks: 50,
  /** Elements per context block. */
  contextElements: 10,
  /** Characters of the top-level fallback `text` we send (Slack truncates at 40,000; we keep it short). */
  fallbackText: 3000,
  /** Characters of block text in one message: Slack rejects some messages near 13k characters of blocks. */
  totalText: 11_000,
} as const;

/** A mrkdwn or plain text object. */
export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

/** The Block Kit blocks this module produces (structurally compatible with `@slack/types` `KnownBlock`). */
export type SlackBlock =
  | { type: 'section'; text: TextObject }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'divider' }
  | { type: 'actions'; elements: SlackButton[] };

/** A rendered Slack message. */
export interface SlackMessage {
  /** Fallback text for notifications and clients without Block Kit (escaped mrkdwn). */
  text: string;
  /** The blocks, within Slack's limits. */
  blocks: SlackBlock[];
  /** True when only the requester should see it (ephemeral / DM-only). */
  ephemeral: boolean;
}

/** Rendering options. */
export interface RenderOptions {
  /** Answers and timelines are shown only to the requester unless they ask otherwise. */
  privateByDefault?: boolean;
  /** The engine's maximum question length, quoted in the "too long" decline. Default 500. */
  maxQuestionLength?: number;
}

/** Longest quote text (before escaping) of the best passage. */
const BEST_QUOTE_CHARS = 2_400;
/** Longest quote text of the short-form extra passages. */
const SHORT_QUOTE_CHARS = 300;

/**
 * Escapes the three characters that are control characters in Slack mrkdwn (`&`, `<`, `>`), so that text
 * cannot form a link, a user/channel mention or a broadcast such as `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Widens highlight spans to whole words: Slack only renders `*bold*` at word boundaries, so a span that
 * starts or ends inside a word would otherwise show its asterisks.
 */
export function widenToWords(text: string, highlights: Highlight[]): Highlight[] {
  const word = /[\p{L}\p{N}_]/u;
  return normalizeSpans(
    text.length,
    highlights.map((h) => {
      let { start, end } = h;
      while (start > 0 && word.test(text[start - 1]!) && word.test(text[start] ?? '')) start--;
      while (end < text.length && word.test(text[end]!) && word.test(text[end - 1] ?? '')) end++;
      return { start, end };
    }),
  );
}

/**
 * Renders a verbatim quote as a mrkdwn block quote with its highlighted spans in bold, escaped, and cut at a
 * word boundary so that the result (including markup) is at most `max` characters.
 */
export function renderQuote(text: string, highlights: Highlight[], max: number, quoteChars = max): string {
  let budget = Math.min(quoteChars, max);
  for (;;) {
    const cut = truncateQuote(text, highlights, budget);
    const body = renderHighlights(cut.text, widenToWords(cut.text, cut.highlights), '*', '*', escapeMrkdwn);
    // A quote: every line starts with ">" (our markup; the text's own ">" is escaped).
    const quoted = body
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n');
    if (quoted.length <= max || budget <= 1) return quoted.slice(0, max);
    budget = Math.max(1, Math.floor(budget * (max / quoted.length)) - 1);
  }
}

/** A mrkdwn section, cut to Slack's limit. */
export function section(mrkdwn: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, SLACK_LIMITS.sectionText) } };
}

/** A context block of mrkdwn elements, each cut to Slack's limit. */
export function context(...elements: string[]): SlackBlock {
  return {
    type: 'context',
    elements: elements
      .filter((e) => e.length > 0)
      .slice(0, SLACK_LIMITS.contextElements)
      .map((e) => ({ type: 'mrkdwn' as const, text: clip(e, SLACK_LIMITS.contextText) })),
  };
}

/** Cuts already-escaped mrkdwn to `max` characters without splitting an `&amp;`-style entity. */
function clip(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  let cut = mrkdwn.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** A link to `url` labelled `label` (escaped), or just the label when the URL is not a plain http(s) URL. */
export function link(url: string | undefined, label: string): string {
  const text = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!url || !/^https?:\/\/[^\s<>|]+$/i.test(url)) return text;
  return `<${url.replace(/&/g, '&amp;')}|${text}>`;
}

/** A date as "human form (`ISO`)" in the given language. */
export function formatDate(iso: string, lang: Lang): string {
  return `${escapeMrkdwn(humanDate(iso, precisionOf(iso), lang))} (\`${escapeMrkdwn(iso)}\`)`;
}

/** The source line of a passage: linked title, published date, paragraph. */
export function sourceLine(doc: AnswerPassage['document'], paragraph: number, lang: Lang, page?: number): string {
  const m = messages(lang);
  const published = doc.published ? ` · ${m.published} ${escapeMrkdwn(humanDate(doc.published, precisionOf(doc.published), lang))}` : '';
  const colon = lang === 'fr' ? ' :' : ':';
  return `${m.source}${colon} ${link(doc.source, doc.title)}${published} · ${page ? `${m.page} ${page}, ` : ''}${m.paragraph} ${paragraph}`;
}

/** Renders an engine {@link Answer}: the best quote, its dates, its source, and up to two more passages. */
export function renderAnswer(answer: Answer, opts: RenderOptions = {}): SlackMessage {
  const m = messages(answer.language);
  const lang = answer.language;
  if (!answer.answered || answer.passages.length === 0) {
    const text = declineText(answer, opts.maxQuestionLength);
    return { text: escapeMrkdwn(text), blocks: [section(escapeMrkdwn(text))], ephemeral: true };
  }
  const [best, ...rest] = answer.passages as [AnswerPassage, ...AnswerPassage[]];
  const blocks: SlackBlock[] = [];
  if (answer.question) blocks.push(context(`❓ ${escapeMrkdwn(truncateWords(answer.question, 300))}`));
  // The closest passage (low confidence) is framed as such before the quote.
  if (answer.confidence === 'low') blocks.push(section(`:grey_question: _${escapeMrkdwn(m.closest)}_`));
  blocks.push(section(renderQuote(best.display.text, best.display.highlights, SLACK_LIMITS.sectionText, BEST_QUOTE_CHARS)));
  if (best.dates.length > 0) {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const d of best.dates) {
      if (seen.has(d.iso)) continue;
      seen.add(d.iso);
      lines.push(`• « ${escapeMrkdwn(truncateWords(d.text, 80))} » → ${formatDate(d.iso, lang)}`);
    }
    blocks.push(section(`*${m.dates}*\n${lines.join('\n')}`));
  }
  blocks.push(context(sourceLine(best.document, best.paragraph, lang, best.page)));
  const more = rest.slice(0, 2);
  if (more.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push(context(`*${m.more}*`));
    for (const p of more) {
      blocks.push(section(renderQuote(p.display.text, p.display.highlights, SLACK_LIMITS.sectionText, SHORT_QUOTE_CHARS)));
      const dates = p.dates.slice(0, 3).map((d) => formatDate(d.iso, lang));
      blocks.push(context(sourceLine(p.document, p.paragraph, lang, p.page), dates.join(' · ')));
    }
  }
  const framing = answer.confidence === 'low' ? `${escapeMrkdwn(m.closest)} ` : '';
  const fallback = `${framing}${escapeMrkdwn(truncateWords(best.display.text, 300))} — ${escapeMrkdwn(best.document.title)}`;
  return { text: clip(fallback, SLACK_LIMITS.fallbackText), blocks: capBlocks(blocks), ephemeral: opts.privateByDefault === true };
}

/** Renders a refresh report (moderators only, so always ephemeral). */
export function renderRefresh(lang: Lang, report: RefreshReport): SlackMessage {
  const m = messages(lang);
  const head = report.ok ? `✅ *${m.refreshOk}*` : `⚠️ *${m.refreshRefused}*`;
  const lines = [head];
  if (!report.ok && report.error) lines.push(escapeMrkdwn(report.error));
  lines.push(
    `documents: ${report.documents} · passages: ${report.passages} · +${report.added.length} ~${report.changed.length} −${report.removed.length} · ${report.ms} ms · \`${escapeMrkdwn(report.version)}\``,
  );
  const blocks = [section(lines.join('\n'))];
  if (report.rejected.length > 0) blocks.push(section(rejectedList(report.rejected)));
  return { text: head, blocks, ephemeral: true };
}

/** Renders the engine status (moderators only, so always ephemeral). */
export function renderStatus(lang: Lang, status: EngineStatus): SlackMessage {
  const m = messages(lang);
  const loaded = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(status.loadedAt) ? formatDate(status.loadedAt.slice(0, 16), lang) : escapeMrkdwn(status.loadedAt);
  const text = `*${m.status}*\nversion \`${escapeMrkdwn(status.version)}\` · documents: ${status.documents} · passages: ${status.passages} · ${loaded}`;
  const blocks = [section(text)];
  if (status.rejected.length > 0) blocks.push(section(rejectedList(status.rejected)));
  return { text: `*${m.status}*`, blocks, ephemeral: true };
}

function rejectedList(rejected: RefreshReport['rejected']): string {
  return rejected
    .slice(0, 30)
    .map((r) => `• \`${escapeMrkdwn(quoteFileName(r.file))}\` — ${escapeMrkdwn(r.field)}: ${escapeMrkdwn(truncateWords(r.reason, 200))}`)
    .join('\n');
}

/** A one-section ephemeral message with framing text (help, refusals, errors). */
export function renderNotice(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return { text: escaped, blocks: [section(escaped)], ephemeral: true };
}

/** Renders any {@link BotReply}. */
export function renderReply(reply: BotReply, opts: RenderOptions = {}): SlackMessage {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.answer, opts);
    case 'vote':
    case 'more':
    case 'share':
    case 'report':
    case 'unavailable':
      // Rendered by actions.ts (`renderWithActions`), which adds the answers' buttons too.
      return renderNotice(messages(reply.kind === 'share' ? reply.answer.language : reply.lang).error);
    case 'timeline':
      // The first page, with its buttons (adapters/slack/timeline.ts).
      return renderTimelinePage(reply, { page: 0, private: opts.privateByDefault === true });
    case 'help':
      return renderNotice(messages(reply.lang).help(SLASH_COMMANDS));
    case 'refresh':
      return renderRefresh(reply.lang, reply.report);
    case 'status':
      return renderStatus(reply.lang, reply.status);
    case 'rate_limited':
      return renderNotice(messages(reply.lang).rateLimited(reply.retryAfterSeconds));
    case 'forbidden':
      return renderNotice(messages(reply.lang).forbidden);
    case 'error':
      return renderNotice(messages(reply.lang).error);
    case 'corpus_add':
    case 'corpus_remove':
    case 'corpus_list': {
      const text = truncateWords(renderCorpusText(reply, SLACK_CORPUS_STYLE), SLACK_LIMITS.sectionText);
      return { text, blocks: [section(text)], ephemeral: true };
    }
  }
}

/** Slack's mrkdwn for the corpus replies. */
const SLACK_CORPUS_STYLE: CorpusTextStyle = {
  bold: (s) => `*${s}*`,
  code: (s) => `\`${escapeMrkdwn(s).replace(/`/g, 'ˋ')}\``,
  esc: (s) => escapeMrkdwn(s),
  link: (url, label) => link(url, label),
};

/** Keeps at most {@link SLACK_LIMITS.blocks} blocks. */
function capBlocks(blocks: SlackBlock[]): SlackBlock[] {
  return blocks.length <= SLACK_LIMITS.blocks ? blocks : blocks.slice(0, SLACK_LIMITS.blocks);
}
