/**
 * The corpus directory is watched: a file written by hand is answered from after a debounced refresh, in this
 * process and (through the published snapshot) in another one; a broken edit keeps the previous index
 * serving with a warning naming the file; fixing it, or deleting a file, refreshes again. Each change (and the
 * held edit) is told as made by hand in the corpus directory, as the bot records it for the moderators' report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusChange } from '../../src/corpus/journal.js';
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
const log = captureLogger('info');
/** The changes the watcher told, as the bot would record them in its store. */
const changes: CorpusChange[] = [];

beforeAll(async () => {
  corpus = tempCorpus();
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: log.logger, watchMs: 0, useWorker: false });
  other = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: createLogger('silent'), watchMs: 100, useWorker: false });
  watcher = watchCorpus({ corpusDir: corpus.corpusDir, engine, logger: log.logger, debounceMs: 200, onChange: (c) => void changes.push(c) });
  await watcher.ready;
});
afterAll(async () => {
  await watcher?.close();
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
const quotes = (e: Engine, text: string) => e.ask(Q).answered && e.ask(Q).passages[0]!.text.includes(text);

describe('watching the corpus directory', { timeout: 120_000 }, () => {
  it('picks up a file written by hand, in this process and in another one', async () => {
    expect(engine.ask(Q).answered).toBe(false);
    corpus.write('harbour.md', doc('harbour', BODY));
    await until(() => quotes(engine, 'Ostrander'), 'the refresh');
    await until(() => quotes(other, 'Ostrander'), 'the other process');
    const line = log.lines().find((l) => l.msg === 'corpus changed on disk: refreshed')!;
    expect(line).toMatchObject({ ok: true, added: ['harbour'], files: ['add harbour.md'] });
    // recorded as a change made by hand in the corpus directory, with the document's title
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
    expect(changes[1]).toMatchObject({ action: 'update', id: null, source: 'harbour.md', by: HOST_ACTOR, outcome: 'refused' });
    expect(changes[1]!.error).toMatch(/harbour\.md: language/);
    corpus.write('harbour.md', doc('harbour', BODY.replace('Ostrander', 'Brightwater')));
    await until(() => quotes(engine, 'Brightwater'), 'the fixed file');
    await until(() => quotes(other, 'Brightwater'), 'the other process');
    await until(() => changes.length === 3, 'the update');
    expect(changes[2]).toMatchObject({ action: 'update', id: 'harbour', title: 'Document harbour', by: HOST_ACTOR, outcome: 'done' });
  });

  it('takes a deleted file out', async () => {
    corpus.remove('harbour.md');
    await until(() => !engine.ask(Q).answered, 'the removal');
    await until(() => !other.ask(Q).answered, 'the removal in the other process');
    // the title read before the document left
    await until(() => changes.length === 4, 'the removal recorded');
    expect(changes[3]).toMatchObject({ action: 'remove', id: 'harbour', title: 'Document harbour', by: HOST_ACTOR, outcome: 'done' });
  });
});
