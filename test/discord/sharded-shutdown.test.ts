/**
 * Graceful shutdown of `npm run start:sharded`, with real shard processes against the fake Discord (all on
 * 127.0.0.1): on SIGTERM the manager asks every shard to stop; a shard takes no new interaction, delivers
 * the answers in flight, destroys its client and exits 0; a shard still running `SHUTDOWN_TIMEOUT_MS` +
 * grace later is killed, and the exit code says so. A request "in flight" is one the fake holds in transit
 * (a slow network): it reaches the fake only if the shard process is still there when the hold ends.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { ShardedHealthReport } from '../../adapters/discord/sharding/health.js';
import { createShardedShutdown, prepareSharded, type Sharded, type ShardedShutdownSummary } from '../../adapters/discord/sharded.js';
import { FakeDiscord, type RecordedRequest } from './fake-discord.js';
import { makeCacheDir, makeCorpus, removeTempDirs, spawnShardedManager } from './harness.js';
import { freePort } from '../helpers/port.js';

const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const SORRY = 'Sorry, something went wrong. Please try again in a moment.';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether a process exists (a zombie still does until its parent reaps it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The ids of the shard processes whose parent is `pid` (Linux /proc; tsx's esbuild is a child too). */
function shardPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('shard.ts')) out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** The edit of an interaction's original response: how an answer replaces the deferral of its question. */
const ANSWER = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

/** The interaction's callback request as the fake recorded it. */
function callbackOf(fake: FakeDiscord, interaction: { id: string }): RecordedRequest | undefined {
  return fake.requests.find((r) => CALLBACK.test(r.path) && r.path.startsWith(`/interactions/${interaction.id}/`));
}

/** The request delivering the answer to a question (the edit of its deferral) as the fake recorded it. */
function answerOf(fake: FakeDiscord, interaction: { token: string }): RecordedRequest | undefined {
  return fake.requests.find((r) => r.method === 'PATCH' && ANSWER.test(r.path) && r.path.includes(`/${interaction.token}/`));
}

const ask = (fake: FakeDiscord, question: string, shard = 0) =>
  fake.slashCommand({ name: 'ask', shard, guildId: fake.guildIds[shard], options: [{ name: 'question', type: 3, value: question }] });

describe('npm run start:sharded as a real process', () => {
  let fake: FakeDiscord | null = null;
  let child: ChildProcessWithoutNullStreams | null = null;
  /** Processes to kill if a test fails half-way (a stopped shard would otherwise linger). */
  const leftovers: number[] = [];

  afterEach(async () => {
    for (const pid of leftovers.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = null;
    await fake?.close();
    fake = null;
    removeTempDirs();
  });

  /** Starts the manager with one shard; resolves once `/healthz` says the shard is ready. */
  async function startManager(env: Record<string, string>) {
    fake = await new FakeDiscord({ shards: 1, heartbeatInterval: 1000 }).listen();
    const port = await freePort();
    const c = spawnShardedManager(fake, port, env);
    child = c;
    leftovers.push(c.pid!);
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    c.stdout.resume();
    const exit = new Promise<{ code: number | null; at: number }>((r) => c.on('exit', (code) => r({ code, at: Date.now() })));
    const lines = () =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, any>);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      if (res?.status === 200 && ((await res.json()) as ShardedHealthReport).status === 'ok') break;
      if (c.exitCode !== null) throw new Error(`exited early: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`not healthy after 30 s: ${stderr}`);
      await sleep(100);
    }
    const shards = shardPids(c.pid!);
    expect(shards).toHaveLength(1);
    leftovers.push(...shards);
    return { c, port, exit, lines, shardPid: shards[0]!, fake };
  }

  it('delivers the answer in flight when SIGTERM arrives, refuses new questions, then exits 0', { timeout: 60_000 }, async () => {
    const { c, port, exit, lines, shardPid, fake } = await startManager({ SHUTDOWN_TIMEOUT_MS: '20000' });
    // The answer's REST call (the edit of the question's deferral) stays in transit for 3 s.
    fake.injectFault({ method: 'PATCH', path: ANSWER, kind: 'delay', delayMs: 3000 });
    const first = ask(fake, 'When was the ultimatum?');
    await fake.waitFor(() => answerOf(fake, first), 10_000, 'the answer to be on its way');
    const signalled = Date.now();
    c.kill('SIGTERM');

    // The shard stops taking questions: one asked now is declined (and that reply is delivered too).
    const deadline = Date.now() + 10_000;
    while (!lines().some((l) => l.shard === '0' && l.msg === 'shutting down: no new questions; finishing those in flight')) {
      if (Date.now() > deadline) throw new Error('the shard was not asked to shut down');
      await sleep(20);
    }
    const second = ask(fake, 'Who set the ultimatum?');

    const { code, at: exitedAt } = await exit;
    expect(code).toBe(0);
    // The answer reached Discord, after the signal and before the process exited.
    const held = answerOf(fake, first)!;
    expect(held.dropped).toBeUndefined();
    expect(held.status).toBe(200);
    expect(fake.messagesFor(first)[0]).toMatchObject({ via: 'callback', callbackType: 5 });
    const answer = fake.messagesFor(first).find((m) => m.via === 'edit');
    expect(answer?.embeds[0].description).toContain('ultimatum');
    expect(answer!.at).toBeGreaterThanOrEqual(signalled + 1000);
    expect(answer!.at).toBeLessThanOrEqual(exitedAt);
    const declined = fake.messagesFor(second).find((m) => m.via === 'callback');
    expect(declined?.content).toBe(SORRY);

    // The shard closed its gateway session and exited; the manager's endpoint is closed.
    expect(fake.gatewayLog.filter((e) => e.op === 'close')).toHaveLength(1);
    expect(fake.connections).toBe(0);
    expect(alive(shardPid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    const shardStopped = lines().find((l) => l.shard === '0' && l.msg === 'stopped');
    expect(shardStopped).toMatchObject({ reason: 'asked by the sharding manager', abandoned: 0, code: 0 });
    const managerStopped = lines().find((l) => l.component === 'sharding' && l.msg === 'stopped');
    expect(managerStopped).toMatchObject({ reason: 'SIGTERM', clean: true, code: 0, shards: [{ id: 0, code: 0, killed: false }] });
  });

  it('kills a shard that hangs once SHUTDOWN_TIMEOUT_MS and the grace are over, and exits 1', { timeout: 60_000 }, async () => {
    const { c, port, exit, lines, shardPid } = await startManager({ SHUTDOWN_TIMEOUT_MS: '1000' });
    // The shard process hangs: it can no longer do anything, its shutdown included.
    process.kill(shardPid, 'SIGSTOP');
    const signalled = Date.now();
    c.kill('SIGTERM');
    const { code, at } = await exit;
    expect(code).toBe(1);
    // Not before SHUTDOWN_TIMEOUT_MS (1 s) + the grace (5 s).
    expect(at - signalled).toBeGreaterThanOrEqual(5_900);
    expect(alive(shardPid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(lines().find((l) => l.msg === 'shard still running at the shutdown deadline: killing it')).toMatchObject({ shard: 0, pid: shardPid, timeoutMs: 1000 });
    const stopped = lines().find((l) => l.component === 'sharding' && l.msg === 'stopped');
    expect(stopped).toMatchObject({ reason: 'SIGTERM', clean: false, code: 1, shards: [{ id: 0, killed: true, signal: 'SIGKILL', code: null }] });
  });
});

describe('createShardedShutdown, with two shards', () => {
  const guildOnShard = (n: number) => String(((BigInt(Date.now() - 1420070400000) * 2n + BigInt(n)) << 22n) + 7n);
  const savedEnv = { ...process.env };
  let fake: FakeDiscord;
  let sharded: Sharded | undefined;

  beforeAll(async () => {
    fake = await new FakeDiscord({ shards: 2, guildIds: [guildOnShard(0), guildOnShard(1)], heartbeatInterval: 1000 }).listen();
    Object.assign(process.env, {
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      CORPUS_DIR: makeCorpus(),
      CACHE_DIR: makeCacheDir(),
      SHUTDOWN_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'error',
      // Shards answer on their main thread here (the answer pool has its own tests, and runs under npm start).
      ANSWER_WORKERS: '0',
    });
    const config = { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, moderatorRoleIds: [] };
    sharded = await prepareSharded({ config, logger: createLogger('silent'), totalShards: 2, execArgv: ['--import', 'tsx'], metricsPort: await freePort() });
    const { manager } = sharded;
    await Promise.all([0, 1].map((id) => manager.createShard(id).spawn(20_000)));
  }, 45_000);

  afterAll(async () => {
    for (const s of sharded?.manager.shards.values() ?? []) if (s.process && s.process.exitCode === null) s.process.kill('SIGKILL');
    await sharded?.ops?.close();
    await fake?.close();
    process.env = savedEnv;
    removeTempDirs();
  });

  it('asks every shard: one gives up its answer after SHUTDOWN_TIMEOUT_MS and exits 0, a hung one is killed; exit code 1', { timeout: 30_000 }, async () => {
    const { manager, ops } = sharded!;
    const pids = [0, 1].map((id) => manager.shards.get(id)!.process!.pid!);
    // Shard 0 has an answer in transit for longer than SHUTDOWN_TIMEOUT_MS; shard 1 hangs.
    fake.injectFault({ method: 'PATCH', path: ANSWER, kind: 'delay', delayMs: 6000 });
    const held = ask(fake, 'When was the ultimatum?', 0);
    await fake.waitFor(() => answerOf(fake, held), 10_000, 'the answer to be on its way');
    process.kill(pids[1]!, 'SIGSTOP');

    const exits: number[] = [];
    const shutdown = createShardedShutdown(sharded!, { logger: createLogger('silent'), timeoutMs: 1000, graceMs: 4000, exit: (c) => exits.push(c) });
    const started = Date.now();
    const done = shutdown('SIGTERM');
    expect(shutdown('SIGINT')).toBe(done); // one shutdown only
    const summary: ShardedShutdownSummary = await done;
    const took = Date.now() - started;

    expect(exits).toEqual([1]);
    expect(summary).toMatchObject({ reason: 'SIGTERM', clean: false, code: 1 });
    const [zero, one] = summary.shards;
    // Shard 0 waited for its answer (SHUTDOWN_TIMEOUT_MS), then stopped by itself, before the deadline.
    expect(zero).toMatchObject({ id: 0, pid: pids[0], code: 0, signal: null, killed: false });
    expect(zero!.ms).toBeGreaterThanOrEqual(1000);
    // Shard 1 was killed at the deadline (1 s + 4 s of grace).
    expect(one).toMatchObject({ id: 1, pid: pids[1], code: null, signal: 'SIGKILL', killed: true });
    expect(one!.ms).toBeGreaterThanOrEqual(5000);
    expect(took).toBeGreaterThanOrEqual(5000);
    expect(pids.map(alive)).toEqual([false, false]);
    expect(manager.respawn).toBe(false);
    await expect(fetch(`http://127.0.0.1:${ops!.port}/healthz`)).rejects.toThrow();
    // The answer never reached Discord: the shard gave it up at its deadline.
    await fake.waitFor(() => answerOf(fake, held)?.dropped, 5000, 'the held answer to be dropped');
    expect(fake.messagesFor(held)).toEqual([expect.objectContaining({ via: 'callback', callbackType: 5 })]);
  });
});
