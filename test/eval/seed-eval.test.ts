/**
 * Keeps the seed-article evaluation (`npm run eval`) from regressing: top-1 per language, dates and
 * abstention, on the bundled corpus with the real engine.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { evaluate, type EvalQuestion } from '../../src/eval/seed.js';
import { createLogger } from '../../src/logger.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { questions } = JSON.parse(readFileSync(join(root, 'data/eval/seed-questions.json'), 'utf8')) as { questions: EvalQuestion[] };

describe('seed-article evaluation', () => {
  it('has an honest question set: 40+ questions in both languages, dated ones, 6+ out of scope', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(questions.filter((q) => q.lang === 'fr' && q.expect).length).toBeGreaterThanOrEqual(15);
    expect(questions.filter((q) => q.lang === 'en' && q.expect).length).toBeGreaterThanOrEqual(15);
    expect(questions.filter((q) => q.date).length).toBeGreaterThanOrEqual(10);
    expect(questions.filter((q) => q.expect === null).length).toBeGreaterThanOrEqual(6);
    // Every expected quote is really in the article.
    const article = readFileSync(join(root, 'corpus/anthropic-pentagone-panne.md'), 'utf8');
    for (const q of questions) if (q.expect) expect(article, q.id).toContain(q.expect);
  });

  it('reaches the targets: top-1 ≥ 90% in French and in English, dates ≥ 90%, abstention ≥ 5 in 6, ≤ 1 covered declined, ≥ 90% of covered answered as sure', async () => {
    const engine = await Engine.open({
      corpusDir: join(root, 'corpus'),
      cacheDir: mkdtempSync(join(tmpdir(), 'quotebot-eval-')),
      logger: createLogger('silent'),
    });
    try {
      const r = evaluate(engine, questions);
      const misses = r.outcomes.filter((o) => (o.covered ? !o.top1 : o.answered)).map((o) => `${o.id}: ${o.question} → ${o.first ?? 'declined'}`);
      expect(r.top1.fr, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
      expect(r.top1.en, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
      expect(r.dates).toBeGreaterThanOrEqual(0.9);
      expect(r.abstention).toBeGreaterThanOrEqual(5 / 6);
      expect(r.coveredDeclined).toBeLessThanOrEqual(1);
      // Covered questions are answered as sure, not as the closest passage (three tiers, issue 14).
      expect(r.sureCovered, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
