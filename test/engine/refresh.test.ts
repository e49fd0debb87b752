/**
 * Corpus refresh on the real engine and a temporary copy of the corpus: the report, refusals, the
 * invalid-front-matter case, snapshot corruption, and the build worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { readCurrent, readSnapshot, snapshotFile } from '../../src/index/snapshot.js';
import { captureLogger, doc, tempCorpus, type TempCorpus } from '../ops/helpers.js';

const HARBOUR = doc(
  'harbour',
  'The harbour committee met on 3 March 2026 in Marseille to approve the new lighthouse budget of 4 million euros.\n\nThe lighthouse keeper, Jeanne Morel, said the work would start in April 2026.',
);
const ULTIMATUM_FR = 'Quand Hegseth a-t-il fixé un ultimatum à Dario Amodei ?';

let corpus: TempCorpus | null = null;
let engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
  corpus?.cleanup();
  corpus = null;
});

async function open(c: TempCorpus, logger = captureLogger().logger, extra: { watchMs?: number } = { watchMs: 0 }): Promise<Engine> {
  const e = await Engine.open({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger, ...extra });
  engines.push(e);
  return e;
}

describe('refresh', () => {
  it('reports documents added, changed and removed, passages, time and the new version', async () => {
    corpus = tempCorpus();
    const engine = await open(corpus);
    const before = engine.status();
    expect(engine.ask('When did the harbour committee meet?').answered).toBe(false);

    corpus.write('harbour.md', HARBOUR);
    const added = await engine.refresh();
    expect(added.ok).toBe(true);
    expect(added.added).toEqual(['harbour']);
    expect(added.changed).toEqual([]);
    expect(added.removed).toEqual([]);
    expect(added.version).not.toBe(before.version);
    expect(added.documents).toBe(before.documents + 1);
    expect(added.passages).toBeGreaterThan(before.passages);
    expect(added.ms).toBeGreaterThanOrEqual(0);
    expect(engine.status()).toMatchObject({ version: added.version, documents: added.documents, passages: added.passages });
    expect(engine.ask('When did the harbour committee meet?').passages[0]?.text).toContain('3 March 2026');
    // the new snapshot is published for the other processes
    expect((await readCurrent(corpus.cacheDir))?.version).toBe(added.version);
    expect(engine.buildsInWorker).toBe(true);

    corpus.write('harbour.md', HARBOUR.replace('3 March 2026', '5 March 2026'));
    const changed = await engine.refresh();
    expect(changed).toMatchObject({ ok: true, added: [], changed: ['harbour'], removed: [] });
    expect(engine.ask('When did the harbour committee meet?').passages[0]?.text).toContain('5 March 2026');

    corpus.remove('harbour.md');
    const removed = await engine.refresh();
    expect(removed).toMatchObject({ ok: true, added: [], changed: [], removed: ['harbour'], documents: before.documents, passages: before.passages });
    expect(engine.ask('When did the harbour committee meet?').answered).toBe(false);

    const same = await engine.refresh();
    expect(same).toMatchObject({ ok: true, added: [], changed: [], removed: [], version: removed.version });
  });

  it('names the file and field of invalid front matter and keeps serving the same documents', async () => {
    corpus = tempCorpus();
    const engine = await open(corpus);
    const before = engine.status();
    const answerBefore = engine.ask(ULTIMATUM_FR);
    expect(answerBefore.answered).toBe(true);

    corpus.write('bad-date.md', doc('bad-date', 'Some text about harbours.', { published: '2026-02-30' }));
    corpus.write('bad-yaml.md', '---\nid: bad-yaml\ntitle: [unclosed\n---\nBody.\n');
    const report = await engine.refresh();
    expect(report.rejected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'bad-date.md', field: 'published' }),
        expect.objectContaining({ file: 'bad-yaml.md', field: 'front matter' }),
      ]),
    );
    expect(report.rejected.find((r) => r.file === 'bad-date.md')?.reason).toMatch(/calendar date/);
    expect(report).toMatchObject({ ok: true, added: [], changed: [], removed: [], documents: before.documents, passages: before.passages });
    // The version covers the rejected files too: a snapshot serves its rejections (issue 16, item 11).
    expect(report.version).not.toBe(before.version);
    expect(engine.status()).toMatchObject({ version: report.version, documents: before.documents, passages: before.passages, rejected: report.rejected });
    expect({ ...engine.ask(ULTIMATUM_FR), index: '' }).toEqual({ ...answerBefore, index: '' });
  });

  it('refuses a refresh that would leave no valid document, and keeps the old index', async () => {
    corpus = tempCorpus();
    const { logger } = captureLogger();
    const engine = await open(corpus, logger);
    const before = engine.status();
    const file = path.join(corpus.corpusDir, 'anthropic-pentagone-panne.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('language: fr', 'language: de'));
    const report = await engine.refresh();
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/no valid document/);
    expect(report.error).toContain('anthropic-pentagone-panne.md: language');
    expect(report.rejected).toEqual([expect.objectContaining({ file: 'anthropic-pentagone-panne.md', field: 'language' })]);
    expect(report).toMatchObject({ version: before.version, documents: before.documents, passages: before.passages });
    expect(engine.status().version).toBe(before.version);
    expect(engine.ask(ULTIMATUM_FR).answered).toBe(true);
  });

  it('refuses a refresh that fails (corpus directory gone) and keeps the old index', async () => {
    corpus = tempCorpus();
    const cap = captureLogger();
    const engine = await open(corpus, cap.logger);
    const before = engine.status();
    fs.renameSync(corpus.corpusDir, `${corpus.corpusDir}.moved`);
    const report = await engine.refresh();
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/no such directory/);
    expect(report.version).toBe(before.version);
    expect(engine.ask(ULTIMATUM_FR).answered).toBe(true);
    expect(cap.lines().some((l) => l.level === 50 && /refresh failed/.test(String(l.msg)))).toBe(true);
  });

  it('shares one refresh between concurrent calls', async () => {
    corpus = tempCorpus();
    const engine = await open(corpus);
    corpus.write('harbour.md', HARBOUR);
    const [a, b] = await Promise.all([engine.refresh(), engine.refresh()]);
    expect(a).toBe(b);
    expect(a.added).toEqual(['harbour']);
  });

  it('checkCorpus() reports what a refresh would do against the published index, changing nothing', async () => {
    corpus = tempCorpus();
    const engine = await open(corpus);
    const before = engine.status();
    const logger = captureLogger().logger;
    const base = { corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger };
    // nothing published: every document is new
    expect(await Engine.checkCorpus(base)).toMatchObject({ ok: true, added: engine.documentIds(), version: before.version });
    await engine.publish();
    corpus.write('harbour.md', HARBOUR);
    const current = fs.readFileSync(path.join(corpus.cacheDir, 'current.json'), 'utf8');
    const report = await Engine.checkCorpus(base);
    expect(report).toMatchObject({ ok: true, added: ['harbour'], changed: [], removed: [], documents: before.documents + 1 });
    expect(report.passages).toBeGreaterThan(before.passages);
    expect(report.version).not.toBe(before.version);
    expect(engine.status().version).toBe(before.version);
    expect(fs.readFileSync(path.join(corpus.cacheDir, 'current.json'), 'utf8')).toBe(current);
  });
});

describe('snapshots on disk', () => {
  it('detects a truncated snapshot and rebuilds it from the corpus, with a warning', async () => {
    corpus = tempCorpus();
    const first = await open(corpus);
    const { version } = first.status();
    const answer = first.ask(ULTIMATUM_FR);
    const file = snapshotFile(corpus.cacheDir, version);
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2));
    await expect(readSnapshot(corpus.cacheDir, version)).rejects.toThrow(/truncated/);

    const cap = captureLogger();
    const second = await open(corpus, cap.logger);
    expect(second.status().version).toBe(version);
    expect(second.ask(ULTIMATUM_FR)).toEqual(answer);
    const warning = cap.lines().find((l) => l.level === 40 && /snapshot unusable/.test(String(l.msg)));
    expect(warning).toBeDefined();
    expect(JSON.stringify(warning)).toMatch(/truncated/);
    expect(fs.statSync(file).size).toBe(size); // rebuilt
    await expect(readSnapshot(corpus.cacheDir, version)).resolves.toBeTruthy();
  });

  it('detects a corrupt snapshot (same length, a changed byte) and rebuilds it', async () => {
    corpus = tempCorpus();
    const first = await open(corpus);
    const file = snapshotFile(corpus.cacheDir, first.status().version);
    const buf = fs.readFileSync(file);
    buf[buf.length - 10] = buf[buf.length - 10] === 0x41 ? 0x42 : 0x41;
    fs.writeFileSync(file, buf);
    const cap = captureLogger();
    const second = await open(corpus, cap.logger);
    expect(second.ask(ULTIMATUM_FR).answered).toBe(true);
    expect(cap.text()).toMatch(/checksum mismatch/);
    await expect(readSnapshot(corpus.cacheDir, first.status().version)).resolves.toBeTruthy();
  });

  it('a published snapshot that is truncated is not served: the corpus is read instead', async () => {
    corpus = tempCorpus();
    const first = await open(corpus);
    await first.publish();
    const { version } = first.status();
    fs.truncateSync(snapshotFile(corpus.cacheDir, version), 100);
    const cap = captureLogger();
    const second = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger: cap.logger, from: 'published', watchMs: 0 });
    engines.push(second);
    expect(second.status().version).toBe(version);
    expect(second.ask(ULTIMATUM_FR).answered).toBe(true);
    expect(cap.text()).toMatch(/published snapshot unusable/);
    await expect(readSnapshot(corpus.cacheDir, version)).resolves.toBeTruthy();
  });

  it('a watching process that finds the published snapshot corrupt rebuilds from the corpus and keeps serving', async () => {
    corpus = tempCorpus();
    const cap = captureLogger();
    const watcher = await open(corpus, cap.logger, { watchMs: 0 });
    const other = await open(corpus);
    corpus.write('harbour.md', HARBOUR);
    const report = await other.refresh();
    fs.truncateSync(snapshotFile(corpus.cacheDir, report.version), 50);
    const switched = await watcher.syncFromPublished();
    expect(switched).toBe(true);
    expect(watcher.status().version).toBe(report.version);
    expect(watcher.ask('When did the harbour committee meet?').passages[0]?.text).toContain('3 March 2026');
    expect(cap.text()).toMatch(/published snapshot unusable; rebuilding/);
    await expect(readSnapshot(corpus.cacheDir, report.version)).resolves.toBeTruthy();
  });

  it('writes snapshots atomically: no temporary file is left behind', async () => {
    corpus = tempCorpus();
    const engine = await open(corpus);
    corpus.write('harbour.md', HARBOUR);
    await engine.refresh();
    const names = fs.readdirSync(corpus.cacheDir);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(names).toContain('current.json');
  });
});
