/**
 * The corpus directory's lock file, shared by every process on the host: a change from the chat or the
 * command line holds it while it writes its files and refreshes, a `corpus refresh` while it refreshes, and
 * the watcher while it refreshes after a hand edit. One at a time, so that each change is seen, refreshed and
 * recorded once, by the one that made it, and never twice by two processes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CorpusChangeError } from '../errors.js';

/** The lock file, a dot-file of the corpus directory (never read as a document, never watched). */
export const LOCK_FILE = '.corpus.lock';
/** Age after which a lock file is taken to be left by a crash, and taken over. */
export const LOCK_STALE_MS = 120_000;
/** How long a taker waits for the lock before giving up. */
export const LOCK_WAIT_MS = 60_000;

/** Options of {@link takeCorpusLock}. */
export interface CorpusLockOptions {
  /** How long to wait for another holder (default {@link LOCK_WAIT_MS}). */
  waitMs?: number;
  /** Polled while waiting: true gives up (resolves null). */
  cancelled?: () => boolean;
}

/**
 * Takes the lock of `corpusDir` (a stale one, left by a crash, is taken over).
 * @returns its release, or null when `cancelled` said so while waiting
 * @throws {@link CorpusChangeError} when another holder kept it past `waitMs`
 */
export async function takeCorpusLock(corpusDir: string, options: CorpusLockOptions = {}): Promise<(() => Promise<void>) | null> {
  const file = path.join(corpusDir, LOCK_FILE);
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  for (;;) {
    try {
      const h = await fs.open(file, 'wx');
      await h.writeFile(`${process.pid}\n`);
      await h.close();
      return () => fs.rm(file, { force: true });
    } catch (e) {
      // No directory: no corpus to change, nothing to hold (what opens it reports the missing directory).
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return async () => undefined;
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await fs.stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await fs.rm(file, { force: true });
      else if (options.cancelled?.()) return null;
      else if (Date.now() > deadline) throw new CorpusChangeError(`the corpus is locked by another change (${file})`);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
}
