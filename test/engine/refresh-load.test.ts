/**
 * 1,000 questions asked concurrently through the bot core while 20 refreshes run on the real engine, half
 * of them of a corpus with a broken file: zero errors, and every answer comes from a complete index (the
 * one in service when it was asked, old or new, never a mix).
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Bot, type BotReply } from '../../src/bot.js';
import { Engine } from '../../src/engine.js';
import type { EngineStatus } from '../../src/types.js';
import { captureLogger, doc, tempCorpus, type TempCorpus } from '../ops/helpers.js';

const QUESTIONS = [
  'When did the harbour committee meet?',
  'Quand Hegseth a-t-il fixé un ultimatum à Dario Amodei ?',
  'Who is the lighthouse keeper?',
  'What did Trump order the federal agencies to do?',
  'How do I bake a pizza?',
];
const REFRESHES = 20;
const TOTAL = 1000;

/** The harbour document of generation `gen`: the date in its first sentence tells which index answered. */
function harbour(gen: number): string {
  return doc(
    'harbour',
    `The harbour committee met on ${gen + 1} March 2026 in Marseille to approve the new lighthouse budget of 4 million euros.\n\nThe lighthouse keeper, Jeanne Morel, said the work would start in April 2026.`,
  );
}
const BROKEN = '---\nid: broken\ntitle: Broken\npublished: someday\nlanguage: en\n---\nThis file has an invalid publication date.\n';

let corpus: TempCorpus;
let engine: Engine;
beforeAll(() => {
  corpus = tempCorpus({ 'harbour.md': harbour(0), 'quay.md': doc('quay', 'The new quay opened on 12 January 2026 after two years of works.') });
});
afterAll(async () => {
  await engine?.close();
  corpus.cleanup();
});

interface Known {
  gen: number;
  status: Pick<EngineStatus, 'documents' | 'passages'>;
  bodies: Map<string, string>;
}

it('answers 1,000 concurrent questions from complete indexes while 20 refreshes run', { timeout: 60_000 }, async () => {
  const cap = captureLogger('warn');
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: cap.logger, watchMs: 0 });
  const bot = new Bot({ engine, logger: cap.logger, rateLimit: { max: 1_000_000, windowMs: 1000 } });
  const staticBodies = new Map<string, string>();
  for (const f of ['anthropic-pentagone-panne.md', 'quay.md']) {
    const text = fs.readFileSync(path.join(corpus.corpusDir, f), 'utf8');
    staticBodies.set(/^id: (.+)$/m.exec(text)![1]!, text);
  }
  const known = new Map<string, Known>();
  const register = (gen: number, s: Pick<EngineStatus, 'version' | 'documents' | 'passages'>) =>
    known.set(s.version, { gen, status: { documents: s.documents, passages: s.passages }, bodies: new Map([...staticBodies, ['harbour', harbour(gen)]]) });
  register(0, engine.status());

  let asked = 0;
  let budget = 0; // questions released so far: TOTAL / REFRESHES per refresh started
  let duringRefresh = 0;
  let refreshing = false;
  const results: { version: string; reply: BotReply; refreshing: boolean }[] = [];
  const client = async (n: number) => {
    while (asked < TOTAL) {
      await new Promise((r) => setImmediate(r));
      while (asked >= budget && asked < TOTAL) await new Promise((r) => setTimeout(r, 1));
      if (asked >= TOTAL) break;
      const q = QUESTIONS[(asked + n) % QUESTIONS.length]!;
      asked++;
      if (refreshing) duringRefresh++;
      const during = refreshing;
      const reply = await bot.processEvent({ kind: 'ask', text: q, from: { platform: 'console', userId: `u${n}` } });
      // The answer names the index version that produced it; the status of that version is registered.
      const version = reply.kind === 'answer' ? reply.answer.index : undefined;
      results.push({ version: version ?? '(none)', reply, refreshing: during });
    }
  };
  const refresher = async () => {
    const reports = [];
    for (let i = 1; i <= REFRESHES; i++) {
      corpus.write('harbour.md', harbour(i));
      if (i % 2 === 0) corpus.write('broken.md', BROKEN);
      else corpus.remove('broken.md');
      refreshing = true;
      budget = (TOTAL * i) / REFRESHES;
      const report = await engine.refresh();
      refreshing = false;
      reports.push(report);
      expect(report.ok, report.error).toBe(true);
      expect(report.changed).toEqual(['harbour']);
      if (i % 2 === 0) expect(report.rejected).toEqual([expect.objectContaining({ file: 'broken.md', field: 'published' })]);
      else expect(report.rejected).toEqual([]);
      register(i, report);
      // let questions run between refreshes too, so that the 1,000 span all 20 refreshes
      while (asked < (TOTAL * i) / REFRESHES && asked < TOTAL) await new Promise((r) => setTimeout(r, 1));
    }
    return reports;
  };
  engine.warmUp();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = performance.now();
  const [reports] = await Promise.all([refresher(), ...Array.from({ length: 8 }, (_, n) => client(n))]);
  const elapsed = performance.now() - started;
  loopDelay.disable();

  expect(reports).toHaveLength(REFRESHES);
  expect(results).toHaveLength(TOTAL);
  const errors = results.filter((r) => r.reply.kind !== 'answer');
  expect(errors).toEqual([]);
  const versionsSeen = new Set<string>();
  for (const { version, reply } of results) {
    // Every answer names a version some refresh (or the start) put in service: a complete index.
    const k = known.get(version);
    expect(k, `unknown index version ${version}`).toBeDefined();
    versionsSeen.add(version);
    if (reply.kind !== 'answer') continue;
    const a = reply.answer;
    for (const p of a.passages) {
      const body = k!.bodies.get(p.document.id);
      expect(body, `document ${p.document.id} is not in index ${version}`).toBeDefined();
      expect(body).toContain(p.text);
    }
    if (a.question === QUESTIONS[0]) {
      expect(a.answered).toBe(true);
      expect(a.passages[0]!.text).toContain(`met on ${k!.gen + 1} March 2026`);
    }
    if (a.question === QUESTIONS[1]) expect(a.answered).toBe(true);
    if (a.question === QUESTIONS[4]) expect(a.answered).toBe(false);
  }
  // the questions really ran during the refreshes, across many index versions
  expect(versionsSeen.size).toBeGreaterThanOrEqual(10);
  expect(duringRefresh).toBeGreaterThanOrEqual(TOTAL / 5);
  expect(cap.lines().filter((l) => (l.level as number) >= 50)).toEqual([]);
  console.log(
    `load: ${TOTAL} questions, ${REFRESHES} refreshes in ${Math.round(elapsed)} ms; ${duringRefresh} asked during a refresh; ` +
      `${versionsSeen.size} index versions seen; event loop delay p99 ${Math.round(loopDelay.percentile(99) / 1e6)} ms, max ${Math.round(loopDelay.max / 1e6)} ms; ` +
      `refresh ms: ${reports.map((r) => r.ms).join(',')}; worker: ${engine.buildsInWorker}`,
  );
});
