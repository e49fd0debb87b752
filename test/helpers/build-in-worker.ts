/**
 * A worker-thread module for test/index/builder.test.ts: builds a small index with an {@link IndexBuilder} of
 * its own (as a refresh does inside an answer worker) and posts whether the build ran in a build worker.
 */
import { parentPort } from 'node:worker_threads';
import { IndexBuilder } from '../../src/index/builder.js';
import { captureLogger } from '../ops/helpers.js';

const builder = new IndexBuilder();
const { logger, lines } = captureLogger();
const doc = { id: 'ferry', title: 'Ferry', published: '2026-03-09', language: 'en' as const, body: 'The ferry left on 3 March 2026 at dawn.', file: 'ferry.md', hash: 'h' };
const result = await builder.build({ docs: [doc], version: 'v1', cacheDir: null, glossaryText: '', rejected: [] }, logger);
parentPort!.postMessage({ passages: result.passages, usesWorker: builder.usesWorker, warnings: lines().filter((l) => l.level >= 40).map((l) => l.msg) });
await builder.close();
