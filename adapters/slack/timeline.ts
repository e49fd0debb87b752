/**
 * The timeline in Slack: one page of events per message, with earlier/later buttons whose `value` carries
 * the whole state of the page they lead to (src/timeline/state.ts: nothing is kept in memory; the adapter
 * replaces the message through the click's response URL), and the `/timeline` text syntax:
 * `/timeline [words] [from:DATE] [to:DATE]` (`du:`/`au:` in French too).
 */
import type { BotReply } from '../../src/bot.js';
import { humanDate, messages } from '../../src/i18n.js';
import { unwrapQuote } from '../../src/text/chunk.js';
import { timelineMessages } from '../../src/timeline/messages.js';
import { pageOf } from '../../src/timeline/page.js';
import { encodeTimelineState, type TimelineState } from '../../src/timeline/state.js';
import { truncateWords } from '../render.js';
export { parseTimelineText } from '../../src/timeline/text.js';
import { context, escapeMrkdwn, section, SLACK_LIMITS, type SlackBlock, type SlackMessage } from './blocks.js';

/** A timeline reply of the bot core. */
export type TimelineReply = Extract<BotReply, { kind: 'timeline' }>;

/** `action_id` prefix of the page buttons (the adapter routes `^qbtl_` actions here). */
export const TIMELINE_ACTION_PREFIX = 'qbtl_';

/** Longest quote of one event line. */
const QUOTE_CHARS = 240;

/**
 * Renders page `state.page` of a timeline reply: a header, the page's events (date, quote, source), a context
 * line with the page and the range, and the buttons to the neighbouring pages.
 */
export function renderTimelinePage(reply: TimelineReply, state: TimelineState): SlackMessage {
  const m = messages(reply.lang);
  const t = timelineMessages(reply.lang);
  if (reply.invalid) {
    const text = escapeMrkdwn(t.badRange(reply.invalid).replace(/`/g, ''));
    return { text, blocks: [section(text)], ephemeral: true };
  }
  const title = reply.query ? `${m.timelineTitle} — ${reply.query}` : m.timelineTitle;
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncateWords(title, SLACK_LIMITS.headerText) } }];
  const range = reply.range ? t.rangeLine(reply.range) : '';
  const page = pageOf(reply.entries, state.page);
  if (page.total === 0) {
    blocks.push(section(escapeMrkdwn(m.timelineEmpty)));
    if (range) blocks.push(context(escapeMrkdwn(range)));
    return { text: escapeMrkdwn(m.timelineEmpty), blocks, ephemeral: true };
  }
  for (const e of page.items) {
    const quote = escapeMrkdwn(truncateWords(unwrapQuote(e.text).text.replace(/\s+/g, ' '), QUOTE_CHARS));
    blocks.push(
      section(
        `*${escapeMrkdwn(humanDate(e.iso, e.precision, reply.lang))}* (\`${escapeMrkdwn(e.iso)}\`) — ${quote}\n` +
          `_${escapeMrkdwn(truncateWords(e.document.title, 120))}, ${m.paragraph} ${e.paragraph}_`,
      ),
    );
  }
  blocks.push(context(escapeMrkdwn([t.pageLine(page.offset + 1, page.offset + page.items.length, page.total, page.page + 1, page.pages), range].filter(Boolean).join(' · '))));
  if (page.pages > 1) {
    const here: TimelineState = { ...state, page: page.page, ...(reply.query ? { query: reply.query } : {}), ...reply.range };
    const button = (label: string, to: number, id: string) => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: label },
      action_id: `${TIMELINE_ACTION_PREFIX}${id}`,
      value: encodeTimelineState({ ...here, page: to }, 2000),
    });
    const buttons = [];
    if (page.page > 0) buttons.push(button(t.earlier, page.page - 1, 'earlier'));
    if (page.page < page.pages - 1) buttons.push(button(t.later, page.page + 1, 'later'));
    blocks.push({ type: 'actions', elements: buttons });
  }
  return { text: escapeMrkdwn(title), blocks, ephemeral: state.private === true };
}
