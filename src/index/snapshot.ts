/**
 * Index snapshots on disk: written atomically (temporary file, fsync, rename), verified on read (length
 * and SHA-256 in a header line), and published through a small `current.json` pointer that every process
 * serving the same cache directory watches.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
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

/** Publishes `version` as the one in service for every process watching `cacheDir`. */
export async function publishCurrent(cacheDir: string, version: string): Promise<void> {
  const pointer: CurrentPointer = { version, file: path.basename(snapshotFile(cacheDir, version)), publishedAt: new Date().toISOString() };
  await atomicWrite(path.join(cacheDir, 'current.json'), JSON.stringify(pointer));
}

/** Reads the published pointer, or null when none (or unreadable). */
export async function readCurrent(cacheDir: string): Promise<CurrentPointer | null> {
  try {
    const p = JSON.parse(await fs.readFile(path.join(cacheDir, 'current.json'), 'utf8')) as CurrentPointer;
    return typeof p.version === 'string' ? p : null;
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
