/**
 * Starting a worker thread on one of our modules, from built JavaScript or from the TypeScript sources.
 * A basic module (it imports nothing of ours), so that any layer may start a worker: the answer pool
 * (src/pool/), the document reader (src/documents/reading.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Options of {@link startModuleWorker}. */
export interface ModuleWorkerOptions {
  /** The worker's heap limits (an exceeded limit ends the worker with `ERR_WORKER_OUT_OF_MEMORY`). */
  resourceLimits?: ResourceLimits;
}

/**
 * Starts a worker thread running `entry` (a `.ts` or `.js` module URL) with `workerData`. Built JavaScript
 * runs the file directly. TypeScript sources (under `tsx` or vitest) need tsx inside the worker, and tsx's
 * `--import` loader does not register itself in worker threads on Node 20: a tiny bootstrap loads the entry
 * through tsx's `tsImport` API instead. The entry reads its data from `workerData.data`.
 */
export function startModuleWorker(entry: URL, data: unknown, options: ModuleWorkerOptions = {}): Worker {
  const limits = options.resourceLimits ? { resourceLimits: options.resourceLimits } : {};
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: { data }, ...limits });
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `const { workerData } = require('node:worker_threads');
import(workerData.api).then((m) => m.tsImport(workerData.entry, workerData.parent));`;
  // The parent's loader flags (`--import tsx`) do not work in a worker. (V8 flags such as `--expose-gc` are
  // the process's: workers have them without being given them.)
  return new Worker(boot, { eval: true, execArgv: [], workerData: { api, entry: entry.href, parent: import.meta.url, data }, ...limits });
}

/**
 * The URL of the worker module `name` beside the module at `base` (its `import.meta.url`): `name.ts` when
 * `base` is a TypeScript source (tsx, vitest), else `name.js` (the build). The extension is read from the
 * URL's path: in a worker started through tsx's API, a module's URL carries a query.
 */
export function moduleBeside(name: string, base: string): URL {
  return new URL(`./${name}.${new URL(base).pathname.endsWith('.ts') ? 'ts' : 'js'}`, base);
}
