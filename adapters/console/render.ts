/**
 * Plain-text rendering of answers and timelines, for the terminal and the `ask` CLI.
 */
import { declineText, humanDate, messages, precisionOf } from '../../src/i18n.js';
import type { Answer, Highlight, Lang, TimelineEntry } from '../../src/types.js';

/** How to mark highlighted spans (ANSI bold in a terminal, `**` elsewhere). */
export interface TextStyle {
  bold: (s: string) => string;
  dim: (s: string) => string;
}

/** ANSI styles for terminals. */
export const ANSI: TextStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };
/** Markdown-like styles for pipes and files. */
export const PLAIN: TextStyle = { bold: (s) => `**${s}**`, dim: (s) => s };

/** Applies highlight spans to a text with a style. */
export function markSpans(text: string, spans: Highlight[], style: TextStyle): string {
  let out = '';
  let at = 0;
  for (const h of [...spans].sort((a, b) => a.start - b.start)) {
    if (h.start < at || h.end > text.length) continue;
    out += text.slice(at, h.start) + style.bold(text.slice(h.start, h.end));
    at = h.end;
  }
  return out + text.slice(at);
}

/** Renders an answer as readable text: each quote, its dates, its source. */
export function renderAnswerText(a: Answer, style: TextStyle, maxQuestionLength = 500): string {
  const m = messages(a.language);
  if (!a.answered) return declineText(a, maxQuestionLength);
  // The closest passage (low confidence): framed as such above the quote, which is not numbered.
  const low = a.confidence === 'low';
  const framing = low ? `${style.dim(m.closest)}\n` : '';
  return framing + a.passages
    .map((p, i) => {
      const lines = [`${low ? '~' : `${i + 1}.`} « ${markSpans(p.display.text, p.display.highlights, style)} »`];
      if (p.dates.length) lines.push(`   ${m.dates}: ${p.dates.map((d) => `${d.iso} (${humanDate(d.iso, precisionOf(d.iso), a.language)})`).join('; ')}`);
      lines.push(style.dim(`   ${m.source}: ${sourceLine(p.document, p.paragraph, a.language, p.page)}`));
      return lines.join('\n');
    })
    .join('\n\n');
}

/** "Title, published 2026-03-09, paragraph 4, https://…" */
export function sourceLine(d: { title: string; published?: string; source?: string }, paragraph: number, lang: Lang, page?: number): string {
  const m = messages(lang);
  return [d.title, d.published ? `${m.published} ${d.published}` : '', page ? `${m.page} ${page}` : '', `${m.paragraph} ${paragraph}`, d.source].filter(Boolean).join(', ');
}

/** Renders timeline entries, one per line group. */
export function renderTimelineText(entries: TimelineEntry[], lang: Lang, style: TextStyle): string {
  const m = messages(lang);
  if (!entries.length) return m.timelineEmpty;
  return entries
    .map((e) => `${style.bold(e.iso)}  « ${e.displayText} »\n${style.dim(`   ${sourceLine(e.document, e.paragraph, lang, e.page)}`)}`)
    .join('\n');
}
