/**
 * The manager's side of a bot that runs in several processes, one per shard (`npm run start:sharded`): its
 * operations endpoint (the graceful shutdown of the shard processes is in stopper.ts).
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
import { AggregatorRegistry, Registry, collectDefaultMetrics } from 'prom-client';
import { asError } from '../../../src/errors.js';
import type { Logger } from '../../../src/logger.js';
import type { HealthReport } from '../../../src/ops/server.js';
import { isShardOpsReply, isShardOpsRequest, metricsJson, type IpcChannel, type MetricJson, type MetricsJson, type ShardOpsReply, type ShardOpsRequest } from './protocol.js';

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
