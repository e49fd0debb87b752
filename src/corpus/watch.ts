/**
 * Watching the corpus directory (chokidar): a hand edit — a file added, changed or deleted, a metadata file
 * or the glossary edited — refreshes the index after a quiet period (debounced), and the report is logged;
 * the refreshed snapshot is published, so every other process on the same cache directory switches too.
 * A broken file keeps the previous index serving: when the change would newly reject a file, nothing is
 * swapped in, and a warning names the file and the reason until it is fixed. Dot-files (temporary files of
 * `corpus add`, the journal, the lock) are not watched. Each document a hand edit adds, updates or removes, and
 * each edit held or refused, is told to `onChange` as made by {@link HOST_ACTOR}: the moderators' report lists
 * them beside the changes made from the chat. A refresh holds the corpus lock (lock.ts) and first takes the
 * index another process published: a change made from the chat or the command line, or a hand edit another
 * process's watcher took in, is not told again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { asError } from '../errors.js';
import type { Logger } from '../logger.js';
import { loadCorpus } from './load.js';
import { LOCK_STALE_MS, takeCorpusLock } from './lock.js';
import type { EngineStatus, RefreshReport } from '../types.js';
import { refreshChanges, tellChange, type Actor, type CorpusChange, type CorpusChangeListener } from './journal.js';

/** What the watcher needs from the engine. */
export interface WatchedEngine {
  refresh(): Promise<RefreshReport>;
  status(): EngineStatus;
  /** The documents in service (their titles name the changes recorded); absent: changes carry no title. */
  documents?(): { id: string; title: string }[] | Promise<{ id: string; title: string }[]>;
  /** Switches to the index another process published, if newer (before refreshing: see `run`). */
  syncFromPublished?(): Promise<boolean>;
}

/** Who changed the corpus when a file was edited by hand in the corpus directory (seen by the watcher). */
export const HOST_ACTOR: Actor = { platform: 'host', userId: 'corpus directory' };

/** Options of {@link watchCorpus}. */
export interface CorpusWatchOptions {
  corpusDir: string;
  /** The cache directory (`CACHE_DIR`): the dry run of a hand edit keeps parsed documents there for the refresh. */
  cacheDir?: string | null;
  engine: WatchedEngine;
  logger: Logger;
  /** Quiet period after the last change before refreshing, in ms (default 500). */
  debounceMs?: number;
  /** Called after each refresh, or with null when a broken file held it (tests, metrics). */
  onRefresh?: (report: RefreshReport | null) => void;
  /** Told of each document a hand edit added, updated or removed (by {@link HOST_ACTOR}), and of an edit held
   * or refused (the bot records them in its store, beside the changes made from the chat). */
  onChange?: CorpusChangeListener;
}

/** A running corpus watcher. */
export interface CorpusWatcher {
  /** Resolves once the watcher is watching. */
  ready: Promise<void>;
  /** Stops watching (after the refresh in progress, if any). */
  close(): Promise<void>;
}

/** The files of a held or refused edit, as the change's source (at most five named). */
function sourceOf(files: string[]): string {
  const names = [...new Set(files.map((f) => f.replace(/^\S+ /, '')))];
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}

/** The problem of the edit held last, so that every process's watcher tells it once (a dot-file: not watched). */
const HELD_FILE = '.corpus.held';

const rejectionKey = (r: { file: string; field: string; reason: string }) => `${r.file}\0${r.field}\0${r.reason}`;

/** Tells the listener of changes made by hand (its failure is logged, never the refresh's). */
async function tell(options: CorpusWatchOptions, log: Logger, changes: Omit<CorpusChange, 'at' | 'by'>[]): Promise<void> {
  for (const c of changes) await tellChange(options.onChange, { by: HOST_ACTOR, ...c }, log);
}

/**
 * Tells an edit held or refused, once: by the first watcher that sees it (another process's watcher sees the
 * same edit), and not again until a refresh succeeds or the problem changes.
 */
async function tellHeld(options: CorpusWatchOptions, log: Logger, problem: string, files: string[]): Promise<void> {
  const held = path.join(options.corpusDir, HELD_FILE);
  if ((await fs.readFile(held, 'utf8').catch(() => null)) === problem) return;
  await fs.writeFile(held, problem).catch(() => undefined);
  await tell(options, log, [{ action: 'update', id: null, title: null, source: sourceOf(files), outcome: 'refused', error: problem }]);
}

/** The titles of the documents in service, by id (empty when nobody listens or the engine does not list them). */
async function titles(options: CorpusWatchOptions): Promise<Map<string, string>> {
  return new Map((options.onChange ? ((await options.engine.documents?.()) ?? []) : []).map((d) => [d.id, d.title]));
}

/**
 * Refreshes after hand edits of `files` (the corpus lock held): takes the index another process published,
 * then holds the edit when it would newly break a file, else refreshes; logs and tells what it did.
 */
async function refreshAfterEdit(options: CorpusWatchOptions, log: Logger, files: string[]): Promise<void> {
  const { corpusDir, engine } = options;
  await engine.syncFromPublished?.();
  // The dry run: read the documents as the refresh will, and hold when a file newly fails.
  const dry = await loadCorpus(corpusDir, undefined, { cacheDir: options.cacheDir ?? null });
  const before = new Set(engine.status().rejected.map(rejectionKey));
  const broken = dry.rejected.filter((r) => !before.has(rejectionKey(r)));
  const problem = !dry.documents.length ? 'no valid document would be left' : broken.map((r) => `${r.file}: ${r.field}: ${r.reason}`).join('; ');
  if (problem) {
    log.warn({ files, rejected: broken }, `corpus changed on disk, but ${problem}: the previous index keeps serving until it is fixed`);
    await tellHeld(options, log, problem, files);
    options.onRefresh?.(null);
    return;
  }
  await fs.rm(path.join(corpusDir, HELD_FILE), { force: true });
  const titlesBefore = await titles(options);
  const report = await engine.refresh();
  const summary = { files, ok: report.ok, added: report.added, changed: report.changed, removed: report.removed, documents: report.documents, passages: report.passages, version: report.version, ms: report.ms };
  if (report.ok) log.info(summary, 'corpus changed on disk: refreshed');
  else log.warn({ ...summary, error: report.error }, 'corpus changed on disk: refresh refused, the previous index keeps serving');
  if (report.ok) await tell(options, log, refreshChanges(report, titlesBefore, await titles(options)));
  else await tellHeld(options, log, report.error ?? 'refresh refused', files);
  options.onRefresh?.(report);
}

/** Starts watching `corpusDir`. */
export function watchCorpus(options: CorpusWatchOptions): CorpusWatcher {
  const { corpusDir, logger } = options;
  const debounceMs = options.debounceMs ?? 500;
  const log = logger.child({ component: 'corpus-watch' });
  const watcher: FSWatcher = watch(corpusDir, {
    ignoreInitial: true,
    ignored: (p: string) => p !== corpusDir && path.basename(p).startsWith('.'),
    awaitWriteFinish: { stabilityThreshold: Math.min(200, debounceMs), pollInterval: 50 },
  });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const changed = new Set<string>();

  const run = async (): Promise<void> => {
    // One change of the corpus at a time, whatever the process (lock.ts): a change from the chat or the
    // command line has refreshed and recorded its own files by the time the lock is free, and so has
    // another process's watcher its hand edits. Take the index that process published first, then refresh:
    // only what none of them took in is left, and recorded here.
    let release: (() => Promise<void>) | null;
    try {
      release = await takeCorpusLock(corpusDir, { waitMs: LOCK_STALE_MS, cancelled: () => closed });
    } catch (e) {
      release = null;
      log.warn({ err: asError(e) }, 'corpus lock not free: refreshing without it');
    }
    if (closed) {
      await release?.();
      return;
    }
    const files = [...changed].sort();
    changed.clear();
    try {
      await refreshAfterEdit(options, log, files);
    } catch (e) {
      log.error({ err: asError(e) }, 'corpus watch refresh failed; the previous index keeps serving');
    } finally {
      await release?.();
    }
  };

  const fire = () => {
    timer = null;
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = null;
      if (again && !closed) {
        again = false;
        fire();
      }
    });
  };

  watcher.on('all', (event, file) => {
    changed.add(`${event} ${path.relative(corpusDir, file) || '.'}`);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
    timer.unref();
  });
  watcher.on('error', (e) => log.warn({ err: asError(e) }, 'corpus watch error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  log.debug({ corpusDir, debounceMs }, 'watching the corpus directory');
  return {
    ready,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
