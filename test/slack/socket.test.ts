/**
 * The Slack adapter in Socket Mode: real @slack/bolt opens `apps.connections.open` on the fake Web API and
 * connects to the fake Socket Mode WebSocket server; the bot core and the answer engine are the real ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionEngine } from '../../src/bot.js';
import { blockProblems, eventCallback, FakeSlack, slashCommandPayload } from './fake-slack.js';
import { memoryLogger, openEngine, startAdapter, type Harness, type OpenEngine } from './helpers.js';

let fake: FakeSlack;
let opened: OpenEngine;
let engine: QuestionEngine;
let h: Harness;

beforeAll(async () => {
  fake = await FakeSlack.start({ users: { USOCK: { locale: 'en-US' } } });
  opened = await openEngine(memoryLogger().logger);
  engine = opened.engine;
  h = await startAdapter(fake, engine, { appToken: fake.appToken, signingSecret: undefined });
});

afterAll(async () => {
  await h?.adapter.stop();
  await fake?.close();
  await opened?.cleanup();
});

async function askOverSocket(id: string, text: string, user = 'USOCK') {
  const payload = slashCommandPayload({ command: '/ask', text, user_id: user, response_url: fake.responseUrl(id) });
  const started = performance.now();
  const ack = await fake.sendEnvelope('slash_commands', payload);
  const ackMs = performance.now() - started;
  const answer = await fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id);
  return { ack, ackMs, answer };
}

describe('Slack Socket Mode', () => {
  it('opens the connection with the app token and becomes connected on hello', async () => {
    const open = fake.callsOf('apps.connections.open');
    expect(open.length).toBe(1);
    expect(open[0]!.authorization).toBe(`Bearer ${fake.appToken}`);
    expect(fake.socketConnections).toBe(1);
    expect(h.adapter.isConnected()).toBe(true);
    expect(h.adapter.port).toBeUndefined();
  });

  it('acknowledges a slash-command envelope and answers through response_url', async () => {
    const { ack, ackMs, answer } = await askOverSocket('s1', "When was the ultimatum set for Dario Amodei?");
    expect(ack.envelope_id).toMatch(/^env-/);
    expect(ackMs).toBeLessThan(1500);
    expect(answer.body.response_type).toBe('in_channel');
    expect(blockProblems(answer.body.blocks)).toEqual([]);
    expect(JSON.stringify(answer.body.blocks)).toContain('ultimatum');
  });

  it('answers a mention delivered as an events_api envelope, in its thread', async () => {
    const event = { type: 'app_mention', user: 'USOCK', text: '<@UBOT> when was the ultimatum set for Dario Amodei?', ts: '1712000000.000100', thread_ts: '1711999999.000100', channel: 'C0S', event_ts: '1712000000.000100' };
    const ack = await fake.sendEnvelope('events_api', eventCallback(event));
    expect(ack.envelope_id).toMatch(/^env-/);
    const post = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0S');
    expect(post.body.thread_ts).toBe('1711999999.000100');
    expect(JSON.stringify(post.body.blocks)).toContain('February 24, 2026');
  });

  it('reconnects after a disconnect message and answers again', async () => {
    fake.sendDisconnect();
    await fake.waitForSocketConnections(2, 4000);
    await expect.poll(() => h.adapter.isConnected(), { timeout: 2000 }).toBe(true);
    expect(fake.callsOf('apps.connections.open').length).toBe(2);
    const { answer } = await askOverSocket('s2', 'When was the ultimatum set for Dario Amodei?', 'USOCK2');
    expect(JSON.stringify(answer.body.blocks)).toContain('ultimatum');
    expect(JSON.stringify(answer.body.blocks)).toContain('`2026-02-24`');
  });
});
