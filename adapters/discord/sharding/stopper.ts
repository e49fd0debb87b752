/**
 * The graceful shutdown of the shard processes of `npm run start:sharded`, from the manager's side (the
 * shard's own shutdown is in ../shard.ts; the whole sequence is described in
 * src/ops/README.md, "Shutdown").
 */
import type { ChildProcess } from 'node:child_process';
import { asError } from '../../../src/errors.js';
import type { Logger } from '../../../src/logger.js';
import type { ShardShutdownMessage } from './protocol.js';

/**
 * Time a shard is given, beyond `SHUTDOWN_TIMEOUT_MS` (its own wait for the questions in flight), to
 * disconnect from Discord, close its engine and exit, before the manager kills it.
 */
export const SHARD_STOP_GRACE_MS = 5000;

/** How long the manager waits for a killed shard process to be gone. */
const KILL_WAIT_MS = 2000;

/** A shard's process as the manager sees it (discord.js's `Shard.process`, a forked child process). */
export type ShardProcess = Pick<ChildProcess, 'pid' | 'exitCode' | 'signalCode' | 'connected' | 'send' | 'kill' | 'once'>;

/** How one shard process ended, in {@link ShardsStopSummary}. */
export interface ShardStopped {
  /** The shard id. */
  id: number;
  pid?: number;
  /** Its exit code; null when a signal ended it. */
  code: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** Whether the manager had to kill it: it was still running at the deadline. */
  killed: boolean;
  /** From the request to stop to its exit, in ms. */
  ms: number;
}

/** What stopping the shards did. */
export interface ShardsStopSummary {
  /** True when every shard process exited by itself with code 0 before the deadline. */
  clean: boolean;
  /** Every shard process asked to stop, by id. */
  shards: ShardStopped[];
  /** From the first request to the last exit, in ms. */
  ms: number;
}

/** Options of {@link ShardStopper}. */
export interface ShardStopperOptions {
  /** `SHUTDOWN_TIMEOUT_MS`: how long each shard waits for its questions in flight. */
  timeoutMs: number;
  /** Time given beyond `timeoutMs` to disconnect and exit (default {@link SHARD_STOP_GRACE_MS}). */
  graceMs?: number;
  logger: Logger;
}

/** Resolves with `value` after `ms`; `cancel` clears the timer. */
function after<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), Math.max(0, ms))));
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * In the manager: stops the shard processes the way `npm start` stops itself. Each shard is asked over IPC
 * ({@link ShardShutdownMessage}; SIGTERM when its IPC channel is gone) to run its own graceful shutdown:
 * take no new interactions, finish the answers in flight and deliver them (at most `timeoutMs`), destroy
 * its Discord client, close its engine, exit 0. A shard still running `timeoutMs + graceMs` after the
 * first request is killed (SIGKILL: a hung process may ignore anything else).
 */
export class ShardStopper {
  private readonly opts: ShardStopperOptions;
  private readonly started = Date.now();
  private readonly stops: Promise<ShardStopped>[] = [];

  constructor(opts: ShardStopperOptions) {
    this.opts = opts;
  }

  /** When shards still running are killed (`Date.now()` scale). */
  get deadline(): number {
    return this.started + this.opts.timeoutMs + (this.opts.graceMs ?? SHARD_STOP_GRACE_MS);
  }

  /** Asks a shard process to shut down, and follows it until it exits (killing it at the deadline). */
  stop(id: number, proc: ShardProcess): void {
    this.stops.push(this.follow(id, proc));
  }

  /** Resolves once every shard process given to {@link ShardStopper.stop} (even meanwhile) is gone. */
  async settled(): Promise<ShardsStopSummary> {
    const shards: ShardStopped[] = [];
    for (let seen = 0; seen < this.stops.length; ) {
      const batch = this.stops.slice(seen);
      seen = this.stops.length;
      shards.push(...(await Promise.all(batch)));
    }
    shards.sort((a, b) => a.id - b.id);
    return { clean: shards.every((s) => !s.killed && s.code === 0), shards, ms: Date.now() - this.started };
  }

  private async follow(id: number, proc: ShardProcess): Promise<ShardStopped> {
    const log = this.opts.logger.child({ shard: id, pid: proc.pid });
    const asked = Date.now();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve({ code: proc.exitCode, signal: proc.signalCode });
      else proc.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const terminate = (why: string) => {
      log.warn({ why }, 'cannot ask the shard over IPC; sending SIGTERM');
      proc.kill('SIGTERM');
    };
    if (proc.connected) {
      const request: ShardShutdownMessage = { quotebot: 'shutdown' };
      try {
        proc.send(request, (err) => {
          if (err) terminate(err.message);
        });
      } catch (e) {
        terminate(asError(e).message);
      }
    } else if (proc.exitCode === null && proc.signalCode === null) {
      terminate('IPC channel closed');
    }
    const late = after(this.deadline - Date.now(), 'late' as const);
    const first = await Promise.race([exited, late.promise]);
    late.cancel();
    if (first !== 'late') {
      const stopped: ShardStopped = { id, pid: proc.pid, ...first, killed: false, ms: Date.now() - asked };
      const clean = stopped.code === 0;
      log[clean ? 'info' : 'warn']({ code: stopped.code, signal: stopped.signal, ms: stopped.ms }, clean ? 'shard stopped' : 'shard exited with an error');
      return stopped;
    }
    log.warn({ timeoutMs: this.opts.timeoutMs, graceMs: this.opts.graceMs ?? SHARD_STOP_GRACE_MS }, 'shard still running at the shutdown deadline: killing it');
    proc.kill('SIGKILL');
    const gone = after(KILL_WAIT_MS, { code: null, signal: null });
    const end = await Promise.race([exited, gone.promise]);
    gone.cancel();
    return { id, pid: proc.pid, ...end, killed: true, ms: Date.now() - asked };
  }
}
