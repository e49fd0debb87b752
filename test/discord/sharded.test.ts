/**
 * `npm run start:sharded`: two real shard processes under discord.js's ShardingManager, each running the
 * real engine, bot core and adapter against the fake Discord; a moderator's refresh on one shard reaches
 * the other.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ShardingManager } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createShardingManager, recommendedShardCount } from '../../adapters/discord/sharded.js';
import { FakeDiscord } from './fake-discord.js';
import { makeCacheDir, makeCorpus, removeTempDirs } from './harness.js';

const MANAGE_GUILD = String(1 << 5);
/** A guild id that the gateway assigns to shard `n` of 2 (`(id >> 22) % 2`). */
const guildOnShard = (n: number) => String(((BigInt(Date.now() - 1420070400000) * 2n + BigInt(n)) << 22n) + 7n);

let fake: FakeDiscord;
let manager: ShardingManager | undefined;
let corpusDir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  fake = await new FakeDiscord({ shards: 2, guildIds: [guildOnShard(0), guildOnShard(1)], heartbeatInterval: 1000 }).listen();
  corpusDir = makeCorpus();
  Object.assign(process.env, {
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: corpusDir,
    CACHE_DIR: makeCacheDir(),
    LOG_LEVEL: 'warn',
  });
  const config = { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, moderatorRoleIds: [] };
  const logger = createLogger('error');
  const totalShards = await recommendedShardCount(config);
  expect(totalShards).toBe(2);
  // Production spawns one shard at a time (Discord's identify pace); here both start at once.
  const m = createShardingManager({ config, logger, totalShards, respawn: false, execArgv: ['--import', 'tsx'] });
  manager = m;
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
