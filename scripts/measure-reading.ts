/**
 * Measures where documents are read (README, "Where documents are read"):
 *  1. the main thread's longest event-loop gap while a large Word document is read in the calling thread
 *     (what every read did before the reader worker) and in the reader worker, and during a whole
 *     `corpus add` of it (read, write, refresh, swap);
 *  2. the time of a refresh after one hand edit of a corpus holding 10 PDFs and 10 Word documents, with the
 *     parsed-document cache and with it emptied first (every file parsed again, as before the cache).
 * Usage: `npx tsx scripts/measure-reading.ts [paragraphs of the large document, default 40000]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { CorpusManager } from '../src/corpus/manage.js';
import { parsedCacheFor } from '../src/corpus/parsed-cache.js';
import { DocumentReading, sharedDocumentReading } from '../src/documents/reading.js';
import { Engine } from '../src/engine.js';
import { createLogger } from '../src/logger.js';
import { bigDocx } from '../test/helpers/office.js';
import { withStallMeter } from '../bench/stats.js';
import { makePdf } from '../test/helpers/pdf.js';

function tempCorpus(): { corpusDir: string; cacheDir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-reading-'));
  const corpusDir = path.join(root, 'corpus');
  fs.cpSync(new URL('../corpus', import.meta.url), corpusDir, { recursive: true });
  return { root, corpusDir, cacheDir: path.join(root, 'cache') };
}

const r1 = (n: number) => n.toFixed(1);
const logger = createLogger('warn');
const paragraphs = Number(process.argv[2] ?? 40_000);

// 1. The large Word document.
const big = await bigDocx(paragraphs, 'the harbour ledger');
const here = await withStallMeter(() => new DocumentReading({ useWorker: false }).read(big, { name: 'ledger.docx' }));
console.log(`read ${paragraphs}-paragraph .docx (${big.length} bytes) in the calling thread: ${r1(here.ms)} ms, longest event-loop gap ${r1(here.maxGap)} ms`);
const worker = new DocumentReading();
await worker.read(strToU8('<html><head><title>w</title></head><body><p>warm</p></body></html>'), { name: 'w.html' });
const there = await withStallMeter(() => worker.read(big, { name: 'ledger.docx' }));
console.log(`read it in the reader worker: ${r1(there.ms)} ms, longest event-loop gap ${r1(there.maxGap)} ms`);
await worker.close();

const c = tempCorpus();
const engine = await Engine.open({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger, watchMs: 0 });
engine.warmUp();
const manager = new CorpusManager({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, engine, logger });
await sharedDocumentReading().read(strToU8('<html><head><title>w</title></head><body><p>warm</p></body></html>'), { name: 'w.html' });
const add = await withStallMeter(() => manager.add({ file: { name: 'ledger.docx', bytes: big } }, { platform: 'cli', userId: 'measure' }));
console.log(`corpus add of it (read, write, refresh, swap): ${r1(add.ms)} ms, ok ${add.result.ok}, longest event-loop gap ${r1(add.maxGap)} ms`);
await engine.close();

// 2. Refresh after one hand edit, 10 PDFs and 10 Word documents.
const d = tempCorpus();
const line = (i: number, j: number) => `Report ${i}, item ${j}: the water board measured a leak rate of ${j % 40} percent in district ${j}.`;
for (let i = 0; i < 10; i++) {
  const pages = Array.from({ length: 20 }, (_, p) => Array.from({ length: 30 }, (_, j) => line(i, p * 30 + j)));
  fs.writeFileSync(path.join(d.corpusDir, `report-${i}.pdf`), makePdf(pages, { title: `Water board report ${i}` }));
  fs.writeFileSync(path.join(d.corpusDir, `report-${i}.meta.yml`), `title: "Water board report ${i}"\npublished: 2026-03-0${(i % 9) + 1}\nlanguage: en\n`);
  fs.writeFileSync(path.join(d.corpusDir, `ledger-${i}.docx`), await bigDocx(3000, `ledger ${i}`));
  fs.writeFileSync(path.join(d.corpusDir, `ledger-${i}.meta.yml`), `title: "Ledger ${i}"\npublished: 2026-02-0${(i % 9) + 1}\nlanguage: en\n`);
}
const t0 = performance.now();
const e2 = await Engine.open({ corpusDir: d.corpusDir, cacheDir: d.cacheDir, logger, watchMs: 0 });
console.log(`open a corpus of 10 PDFs (20 pages) and 10 .docx (3,000 paragraphs) + the seed article: ${r1(performance.now() - t0)} ms`);
const seed = path.join(d.corpusDir, 'anthropic-pentagone-panne.md');
for (const cached of [true, false, true, false]) {
  fs.appendFileSync(seed, `\nUne ligne ajoutée à la main (${Date.now()}).\n`);
  if (!cached) await parsedCacheFor(d.corpusDir, d.cacheDir).clear();
  const r = await withStallMeter(() => e2.refresh());
  console.log(`refresh after one hand edit, ${cached ? 'with the parsed-document cache' : 'cache emptied first (every file parsed) '}: ${r1(r.ms)} ms (ok ${r.result.ok}), longest event-loop gap ${r1(r.maxGap)} ms`);
}
await e2.close();
fs.rmSync(c.root, { recursive: true, force: true });
fs.rmSync(d.root, { recursive: true, force: true });
process.exit(0);
