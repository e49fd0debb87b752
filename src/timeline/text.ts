/**
 * The text form of a timeline request, for Slack's `/timeline` and the terminal: words and date bounds.
 */

/**
 * Reads `/timeline` text: `from:`/`to:` (or `du:`/`au:`) bounds anywhere, the other words are the filter.
 */
export function parseTimelineText(text: string): { query?: string; range: { from?: string; to?: string } } {
  const range: { from?: string; to?: string } = {};
  const words: string[] = [];
  for (const w of text.split(/\s+/).filter(Boolean)) {
    const m = /^(from|to|du|au|depuis|jusqu'?au):(.*)$/i.exec(w);
    if (m) {
      const key = /^(from|du|depuis)$/i.test(m[1]!) ? 'from' : 'to';
      range[key] = m[2]!;
    } else words.push(w);
  }
  const query = words.join(' ').trim();
  return { ...(query ? { query } : {}), range };
}
