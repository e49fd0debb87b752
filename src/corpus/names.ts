/**
 * File names as reports show them. A corpus file name may hold anything a file system allows, line breaks
 * and control characters included: printed raw, `bad\nname.md` would fake a line of a report.
 */

/** A name made only of letters, digits, marks, spaces inside, and `. _ - / ( ) + , @`: shown as it is. */
const PLAIN_NAME = /^(?! )[\p{L}\p{M}\p{N}._\-/()+,@ ]+(?<! )$/u;

/**
 * A file name for a report line: as it is when plain, else quoted as a JSON string, so that line breaks,
 * control and invisible characters and quotes are escaped (`"bad\nname.md"`) and the line stays one line.
 */
export function quoteFileName(name: string): string {
  return PLAIN_NAME.test(name) ? name : JSON.stringify(name).replace(/[\u00AD\u200B-\u200F\u2028\u2029\u2060\uFEFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
