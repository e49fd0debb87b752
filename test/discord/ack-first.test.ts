/**
 * Deferrals never wait behind answers (issue 17): a Discord `/ask` is deferred as it arrives (the deferral is
 * sent before the question is handed to the engine), so it arrives while the answer is still held; the
 * answer then replaces it. No timing threshold: the engine is held on a gate until every deferral is seen,
 * and the late-deferral timer is set far beyond the test (a deferral that waited for the answer never comes).
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
  it('defers each interaction while its answer is held, then edits the deferral with the answer', async () => {
    const questions = ['When was the ultimatum?', "Quand l'ultimatum a-t-il été fixé ?", 'Who set the ultimatum?'];
    const held = heldEngine(real, () => {}, onThread);
    const h = await startHarness({ engine: held.engine, deferAfterMs: 600_000 });
    try {
      const sent = questions.map((q, n) => {
        const options = [{ name: 'question', type: OptionType.String, value: q }, ...(n === 1 ? [{ name: 'private', type: OptionType.Boolean, value: true }] : [])];
        return h.fake.slashCommand({ name: 'ask', options });
      });
      // Every interaction is deferred (privately for the private question) while no answer exists yet.
      await expect.poll(() => held.asked.length, { timeout: 10_000 }).toBe(questions.length);
      await expect.poll(() => sent.filter((i) => h.fake.messagesFor(i).length > 0).length, { timeout: 10_000 }).toBe(questions.length);
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
