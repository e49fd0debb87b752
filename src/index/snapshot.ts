/**
 * Index snapshots on disk: written atomically (temporary file, fsync, rename), verified on read (length
 * and SHA-256 in a header line, then the payload's shape), and published through a small `current.json`
 * pointer that every process serving the same corpus from the same cache directory watches.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SnapshotError } from '../errors.js';
import type { RejectedFile } from '../types.js';
import type { PassageIndexData } from './passage-index.js';

const FORMAT = 'quotebot-snapshot/1';

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
    layout: z.literal(2),
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
      nextId: z.number(),
      fieldIds: z.looseObject({ text: z.number(), title: z.number() }),
      averageFieldLength: z.array(z.number()),
      dirtCount: z.number(),
      terms: z.custom<string[]>((v) => Array.isArray(v) && v.every((t) => typeof t === 'string'), { message: 'expected an array of strings' }),
      postings: z.array(z.looseObject({})),
    }),
  }),
  glossaryText: z.string(),
  rejected: z.array(rejectedFile),
});

const PRECISIONS = new Set(['year', 'month', 'day', 'minute']);

/** Whether `v` is an array of numbers (whole and at least 0 with `whole`), checked without copying. */
function numbers(v: unknown, whole = false): v is number[] {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== 'number' || (whole && !(Number.isInteger(x) && x >= 0))) return false;
  return true;
}

const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
const lines = (s: string) => {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * The first inconsistency of the index columns (see `PassageIndexData`), as `[path, message]`, or null: every
 * column of the right type and length, every passage of an existing document, every count matching what it
 * counts. Checked in place, without copying (a snapshot holds hundreds of thousands of passages and postings).
 */
function indexDataProblem(index: PassageIndexData): [string, string] | null {
  const p = index.passages as unknown as Record<string, unknown>;
  const n = Array.isArray(p.doc) ? p.doc.length : -1;
  for (const k of ['doc', 'start', 'end', 'paragraph', 'sentences', 'first'] as const) {
    if (!numbers(p[k], true) || (p[k] as number[]).length !== n) return [`index.passages.${k}`, `expected ${n} whole numbers`];
  }
  const docs = index.documents.length;
  const bad = (p.doc as number[]).findIndex((d) => d >= docs);
  if (bad >= 0) return [`index.passages.doc.${bad}`, 'no such document'];
  if (!numbers(p.withTerms, true) || (p.withTerms as number[]).some((id) => id >= n)) return ['index.passages.withTerms', 'expected passage ids'];
  const withTerms = (p.withTerms as number[]).length;
  for (const k of ['terms', 'words'] as const) {
    if (withTerms && lines(p[k] as string) !== withTerms) return [`index.passages.${k}`, `expected ${withTerms} lines`];
  }
  const m = p.marks as Record<string, unknown>;
  for (const k of ['ids', 'dates', 'amounts', 'names', 'dateSpans', 'spans'] as const) if (!numbers(m[k], true)) return [`index.passages.marks.${k}`, 'expected whole numbers'];
  const ids = m.ids as number[];
  if ((m.dates as number[]).length !== ids.length || (m.amounts as number[]).length !== ids.length || (m.names as number[]).length !== ids.length || ids.some((id) => id >= n)) {
    return ['index.passages.marks', 'counts do not match the passages'];
  }
  const dates = sum(m.dates as number[]);
  const strings = (v: unknown, ok: (s: string) => boolean = () => true) => Array.isArray(v) && v.length === dates && v.every((x) => typeof x === 'string' && ok(x));
  if (!strings(m.dateText) || !strings(m.dateIso) || !strings(m.datePrecision, (x) => PRECISIONS.has(x)) || (m.dateSpans as number[]).length !== 2 * dates) {
    return ['index.passages.marks', `expected ${dates} dates`];
  }
  if ((m.spans as number[]).length !== 2 * (sum(m.amounts as number[]) + sum(m.names as number[]))) return ['index.passages.marks.spans', 'expected one start and end per amount and name'];
  const s = index.search;
  const fields = Object.keys(s.fieldIds).length;
  if (s.postings.length !== fields) return ['index.search.postings', `expected ${fields} fields`];
  if (!numbers(s.documentIds) || s.documentIds.length % 2) return ['index.search.documentIds', 'expected [short id, id] pairs'];
  if (!numbers(s.fieldLength) || s.fieldLength.length !== (s.documentIds.length / 2) * fields) return ['index.search.fieldLength', 'expected one length per document and field'];
  for (let f = 0; f < fields; f++) {
    const { counts, pairs } = s.postings[f] as { counts: unknown; pairs: unknown };
    if (!numbers(counts, true) || counts.length !== s.terms.length) return [`index.search.postings.${f}.counts`, `expected ${s.terms.length} whole numbers`];
    if (!numbers(pairs, true) || pairs.length !== 2 * sum(counts)) return [`index.search.postings.${f}.pairs`, 'expected one [short id, frequency] pair per posting'];
  }
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
  return path.join(cacheDir, `snapshot-${version}.json`);
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
  const body = Buffer.from(JSON.stringify(payload));
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
    return JSON.parse(body.toString('utf8')) as T;
  } catch (e) {
    throw new SnapshotError(file, `unparsable: ${(e as Error).message}`);
  }
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
      .filter((n) => /^snapshot-.*\.json$|^digest-.*\.txt$|\.tmp$/.test(n) && !keepFiles.has(n))
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
