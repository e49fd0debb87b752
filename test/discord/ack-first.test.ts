/**
 * Deferrals never wait behind answers (issue 17): a Discord `/ask` is deferred before its question is handed
 * to the engine, and the deferral arrives while the answer is still held; the answer then replaces it. No
 * timing threshold: the engine is held on a gate, and the late-deferral timer is set far beyond the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { heldEngine } from '../helpers/held-engine.js';
import { makeCacheDir, makeCorpus, removeTempDirs, startHarness } from './harness.js';
import { OptionType } from './fake-discord.js';

const EPHEMERAL = 64;
let real: Engine;

beforeAll(async () => {
  real = await Engine.open({ corpusDir: makeCorpus(), cacheDir: makeCacheDir(), logger: createLogger('silent'), watchMs: 0 });
}, 20_000);

afterAll(async () => {
  await real?.close();
  removeTempDirs();
});

describe.each([
  ['answer worker pool', false],
  ['engine on the main thread', true],
])('Discord /ask with the %s', (_name, onThread) => {
  it('defers each interaction before its question is queued, then edits the deferral with the answer', async () => {
    const questions = ['When was the ultimatum?', "Quand l'ultimatum a-t-il été fixé ?", 'Who set the ultimatum?'];
    const deferredFirst: boolean[] = [];
    const byQuestion = new Map<string, { id: string; token: string }>();
    let fake!: Awaited<ReturnType<typeof startHarness>>['fake'];
    const held = heldEngine(real, (q) => deferredFirst.push(fake.messagesFor(byQuestion.get(q)!).some((m) => m.via === 'callback' && m.callbackType === 5)), onThread);
    const h = await startHarness({ engine: held.engine, deferAfterMs: 600_000 });
    fake = h.fake;
    try {
      const sent = questions.map((q, n) => {
        const options = [{ name: 'question', type: OptionType.String, value: q }, ...(n === 1 ? [{ name: 'private', type: OptionType.Boolean, value: true }] : [])];
        const i = h.fake.slashCommand({ name: 'ask', options });
        byQuestion.set(q, i);
        return i;
      });
      // Every interaction is deferred (privately for the private question) while no answer exists yet.
      await expect.poll(() => held.asked.length, { timeout: 10_000 }).toBe(questions.length);
      expect(deferredFirst).toEqual(questions.map(() => true));
      sent.forEach((i, n) => expect(h.fake.messagesFor(i)).toEqual([expect.objectContaining({ via: 'callback', callbackType: 5, flags: n === 1 ? EPHEMERAL : 0 })]));
      held.open();
      for (const [n, i] of sent.entries()) {
        const m = await h.fake.answerFor(i, 10_000);
        expect(m.via).toBe('edit');
        expect(m.flags & EPHEMERAL).toBe(n === 1 ? EPHEMERAL : 0);
        expect(m.embeds[0]?.description).toContain('ultimatum');
      }
    } finally {
      await h.close();
    }
  });
});
