/**
 * The state of a timeline message (which page, which filter, which range), carried by its buttons: a
 * button's custom id (Discord, 100 characters at most) or value (Slack) holds everything needed to draw the
 * page it leads to, so no process keeps any memory of the messages it sent, and a button still works after
 * a restart or on another shard.
 */
import type { TimelineRange } from './range.js';

/** What a timeline page shows. */
export interface TimelineState extends TimelineRange {
  /** 0-based page. */
  page: number;
  /** Word filter. */
  query?: string;
  /** The message is for the asker only. */
  private?: boolean;
  /** The message carries the picture of its page. */
  image?: boolean;
}

/** Prefix of every timeline state string (to route a button to the timeline). */
export const TIMELINE_STATE_PREFIX = 'qbtl';

const SEP = '|';

/**
 * Encodes a state in at most `max` characters: `qbtl|page|from|to|flags|query`. A query too long for the
 * room left is cut at a word boundary (the page then shows the events of the shorter filter).
 */
export function encodeTimelineState(s: TimelineState, max = 100): string {
  const flags = `${s.private ? 'p' : ''}${s.image ? 'i' : ''}`;
  const head = [TIMELINE_STATE_PREFIX, String(Math.max(0, Math.trunc(s.page))), s.from ?? '', s.to ?? '', flags].join(SEP);
  let query = (s.query ?? '').replace(/[|\s]+/g, ' ').trim();
  const room = max - head.length - 1;
  if (room <= 0) return head.slice(0, max);
  if ([...query].length > room) {
    const chars = [...query].slice(0, room);
    let cut = chars.join('');
    const space = cut.lastIndexOf(' ');
    if (space > 0) cut = cut.slice(0, space);
    query = cut.trim();
  }
  return query ? `${head}${SEP}${query}` : head;
}

/** Decodes a state string; null when it is not one (another component's id). */
export function decodeTimelineState(id: string): TimelineState | null {
  const parts = id.split(SEP);
  if (parts[0] !== TIMELINE_STATE_PREFIX || parts.length < 5) return null;
  const [, page, from, to, flags, ...rest] = parts;
  const n = Number(page);
  if (!Number.isInteger(n) || n < 0) return null;
  const query = rest.join(' ').trim();
  return {
    page: n,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(query ? { query } : {}),
    ...(flags!.includes('p') ? { private: true } : {}),
    ...(flags!.includes('i') ? { image: true } : {}),
  };
}
