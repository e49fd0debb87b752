/** The index build worker starts from the main thread and from inside a worker thread (an answer worker's refresh). */
import { expect, it } from 'vitest';
import { startModuleWorker } from '../../src/threads.js';

it('starts its build worker from inside a worker thread too, under tsx (the module URL carries a query there)', async () => {
  const outer = startModuleWorker(new URL('../helpers/build-in-worker.ts', import.meta.url), null);
  const reply = await new Promise<{ passages: number; usesWorker: boolean; warnings: string[] }>((resolve, reject) => {
    outer.once('message', resolve);
    outer.once('error', reject);
  });
  await outer.terminate();
  expect(reply.passages).toBeGreaterThan(0);
  expect(reply.warnings).toEqual([]);
  expect(reply.usesWorker).toBe(true);
}, 30_000);
