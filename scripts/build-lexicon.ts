/**
 * Builds `data/lexicon/en-fr.tsv` from Debian's FreeDict dictionaries (eng-fra and fra-eng, GPL-2+).
 *
 * Usage (Debian/Ubuntu):
 *   apt-get install -y dict-freedict-eng-fra dict-freedict-fra-eng
 *   npx tsx scripts/build-lexicon.ts [dictd-dir] [out-file]
 *
 * The dictd format: `<name>.index` lists `headword<TAB>offset<TAB>length` (offsets and lengths in
 * dictd's base64 digits), pointing into the decompressed `<name>.dict.dz` (dictzip, which gzip reads).
 * Each article is a headword line (`word /pronunciation/ <pos>`) followed by sense lines
 * (`1. a, b, c` or `a, b`), sometimes with `[domain]` tags, parenthesised notes and indented examples.
 *
 * Output: one line per English headword, `english<TAB>french1|french2|…`, sorted, lowercase, terms of at
 * most three words; fra-eng articles are inverted and merged with eng-fra ones.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dictd's base64 alphabet (A–Z a–z 0–9 + /), most significant digit first. */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one dictd base64 number. */
export function decodeDictNumber(s: string): number {
  let n = 0;
  for (const ch of s) {
    const d = B64.indexOf(ch);
    if (d < 0) throw new Error(`bad dictd base64 digit ${JSON.stringify(ch)} in ${JSON.stringify(s)}`);
    n = n * 64 + d;
  }
  return n;
}

/** One dictionary article: its headword and its cleaned translations, best first. */
export interface DictArticle {
  headword: string;
  translations: string[];
}

/** Maximum number of words of a kept term. */
const MAX_WORDS = 3;
/** Maximum number of French translations kept per English headword. */
const MAX_TRANSLATIONS = 12;

/** English and French function words (see {@link cleanTerm}). */
const FUNCTION_WORDS = new Set(
  ('a an the of to in on at by for from with and or as is it its this that ' +
    'à a au aux de des du d l la le les un une en et ou par pour sur dans avec ce cet cette se s qu que qui y')
    .split(' '),
);

/**
 * Cleans one raw term: drops `[domain]` tags, parenthesised notes, stray brackets and `<pos>` tags,
 * lowercases, and rejects junk (ellipses, digits, symbols, more than {@link MAX_WORDS} words).
 * Returns `undefined` for junk.
 */
export function cleanTerm(raw: string): string | undefined {
  let s = raw
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[[\]()<>]/g, ' ')
    .replace(/[‐‑–]/g, '-')
    .replace(/[’‘ʼ]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  s = s.replace(/^to\s+(?=\S)/, ''); // English infinitive: "to run" → "run"
  s = s.replace(/[.;:!?,]+$/, '').trim();
  if (!s || s.length > 40) return undefined;
  if (s.includes('...') || s.includes('…')) return undefined;
  if (!/^[\p{L}][\p{L}\p{M}' -]*$/u.test(s)) return undefined;
  if (s.endsWith('-') || s.endsWith("'") && !/\b(s|d|l|qu|j|n|m|t)'$/.test(s)) return undefined;
  const words = s.split(/[ ']+/).filter(Boolean);
  if (s.split(' ').length > MAX_WORDS) return undefined;
  // Phrases made only of function words ("à l'", "of the") match everywhere and mean nothing.
  if (words.length > 1 && words.every((w) => FUNCTION_WORDS.has(w))) return undefined;
  return s;
}

/** Parses the articles of one dictd dictionary (index + decompressed data). */
export function parseDictd(indexText: string, data: Buffer): DictArticle[] {
  const out: DictArticle[] = [];
  for (const line of indexText.split('\n')) {
    const [hw, off, len] = line.split('\t');
    if (!hw || off === undefined || len === undefined || hw.startsWith('00database')) continue;
    const start = decodeDictNumber(off);
    const body = data.subarray(start, start + decodeDictNumber(len)).toString('utf8');
    const lines = body.split('\n');
    // The article's own headword keeps the hyphens that the index drops ("airy‐fairy" vs "airyfairy").
    const written = /^(.*?)\s+[/<]/.exec(lines[0] ?? '')?.[1] ?? hw;
    const headword = cleanTerm(written);
    if (!headword || hw.startsWith('-')) continue;
    const translations: string[] = [];
    // Skip the headword line; indented lines are examples and their translations.
    for (const senseLine of lines.slice(1)) {
      if (!senseLine.trim() || /^\s/.test(senseLine) || senseLine.includes('"')) continue;
      const text = senseLine.replace(/^\d+\.\s*/, '');
      for (const part of splitSenses(text)) {
        const t = cleanTerm(part);
        if (t && t !== headword && !translations.includes(t)) translations.push(t);
      }
    }
    if (translations.length) out.push({ headword, translations });
  }
  return out;
}

/** Splits a sense line on commas and semicolons that are outside parentheses and brackets. */
function splitSenses(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if ((ch === ',' || ch === ';') && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Merges eng-fra articles with inverted fra-eng articles into English → French lists.
 * French terms found in both directions rank first, then direct ones in dictionary order, then
 * inverted ones; at most {@link MAX_TRANSLATIONS} are kept.
 */
export function mergeDirections(engFra: DictArticle[], fraEng: DictArticle[]): Map<string, string[]> {
  const direct = new Map<string, string[]>();
  for (const a of engFra) {
    const list = direct.get(a.headword) ?? [];
    for (const t of a.translations) if (!list.includes(t)) list.push(t);
    direct.set(a.headword, list);
  }
  const inverse = new Map<string, string[]>();
  for (const a of fraEng) {
    for (const en of a.translations) {
      const list = inverse.get(en) ?? [];
      if (!list.includes(a.headword)) list.push(a.headword);
      inverse.set(en, list);
    }
  }
  const merged = new Map<string, string[]>();
  for (const en of new Set([...direct.keys(), ...inverse.keys()])) {
    const d = direct.get(en) ?? [];
    const i = inverse.get(en) ?? [];
    const both = d.filter((t) => i.includes(t));
    let ranked = [...new Set([...both, ...d, ...i])].filter((t) => t !== en || d.includes(t));
    // Drop spellings that lost their apostrophe ("dailleurs" next to "d'ailleurs").
    const elided = new Set(ranked.filter((t) => t.includes("'")).map((t) => t.replace(/'/g, '')));
    ranked = ranked.filter((t) => t.includes("'") || !elided.has(t));
    if (ranked.length) merged.set(en, ranked.slice(0, MAX_TRANSLATIONS));
  }
  return merged;
}

/** Serialises the merged lexicon as sorted TSV lines. */
export function toTsv(merged: Map<string, string[]>): string {
  const keys = [...merged.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((k) => `${k}\t${merged.get(k)!.join('|')}`).join('\n') + '\n';
}

function readDict(dir: string, name: string): DictArticle[] {
  const index = readFileSync(join(dir, `${name}.index`), 'utf8');
  const data = gunzipSync(readFileSync(join(dir, `${name}.dict.dz`)));
  return parseDictd(index, data);
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = process.argv[2] ?? '/usr/share/dictd';
  const outFile = process.argv[3] ?? join(here, '..', 'data', 'lexicon', 'en-fr.tsv');
  let engFra: DictArticle[];
  let fraEng: DictArticle[];
  try {
    engFra = readDict(dir, 'freedict-eng-fra');
    fraEng = readDict(dir, 'freedict-fra-eng');
  } catch (e) {
    console.error(
      `build-lexicon: cannot read FreeDict dictionaries in ${dir} (${(e as Error).message}).\n` +
        'Install them with: apt-get install -y dict-freedict-eng-fra dict-freedict-fra-eng',
    );
    process.exit(1);
  }
  const merged = mergeDirections(engFra, fraEng);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, toTsv(merged));
  console.log(
    `build-lexicon: ${engFra.length} eng-fra + ${fraEng.length} fra-eng articles → ${merged.size} English headwords in ${outFile}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
