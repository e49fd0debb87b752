/**
 * ZIP archives (Word .docx and OpenDocument .odt files are ZIP archives), read with yauzl under limits that an
 * uploaded archive cannot get around: the entries come from the central directory (at most
 * {@link MAX_ZIP_ENTRIES}, each name once); the uncompressed sizes the archive declares must stay under
 * {@link MAX_UNZIPPED_BYTES} in all; and while an entry is inflated its real output is counted, so an entry
 * that lies about its size (a zip bomb) is stopped as soon as it passes its declared size or the total, never
 * inflated to the end. Only the entries a reader asks for are inflated; an encrypted entry is refused.
 */
import type { Readable } from 'node:stream';
import type * as Yauzl from 'yauzl';
import { DocumentError } from '../errors.js';

/** Most entries an archive may have (a Word or OpenDocument file has a few dozen, plus its pictures). */
export const MAX_ZIP_ENTRIES = 2000;

/** Most bytes an archive may hold uncompressed, all entries together (declared, and counted while inflating). */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;

/** Whether bytes open like a ZIP archive (a local file header, or the end record of an empty archive). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** An opened archive: its entries by name, and a reader of one entry's bytes within the archive's budget. */
export interface ZipArchive {
  /** Names of the entries, in the central directory's order. */
  readonly names: readonly string[];
  /** Whether the archive has an entry of that name. */
  has(name: string): boolean;
  /** Whether an entry is encrypted (ZIP encryption). */
  isEncrypted(name: string): boolean;
  /** Declared uncompressed size of an entry (0 when absent). */
  sizeOf(name: string): number;
  /**
   * The bytes of an entry, or undefined when there is none; at most `max` bytes (default: the rest of the
   * archive's budget).
   * @throws {@link DocumentError} when the entry is encrypted, corrupt, or over a limit
   */
  read(name: string, max?: number): Promise<Uint8Array | undefined>;
  /** The entry as UTF-8 text (see {@link ZipArchive.read}). */
  text(name: string, max?: number): Promise<string | undefined>;
}

/** yauzl, loaded on first use. */
let yauzl: Promise<typeof Yauzl> | null = null;

const corrupt = (e: unknown) => new DocumentError('file', `is a damaged archive (${(e as Error).message})`);

/**
 * Opens an archive and reads its central directory (nothing is inflated yet).
 * @throws {@link DocumentError} when it is not a readable ZIP archive, has too many entries, repeats a name, or
 *   declares more than {@link MAX_UNZIPPED_BYTES} uncompressed
 */
export async function openZip(bytes: Uint8Array): Promise<ZipArchive> {
  const { fromBuffer } = await (yauzl ??= import('yauzl'));
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await new Promise<Yauzl.ZipFile>((resolve, reject) =>
    fromBuffer(buffer, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false }, (e, z) => (e ? reject(corrupt(e)) : resolve(z))),
  );
  if (zip.entryCount > MAX_ZIP_ENTRIES) throw new DocumentError('file', `is an archive of ${zip.entryCount} entries (at most ${MAX_ZIP_ENTRIES})`);
  const entries = new Map<string, Yauzl.Entry>();
  let declared = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (e) => reject(corrupt(e)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Yauzl.Entry) => {
      if (entries.has(entry.fileName)) return reject(new DocumentError('file', `is a damaged archive (the entry "${entry.fileName.slice(0, 100)}" is there twice)`));
      declared += entry.uncompressedSize;
      if (declared > MAX_UNZIPPED_BYTES) return reject(new DocumentError('file', `declares more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB uncompressed (a zip bomb?)`));
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
  let budget = MAX_UNZIPPED_BYTES;
  const read = async (name: string, max = budget): Promise<Uint8Array | undefined> => {
    const entry = entries.get(name);
    if (!entry) return undefined;
    if (entry.isEncrypted()) throw new DocumentError('file', 'is encrypted (password-protected): save it without a password');
    const limit = Math.min(max, budget);
    if (entry.uncompressedSize > limit) throw new DocumentError('file', `has a part (${name.slice(0, 100)}) larger than the ${Math.round(limit / 1024 / 1024)} MB accepted`);
    const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (e, s) => (e ? reject(corrupt(e)) : resolve(s))));
    const chunks: Buffer[] = [];
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          // yauzl already stops an entry at its declared size; this is the archive's own budget.
          stream.destroy();
          reject(new DocumentError('file', `inflates to more than ${Math.round(limit / 1024 / 1024)} MB (a zip bomb?)`));
          return;
        }
        chunks.push(c);
      });
      stream.on('end', resolve);
      stream.on('error', (e) => reject(/too many bytes/.test(e.message) ? new DocumentError('file', `is a damaged archive or a zip bomb (${name.slice(0, 100)} is larger than it declares)`) : corrupt(e)));
    });
    budget -= size;
    return new Uint8Array(Buffer.concat(chunks, size));
  };
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    isEncrypted: (name) => entries.get(name)?.isEncrypted() ?? false,
    sizeOf: (name) => entries.get(name)?.uncompressedSize ?? 0,
    read,
    text: async (name, max) => {
      const b = await read(name, max);
      return b && new TextDecoder('utf-8').decode(b);
    },
  };
}
