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

const span = z.object({ start: z.number(), end: z.number() });
const dateMention = span.extend({ text: z.string(), iso: z.string(), precision: z.enum(['year', 'month', 'day', 'minute']) });
const rejectedFile = z.object({ file: z.string(), field: z.string(), reason: z.string() });
const passage = z.object({
  doc: z.number().int().nonnegative(),
  start: z.number(),
  end: z.number(),
  paragraph: z.number(),
  sentences: z.number(),
  first: z.number(),
  terms: z.string().optional(),
  words: z.string().optional(),
  dates: z.array(dateMention),
  amounts: z.array(span),
  names: z.array(span),
});

const isNum = (v: unknown) => typeof v === 'number';
const isSpan = (v: unknown) => typeof v === 'object' && v !== null && isNum((v as Span).start) && isNum((v as Span).end);
type Span = { start: number; end: number };

/**
 * A passage of the expected shape, checked without copying (a snapshot holds hundreds of thousands: a
 * zod object parse of each would double the load time). The schema of the first passage is also checked
 * by zod, whose message then names the field.
 */
function isPassage(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (!isNum(p.doc) || !isNum(p.start) || !isNum(p.end) || !isNum(p.paragraph) || !isNum(p.sentences) || !isNum(p.first)) return false;
  if ((p.terms !== undefined && typeof p.terms !== 'string') || (p.words !== undefined && typeof p.words !== 'string')) return false;
  if (!Array.isArray(p.dates) || !Array.isArray(p.amounts) || !Array.isArray(p.names)) return false;
  for (const d of p.dates as Record<string, unknown>[]) if (!isSpan(d) || typeof d.iso !== 'string' || typeof d.text !== 'string' || typeof d.precision !== 'string') return false;
  return (p.amounts as unknown[]).every(isSpan) && (p.names as unknown[]).every(isSpan);
}

/** An array whose every element passes `check` (its first element also parsed by `schema`, for the message). */
const arrayOf = <T>(schema: z.ZodType<T>, check: (v: unknown) => boolean, what: string) =>
  z.custom<T[]>((v) => Array.isArray(v) && (v.length === 0 || schema.safeParse(v[0]).success) && v.every(check), { message: `expected an array of ${what}` });

/**
 * The shape of a snapshot payload. A snapshot with a valid header and checksum can still hold another
 * shape (written by other code, or edited by hand); it is refused like a corrupt one.
 */
const snapshotSchema = z.object({
  index: z.object({
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
    passages: arrayOf(passage, isPassage, 'passages'),
    df: arrayOf(z.tuple([z.string(), z.number()]), (e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isNum(e[1]), '[term, count] pairs'),
    // minisearch's own serialization, checked by minisearch when it is loaded.
    search: z.looseObject({ documentCount: z.number(), index: z.custom<unknown[]>(Array.isArray, { message: 'expected an array' }), serializationVersion: z.number() }),
  }),
  glossaryText: z.string(),
  rejected: z.array(rejectedFile),
});

/**
 * Checks the shape of a snapshot payload (see {@link snapshotSchema}) and that its passages point at its
 * documents.
 * @throws {@link SnapshotError} naming the first problem
 */
export function parseIndexSnapshot(file: string, data: unknown): IndexSnapshot {
  const r = snapshotSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new SnapshotError(file, `unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const docs = r.data.index.documents.length;
  const bad = r.data.index.passages.findIndex((p) => p.doc >= docs);
  if (bad >= 0) throw new SnapshotError(file, `unexpected shape at index.passages.${bad}.doc: no such document`);
  return r.data as IndexSnapshot;
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
