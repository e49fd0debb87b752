/**
 * The corpus services of a bot process: the manager behind `/corpus add|remove|list` and, unless
 * `CORPUS_WATCH=false`, the watcher of the corpus directory.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { CorpusChangeListener } from './journal.js';
import { CorpusManager, type CorpusEngine } from './manage.js';
import { watchCorpus, type CorpusWatcher, type WatchedEngine } from './watch.js';

/** The corpus services started by {@link startCorpusServices}. */
export interface CorpusServices {
  manager: CorpusManager;
  /** The watcher, when `CORPUS_WATCH` is on. */
  watcher: CorpusWatcher | null;
  /** Stops the watcher. */
  close(): Promise<void>;
}

/**
 * Starts the corpus services of a bot process on its engine; `onChange` is told of every add, update and
 * remove, from the chat or by hand in the corpus directory (the bot records them in its store).
 */
export function startCorpusServices(
  config: Pick<Config, 'corpusDir' | 'corpusWatch' | 'allowPrivateUrls'> & Partial<Pick<Config, 'cacheDir'>>,
  engine: CorpusEngine & WatchedEngine,
  logger: Logger,
  onChange?: CorpusChangeListener,
): CorpusServices {
  const manager = new CorpusManager({ corpusDir: config.corpusDir, cacheDir: config.cacheDir, engine, logger, fetch: { allowPrivate: config.allowPrivateUrls }, ...(onChange ? { onChange } : {}) });
  const watcher = config.corpusWatch ? watchCorpus({ corpusDir: config.corpusDir, cacheDir: config.cacheDir, engine, logger, ...(onChange ? { onChange } : {}) }) : null;
  return { manager, watcher, close: async () => watcher?.close() };
}
