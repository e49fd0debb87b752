/**
 * Process-wide last resort: an error nothing caught (`uncaughtException`) or a promise rejection nothing
 * handled (`unhandledRejection`) is logged once, with its stack, and the process stops gracefully (the same
 * shutdown as on SIGTERM) with exit code 1, instead of dying mid-reply or running on in an unknown state.
 */
import { asError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Options of {@link handleFatalErrors}. */
export interface FatalOptions {
  /** The graceful shutdown ({@link createShutdown}); called once, with code 1. */
  shutdown: (reason: string, code?: number) => Promise<unknown>;
  logger: Logger;
  /** The process to watch (default `process`; tests pass an emitter). */
  proc?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * Installs the `uncaughtException` and `unhandledRejection` handlers. The first error is logged at `fatal`
 * level and starts the shutdown; later ones (often consequences of the first) are counted in one line at the
 * end, not logged each. Returns a function that removes the handlers.
 */
export function handleFatalErrors(opts: FatalOptions): () => void {
  const proc = opts.proc ?? process;
  let first = true;
  let more = 0;
  const on = (kind: 'uncaughtException' | 'unhandledRejection') => (e: unknown) => {
    if (!first) {
      if (more++ === 0) opts.logger.warn({ kind }, 'further unexpected errors while stopping (not logged)');
      return;
    }
    first = false;
    opts.logger.fatal({ err: asError(e), kind }, `unexpected error (${kind}): stopping`);
    void opts.shutdown(kind, 1);
  };
  const onException = on('uncaughtException');
  const onRejection = on('unhandledRejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
