/**
 * Corpus changes from Slack, through real bolt (HTTP mode) against the fake Slack: `/corpus add <url>` (a local
 * web server), a file shared by a moderator in the bot's DM or in a message mentioning it (downloaded from the
 * fake's file host with the bot token), `/corpus list`, `/corpus remove <id>`; members are refused without
 * anything being fetched, and the bot token never leaves Slack's file host. A Word document shared in the DM
 * is quoted; an OpenDocument file named .docx is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAddOptions } from '../../adapters/slack/adapter.js';
import { CorpusManager } from '../../src/corpus/manage.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { makeDocx } from '../helpers/office.js';
import { makePdf } from '../helpers/pdf.js';
import { startWebServer, type WebServer } from '../helpers/web.js';
import { tempCorpus, type TempCorpus } from '../ops/helpers.js';
import { eventCallback, FakeSlack, postSigned, slashCommandBody, type RecordedCall } from './fake-slack.js';
import { SIGNING_SECRET, startAdapter, type Harness } from './helpers.js';

const PAGE = fs.readFileSync(new URL('../fixtures/documents/news-page.html', import.meta.url));
const QUESTION = 'Quand la médiathèque de Valbourg a-t-elle rouvert ses portes ?';
const PAGE_ID = 'la-mediatheque-de-valbourg-rouvre-ses-portes';

let fake: FakeSlack;
let web: WebServer;
let corpus: TempCorpus;
let engine: Engine;
let h: Harness;
let seq = 0;

beforeAll(async () => {
  fake = await FakeSlack.start({ users: { UADMIN: { is_admin: true, locale: 'en-US' }, UMEMBER: { locale: 'en-US' } } });
  web = await startWebServer({ '/culture/mediatheque': { body: PAGE, type: 'text/html; charset=utf-8' }, '/elsewhere/file.txt': { body: 'Some text.', type: 'text/plain' } });
  corpus = tempCorpus();
  const logger = createLogger('silent');
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger, watchMs: 0, useWorker: false });
  const manager = new CorpusManager({ corpusDir: corpus.corpusDir, engine, logger, fetch: { allowPrivate: ['127.0.0.1/32'] } });
  h = await startAdapter(fake, engine, {}, { max: 100, windowMs: 60_000 }, undefined, manager);
}, 30_000);

afterAll(async () => {
  await h?.adapter.stop();
  await fake?.close();
  await web?.close();
  await engine?.close();
  corpus?.cleanup();
});

async function slash(text: string, user: string, command = '/corpus'): Promise<RecordedCall> {
  const id = `c${++seq}`;
  const res = await postSigned(h.eventsUrl, slashCommandBody({ command, text, user_id: user, response_url: fake.responseUrl(id) }), 'application/x-www-form-urlencoded', SIGNING_SECRET);
  expect(res.status).toBe(200);
  return fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id, 60_000);
}

async function event(ev: Record<string, unknown>): Promise<void> {
  const res = await postSigned(h.eventsUrl, JSON.stringify(eventCallback(ev)), 'application/json', SIGNING_SECRET);
  expect(res.status).toBe(200);
}

const shown = (c: RecordedCall) => String(c.body.text ?? '');
const posts = (method: string, channel: string) => fake.calls.filter((c) => c.method === method && c.body.channel === channel);

describe('corpus changes from Slack', { timeout: 120_000 }, () => {
  it('reads add options written after the link or with a file', () => {
    expect(parseAddOptions('published=2026-01-02 language=FR title=The new pier')).toEqual({ published: '2026-01-02', language: 'fr', title: 'The new pier' });
    expect(parseAddOptions('nothing here')).toEqual({});
  });

  it('refuses /corpus add from a member without fetching the link', async () => {
    const hits = web.hits.length;
    const r = await slash(`add <${web.base}/culture/mediatheque>`, 'UMEMBER');
    expect(shown(r)).toMatch(/for moderators only/);
    expect(r.body.response_type).toBe('ephemeral');
    expect(web.hits.length).toBe(hits);
  });

  it('adds a web page with /corpus add <url>; /ask answers from it', async () => {
    const r = await slash(`add <${web.base}/culture/mediatheque|127.0.0.1/culture/mediatheque>`, 'UADMIN');
    expect(r.body.response_type).toBe('ephemeral');
    expect(shown(r)).toContain(`*Document added*: \`${PAGE_ID}\``);
    expect(shown(r)).toContain('published 2025-11-14');
    const a = await slash('Quand la médiathèque de Valbourg a-t-elle rouvert ses portes ?', 'UMEMBER', '/ask');
    expect(JSON.stringify(a.body.blocks)).toContain('12 novembre 2025');
  });

  it('adds a file a moderator shares in the bot’s DM, downloaded with the bot token', async () => {
    const file = fake.addFile('water report.pdf', makePdf([['Water board report'], ['The water board measured a leak rate of 14 percent in the northern network.']]), 'application/pdf');
    await event({ type: 'message', channel_type: 'im', subtype: 'file_share', channel: 'D0ADMIN', user: 'UADMIN', text: 'published=2026-01-15', ts: '1700000001.000100', files: [file] });
    const post = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0ADMIN', 60_000);
    expect(shown(post)).toContain('*Document added*: `water-report`');
    expect(shown(post)).toContain('published 2026-01-15');
    const download = fake.callsOf('file_download').at(-1)!;
    expect(download.authorization).toBe(`Bearer ${fake.botToken}`);
    expect(fs.existsSync(path.join(corpus.corpusDir, 'water-report.pdf'))).toBe(true);
    expect(engine.ask('What leak rate did the water board measure in the northern network?').passages[0]!.page).toBe(2);
  });

  it('adds a Word document shared in the bot’s DM; /ask quotes it; removed, it is declined', async () => {
    const q = 'How many beacons did the Fenwick coastguard install?';
    expect(engine.ask(q).answered).toBe(false);
    const bytes = await makeDocx({ title: 'Fenwick coastguard', heading: 'Beacons', paragraphs: ['The Fenwick coastguard installed twelve solar beacons along the estuary.'], furniture: true });
    const file = fake.addFile('coastguard.docx', bytes, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    await event({ type: 'message', channel_type: 'im', subtype: 'file_share', channel: 'D0DOCX', user: 'UADMIN', text: 'language=en', ts: '1700000001.000200', files: [file] });
    const post = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0DOCX', 60_000);
    expect(shown(post)).toContain('*Document added*: `coastguard`');
    expect(shown(post)).toContain('Fenwick coastguard');
    expect(fs.existsSync(path.join(corpus.corpusDir, 'coastguard.docx'))).toBe(true);
    const a = await slash(q, 'UMEMBER', '/ask');
    expect(JSON.stringify(a.body.blocks)).toContain('>The Fenwick coastguard installed *twelve* solar beacons along the estuary.');
    expect(JSON.stringify(a.body.blocks)).not.toContain('NEVERQUOTED');
    // An OpenDocument file named .docx is refused, and nothing changes.
    const odt = fake.addFile('renamed.docx', new Uint8Array(fs.readFileSync(new URL('../fixtures/documents/jetee-nord.odt', import.meta.url))), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    await event({ type: 'message', channel_type: 'im', subtype: 'file_share', channel: 'D0DOCX2', user: 'UADMIN', text: '', ts: '1700000001.000300', files: [odt] });
    const refused = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0DOCX2', 60_000);
    expect(shown(refused)).toMatch(/is an OpenDocument text \(\.odt\), not a Word document \(\.docx\)/);
    expect(fs.existsSync(path.join(corpus.corpusDir, 'renamed.odt'))).toBe(false);
    const r = await slash('remove coastguard', 'UADMIN');
    expect(shown(r)).toContain('*Document removed*: `coastguard`');
    expect(engine.ask(q).answered).toBe(false);
  });

  it('adds a file shared in a message mentioning the bot, replying to the moderator alone', async () => {
    const file = fake.addFile('pier.txt', new TextEncoder().encode('Pier works\n\nThe Ostrander shipyard will rebuild the north pier from 4 February 2026.\n'), 'text/plain');
    await event({ type: 'app_mention', channel: 'C0001', user: 'UADMIN', text: '<@UBOT> language=en', ts: '1700000002.000100', files: [file] });
    const post = await fake.waitForCall((c) => c.method === 'chat.postEphemeral' && c.body.channel === 'C0001' && shown(c).includes('pier'), 60_000);
    expect(post.body.user).toBe('UADMIN');
    expect(shown(post)).toContain('*Document added*: `pier`');
    expect(engine.ask('Which shipyard will rebuild the north pier?').answered).toBe(true);
  });

  it('refuses a member’s file without downloading it, and never sends the token to another host', async () => {
    const downloads = fake.callsOf('file_download').length;
    const file = fake.addFile('notes.txt', new TextEncoder().encode('Notes.'), 'text/plain');
    await event({ type: 'message', channel_type: 'im', subtype: 'file_share', channel: 'D0MEMBER', user: 'UMEMBER', text: '', ts: '1700000003.000100', files: [file] });
    const post = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0MEMBER', 10_000);
    expect(shown(post)).toMatch(/for moderators only/);
    expect(fake.callsOf('file_download').length).toBe(downloads);
    const hits = web.hits.length;
    const foreign = { id: 'FX', name: 'file.txt', mimetype: 'text/plain', size: 10, url_private_download: `${web.base}/elsewhere/file.txt` };
    await event({ type: 'message', channel_type: 'im', subtype: 'file_share', channel: 'D0ADMIN2', user: 'UADMIN', text: '', ts: '1700000004.000100', files: [foreign] });
    const refused = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0ADMIN2', 10_000);
    expect(shown(refused)).toMatch(/could not be downloaded\. \(127\.0\.0\.1 is not Slack.s file host\)/);
    expect(web.hits.length).toBe(hits);
  });

  it('lists the documents and removes one; the removed page is declined', async () => {
    const list = await slash('list', 'UADMIN');
    expect(shown(list)).toMatch(/\*Corpus documents \(4\) — page 1\/1\*/);
    expect(shown(list)).toContain(`\`${PAGE_ID}\``);
    expect(shown(list)).toMatch(/added by slack:UADMIN \(uadmin\)/);
    const r = await slash(`remove ${PAGE_ID}`, 'UADMIN');
    expect(shown(r)).toContain(`*Document removed*: \`${PAGE_ID}\``);
    expect(engine.ask(QUESTION).answered).toBe(false);
    expect(posts('chat.postMessage', 'C0001')).toHaveLength(0); // corpus reports never went to the channel
  });
});
