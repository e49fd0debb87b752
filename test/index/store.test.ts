/**
 * The index store: the index version (schema, glossary, every corpus file including the rejected ones),
 * snapshots of the wrong shape, publishing only on refresh and only to processes of the same corpus, and
 * the clean-up of temporary files left by a killed process. Real files in temporary directories.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCorpusFiles } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine.js';
import { readCurrent, readSnapshot, snapshotFile, writeSnapshot } from '../../src/index/snapshot.js';
import { corpusVersion, IndexStore } from '../../src/index/store.js';
import { captureLogger, doc, tempCorpus, type TempCorpus } from '../ops/helpers.js';

const HARBOUR = doc('harbour', 'The harbour committee met on 3 March 2026 in Marseille.');
const ULTIMATUM = 'Quand Hegseth a-t-il fixé un ultimatum à Dario Amodei ?';

let corpora: TempCorpus[] = [];
let engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
  for (const c of corpora.splice(0)) c.cleanup();
});

function corpus(extra: Record<string, string> = {}): TempCorpus {
  const c = tempCorpus(extra);
  corpora.push(c);
  return c;
}

async function open(corpusDir: string, cacheDir: string, extra: { from?: 'published' } = {}, logger = captureLogger().logger): Promise<Engine> {
  const e = await Engine.open({ corpusDir, cacheDir, logger, watchMs: 0, useWorker: false, ...extra });
  engines.push(e);
  return e;
}

describe('index version', () => {
  it('is the schema, the glossary and every file of the corpus, read without parsing', async () => {
    const c = corpus();
    const e = await open(c.corpusDir, c.cacheDir);
    const glossary = fs.existsSync(path.join(c.corpusDir, 'glossary.yml')) ? fs.readFileSync(path.join(c.corpusDir, 'glossary.yml'), 'utf8') : '';
    const raw = await readCorpusFiles(c.corpusDir);
    expect(e.status().version).toBe(corpusVersion(raw, glossary));
    expect(corpusVersion(raw, `${glossary}\n# edited`)).not.toBe(e.status().version);
    // file order on disk does not matter
    expect(corpusVersion(new Map([...raw].reverse()), glossary)).toBe(e.status().version);
  });

  it('covers the rejected files: corpora that differ only in them get their own snapshots and report their own rejections', async () => {
    const a = corpus({ 'bad.md': doc('bad', 'Body.', { published: '2026-02-30' }) });
    const b = corpus({ 'bad.md': doc('bad', 'Body.', { language: 'de' as 'en' }) });
    const shared = a.cacheDir;
    const ea = await open(a.corpusDir, shared);
    const eb = await open(b.corpusDir, shared);
    expect(ea.status().version).not.toBe(eb.status().version);
    expect(ea.status().rejected).toEqual([expect.objectContaining({ file: 'bad.md', field: 'published' })]);
    expect(eb.status().rejected).toEqual([expect.objectContaining({ file: 'bad.md', field: 'language' })]);
    // reopened from their snapshots, each keeps its own rejections
    expect((await open(b.corpusDir, shared)).status().rejected).toEqual(eb.status().rejected);
    expect((await open(a.corpusDir, shared)).status().rejected).toEqual(ea.status().rejected);
  });
  it('covers skipped symbolic links: a corpus that differs only in one reports its own link', async () => {
    const a = corpus();
    const b = corpus();
    fs.writeFileSync(path.join(b.root, 'elsewhere.md'), doc('elsewhere', 'Body.'));
    fs.symlinkSync(path.join(b.root, 'elsewhere.md'), path.join(b.corpusDir, 'linked.md'));
    const ea = await open(a.corpusDir, a.cacheDir);
    const eb = await open(b.corpusDir, a.cacheDir);
    expect(ea.status().version).not.toBe(eb.status().version);
    expect(ea.status().rejected).toEqual([]);
    expect(eb.status().rejected).toEqual([expect.objectContaining({ file: 'linked.md', reason: expect.stringMatching(/symbolic link/) })]);
  });
});

describe('snapshots with a valid header and checksum but the wrong shape', () => {
  type Data = {
    index: {
      passages: { doc: Int32Array | unknown[]; marks: { dateIso: unknown[]; spans: Int32Array } };
      search: { postings: { offsets: Int32Array; docs: Int32Array; freqs: Int32Array }[] };
    };
  };
  const shapes: [string, unknown][] = [
    ['an empty object', {}],
    ['an index without its search', { index: { layout: 3, documents: [], passages: { terms: '', words: '', marks: {} } }, glossaryText: '', rejected: [] }],
    ['an index of the previous layout (one object per passage)', { index: { documents: [], passages: [], df: [], search: {} }, glossaryText: '', rejected: [] }],
    ['passages of another shape', (d: Data) => (d.index.passages.doc = [...(d.index.passages.doc as Int32Array)].map(String))],
    ['a passage of a missing document', (d: Data) => ((d.index.passages.doc as Int32Array)[0] = 99)],
    ['the last date of another shape', (d: Data) => (d.index.passages.marks.dateIso[d.index.passages.marks.dateIso.length - 1] = 1)],
    ['a name span missing its end', (d: Data) => (d.index.passages.marks.spans = d.index.passages.marks.spans.slice(0, -1))],
    ['posting offsets out of order', (d: Data) => (d.index.search.postings[0]!.offsets[1] = d.index.search.postings[0]!.docs.length + 1)],
    ['a posting list shorter than its offsets', (d: Data) => (d.index.search.postings[0]!.docs = d.index.search.postings[0]!.docs.slice(0, -1))],
    ['a posting of a missing document', (d: Data) => (d.index.search.postings[0]!.docs[0] = 1_000_000)],
    ['a term frequency of 0', (d: Data) => (d.index.search.postings[1]!.freqs[0] = 0)],
  ];

  for (const [name, payload] of shapes) {
    it(`rebuilds from the corpus, with a warning, on ${name}`, async () => {
      const c = corpus();
      const first = await open(c.corpusDir, c.cacheDir);
      const { version } = first.status();
      const answer = first.ask(ULTIMATUM);
      let bad = payload;
      if (typeof payload === 'function') {
        const data = (await readSnapshot<Data>(c.cacheDir, version))!;
        (payload as (d: Data) => void)(data);
        bad = data;
      }
      await writeSnapshot(c.cacheDir, version, bad);
      const cap = captureLogger();
      const second = await open(c.corpusDir, c.cacheDir, {}, cap.logger);
      expect(second.ask(ULTIMATUM)).toEqual(answer);
      expect(cap.text()).toMatch(/snapshot unusable; rebuilding from the corpus/);
      expect(cap.text()).toMatch(/unexpected shape/);
      // rebuilt: the next open loads it
      await expect(new IndexStore({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger: cap.logger }).load(version)).resolves.toBeTruthy();
    });
  }

  it('is not served when published: the corpus is read instead, and a refresh succeeds', async () => {
    const c = corpus();
    const first = await open(c.corpusDir, c.cacheDir);
    await first.publish();
    await writeSnapshot(c.cacheDir, first.status().version, { index: { documents: 1 } });
    const cap = captureLogger();
    const second = await open(c.corpusDir, c.cacheDir, { from: 'published' }, cap.logger);
    expect(second.ask(ULTIMATUM).answered).toBe(true);
    expect(cap.text()).toMatch(/published snapshot unusable/);
    c.write('harbour.md', HARBOUR);
    expect(await second.refresh()).toMatchObject({ ok: true, added: ['harbour'] });
  });
});

describe('publishing', () => {
  it('opening publishes nothing (a read-only command never switches running bots)', async () => {
    const c = corpus();
    await open(c.corpusDir, c.cacheDir);
    expect(await readCurrent(c.cacheDir)).toBeNull();
    const bot = await open(c.corpusDir, c.cacheDir);
    c.write('harbour.md', HARBOUR);
    const report = await bot.refresh();
    const pointer = await readCurrent(c.cacheDir);
    expect(pointer).toMatchObject({ version: report.version, corpusDir: path.resolve(c.corpusDir) });
    // another process opening the changed corpus leaves the pointer alone
    await open(c.corpusDir, c.cacheDir);
    expect(await readCurrent(c.cacheDir)).toEqual(pointer);
  });

  it('a process never adopts a snapshot published for another corpus', async () => {
    const mine = corpus();
    const other = corpus({ 'harbour.md': HARBOUR });
    const cacheDir = mine.cacheDir;
    const bot = await open(mine.corpusDir, cacheDir);
    const before = bot.status().version;
    // `npm run ask` and a refresh on another corpus directory with the same cache directory
    const foreign = await open(other.corpusDir, cacheDir);
    foreign.ask('When did the harbour committee meet?');
    other.write('harbour.md', HARBOUR.replace('3 March', '4 March'));
    const report = await foreign.refresh();
    expect((await readCurrent(cacheDir))?.corpusDir).toBe(path.resolve(other.corpusDir));
    expect(await bot.syncFromPublished()).toBe(false);
    expect(bot.status().version).toBe(before);
    expect(bot.ask('When did the harbour committee meet?').answered).toBe(false);
    // nor starts from it
    const fromPublished = await open(mine.corpusDir, cacheDir, { from: 'published' });
    expect(fromPublished.status().version).toBe(before);
    expect(fromPublished.openedFrom).not.toBe('published snapshot');
    expect(report.version).not.toBe(before);
  });

  it('a process of the same corpus adopts a refresh published by another', async () => {
    const c = corpus();
    const a = await open(c.corpusDir, c.cacheDir);
    const b = await open(c.corpusDir, c.cacheDir);
    c.write('harbour.md', HARBOUR);
    const report = await a.refresh();
    expect(await b.syncFromPublished()).toBe(true);
    expect(b.status().version).toBe(report.version);
  });
});

describe('temporary files left by a killed process', () => {
  it('are removed at start; those of a running writer are kept', async () => {
    const c = corpus();
    await open(c.corpusDir, c.cacheDir);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const file = snapshotFile(c.cacheDir, 'abc');
    const stale = `${file}.${dead}.0a1b2c3d.tmp`;
    const live = `${file}.${process.pid}.0a1b2c3d.tmp`;
    fs.writeFileSync(stale, 'partial');
    fs.writeFileSync(live, 'partial');
    const cap = captureLogger();
    await open(c.corpusDir, c.cacheDir, {}, cap.logger);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(cap.text()).toContain(path.basename(stale));
  });
});
