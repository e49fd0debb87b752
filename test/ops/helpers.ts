/**
 * Test helpers for the refresh and operations tests: a temporary copy of the bundled corpus with its own
 * cache directory, corpus documents, and a logger whose lines are captured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../src/logger.js';

/** Root of the repository. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A temporary corpus (copy of `corpus/`) and cache directory. */
export interface TempCorpus {
  root: string;
  corpusDir: string;
  cacheDir: string;
  /** Writes (or overwrites) a corpus file. */
  write(file: string, text: string): void;
  /** Deletes a corpus file. */
  remove(file: string): void;
  cleanup(): void;
}

/** Copies the bundled corpus into a fresh temporary directory, plus `extra` files. */
export function tempCorpus(extra: Record<string, string> = {}): TempCorpus {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-ops-'));
  const corpusDir = path.join(root, 'corpus');
  const cacheDir = path.join(root, 'cache');
  fs.cpSync(path.join(ROOT, 'corpus'), corpusDir, { recursive: true });
  const write = (file: string, text: string) => fs.writeFileSync(path.join(corpusDir, file), text);
  for (const [f, t] of Object.entries(extra)) write(f, t);
  return {
    root,
    corpusDir,
    cacheDir,
    write,
    remove: (file) => fs.rmSync(path.join(corpusDir, file), { force: true }),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** A corpus document with front matter. */
export function doc(id: string, body: string, opts: { title?: string; published?: string; language?: 'fr' | 'en' } = {}): string {
  return `---\nid: ${id}\ntitle: ${JSON.stringify(opts.title ?? `Document ${id}`)}\npublished: ${opts.published ?? '2026-03-10'}\nlanguage: ${opts.language ?? 'en'}\n---\n${body}\n`;
}

/** A logger writing JSON lines into memory. */
export interface CapturedLogger {
  logger: Logger;
  /** Raw text written so far. */
  text(): string;
  /** Parsed lines (fields read as the test needs them). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  lines(): Record<string, any>[];
}

/** Creates a {@link CapturedLogger} at `level`. */
export function captureLogger(level: 'debug' | 'info' | 'warn' = 'debug'): CapturedLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger(level, stream);
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, any>),
  };
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
