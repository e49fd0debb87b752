/**
 * Entry of the index build worker thread (see {@link IndexBuilder}): builds a passage index away from the
 * thread that answers questions, and writes its snapshot (or hands the data back when there is no cache
 * directory). It never swaps anything in: the main thread loads the verified snapshot and swaps.
 */
import { parentPort } from 'node:worker_threads';
import { IndexBuildError } from '../errors.js';
import { runBuild, type BuildMessage, type BuildReply } from './builder.js';

if (!parentPort) throw new IndexBuildError('build-worker.ts must run in a worker thread');
const port = parentPort;
port.on('message', (msg: BuildMessage) => {
  void runBuild(msg.request).then(
    (result): void => port.postMessage({ id: msg.id, ok: true, result } satisfies BuildReply),
    (e: unknown): void => port.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies BuildReply),
  );
});
port.postMessage({ ready: true });
