/**
 * Graceful shutdown, in process, with the real engine, bot core and terminal adapter: new questions are
 * refused, those in flight finish (bounded wait), adapters disconnect, and the exit code is 0. With the real
 * Discord adapter against the fake Discord: an answer still on its way to Discord is delivered first.
 */
import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/adapter.js';
import { Bot } from '../../src/bot.js';
import { Engine } from '../../src/engine.js';
import { createShutdown } from '../../src/ops/shutdown.js';
import { startHarness } from '../discord/harness.js';
import { captureLogger, doc, tempCorpus, type TempCorpus } from './helpers.js';

let corpus: TempCorpus | null = null;
afterEach(() => {
  corpus?.cleanup();
  corpus = null;
});

async function setup() {
  corpus = tempCorpus();
  const cap = captureLogger('info');
  const engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: cap.logger, watchMs: 0 });
  const bot = new Bot({ engine, logger: cap.logger, rateLimit: { max: 1000, windowMs: 1000 } });
  const output = new PassThrough();
  output.resume();
  const terminal = new ConsoleAdapter({ bot, input: new PassThrough(), output });
  await terminal.start();
  const exits: number[] = [];
  return { engine, bot, terminal, cap, exits, corpus };
}

const moderator = { platform: 'console' as const, userId: 'op', isModerator: true };

it('finishes the requests in flight, refuses new ones, disconnects and exits 0', async () => {
  const { engine, bot, terminal, cap, exits, corpus } = await setup();
  const shutdown = createShutdown({ bot, adapters: () => [terminal], others: () => [engine], logger: cap.logger, timeoutMs: 30_000, exit: (c) => exits.push(c) });
  corpus.write('harbour.md', doc('harbour', 'The harbour committee met on 3 March 2026 in Marseille.'));
  const inFlight = bot.processEvent({ kind: 'refresh', from: moderator });
  expect(bot.pending).toBe(1);
  const done = shutdown('SIGTERM');
  expect(shutdown('SIGINT')).toBe(done); // one shutdown only
  const refused = await bot.processEvent({ kind: 'ask', text: 'Quand Hegseth a-t-il fixé un ultimatum ?', from: moderator });
  expect(refused.kind).toBe('error');
  expect(exits).toEqual([]); // still waiting for the refresh
  const reply = await inFlight;
  expect(reply.kind === 'refresh' && reply.report.ok && reply.report.added).toEqual(['harbour']);
  const summary = await done;
  expect(summary).toMatchObject({ reason: 'SIGTERM', abandoned: 0, code: 0 });
  expect(exits).toEqual([0]);
  expect(terminal.isConnected()).toBe(false);
  const msgs = cap.lines().map((l) => l.msg);
  expect(msgs.indexOf('shutting down: no new questions; finishing those in flight')).toBeLessThan(msgs.indexOf('stopped'));
});

it('waits no longer than the timeout for requests in flight, then still exits 0', async () => {
  const { engine, bot, terminal, cap, exits, corpus } = await setup();
  const shutdown = createShutdown({ bot, adapters: () => [terminal], others: () => [engine], logger: cap.logger, timeoutMs: 0, exit: (c) => exits.push(c) });
  corpus.write('harbour.md', doc('harbour', 'The harbour committee met on 3 March 2026 in Marseille.'));
  const inFlight = bot.processEvent({ kind: 'refresh', from: moderator });
  const summary = await shutdown('SIGTERM');
  expect(summary).toMatchObject({ abandoned: 1, code: 0 });
  expect(exits).toEqual([0]);
  expect(cap.lines().some((l) => l.msg === 'requests still in flight at the shutdown deadline' && l.abandoned === 1)).toBe(true);
  await inFlight; // let it settle before the temporary corpus is removed
});

it('with Discord: delivers an answer still on its way to Discord before destroying the client', async () => {
  corpus = tempCorpus();
  const engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: captureLogger('warn').logger, watchMs: 0 });
  const h = await startHarness({ engine });
  try {
    // The answer's REST call (the edit of the question's deferral) stays in transit for 1 s (the fake drops it
    // if the client goes away meanwhile).
    const edit = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
    h.fake.injectFault({ method: 'PATCH', path: edit, kind: 'delay', delayMs: 1000 });
    const interaction = h.fake.slashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'When was the ultimatum?' }] });
    const held = await h.fake.waitFor(() => h.fake.requests.find((r) => r.method === 'PATCH' && edit.test(r.path) && r.path.includes(interaction.token)), 5000, 'the answer on its way');
    expect(h.bot.pending).toBe(0); // the core is done: only the delivery is in flight
    expect(h.adapter.pending).toBe(1);
    const exits: number[] = [];
    const shutdown = createShutdown({ bot: h.bot, adapters: () => [h.adapter], others: () => [engine], logger: h.logger, timeoutMs: 10_000, exit: (c) => exits.push(c) });
    const summary = await shutdown('SIGTERM');
    expect(summary).toMatchObject({ abandoned: 0, code: 0 });
    expect(summary.ms).toBeGreaterThanOrEqual(500);
    expect(exits).toEqual([0]);
    expect(held).toMatchObject({ status: 200 });
    expect(held.dropped).toBeUndefined();
    const answer = h.fake.messagesFor(interaction).find((m) => m.via === 'edit');
    expect(answer?.embeds[0].description).toContain('ultimatum');
    // Delivered, then disconnected.
    const closed = h.fake.gatewayLog.find((e) => e.op === 'close');
    expect(closed!.at).toBeGreaterThanOrEqual(answer!.at);
    expect(h.adapter.isConnected()).toBe(false);
    expect(h.adapter.pending).toBe(0);
  } finally {
    await h.close();
  }
});
