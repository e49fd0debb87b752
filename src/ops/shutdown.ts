/**
 * Graceful shutdown on SIGTERM and SIGINT, the same in `npm start` and in each shard of
 * `npm run start:sharded`. What it does, step by step, is described once in [README.md](README.md),
 * "Shutdown"; a request arriving meanwhile is refused by the bot core (`Bot.close`).
 */
import type { Bot } from '../bot.js';
import { TimeoutError, asError } from '../errors.js';
import type { Logger } from '../logger.js';
import { closeSharedDocumentReading } from '../documents/reading.js';
import { closeSharedIndexBuilder } from '../index/builder.js';

/** Something that can be stopped (adapter, server, engine). */
export interface Stoppable {
  readonly name?: string;
  /**
   * Work it still has to finish beyond the bot core's requests (an adapter's replies being delivered);
   * the shutdown waits for it as for {@link Bot.pending}.
   */
  readonly pending?: number;
  stop?(): Promise<void>;
  close?(): Promise<void>;
}

/** Options of {@link createShutdown}. */
export interface ShutdownOptions {
  bot: Pick<Bot, 'close' | 'pending'>;
  /** Platform adapters, stopped after the requests in flight finish. */
  adapters: () => readonly Stoppable[];
  /** Closed after the adapters (operations endpoint, engine). */
  others?: () => readonly Stoppable[];
  logger: Logger;
  /** Longest wait for requests in flight (and the delivery of their replies), in ms. */
  timeoutMs: number;
  /** Longest wait for each adapter to disconnect, in ms (default 5000). */
  stopTimeoutMs?: number;
  /** Ends the process (default `process.exit`). */
  exit?: (code: number) => void;
}

/** What a shutdown did (for logs and tests). */
export interface ShutdownSummary {
  reason: string;
  /** Requests still in flight or replies not yet delivered when the wait ended (0 unless it timed out). */
  abandoned: number;
  /** How long the shutdown took, in ms. */
  ms: number;
  code: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Returns the shutdown function. The first call runs the shutdown and exits with `code`; later calls
 * return the same promise.
 */
export function createShutdown(opts: ShutdownOptions): (reason: string, code?: number) => Promise<ShutdownSummary> {
  let running: Promise<ShutdownSummary> | null = null;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const log = opts.logger;
  const stopOne = async (s: Stoppable) => {
    try {
      const done = s.stop ? s.stop() : s.close ? s.close() : Promise.resolve();
      await withTimeout(done, opts.stopTimeoutMs ?? 5000, `stopping ${s.name ?? 'component'}`);
    } catch (e) {
      log.warn({ err: asError(e) }, 'shutdown step failed');
    }
  };
  // The core's requests, plus the replies adapters are still delivering (the two never count one request twice).
  const inFlight = () => opts.bot.pending + opts.adapters().reduce((n, a) => n + (a.pending ?? 0), 0);
  return (reason, code = 0) => {
    running ??= (async () => {
      const started = Date.now();
      log.info({ reason, inFlight: inFlight() }, 'shutting down: no new questions; finishing those in flight');
      opts.bot.close();
      const deadline = started + opts.timeoutMs;
      while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const abandoned = inFlight();
      if (abandoned) log.warn({ abandoned, timeoutMs: opts.timeoutMs }, 'requests still in flight at the shutdown deadline');
      await Promise.all(opts.adapters().map(stopOne));
      await Promise.all((opts.others?.() ?? []).map(stopOne));
      await closeSharedIndexBuilder().catch(() => undefined);
      await closeSharedDocumentReading().catch(() => undefined);
      const summary: ShutdownSummary = { reason, abandoned, ms: Date.now() - started, code };
      log.info(summary, 'stopped');
      log.flush?.();
      exit(code);
      return summary;
    })();
    return running;
  };
}

/**
 * Runs `shutdown` on SIGTERM and SIGINT. A second signal while shutting down exits at once with code 1.
 * Returns a function that removes the handlers.
 */
export function handleSignals(shutdown: (reason: string, code?: number) => Promise<unknown>, proc: NodeJS.Process = process): () => void {
  let received = false;
  const on = (signal: NodeJS.Signals) => {
    if (received) {
      proc.exit(1);
      return;
    }
    received = true;
    void shutdown(signal, 0);
  };
  proc.on('SIGTERM', on);
  proc.on('SIGINT', on);
  return () => {
    proc.off('SIGTERM', on);
    proc.off('SIGINT', on);
  };
}
