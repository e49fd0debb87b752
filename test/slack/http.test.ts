/**
 * The Slack adapter in HTTP mode: real @slack/bolt receives requests signed like Slack's and talks to a fake
 * Web API and fake response URLs on 127.0.0.1; the bot core and the answer engine are the real ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bot, type QuestionEngine } from '../../src/bot.js';
import { blockProblems, eventCallback, FakeSlack, postSigned, slashCommandBody, type RecordedCall } from './fake-slack.js';
import { SLACK_METHOD_SCOPES, SlackAdapter } from '../../adapters/slack/adapter.js';
import { CORPUS_DIR, slackConfig, openEngine, memoryLogger, SIGNING_SECRET, startAdapter, type Harness, type OpenEngine } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded' as const;
const JSON_CT = 'application/json' as const;

let fake: FakeSlack;
let opened: OpenEngine;
let engine: QuestionEngine;
let h: Harness;
let seq = 0;

const slackConfigOf = () => slackConfig(fake);

/** Sends `/cmd text` as `user` and returns the HTTP answer and the response_url id it will be answered on. */
async function slash(command: string, text: string, user: string, opts: { timestamp?: number; signature?: string } = {}) {
  const id = `r${++seq}`;
  const body = slashCommandBody({ command, text, user_id: user, response_url: fake.responseUrl(id) });
  const res = await postSigned(h.eventsUrl, body, FORM, SIGNING_SECRET, opts);
  return { res, id };
}

/** Waits for the response_url post of a slash command. */
function responseOf(id: string): Promise<RecordedCall> {
  return fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id);
}

/** Everything a message shows, as one string. */
function shown(body: Record<string, unknown>): string {
  return JSON.stringify({ text: body.text, blocks: body.blocks });
}

function sectionTexts(body: Record<string, unknown>): string[] {
  return (body.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').map((b) => b.text!.text);
}

beforeAll(async () => {
  fake = await FakeSlack.start({
    users: { UADMIN: { is_admin: true, locale: 'fr-FR' }, UOWNER: { is_owner: true, locale: 'en-US' }, UMEMBER: { locale: 'en-US' }, UADMIN2: { is_admin: true } },
  });
  opened = await openEngine(memoryLogger().logger);
  engine = opened.engine;
  h = await startAdapter(fake, engine);
});

afterAll(async () => {
  await h?.adapter.stop();
  await fake?.close();
  await opened?.cleanup();
});

describe('Slack HTTP mode', () => {
  it('verified the token with auth.test and listens on the bound port', () => {
    expect(fake.callsOf('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(h.adapter.port).toBeGreaterThan(0);
    expect(h.adapter.isConnected()).toBe(true);
  });

  it('answers url_verification with the challenge', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'ch-4242', type: 'url_verification' });
    const res = await postSigned(h.eventsUrl, body, JSON_CT, SIGNING_SECRET);
    expect(res.status).toBe(200);
    expect(res.text).toContain('ch-4242');
  });

  it('acknowledges /ask at once and answers in the channel with the quote, its dates and its source', async () => {
    const { res, id } = await slash('/ask', "À quelle date l'ultimatum a-t-il été fixé ?", 'UASK1');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.ms).toBeLessThan(1500);
    const call = await responseOf(id);
    expect(call.body.response_type).toBe('in_channel');
    expect(blockProblems(call.body.blocks)).toEqual([]);
    const sections = sectionTexts(call.body);
    // The best quote, as a block quote, with the answering span in bold.
    expect(sections[0]).toMatch(/^>/);
    expect(sections[0]).toContain('ultimatum');
    expect(sections[0]).toMatch(/\*[^*]*24 février 2026[^*]*\*/);
    // Its dates: ISO and a human form in the question's language.
    expect(shown(call.body)).toContain('`2026-02-24`');
    expect(shown(call.body)).toContain('mardi 24 février 2026');
    // The source line: title, published date, paragraph.
    const ctx = JSON.stringify(call.body.blocks);
    expect(ctx).toContain('Anthropic, le Pentagone et OpenAI');
    expect(ctx).toContain('publié le lundi 9 mars 2026');
    expect(ctx).toMatch(/paragraphe \d+/);
  });

  it('answers privately when privateByDefault is set', async () => {
    const priv = await startAdapter(fake, engine, { privateByDefault: true });
    try {
      const id = `p${++seq}`;
      const body = slashCommandBody({ command: '/ask', text: "Quand l'ultimatum a-t-il été fixé ?", user_id: 'UASK2', response_url: fake.responseUrl(id) });
      const res = await postSigned(priv.eventsUrl, body, FORM, SIGNING_SECRET);
      expect(res.status).toBe(200);
      const call = await responseOf(id);
      expect(call.body.response_type).toBe('ephemeral');
      expect(shown(call.body)).toContain('ultimatum');
    } finally {
      await priv.adapter.stop();
    }
  });

  it('shows help for /ask without text, in the user locale, privately', async () => {
    const { res, id } = await slash('/ask', '   ', 'UADMIN');
    expect(res.status).toBe(200);
    const call = await responseOf(id);
    expect(call.body.response_type).toBe('ephemeral');
    expect(shown(call.body)).toContain('Je réponds en citant mot pour mot');
  });

  it('declines a question the corpus does not cover, politely and in its language', async () => {
    const { id } = await slash('/ask', 'What is the recipe for a chocolate soufflé?', 'UASK3');
    const call = await responseOf(id);
    expect(call.body.response_type).toBe('ephemeral');
    expect(shown(call.body)).toContain("The corpus doesn't cover that");
  });

  it('reads Slack markup in questions: mentions and broadcasts dropped, entities decoded', async () => {
    // What Slack sends when a user types "@channel @someone quand l'ultimatum…"
    const { id } = await slash('/ask', "<!channel> <@U123|someone> quand l'ultimatum a-t-il été fixé ?", 'UASK4');
    const call = await responseOf(id);
    const all = shown(call.body);
    expect(all).toContain('24 février 2026');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U123');
  });

  it('renders <!channel> or <@U123> typed literally by a user inert', async () => {
    // What Slack sends when a user types the characters "<!channel>" and "<@U123>": entities.
    const { id } = await slash('/ask', "quand Hegseth a-t-il fixé l'ultimatum &lt;!channel&gt; ?", 'UASK5');
    const call = await responseOf(id);
    const all = shown(call.body);
    expect(all).toContain('24 février 2026');
    expect(all).not.toContain('<!channel>');
    // The question is echoed, escaped: Slack shows the characters, nothing is notified.
    expect(all).toContain('&lt;!channel&gt;');
    // A literal "<@U123>" makes the engine decline: the decline does not echo it.
    const other = await slash('/ask', "quand Hegseth a-t-il fixé l'ultimatum &lt;@U123&gt; ?", 'UASK5');
    expect(shown((await responseOf(other.id)).body)).not.toContain('<@U123>');
  });

  it('renders <!channel> and <@U123> in corpus text inert', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quotebot-slack-corpus-'));
    for (const f of readdirSync(CORPUS_DIR)) if (/\.(md|ya?ml)$/.test(f)) copyFileSync(path.join(CORPUS_DIR, f), path.join(dir, f));
    writeFileSync(
      // Plain text, so that the characters stay in the quote (Markdown would drop `<!channel>` as inline HTML).
      path.join(dir, 'markup.txt'),
      [
        '---',
        'id: markup-minutes',
        'title: "Minutes <!here> & notes"',
        'published: 2026-03-10',
        'language: en',
        'source: https://example.org/minutes?a=1&b=2',
        '---',
        'On 3 March 2026, the lighthouse council wrote <!channel> and <@U123> in its minutes & adjourned the lighthouse meeting.',
        '',
      ].join('\n'),
    );
    const other = await openEngine(memoryLogger().logger, dir);
    const markup = await startAdapter(fake, other.engine);
    try {
      const id = `k${++seq}`;
      const body = slashCommandBody({ command: '/ask', text: 'When did the lighthouse council adjourn the lighthouse meeting?', user_id: 'UASK6', response_url: fake.responseUrl(id) });
      expect((await postSigned(markup.eventsUrl, body, FORM, SIGNING_SECRET)).status).toBe(200);
      const call = await responseOf(id);
      const all = shown(call.body);
      expect(all).toContain('lighthouse council');
      for (const raw of ['<!channel>', '<@U123>', '<!here>']) expect(all).not.toContain(raw);
      expect(all).toContain('&lt;!channel&gt; and &lt;@U123&gt;');
      expect(all).toContain('<https://example.org/minutes?a=1&amp;b=2|Minutes &lt;!here&gt; &amp; notes>');
      expect(blockProblems(call.body.blocks)).toEqual([]);
    } finally {
      await markup.adapter.stop();
      await other.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers a mention in a thread under the mention', async () => {
    const event = { type: 'app_mention', user: 'UMENT1', text: "<@UBOT> quand l'ultimatum a-t-il été fixé ?", ts: '1712345678.000200', channel: 'C0002', event_ts: '1712345678.000200' };
    const res = await postSigned(h.eventsUrl, JSON.stringify(eventCallback(event)), JSON_CT, SIGNING_SECRET);
    expect(res.status).toBe(200);
    const call = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0002');
    expect(call.authorization).toBe(`Bearer ${fake.botToken}`);
    expect(call.body.thread_ts).toBe('1712345678.000200');
    expect(shown(call.body)).toContain('ultimatum');
    expect(shown(call.body)).not.toContain('UBOT');
  });

  it('declines a mention the corpus does not cover privately, in the thread (as the README says)', async () => {
    const event = { type: 'app_mention', user: 'UMENT2', text: '<@UBOT> what is the recipe of the tarte tatin?', ts: '1712345678.000900', channel: 'C0009', event_ts: '1712345678.000900' };
    const res = await postSigned(h.eventsUrl, JSON.stringify(eventCallback(event)), JSON_CT, SIGNING_SECRET);
    expect(res.status).toBe(200);
    const call = await fake.waitForCall((c) => c.body.channel === 'C0009');
    expect(call.method).toBe('chat.postEphemeral');
    expect(call.body.user).toBe('UMENT2');
    expect(call.body.thread_ts).toBe('1712345678.000900');
    expect(shown(call.body)).toContain("The corpus doesn't cover that");
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0009')).toEqual([]);
  });

  it('answers a direct message directly (no thread) and ignores bot messages', async () => {
    const dm = { type: 'message', channel_type: 'im', channel: 'D0003', user: 'UDM1', text: "Quand l'ultimatum a-t-il été fixé ?", ts: '1712345679.000300', event_ts: '1712345679.000300' };
    const fromBot = { type: 'message', channel_type: 'im', channel: 'D0004', bot_id: 'BOTHER', user: 'UOTHERBOT', text: 'ultimatum ?', ts: '1712345680.000100', event_ts: '1712345680.000100' };
    const ourselves = { type: 'message', channel_type: 'im', channel: 'D0004', bot_id: 'BBOT', user: 'UBOT', text: 'ultimatum ?', ts: '1712345680.000200', event_ts: '1712345680.000200' };
    for (const e of [fromBot, ourselves, dm]) {
      const res = await postSigned(h.eventsUrl, JSON.stringify(eventCallback(e)), JSON_CT, SIGNING_SECRET);
      expect(res.status).toBe(200);
    }
    const call = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0003');
    expect(call.body.thread_ts).toBeUndefined();
    expect(shown(call.body)).toContain('ultimatum');
    // The DM was sent last: once it is answered, the two bot messages have been handled, without a reply.
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls.filter((c) => c.body.channel === 'D0004')).toEqual([]);
  });

  it('refuses a bad signature and a stale timestamp with 401, sending nothing', async () => {
    const before = fake.calls.length;
    const bad = await slash('/ask', "quand l'ultimatum ?", 'UEVIL', { signature: 'v0=' + '0'.repeat(64) });
    expect(bad.res.status).toBe(401);
    const stale = await slash('/ask', "quand l'ultimatum ?", 'UEVIL', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.res.status).toBe(401);
    const mention = { type: 'app_mention', user: 'UEVIL', text: '<@UBOT> ultimatum', ts: '1.2', channel: 'C0666', event_ts: '1.2' };
    const badEvent = await postSigned(h.eventsUrl, JSON.stringify(eventCallback(mention)), JSON_CT, 'wrong-secret');
    expect(badEvent.status).toBe(401);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.calls.slice(before)).toEqual([]);
  });

  it('allows /corpus refresh and status for an admin and refuses a member', async () => {
    const ok = await slash('/corpus', 'refresh', 'UADMIN');
    expect(ok.res.status).toBe(200);
    const okCall = await responseOf(ok.id);
    expect(okCall.body.response_type).toBe('ephemeral');
    expect(shown(okCall.body)).toContain('Corpus rechargé');
    expect(shown(okCall.body)).toMatch(/documents: \d+ · passages: \d+/);

    const st = await slash('/corpus', 'status', 'UOWNER');
    const stCall = await responseOf(st.id);
    expect(shown(stCall.body)).toContain('Corpus status');

    const no = await slash('/corpus', 'refresh', 'UMEMBER');
    const noCall = await responseOf(no.id);
    expect(noCall.body.response_type).toBe('ephemeral');
    expect(shown(noCall.body)).toContain('This command is for moderators only.');
    // users.info was asked (admin flags), and cached: one call per user at most.
    const infos = fake.callsOf('users.info').filter((c) => c.body.user === 'UADMIN');
    expect(infos.length).toBe(1);
  });

  it('uses SLACK_MODERATOR_IDS instead of admin flags when set', async () => {
    const mods = await startAdapter(fake, engine, { moderatorIds: ['UMEMBER'] });
    try {
      const post = async (user: string) => {
        const id = `m${++seq}`;
        const body = slashCommandBody({ command: '/corpus', text: 'status', user_id: user, response_url: fake.responseUrl(id) });
        expect((await postSigned(mods.eventsUrl, body, FORM, SIGNING_SECRET)).status).toBe(200);
        return shown((await responseOf(id)).body);
      };
      expect(await post('UMEMBER')).toContain('Corpus status');
      expect(await post('UADMIN')).toContain('Cette commande est réservée aux modérateurs.');
    } finally {
      await mods.adapter.stop();
    }
  });

  it('rate limits a user with a friendly ephemeral message', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await slash('/ask', "quand l'ultimatum a-t-il été fixé ?", 'URATE')).id);
    const last = await responseOf(ids[3]!);
    expect(last.body.response_type).toBe('ephemeral');
    expect(shown(last.body)).toMatch(/You can ask again in \d+ s/);
  });

  it('logs Web API failures (429 with Retry-After, errors) and keeps answering', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    const m1 = { type: 'app_mention', user: 'UERR1', text: "<@UBOT> quand l'ultimatum ?", ts: '1712345690.000100', channel: 'C0429', event_ts: '1712345690.000100' };
    expect((await postSigned(h.eventsUrl, JSON.stringify(eventCallback(m1)), JSON_CT, SIGNING_SECRET)).status).toBe(200);
    await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0429');
    fake.fail('response_url', { status: 500 });
    const { id } = await slash('/ask', "quand l'ultimatum ?", 'UERR2');
    await responseOf(id);
    // Both failures are logged as undelivered replies, and the adapter still answers.
    const failed = () => h.logs().filter((l) => l.msg === 'Slack API call failed; reply not delivered');
    await expect.poll(() => failed().length).toBe(2);
    expect(JSON.stringify(failed()[0]!.err)).toMatch(/rate limit was exceeded.*retry-after: 0/);
    expect(failed()[1]!.method).toBe('respond');
    const m2 = { ...m1, user: 'UERR3', ts: '1712345691.000100', event_ts: '1712345691.000100', channel: 'C0430' };
    expect((await postSigned(h.eventsUrl, JSON.stringify(eventCallback(m2)), JSON_CT, SIGNING_SECRET)).status).toBe(200);
    const ok = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0430');
    expect(shown(ok.body)).toContain('ultimatum');
    expect(h.adapter.isConnected()).toBe(true);
  });

  it('answers /timeline with dated passages in calendar order', async () => {
    const { res, id } = await slash('/timeline', '', 'UTIME1');
    expect(res.status).toBe(200);
    const call = await responseOf(id);
    expect(blockProblems(call.body.blocks)).toEqual([]);
    const isos = [...shown(call.body).matchAll(/`(\d{4}(?:-\d{2}){0,2}(?:T\d{2}:\d{2})?)`/g)].map((m) => m[1]!);
    expect(isos.length).toBeGreaterThanOrEqual(3);
    expect([...isos].sort()).toEqual(isos);
    expect(isos).toContain('2026-02-24');
  });

  it('only calls Web API methods whose scopes the manifest asks for', () => {
    const used = new Set(fake.calls.map((c) => c.method).filter((m) => m !== 'response_url'));
    for (const m of used) expect(Object.keys(SLACK_METHOD_SCOPES)).toContain(m);
  });

  it('fails to start with a clear error on a refused token or a busy port', async () => {
    const { logger } = memoryLogger();
    const bot = new Bot({ engine, logger });
    const badToken = new SlackAdapter({ bot, logger, config: { ...slackConfigOf(), botToken: 'xoxb-wrong' }, tuning: { retries: 0, host: '127.0.0.1' } });
    await expect(badToken.start()).rejects.toThrow(/auth\.test failed.*invalid_auth/);
    expect(badToken.isConnected()).toBe(false);
    const busy = new SlackAdapter({ bot, logger, config: { ...slackConfigOf(), port: h.adapter.port! }, tuning: { retries: 0, host: '127.0.0.1' } });
    await expect(busy.start()).rejects.toThrow(new RegExp(`cannot listen on SLACK_PORT=${h.adapter.port}.*EADDRINUSE`));
    expect(busy.isConnected()).toBe(false);
    await busy.stop();
  });

  it('survives a failing users.info: answers questions, refuses moderation it cannot verify', async () => {
    fake.fail('users.info', { status: 429, retryAfter: 0, times: 1 });
    const st = await slash('/corpus', 'status', 'UADMIN2');
    expect(shown((await responseOf(st.id)).body)).toContain('moderators only');
    await expect.poll(() => h.logs().some((l) => l.msg === 'Slack users.info failed' && l.userId === 'UADMIN2')).toBe(true);
    fake.fail('users.info', { error: 'missing_scope', times: 1 });
    const ask = await slash('/ask', "Quand l'ultimatum a-t-il été fixé ?", 'UNOINFO');
    expect(shown((await responseOf(ask.id)).body)).toContain('24 février 2026');
  });
});
