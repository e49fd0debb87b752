/**
 * The timeline in Discord: one page of events per message (an embed), earlier/later buttons whose custom ids
 * carry the whole state of the page they lead to (see src/timeline/state.ts: nothing is kept in memory), and,
 * when asked, the picture of the page's events attached (PNG) and shown in the embed.
 */
import { ButtonStyle, ComponentType } from 'discord.js';
import type { BotReply } from '../../src/bot.js';
import { messages } from '../../src/i18n.js';
import { timelineMessages } from '../../src/timeline/messages.js';
import { pageOf } from '../../src/timeline/page.js';
import { timelinePng } from '../../src/timeline/picture.js';
import { encodeTimelineState, type TimelineState } from '../../src/timeline/state.js';
import { enforceEmbedLimits, renderTimelineEmbed, type DiscordPayload } from './render.js';

/** A timeline reply of the bot core. */
export type TimelineReply = Extract<BotReply, { kind: 'timeline' }>;

/** File name of the attached picture. */
export const TIMELINE_PICTURE = 'timeline.png';

const NO_MENTIONS = { parse: [] as [], repliedUser: false as const };

/**
 * Renders page `state.page` of a timeline reply: the embed (events, then a footer with the page and the
 * range), the buttons when there is more than one page, and the picture when `state.image` is set.
 */
export function renderTimelineMessage(reply: TimelineReply, state: TimelineState): DiscordPayload {
  const t = timelineMessages(reply.lang);
  if (reply.invalid) return { content: t.badRange(reply.invalid), embeds: [], ephemeral: true, allowedMentions: NO_MENTIONS };
  const page = pageOf(reply.entries, state.page);
  const embed = renderTimelineEmbed(page.items, reply.lang, reply.query);
  const range = reply.range ? t.rangeLine(reply.range) : '';
  if (page.total > 0) {
    const line = t.pageLine(page.offset + 1, page.offset + page.items.length, page.total, page.page + 1, page.pages);
    embed.footer = { text: [line, range].filter(Boolean).join(' · ') };
  } else if (range) {
    embed.footer = { text: range };
  }
  const here: TimelineState = { ...state, page: page.page, ...(reply.query ? { query: reply.query } : {}), ...reply.range };
  const payload: DiscordPayload = { embeds: [], ephemeral: state.private === true, allowedMentions: NO_MENTIONS };
  if (page.pages > 1) {
    payload.components = [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t.earlier, custom_id: encodeTimelineState({ ...here, page: Math.max(0, page.page - 1) }), disabled: page.page === 0 },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t.later, custom_id: encodeTimelineState({ ...here, page: Math.min(page.pages - 1, page.page + 1) }), disabled: page.page === page.pages - 1 },
        ],
      },
    ];
  }
  if (state.image && page.items.length > 0) {
    const m = messages(reply.lang);
    const title = reply.query ? `${m.timelineTitle} — ${reply.query}` : m.timelineTitle;
    const subtitle = [page.pages > 1 ? t.pageLine(page.offset + 1, page.offset + page.items.length, page.total, page.page + 1, page.pages) : t.events(page.total), range].filter(Boolean).join(' · ');
    payload.files = [{ name: TIMELINE_PICTURE, data: timelinePng(page.items, { lang: reply.lang, title, subtitle }), description: t.pictureAlt }];
    embed.image = { url: `attachment://${TIMELINE_PICTURE}` };
  }
  payload.embeds = enforceEmbedLimits([embed]);
  return payload;
}
