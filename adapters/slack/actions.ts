/**
 * Block Kit buttons of an answer — 👍 / 👎, More passages, Share in channel — and the handling of their
 * clicks (`block_actions`). A click carries all it needs in its action value (the answer's id in the
 * store, the next page's offset, for Share the question as asked) and the rest is in the store, never in
 * this process's memory: it works after a restart, on another replica, and after a corpus refresh.
 */
import type { AnswerFeedback, BotReply, BotRequest, Requester } from '../../src/bot.js';
import { reportSections, storeMessages } from '../../src/store/messages.js';
import type { Answer, Lang } from '../../src/types.js';
import { SLACK_LIMITS, context, escapeMrkdwn, renderAnswer, renderReply, section, type RenderOptions, type SlackBlock, type SlackMessage } from './blocks.js';
import { ACTION, type SlackButton } from './action-ids.js';

export { ACTION, ACTION_PATTERN, type SlackButton } from './action-ids.js';
import { truncateWords } from '../render.js';

/** Longest question carried in a Share button's value (Slack allows 2,000 characters per value). */
const SHARE_QUESTION_CHARS = 1500;

const ANSWER_ID = /^[A-Za-z0-9_-]{8,40}$/;

/** The actions block under an answer. */
export function answerActions(feedback: AnswerFeedback, answer: Answer, isPrivate: boolean): SlackBlock {
  const m = storeMessages(answer.language);
  const id = feedback.answerId;
  const elements: SlackButton[] = [
    { type: 'button', action_id: ACTION.up, text: { type: 'plain_text', text: `👍 ${m.up}`, emoji: true }, value: id },
    { type: 'button', action_id: ACTION.down, text: { type: 'plain_text', text: `👎 ${m.down}`, emoji: true }, value: id },
  ];
  if (feedback.more > 0) elements.push({ type: 'button', action_id: ACTION.more, text: { type: 'plain_text', text: m.moreButton }, value: `${id}:${answer.passages.length}` });
  if (isPrivate) {
    const value = JSON.stringify({ a: id, q: truncateWords(answer.question, SHARE_QUESTION_CHARS) });
    elements.push({ type: 'button', action_id: ACTION.share, text: { type: 'plain_text', text: m.shareButton }, value, style: 'primary' });
  }
  return { type: 'actions', elements };
}

/** Maps a click to a bot request; null when the action or its value is not one of ours. */
export function actionRequest(actionId: string, value: string, from: Requester): BotRequest | null {
  if (actionId === ACTION.up || actionId === ACTION.down) {
    return ANSWER_ID.test(value) ? { kind: 'vote', answerId: value, value: actionId === ACTION.up ? 1 : -1, from } : null;
  }
  if (actionId === ACTION.more) {
    const m = /^([A-Za-z0-9_-]{8,40}):(\d{1,4})$/.exec(value);
    return m ? { kind: 'more', answerId: m[1]!, offset: Number(m[2]), from } : null;
  }
  if (actionId === ACTION.share) {
    try {
      const v = JSON.parse(value) as { a?: unknown; q?: unknown };
      if (typeof v.a !== 'string' || !ANSWER_ID.test(v.a)) return null;
      return { kind: 'share', answerId: v.a, question: typeof v.q === 'string' ? v.q : undefined, from };
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Renders the replies of the store's features. `isPrivate`: whether the clicked message was ephemeral
 * (More passages keep it). `sharer`: the user id of who clicked Share.
 */
export function renderStoreReply(reply: BotReply, isPrivate = true, sharer?: string): SlackMessage | null {
  switch (reply.kind) {
    case 'vote': {
      const t = escapeMrkdwn(storeMessages(reply.lang).voted(reply.value, reply.previous));
      return { text: t, blocks: [section(t)], ephemeral: true };
    }
    case 'unavailable': {
      const m = storeMessages(reply.lang);
      const t = escapeMrkdwn(reply.reason === 'expired' ? m.expired : reply.reason === 'not_private' ? m.notPrivate : m.storeOff);
      return { text: t, blocks: [section(t)], ephemeral: true };
    }
    case 'more': {
      const p = reply.page;
      const m = storeMessages(reply.lang);
      if (!p.passages.length) {
        const t = escapeMrkdwn(m.noMore);
        return { text: t, blocks: [section(t)], ephemeral: isPrivate };
      }
      const title = m.morePassages(p.offset + 1, p.offset + p.passages.length);
      const msg = renderAnswer({ question: title, language: reply.lang, type: 'other', answered: true, passages: p.passages }, { privateByDefault: isPrivate });
      const blocks = [...msg.blocks];
      if (p.remaining > 0) {
        blocks.push({
          type: 'actions',
          elements: [{ type: 'button', action_id: ACTION.more, text: { type: 'plain_text', text: m.moreButton }, value: `${p.answerId}:${p.offset + p.passages.length}` }],
        });
      }
      return { ...msg, blocks, ephemeral: isPrivate };
    }
    case 'share': {
      const msg = renderAnswer(reply.answer, { privateByDefault: false });
      const by = sharer ? [context(escapeMrkdwn(storeMessages(reply.answer.language).sharedBy('')) + `<@${sharer}>`)] : [];
      return { ...msg, blocks: [...by, ...msg.blocks], ephemeral: false };
    }
    case 'report': {
      const blocks: SlackBlock[] = reportSections(reply.report, reply.lang, 10).map((s) =>
        section(`*${escapeMrkdwn(s.title)}*\n${s.lines.map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}`),
      );
      return { text: escapeMrkdwn(storeMessages(reply.lang).reportTitle), blocks, ephemeral: true };
    }
    default:
      return null;
  }
}

/**
 * Renders any {@link BotReply} ({@link renderReply}), with the answers' buttons under an answer that has
 * them, and the replies of the buttons and the report.
 */
export function renderWithActions(reply: BotReply, opts: RenderOptions = {}): SlackMessage {
  const store = renderStoreReply(reply, true);
  if (store) return store;
  const msg = renderReply(reply, opts);
  if (reply.kind !== 'answer' || !reply.feedback || !msg.blocks.length) return msg;
  const blocks = msg.blocks.length >= SLACK_LIMITS.blocks ? msg.blocks.slice(0, SLACK_LIMITS.blocks - 1) : msg.blocks;
  return { ...msg, blocks: [...blocks, answerActions(reply.feedback, reply.answer, reply.feedback.private && msg.ephemeral)] };
}

/** The language of a Slack user's locale. */
export function langOf(locale: string | undefined): Lang {
  return locale?.startsWith('fr') ? 'fr' : 'en';
}
