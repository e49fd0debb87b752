import fs from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, workerData, Worker } from 'node:worker_threads';
import { Engine } from './src/engine.js';
import { createLogger } from './src/logger.js';
const args = isMainThread ? process.argv.slice(2) : (workerData.data as string[]);
const [corpusDir, cacheDir, qfile, young] = args;
const questions = JSON.parse(fs.readFileSync(qfile!, 'utf8')) as string[];
async function main() {
  const e = await Engine.open({ corpusDir: corpusDir!, cacheDir: cacheDir!, logger: createLogger('silent'), watchMs: 0 });
  for (const q of questions.slice(0, 20)) e.ask(q);
  const h = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!;
  for (const q of questions) e.ask(q);
  for (let r = 0; r < 2; r++) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    const u0 = performance.eventLoopUtilization();
    for (const q of questions) e.ask(q);
    const c = process.cpuUsage(c0);
    console.log(isMainThread ? 'main  ' : `worker young=${young}`, (questions.length * 1000 / (performance.now() - t)).toFixed(1), '/s', 'process cpu/answer', ((c.user + c.system) / 1000 / questions.length).toFixed(2), 'wall/answer', ((performance.now() - t) / questions.length).toFixed(2));
  }
  if (isMainThread) {
    for (const y of ['0']) {
      const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
      const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
      const boot = `const { workerData } = require('node:worker_threads'); import(workerData.api).then((m) => m.tsImport(workerData.entry, workerData.parent));`;
      const w = new Worker(boot, { eval: true, execArgv: [], workerData: { api, entry: pathToFileURL(path.resolve('tmp-inworker2.ts')).href, parent: import.meta.url, data: [corpusDir, cacheDir, qfile, y] }, ...(y !== '0' ? { resourceLimits: { maxYoungGenerationSizeMb: Number(y) } } : {}) });
      await new Promise((r) => w.on('exit', r));
    }
    process.exit(0);
  }
}
void main();
