/**
 * Optional YAML front matter at the top of a Markdown or plain-text document.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { DocumentError } from '../errors.js';

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits a document's text into its front matter (parsed, not validated) and its body. A text with no
 * front matter is all body.
 * @throws {@link DocumentError} when the front matter is not a YAML mapping
 */
export function splitFrontMatter(text: string): { data?: Record<string, unknown>; body: string; bodyStart: number } {
  const m = FRONT_MATTER.exec(text);
  if (!m) {
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    return { body: text.slice(bom), bodyStart: bom };
  }
  let data: unknown;
  try {
    data = parseYaml(m[1]!, { prettyErrors: true });
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line + 1})` : '';
    throw new DocumentError('front matter', `invalid YAML${line}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new DocumentError('front matter', 'must be a mapping of fields');
  return { data: data as Record<string, unknown>, body: text.slice(m[0].length), bodyStart: m[0].length };
}
