/**
 * A worker-thread module for test/documents/reading.test.ts: reads one web page with a {@link DocumentReading}
 * of its own (as a refresh does inside an answer worker) and posts the body and the reader's statistics.
 */
import { parentPort } from 'node:worker_threads';
import { DocumentReading } from '../../src/documents/reading.js';

const r = new DocumentReading();
const page = '<!doctype html><html><head><title>T</title></head><body><article><p>The ferry left on 3 March 2026 at dawn, the council said.</p></article></body></html>';
const { read } = await r.read(new TextEncoder().encode(page), { name: 'page.html' });
parentPort!.postMessage({ body: read.body, stats: r.stats, usesWorker: r.usesWorker });
await r.close();
