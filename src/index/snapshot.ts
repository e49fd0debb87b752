/**
 * Index snapshots on disk: written atomically (temporary file, fsync, rename), verified on read (length
 * and SHA-256 in a header line, then the payload's shape), and published through a small `current.json`
 * pointer that every process serving the same corpus from the same cache directory watches.
 *
 * The payload is written with `v8.serialize`: the index's columns are typed arrays and its texts long
 * strings, which V8 reads back by copying bytes (no text to decode, no JSON to parse, no number to convert),
 * so loading a snapshot costs less than minisearch's own `loadJSON` of a plain index of the same passages.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { z } from 'zod';
import { SnapshotError } from '../errors.js';
import type { RejectedFile } from '../types.js';
import type { PassageIndexData } from './passage-index.js';

const FORMAT = 'quotebot-snapshot/2';

interface Header {
  format: string;
  version: string;
  bytes: number;
  sha256: string;
}

/** What a snapshot file holds: the index and what is needed to serve it without reading the corpus. */
export interface IndexSnapshot {
  /** The serialized passage index. */
  index: PassageIndexData;
  /** Text of the corpus glossary the index was built with (the translator is rebuilt from it). */
  glossaryText: string;
  /** Files rejected when the index was built. */
  rejected: RejectedFile[];
}

/** The pointer to the snapshot in service. */
export interface CurrentPointer {
  version: string;
  file: string;
  publishedAt: string;
  /** The corpus directory (absolute) the snapshot was built from: a process serving another corpus never
   * adopts it. Absent in pointers written before it was recorded (then adopted by no one). */
  corpusDir?: string;
}

const rejectedFile = z.object({ file: z.string(), field: z.string(), reason: z.string() });

/** The envelope of a snapshot payload; the index inside is checked by {@link indexDataProblem}. */
const snapshotSchema = z.object({
  index: z.object({
    layout: z.literal(3),
    documents: z.array(
      z.looseObject({
        id: z.string(),
        title: z.string(),
        // Absent when the document gives no date (it is never guessed).
        published: z.string().optional(),
        language: z.enum(['fr', 'en']),
        body: z.string(),
        file: z.string(),
        hash: z.string(),
        // The paragraphs its reader found (with a PDF's pages), as spans of the body.
        paragraphs: z.array(z.object({ start: z.number(), end: z.number(), page: z.number().optional() })).optional(),
      }),
    ),
    passages: z.looseObject({ terms: z.string(), words: z.string(), marks: z.looseObject({}) }),
    search: z.looseObject({
      documentCount: z.number(),
      fieldIds: z.looseObject({ text: z.number(), title: z.number() }),
      averageFieldLength: z.array(z.number()),
      terms: z.custom<string[]>((v) => Array.isArray(v) && v.every((t) => typeof t === 'string'), { message: 'expected an array of strings' }),
      postings: z.array(z.looseObject({})),
    }),
  }),
  glossaryText: z.string(),
  rejected: z.array(rejectedFile),
});

const PRECISIONS = new Set(['year', 'month', 'day', 'minute']);

/** Whether `v` is an Int32Array (of numbers at least `min`, and, with `length`, of that length). */
function ints(v: unknown, min = 0, length?: number): v is Int32Array {
  if (!(v instanceof Int32Array) || (length !== undefined && v.length !== length)) return false;
  for (let i = 0; i < v.length; i++) if (v[i]! < min) return false;
  return true;
}

const sum = (a: Int32Array) => a.reduce((s, x) => s + x, 0);
const lines = (s: string) => {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** The first inconsistency of the passage columns, as `[path, message]`, or null. */
function passagesProblem(index: PassageIndexData): [string, string] | null {
  const p = index.passages as unknown as Record<string, unknown>;
  const n = p.doc instanceof Int32Array ? p.doc.length : -1;
  for (const k of ['doc', 'start', 'end', 'paragraph', 'sentences', 'first'] as const) {
    if (!ints(p[k], 0, n)) return [`index.passages.${k}`, `expected ${n} whole numbers`];
  }
  const docs = index.documents.length;
  const bad = (p.doc as Int32Array).findIndex((d) => d >= docs);
  if (bad >= 0) return [`index.passages.doc.${bad}`, 'no such document'];
  if (!ints(p.withTerms) || p.withTerms.some((id) => id >= n)) return ['index.passages.withTerms', 'expected passage ids'];
  const withTerms = p.withTerms.length;
  for (const k of ['terms', 'words'] as const) {
    if (withTerms && lines(p[k] as string) !== withTerms) return [`index.passages.${k}`, `expected ${withTerms} lines`];
  }
  const m = p.marks as Record<string, unknown>;
  for (const k of ['ids', 'dates', 'amounts', 'names', 'dateSpans', 'spans'] as const) if (!ints(m[k])) return [`index.passages.marks.${k}`, 'expected whole numbers'];
  const ids = m.ids as Int32Array;
  if ((m.dates as Int32Array).length !== ids.length || (m.amounts as Int32Array).length !== ids.length || (m.names as Int32Array).length !== ids.length || ids.some((id) => id >= n)) {
    return ['index.passages.marks', 'counts do not match the passages'];
  }
  const dates = sum(m.dates as Int32Array);
  const strings = (v: unknown, ok: (s: string) => boolean = () => true) => Array.isArray(v) && v.length === dates && v.every((x) => typeof x === 'string' && ok(x));
  if (!strings(m.dateText) || !strings(m.dateIso) || !strings(m.datePrecision, (x) => PRECISIONS.has(x)) || (m.dateSpans as Int32Array).length !== 2 * dates) {
    return ['index.passages.marks', `expected ${dates} dates`];
  }
  if ((m.spans as Int32Array).length !== 2 * (sum(m.amounts as Int32Array) + sum(m.names as Int32Array))) return ['index.passages.marks.spans', 'expected one start and end per amount and name'];
  return null;
}

/** The first inconsistency of the search index's arrays (see `TermIndexData`), as `[path, message]`, or null. */
function searchProblem(index: PassageIndexData): [string, string] | null {
  const s = index.search as unknown as Record<string, unknown> & { fieldIds: Record<string, number>; terms: string[]; postings: Record<string, unknown>[] };
  const fields = Object.keys(s.fieldIds).length;
  if (s.postings.length !== fields || Object.values(s.fieldIds).some((f) => !Number.isInteger(f) || f < 0 || f >= fields)) return ['index.search.postings', `expected ${fields} fields`];
  if (!ints(s.externalId, -1)) return ['index.search.externalId', 'expected passage ids'];
  const size = s.externalId.length;
  const passages = index.passages.doc.length;
  if (s.externalId.some((id) => id >= passages)) return ['index.search.externalId', 'no such passage'];
  if (!ints(s.fieldLength, -1, size * fields)) return ['index.search.fieldLength', 'expected one length per document and field'];
  for (let f = 0; f < fields; f++) {
    const { offsets, docs, freqs } = s.postings[f]!;
    if (!ints(offsets, 0, s.terms.length + 1) || offsets[0] !== 0 || offsets.some((o, i) => i > 0 && o < offsets[i - 1]!)) return [`index.search.postings.${f}.offsets`, `expected ${s.terms.length + 1} ascending offsets`];
    const total = offsets[s.terms.length]!;
    if (!ints(docs, 0, total) || docs.some((d) => d >= size)) return [`index.search.postings.${f}.docs`, `expected ${total} document ids`];
    if (!ints(freqs, 1, total)) return [`index.search.postings.${f}.freqs`, `expected ${total} term frequencies`];
  }
  return null;
}

/**
 * The first inconsistency of the index columns (see `PassageIndexData`), as `[path, message]`, or null: every
 * column of the right type and length, every passage of an existing document, every count matching what it
 * counts, every posting of an existing document. Checked in place, without copying.
 */
function indexDataProblem(index: PassageIndexData): [string, string] | null {
  return passagesProblem(index) ?? searchProblem(index) ?? derivedProblem(index);
}

/** The first inconsistency of what the index derived from its documents, or null. */
function derivedProblem(index: PassageIndexData): [string, string] | null {
  const d = index.derived as unknown as Record<string, unknown> | undefined;
  const n = index.documents.length;
  const titles = (v: unknown) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'string');
  if (!d || !titles(d.titleTerms) || !titles(d.titleWords)) return ['index.derived', `expected the title terms and words of ${n} documents`];
  if (typeof d.sentenceTerms !== 'number' || !Number.isInteger(d.sentenceTerms) || d.sentenceTerms < 0) return ['index.derived.sentenceTerms', 'expected a whole number'];
  return null;
}

/**
 * Checks the shape of a snapshot payload (the envelope with zod, the index columns in place) and that its
 * passages point at its documents. A snapshot with a valid header and checksum can still hold another shape
 * (written by other code, or edited by hand); it is refused like a corrupt one.
 * @throws {@link SnapshotError} naming the first problem
 */
export function parseIndexSnapshot(file: string, data: unknown): IndexSnapshot {
  const r = snapshotSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new SnapshotError(file, `unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  // zod copies what it parses: the checked columns are read from the original object.
  const snapshot = data as IndexSnapshot;
  const problem = indexDataProblem(snapshot.index);
  if (problem) throw new SnapshotError(file, `unexpected shape at ${problem[0]}: ${problem[1]}`);
  return snapshot;
}

/** File name of the snapshot of a version. */
export function snapshotFile(cacheDir: string, version: string): string {
  return path.join(cacheDir, `snapshot-${version}.bin`);
}

async function atomicWrite(file: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

/** Writes the snapshot of `version` atomically. */
export async function writeSnapshot(cacheDir: string, version: string, payload: unknown): Promise<string> {
  const body = v8.serialize(payload);
  const header: Header = { format: FORMAT, version, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
  const file = snapshotFile(cacheDir, version);
  await atomicWrite(file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
  return file;
}

/**
 * Reads and verifies a snapshot.
 * @returns the payload, or null when there is no such file
 * @throws {@link SnapshotError} when it is truncated, corrupt or of another version
 */
export async function readSnapshot<T>(cacheDir: string, version: string): Promise<T | null> {
  const file = snapshotFile(cacheDir, version);
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SnapshotError(file, (e as Error).message);
  }
  const nl = buf.indexOf(0x0a);
  if (nl < 0) throw new SnapshotError(file, 'no header (truncated?)');
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(0, nl).toString('utf8')) as Header;
  } catch {
    throw new SnapshotError(file, 'unreadable header');
  }
  if (header.format !== FORMAT) throw new SnapshotError(file, `unknown format ${String(header.format)}`);
  if (header.version !== version) throw new SnapshotError(file, `holds version ${header.version}, expected ${version}`);
  const body = buf.subarray(nl + 1);
  if (body.length !== header.bytes) throw new SnapshotError(file, `truncated: ${body.length} of ${header.bytes} bytes`);
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) throw new SnapshotError(file, 'checksum mismatch');
  try {
    return ownArrays(v8.deserialize(body)) as T;
  } catch (e) {
    throw new SnapshotError(file, `unparsable: ${(e as Error).message}`);
  }
}

/**
 * Typed arrays that `v8.deserialize` left as views into the file's buffer are copied out (the buffer, the
 * whole file, is then freed). Walks objects and arrays of objects; arrays of plain values are left alone.
 */
function ownArrays(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return v.byteLength === v.buffer.byteLength ? v : (v as Int32Array).slice();
  if (Array.isArray(v)) {
    if (v.length && typeof v[0] === 'object') for (let i = 0; i < v.length; i++) v[i] = ownArrays(v[i]);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (o[k] && typeof o[k] === 'object') o[k] = ownArrays(o[k]);
  }
  return v;
}

/** Publishes `version` of the corpus in `corpusDir` as the one in service for every process watching `cacheDir`. */
export async function publishCurrent(cacheDir: string, version: string, corpusDir: string): Promise<void> {
  const pointer: CurrentPointer = { version, file: path.basename(snapshotFile(cacheDir, version)), publishedAt: new Date().toISOString(), corpusDir };
  await atomicWrite(path.join(cacheDir, 'current.json'), JSON.stringify(pointer));
}

/** Reads the published pointer, or null when none (or unreadable). */
export async function readCurrent(cacheDir: string): Promise<CurrentPointer | null> {
  try {
    const p = JSON.parse(await fs.readFile(path.join(cacheDir, 'current.json'), 'utf8')) as CurrentPointer;
    return typeof p?.version === 'string' ? p : null;
  } catch {
    return null;
  }
}

/**
 * Deletes snapshots (and their digest files) other than the `keep` versions (best effort). Files younger than `minAgeMs` are kept:
 * another process may have just written one it is about to load and publish.
 */
export async function pruneSnapshots(cacheDir: string, keep: string[], minAgeMs = 60_000): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(cacheDir);
  } catch {
    return;
  }
  const keepFiles = new Set(keep.map((v) => path.basename(snapshotFile(cacheDir, v))));
  const now = Date.now();
  await Promise.all(
    names
      .filter((n) => /^snapshot-.*\.(?:bin|json)$|^digest-.*\.txt$|\.tmp$/.test(n) && !keepFiles.has(n))
      .map(async (n) => {
        const file = path.join(cacheDir, n);
        try {
          // A digest file (corpus digest → index version) goes with the snapshot it names.
          if (n.startsWith('digest-') && keep.includes((await fs.readFile(file, 'utf8')).trim())) return;
          const st = await fs.stat(file);
          if (now - st.mtimeMs >= minAgeMs) await fs.rm(file, { force: true });
        } catch {
          /* gone already */
        }
      }),
  );
}

/** Whether a process is running (a temporary file's writer). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a killed process left in `cacheDir` (`*.PID.RANDOM.tmp`, see atomicWrite):
 * those whose writer is no longer running, and any older than `maxAgeMs` (a writer on another machine
 * sharing the directory). Best effort; returns the names removed.
 */
export async function removeStaleTemps(cacheDir: string, maxAgeMs = 3_600_000): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(cacheDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names.filter((x) => x.endsWith('.tmp'))) {
    const file = path.join(cacheDir, n);
    const pid = Number(/\.(\d+)\.[0-9a-f]+\.tmp$/.exec(n)?.[1]);
    try {
      const old = Date.now() - (await fs.stat(file)).mtimeMs > maxAgeMs;
      if (pid === process.pid || (!old && Number.isInteger(pid) && pid > 0 && alive(pid))) continue;
      await fs.rm(file, { force: true });
      removed.push(n);
    } catch {
      /* gone already */
    }
  }
  return removed;
}
