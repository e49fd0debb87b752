/**
 * Cutting a long text into consecutive pieces of bounded length, so that work whose cost grows faster than the
 * length (ICU's sentence segmenter on some inputs: 240 kB of « Il part. Et » took 43 s; date extraction) is
 * only ever done on bounded pieces.
 */

/** A half-open span `[start, end)` of a text. */
export interface Piece {
  start: number;
  end: number;
}

/**
 * Cuts `text` into consecutive pieces of at most `max` characters covering it: each piece ends after a
 * sentence end (`.` `!` `?` `;` `…` and the spaces after it) in its second half when there is one, else after
 * its last space in its second half, else at `max` (never inside a surrogate pair). A text of at most `max`
 * characters is one piece.
 */
export function boundedPieces(text: string, max: number): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  const half = Math.floor(max / 2);
  while (text.length - start > max) {
    const window = text.slice(start, start + max);
    let cut = -1;
    for (const m of window.matchAll(/[.!?;…]["»”’)\]]*\s+/gu)) if (m.index! + m[0].length >= half) cut = m.index! + m[0].length;
    if (cut < 0) {
      const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'));
      cut = space >= half ? space + 1 : max;
    }
    const code = text.charCodeAt(start + cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    out.push({ start, end: start + cut });
    start += cut;
  }
  out.push({ start, end: text.length });
  return out;
}
