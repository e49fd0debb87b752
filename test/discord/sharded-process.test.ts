/**
 * `npm run start:sharded` as a real process (tsx loader), with one shard against the fake Discord: the
 * manager reads `METRICS_PORT` / `METRICS_HOST`, serves `/healthz` and `/metrics` for its shard on
 * 127.0.0.1, and closes everything on SIGTERM; the shard reads the engine settings (`SNAPSHOT_WATCH_MS`).
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import type { ShardedHealthReport } from '../../adapters/discord/sharding/health.js';
import { FakeDiscord } from './fake-discord.js';
import { removeTempDirs, spawnShardedManager } from './harness.js';
import { freePort } from '../helpers/port.js';

let fake: FakeDiscord | null = null;
let child: ChildProcessWithoutNullStreams | null = null;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  await fake?.close();
  fake = null;
  removeTempDirs();
});

it('serves /healthz and /metrics for its shard, on 127.0.0.1, and stops on SIGTERM', { timeout: 60_000 }, async () => {
  fake = await new FakeDiscord({ shards: 1, heartbeatInterval: 1000 }).listen();
  const port = await freePort();
  const c = spawnShardedManager(fake, port, { SNAPSHOT_WATCH_MS: '250' });
  child = c;
  let stderr = '';
  c.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  c.stdout.resume();
  const exit = new Promise<number | null>((r) => c.on('exit', (code) => r(code)));

  // Poll until the shard is ready: 503 (or no answer) before.
  const seen: number[] = [];
  let health: ShardedHealthReport | undefined;
  const deadline = Date.now() + 30_000;
  while (!health) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      seen.push(res.status);
      if (res.status === 200) health = (await res.json()) as ShardedHealthReport;
    } catch {
      /* not listening yet */
    }
    if (c.exitCode !== null) throw new Error(`exited early: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`not healthy after 30 s (statuses ${seen.join(',')}): ${stderr}`);
    if (!health) await new Promise((r) => setTimeout(r, 100));
  }
  expect(health.shards).toMatchObject([{ id: 0, status: 'ok', adapters: [{ name: 'discord', connected: true }], index: { documents: 1 } }]);
  // The endpoint listens before the shard is spawned, and is unavailable until the shard is ready.
  expect(seen).toContain(503);
  expect(seen.slice(0, -1).every((s) => s === 503)).toBe(true);

  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(metrics).toMatch(/^quotebot_shard_up\{shard="0"\} 1$/m);
  expect(metrics).toMatch(/^quotebot_adapter_connected\{adapter="discord",shard="0"\} 1$/m);
  expect(metrics).toMatch(/^quotebot_index_documents\{shard="0"\} 1$/m);

  const lines = stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  // METRICS_HOST unset: this machine only.
  expect(lines.find((l) => l.msg === 'ops endpoint listening (/healthz, /metrics)')).toMatchObject({ host: '127.0.0.1', port });
  // The shard opened its engine as `npm start` does: SNAPSHOT_WATCH_MS reached it.
  expect(lines.find((l) => l.msg === 'index ready')).toMatchObject({ shard: '0', watchMs: 250 });

  c.kill('SIGTERM');
  expect(await exit).toBe(0);
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  // The shard process went too: its gateway session closed.
  const closeDeadline = Date.now() + 10_000;
  while (!fake.gatewayLog.some((e) => e.op === 'close') && Date.now() < closeDeadline) await new Promise((r) => setTimeout(r, 50));
  expect(fake.gatewayLog.some((e) => e.op === 'close')).toBe(true);
});
