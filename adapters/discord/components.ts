/**
 * Discord message components of an answer — 👍 / 👎, More passages, Share in channel — and the handling of
 * their clicks. All the state a click needs is in its custom id (the answer's id in the store, the offset
 * of the next page) and in the store, never in this process's memory: a click works after a restart, on
 * another shard or process, and on a message sent before a corpus refresh.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { AnswerFeedback, Bot, BotReply, BotRequest, Requester } from '../../src/bot.js';
import type { Logger } from '../../src/logger.js';
import { reportSections, storeMessages } from '../../src/store/messages.js';
import type { Lang } from '../../src/types.js';
import { escapeDiscord, renderAnswerEmbed, renderReply, enforceEmbedLimits, type DiscordEmbed, type DiscordPayload, type RenderOptions } from './render.js';

/** Prefix of our custom ids (other features' components are left alone). */
export const CUSTOM_ID_PREFIX = 'qb:';

/** A parsed custom id of one of our buttons. */
export type ButtonAction =
  | { kind: 'vote'; answerId: string; value: 1 | -1 }
  | { kind: 'more'; answerId: string; offset: number }
  | { kind: 'share'; answerId: string };

const ANSWER_ID = /^[A-Za-z0-9_-]{8,40}$/;

/** The custom id of a button (at most 100 characters, Discord's limit). */
export function customId(a: ButtonAction): string {
  switch (a.kind) {
    case 'vote':
      return `${CUSTOM_ID_PREFIX}v:${a.answerId}:${a.value > 0 ? 'up' : 'down'}`;
    case 'more':
      return `${CUSTOM_ID_PREFIX}m:${a.answerId}:${a.offset}`;
    case 'share':
      return `${CUSTOM_ID_PREFIX}s:${a.answerId}`;
  }
}

/** Parses one of our custom ids; null for anything else (or anything malformed). */
export function parseCustomId(id: string): ButtonAction | null {
  if (!id.startsWith(CUSTOM_ID_PREFIX)) return null;
  const [kind, answerId, arg] = id.slice(CUSTOM_ID_PREFIX.length).split(':');
  if (!answerId || !ANSWER_ID.test(answerId)) return null;
  if (kind === 'v' && (arg === 'up' || arg === 'down')) return { kind: 'vote', answerId, value: arg === 'up' ? 1 : -1 };
  if (kind === 'm' && arg && /^\d{1,4}$/.test(arg)) return { kind: 'more', answerId, offset: Number(arg) };
  if (kind === 's' && arg === undefined) return { kind: 'share', answerId };
  return null;
}

/** A Discord button (the API's JSON). */
interface ButtonJson {
  type: 2;
  style: 1 | 2 | 3 | 4;
  custom_id: string;
  label?: string;
  emoji?: { name: string };
}

/** An action row (the API's JSON). */
export interface ActionRowJson {
  type: 1;
  components: ButtonJson[];
}

/** The buttons under an answer: 👍, 👎, More passages (when the ranking has more), Share (private answers). */
export function answerComponents(feedback: AnswerFeedback, lang: Lang, isPrivate: boolean, shown: number): ActionRowJson[] {
  const m = storeMessages(lang);
  const id = feedback.answerId;
  const buttons: ButtonJson[] = [
    { type: 2, style: 2, custom_id: customId({ kind: 'vote', answerId: id, value: 1 }), emoji: { name: '👍' } },
    { type: 2, style: 2, custom_id: customId({ kind: 'vote', answerId: id, value: -1 }), emoji: { name: '👎' } },
  ];
  if (feedback.more > 0) buttons.push({ type: 2, style: 1, custom_id: customId({ kind: 'more', answerId: id, offset: shown }), label: m.moreButton });
  if (isPrivate) buttons.push({ type: 2, style: 3, custom_id: customId({ kind: 'share', answerId: id }), label: m.shareButton });
  return [{ type: 1, components: buttons }];
}

/** The More passages button of a page, pointing at the next one (none when the ranking is exhausted). */
function nextPageComponents(answerId: string, next: number, remaining: number, lang: Lang): ActionRowJson[] {
  if (remaining <= 0) return [];
  return [{ type: 1, components: [{ type: 2, style: 1, custom_id: customId({ kind: 'more', answerId, offset: next }), label: storeMessages(lang).moreButton }] }];
}

/** Renders the replies of the store's features (buttons and report) as Discord payloads. */
export function renderStoreReply(reply: BotReply, isPrivate: boolean): DiscordPayload | null {
  const base = { allowedMentions: { parse: [] as [], repliedUser: false as const } };
  switch (reply.kind) {
    case 'vote':
      return { ...base, content: storeMessages(reply.lang).voted(reply.value, reply.previous), embeds: [], ephemeral: true };
    case 'unavailable': {
      const m = storeMessages(reply.lang);
      return { ...base, content: reply.reason === 'expired' ? m.expired : reply.reason === 'not_private' ? m.notPrivate : m.storeOff, embeds: [], ephemeral: true };
    }
    case 'more': {
      const p = reply.page;
      const m = storeMessages(reply.lang);
      if (!p.passages.length) return { ...base, content: m.noMore, embeds: [], ephemeral: isPrivate };
      const title = m.morePassages(p.offset + 1, p.offset + p.passages.length);
      // The title is our own framing: not escaped like a question.
      const embed = { ...renderAnswerEmbed({ question: title, language: reply.lang, type: 'other', answered: true, passages: p.passages }), title };
      return { ...base, embeds: [embed], ephemeral: isPrivate, components: nextPageComponents(p.answerId, p.offset + p.passages.length, p.remaining, reply.lang) };
    }
    case 'share':
      return { ...base, embeds: [renderAnswerEmbed(reply.answer)], ephemeral: false };
    case 'report': {
      const sections = reportSections(reply.report, reply.lang, 10);
      const [head, ...rest] = sections;
      const embed: DiscordEmbed = {
        title: head!.title,
        description: escapeDiscord(head!.lines.join('\n')),
        color: 0x2b6cb0,
        fields: rest.map((s) => ({ name: s.title, value: s.lines.map((l) => `• ${escapeDiscord(l)}`).join('\n') })),
      };
      return { ...base, embeds: enforceEmbedLimits([embed]), ephemeral: true };
    }
    default:
      return null;
  }
}

/**
 * Renders any {@link BotReply} ({@link renderReply}), with the buttons under an answer that has them, and
 * the replies of the buttons and the report.
 */
export function renderWithComponents(reply: BotReply, opts: RenderOptions = {}): DiscordPayload {
  const priv = opts.private ?? false;
  const store = renderStoreReply(reply, priv);
  if (store) return store;
  const payload = renderReply(reply, opts);
  if (reply.kind !== 'answer' || !reply.feedback || !payload.embeds.length) return payload;
  return { ...payload, components: answerComponents(reply.feedback, reply.answer.language, priv, reply.answer.passages.length) };
}

/** Whether an interaction is a click on one of our buttons. */
export function isOurButton(i: { isButton(): boolean; customId?: string }): i is ButtonInteraction {
  return i.isButton() && typeof i.customId === 'string' && i.customId.startsWith(CUSTOM_ID_PREFIX);
}

/** Options of {@link handleButton}. */
export interface ButtonContext {
  bot: Bot;
  log: Logger;
  /** Defer when the reply is not ready after this many ms (default 1500, inside Discord's 3 s). */
  deferAfterMs?: number;
}

/**
 * Handles a click on one of our buttons: the bot core does the work (a {@link BotRequest} of kind `vote`,
 * `more` or `share`), and the reply is sent within 3 s (deferred when the store is slow). More passages
 * follow the clicked message's privacy; a vote's thanks is private; Share posts publicly.
 */
export async function handleButton(i: ButtonInteraction, ctx: ButtonContext): Promise<void> {
  const action = parseCustomId(i.customId);
  const lang: Lang = i.locale?.startsWith('fr') ? 'fr' : 'en';
  const isPrivate = i.message.flags.has(MessageFlags.Ephemeral);
  const from: Requester = { platform: 'discord', userId: i.user.id, locale: i.locale };
  let reply: BotReply;
  /** Whether the reply was deferred, and with which visibility. */
  let deferred: { ephemeral: boolean } | null = null;
  ctx.log.debug({ action: action?.kind ?? 'unknown', private: isPrivate }, 'button clicked');
  if (!action) {
    reply = { kind: 'unavailable', requestId: i.id, lang, reason: 'expired' };
  } else {
    const req: BotRequest =
      action.kind === 'vote'
        ? { kind: 'vote', answerId: action.answerId, value: action.value, from }
        : action.kind === 'more'
          ? { kind: 'more', answerId: action.answerId, offset: action.offset, from }
          : { kind: 'share', answerId: action.answerId, from };
    const work = ctx.bot.processEvent(req);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ctx.deferAfterMs ?? 1500)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first === 'late') {
      // Deferred with the visibility the reply will most likely have: a vote's thanks is private, a page
      // follows the clicked message, a share is public. (Discord's first follow-up after a deferral
      // replaces the deferral and keeps its visibility, so a deferral is edited, never followed up.)
      const ephemeral = action.kind === 'vote' || (action.kind === 'more' && isPrivate);
      await i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      deferred = { ephemeral };
    }
    reply = await work;
  }
  // Store replies, or the core's own (rate limited, error).
  const payload = renderStoreReply(reply, isPrivate) ?? renderReply(reply, { private: true });
  let body: { content?: string; embeds: unknown[]; components?: unknown[]; allowedMentions: DiscordPayload['allowedMentions'] } = {
    content: payload.content,
    embeds: payload.embeds,
    components: payload.components ?? [],
    allowedMentions: payload.allowedMentions,
  };
  if (reply.kind === 'share') {
    // Posted as it was shown to the asker (the clicked message's embeds), with who shared it.
    const embeds = i.message.embeds.length ? i.message.embeds.map((e) => e.toJSON()) : payload.embeds;
    body = { content: storeMessages(lang).sharedBy(`<@${i.user.id}>`), embeds, allowedMentions: payload.allowedMentions };
  }
  if (!deferred) {
    await i.reply({ ...body, flags: payload.ephemeral ? MessageFlags.Ephemeral : undefined } as Parameters<ButtonInteraction['reply']>[0]);
  } else if (payload.ephemeral && !deferred.ephemeral) {
    // The deferral was public but this reply is for the clicker only: replace it.
    await i.deleteReply();
    await i.followUp({ ...body, flags: MessageFlags.Ephemeral } as Parameters<ButtonInteraction['followUp']>[0]);
  } else {
    await i.editReply(body as Parameters<ButtonInteraction['editReply']>[0]);
  }
}
