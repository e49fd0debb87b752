/**
 * The manager's side of a bot that runs in several processes, one per shard (`npm run start:sharded`): its
 * operations endpoint, and the graceful shutdown of the shard processes ({@link ShardStopper}).
 *
 * The operations endpoint:
 * the shard processes do not listen; the process that started them (discord.js's ShardingManager) serves
 * `/healthz` and `/metrics` for all of them, asking each shard over its IPC channel at every request.
 *
 * - `/healthz` ({@link ShardedHealthReport}) is `ok` (HTTP 200) only when every shard that should run
 *   answers within the timeout and reports itself `ok` (its Discord connection ready); else HTTP 503.
 * - `/metrics` is every shard's own metrics with a `shard` label added to each sample, never summed across
 *   shards (sum them in PromQL: `sum without (shard) (rate(quotebot_questions_total[5m]))`), so that a
 *   shard's restart resets its own counters only. Added by the manager: `quotebot_shard_up{shard}` (1 when
 *   the shard answered this scrape, 0 when it did not) and the manager's own process metrics
 *   (`quotebot_manager_process_*`, `quotebot_manager_nodejs_*`).
 *
 * The shard side is {@link answerShardOps}; the manager side is {@link ShardedOps}, which any code that
 * knows the shards' ids and can send them messages can drive (see `adapters/discord/sharded.ts`).
 */
import type { ChildProcess } from 'node:child_process';
import { AggregatorRegistry, Registry, collectDefaultMetrics } from 'prom-client';
import { asError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { HealthReport } from './server.js';

/**
 * One metric as `Registry.getMetricsAsJSON()` returns it: plain data, so it crosses the IPC channel.
 * (prom-client's own typing of it declares `type` an enum and a `collect` function; at run time `type` is
 * `counter`, `gauge`, `histogram` or `summary` and there is no function.)
 */
export interface MetricJson {
  name: string;
  help: string;
  type: string;
  aggregator?: string;
  values: { labels: Record<string, string | number>; value: number; metricName?: string }[];
}

/** A registry's metrics as JSON. */
export type MetricsJson = MetricJson[];

/** A registry's metrics as {@link MetricsJson}. */
export async function metricsJson(registry: Pick<Registry, 'getMetricsAsJSON'>): Promise<MetricsJson> {
  return (await registry.getMetricsAsJSON()) as unknown as MetricsJson;
}

/** What the manager asks a shard. */
export interface ShardOpsRequest {
  quotebot: 'ops';
  /** Request id, echoed in the reply. */
  id: number;
  want: 'health' | 'metrics';
}

/** A shard's answer to a {@link ShardOpsRequest}. */
export interface ShardOpsReply {
  quotebot: 'ops-reply';
  id: number;
  /** The shard's health report (when `health` was asked). */
  health?: HealthReport;
  /** The shard's metrics (when `metrics` was asked). */
  metrics?: MetricsJson;
  /** Why the shard could not answer. */
  error?: string;
}

/** Whether a message is a {@link ShardOpsRequest}. */
export function isShardOpsRequest(m: unknown): m is ShardOpsRequest {
  const r = m as Partial<ShardOpsRequest> | null;
  return typeof r === 'object' && r !== null && r.quotebot === 'ops' && typeof r.id === 'number' && (r.want === 'health' || r.want === 'metrics');
}

/** Whether a message is a {@link ShardOpsReply}. */
export function isShardOpsReply(m: unknown): m is ShardOpsReply {
  const r = m as Partial<ShardOpsReply> | null;
  return typeof r === 'object' && r !== null && r.quotebot === 'ops-reply' && typeof r.id === 'number';
}

/** The IPC side of a process: `process` in a shard. */
export interface IpcChannel {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  send?(message: unknown, sendHandle?: undefined, options?: undefined, callback?: (error: Error | null) => void): boolean;
}

/** Options of {@link answerShardOps}. */
export interface ShardOpsResponderOptions {
  /** The shard's health report ({@link healthReport} of its engine and adapter). */
  health: () => HealthReport;
  /** The registry of the shard's {@link BotMetrics}. */
  registry: Pick<Registry, 'getMetricsAsJSON'>;
  logger: Logger;
  /** The channel to the manager (default `process`). */
  channel?: IpcChannel;
}

/**
 * In a shard process: answers the manager's {@link ShardOpsRequest}s. Returns a function that stops
 * answering.
 */
export function answerShardOps(opts: ShardOpsResponderOptions): () => void {
  const channel = opts.channel ?? (process as unknown as IpcChannel);
  const onMessage = (m: unknown) => {
    if (!isShardOpsRequest(m)) return;
    void (async () => {
      let reply: ShardOpsReply;
      try {
        reply =
          m.want === 'health'
            ? { quotebot: 'ops-reply', id: m.id, health: opts.health() }
            : { quotebot: 'ops-reply', id: m.id, metrics: await metricsJson(opts.registry) };
      } catch (e) {
        opts.logger.error({ err: asError(e), want: m.want }, 'cannot report to the sharding manager');
        reply = { quotebot: 'ops-reply', id: m.id, error: asError(e).message };
      }
      // The callback keeps a closed channel (the manager went away) from throwing.
      channel.send?.(reply, undefined, undefined, (err) => {
        if (err) opts.logger.warn({ err }, 'cannot answer the sharding manager');
      });
    })();
  };
  channel.on('message', onMessage);
  return () => channel.off('message', onMessage);
}

/** One shard's line of {@link ShardedHealthReport}. */
export interface ShardHealth {
  /** The shard id. */
  id: number;
  /** `ok` when the shard answered and reported itself `ok`. */
  status: 'ok' | 'unavailable';
  /** Why there is no report from the shard (not running, no answer in time, error). */
  reason?: string;
  /** The shard's index in service, as it reported it. */
  index?: HealthReport['index'];
  /** The shard's adapters, as it reported them. */
  adapters?: HealthReport['adapters'];
}

/** Body of the manager's `GET /healthz`. */
export interface ShardedHealthReport {
  /** `ok` only when every shard that should run is `ok`; else `unavailable` (HTTP 503). */
  status: 'ok' | 'unavailable';
  /** Every shard that should run, by id. */
  shards: ShardHealth[];
}

/** A shard as the manager sees it: something to send messages to. */
export interface ShardLink {
  /** Sends a message to the shard process. */
  send(message: unknown): Promise<unknown>;
}

/** Options of {@link ShardedOps}. */
export interface ShardedOpsOptions {
  /** The ids of every shard that should be running (read at each request). */
  shardIds: () => readonly number[];
  /** The shard with this id, or undefined when its process is not running. */
  shard: (id: number) => ShardLink | undefined;
  /** Longest wait for a shard's answer, in ms (default 1000; a shard that does not answer is down). */
  timeoutMs?: number;
  /** Also export the manager's own Node.js process metrics (default true). */
  processMetrics?: boolean;
  logger: Logger;
}

/** Default of {@link ShardedOpsOptions.timeoutMs}. */
export const SHARD_OPS_TIMEOUT_MS = 1000;

type Asked = { ok: true; reply: ShardOpsReply } | { ok: false; reason: string };

/**
 * In the manager: asks the shards for their health and metrics and merges them, for
 * {@link startOpsEndpoint}. Every message received from a shard must be handed to
 * {@link ShardedOps.receive}.
 */
export class ShardedOps {
  /** The manager's own metrics (its process metrics). */
  readonly registry = new Registry();
  private readonly opts: ShardedOpsOptions;
  private readonly pending = new Map<number, (reply: ShardOpsReply) => void>();
  private nextId = 1;

  constructor(opts: ShardedOpsOptions) {
    this.opts = opts;
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'quotebot_manager_' });
  }

  /** Hands over a message from a shard; true when it was the answer to one of our requests. */
  receive(message: unknown): boolean {
    if (!isShardOpsReply(message)) return false;
    this.pending.get(message.id)?.(message);
    return true;
  }

  /** Asks one shard; never rejects. */
  private ask(shardId: number, want: ShardOpsRequest['want']): Promise<Asked> {
    const link = this.opts.shard(shardId);
    if (!link) return Promise.resolve({ ok: false, reason: 'not running' });
    const id = this.nextId++;
    const ms = this.opts.timeoutMs ?? SHARD_OPS_TIMEOUT_MS;
    return new Promise<Asked>((resolve) => {
      const done = (a: Asked) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(a);
      };
      const timer = setTimeout(() => done({ ok: false, reason: `no answer within ${ms} ms` }), ms);
      this.pending.set(id, (reply) =>
        done(reply.error === undefined ? { ok: true, reply } : { ok: false, reason: `error: ${reply.error}` }),
      );
      const request: ShardOpsRequest = { quotebot: 'ops', id, want };
      link.send(request).catch((e: unknown) => done({ ok: false, reason: `cannot reach it: ${asError(e).message}` }));
    });
  }

  /** The health of every shard; `ok` only when all of them are. */
  async health(): Promise<ShardedHealthReport> {
    const ids = [...this.opts.shardIds()];
    const shards = await Promise.all(
      ids.map(async (id): Promise<ShardHealth> => {
        const a = await this.ask(id, 'health');
        if (!a.ok) return { id, status: 'unavailable', reason: a.reason };
        const h = a.reply.health;
        if (!h) return { id, status: 'unavailable', reason: 'no health report in the answer' };
        return { id, status: h.status, index: h.index, adapters: h.adapters };
      }),
    );
    const unavailable = shards.filter((s) => s.status !== 'ok');
    if (unavailable.length) this.opts.logger.debug({ shards: unavailable }, 'shards unavailable');
    return { status: shards.length > 0 && unavailable.length === 0 ? 'ok' : 'unavailable', shards };
  }

  /** Every shard's metrics with a `shard` label, `quotebot_shard_up` and the manager's own metrics. */
  async render(): Promise<string> {
    const ids = [...this.opts.shardIds()];
    const answers = await Promise.all(ids.map((id) => this.ask(id, 'metrics')));
    const up: MetricJson = {
      name: 'quotebot_shard_up',
      help: 'Whether the shard process answered this scrape of the sharding manager (1) or not (0).',
      type: 'gauge',
      values: ids.map((id, i) => ({ labels: { shard: String(id) }, value: answers[i]!.ok && answers[i]!.reply.metrics ? 1 : 0 })),
    };
    const shards = answers.map((a, i) => (a.ok && a.reply.metrics ? withShardLabel(ids[i]!, a.reply.metrics) : []));
    return mergeMetrics([[up], await metricsJson(this.registry), ...shards]);
  }

  /** Content type of {@link ShardedOps.render}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Adds the label `shard` to every sample of a shard's metrics. */
export function withShardLabel(shard: number, metrics: MetricsJson): MetricsJson {
  return metrics.map((m) => ({ ...m, values: m.values.map((v) => ({ ...v, labels: { ...v.labels, shard: String(shard) } })) }));
}

/**
 * Renders several sets of metrics in one Prometheus text, each metric once with all its samples. Samples
 * are kept as they are, never summed: every set must label its samples apart (the `shard` label).
 */
export function mergeMetrics(sets: MetricsJson[]): Promise<string> {
  // prom-client's aggregation, with every metric's aggregator set to `first`: samples whose labels differ
  // are kept one by one (its default would drop some metrics, such as the process start time).
  const first = sets.map((set) => set.map((m) => ({ ...m, aggregator: 'first' })));
  return AggregatorRegistry.aggregate(first).metrics();
}

/** What the manager sends a shard process to ask it to shut down gracefully. */
export interface ShardShutdownMessage {
  quotebot: 'shutdown';
}

/** Whether a message is a {@link ShardShutdownMessage}. */
export function isShardShutdownMessage(m: unknown): m is ShardShutdownMessage {
  return typeof m === 'object' && m !== null && (m as { quotebot?: unknown }).quotebot === 'shutdown';
}

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
