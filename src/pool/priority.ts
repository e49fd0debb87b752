/**
 * CPU priority of the calling thread. Answer workers lower theirs (a higher nice value) so that the main
 * thread, which acknowledges Slack requests and Discord interactions, sends heartbeats and serves `/healthz`,
 * gets the CPU first whenever both want it: an answer waits a little, an acknowledgement does not.
 *
 * Linux only: there `setpriority` applies to one thread (its id is read from `/proc/thread-self`), and raising
 * a thread's nice value needs no privilege. Elsewhere nothing changes (on macOS and Windows `setpriority` would
 * reach the whole process, main thread included).
 */
import fs from 'node:fs';
import os from 'node:os';

/** Highest nice value (lowest priority) on Linux. */
const MAX_NICE = 19;

/** The kernel id of the calling thread (Linux), or null. */
export function currentThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** What {@link lowerThreadPriority} did. */
export type PriorityChange = { ok: true; tid: number; from: number; to: number } | { ok: false; reason: string };

/**
 * Raises the calling thread's nice value by `steps` (capped at 19): a lower CPU priority than the process's
 * other threads. `steps` ≤ 0 changes nothing. Never throws.
 */
export function lowerThreadPriority(steps: number): PriorityChange {
  if (!Number.isFinite(steps) || steps <= 0) return { ok: false, reason: 'not asked' };
  const tid = currentThreadId();
  if (tid === null) return { ok: false, reason: `per-thread priorities are not supported on ${process.platform}` };
  try {
    const from = os.getPriority(tid);
    const to = Math.min(MAX_NICE, from + Math.round(steps));
    if (to !== from) os.setPriority(tid, to);
    return { ok: true, tid, from, to: os.getPriority(tid) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
