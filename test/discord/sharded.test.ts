/**
 * `npm run start:sharded`: two real shard processes under discord.js's ShardingManager, each running the
 * real engine, bot core and adapter against the fake Discord; a moderator's refresh on one shard reaches
 * the other; the manager's `/healthz` and `/metrics` (on 127.0.0.1) reflect the shards, over IPC.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ShardingManager } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { OpsServer } from '../../src/ops/server.js';
import type { ShardedHealthReport } from '../../adapters/discord/sharding/health.js';
import { prepareSharded, recommendedShardCount } from '../../adapters/discord/sharded.js';
import { FakeDiscord } from './fake-discord.js';
import { makeCacheDir, makeCorpus, removeTempDirs } from './harness.js';
import { freePort } from '../helpers/port.js';

const MANAGE_GUILD = String(1 << 5);
/** A guild id that the gateway assigns to shard `n` of 2 (`(id >> 22) % 2`). */
const guildOnShard = (n: number) => String(((BigInt(Date.now() - 1420070400000) * 2n + BigInt(n)) << 22n) + 7n);

let fake: FakeDiscord;
let manager: ShardingManager | undefined;
let ops: OpsServer | null = null;
let corpusDir: string;
const savedEnv = { ...process.env };
/** The manager's `/healthz` before any shard was spawned. */
let healthBeforeSpawn: { status: number; body: ShardedHealthReport };

/** GET on the manager's endpoint. */
async function get(pathname: '/healthz' | '/metrics'): Promise<Response> {
  return fetch(`http://127.0.0.1:${ops!.port}${pathname}`);
}

async function health(): Promise<{ status: number; body: ShardedHealthReport }> {
  const res = await get('/healthz');
  return { status: res.status, body: (await res.json()) as ShardedHealthReport };
}

/** One sample of the manager's /metrics, or undefined. */
async function sample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of (await (await get('/metrics')).text()).split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    const have = (m?.[2] ?? '').split(',').filter(Boolean);
    if (m?.[1] === name && have.length === want.length && want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

beforeAll(async () => {
  fake = await new FakeDiscord({ shards: 2, guildIds: [guildOnShard(0), guildOnShard(1)], heartbeatInterval: 1000 }).listen();
  corpusDir = makeCorpus();
  Object.assign(process.env, {
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: corpusDir,
    CACHE_DIR: makeCacheDir(),
    LOG_LEVEL: 'warn',
    // Shards answer on their main thread here (the answer pool has its own tests, and runs under npm start).
    ANSWER_WORKERS: '0',
  });
  const config = { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, moderatorRoleIds: [] };
  const logger = createLogger('error');
  const totalShards = await recommendedShardCount(config);
  expect(totalShards).toBe(2);
  const sharded = await prepareSharded({ config, logger, totalShards, respawn: false, execArgv: ['--import', 'tsx'], metricsPort: await freePort() });
  const m = sharded.manager;
  manager = m;
  ops = sharded.ops;
  healthBeforeSpawn = await health();
  // Production spawns one shard at a time (Discord's identify pace); here both start at once.
  await Promise.all([0, 1].map((id) => m.createShard(id).spawn(20_000)));
}, 45_000);

afterAll(async () => {
  if (manager) {
    manager.respawn = false;
    await Promise.all(
      [...manager.shards.values()].map(
        (s) =>
          new Promise<void>((resolve) => {
            if (!s.process || s.process.exitCode !== null) return resolve();
            s.process.once('exit', () => resolve());
            s.process.kill('SIGTERM');
            setTimeout(() => {
              s.process?.kill('SIGKILL');
              resolve();
            }, 3000).unref();
          }),
      ),
    );
  }
  await ops?.close();
  await fake?.close();
  process.env = savedEnv;
  removeTempDirs();
});

it('identifies one session per shard, each with its own guild', () => {
  const ids = fake.gatewayLog.filter((e) => e.op === 'identify').map((e) => e.shard);
  expect(ids.sort()).toEqual([0, 1]);
});

it('answers on both shards, and a refresh on shard 0 reaches shard 1', async () => {
  for (const shard of [0, 1]) {
    const guildId = fake.guildIds[shard];
    const m = await fake.answerFor(
      fake.slashCommand({ name: 'ask', shard, guildId, options: [{ name: 'question', type: 3, value: 'When was the ultimatum?' }] }),
      5000,
    );
    expect(m.embeds[0].description).toContain('ultimatum');
  }
  const documents = async (shard: number) => {
    const m = await fake.answerFor(fake.slashCommand({ name: 'corpus', subcommand: 'status', shard, guildId: fake.guildIds[shard], permissions: MANAGE_GUILD }), 5000);
    return Number(m.embeds[0].fields.find((f: { name: string }) => f.name === 'Documents').value);
  };
  expect(await documents(1)).toBe(1);
  fs.writeFileSync(
    path.join(corpusDir, 'ajout.md'),
    '---\nid: ajout-shard\ntitle: Ajout\npublished: 2026-03-10\nlanguage: fr\n---\nLe 10 mars 2026, un article a été ajouté pendant le test des shards.\n',
  );
  const refreshed = await fake.answerFor(
    fake.slashCommand({ name: 'corpus', subcommand: 'refresh', shard: 0, guildId: fake.guildIds[0], permissions: MANAGE_GUILD }),
    8000,
  );
  expect(refreshed.embeds[0].title).toBe('Corpus refreshed');
  // Shard 1 refreshes on the relayed message; poll its status until it sees the new document.
  let seen = 0;
  for (let n = 0; n < 40 && seen !== 2; n++) {
    seen = await documents(1);
    if (seen !== 2) await new Promise((r) => setTimeout(r, 100));
  }
  expect(seen).toBe(2);
}, 30_000);

it('serves /healthz from the manager: 503 before the shards run, 200 once every shard is ready', async () => {
  expect(ops?.host).toBe('127.0.0.1');
  expect(healthBeforeSpawn.status).toBe(503);
  expect(healthBeforeSpawn.body).toEqual({
    status: 'unavailable',
    shards: [
      { id: 0, status: 'unavailable', reason: 'not running' },
      { id: 1, status: 'unavailable', reason: 'not running' },
    ],
  });
  const now = await health();
  expect(now.status).toBe(200);
  expect(now.body.status).toBe('ok');
  expect(now.body.shards.map((s) => [s.id, s.status, s.adapters])).toEqual([
    [0, 'ok', [{ name: 'discord', connected: true }]],
    [1, 'ok', [{ name: 'discord', connected: true }]],
  ]);
  // Both shards refreshed in the test above: each reports the new index.
  expect(now.body.shards.map((s) => s.index?.documents)).toEqual([2, 2]);
  expect(now.body.shards[0]!.index?.version).toBe(now.body.shards[1]!.index?.version);
});

it("serves /metrics from the manager: each shard's own counters, labelled with the shard", async () => {
  const labels = (shard: number) => ({ platform: 'discord', language: 'en', shard: String(shard) });
  // One question on each shard in the test above, and nothing summed across shards.
  expect(await sample('quotebot_questions_total', labels(0))).toBe(1);
  expect(await sample('quotebot_questions_total', labels(1))).toBe(1);
  expect(await sample('quotebot_answer_latency_seconds_count', { platform: 'discord', shard: '1' })).toBe(1);
  expect(await sample('quotebot_refreshes_total', { outcome: 'ok', shard: '0' })).toBe(1);
  // Shard 1 refreshed at shard 0's request, through its own bot core: counted once there too.
  expect(await sample('quotebot_refreshes_total', { outcome: 'ok', shard: '1' })).toBe(1);
  expect(await sample('quotebot_index_documents', { shard: '1' })).toBe(2);
  expect(await sample('quotebot_adapter_connected', { adapter: 'discord', shard: '0' })).toBe(1);
  expect(await sample('quotebot_shard_up', { shard: '0' })).toBe(1);
  expect(await sample('quotebot_shard_up', { shard: '1' })).toBe(1);
  // A new question on shard 1 shows up at the next scrape.
  await fake.answerFor(
    fake.slashCommand({ name: 'ask', shard: 1, guildId: fake.guildIds[1], options: [{ name: 'question', type: 3, value: 'Who set the ultimatum?' }] }),
    5000,
  );
  expect(await sample('quotebot_questions_total', labels(1))).toBe(2);
  expect(await sample('quotebot_process_resident_memory_bytes', { shard: '1' })).toBeGreaterThan(0);
  expect(await sample('quotebot_manager_process_resident_memory_bytes', {})).toBeGreaterThan(0);
});

it('turns /healthz to 503 and quotebot_shard_up to 0 when a shard process dies', async () => {
  const shard = manager!.shards.get(1)!;
  const died = new Promise<void>((resolve) => shard.once('death', () => resolve()));
  shard.process!.kill('SIGKILL');
  await died;
  const now = await health();
  expect(now.status).toBe(503);
  expect(now.body.shards.map((s) => [s.id, s.status, s.reason])).toEqual([
    [0, 'ok', undefined],
    [1, 'unavailable', 'not running'],
  ]);
  expect(await sample('quotebot_shard_up', { shard: '1' })).toBe(0);
  expect(await sample('quotebot_questions_total', { platform: 'discord', language: 'en', shard: '1' })).toBeUndefined();
  expect(await sample('quotebot_questions_total', { platform: 'discord', language: 'en', shard: '0' })).toBe(1);
});
