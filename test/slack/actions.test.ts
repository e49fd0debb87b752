/**
 * The answer's buttons on Slack, end to end: real bolt (HTTP mode, signed `block_actions` requests) with
 * the fake Web API and response URLs, the real bot core and engine, and the real store (a SQLite file).
 * Vote and change of vote, More passages until exhausted (following the answer's privacy), Share in
 * channel, a click after a restart, a click on a message sent before a corpus refresh, each acknowledged
 * at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { StoreService } from '../../src/store/service.js';
import { blockActionsBody, blockActionsPayload, blockProblems, slashCommandPayload, eventCallback, FakeSlack, postSigned, slashCommandBody, type RecordedCall } from './fake-slack.js';
import { CORPUS_DIR, SIGNING_SECRET, startAdapter, type Harness } from './helpers.js';
import { StoreDeduplicator } from '../../src/ops/dedupe.js';

const FORM = 'application/x-www-form-urlencoded' as const;
const QUESTION = 'What did OpenAI sign?';

let fake: FakeSlack;
let engine: Engine;
let store: StoreService;
let h: Harness;
let dir: string;
let corpusDir: string;
let dbFile: string;
let seq = 0;

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
}

function buttonsOf(body: Record<string, unknown>): Record<string, Button> {
  const out: Record<string, Button> = {};
  for (const b of (body.blocks as { type: string; elements?: Button[] }[]) ?? []) if (b.type === 'actions') for (const e of b.elements!) out[e.action_id] = e;
  return out;
}

function responseOf(id: string): Promise<RecordedCall> {
  return fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id, 5000);
}

async function askSlash(text: string, user: string, adapter = h): Promise<RecordedCall> {
  const id = `a${++seq}`;
  const res = await postSigned(adapter.eventsUrl, slashCommandBody({ command: '/ask', text, user_id: user, response_url: fake.responseUrl(id) }), FORM, SIGNING_SECRET);
  expect(res.status).toBe(200);
  return responseOf(id);
}

/** Clicks a button; checks the ack came at once and returns what was posted to the response URL. */
async function click(button: Button, user: string, ephemeral: boolean, adapter = h): Promise<RecordedCall> {
  const id = `c${++seq}`;
  const body = blockActionsBody({ user_id: user, action_id: button.action_id, value: button.value, response_url: fake.responseUrl(id), ephemeral });
  const res = await postSigned(adapter.eventsUrl, body, FORM, SIGNING_SECRET);
  expect(res.status).toBe(200);
  expect(res.ms).toBeLessThan(3000);
  const call = await responseOf(id);
  expect(blockProblems(call.body.blocks)).toEqual([]);
  return call;
}

const openStore = () => StoreService.open({ path: dbFile, questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-slack-actions-'));
  corpusDir = path.join(dir, 'corpus');
  fs.mkdirSync(corpusDir);
  for (const f of fs.readdirSync(CORPUS_DIR)) fs.copyFileSync(path.join(CORPUS_DIR, f), path.join(corpusDir, f));
  dbFile = path.join(dir, 'data', 'quotebot.db');
  fake = await FakeSlack.start({ users: { UALICE: { locale: 'en-US' }, UBOB: { locale: 'en-US' }, UADMIN: { is_admin: true, locale: 'en-US' } } });
  engine = await Engine.open({ corpusDir, cacheDir: path.join(dir, 'cache'), logger: createLogger('silent'), watchMs: 0 });
  store = await openStore();
  h = await startAdapter(fake, engine, { privateByDefault: true }, { max: 100, windowMs: 60_000 }, store);
}, 30_000);

afterAll(async () => {
  await h?.adapter.stop();
  await fake?.close();
  await store?.close();
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('answer buttons on Slack', () => {
  let answer: RecordedCall;

  it('a private answer carries 👍, 👎, More passages and Share in channel', async () => {
    answer = await askSlash(QUESTION, 'UALICE');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blockProblems(answer.body.blocks)).toEqual([]);
    expect(Object.keys(buttonsOf(answer.body)).sort()).toEqual(['qb_more', 'qb_share', 'qb_vote_down', 'qb_vote_up']);
    expect(buttonsOf(answer.body).qb_more!.value).toMatch(/^[A-Za-z0-9_-]{16}:3$/);
  });

  it('a vote is thanked privately; a second vote by the same person replaces the first', async () => {
    const b = buttonsOf(answer.body);
    const first = await click(b.qb_vote_up!, 'UALICE', true);
    expect(first.body.response_type).toBe('ephemeral');
    expect(first.body.replace_original).toBe(false);
    expect(JSON.stringify(first.body.blocks)).toContain('Thanks for the 👍');
    const second = await click(b.qb_vote_down!, 'UALICE', true);
    expect(JSON.stringify(second.body.blocks)).toContain('Your vote is now 👎');
    expect(await store.current!.votes(b.qb_vote_up!.value)).toEqual({ up: 0, down: 1 });
  });

  it('More passages pages through the rest of the ranking until it is exhausted, privately', async () => {
    let message = answer;
    const titles: string[] = [];
    const quotes = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const more = buttonsOf(message.body).qb_more;
      if (!more) break;
      message = await click(more, 'UALICE', true);
      expect(message.body.response_type).toBe('ephemeral');
      const ctx = JSON.stringify(message.body.blocks);
      titles.push(/More passages \((\d+–\d+)\)/.exec(ctx)![1]!);
      const quote = (message.body.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'section')!.text!.text;
      expect(quotes.has(quote)).toBe(false);
      quotes.add(quote);
    }
    expect(titles).toEqual(['4–6', '7–9', '10–12', '13–15']);
    expect(buttonsOf(message.body).qb_more).toBeUndefined();
  });

  it('More passages of a public answer (a mention) are posted in the channel', async () => {
    const res = await postSigned(h.eventsUrl, JSON.stringify(eventCallback({ type: 'app_mention', user: 'UBOB', text: `<@UBOT> ${QUESTION}`, ts: '1700000001.000100', channel: 'C0001' })), 'application/json', SIGNING_SECRET);
    expect(res.status).toBe(200);
    const posted = await fake.waitForCall((c) => c.method === 'chat.postMessage' && JSON.stringify(c.body.blocks ?? '').includes('qb_more'), 5000);
    const b = buttonsOf(posted.body);
    expect(b.qb_share).toBeUndefined(); // already public
    const page = await click(b.qb_more!, 'UALICE', false);
    expect(page.body.response_type).toBe('in_channel');
  });

  it('Share in channel posts the private answer publicly, with its question and who shared it', async () => {
    const shared = await click(buttonsOf(answer.body).qb_share!, 'UALICE', true);
    expect(shared.body.response_type).toBe('in_channel');
    const all = JSON.stringify(shared.body.blocks);
    expect(all).toContain('Shared by <@UALICE>');
    expect(all).toContain(QUESTION);
    const quote = (b: Record<string, unknown>) => (b.blocks as { type: string; text?: { text: string } }[]).find((x) => x.type === 'section')!.text!.text;
    expect(quote(shared.body)).toBe(quote(answer.body));
    // Someone else cannot share it (only the asker can see a private answer anyway).
    const other = await click(buttonsOf(answer.body).qb_share!, 'UBOB', true);
    expect(other.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(other.body.blocks)).toContain('Only a private answer can be shared');
  });

  it('a click on a message sent before a refresh pages through that answer’s own ranking', async () => {
    const before = await askSlash(QUESTION, 'UALICE');
    const page1 = await click(buttonsOf(before.body).qb_more!, 'UALICE', true);
    const file = fs.readdirSync(corpusDir).find((f) => f.endsWith('.md'))!;
    const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    fs.writeFileSync(path.join(corpusDir, file), text.replace(/OpenAI/g, 'OpenAI Inc.'));
    expect((await engine.refresh()).changed).toHaveLength(1);
    const again = await click(buttonsOf(before.body).qb_more!, 'UALICE', true);
    expect(again.body.blocks).toEqual(page1.body.blocks);
    fs.writeFileSync(path.join(corpusDir, file), text);
    expect((await engine.refresh()).ok).toBe(true);
  }, 30_000);

  it('a click after a restart (new adapter, bot and store connection) works and replaces the earlier vote', async () => {
    const b = buttonsOf(answer.body);
    await h.adapter.stop();
    await store.close();
    store = await openStore();
    h = await startAdapter(fake, engine, { privateByDefault: true }, { max: 100, windowMs: 60_000 }, store);
    const r = await click(b.qb_vote_up!, 'UALICE', true);
    expect(JSON.stringify(r.body.blocks)).toContain('Your vote is now 👍');
    expect(await store.current!.votes(b.qb_vote_up!.value)).toEqual({ up: 1, down: 0 });
  }, 30_000);

  it('/corpus report: for moderators (workspace admins), private', async () => {
    const send = async (user: string) => {
      const id = `r${++seq}`;
      const res = await postSigned(h.eventsUrl, slashCommandBody({ command: '/corpus', text: 'report', user_id: user, response_url: fake.responseUrl(id) }), FORM, SIGNING_SECRET);
      expect(res.status).toBe(200);
      return responseOf(id);
    };
    await click(buttonsOf(answer.body).qb_vote_down!, 'UBOB', true);
    const member = await send('UALICE');
    expect(JSON.stringify(member.body.blocks)).toContain('moderators only');
    const admin = await send('UADMIN');
    expect(admin.body.response_type).toBe('ephemeral');
    expect(blockProblems(admin.body.blocks)).toEqual([]);
    const all = JSON.stringify(admin.body.blocks);
    expect(all).toContain('Corpus report');
    expect(all).toMatch(/Most down-voted answers\*\\n• 1× 👎/);
    expect(all).toContain('*Corpus changes*\\n• none');
  });

  it('in Socket Mode, a click arrives as an interactive envelope, is acknowledged at once, and works on an answer of the HTTP replica', async () => {
    const socket = await startAdapter(fake, engine, { appToken: fake.appToken, signingSecret: undefined, privateByDefault: true }, { max: 100, windowMs: 60_000 }, store);
    try {
      await fake.waitForSocketConnections(1);
      const askId = `s${++seq}`;
      await fake.sendEnvelope('slash_commands', slashCommandPayload({ command: '/ask', text: QUESTION, user_id: 'UBOB', response_url: fake.responseUrl(askId) }));
      const asked = await responseOf(askId);
      // A click on the answer the HTTP replica gave earlier, and on this one.
      for (const b of [buttonsOf(answer.body).qb_more!, buttonsOf(asked.body).qb_more!]) {
        const id = `s${++seq}`;
        const t0 = performance.now();
        const ack = await fake.sendEnvelope('interactive', blockActionsPayload({ user_id: 'UBOB', action_id: b.action_id, value: b.value, response_url: fake.responseUrl(id), ephemeral: true }));
        expect(ack.envelope_id).toBeTruthy();
        expect(performance.now() - t0).toBeLessThan(3000);
        const page = await responseOf(id);
        expect(JSON.stringify(page.body.blocks)).toContain('More passages (4–6)');
      }
    } finally {
      await socket.adapter.stop();
    }
  });

  it('two replicas on one store: a retried event is answered once, and clicks on either replica work on the other’s answers', async () => {
    // Each replica is a process of its own: its own bot, adapter, store connection and deduplicator.
    const replicas: { h: Harness; store: StoreService }[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await openStore();
      replicas.push({ store: s, h: await startAdapter(fake, engine, { privateByDefault: true }, { max: 100, windowMs: 60_000 }, s, undefined, { dedupe: new StoreDeduplicator(s) }) });
    }
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    try {
      const channel = 'CREPLICA';
      const posts = () => fake.callsOf('chat.postMessage').filter((c) => c.body.channel === channel);
      const ts = `${Math.floor(Date.now() / 1000)}.000100`;
      const body = JSON.stringify(eventCallback({ type: 'app_mention', user: 'UALICE', text: `<@UBOT> ${QUESTION}`, ts, channel, event_ts: ts }));
      expect((await postSigned(a.h.eventsUrl, body, 'application/json', SIGNING_SECRET)).status).toBe(200);
      const answer = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === channel, 10_000);
      // Slack retries the same event; the load balancer sends it to the other replica, then to the first.
      for (const [n, r] of [[1, b], [2, a]] as const) {
        expect((await postSigned(r.h.eventsUrl, body, 'application/json', SIGNING_SECRET, { headers: { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
      }
      // A new event on the second replica is answered: the retries before it were processed, and dropped.
      const ts2 = `${Math.floor(Date.now() / 1000) + 1}.000100`;
      const other = JSON.stringify(eventCallback({ type: 'app_mention', user: 'UBOB', text: `<@UBOT> ${QUESTION}`, ts: ts2, channel, event_ts: ts2 }));
      expect((await postSigned(b.h.eventsUrl, other, 'application/json', SIGNING_SECRET)).status).toBe(200);
      await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === channel && c.body.thread_ts === ts2, 10_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(posts()).toHaveLength(2);
      expect(b.h.logs().filter((l) => l.msg === 'Slack event already handled; retry acknowledged')).toHaveLength(1);
      // The first replica's answer, clicked on the second: vote, change of vote on the first, More passages.
      const btn = buttonsOf(answer.body);
      expect(JSON.stringify((await click(btn.qb_vote_up!, 'UBOB', false, b.h)).body.blocks)).toContain('Thanks for the 👍');
      expect(JSON.stringify((await click(btn.qb_vote_down!, 'UBOB', false, a.h)).body.blocks)).toContain('Your vote is now 👎');
      expect(await a.store.current!.votes(btn.qb_vote_up!.value)).toEqual({ up: 0, down: 1 });
      expect(JSON.stringify((await click(btn.qb_more!, 'UBOB', false, b.h)).body.blocks)).toContain('More passages (4–6)');
    } finally {
      for (const r of replicas) {
        await r.h.adapter.stop();
        await r.store.close();
      }
    }
  }, 30_000);

  it('a forged value gets a polite private reply', async () => {
    const r = await click({ action_id: 'qb_more', value: 'not an id', text: { text: 'x' } }, 'UALICE', false);
    expect(r.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(r.body.blocks)).toContain('no longer kept');
  });
});
