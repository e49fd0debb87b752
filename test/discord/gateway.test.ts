/**
 * End to end: the real discord.js client, driven through the full gateway path by the fake Discord on
 * 127.0.0.1, with the real bot core and the real engine on a copy of the bundled corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { makeCacheDir, makeCorpus, removeTempDirs, startHarness, type Harness } from './harness.js';
import { LIMITS, OptionType, snowflake, validateMessage, type FakeMessage } from './fake-discord.js';
import { MAX_SENTENCE_CHARS } from '../../src/text/chunk.js';

const EPHEMERAL = 64;
const MANAGE_GUILD = String(1 << 5);
const MEMBER = '1024';

/** A long document: one paragraph far beyond an embed, full of Discord markup. */
const LONG_DOC = `---
id: zeppelin-long
title: "Le **grand** défilé [piège](https://evil.example) du zeppelin"
published: 2026-01-20
language: fr
source: https://example.org/zeppelin
---
Le défilé du zeppelin Hindenbourg a eu lieu le 12 janvier 2026 au-dessus de Lyon, devant une foule immense. ${'et les *spectateurs* ont _applaudi_ le ~~dirigeable~~ `géant` @everyone <@123456789012345678> puis ||longtemps|| commenté [ce](http://x) spectacle, '.repeat(70)}jusqu'au soir.
`;

let h: Harness;
let corpusDir: string;

function ask(question: string, extra: { private?: boolean; locale?: string; user?: { id: string; username: string } } = {}) {
  const options: { name: string; type: number; value: string | boolean }[] = [{ name: 'question', type: OptionType.String, value: question }];
  if (extra.private) options.push({ name: 'private', type: OptionType.Boolean, value: true });
  return h.fake.slashCommand({ name: 'ask', options, locale: extra.locale, user: extra.user });
}

beforeAll(async () => {
  // Plain text: its markup characters stay in the quote (Markdown would drop them).
  corpusDir = makeCorpus({ 'zeppelin.txt': LONG_DOC });
  const logger = createLogger('silent');
  const engine = await Engine.open({ corpusDir, cacheDir: makeCacheDir(), logger });
  h = await startHarness({ engine, rateLimit: { max: 3, windowMs: 30_000 }, heartbeatInterval: 200 });
}, 20_000);

afterAll(async () => {
  await h?.close();
  removeTempDirs();
});

describe('login', () => {
  it('logs in with the token, identifies on the gateway and is ready', () => {
    expect(h.adapter.isConnected()).toBe(true);
    const gw = h.fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gw?.headers.authorization).toBe(`Bot ${h.fake.token}`);
    expect(h.fake.gatewayLog.filter((e) => e.op === 'identify')).toHaveLength(1);
    expect(h.adapter.discord?.guilds.cache.has(h.fake.guildId)).toBe(true);
  });
});

describe('/ask', () => {
  it('answers with one embed (quote with bold span, dates, source), pinging nobody, within 3 s', async () => {
    const t0 = Date.now();
    const i = ask('When was the ultimatum?');
    const m = await h.fake.answerFor(i);
    expect(m.at - t0).toBeLessThan(3000);
    // Deferred (publicly) before the question was queued, then the deferral edited with the answer.
    const [first] = h.fake.messagesFor(i);
    expect(first).toMatchObject({ via: 'callback', callbackType: 5, flags: 0 });
    expect(m.via).toBe('edit');
    expect(m.flags & EPHEMERAL).toBe(0);
    expect(m.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(m.embeds).toHaveLength(1);
    const e = m.embeds[0];
    expect(e.description).toMatch(/^> /);
    expect(e.description).toContain('ultimatum');
    expect(e.description).toMatch(/\*\*[^*]+\*\*/);
    const names = e.fields.map((f: { name: string }) => f.name);
    expect(names).toContain('Dates');
    expect(names).toContain('Source');
    const dates = e.fields.find((f: { name: string }) => f.name === 'Dates').value;
    expect(dates).toMatch(/`2026-02-2\d/);
    expect(dates).toMatch(/February/);
    const source = e.fields.find((f: { name: string }) => f.name === 'Source').value;
    expect(source).toContain('Anthropic, le Pentagone et OpenAI');
    expect(source).toMatch(/paragraph \d+/);
  });

  it('answers privately (ephemeral) with private:true', async () => {
    const m = await h.fake.answerFor(ask("Quand l'ultimatum a-t-il été fixé ?", { private: true, locale: 'fr' }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.embeds).toHaveLength(1);
    expect(m.embeds[0].fields.map((f: { name: string }) => f.name)).toContain('Source');
  });

  it('declines an uncovered question politely, in its language', async () => {
    const fr = await h.fake.answerFor(ask('Quelle est la recette de la tarte Tatin ?', { locale: 'fr' }));
    expect(fr.embeds).toHaveLength(0);
    expect(fr.content).toMatch(/^Le corpus ne couvre pas cette question/);
    const en = await h.fake.answerFor(ask('What is the recipe for apple pie?'));
    expect(en.content).toMatch(/^The corpus doesn't cover that/);
  });

  it('pings nobody for a question containing @everyone, @here and mentions', async () => {
    const q = '@everyone @here <@123456789012345678> <@&987654321098765432> when was the ultimatum?';
    const m = await h.fake.answerFor(ask(q));
    expect(m.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(m.embeds).toHaveLength(1);
    // Whatever is echoed cannot render as a mention either.
    expect(JSON.stringify([m.content ?? '', m.embeds])).not.toMatch(/(?<!\\\\)<@/);
  });

  it('answers from a sentence too long for one embed within every limit (cut at index time), markup escaped', async () => {
    const m = await h.fake.answerFor(ask('Quand a eu lieu le défilé du zeppelin ?', { locale: 'fr' }));
    const best = (await h.engine.ask('Quand a eu lieu le défilé du zeppelin ?')).passages[0]!;
    // The 10,000-character sentence is cut into passages of at most MAX_SENTENCE_CHARS when indexed (the
    // renderer's own trimming at word boundaries is tested in render.test.ts).
    expect(best.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(best.text).toContain('Le défilé du zeppelin Hindenbourg a eu lieu le 12 janvier 2026');
    const e = m.embeds[0];
    expect(validateMessage({ embeds: m.embeds })).toBeNull();
    expect(e.description.length).toBeLessThanOrEqual(LIMITS.description);
    // Corpus markup is escaped: no raw bold, link or spoiler from the text.
    expect(e.description).toContain('\\*spectateurs\\*');
    expect(e.description).toContain('\\[ce\\]\\(http://x\\)');
    expect(e.description).toContain('\\<@123456789012345678\\>');
    expect(e.url).toBe('https://example.org/zeppelin');
    const source = e.fields.find((f: { name: string }) => f.name === 'Source').value as string;
    expect(source).toContain('Le \\*\\*grand\\*\\* défilé \\[piège\\]\\(https://evil.example\\) du zeppelin');
    expect(h.fake.rejected).toHaveLength(0);
  });

  it('rate-limits a user with a friendly ephemeral message', async () => {
    const user = { id: snowflake(), username: 'eager' };
    for (let n = 0; n < 3; n++) {
      const ok = await h.fake.answerFor(ask('When was the ultimatum?', { user }));
      expect(ok.embeds).toHaveLength(1);
    }
    const limited = await h.fake.answerFor(ask('When was the ultimatum?', { user }));
    expect(limited.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(limited.content).toMatch(/^Easy there 🙂 You can ask again in \d+ s\.$/);
  });
});

describe('mentions', () => {
  it('answers "@Bot question" in a channel as a reply to that message, pinging nobody', async () => {
    h.fake.message({ content: 'no mention here, when was the ultimatum?' });
    const sent = h.fake.message({ content: `<@${h.fake.botUser.id}> when was the ultimatum? @everyone`, mentionBot: true });
    const m = await h.fake.waitFor(() => h.fake.messages.find((x) => x.via === 'channel' && x.message_reference?.message_id === sent.id));
    expect(m.target).toBe(h.fake.channelId);
    expect(m.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(m.embeds).toHaveLength(1);
    expect(m.embeds[0].description).toContain('ultimatum');
    // The message without a mention got no reply.
    expect(h.fake.messages.filter((x) => x.via === 'channel' && x.target === h.fake.channelId)).toHaveLength(1);
  });

  it('answers a direct message without a mention', async () => {
    const sent = h.fake.message({ content: "Quand l'ultimatum a-t-il été fixé ?", dm: true });
    const m = await h.fake.waitFor(() => h.fake.messages.find((x) => x.message_reference?.message_id === sent.id));
    expect(m.target).toBe(sent.channelId);
    expect(m.embeds[0].fields.map((f: { name: string }) => f.name)).toContain('Source');
    expect(m.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe('/timeline and /help', () => {
  it('lists dated passages in calendar order', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline', locale: 'fr' }));
    const d = m.embeds[0].description as string;
    const isos = [...d.matchAll(/\(`(\d{4}(?:-\d\d){0,2})/g)].map((x) => x[1]!);
    expect(isos.length).toBeGreaterThan(2);
    expect([...isos].sort()).toEqual(isos);
    expect(m.embeds[0].title).toBe('Chronologie');
  });

  it('shows help, ephemeral, in the user locale', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'help', locale: 'fr' }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.content).toMatch(/^Je réponds en citant/);
  });
});

describe('/corpus (moderators)', () => {
  it('refuses a member with an ephemeral message', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'refresh', permissions: MEMBER, locale: 'fr' }));
    expect(m.callbackType).toBe(4);
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.content).toBe('Cette commande est réservée aux modérateurs.');
  });

  it('lets a member with Manage Server refresh: deferred, then edited with the report', async () => {
    fs.writeFileSync(
      path.join(corpusDir, 'ajout.md'),
      '---\nid: ajout-test\ntitle: Ajout\npublished: 2026-03-10\nlanguage: fr\n---\nLe 10 mars 2026, un nouvel article a été ajouté au corpus de test.\n',
    );
    const i = h.fake.slashCommand({ name: 'corpus', subcommand: 'refresh', permissions: MANAGE_GUILD });
    const m = await h.fake.answerFor(i, 5000);
    const first = h.fake.messagesFor(i)[0]!;
    expect(first.callbackType).toBe(5);
    expect(first.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.via).toBe('edit');
    expect(m.embeds[0].title).toBe('Corpus refreshed');
    const added = m.embeds[0].fields.find((f: { name: string }) => f.name === '+').value;
    expect(added).toContain('ajout-test');
    const status = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'status', permissions: MANAGE_GUILD }));
    expect(status.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(status.embeds[0].fields.find((f: { name: string }) => f.name === 'Documents').value).toBe(String(h.engine.status().documents));
  });
});

describe('faults', () => {
  it('resumes after the gateway stops acknowledging heartbeats, then answers the next interaction', async () => {
    const resumesBefore = h.fake.gatewayLog.filter((e) => e.op === 'resume').length;
    h.fake.ackHeartbeats = false;
    await h.fake.waitFor(() => h.fake.gatewayLog.filter((e) => e.op === 'close').length > 0, 3000, 'the client to drop the zombie connection');
    h.fake.ackHeartbeats = true;
    await h.fake.waitFor(() => h.fake.gatewayLog.filter((e) => e.op === 'resume').length > resumesBefore, 3000, 'a RESUME');
    expect(h.fake.gatewayLog.filter((e) => e.op === 'identify')).toHaveLength(1);
    const m = await h.fake.answerFor(ask('When was the ultimatum?'));
    expect(m.embeds).toHaveLength(1);
    await h.fake.waitFor(() => h.adapter.isConnected(), 2000, 'isConnected');
  });

  it('honours a REST 429 retry_after, then delivers the answer', async () => {
    h.fake.injectFault({ method: 'POST', path: /\/callback$/, kind: 'rate_limit', retryAfter: 0.4 });
    const i = ask('When was the ultimatum?');
    const m = await h.fake.answerFor(i);
    const tries = h.fake.requests.filter((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
    expect(tries.map((r) => r.status)).toEqual([429, 204]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(400);
    expect(m.embeds).toHaveLength(1);
  });

  it('logs an "Unknown interaction" (10062) without crashing, and keeps answering', async () => {
    h.fake.injectFault({ method: 'POST', path: /\/callback$/, kind: 'unknown_interaction' });
    const i = ask('When was the ultimatum?');
    const line = await h.fake.waitFor(() => h.logs.find((l) => l.code === 10062 && l.interaction === i.id), 3000, 'the 10062 log line');
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(/Unknown interaction/);
    expect(h.fake.messagesFor(i)).toHaveLength(0);
    const next = await h.fake.answerFor(ask('When was the ultimatum?'));
    expect(next.embeds).toHaveLength(1);
    expect(h.adapter.isConnected()).toBe(true);
  });
});

describe('whole session', () => {
  it('sent nothing Discord would reject and logged no error', () => {
    expect(h.fake.rejected).toEqual([]);
    const all: FakeMessage[] = h.fake.messages;
    for (const m of all) if (m.flags >= 0) expect(m.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
