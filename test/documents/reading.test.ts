/**
 * Documents are read off the main thread (src/documents/reading.ts): real worker threads, real documents.
 * The event loop stays responsive while a large Word document is read; a document over the time or memory
 * limit is refused politely and the next one is read by a new worker; a worker that dies mid-read refuses
 * its document only; when no worker can start, documents are read in the calling thread with one warning.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentReading, INLINE_MARKDOWN_BYTES } from '../../src/documents/reading.js';
import { DocumentError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { startModuleWorker } from '../../src/threads.js';
import { withStallMeter } from '../../bench/stats.js';
import { bigDocx } from '../helpers/office.js';

/** A Word document of `n` paragraphs (3 XML elements each: mammoth takes ~70 µs and ~6 KB of heap a paragraph). */
const page = (text: string) => new TextEncoder().encode(`<!doctype html><html><head><title>${text}</title></head><body><article><p>${text} happened on 3 March 2026 at the harbour, the council said.</p></article></body></html>`);

/** Why a read was refused (fails the test when it was not). */
async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DocumentError);
  return (e as DocumentError).reason;
}

const readers: DocumentReading[] = [];
const reading = (opts: ConstructorParameters<typeof DocumentReading>[0] = {}) => {
  const r = new DocumentReading(opts);
  readers.push(r);
  return r;
};
afterAll(async () => {
  await Promise.all(readers.map((r) => r.close()));
});

describe('reading documents in a worker thread', () => {
  it('keeps the event loop responsive while a large Word document is read', async () => {
    const r = reading();
    const docx = await bigDocx(20_000);
    await r.read(page('Warm-up'), { name: 'warm.html' }); // the worker is started
    const { result, ms: elapsed, maxGap } = await withStallMeter(() => r.read(docx, { name: 'ledger.docx' }));
    const { format, read } = result;
    expect(format).toBe('docx');
    expect(read.paragraphs.length).toBe(20_001);
    expect(read.body).toContain('Entry 19999 of the harbour ledger');
    expect(r.stats).toMatchObject({ parsed: 2, inWorker: 2, workersStarted: 1 });
    // Read in the calling thread, the longest gap would be the whole read.
    expect(elapsed).toBeGreaterThan(300);
    expect(maxGap).toBeLessThan(elapsed / 3);
  }, 60_000);

  it('refuses a document that takes longer than the time limit, and reads the next one with a new worker', async () => {
    // A new worker's first document also pays for loading the readers (a few hundred ms): the limit leaves room.
    const r = reading({ timeoutMs: 2000 });
    const docx = await bigDocx(60_000); // 3–4 s to read
    await r.read(page('Warm-up'), { name: 'warm.html' });
    const t0 = performance.now();
    expect(await refusal(r.read(docx, { name: 'ledger.docx' }))).toBe('took longer than 2 s to read: refused');
    expect(performance.now() - t0).toBeLessThan(3500);
    const { read } = await r.read(page('The next page'), { name: 'next.html' });
    expect(read.body).toContain('The next page happened on 3 March 2026');
    expect(r.stats).toMatchObject({ refusedForLimits: 1, workersStarted: 2 });
  }, 60_000);

  it('refuses a document that needs more memory than the limit, and reads the next one with a new worker', async () => {
    const r = reading({ maxMemoryMb: 96 });
    const docx = await bigDocx(60_000);
    expect(await refusal(r.read(docx, { name: 'ledger.docx' }))).toBe('needed more memory than the 96 MB allowed to read: refused');
    const { read } = await r.read(page('After the heavy one'), { name: 'next.html' });
    expect(read.body).toContain('After the heavy one happened');
    expect(r.stats).toMatchObject({ refusedForLimits: 1, workersStarted: 2 });
  }, 60_000);

  it('refuses only the document being read when the worker dies mid-read; documents queued behind it are read', async () => {
    const r = reading();
    const docx = await bigDocx(20_000);
    await r.read(page('Warm-up'), { name: 'warm.html' });
    const first = r.read(docx, { name: 'ledger.docx' });
    const second = r.read(page('Queued behind'), { name: 'queued.html' });
    await new Promise((res) => setTimeout(res, 100));
    await r.terminateWorker();
    expect(await refusal(first)).toMatch(/^could not be read \(the reader stopped, exit code \d+\)$/);
    expect((await second).read.body).toContain('Queued behind happened');
    expect(r.stats.workersStarted).toBe(2);
  }, 60_000);

  it('stops the worker once idle (its heap released), and starts a new one for the next document', async () => {
    const r = reading({ idleMs: 300 });
    await r.read(page('First'), { name: 'first.html' });
    await r.read(page('Second, back to back'), { name: 'second.html' });
    expect(r.workerRunning).toBe(true);
    expect(r.stats.workersStarted).toBe(1);
    const deadline = Date.now() + 5000;
    while (r.workerRunning && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(r.workerRunning).toBe(false);
    expect((await r.read(page('After a pause'), { name: 'third.html' })).read.body).toContain('After a pause happened');
    expect(r.stats).toMatchObject({ inWorker: 3, workersStarted: 2 });
  }, 30_000);

  it('starts its worker from inside a worker thread too (a refresh runs in an answer worker)', async () => {
    const outer = startModuleWorker(new URL('../helpers/read-in-worker.ts', import.meta.url), null);
    const reply = await new Promise<{ body: string; stats: DocumentReading['stats']; usesWorker: boolean }>((resolve, reject) => {
      outer.once('message', resolve);
      outer.once('error', reject);
    });
    await outer.terminate();
    expect(reply.body).toBe('The ferry left on 3 March 2026 at dawn, the council said.');
    expect(reply).toMatchObject({ usesWorker: true, stats: { inWorker: 1, workersStarted: 1 } });
  }, 30_000);

  it('copies the bytes it sends: the caller keeps its own (to write them to disk)', async () => {
    const r = reading();
    const bytes = page('Kept bytes'); // its own ArrayBuffer (a pooled Buffer's could not be transferred anyway)
    await r.read(bytes, { name: 'kept.html' });
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(new TextDecoder().decode(bytes)).toContain('Kept bytes');
  }, 30_000);

  it('reads plain text and small Markdown in the calling thread, large Markdown and every web page in the worker', async () => {
    const r = reading();
    const md = new TextEncoder().encode('# Harbour\n\nThe ferry left on 3 March 2026.\n');
    await r.read(md, { name: 'small.md' });
    await r.read(new TextEncoder().encode('The ferry left on 3 March 2026.\n'.repeat(20_000)), { name: 'large.txt' });
    expect(r.stats).toMatchObject({ parsed: 2, inWorker: 0, workersStarted: 0 });
    const large = new TextEncoder().encode('The ferry left on 3 March 2026.\n\n'.repeat(INLINE_MARKDOWN_BYTES / 16));
    const { format } = await r.read(large, { name: 'large.md' });
    expect(format).toBe('markdown');
    await r.read(page('A page'), { mediaType: 'text/html' });
    expect(r.stats).toMatchObject({ parsed: 4, inWorker: 2, workersStarted: 1 });
  }, 30_000);

  it('refuses in the worker what detection refuses, with the same reason as in the calling thread', async () => {
    const r = reading();
    const here = reading({ useWorker: false });
    const fake = new TextEncoder().encode('not a PDF at all');
    const inWorker = await refusal(r.read(fake, { name: 'report.pdf' }));
    expect(inWorker).toBe(await refusal(here.read(fake, { name: 'report.pdf' })));
    expect(inWorker).toBe('"report.pdf" is named or announced as a PDF but is not one');
    expect(r.stats.inWorker).toBe(1);
  }, 30_000);

  it('reads in the calling thread, with one warning, when no worker can start', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
    // A heap limit of 1 MB: the worker dies of it before it is ready.
    const r = reading({ maxMemoryMb: 1, logger });
    const { read } = await r.read(page('Read here'), { name: 'here.html' });
    expect(read.body).toContain('Read here happened');
    expect(await refusal(r.read(new TextEncoder().encode('%PDF-1.7 broken'), { name: 'broken.pdf' }))).toMatch(/^could not be read|is not|damaged|invalid/i);
    expect(r.usesWorker).toBe(false);
    expect(r.stats).toMatchObject({ parsed: 2, inWorker: 0, workersStarted: 1 });
    expect(lines.filter((l) => l.includes('document reader worker unavailable'))).toHaveLength(1);
  }, 30_000);
});
