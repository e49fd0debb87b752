/**
 * Entry of the document reader worker thread (see {@link DocumentReading}): reads the documents it is sent,
 * one at a time, with {@link readDocumentHere}, under the heap limit it was started with. A refusal comes
 * back as its field and reason; the main thread enforces the time limit (it terminates this thread).
 */
import { parentPort } from 'node:worker_threads';
import { DocumentError } from '../errors.js';
import { readDocumentHere } from './read.js';
import type { ReadReply, ReadRequest } from './reading.js';

if (!parentPort) throw new DocumentError('file', 'read-worker.ts must run in a worker thread');
const port = parentPort;
port.on('message', (msg: ReadRequest) => {
  void readDocumentHere(msg.bytes, msg.hint).then(
    (outcome): void => port.postMessage({ id: msg.id, ok: true, outcome } satisfies ReadReply),
    (e: unknown): void => {
      const refusal = e instanceof DocumentError ? { field: e.field, reason: e.reason } : { field: 'file', reason: `could not be read (${String(e)})` };
      port.postMessage({ id: msg.id, ok: false, ...refusal } satisfies ReadReply);
    },
  );
});
port.postMessage({ ready: true } satisfies ReadReply);
