/**
 * The corpus journal: one JSON line per add, update or remove (who, when, what), in
 * `CORPUS_DIR/.journal.jsonl` (a dot-file: never read as a document, never watched). Each entry is also
 * logged. Kept small and self-contained so that a database store can take it over.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { asError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Who changed the corpus. */
export interface Actor {
  /** `discord`, `slack`, `console`, `cli`, or `host` (a file edited by hand in the corpus directory). */
  platform: string;
  /** Platform user id, or the system user name for the command line. */
  userId: string;
  /** A display name, when known. */
  name?: string;
}

/** One change of the corpus. */
export interface JournalEntry {
  /** ISO timestamp. */
  at: string;
  action: 'add' | 'update' | 'remove';
  id: string;
  title?: string;
  source?: string;
  /** Files written or removed, relative to the corpus directory. */
  files: string[];
  by: Actor;
}

/**
 * One attempted change of the corpus and how it ended, as handed to a {@link CorpusChangeListener} (the
 * store keeps these for the moderators' report): refused and failed attempts too, which the journal omits.
 */
export interface CorpusChange {
  /** ISO timestamp. */
  at: string;
  /** What was done, or asked (`add` for an add refused before its target was known). */
  action: 'add' | 'update' | 'remove';
  /** The document's id, when known. */
  id: string | null;
  title: string | null;
  /** The URL fetched or the file name uploaded, when there was one. */
  source: string | null;
  by: Actor;
  /** `done`; `refused` (nothing changed, `error` says why); `failed` (an unexpected error, files put back). */
  outcome: 'done' | 'refused' | 'failed';
  error?: string;
}

/** Told of every attempted corpus change; must not throw (a failure is the listener's to log). */
export type CorpusChangeListener = (change: CorpusChange) => void | Promise<void>;

/** Tells a listener (if any) of a change, stamped now; its failure is logged, never the change's. */
export async function tellChange(listener: CorpusChangeListener | undefined, change: Omit<CorpusChange, 'at'>, logger: Logger): Promise<void> {
  if (!listener) return;
  try {
    await listener({ at: new Date().toISOString(), ...change });
  } catch (e) {
    logger.warn({ err: asError(e) }, 'could not record the corpus change');
  }
}

/**
 * The changes a successful refresh made, one per document it added, updated or removed, each named by its
 * title (an added or updated one's after the refresh, a removed one's before), for a
 * {@link CorpusChangeListener}. The refresh's own `by` is added by the caller.
 */
export function refreshChanges(
  report: { added: string[]; changed: string[]; removed: string[] },
  titlesBefore: ReadonlyMap<string, string>,
  titlesAfter: ReadonlyMap<string, string>,
): Omit<CorpusChange, 'at' | 'by'>[] {
  const done = (action: CorpusChange['action'], ids: string[], names: ReadonlyMap<string, string>) =>
    ids.map((id) => ({ action, id, title: names.get(id) ?? null, source: null, outcome: 'done' as const }));
  return [...done('add', report.added, titlesAfter), ...done('update', report.changed, titlesAfter), ...done('remove', report.removed, titlesBefore)];
}

/** The journal file of a corpus directory. */
export const JOURNAL_FILE = '.journal.jsonl';

/** Appends an entry to the journal of `corpusDir`. */
export async function appendJournal(corpusDir: string, entry: JournalEntry): Promise<void> {
  await fs.appendFile(path.join(corpusDir, JOURNAL_FILE), `${JSON.stringify(entry)}\n`, 'utf8');
}

/** The journal's entries, oldest first (an unreadable line is skipped). */
export async function readJournal(corpusDir: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(corpusDir, JOURNAL_FILE), 'utf8');
  } catch {
    return [];
  }
  const out: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch {
      // a torn last line after a crash: skipped
    }
  }
  return out;
}

/** "discord:1234 (Ada)" */
export function describeActor(a: Actor): string {
  return `${a.platform}:${a.userId}${a.name ? ` (${a.name})` : ''}`;
}
