/**
 * Platform-neutral rendering helpers shared by the adapters.
 */
import type { Highlight } from '../src/types.js';

/**
 * Cuts `text` to at most `max` characters at a word boundary, ending with "…" when cut.
 * Never returns more than `max` characters.
 */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const room = max - 1;
  let cut = text.slice(0, room);
  const space = cut.search(/\s\S*$/);
  if (space > room * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:]+$/u, '')}…`;
}

/**
 * Renders `text` with its highlighted spans wrapped in `open`/`close`, escaping every piece of text
 * (inside and outside highlights) with `escape`. Overlapping or out-of-range spans are merged or clipped.
 */
export function renderHighlights(
  text: string,
  highlights: Highlight[],
  open: string,
  close: string,
  escape: (s: string) => string,
): string {
  const spans = normalizeSpans(text.length, highlights);
  let out = '';
  let at = 0;
  for (const h of spans) {
    out += escape(text.slice(at, h.start));
    const inner = text.slice(h.start, h.end);
    // Markup cannot wrap leading/trailing spaces on most platforms.
    const lead = inner.match(/^\s*/)![0];
    const trail = inner.match(/\s*$/)![0];
    const core = inner.slice(lead.length, inner.length - trail.length);
    out += core ? `${escape(lead)}${open}${escape(core)}${close}${escape(trail)}` : escape(inner);
    at = h.end;
  }
  return out + escape(text.slice(at));
}

/** Sorts, clips and merges highlight spans. */
export function normalizeSpans(length: number, highlights: Highlight[]): Highlight[] {
  const sorted = highlights
    .map((h) => ({ start: Math.max(0, Math.min(length, h.start)), end: Math.max(0, Math.min(length, h.end)) }))
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start);
  const merged: Highlight[] = [];
  for (const h of sorted) {
    const last = merged[merged.length - 1];
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  return merged;
}

/**
 * Cuts a quote with highlights to `max` characters of text, keeping the spans that still fit.
 */
export function truncateQuote(text: string, highlights: Highlight[], max: number): { text: string; highlights: Highlight[] } {
  const cut = truncateWords(text, max);
  if (cut === text) return { text, highlights };
  const keep = cut.length - 1; // the trailing "…" is ours
  return {
    text: cut,
    highlights: normalizeSpans(keep, highlights),
  };
}
