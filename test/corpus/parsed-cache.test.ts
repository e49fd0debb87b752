/**
 * Parsed documents kept across loads (src/corpus/parsed-cache.ts): a second load of an unchanged corpus does
 * not parse its PDF, Word, OpenDocument or HTML files again — counted by the reader's own statistics, real
 * files, real worker — while Markdown is read again (never kept); an edited file is parsed again, an edited
 * metadata file takes effect without a parse, a removed file leaves the cache, a refused file stays refused.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { CorpusManager } from '../../src/corpus/manage.js';
import { Engine } from '../../src/engine.js';
import { ParsedDocumentCache } from '../../src/corpus/parsed-cache.js';
import { DocumentReading, sharedDocumentReading } from '../../src/documents/reading.js';
import { passages } from '../../src/text/chunk.js';
import { makeDocx } from '../helpers/office.js';
import { makePdf } from '../helpers/pdf.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';
import { captureLogger, tempCorpus } from '../ops/helpers.js';

const metaFile = (title: string) => `title: "${title}"\npublished: 2026-03-02\nlanguage: en\n`;
const page = (text: string) => `<!doctype html><html><head><title>Harbour news</title></head><body><article><p>${text}</p></article></body></html>`;

async function corpus(): Promise<string> {
  const dir = tempDir('parsed-cache-');
  writeFileSync(join(dir, 'ledger.docx'), await makeDocx({ title: 'The harbour ledger', paragraphs: ['The ledger was closed on 4 February 2026 by the harbour master.'] }));
  writeFileSync(join(dir, 'ledger.meta.yml'), metaFile('The harbour ledger'));
  writeFileSync(join(dir, 'water.pdf'), makePdf([['Water board report'], ['The water board measured a leak rate of 14 percent in the', 'northern network during the winter of 2025.']], { title: 'Water board report' }));
  writeFileSync(join(dir, 'water.meta.yml'), metaFile('Water board report'));
  writeFileSync(join(dir, 'ferry.html'), page('The ferry to the islands left on 3 March 2026 at dawn, the council said.'));
  writeFileSync(join(dir, 'ferry.meta.yml'), metaFile('Ferry news'));
  writeFileSync(join(dir, 'notes.md'), '---\nid: notes\ntitle: Notes\npublished: 2026-03-01\nlanguage: en\n---\nThe pier reopened on 1 March 2026.\n');
  return dir;
}

const readers: DocumentReading[] = [];
afterAll(async () => {
  await Promise.all(readers.map((r) => r.close()));
  cleanupTemps();
});

describe('parsed documents kept across loads', () => {
  it('parses unchanged PDF, Word and HTML files once; Markdown every time; an edited file again', async () => {
    const dir = await corpus();
    const reading = new DocumentReading();
    readers.push(reading);
    const cache = new ParsedDocumentCache();
    const first = await loadCorpus(dir, undefined, { reading, cache });
    expect(first.rejected).toEqual([]);
    expect(first.documents.map((d) => d.file).sort()).toEqual(['ferry.html', 'ledger.docx', 'notes.md', 'water.pdf']);
    expect(reading.stats.parsed).toBe(4);
    expect(cache.stats.entries).toBe(3);

    const second = await loadCorpus(dir, undefined, { reading, cache });
    expect(reading.stats.parsed).toBe(5); // notes.md only
    expect(second.documents).toEqual(first.documents);

    writeFileSync(join(dir, 'ferry.html'), page('The ferry to the islands left on 5 March 2026 at noon, the council said.'));
    const third = await loadCorpus(dir, undefined, { reading, cache });
    expect(reading.stats.parsed).toBe(7); // notes.md and the edited page
    expect(third.documents.find((d) => d.file === 'ferry.html')!.body).toContain('5 March 2026 at noon');
    expect(cache.stats.entries).toBe(3); // the old page's reading is gone

    // A corrected title in the metadata file takes effect without parsing the PDF again.
    writeFileSync(join(dir, 'water.meta.yml'), metaFile('Water board report, corrected'));
    const fourth = await loadCorpus(dir, undefined, { reading, cache });
    expect(reading.stats.parsed).toBe(8);
    expect(fourth.documents.find((d) => d.file === 'water.pdf')!.title).toBe('Water board report, corrected');

    rmSync(join(dir, 'ledger.docx'));
    rmSync(join(dir, 'ledger.meta.yml'));
    await loadCorpus(dir, undefined, { reading, cache });
    expect(reading.stats.parsed).toBe(9);
    expect(cache.stats.entries).toBe(2);
  }, 60_000);

  it('keeps its entries under CACHE_DIR/parsed: another thread or process (a refresh in a new answer worker) finds them', async () => {
    const dir = await corpus();
    const cacheDir = join(tempDir('parsed-cache-dir-'), 'parsed');
    const files = () => readdirSync(cacheDir).filter((f) => f.endsWith('.v8'));
    const first = { reading: new DocumentReading(), cache: new ParsedDocumentCache({ dir: cacheDir }) };
    const second = { reading: new DocumentReading(), cache: new ParsedDocumentCache({ dir: cacheDir }) };
    readers.push(first.reading, second.reading);
    const a = await loadCorpus(dir, undefined, first);
    expect(first.reading.stats.parsed).toBe(4);
    expect(files()).toHaveLength(3);
    expect(first.cache.stats.entries).toBe(0); // nothing held in memory
    const b = await loadCorpus(dir, undefined, second);
    expect(second.reading.stats.parsed).toBe(1); // notes.md only
    expect(b.documents).toEqual(a.documents);
    // A damaged entry is a miss, read again and rewritten.
    for (const f of files()) writeFileSync(join(cacheDir, f), 'not a serialized entry');
    const c = await loadCorpus(dir, undefined, second);
    expect(second.reading.stats.parsed).toBe(5);
    expect(c.documents).toEqual(a.documents);
    rmSync(join(dir, 'water.pdf'));
    rmSync(join(dir, 'water.meta.yml'));
    await loadCorpus(dir, undefined, first);
    expect(files()).toHaveLength(2);
  }, 60_000);

  it('keeps a refusal too: a broken Word file is refused again, with the same reason, without a parse', async () => {
    const dir = await corpus();
    writeFileSync(join(dir, 'broken.docx'), (await makeDocx({ paragraphs: ['Cut short.'] })).subarray(0, 2000));
    const reading = new DocumentReading();
    readers.push(reading);
    const cache = new ParsedDocumentCache();
    const first = await loadCorpus(dir, undefined, { reading, cache });
    const refused = first.rejected.find((r) => r.file === 'broken.docx');
    expect(refused).toMatchObject({ field: 'file' });
    const parsed = reading.stats.parsed;
    const second = await loadCorpus(dir, undefined, { reading, cache });
    expect(second.rejected.find((r) => r.file === 'broken.docx')).toEqual(refused);
    expect(reading.stats.parsed).toBe(parsed + 1); // notes.md only
  }, 60_000);

  it('is what a load uses by default (the shared reader, the directory’s cache): what a refresh calls', async () => {
    const dir = await corpus();
    const shared = sharedDocumentReading();
    const before = shared.stats.parsed;
    const first = await loadCorpus(dir);
    expect(shared.stats.parsed - before).toBe(4);
    expect(shared.stats.inWorker).toBeGreaterThanOrEqual(3);
    const second = await loadCorpus(dir);
    expect(shared.stats.parsed - before).toBe(5);
    expect(second.documents).toEqual(first.documents);
  }, 60_000);

  it('reads an added Word document once: the refresh after `corpus add` takes what the add read', async () => {
    const corpus = tempCorpus();
    const { logger } = captureLogger('warn');
    const engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger, watchMs: 0 });
    try {
      const manager = new CorpusManager({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, engine, logger });
      const shared = sharedDocumentReading();
      const before = shared.stats.inWorker;
      // Over 1,000 paragraphs: the reply's passage count is made a slice of paragraphs per event-loop turn.
      const more = Array.from({ length: 2500 }, (_, i) => `Ledger entry ${i}: the harbour master signed it. The tide was low.`);
      const bytes = await makeDocx({ title: 'The pier report', language: 'en-GB', paragraphs: ['The Ostrander shipyard will rebuild the north pier from 4 February 2026.', ...more] });
      const outcome = await manager.add({ file: { name: 'pier.docx', bytes } }, { platform: 'cli', userId: 'test' });
      expect(outcome).toMatchObject({ ok: true, document: { id: 'pier', file: 'pier.docx' } });
      expect(engine.ask('Which shipyard will rebuild the north pier?').passages[0]!.text).toContain('Ostrander shipyard');
      expect(shared.stats.inWorker - before).toBe(1);
      const { read } = await new DocumentReading({ useWorker: false }).read(bytes, { name: 'pier.docx' });
      expect(outcome.ok && outcome.passages).toBe(passages(read.body, 'en', {}, read.paragraphs).length);
      expect(outcome.ok && outcome.passages).toBeGreaterThan(2500 * 3);
    } finally {
      await engine.close();
      corpus.cleanup();
    }
  }, 60_000);
});
