/**
 * `/corpus add|remove|list` through the real discord.js client against the fake Discord: an attachment
 * (downloaded from the fake's CDN) and a URL (a local web server) are added and answered from by `/ask`; the
 * ephemeral reply shows what was understood; `/corpus remove` autocompletes titles and the removed document is
 * declined; `/corpus list` pages with buttons; non-moderators, oversize and wrong types are refused. An
 * OpenDocument text made by LibreOffice is added from an attachment and quoted; an .odt zip bomb is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusManager } from '../../src/corpus/manage.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { makePdf } from '../helpers/pdf.js';
import { startWebServer, type WebServer } from '../helpers/web.js';
import { OptionType } from './fake-discord.js';
import { makeCacheDir, makeCorpus, removeTempDirs, startHarness, type Harness } from './harness.js';

const EPHEMERAL = 64;
const MOD = String(1 << 5); // Manage Server
const PAGE = fs.readFileSync(new URL('../fixtures/documents/news-page.html', import.meta.url));
const QUESTION = 'Quand la médiathèque de Valbourg a-t-elle rouvert ses portes ?';
const ID = 'mediatheque'; // from the attachment's file name

let h: Harness;
let web: WebServer;
let corpusDir: string;

beforeAll(async () => {
  corpusDir = makeCorpus();
  // Eleven small documents, so that the list has two pages.
  for (let i = 1; i <= 11; i++) fs.writeFileSync(path.join(corpusDir, `note-${String(i).padStart(2, '0')}.md`), `# Council note ${i}\n\nThe council met for its session number ${i}.\n`);
  const logger = createLogger('silent');
  const engine = await Engine.open({ corpusDir, cacheDir: makeCacheDir(), logger, watchMs: 0, useWorker: false });
  const corpus = new CorpusManager({ corpusDir, engine, logger, fetch: { allowPrivate: ['127.0.0.1/32'] } });
  web = await startWebServer({ '/report.pdf': { body: makePdf([['Water board report'], ['The water board measured a leak rate of 14 percent in the northern network.']], { title: 'Water board report' }), type: 'application/pdf' } });
  h = await startHarness({ engine, corpus });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await web?.close();
  removeTempDirs();
});

const ask = async (q: string) => h.fake.answerFor(h.fake.slashCommand({ name: 'ask', options: [{ name: 'question', type: OptionType.String, value: q }] }));

/** `/corpus add` with an attachment. */
function addFile(name: string, bytes: Uint8Array, type: string, o: { permissions?: string; declaredSize?: number; options?: { name: string; type: number; value: string }[] } = {}) {
  const att = h.fake.addAttachment(name, bytes, type, o.declaredSize);
  return h.fake.slashCommand({
    name: 'corpus',
    subcommand: 'add',
    permissions: o.permissions ?? MOD,
    options: [{ name: 'file', type: OptionType.Attachment, value: att.id }, ...(o.options ?? [])],
    resolved: { attachments: { [att.id]: att } },
  });
}
/** Discord markdown escapes removed, to compare with the plain text. */
const un = (s?: string) => (s ?? '').replace(/\\(.)/g, '$1');
const downloads = () => h.fake.requests.filter((r) => r.path.startsWith('/attachments/')).length;

describe('/corpus add, list and remove on Discord', { timeout: 120_000 }, () => {
  it('refuses a member who is not a moderator, without downloading anything', async () => {
    const before = downloads();
    const m = await h.fake.answerFor(addFile('page.html', PAGE, 'text/html', { permissions: '1024' }));
    expect(m.content).toBe('This command is for moderators only.');
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(downloads()).toBe(before);
    expect((await ask(QUESTION)).content).toMatch(/ne couvre pas/);
  });

  it('adds an attached web page: the ephemeral reply shows what was understood, and /ask answers from it', async () => {
    const i = addFile('mediatheque.html', PAGE, 'text/html; charset=utf-8');
    const m = await h.fake.answerFor(i, 60_000);
    expect(h.fake.messagesFor(i)[0]).toMatchObject({ via: 'callback', callbackType: 5, flags: EPHEMERAL });
    expect(m.content).toContain(`**Document added**: \`${ID}\``);
    expect(m.content).toContain('published 2025-11-14 ← meta article:published\\_time'); // escaped for Discord's markdown
    expect(un(m.content)).toContain('language fr ← <html lang>');
    expect(m.content).toMatch(/\d+ passages, \d+ dated events/);
    expect(m.content).toContain('**First dated events**');
    expect(m.content).toContain('`2025-11-12`');
    expect(fs.existsSync(path.join(corpusDir, `${ID}.html`))).toBe(true);
    const a = await ask(QUESTION);
    expect(a.embeds[0].description).toContain('12 novembre 2025');
  });

  it('adds a PDF by URL; its passages show their page', async () => {
    const m = await h.fake.answerFor(
      h.fake.slashCommand({ name: 'corpus', subcommand: 'add', permissions: MOD, options: [{ name: 'url', type: OptionType.String, value: `${web.base}/report.pdf` }, { name: 'published', type: OptionType.String, value: '2026-01-15' }] }),
      20_000,
    );
    expect(m.content).toContain('**Document added**: `water-board-report`'); // from the PDF title
    expect(m.content).toContain('published 2026-01-15 ← water-board-report.meta.yml');
    const a = await ask('What leak rate did the water board measure in the northern network?');
    expect(a.embeds[0].description).toContain('14 percent');
    expect(JSON.stringify(a.embeds[0])).toMatch(/page 2, paragraph 2/);
  });

  it('adds an attached OpenDocument text made by LibreOffice; /ask quotes it; a bomb is refused; removed, it is declined', async () => {
    const q = 'Quand le chantier Ostrander reconstruira-t-il la jetée nord ?';
    expect((await ask(q)).content).toMatch(/ne couvre pas/);
    const odt = fs.readFileSync(new URL('../fixtures/documents/jetee-nord.odt', import.meta.url));
    const m = await h.fake.answerFor(addFile('jetee-nord.odt', odt, 'application/vnd.oasis.opendocument.text'), 60_000);
    expect(m.content).toContain('**Document added**: `jetee-nord`');
    expect(un(m.content)).toContain('language fr ← the default style (fo:language)');
    expect(fs.existsSync(path.join(corpusDir, 'jetee-nord.odt'))).toBe(true);
    const a = await ask(q);
    expect(un(a.embeds[0].description)).toMatch(/Le chantier naval Ostrander reconstruira la jetée nord à partir du \*{0,2}4 février 2026/);
    expect(JSON.stringify(a.embeds[0])).not.toContain('NEVERQUOTED');
    const { strToU8, zipSync } = await import('fflate');
    const bomb = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': new Uint8Array(60 * 1024 * 1024) });
    const refused = await h.fake.answerFor(addFile('bomb.odt', bomb, 'application/vnd.oasis.opendocument.text'), 20_000);
    expect(un(refused.content)).toMatch(/Document refused; nothing changed.*declares more than 50 MB uncompressed/);
    const r = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'remove', permissions: MOD, options: [{ name: 'id', type: OptionType.String, value: 'jetee-nord' }] }), 60_000);
    expect(r.content).toContain('**Document removed**: `jetee-nord`');
    expect((await ask(q)).content).toMatch(/ne couvre pas/);
  });

  it('refuses an oversize attachment unread, a wrong type, and both a file and a URL', async () => {
    const before = downloads();
    const big = await h.fake.answerFor(addFile('big.txt', new Uint8Array([0x61]), 'text/plain', { declaredSize: 11 * 1024 * 1024 }), 10_000);
    expect(big.content).toMatch(/could not be downloaded\. \\\(the file is 11534336 bytes, more than the 10485760 accepted\\\)/);
    expect(downloads()).toBe(before);
    const png = await h.fake.answerFor(addFile('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'), 10_000);
    expect(png.content).toMatch(/\*\*Document refused; nothing changed\*\*: file: "photo\.png": unsupported type/);
    const both = await h.fake.answerFor(addFile('a.txt', new TextEncoder().encode('Text.'), 'text/plain', { options: [{ name: 'url', type: OptionType.String, value: `${web.base}/report.pdf` }] }), 10_000);
    expect(un(both.content)).toMatch(/Give a file or a link \(url\), not both/);
  });

  it('lists the documents on pages with buttons', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'list', permissions: MOD }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.content).toMatch(/^\*\*Corpus documents \(14\) — page 1\/2\*\*/);
    expect(m.content).toContain(`\`${ID}\``);
    expect(m.content).toMatch(/added by discord:\d+ \\\(alice\\\)/);
    const [row] = m.components!;
    expect(row.components.map((b: { custom_id: string; disabled: boolean }) => [b.custom_id, b.disabled])).toEqual([
      ['quotebot:corpus-list:0', true],
      ['quotebot:corpus-list:2', false],
    ]);
    const press = h.fake.button({ customId: 'quotebot:corpus-list:2', permissions: MOD });
    const next = await h.fake.waitFor(() => h.fake.messagesFor(press).find((x) => x.callbackType === 7), 5000, 'the page update');
    expect(next.content).toMatch(/page 2\/2/);
    expect(next.components![0].components[1].disabled).toBe(true);
  });

  it('autocompletes titles for /corpus remove (moderators only), removes, and the document is declined', async () => {
    const ac = h.fake.autocomplete({ name: 'corpus', subcommand: 'remove', permissions: MOD, focused: 'id', value: 'médiathèque' });
    const choices = await h.fake.waitFor(() => h.fake.messagesFor(ac).find((x) => x.callbackType === 8)?.choices, 5000, 'choices');
    expect(choices).toEqual([{ name: `La médiathèque de Valbourg rouvre ses portes (${ID})`, value: ID }]);
    const none = h.fake.autocomplete({ name: 'corpus', subcommand: 'remove', permissions: '1024', focused: 'id', value: 'médiathèque' });
    expect(await h.fake.waitFor(() => h.fake.messagesFor(none).find((x) => x.callbackType === 8)?.choices, 5000, 'choices')).toEqual([]);
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'remove', permissions: MOD, options: [{ name: 'id', type: OptionType.String, value: ID }] }), 60_000);
    expect(m.content).toContain(`**Document removed**: \`${ID}\``);
    expect((await ask(QUESTION)).content).toMatch(/ne couvre pas/);
  });
});
