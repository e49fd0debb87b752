/**
 * Unexpected errors and a closed terminal (issue 16, item 9): the terminal bot stops quietly when the reader of
 * its output goes away (EPIPE), and an uncaught exception or unhandled rejection is logged once and stops the
 * process gracefully with exit code 1.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/adapter.js';
import { Bot, type QuestionEngine } from '../../src/bot.js';
import { handleFatalErrors } from '../../src/ops/fatal.js';
import { captureLogger, ROOT, tempCorpus, type TempCorpus } from './helpers.js';

let corpus: TempCorpus | null = null;
afterEach(() => {
  corpus?.cleanup();
  corpus = null;
});

describe('handleFatalErrors', () => {
  it('logs the first error once at fatal level and shuts down with code 1; later errors are one line', async () => {
    const proc = new EventEmitter();
    const { logger, lines } = captureLogger('debug');
    const calls: [string, number | undefined][] = [];
    const remove = handleFatalErrors({ shutdown: async (reason, code) => void calls.push([reason, code]), logger, proc: proc as never });
    proc.emit('unhandledRejection', new Error('boom'), Promise.resolve());
    proc.emit('uncaughtException', new Error('second'));
    proc.emit('uncaughtException', new Error('third'));
    expect(calls).toEqual([['unhandledRejection', 1]]);
    const fatal = lines().filter((l) => l.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toBe('unexpected error (unhandledRejection): stopping');
    expect((fatal[0]!.err as { message: string }).message).toBe('boom');
    expect(lines().filter((l) => String(l.msg).startsWith('further unexpected errors'))).toHaveLength(1);
    remove();
    expect(proc.listenerCount('uncaughtException')).toBe(0);
  });

  it('a real process: an unhandled rejection stops it gracefully with exit code 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-fatal-'));
    try {
      const script = path.join(dir, 'boom.ts');
      fs.writeFileSync(
        script,
        [
          `import { createLogger } from ${JSON.stringify(path.join(ROOT, 'src/logger.ts'))};`,
          `import { handleFatalErrors } from ${JSON.stringify(path.join(ROOT, 'src/ops/fatal.ts'))};`,
          `import { createShutdown } from ${JSON.stringify(path.join(ROOT, 'src/ops/shutdown.ts'))};`,
          `const logger = createLogger('info');`,
          `const shutdown = createShutdown({ bot: { close() {}, pending: 0 }, adapters: () => [], logger, timeoutMs: 1000 });`,
          `handleFatalErrors({ shutdown, logger });`,
          `setInterval(() => {}, 1000);`,
          `void Promise.reject(new Error('nobody handles me'));`,
        ].join('\n'),
      );
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += String(d)));
      child.stdout.resume();
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(code).toBe(1);
      const logLines = err.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logLines.filter((l) => l.level === 60).map((l) => l.msg)).toEqual(['unexpected error (unhandledRejection): stopping']);
      expect(logLines.some((l) => l.msg === 'stopped' && l.code === 1)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('the terminal bot when its reader goes away', () => {
  it('ConsoleAdapter: EPIPE on the output ends the session without throwing', async () => {
    const engine = { ask: () => ({ question: 'q', language: 'en', answered: false, passages: [], reason: 'not_covered' }) } as unknown as QuestionEngine;
    const { logger } = captureLogger('warn');
    const bot = new Bot({ engine, logger, rateLimit: { max: 1000, windowMs: 1000 } });
    const input = new PassThrough();
    let writes = 0;
    const output = new Writable({
      write(_chunk, _enc, cb) {
        writes++;
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    let outputErrors = 0;
    const ended = new Promise<void>((resolve) => {
      const adapter = new ConsoleAdapter({ bot, input, output, onEnd: resolve, onOutputError: () => outputErrors++ });
      void adapter.start();
    });
    for (let i = 0; i < 50; i++) input.write('when was the ultimatum?\n');
    await ended;
    expect(writes).toBe(1);
    expect(outputErrors).toBe(0);
  });

  it('npm start | head -1: exits 0 with no stack trace', async () => {
    corpus = tempCorpus();
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD|SLACK|METRICS)_/.test(k)));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'adapters/main.ts')], {
      cwd: ROOT,
      env: { ...clean, CORPUS_DIR: corpus.corpusDir, CACHE_DIR: corpus.cacheDir },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    // Read the first answer, then go away like `head -1`.
    child.stdout.once('data', () => child.stdout.destroy());
    for (let i = 0; i < 200; i++) child.stdin.write('when was the ultimatum?\n');
    child.stdin.end();
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(err).not.toMatch(/EPIPE|Unhandled 'error' event|at .*\(/);
    expect(code).toBe(0);
  }, 60_000);
});
