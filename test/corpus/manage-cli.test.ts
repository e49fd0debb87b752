/**
 * `npm run corpus -- add|remove|list` (in process, on a temporary copy of the corpus, a local HTTP server for
 * URLs): a web page, a text file and a PDF are added and answered from by a running engine that switches to
 * the published index; the same URL again updates; remove takes a document out of every running process;
 * every refusal (private address, corrupt PDF, wrong type, oversize, bad date, last document) leaves the
 * files and the index as they were. Each change is in `list` and in the journal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/corpus/journal.js';
import { Engine } from '../../src/engine.js';
import { Store } from '../../src/store/store.js';
import { createLogger } from '../../src/logger.js';
import { doc, tempCorpus, type TempCorpus } from '../ops/helpers.js';
import { makePdf } from '../helpers/pdf.js';
import { startWebServer, type WebServer } from '../helpers/web.js';
import { corpusFiles, eventually as waitFor, runCorpus } from '../helpers/corpus-cli.js';

const PAGE = fs.readFileSync(new URL('../fixtures/documents/news-page.html', import.meta.url));
const QUESTION = 'Quand la médiathèque de Valbourg a-t-elle rouvert ses portes ?';
const USER = os.userInfo().username;

let corpus: TempCorpus;
let web: WebServer;
let engine: Engine;
const saved = { ...process.env };

beforeAll(async () => {
  corpus = tempCorpus();
  web = await startWebServer({ '/culture/mediatheque': { body: PAGE, type: 'text/html; charset=utf-8' }, '/logo.png': { body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), type: 'image/png' } });
  Object.assign(process.env, { CORPUS_DIR: corpus.corpusDir, CACHE_DIR: corpus.cacheDir, LOG_LEVEL: 'silent', ALLOW_PRIVATE_URLS: '127.0.0.1/32', DATABASE_PATH: path.join(corpus.root, 'data', 'quotebot.db') });
  delete process.env.DATABASE_URL;
  // A running bot process on the same corpus and cache directory: it switches to what the CLI publishes.
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: createLogger('silent'), watchMs: 100, useWorker: false });
});
afterAll(async () => {
  await engine?.close();
  await web?.close();
  process.env = saved;
  corpus?.cleanup();
});

const run = runCorpus;
const files = () => corpusFiles(corpus.corpusDir);
const eventually = (q: string, ok: (answered: boolean, text: string) => boolean) => waitFor(engine, q, ok);

describe('corpus add, list and remove from the command line', { timeout: 120_000 }, () => {
  it('declines the question before the page is added', () => {
    expect(engine.ask(QUESTION).answered).toBe(false);
  });

  it('adds a web page by URL: the article alone, date and language from the page, answered by the running bot', async () => {
    const url = `${web.base}/culture/mediatheque`;
    const { code, out } = await run('add', url);
    expect(out).toMatch(/^added: la-mediatheque-de-valbourg-rouvre-ses-portes /);
    expect(code).toBe(0);
    expect(out).toContain('published 2025-11-14 ← meta article:published_time');
    expect(out).toContain('language fr ← <html lang>');
    expect(out).toMatch(/first dated events:\n(?: {4}\S+ .*\n)*? {4}2025-11-12  « Après dix-huit mois de travaux/);
    expect(files()).toEqual(['anthropic-pentagone-panne.md', 'glossary.yml', 'la-mediatheque-de-valbourg-rouvre-ses-portes.html', 'la-mediatheque-de-valbourg-rouvre-ses-portes.meta.yml']);
    await eventually(QUESTION, (answered, text) => answered && text.includes('12 novembre 2025'));
    const a = engine.ask(QUESTION);
    expect(a.passages[0]!.document).toMatchObject({ published: '2025-11-14', source: url });
    // Furniture is never quoted.
    for (const q of ['Quel est le code de réduction pour les abonnements au Courrier du Val ?', 'Que pense Mireille du parking ?']) {
      for (const p of engine.ask(q).passages) expect(p.text).not.toMatch(/NOVEMBRE|parking|PUBLICITÉ/);
    }
  });

  it('lists documents as JSON with who added them and when; the journal has the add', async () => {
    const { code, out } = await run('list', '--json');
    expect(code).toBe(0);
    const list = JSON.parse(out) as Record<string, unknown>[];
    expect(list).toHaveLength(2);
    const added = list.find((e) => e.id === 'la-mediatheque-de-valbourg-rouvre-ses-portes')!;
    expect(Object.keys(added).sort()).toEqual(['addedAt', 'addedBy', 'file', 'id', 'language', 'published', 'source', 'title'].sort());
    expect(added).toMatchObject({ published: '2025-11-14', language: 'fr', source: `${web.base}/culture/mediatheque`, addedBy: `cli:${USER}` });
    expect(Date.now() - Date.parse(added.addedAt as string)).toBeLessThan(60_000);
    expect(list.find((e) => e.id === 'anthropic-pentagone-panne-2026-03')).toMatchObject({ addedBy: null, addedAt: null, file: 'anthropic-pentagone-panne.md' });
    const journal = await readJournal(corpus.corpusDir);
    expect(journal.at(-1)).toMatchObject({ action: 'add', id: 'la-mediatheque-de-valbourg-rouvre-ses-portes', by: { platform: 'cli', userId: USER } });
  });

  it('updates the document when the same URL is added again, with the moderator’s corrections', async () => {
    const { code, out } = await run('add', `${web.base}/culture/mediatheque`, '--title', 'Valbourg : la médiathèque rouvre', '--published', '2025-11-13');
    expect(code).toBe(0);
    expect(out).toMatch(/^updated: la-mediatheque-de-valbourg-rouvre-ses-portes "Valbourg : la médiathèque rouvre"/);
    expect(out).toContain('published 2025-11-13 ← la-mediatheque-de-valbourg-rouvre-ses-portes.meta.yml');
    const list = JSON.parse((await run('list', '--json')).out) as { id: string; title: string }[];
    expect(list.filter((e) => e.id === 'la-mediatheque-de-valbourg-rouvre-ses-portes')).toEqual([expect.objectContaining({ title: 'Valbourg : la médiathèque rouvre' })]);
    expect((await readJournal(corpus.corpusDir)).at(-1)!.action).toBe('update');
  });

  it('adds a plain-text file and a PDF; a PDF passage carries its page', async () => {
    const txt = path.join(corpus.root, 'harbour notes.txt');
    fs.writeFileSync(txt, 'Harbour committee minutes\n\nThe harbour committee chose the Ostrander shipyard to rebuild the north pier on 4 February 2026.\n');
    const t = await run('add', txt, '--language', 'en');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^added: harbour-notes "Harbour committee minutes" \(harbour-notes\.txt\)/);
    expect(t.out).toContain('no publication date found');
    const pdf = path.join(corpus.root, 'water.pdf');
    fs.writeFileSync(pdf, makePdf([['Water board report'], ['The water board measured a leak rate of 14 percent in the', 'northern network during the winter of 2025.']], { title: 'Water board report' }));
    const p = await run('add', pdf, '--json');
    expect(p.code).toBe(0);
    expect(JSON.parse(p.out)).toMatchObject({ command: 'add', ok: true, action: 'add', document: { id: 'water', title: 'Water board report', file: 'water.pdf' } });
    await eventually('What leak rate did the water board measure in the northern network?', (answered, text) => answered && text.includes('14 percent'));
    expect(engine.ask('What leak rate did the water board measure in the northern network?').passages[0]!.page).toBe(2);
    await eventually('Which shipyard will rebuild the north pier?', (answered, text) => answered && text.includes('Ostrander'));
    // `check` says what was read from the documents and from where.
    const check = await run('check');
    expect(check.out).toContain('read from the documents:');
    expect(check.out).toMatch(/harbour-notes\.txt: id "harbour-notes" ← harbour-notes\.meta\.yml; title "Harbour committee minutes" ← first line; language "en" ← harbour-notes\.meta\.yml; no publication date found/);
  });

  it('refuses bad input and leaves the files and the index as they were', async () => {
    const before = files();
    const version = engine.status().version;
    const corrupt = path.join(corpus.root, 'broken.pdf');
    fs.writeFileSync(corrupt, Buffer.concat([makePdf([['x']]).subarray(0, 30), Buffer.from('garbage')]));
    const png = path.join(corpus.root, 'article.md');
    fs.writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
    const big = path.join(corpus.root, 'big.txt');
    fs.writeFileSync(big, Buffer.alloc(11 * 1024 * 1024, 'a'));
    const cases: [string[], RegExp][] = [
      [['add', corrupt], /not a readable PDF|no text/],
      [['add', png], /image\/png/],
      [['add', big], /more than the 10485760 accepted/],
      [['add', `${web.base}/logo.png`], /image\/png is not a document/],
      [['add', `${web.base}/missing`], /answered 404/],
      [['add', path.join(corpus.root, 'harbour notes.txt'), '--published', '2026-02-30'], /published: is not a real calendar date/],
      [['add', path.join(corpus.root, 'harbour notes.txt'), '--id', '../../etc/passwd'], /id: must be/],
      [['remove', 'no-such-doc'], /no document has the id "no-such-doc"/],
    ];
    for (const [argv, reason] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.out, argv.join(' ')).toMatch(reason);
      expect(files(), argv.join(' ')).toEqual(before);
    }
    delete process.env.ALLOW_PRIVATE_URLS;
    const priv = await run('add', `${web.base}/culture/mediatheque`);
    process.env.ALLOW_PRIVATE_URLS = '127.0.0.1/32';
    expect(priv.code).toBe(1);
    expect(priv.out).toMatch(/127\.0\.0\.1 is a loopback address \(set ALLOW_PRIVATE_URLS=true/);
    expect(files()).toEqual(before);
    expect((await run('add')).code).toBe(2);
    expect((await run('add', 'a', 'b')).code).toBe(2);
    expect((await run('add', 'x.txt', '--title')).code).toBe(2);
    expect(engine.status().version).toBe(version);
  });

  it('removes a document: every running process stops quoting it', async () => {
    const { code, out } = await run('remove', 'la-mediatheque-de-valbourg-rouvre-ses-portes');
    expect(code).toBe(0);
    expect(out).toMatch(/^removed: la-mediatheque-de-valbourg-rouvre-ses-portes/);
    expect(files().some((f) => f.startsWith('la-mediatheque'))).toBe(false);
    await eventually(QUESTION, (answered) => !answered);
    expect((await readJournal(corpus.corpusDir)).at(-1)).toMatchObject({ action: 'remove', id: 'la-mediatheque-de-valbourg-rouvre-ses-portes' });
  });

  it('refuses to remove the last document', async () => {
    for (const id of ['harbour-notes', 'water']) expect((await run('remove', id)).code).toBe(0);
    const r = await run('remove', 'anthropic-pentagone-panne-2026-03');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/refused.*no valid document/);
    expect(files()).toEqual(['anthropic-pentagone-panne.md', 'glossary.yml']);
    expect(engine.ask('Quand a été fixé l’ultimatum ?').answered).toBe(true);
  });

  it('every change, done or refused, is in the bot’s store too, the moderator as an HMAC', async () => {
    const store = await Store.open({ path: process.env.DATABASE_PATH!, questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
    try {
      const changes = (await store.corpusChanges(0, 100)).reverse();
      const done = changes.filter((c) => c.outcome === 'done').map((c) => `${c.action} ${c.document}`);
      expect(done).toEqual([
        'add la-mediatheque-de-valbourg-rouvre-ses-portes',
        'update la-mediatheque-de-valbourg-rouvre-ses-portes',
        'add harbour-notes',
        'add water',
        'remove la-mediatheque-de-valbourg-rouvre-ses-portes',
        'remove harbour-notes',
        'remove water',
      ]);
      const refused = changes.filter((c) => c.outcome === 'refused');
      // Eight refusals of bad input (an oversize file and usage errors are refused before the manager), then
      // the last document.
      expect(refused).toHaveLength(9);
      expect(refused.at(-1)).toMatchObject({ action: 'remove', document: 'anthropic-pentagone-panne-2026-03', error: expect.stringMatching(/no valid document/) });
      expect(refused.find((c) => /answered 404/.test(c.error ?? ''))).toMatchObject({ action: 'add', document: null, source: `${web.base}/missing` });
      expect(changes.find((c) => c.action === 'update')).toMatchObject({ title: 'Valbourg : la médiathèque rouvre', platform: 'cli' });
      for (const c of changes) expect(c.by).toBe(store.userHash('cli', USER));
      expect(JSON.stringify(changes)).not.toContain(USER);
    } finally {
      await store.close();
    }
  });
});
