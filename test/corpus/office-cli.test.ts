/**
 * Word and OpenDocument files end to end from the command line (in process, a temporary copy of the corpus, a
 * local HTTP server for links): a question only the added .docx answers is declined before, answered with a
 * verbatim quote by a running bot after `corpus add`, and declined again after `remove`; the same for an .odt
 * made by LibreOffice, and for a .docx served as application/octet-stream. The originals stay on disk as
 * `ID.docx` / `ID.odt` and `corpus check` says what was read from them; a hostile archive is refused and
 * leaves the files and the index as they were; a .docx dropped in by hand is taken in by the watcher.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCorpus, type CorpusWatcher } from '../../src/corpus/watch.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { makeDocx } from '../helpers/office.js';
import { startWebServer, type WebServer } from '../helpers/web.js';
import { tempCorpus, type TempCorpus } from '../ops/helpers.js';
import { corpusFiles, eventually as waitFor, runCorpus } from '../helpers/corpus-cli.js';

const DOCX_Q = 'Which shipyard will rebuild the north pier of Kessingford?';
const ODT_Q = 'Quand le pont de Lerval a-t-il rouvert aux voitures ?';
const URL_Q = 'How many lanterns did the Marlow lighthouse keepers restore?';
const HAND_Q = 'What did the Brackwater orchard cooperative plant in 2025?';

let corpus: TempCorpus;
let web: WebServer;
let engine: Engine;
let watcher: CorpusWatcher;
const saved = { ...process.env };

beforeAll(async () => {
  corpus = tempCorpus();
  const lighthouse = await makeDocx({ title: 'Marlow lighthouse', paragraphs: ['The Marlow lighthouse keepers restored eleven brass lanterns over the winter.'] });
  web = await startWebServer({ '/files/lighthouse.docx': { body: lighthouse, type: 'application/octet-stream' } });
  Object.assign(process.env, { CORPUS_DIR: corpus.corpusDir, CACHE_DIR: corpus.cacheDir, LOG_LEVEL: 'silent', ALLOW_PRIVATE_URLS: '127.0.0.1/32', DATABASE_PATH: path.join(corpus.root, 'data', 'quotebot.db') });
  delete process.env.DATABASE_URL;
  // A running bot process on the same corpus: it switches to what the command line publishes.
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: createLogger('silent'), watchMs: 100, useWorker: false });
}, 30_000);
afterAll(async () => {
  await watcher?.close();
  await engine?.close();
  await web?.close();
  process.env = saved;
  corpus?.cleanup();
});

const run = runCorpus;
const files = () => corpusFiles(corpus.corpusDir);
const eventually = (q: string, ok: (answered: boolean, text: string) => boolean) => waitFor(engine, q, ok);

describe('Word and OpenDocument files from the command line', { timeout: 120_000 }, () => {
  it('adds a .docx: kept as ID.docx, read with its title and language, answered verbatim; removed, declined', async () => {
    expect(engine.ask(DOCX_Q).answered).toBe(false);
    const file = path.join(corpus.root, 'Pier Report.docx');
    fs.writeFileSync(
      file,
      await makeDocx({
        title: 'Kessingford pier report',
        language: 'en-GB',
        heading: 'North pier',
        paragraphs: ['The Ostrander shipyard will rebuild the north pier of Kessingford from 4 February 2026.', 'The harbour master expects nine months of works.'],
        furniture: true,
      }),
    );
    const { code, out } = await run('add', file);
    expect(out).toMatch(/^added: pier-report "Kessingford pier report" \(pier-report\.docx\)/);
    expect(code).toBe(0);
    expect(out).toContain('title ← the document properties (dc:title); language en ← the default style (w:lang); no publication date found');
    expect(files()).toEqual(['anthropic-pentagone-panne.md', 'glossary.yml', 'pier-report.docx', 'pier-report.meta.yml']);
    expect(new Uint8Array(fs.readFileSync(path.join(corpus.corpusDir, 'pier-report.docx')))).toEqual(new Uint8Array(fs.readFileSync(file)));
    await eventually(DOCX_Q, (answered, text) => answered && text.includes('Ostrander'));
    const a = engine.ask(DOCX_Q);
    expect(a.passages[0]!.text).toContain('The Ostrander shipyard will rebuild the north pier of Kessingford from 4 February 2026.');
    expect(JSON.stringify(a)).not.toContain('NEVERQUOTED');
    const check = await run('check');
    expect(check.out).toMatch(/pier-report\.docx: id "pier-report" ← pier-report\.meta\.yml; title "Kessingford pier report" ← the document properties \(dc:title\); language "en" ← the default style \(w:lang\)/);

    expect((await run('remove', 'pier-report')).code).toBe(0);
    expect(files().some((f) => f.startsWith('pier-report'))).toBe(false);
    await eventually(DOCX_Q, (answered) => !answered);
  });

  it('adds an .odt made by LibreOffice, in French, answered verbatim; removed, declined', async () => {
    expect(engine.ask(ODT_Q).answered).toBe(false);
    const { code, out } = await run('add', fileURLToFixture('pont-de-lerval.odt'), '--published', '2026-02-10');
    expect(code).toBe(0);
    expect(out).toMatch(/^added: pont-de-lerval "Le pont de Lerval rouvre à la circulation" \(pont-de-lerval\.odt\)/);
    expect(out).toContain('published 2026-02-10 ← pont-de-lerval.meta.yml');
    expect(files()).toContain('pont-de-lerval.odt');
    await eventually(ODT_Q, (answered, text) => answered && text.includes('9 février 2026'));
    expect((await run('remove', 'pont-de-lerval')).code).toBe(0);
    await eventually(ODT_Q, (answered) => !answered);
  });

  it('adds a .docx by link when the server sends it as application/octet-stream', async () => {
    const { code, out } = await run('add', `${web.base}/files/lighthouse.docx`);
    expect(out).toMatch(/^added: marlow-lighthouse "Marlow lighthouse" \(marlow-lighthouse\.docx\)/);
    expect(code).toBe(0);
    await eventually(URL_Q, (answered, text) => answered && text.includes('eleven brass lanterns'));
    expect((await run('remove', 'marlow-lighthouse')).code).toBe(0);
    await eventually(URL_Q, (answered) => !answered);
  });

  it('refuses hostile archives and leaves the files and the index as they were', async () => {
    const before = files();
    const version = engine.status().version;
    const write = (name: string, data: Uint8Array) => {
      const p = path.join(corpus.root, name);
      fs.writeFileSync(p, data);
      return p;
    };
    const bomb = zipSync({
      '[Content_Types].xml': strToU8('<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      'word/document.xml': new Uint8Array(60 * 1024 * 1024).fill(0x20),
    });
    const odtAsDocx = fs.readFileSync(fileURLToFixture('jetee-nord.odt'));
    const cases: [string, RegExp][] = [
      [write('bomb.docx', bomb), /declares more than 50 MB uncompressed/],
      [write('report.docx', odtAsDocx), /is an OpenDocument text \(\.odt\), not a Word document \(\.docx\)/],
      [write('broken.odt', odtAsDocx.subarray(0, 3000)), /damaged archive/],
      [write('macros.docm', new Uint8Array([0x50, 0x4b, 3, 4])), /macros are refused/],
    ];
    for (const [file, reason] of cases) {
      const t0 = Date.now();
      const r = await run('add', file);
      expect(r.code, file).toBe(1);
      expect(r.out, file).toMatch(reason);
      expect(Date.now() - t0, file).toBeLessThan(5000);
      expect(files(), file).toEqual(before);
    }
    expect(engine.status().version).toBe(version);
  });

  it('a .docx put in the corpus directory by hand is taken in by the watcher', async () => {
    watcher = watchCorpus({ corpusDir: corpus.corpusDir, engine, logger: createLogger('silent'), debounceMs: 200 });
    await watcher.ready;
    fs.writeFileSync(path.join(corpus.corpusDir, 'orchard.docx'), await makeDocx({ heading: 'Brackwater orchard', paragraphs: ['The Brackwater orchard cooperative planted four hundred pear trees in 2025.'] }));
    await eventually(HAND_Q, (answered, text) => answered && text.includes('four hundred pear trees'));
    expect(engine.documentIds()).toContain('orchard');
  });
});

function fileURLToFixture(name: string): string {
  return path.resolve(import.meta.dirname, '../fixtures/documents', name);
}
