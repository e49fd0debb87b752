/**
 * Small statistics and timing helpers of the benchmarks.
 */
import fs from 'node:fs';

/** The `p`-th percentile (0–100) of samples, nearest-rank method. NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Latency summary of a series of timed calls. */
export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** Calls per second, one after another in one process. */
  perSec: number;
  samples: number;
}

/** Summarizes latencies (milliseconds). */
export function summarize(ms: readonly number[]): LatencySummary {
  const total = ms.reduce((a, b) => a + b, 0);
  return {
    p50Ms: round(percentile(ms, 50)),
    p99Ms: round(percentile(ms, 99)),
    meanMs: round(total / (ms.length || 1)),
    maxMs: round(Math.max(...ms)),
    perSec: round(total > 0 ? (ms.length * 1000) / total : 0, 1),
    samples: ms.length,
  };
}

/** Rounds to `digits` decimals (default 3). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Resident set size and heap in use, in MB, after a full garbage collection when `global.gc` is exposed. */
export function memoryMb(): { rssMb: number; heapMb: number } {
  const g = globalThis as { gc?: () => void };
  if (g.gc) {
    g.gc();
    g.gc();
  }
  const m = process.memoryUsage();
  return { rssMb: round(m.rss / 1048576, 1), heapMb: round(m.heapUsed / 1048576, 1) };
}

/**
 * CPU time of the calling thread in ms (Linux: `/proc/thread-self/schedstat`, nanoseconds), or NaN where it
 * cannot be read. Beside {@link processCpuMs} it tells the work of this thread from that of V8's helper
 * threads (concurrent JIT compilation, parallel and concurrent garbage collection).
 */
export function threadCpuMs(): number {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) of the whole process in ms: every thread, V8's helper threads included. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU spent over a measured stretch, per operation (ms). */
export interface CpuPerOp {
  /** Whole process (every thread) per operation. */
  processMs: number;
  /** The measuring thread alone per operation (NaN where per-thread CPU cannot be read). */
  threadMs: number;
}

/** Starts measuring CPU; the returned function gives the CPU per operation since then, for `ops` operations. */
export function cpuMeter(): (ops: number) => CpuPerOp {
  const p = processCpuMs();
  const t = threadCpuMs();
  return (ops) => ({ processMs: round((processCpuMs() - p) / ops), threadMs: round((threadCpuMs() - t) / ops) });
}

/**
 * Runs `fn` while a 5 ms ticker records the longest gap between its ticks: how long the calling thread's event
 * loop stood still at most meanwhile (0–5 ms when it never did).
 */
export async function withStallMeter<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; maxGap: number }> {
  let last = performance.now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - t0, maxGap: Math.max(maxGap, performance.now() - last) };
  } finally {
    clearInterval(ticker);
  }
}
