/**
 * The answer's buttons on Discord, end to end: the real discord.js client against the fake Discord, the
 * real bot core and engine, and the real store (a SQLite file). Vote and change of vote, More passages
 * until the ranking is exhausted (following the answer's privacy), Share in channel, a click after a
 * restart, a click handled by another process (on SQLite and on PostgreSQL), a click on a message sent before a
 * corpus refresh, each acknowledged within 3 s.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { StoreService } from '../../src/store/service.js';
import { makeCacheDir, makeCorpus, removeTempDirs, startHarness, type Harness } from './harness.js';
import { OptionType, snowflake, type FakeMessage } from './fake-discord.js';
import { parseCustomId } from '../../adapters/discord/components.js';
import { startPostgres } from '../store/pg.js';

const EPHEMERAL = 64;
const QUESTION = 'What did OpenAI sign?';

let h: Harness;
let engine: Engine;
let store: StoreService;
let dbFile: string;
let corpusDir: string;
const alice = { id: snowflake(), username: 'alice' };
const bob = { id: snowflake(), username: 'bob' };

function ask(question: string, priv: boolean, user = alice) {
  const options: { name: string; type: number; value: string | boolean }[] = [{ name: 'question', type: OptionType.String, value: question }];
  if (priv) options.push({ name: 'private', type: OptionType.Boolean, value: true });
  return h.fake.slashCommand({ name: 'ask', options, user });
}

/** The buttons of a message: custom id by label or emoji. */
function buttons(m: FakeMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of m.components ?? []) for (const c of row.components) out[c.label ?? c.emoji?.name] = c.custom_id;
  return out;
}

/** Clicks a button and returns the reply, checking it came within 3 s. */
async function click(message: FakeMessage, customId: string, user = alice): Promise<FakeMessage> {
  const t0 = Date.now();
  const i = h.fake.buttonClick({ message, customId, user });
  const reply = await h.fake.answerFor(i, 5000);
  expect(reply.at - t0).toBeLessThan(3000);
  return reply;
}

async function openStore(): Promise<StoreService> {
  return StoreService.open({ path: dbFile, questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
}

beforeAll(async () => {
  corpusDir = makeCorpus();
  dbFile = path.join(makeCacheDir(), 'data', 'quotebot.db');
  engine = await Engine.open({ corpusDir, cacheDir: makeCacheDir(), logger: createLogger('silent'), watchMs: 0 });
  store = await openStore();
  h = await startHarness({ engine, store, heartbeatInterval: 200 });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await store?.close();
  await engine?.close();
  removeTempDirs();
});

describe('answer buttons on Discord', () => {
  let privateAnswer: FakeMessage;

  it('a private answer carries 👍, 👎, More passages and Share in channel; a public one no Share', async () => {
    privateAnswer = await h.fake.answerFor(ask(QUESTION, true));
    expect(privateAnswer.flags & EPHEMERAL).toBe(EPHEMERAL);
    const b = buttons(privateAnswer);
    expect(Object.keys(b).sort()).toEqual(['More passages', 'Share in channel', '👍', '👎']);
    expect(parseCustomId(b['More passages']!)).toMatchObject({ kind: 'more', offset: 3 });
    const pub = await h.fake.answerFor(ask(QUESTION, false));
    expect(pub.flags & EPHEMERAL).toBe(0);
    expect(Object.keys(buttons(pub)).sort()).toEqual(['More passages', '👍', '👎']);
    // A declined question has no buttons.
    const declined = await h.fake.answerFor(ask('Who won the football world cup in 1998?', false));
    expect(declined.components ?? []).toEqual([]);
  });

  it('a vote is thanked privately; a second vote by the same person replaces the first', async () => {
    const b = buttons(privateAnswer);
    const answerId = parseCustomId(b['👍']!)!.answerId;
    const first = await click(privateAnswer, b['👍']!);
    expect(first.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(first.content).toMatch(/Thanks for the 👍/);
    const second = await click(privateAnswer, b['👎']!);
    expect(second.content).toMatch(/Your vote is now 👎/);
    await click(privateAnswer, b['👎']!, bob);
    expect(await store.current!.votes(answerId)).toEqual({ up: 0, down: 2 });
  });

  it('More passages pages through the rest of the same ranking until it is exhausted, privately for a private answer', async () => {
    const seen = new Set<string>();
    const key = (e: any) => `${e.description}`;
    for (const e of privateAnswer.embeds) seen.add(key(e));
    let message = privateAnswer;
    let pages = 0;
    let passages = 0;
    for (;;) {
      const id = buttons(message)['More passages'];
      if (!id) break;
      const page = await click(message, id);
      pages++;
      expect(page.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(page.embeds).toHaveLength(1);
      expect(page.embeds[0].title).toMatch(/^More passages \(\d+–\d+\)$/);
      const [, from, to] = /\((\d+)–(\d+)\)/.exec(page.embeds[0].title)!.map(Number) as [unknown, number, number];
      expect(from).toBe(passages + 4);
      passages = to - 3;
      expect(seen.has(key(page.embeds[0]))).toBe(false);
      seen.add(key(page.embeds[0]));
      message = page;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4); // 12 further passages, 3 a page
    expect(passages).toBe(12);
    // The last page has no More button; clicking an old one past the end says so.
    const past = await click(message, `qb:m:${parseCustomId(buttons(privateAnswer)['👍']!)!.answerId}:99`);
    expect(past.content).toMatch(/No more passages/);
  });

  it('More passages of a public answer are public', async () => {
    const pub = await h.fake.answerFor(ask(QUESTION, false));
    const page = await click(pub, buttons(pub)['More passages']!, bob);
    expect(page.flags & EPHEMERAL).toBe(0);
    expect(page.embeds[0].title).toBe('More passages (4–6)');
  });

  it('Share in channel posts the private answer publicly, saying who shared it', async () => {
    const shared = await click(privateAnswer, buttons(privateAnswer)['Share in channel']!);
    expect(shared.flags & EPHEMERAL).toBe(0);
    expect(shared.content).toBe(`Shared by <@${alice.id}>`);
    expect(shared.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(shared.embeds).toEqual(privateAnswer.embeds);
  });

  it('a click on a message sent before a refresh pages through that answer’s own ranking', async () => {
    const before = await h.fake.answerFor(ask(QUESTION, true));
    const firstPage = await click(before, buttons(before)['More passages']!);
    // The corpus changes: the article is rewritten, the index is rebuilt.
    const file = fs.readdirSync(corpusDir).find((f) => f.endsWith('.md'))!;
    const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    fs.writeFileSync(path.join(corpusDir, file), text.replace(/OpenAI/g, 'OpenAI Inc.'));
    const report = await engine.refresh();
    expect(report.ok).toBe(true);
    expect(report.changed).toHaveLength(1);
    const again = await click(before, buttons(before)['More passages']!);
    expect(again.embeds).toEqual(firstPage.embeds);
    fs.writeFileSync(path.join(corpusDir, file), text);
    expect((await engine.refresh()).ok).toBe(true);
  }, 30_000);

  it('a click after a restart (new process state, same store) works, and replaces the earlier vote', async () => {
    const b = buttons(privateAnswer);
    const answerId = parseCustomId(b['👍']!)!.answerId;
    await h.close();
    await store.close();
    store = await openStore();
    h = await startHarness({ engine, store, heartbeatInterval: 200 });
    const r = await click(privateAnswer, b['👍']!);
    expect(r.content).toMatch(/Your vote is now 👍/);
    expect(await store.current!.votes(answerId)).toEqual({ up: 1, down: 1 });
    const page = await click(privateAnswer, b['More passages']!);
    expect(page.embeds[0].title).toBe('More passages (4–6)');
  }, 30_000);

  it('a click handled by another process (its own discord.js client, bot and store connection) works', async () => {
    const other = await openStore();
    const h2 = await startHarness({ engine, store: other, heartbeatInterval: 200 });
    try {
      await crossProcessClicks(h, h2, other);
    } finally {
      await h2.close();
      await other.close();
    }
  }, 30_000);

  it('/corpus report: for moderators, private, with what was declined and the down-votes', async () => {
    await h.fake.answerFor(ask('Who won the football world cup in 1998?', false));
    const member = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'report', user: bob }));
    expect(member.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(member.content).toMatch(/moderators only/);
    const mod = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'report', user: alice, permissions: String(1 << 5) }), 5000);
    expect(mod.flags & EPHEMERAL).toBe(EPHEMERAL);
    const e = mod.embeds[0];
    expect(e.title).toMatch(/^Corpus report — since \d{4}-\d{2}-\d{2}$/);
    const field = (name: string) => e.fields.find((f: { name: string }) => f.name === name)?.value as string;
    expect(field('Asked but not covered')).toMatch(/2× Who won the football world cup in 1998\?/);
    expect(field('Most down-voted answers')).toMatch(/👎 \\\(question not kept: QUESTION\\_LOG\\\) → anthropic-pentagone-panne-2026-03 §\d+/);
    expect(field('Documents cited most')).toMatch(/anthropic-pentagone-panne-2026-03/);
    expect(field('Corpus changes')).toBe('• none');
  });

  it('a malformed or foreign custom id gets a polite private reply', async () => {
    const r = await click(privateAnswer, 'qb:v:!!bad!!:up');
    expect(r.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(r.content).toMatch(/no longer kept/);
  });
});

/**
 * Asks on `a`, clicks on `b` (another process on the same store): a vote, a change of that vote back on
 * `a`, More passages on `b`; each acknowledged within 3 s.
 */
async function crossProcessClicks(a: Harness, b: Harness, bStore: StoreService): Promise<void> {
  const answer = await a.fake.answerFor(a.fake.slashCommand({ name: 'ask', options: [{ name: 'question', type: OptionType.String, value: QUESTION }], user: alice }));
  const ids = buttons(answer);
  const answerId = parseCustomId(ids['👍']!)!.answerId;
  const on = async (x: Harness, id: string) => {
    const t0 = Date.now();
    const reply = await x.fake.answerFor(x.fake.buttonClick({ message: answer, customId: id, user: bob }), 5000);
    expect(reply.at - t0).toBeLessThan(3000);
    return reply;
  };
  expect((await on(b, ids['👍']!)).content).toMatch(/Thanks for the 👍/);
  expect((await on(a, ids['👎']!)).content).toMatch(/Your vote is now 👎/);
  expect(await bStore.current!.votes(answerId)).toEqual({ up: 0, down: 1 });
  const page = await on(b, ids['More passages']!);
  expect(page.flags & EPHEMERAL).toBe(0);
  expect(page.embeds[0].title).toBe('More passages (4–6)');
  expect((await on(b, buttons(page)['More passages']!)).embeds[0].title).toBe('More passages (7–9)');
}

const pgServer = await startPostgres();
const pgSkip = 'error' in pgServer ? ` — SKIPPED: ${pgServer.error}` : '';

describe.skipIf('error' in pgServer)(`PostgreSQL shared by processes${pgSkip}`, () => {
  const pgConfig = () => ({ path: '', url: (pgServer as { url: string }).url, questionLog: 'declined' as const, retentionDays: 90, userSecret: 'a-test-secret-of-some-length' });
  afterAll(async () => {
    if (!('error' in pgServer)) await pgServer.destroy();
  });

  it('a click handled by another process on another host’s connection works', async () => {
    const [sa, sb] = [await StoreService.open(pgConfig(), createLogger('silent')), await StoreService.open(pgConfig(), createLogger('silent'))];
    const [ha, hb] = [await startHarness({ engine, store: sa, heartbeatInterval: 200 }), await startHarness({ engine, store: sb, heartbeatInterval: 200 })];
    try {
      await crossProcessClicks(ha, hb, sb);
    } finally {
      await ha.close();
      await hb.close();
      await sa.close();
      await sb.close();
    }
  }, 30_000);

  it('a click the store is slow to record is deferred at once, privately, then edited with the reply', async () => {
    if ('error' in pgServer) return;
    const pgStore = await StoreService.open(pgConfig(), createLogger('silent'));
    const ph = await startHarness({ engine, store: pgStore, heartbeatInterval: 200 });
    const other = new pg.Client({ connectionString: pgServer.url });
    try {
      const answer = await ph.fake.answerFor(ph.fake.slashCommand({ name: 'ask', options: [{ name: 'question', type: OptionType.String, value: QUESTION }, { name: 'private', type: OptionType.Boolean, value: true }], user: alice }));
      const down = answer.components![0].components.find((c: { emoji?: { name: string } }) => c.emoji?.name === '👎').custom_id;
      // Another connection holds the ratings table for 2.5 s: the vote waits, asynchronously.
      await other.connect();
      await other.query('BEGIN');
      await other.query('LOCK TABLE ratings IN EXCLUSIVE MODE');
      const t0 = Date.now();
      const i = ph.fake.buttonClick({ message: answer, customId: down, user: bob });
      const deferral = await ph.fake.waitFor(() => ph.fake.messagesFor(i).find((m) => m.callbackType === 5), 5000, 'a deferral');
      expect(deferral.at - t0).toBeLessThan(3000);
      expect(deferral.flags & EPHEMERAL).toBe(EPHEMERAL);
      await new Promise((r) => setTimeout(r, Math.max(0, 2500 - (Date.now() - t0))));
      await other.query('COMMIT');
      const edit = await ph.fake.waitFor(() => ph.fake.messagesFor(i).find((m) => m.via === 'edit'), 8000, 'the edit');
      expect(edit.content).toMatch(/Thanks: noted 👎/);
    } finally {
      await other.end().catch(() => undefined);
      await ph.close();
      await pgStore.close();
    }
  }, 60_000);
});
