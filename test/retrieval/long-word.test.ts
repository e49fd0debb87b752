/**
 * One very long word (issue 16, item 7): the misspelling search (swaps and an edit-distance search, whose cost
 * grows with the square of the length) is skipped for words longer than any real word, so a question of one
 * 10,000-letter word is answered in bounded time (356–500 ms before, about 1 ms after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_RANK } from '../../src/retrieval/options.js';

const CORPUS = path.resolve(import.meta.dirname, '../../corpus');
let engine: Engine;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'quotebot-longword-'));
  engine = await Engine.open({ corpusDir: CORPUS, cacheDir, logger: createLogger('silent'), watchMs: 0, maxQuestionLength: 10_000 });
});
afterAll(async () => {
  await engine.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

it('answers a question of one 10,000-letter word in bounded time', () => {
  engine.ask('b'.repeat(10_000)); // warm-up
  for (const word of ['a'.repeat(10_000), 'ab'.repeat(5_000), 'ultimatumz'.repeat(1_000)]) {
    const t = performance.now();
    const answer = engine.ask(word);
    const ms = performance.now() - t;
    expect(answer.answered).toBe(false);
    // About 1 ms on the shared machine; the quadratic search took 350–500 ms.
    expect(ms).toBeLessThan(150);
  }
});

it('still finds a misspelt word of ordinary length', () => {
  expect(DEFAULT_RANK.fuzzyMaxLength).toBeGreaterThanOrEqual(25);
  const answer = engine.ask("Quand l'ultimatmu a-t-il été fixé ?");
  expect(answer.answered).toBe(true);
  expect(answer.passages[0]!.text).toContain('ultimatum');
});
