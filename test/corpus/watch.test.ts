/**
 * The corpus directory is watched: a file written by hand is answered from after a debounced refresh, in this
 * process and (through the published snapshot) in another one; a broken edit keeps the previous index
 * serving with a warning naming the file; fixing it, or deleting a file, refreshes again. Each change (and the
 * held edit) is told as made by hand in the corpus directory, as the bot records it for the moderators' report,
 * once although two processes watch; a change made from the chat is recorded by its moderator alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusChange } from '../../src/corpus/journal.js';
import { CorpusManager } from '../../src/corpus/manage.js';
import { HOST_ACTOR, watchCorpus, type CorpusWatcher } from '../../src/corpus/watch.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { captureLogger, doc, tempCorpus, type TempCorpus } from '../ops/helpers.js';

const Q = 'Which shipyard will rebuild the north pier?';
const BODY = 'The harbour committee chose the Ostrander shipyard to rebuild the north pier on 4 February 2026.';

let corpus: TempCorpus;
let engine: Engine;
let other: Engine;
let watcher: CorpusWatcher;
let otherWatcher: CorpusWatcher;
const log = captureLogger('info');
/** The changes both processes' watchers told, as the bots would record them in their store. */
const changes: CorpusChange[] = [];

beforeAll(async () => {
  corpus = tempCorpus();
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: log.logger, watchMs: 0, useWorker: false });
  other = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: createLogger('silent'), watchMs: 100, useWorker: false });
  watcher = watchCorpus({ corpusDir: corpus.corpusDir, engine, logger: log.logger, debounceMs: 100, onChange: (c) => void changes.push(c) });
  // The other process watches the same directory too.
  otherWatcher = watchCorpus({ corpusDir: corpus.corpusDir, engine: other, logger: log.logger, debounceMs: 100, onChange: (c) => void changes.push(c) });
  await Promise.all([watcher.ready, otherWatcher.ready]);
});
afterAll(async () => {
  await watcher?.close();
  await otherWatcher?.close();
  await engine?.close();
  await other?.close();
  corpus?.cleanup();
});

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** Lets both watchers see and handle every event so far (debounce, write stability, refresh). */
const settled = () => new Promise((r) => setTimeout(r, 1000));
const quotes = (e: Engine, text: string) => e.ask(Q).answered && e.ask(Q).passages[0]!.text.includes(text);

describe('watching the corpus directory', { timeout: 120_000 }, () => {
  it('picks up a file written by hand, in this process and in another one', async () => {
    expect(engine.ask(Q).answered).toBe(false);
    corpus.write('harbour.md', doc('harbour', BODY));
    await until(() => quotes(engine, 'Ostrander'), 'the refresh');
    await until(() => quotes(other, 'Ostrander'), 'the other process');
    // whichever watcher refreshed first took it in; the other found nothing left
    const refreshed = log.lines().filter((l) => l.msg === 'corpus changed on disk: refreshed');
    const line = refreshed.find((l) => (l.added as string[]).length)!;
    expect(line).toMatchObject({ ok: true, added: ['harbour'], files: ['add harbour.md'] });
    // recorded as a change made by hand in the corpus directory, with the document's title, once
    await settled();
    expect(changes).toEqual([{ at: expect.any(String), action: 'add', id: 'harbour', title: 'Document harbour', source: null, by: HOST_ACTOR, outcome: 'done' }]);
  });

  it('keeps the previous index serving when an edit breaks a file, and refreshes once it is fixed', async () => {
    const version = engine.status().version;
    corpus.write('harbour.md', doc('harbour', BODY.replace('Ostrander', 'Brightwater'), { language: 'de' as 'en' }));
    await until(() => log.lines().some((l) => typeof l.msg === 'string' && l.msg.includes('harbour.md: language')), 'the warning');
    const warning = log.lines().find((l) => typeof l.msg === 'string' && l.msg.includes('harbour.md: language'))!;
    expect(warning.msg).toMatch(/the previous index keeps serving until it is fixed/);
    expect(engine.status().version).toBe(version);
    expect(quotes(engine, 'Ostrander')).toBe(true);
    // the held edit is recorded as refused, naming the file and why
    await until(() => changes.length === 2, 'the refused change');
    await settled();
    expect(changes).toHaveLength(2);
    expect(changes[1]).toMatchObject({ action: 'update', id: null, source: 'harbour.md', by: HOST_ACTOR, outcome: 'refused' });
    expect(changes[1]!.error).toMatch(/harbour\.md: language/);
    corpus.write('harbour.md', doc('harbour', BODY.replace('Ostrander', 'Brightwater')));
    await until(() => quotes(engine, 'Brightwater'), 'the fixed file');
    await until(() => quotes(other, 'Brightwater'), 'the other process');
    await until(() => changes.length === 3, 'the update');
    await settled();
    expect(changes).toHaveLength(3);
    expect(changes[2]).toMatchObject({ action: 'update', id: 'harbour', title: 'Document harbour', by: HOST_ACTOR, outcome: 'done' });
  });

  it('takes a deleted file out', async () => {
    corpus.remove('harbour.md');
    await until(() => !engine.ask(Q).answered, 'the removal');
    await until(() => !other.ask(Q).answered, 'the removal in the other process');
    // the title read before the document left
    await until(() => changes.length === 4, 'the removal recorded');
    await settled();
    expect(changes).toHaveLength(4);
    expect(changes[3]).toMatchObject({ action: 'remove', id: 'harbour', title: 'Document harbour', by: HOST_ACTOR, outcome: 'done' });
  });

  it('records a change made from the chat by its moderator alone, not again as a hand edit by either watcher', async () => {
    const chat: CorpusChange[] = [];
    const manager = new CorpusManager({ corpusDir: corpus.corpusDir, engine, logger: createLogger('silent'), onChange: (c) => void chat.push(c) });
    const mod = { platform: 'discord', userId: '223456789012345678' };
    const added = await manager.add({ file: { name: 'pier.txt', bytes: new TextEncoder().encode(`North pier\n\n${BODY}\n`) }, published: '2026-02-05' }, mod);
    expect(added.ok).toBe(true);
    await until(() => quotes(other, 'Ostrander'), 'the other process');
    const removed = await manager.remove('pier', mod);
    expect(removed.ok).toBe(true);
    await until(() => !other.ask(Q).answered, 'the removal in the other process');
    await settled();
    expect(chat.map((c) => `${c.action} ${c.id} ${c.outcome} ${c.by.platform}`)).toEqual(['add pier done discord', 'remove pier done discord']);
    expect(changes).toHaveLength(4); // the watchers told nothing more
    // A hand edit after it is told, once.
    corpus.write('pier.txt', `North pier\n\n${BODY}\n`);
    await until(() => changes.length === 5, 'the hand edit');
    await settled();
    expect(changes.slice(4)).toMatchObject([{ action: 'add', id: 'pier', by: HOST_ACTOR, outcome: 'done' }]);
  });
});
