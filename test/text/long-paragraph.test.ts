/**
 * Over-long sentences and paragraphs (issue 16, item 8): a paragraph with no punctuation used to be one
 * passage (2 MB returned whole by `ask --json`, 170–280 ms per matching answer). Sentences longer than
 * MAX_SENTENCE_CHARS are cut at index time, so no quote is longer than a chat message can show. The
 * hostile paragraphs are generated here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { MAX_SENTENCE_CHARS, passages, splitLong } from '../../src/text/chunk.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-longpara-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('passages of an over-long paragraph', () => {
  it('a 2 MB paragraph with no punctuation gives passages of at most MAX_SENTENCE_CHARS, covering every word', () => {
    const words = Array.from({ length: 400_000 }, (_, i) => `mot${i % 997}`);
    const body = words.join(' ');
    expect(body.length).toBeGreaterThan(2_000_000);
    const ps = passages(body, 'fr');
    expect(ps.length).toBeGreaterThan(2000);
    for (const p of ps) {
      expect(p.end - p.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(p.paragraph).toBe(1);
    }
    // Sentences in order, separated only by spaces, and every word inside one of them.
    const sents = ps.filter((p) => p.sentences === 1);
    expect(sents[0]!.start).toBe(0);
    expect(sents[sents.length - 1]!.end).toBe(body.length);
    for (let i = 1; i < sents.length; i++) expect(body.slice(sents[i - 1]!.end, sents[i]!.start)).toMatch(/^ +$/);
  });

  it('cuts after a comma or semicolon when there is one, never inside a surrogate pair', () => {
    const text = `${'abc def, '.repeat(200)}`;
    const pieces = splitLong(text, 0, { start: 0, end: text.length }, 100);
    for (const p of pieces.slice(0, -1)) expect(text.slice(p.start, p.end)).toMatch(/,$/);
    const emoji = '😀'.repeat(300);
    for (const p of splitLong(emoji, 0, { start: 0, end: emoji.length }, 101)) {
      expect(p.end - p.start).toBeLessThanOrEqual(101);
      expect(emoji.slice(p.start, p.end)).toMatch(/^(?:😀)+$/u);
    }
  });

  it('many short sentences and abbreviations in one paragraph are split in bounded time', () => {
    // ICU's segmenter on 240 kB of « Il part. Et » took 43 s, and joining « M. M. M. … » 40 s (quadratic).
    for (const unit of ['Il part. Et ', 'M. ', 'etc. Et ']) {
      const body = unit.repeat(20_000);
      const t = performance.now();
      const ps = passages(body, 'fr');
      expect(performance.now() - t).toBeLessThan(5000); // 0.1–0.2 s after the fix
      for (const p of ps) expect(p.end - p.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    }
    const body = 'Il part. Et '.repeat(20_000);
    const sents = passages(body, 'fr').filter((p) => p.sentences === 1);
    // Segmented as without pieces: « Il part. » then « Et Il part. » …, one sentence each.
    expect(sents).toHaveLength(20_001);
    expect(new Set(sents.map((p) => body.slice(p.start, p.end)))).toEqual(new Set(['Il part.', 'Et Il part.', 'Et']));
  }, 60_000);

  it('a paragraph cut for the segmenter keeps an abbreviation inside its sentence', () => {
    const filler = 'Le conseil se réunit longuement. '.repeat(200);
    const body = `${filler}Selon M. Dupont, le vote eut lieu. ${filler}`;
    const texts = passages(body, 'fr').filter((p) => p.sentences === 1).map((p) => body.slice(p.start, p.end));
    expect(texts).toContain('Selon M. Dupont, le vote eut lieu.');
  });

  it('ordinary sentences are not cut', () => {
    const body = 'Le 24 février 2026, Hegseth fixe un ultimatum. Anthropic refuse le 26 février.';
    expect(passages(body, 'fr').filter((p) => p.sentences === 1).map((p) => body.slice(p.start, p.end))).toEqual([
      'Le 24 février 2026, Hegseth fixe un ultimatum.',
      'Anthropic refuse le 26 février.',
    ]);
  });
});

describe('an engine with a 2 MB paragraph', () => {
  it('answers from it with a quote a chat message can show, in bounded time', async () => {
    const corpusDir = path.join(root, 'corpus');
    fs.mkdirSync(corpusDir);
    const filler = Array.from({ length: 250_000 }, (_, i) => `mot${i % 991}`);
    filler.splice(123_457, 0, 'le zorgloub rouge fut volé le 3 mars 2026 au musée');
    const body = filler.join(' ');
    fs.writeFileSync(path.join(corpusDir, 'long.md'), `---\nid: long\ntitle: Long\npublished: 2026-03-09\nlanguage: fr\n---\n${body}\n`);
    const engine = await Engine.open({ corpusDir, cacheDir: path.join(root, 'cache'), logger: createLogger('silent'), watchMs: 0 });
    try {
      engine.ask('Quand le zorgloub a-t-il été volé ?'); // warm-up
      const t = performance.now();
      const a = engine.ask('Quand le zorgloub a-t-il été volé ?');
      const ms = performance.now() - t;
      expect(a.answered).toBe(true);
      expect(a.passages[0]!.text).toContain('zorgloub rouge fut volé');
      for (const p of a.passages) expect(p.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(JSON.stringify(a).length).toBeLessThan(20_000);
      // 35–110 ms after the fix on the loaded shared machine (the paragraph's 2,000 sentences are still read
      // for paragraph evidence); the whole 2 MB passage took 590–1,000 ms there. The length checks above are
      // the point; this bound only catches a return to the whole-paragraph passage.
      expect(ms).toBeLessThan(500);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
