/**
 * What the bot process's main thread goes through while the load generator measures (bench/bot-process.ts):
 * event-loop delay, garbage collection, the thread's own CPU time, the acknowledgements as the bot's HTTP
 * server sees them, and optionally a CPU profile of exactly that window.
 */
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { percentile, round } from './stats.js';

/** Request header carrying the load generator's send time (ms since the epoch, fractional): one clock. */
export const SENT_HEADER = 'x-bench-sent';

/** The figures of one measured window. */
export interface BotLoopFigures {
  /** Event-loop delay (`monitorEventLoopDelay`, 1 ms resolution): how late the loop ran what was ready. */
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  /** Garbage collections of the main thread's heap, their total and longest pause. */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** CPU time of the main thread alone (Linux; 0 elsewhere), in ms. */
  mainCpuMs: number;
  /**
   * HTTP requests answered by the bot's server (Slack: the acknowledgements): from the headers parsed to the
   * response finished (`http*`), and from the moment the load generator sent them (`sentToAck*`: time spent
   * in the network, in the kernel's queue and waiting for the loop included; the generator's own reading of
   * the answer left out).
   */
  httpCount: number;
  httpP50Ms: number;
  httpP99Ms: number;
  sentToAckP50Ms: number;
  sentToAckP99Ms: number;
  /**
   * Major page faults of the whole bot process in the window (pages read back from disk: code or files the
   * kernel had dropped from memory), from `process.resourceUsage()`.
   */
  majorFaults?: number;
  /**
   * Time the main thread spent runnable but waiting for a CPU (Linux `schedstat`; absent elsewhere), in ms:
   * what the other threads and processes of the machine took from it.
   */
  mainRunQueueMs?: number;
}

/** CPU time (user + system) of the calling thread in ms, from /proc (Linux); 0 when unavailable. */
function threadCpuMs(): number {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

/** Time the calling thread has waited on a run queue (runnable, not running), in ms; undefined off Linux. */
function threadRunQueueMs(): number | undefined {
  try {
    const [, waitNs] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    const ms = Number(waitNs) / 1e6;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

/** Watches the main thread from {@link LoopWatch.start} to {@link LoopWatch.stop}. */
export class LoopWatch {
  private histogram: IntervalHistogram | null = null;
  private gc: number[] = [];
  private http: number[] = [];
  private sentToAck: number[] = [];
  private cpuAtStart = 0;
  private faultsAtStart = 0;
  private runQueueAtStart: number | undefined;
  private session: Session | null = null;
  private readonly started = new WeakMap<IncomingMessage, number>();
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.gc.push(e.duration);
  });

  /** @param profileDir when set, a CPU profile of each measured window is written there. */
  constructor(private readonly profileDir?: string) {
    diagnostics.subscribe('http.server.request.start', (m) => this.started.set((m as { request: IncomingMessage }).request, performance.now()));
    diagnostics.subscribe('http.server.response.finish', (m) => this.onFinish((m as { request: IncomingMessage }).request));
  }

  private onFinish(req: IncomingMessage): void {
    const t = this.started.get(req);
    if (t === undefined || !this.histogram) return;
    const now = performance.now();
    this.http.push(now - t);
    const sent = Number(req.headers[SENT_HEADER]);
    if (sent > 0) this.sentToAck.push(performance.timeOrigin + now - sent);
  }

  /** Starts a window (a window already open is restarted). */
  async start(): Promise<void> {
    this.histogram?.disable();
    this.histogram = monitorEventLoopDelay({ resolution: 1 });
    this.histogram.enable();
    this.gc = [];
    this.http = [];
    this.sentToAck = [];
    this.observer.observe({ entryTypes: ['gc'] });
    this.cpuAtStart = threadCpuMs();
    this.faultsAtStart = process.resourceUsage().majorPageFault;
    this.runQueueAtStart = threadRunQueueMs();
    if (this.profileDir && !this.session) {
      this.session = new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.start');
    }
  }

  /** Ends the window and returns its figures (and writes its profile). */
  async stop(): Promise<BotLoopFigures> {
    const h = this.histogram;
    h?.disable();
    this.histogram = null;
    this.observer.disconnect();
    const cpu = threadCpuMs() - this.cpuAtStart;
    const majorFaults = process.resourceUsage().majorPageFault - this.faultsAtStart;
    const runQueue = threadRunQueueMs();
    if (this.session && this.profileDir) {
      const { profile } = await this.session.post('Profiler.stop');
      fs.mkdirSync(this.profileDir, { recursive: true });
      fs.writeFileSync(path.join(this.profileDir, `bot-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      this.session.disconnect();
      this.session = null;
    }
    const ms = (ns: number) => round(ns / 1e6, 2);
    const pct = (xs: number[], p: number) => (xs.length ? round(percentile(xs, p), 2) : 0);
    return {
      loopP50Ms: h ? ms(h.percentile(50)) : 0,
      loopP99Ms: h ? ms(h.percentile(99)) : 0,
      loopMaxMs: h ? ms(h.max) : 0,
      gcCount: this.gc.length,
      gcTotalMs: round(this.gc.reduce((a, b) => a + b, 0), 1),
      gcMaxMs: round(Math.max(0, ...this.gc), 1),
      mainCpuMs: round(cpu, 0),
      httpCount: this.http.length,
      httpP50Ms: pct(this.http, 50),
      httpP99Ms: pct(this.http, 99),
      sentToAckP50Ms: pct(this.sentToAck, 50),
      sentToAckP99Ms: pct(this.sentToAck, 99),
      majorFaults,
      ...(runQueue !== undefined && this.runQueueAtStart !== undefined ? { mainRunQueueMs: round(runQueue - this.runQueueAtStart, 0) } : {}),
    };
  }
}
