/**
 * The sharding manager's view of its shards (`adapters/discord/sharding/`): health and metrics gathered from shards
 * that answer, do not answer, are not running or fail; served over HTTP on 127.0.0.1. Each "shard" here is
 * the real responder ({@link answerShardOps}) with a real {@link BotMetrics}, on an in-memory channel in
 * place of the IPC pipe (the real processes are in test/discord/sharded.test.ts).
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotReply, BotRequest } from '../../src/bot.js';
import { BotMetrics } from '../../src/ops/metrics.js';
import { startOpsEndpoint, type HealthReport, type OpsServer } from '../../src/ops/server.js';
import { ShardedOps, answerShardOps, type ShardLink, type ShardedHealthReport } from '../../adapters/discord/sharding/health.js';
import type { IpcChannel } from '../../adapters/discord/sharding/protocol.js';
import { captureLogger } from '../ops/helpers.js';

const { logger } = captureLogger('warn');

/** A shard: a real responder and metrics behind an in-memory channel that delivers messages asynchronously. */
class TestShard {
  readonly metrics = new BotMetrics({ processMetrics: false });
  connected = true;
  private readonly channel = new EventEmitter();
  /** What the manager sees. */
  readonly link: ShardLink;

  constructor(
    readonly id: number,
    ops: () => ShardedOps,
    opts: { answers?: boolean; health?: () => HealthReport } = {},
  ) {
    const channel: IpcChannel = {
      on: (e, l) => this.channel.on(e, l),
      off: (e, l) => this.channel.off(e, l),
      send: (message, _h, _o, callback) => {
        setImmediate(() => {
          ops().receive(message);
          callback?.(null);
        });
        return true;
      },
    };
    if (opts.answers !== false) {
      const health = opts.health ?? (() => this.report());
      answerShardOps({ health, registry: this.metrics.registry, logger, channel });
    }
    this.link = {
      send: (message) =>
        new Promise((resolve) =>
          setImmediate(() => {
            this.channel.emit('message', message);
            resolve(undefined);
          }),
        ),
    };
  }

  report(): HealthReport {
    return {
      status: this.connected ? 'ok' : 'unavailable',
      index: { version: `v${this.id}`, documents: 1, passages: 10, loadedAt: '2026-03-10T00:00:00.000Z' },
      adapters: [{ name: 'discord', connected: this.connected }],
    };
  }

  /** Records one answered question, as the bot core does. */
  ask(language: 'fr' | 'en', ms: number): void {
    const req = { kind: 'ask', text: 'q', from: { platform: 'discord', userId: 'u' } } as BotRequest;
    const reply = { kind: 'answer', answer: { language, answered: true, passages: [] } } as unknown as BotReply;
    this.metrics.onReply(req, reply, ms);
  }
}

/** Value of one sample of the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return undefined;
}

/** A manager over `shards` (by id), expecting the ids `expected`. */
function manager(expected: number[], make: (ops: () => ShardedOps) => TestShard[], timeoutMs = 150) {
  let ops: ShardedOps | undefined;
  const shards = make(() => ops!);
  ops = new ShardedOps({ shardIds: () => expected, shard: (id) => shards.find((s) => s.id === id)?.link, timeoutMs, logger });
  return { ops, shards };
}

describe('ShardedOps.health', () => {
  it('is ok when every shard reports ok, with each shard index and adapters', async () => {
    const { ops } = manager([0, 1], (o) => [new TestShard(0, o), new TestShard(1, o)]);
    const h = await ops.health();
    expect(h.status).toBe('ok');
    expect(h.shards).toEqual([
      { id: 0, status: 'ok', index: expect.objectContaining({ version: 'v0' }), adapters: [{ name: 'discord', connected: true }] },
      { id: 1, status: 'ok', index: expect.objectContaining({ version: 'v1' }), adapters: [{ name: 'discord', connected: true }] },
    ]);
  });

  it('is unavailable when one shard is disconnected, not running, silent or failing, and says why', async () => {
    const { ops, shards } = manager([0, 1, 2, 3, 4], (o) => [
      new TestShard(0, o),
      new TestShard(1, o),
      new TestShard(3, o, { answers: false }),
      new TestShard(4, o, {
        health: () => {
          throw new Error('engine closed');
        },
      }),
    ]);
    shards[1]!.connected = false;
    const started = Date.now();
    const h = await ops.health();
    expect(Date.now() - started).toBeLessThan(1000); // the silent shard costs one timeout, not more
    expect(h.status).toBe('unavailable');
    expect(h.shards.map((s) => [s.id, s.status, s.reason])).toEqual([
      [0, 'ok', undefined],
      [1, 'unavailable', undefined],
      [2, 'unavailable', 'not running'],
      [3, 'unavailable', 'no answer within 150 ms'],
      [4, 'unavailable', 'error: engine closed'],
    ]);
    expect(h.shards[1]!.adapters).toEqual([{ name: 'discord', connected: false }]);
  });

  it('is unavailable while the shard count is unknown (no shard expected yet)', async () => {
    const { ops } = manager([], () => []);
    expect(await ops.health()).toEqual({ status: 'unavailable', shards: [] });
  });
});

describe('ShardedOps.render', () => {
  it("labels every shard's samples with its id, never sums them, and reports which shards answered", async () => {
    const { ops, shards } = manager([0, 1, 2], (o) => [new TestShard(0, o), new TestShard(1, o)]);
    shards[0]!.ask('fr', 2);
    shards[0]!.ask('fr', 2);
    shards[1]!.ask('fr', 40);
    const text = await ops.render();
    expect(sample(text, 'quotebot_questions_total', { platform: 'discord', language: 'fr', shard: '0' })).toBe(2);
    expect(sample(text, 'quotebot_questions_total', { platform: 'discord', language: 'fr', shard: '1' })).toBe(1);
    expect(sample(text, 'quotebot_questions_total', { platform: 'discord', language: 'fr' })).toBeUndefined();
    expect(sample(text, 'quotebot_answer_latency_seconds_bucket', { platform: 'discord', le: '0.0025', shard: '0' })).toBe(2);
    expect(sample(text, 'quotebot_answer_latency_seconds_bucket', { platform: 'discord', le: '0.0025', shard: '1' })).toBe(0);
    expect(sample(text, 'quotebot_answer_latency_seconds_count', { platform: 'discord', shard: '1' })).toBe(1);
    expect(sample(text, 'quotebot_refreshes_total', { outcome: 'ok', shard: '1' })).toBe(0);
    expect(sample(text, 'quotebot_shard_up', { shard: '0' })).toBe(1);
    expect(sample(text, 'quotebot_shard_up', { shard: '1' })).toBe(1);
    expect(sample(text, 'quotebot_shard_up', { shard: '2' })).toBe(0);
    expect(sample(text, 'quotebot_manager_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Each metric once: one HELP and one TYPE line, whatever the number of shards.
    expect(text.match(/^# TYPE quotebot_questions_total counter$/gm)).toHaveLength(1);
    expect(text.match(/^# HELP quotebot_answer_latency_seconds /gm)).toHaveLength(1);
  });
});

describe('over HTTP (127.0.0.1)', () => {
  let server: OpsServer;
  let shards: TestShard[];
  beforeAll(async () => {
    const m = manager([0, 1], (o) => [new TestShard(0, o), new TestShard(1, o)]);
    shards = m.shards;
    server = await startOpsEndpoint({ port: 0, health: () => m.ops.health(), metrics: m.ops, logger });
  });
  afterAll(() => server.close());

  it('/healthz answers 200 when every shard is ready and 503 as soon as one is not', async () => {
    const url = `http://127.0.0.1:${server.port}/healthz`;
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as ShardedHealthReport).status).toBe('ok');
    shards[1]!.connected = false;
    const down = await fetch(url);
    expect(down.status).toBe(503);
    const body = (await down.json()) as ShardedHealthReport;
    expect(body.shards.map((s) => s.status)).toEqual(['ok', 'unavailable']);
  });

  it('/metrics is the Prometheus text of every shard', async () => {
    shards[1]!.ask('en', 1);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'quotebot_questions_total', { platform: 'discord', language: 'en', shard: '1' })).toBe(1);
    expect(sample(text, 'quotebot_shard_up', { shard: '0' })).toBe(1);
  });
});
