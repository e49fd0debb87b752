/**
 * The text form of a timeline request, for Slack's `/timeline` and the terminal: words and date bounds.
 */

/**
 * Reads `/timeline` text: `from:`/`to:` (or `du:`/`au:`) bounds anywhere, `image:yes` (`image:oui`,
 * `image:true`) for the picture; the other words are the filter.
 */
export function parseTimelineText(text: string): { query?: string; range: { from?: string; to?: string }; image?: true } {
  const range: { from?: string; to?: string } = {};
  const words: string[] = [];
  let image = false;
  for (const w of text.split(/\s+/).filter(Boolean)) {
    const m = /^(from|to|du|au|depuis|jusqu'?au):(.*)$/i.exec(w);
    if (/^image:(yes|oui|true|1)$/i.test(w)) image = true;
    else if (m) {
      const key = /^(from|du|depuis)$/i.test(m[1]!) ? 'from' : 'to';
      range[key] = m[2]!;
    } else words.push(w);
  }
  const query = words.join(' ').trim();
  return { ...(query ? { query } : {}), range, ...(image ? { image: true as const } : {}) };
}
