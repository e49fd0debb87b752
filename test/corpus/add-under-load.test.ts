/**
 * A document added and removed through the bot core while questions are being answered under load: no
 * request fails, every answer comes whole from one index (the old or the new, never a mix or a broken one),
 * the new document is answered from once added and declined once removed, and each change is logged with who
 * made it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, type BotReply } from '../../src/bot.js';
import { CorpusManager } from '../../src/corpus/manage.js';
import { Engine } from '../../src/engine.js';
import { captureLogger, tempCorpus, type TempCorpus } from '../ops/helpers.js';

const SEED_Q = 'Quand Hegseth a-t-il fixé un ultimatum à Dario Amodei ?';
const NEW_Q = 'Which shipyard will rebuild the north pier of Saltmarsh harbour?';
const NEW_DOC = `# Saltmarsh harbour works

The harbour board of Saltmarsh chose the Ostrander shipyard to rebuild the north pier of Saltmarsh harbour, on 4 February 2026.

The works will cost 3.2 million euros and last fourteen months.
`;

let corpus: TempCorpus;
let engine: Engine;
let bot: Bot;
const log = captureLogger('info');

beforeAll(async () => {
  corpus = tempCorpus();
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: log.logger, watchMs: 0 });
  engine.warmUp();
  const manager = new CorpusManager({ corpusDir: corpus.corpusDir, engine, logger: log.logger });
  bot = new Bot({ engine, logger: log.logger, rateLimit: { max: 1_000_000, windowMs: 1000 }, corpus: manager });
});
afterAll(async () => {
  await engine?.close();
  corpus?.cleanup();
});

const moderator = { platform: 'discord' as const, userId: 'M1', name: 'mod', isModerator: true };
const asker = (n: number) => ({ platform: 'discord' as const, userId: `U${n}`, locale: 'fr' });

describe('corpus changes under load', () => {
  it('adds and removes a document while questions are answered: no error, no broken answer', async () => {
    const seedText = engine.ask(SEED_Q).passages[0]!.text;
    const newStates: boolean[] = [];
    const replies: BotReply[] = [];
    let stop = false;
    const load = async (n: number) => {
      while (!stop) {
        const q = n % 2 ? SEED_Q : NEW_Q;
        const r = await bot.processEvent({ kind: 'ask', text: q, from: asker(n) });
        replies.push(r);
        if (r.kind === 'answer' && q === NEW_Q) {
          newStates.push(r.answer.answered);
          if (r.answer.answered) expect(r.answer.passages[0]!.text).toContain('Ostrander shipyard');
        }
        if (r.kind === 'answer' && q === SEED_Q) expect(r.answer.passages[0]?.text).toBe(seedText);
      }
    };
    /** Waits until the new question got `n` more answers (under load, a fixed sleep could be too short). */
    const moreAnswers = async (n: number) => {
      const target = newStates.length + n;
      const deadline = Date.now() + 60_000;
      while (newStates.length < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    const loops = [0, 1, 2, 3].map(load);
    await moreAnswers(3);
    const added = await bot.processEvent({ kind: 'corpus_add', file: { name: 'saltmarsh.md', bytes: new TextEncoder().encode(NEW_DOC) }, from: moderator });
    expect(added.kind === 'corpus_add' && added.outcome.ok).toBe(true);
    const afterAdd = replies.length;
    await moreAnswers(3);
    const removed = await bot.processEvent({ kind: 'corpus_remove', id: 'saltmarsh', from: moderator });
    expect(removed.kind === 'corpus_remove' && removed.outcome.ok).toBe(true);
    const afterRemove = replies.length;
    await moreAnswers(3);
    stop = true;
    await Promise.all(loops);

    expect(replies.length).toBeGreaterThan(afterRemove);
    expect(replies.filter((r) => r.kind !== 'answer')).toEqual([]);
    // Declined before the add, answered once it is in service, declined again after the remove: never back.
    const flips = newStates.filter((s, i) => i > 0 && s !== newStates[i - 1]).length;
    expect(newStates[0]).toBe(false);
    expect(newStates.at(-1)).toBe(false);
    expect(newStates).toContain(true);
    expect(flips).toBe(2);
    expect(afterAdd).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(corpus.corpusDir, 'saltmarsh.md'))).toBe(false);
    // Each change is logged with who made it and what.
    const changes = log.lines().filter((l) => l.msg === 'corpus add' || l.msg === 'corpus remove');
    expect(changes.map((l) => [l.msg, l.id, l.by])).toEqual([
      ['corpus add', 'saltmarsh', 'discord:M1 (mod)'],
      ['corpus remove', 'saltmarsh', 'discord:M1 (mod)'],
    ]);
  }, 180_000);
});
