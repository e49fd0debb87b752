/**
 * /timeline in Slack: pages with earlier/later buttons whose values carry the state (a click is answered
 * from the value alone), `from:`/`to:` bounds in the text, and the App Home tab.
 */
import { mkdtempSync, readdirSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTimelineState, encodeTimelineState } from '../../src/timeline/state.js';
import { parseTimelineText } from '../../adapters/slack/timeline.js';
import { CHRONICLE, TOTAL_EVENTS } from '../timeline/fixture.js';
import { blockActionsBody, blockProblems, eventCallback, FakeSlack, postSigned, slashCommandBody, type RecordedCall } from './fake-slack.js';
import { CORPUS_DIR, memoryLogger, openEngine, SIGNING_SECRET, startAdapter, type Harness, type OpenEngine } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded';
let fake: FakeSlack;
let h: Harness;
let opened: OpenEngine;
let corpus: string;
let seq = 0;

beforeAll(async () => {
  corpus = mkdtempSync(path.join(os.tmpdir(), 'quotebot-slack-timeline-'));
  for (const f of readdirSync(CORPUS_DIR)) copyFileSync(path.join(CORPUS_DIR, f), path.join(corpus, f));
  for (const [name, text] of Object.entries(CHRONICLE)) writeFileSync(path.join(corpus, name), text);
  fake = await FakeSlack.start({ users: { UFR: { locale: 'fr-FR' }, UEN: { locale: 'en-US' } } });
  opened = await openEngine(memoryLogger().logger, corpus);
  h = await startAdapter(fake, opened.engine, {}, { max: 1000, windowMs: 1000 });
}, 20_000);

afterAll(async () => {
  await h?.adapter.stop();
  await fake?.close();
  await opened?.cleanup();
  rmSync(corpus, { recursive: true, force: true });
});

async function timeline(text: string, user = 'UEN'): Promise<RecordedCall> {
  const id = `t${++seq}`;
  const res = await postSigned(h.eventsUrl, slashCommandBody({ command: '/timeline', text, user_id: user, response_url: fake.responseUrl(id) }), FORM, SIGNING_SECRET);
  expect(res.status).toBe(200);
  return fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id);
}

async function click(action_id: string, value: string, user = 'UEN'): Promise<RecordedCall> {
  const id = `c${++seq}`;
  const res = await postSigned(h.eventsUrl, blockActionsBody({ user_id: user, action_id, value, response_url: fake.responseUrl(id) }), FORM, SIGNING_SECRET);
  expect(res.status).toBe(200);
  return fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id);
}

type Block = { type: string; text?: { text: string }; elements?: { text: string; action_id?: string; value?: string }[] };
const blocks = (c: RecordedCall) => c.body.blocks as Block[];
const isoDates = (c: RecordedCall) => blocks(c).filter((b) => b.type === 'section').map((b) => /\(`([0-9T:-]+)`\)/.exec(b.text!.text)?.[1]);
const buttons = (c: RecordedCall) => blocks(c).find((b) => b.type === 'actions')?.elements ?? [];
const pageLine = (c: RecordedCall) => blocks(c).filter((b) => b.type === 'context').at(-1)!.elements![0]!.text;

describe('Slack /timeline', () => {
  it('parses from:/to: (du:/au:) anywhere in the text, the rest is the filter', () => {
    expect(parseTimelineText('tramway from:2024 to:2025-06')).toEqual({ query: 'tramway', range: { from: '2024', to: '2025-06' } });
    expect(parseTimelineText('du:2024-02 ultimatum au:2026')).toEqual({ query: 'ultimatum', range: { from: '2024-02', to: '2026' } });
    expect(parseTimelineText('')).toEqual({ range: {} });
  });

  it('pages through every event with the buttons, replacing the message, in calendar order', async () => {
    let call = await timeline('');
    expect(blockProblems(call.body.blocks)).toEqual([]);
    expect(pageLine(call)).toBe(`Events 1–8 of ${TOTAL_EVENTS} · page 1/3`);
    expect(buttons(call).map((b) => b.action_id)).toEqual(['qbtl_later']);
    const seen = [...isoDates(call)];
    for (let page = 2; page <= 3; page++) {
      const later = buttons(call).find((b) => b.action_id === 'qbtl_later')!;
      call = await click(later.action_id!, later.value!);
      expect(call.body.replace_original).toBe(true);
      expect(blockProblems(call.body.blocks)).toEqual([]);
      expect(pageLine(call)).toContain(`page ${page}/3`);
      seen.push(...isoDates(call));
    }
    expect(seen).toHaveLength(TOTAL_EVENTS);
    expect([...seen].sort()).toEqual(seen);
    expect(buttons(call).map((b) => b.action_id)).toEqual(['qbtl_earlier']);
  });

  it('answers a click from its value alone, with the range and the filter it carries', async () => {
    const call = await click('qbtl_later', encodeTimelineState({ page: 1, from: '2024', to: '2025-06' }, 2000));
    expect(pageLine(call)).toBe('Events 9–15 of 15 · page 2/2 · from 2024 to 2025-06');
    expect(decodeTimelineState(buttons(call)[0]!.value!)).toEqual({ page: 0, from: '2024', to: '2025-06' });
  });

  it('applies from:/to: and refuses a bound that is not a date, privately', async () => {
    const call = await timeline('from:2024-11 to:2025-01');
    expect(isoDates(call)).toEqual(['2024-11-19', '2024-12-02', '2025-01-20']);
    const bad = await timeline('from:demain', 'UFR');
    expect(bad.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(bad.body.blocks)).toContain('« demain » n’est pas une date');
  });
});

describe('Slack App Home', () => {
  it('publishes the help and the corpus status in the user language when the Home tab is opened', async () => {
    const event = { type: 'app_home_opened', user: 'UFR', channel: 'D0HOME', tab: 'home', event_ts: '1712345678.000100' };
    const res = await postSigned(h.eventsUrl, JSON.stringify(eventCallback(event)), 'application/json', SIGNING_SECRET);
    expect(res.status).toBe(200);
    const call = await fake.waitForCall((c) => c.method === 'views.publish');
    expect(call.body.user_id).toBe('UFR');
    const view = call.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(blockProblems(view.blocks)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Je réponds en citant mot pour mot');
    expect(text).toContain(`*${opened.engine.status().documents}* documents`);
    expect(text).toContain(opened.engine.status().version);
  });
});

describe('Slack timeline picture', () => {
  async function timelineIn(channel: string, text: string): Promise<string> {
    const id = `p${++seq}`;
    const res = await postSigned(h.eventsUrl, slashCommandBody({ command: '/timeline', text, user_id: 'UEN', channel_id: channel, response_url: fake.responseUrl(id) }), FORM, SIGNING_SECRET);
    expect(res.status).toBe(200);
    return id;
  }

  it('posts the picture of the first page in the channel with image:yes', async () => {
    const id = await timelineIn('C0PIC', 'image:yes from:2024');
    const page = await fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id);
    expect(pageLine(page)).toMatch(/^Events 1–8 of \d+ · page 1\/\d · from 2024$/);
    const done = await fake.waitForCall((c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === 'C0PIC', 15_000);
    const fileId = (done.body.files as { id: string }[])[0]!.id;
    expect(fake.uploads.get(fileId)!.subarray(1, 4).toString()).toBe('PNG');
  });

  it('tells the asker why there is no picture when the bot is not in the channel', async () => {
    const id = await timelineIn('CNOTIN1', 'image:yes');
    await fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id);
    const notice = await fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id && c.body.response_type === 'ephemeral' && String(c.body.text).includes('invite'), 15_000);
    expect(notice.body.replace_original).toBe(false);
  });
});
