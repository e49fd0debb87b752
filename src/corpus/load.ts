/**
 * Loading and validating the corpus directory: one Markdown file per document, with YAML front matter.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { CorpusEmptyError } from '../errors.js';
import type { CorpusDocument, RejectedFile } from '../types.js';
import { quoteFileName } from './names.js';

/** Largest document file accepted. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'is not a real calendar date');

/** Schema of a document's front matter. */
export const frontMatterSchema = z.object({
  id: z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1–128 letters, digits, dots, dashes or underscores'),
  title: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(300, 'is longer than 300 characters'),
  published: z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDay),
  language: z.enum(['fr', 'en'], { error: 'must be "fr" or "en"' }),
  source: z.url({ error: 'must be a URL' }).optional(),
  author: z.string().trim().min(1).max(200).optional(),
});

/** Result of loading a corpus directory. */
export interface CorpusLoad {
  /** Valid documents, sorted by file name. */
  documents: CorpusDocument[];
  /** Files rejected, with file, field and reason. */
  rejected: RejectedFile[];
  /** Raw bytes of every file read (for hashing), by relative path. */
  files: Map<string, string>;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Parses one document file's text. Returns the document, or the rejection with its field and reason.
 */
export function parseDocument(file: string, text: string): { doc: CorpusDocument } | { rejected: RejectedFile } {
  const reject = (field: string, reason: string) => ({ rejected: { file, field, reason } });
  const m = FRONT_MATTER.exec(text);
  if (!m) return reject('front matter', 'missing: the file must start with a --- YAML block ---');
  let data: unknown;
  try {
    data = parseYaml(m[1]!, { prettyErrors: true });
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line + 1})` : '';
    return reject('front matter', `invalid YAML${line}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return reject('front matter', 'must be a mapping of fields');
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'front matter';
    const value = (data as Record<string, unknown>)[String(issue.path[0])];
    return reject(field, value === undefined ? 'is required' : issue.message);
  }
  const body = text.slice(m[0].length);
  if (!body.trim()) return reject('body', 'is empty');
  return { doc: { ...parsed.data, body, file } };
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, r)));
    else if (e.isFile() && /\.(md|markdown)$/i.test(e.name) && !/^readme\.md$/i.test(e.name)) out.push(r);
  }
  return out.sort();
}

/**
 * Loads every `*.md` document under `dir` (recursively; README.md and dot-files skipped), or the files
 * already read by {@link readCorpusFiles}. Bad files are rejected with their reason; the rest load. Never
 * throws for a bad file; throws if `dir` is unreadable.
 */
export async function loadCorpus(dir: string, raw?: Map<string, Buffer | null>): Promise<CorpusLoad> {
  const files = new Map<string, string>();
  const documents: CorpusDocument[] = [];
  const rejected: RejectedFile[] = [];
  const seen = new Map<string, string>();
  for (const [file, buf] of raw ?? (await readCorpusFiles(dir))) {
    if (!buf) {
      rejected.push({ file, field: 'file', reason: `is larger than ${MAX_DOCUMENT_BYTES} bytes` });
      continue;
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(buf).normalize('NFC');
    files.set(file, text);
    if (text.includes('\uFFFD') && !buf.includes(Buffer.from('\uFFFD'))) {
      rejected.push({ file, field: 'file', reason: 'is not valid UTF-8' });
      continue;
    }
    const control = controlCharacter(text);
    if (control) {
      rejected.push({ file, field: 'file', reason: control });
      continue;
    }
    const r = parseDocument(file, text);
    if ('rejected' in r) {
      rejected.push(r.rejected);
      continue;
    }
    const other = seen.get(r.doc.id);
    if (other) {
      rejected.push({ file, field: 'id', reason: `duplicate id "${r.doc.id}" (also in ${quoteFileName(other)})` });
      continue;
    }
    seen.set(r.doc.id, file);
    documents.push(r.doc);
  }
  rejected.push(...(await skippedLinks(dir)));
  return { documents, rejected, files };
}

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Where a text holds a control character (which no article holds and which would garble a quote), as a
 * reason for the report: `holds the control character U+0007 (line 3, column 12)`; undefined when none.
 */
export function controlCharacter(text: string): string | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  const column = m.index - before.lastIndexOf('\n');
  return `holds the control character U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (line ${line}, column ${column}): remove it`;
}

/** Why a symbolic link is not followed. */
const LINK_REASON = 'is a symbolic link: skipped (links are not followed; put the file itself in the corpus)';

/**
 * Symbolic links under `dir` that would otherwise be read (a document, a directory, `glossary.yml`), each as
 * a rejection: links are never followed (they may point anywhere on the machine), and the report says so.
 */
export async function skippedLinks(dir: string, rel = ''): Promise<RejectedFile[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: RejectedFile[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await skippedLinks(dir, r)));
    else if (e.isSymbolicLink()) {
      const target = await fs.stat(path.join(dir, r)).catch(() => null);
      const document = /\.(md|markdown)$/i.test(e.name) && !/^readme\.md$/i.test(e.name);
      const glossary = !rel && e.name === 'glossary.yml';
      if (document || glossary || target?.isDirectory()) out.push({ file: r, field: 'file', reason: LINK_REASON });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * The raw bytes of every document file under `dir` (sorted by path; `null` for a file over
 * {@link MAX_DOCUMENT_BYTES}), without parsing: enough to tell whether the corpus changed.
 * @throws {@link CorpusEmptyError} when `dir` is not a readable directory
 */
export async function readCorpusFiles(dir: string): Promise<Map<string, Buffer | null>> {
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(dir)).isDirectory();
  } catch (e) {
    throw new CorpusEmptyError(dir, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message);
  }
  if (!isDirectory) throw new CorpusEmptyError(dir, 'not a directory');
  const out = new Map<string, Buffer | null>();
  for (const file of await listFiles(dir)) {
    const full = path.join(dir, file);
    out.set(file, (await fs.stat(full)).size > MAX_DOCUMENT_BYTES ? null : await fs.readFile(full));
  }
  return out;
}
