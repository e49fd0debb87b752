/**
 * Word boundaries for regular expressions over French and English text (JS `\b` is ASCII-only).
 */

/** Left word boundary that understands accented letters. */
export const LB = '(?<![\\p{L}\\p{N}_])';
/** Right word boundary that understands accented letters. */
export const RB = '(?![\\p{L}\\p{N}_])';
