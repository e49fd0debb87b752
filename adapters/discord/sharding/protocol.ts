/**
 * The messages of a sharded Discord bot (`npm run start:sharded`), sent over the IPC channel discord.js
 * keeps between the manager and each shard process: the manager's operations requests and the shards'
 * replies ({@link ShardOpsRequest}, see health.ts), the shutdown request (see stopper.ts), and the refresh
 * notice one shard sends the others after a corpus refresh ({@link ShardRefreshMessage}).
 */
import type { Registry } from 'prom-client';
import type { HealthReport } from '../../../src/ops/server.js';

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

/** What the manager sends a shard process to ask it to shut down gracefully. */
export interface ShardShutdownMessage {
  quotebot: 'shutdown';
}

/** Whether a message is a {@link ShardShutdownMessage}. */
export function isShardShutdownMessage(m: unknown): m is ShardShutdownMessage {
  return typeof m === 'object' && m !== null && (m as { quotebot?: unknown }).quotebot === 'shutdown';
}

/** A message one shard sends the others (through the ShardingManager) after a corpus refresh. */
export interface ShardRefreshMessage {
  quotebot: 'refresh';
  /** Shard ids of the sender. */
  from: number[];
}

/** Whether a value is a {@link ShardRefreshMessage}. */
export function isShardRefreshMessage(m: unknown): m is ShardRefreshMessage {
  return typeof m === 'object' && m !== null && (m as { quotebot?: unknown }).quotebot === 'refresh';
}
